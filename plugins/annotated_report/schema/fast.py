"""A yes/no check compiled from our JSON Schemas, for the common case where nothing is wrong.

jsonschema walks the schema for every value (90,000 steps for 5,000 annotations) to produce
errors we then explain; a valid file needs no explanation. `compile_check` turns a schema
into nested closures once, and `validate` runs jsonschema only for a file the check refuses,
so every message still comes from jsonschema's structured errors.

The check must never accept what jsonschema refuses (a refused file just takes the slow
path). It knows only the keywords our schemas use, with jsonschema's meaning for each, and
refuses to compile a schema with any other: a new keyword fails loudly in the tests instead
of being ignored. tests/test_schema_fast.py holds it to jsonschema on the bad-input matrix
and on generated entries.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

#: Keywords that say nothing about validity.
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "examples"})
_KNOWN = _ANNOTATIONS | {
    "type", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "$ref", "oneOf",
    "items", "uniqueItems", "minItems", "properties", "additionalProperties", "required", "minProperties", "dependentRequired",
}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


#: JSON Schema's types as jsonschema reads Python values (2021.0 is an integer; true is not a number).
_TYPES: dict[str, Check] = {
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer()),
    "number": _is_number,
    "boolean": lambda value: isinstance(value, bool),
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "null": lambda value: value is None,
}


def compile_check(root: dict[str, Any], text_ok: Check) -> Check:
    """A function that is True only for data valid against `root` whose every text passes `text_ok`."""
    return _Compiler(root, text_ok).compile(root)


class _Compiler:
    def __init__(self, root: dict[str, Any], text_ok: Check) -> None:
        self.root = root
        self.text_ok = text_ok
        self.refs: dict[str, Check] = {}

    def compile(self, schema: dict[str, Any]) -> Check:
        unknown = set(schema) - _KNOWN
        if unknown:
            raise ValueError(f"the fast schema check does not know {sorted(unknown)}")
        checks: list[Check] = []
        text_ok = self.text_ok
        if "type" in schema:
            names = [schema["type"]] if isinstance(schema["type"], str) else list(schema["type"])
            kinds = [_TYPES[name] for name in names]
            if names == ["string"]:
                checks.append(lambda value: isinstance(value, str) and text_ok(value))
            else:
                checks.append(lambda value: any(kind(value) for kind in kinds) and (not isinstance(value, str) or text_ok(value)))
        if "enum" in schema:
            options = schema["enum"]
            if not all(isinstance(option, str) and text_ok(option) for option in options):
                raise ValueError("the fast schema check knows only enums of plain strings")
            allowed = frozenset(options)
            checks.append(lambda value: isinstance(value, str) and value in allowed)
        if not {"type", "enum", "$ref", "oneOf"} & schema.keys():  # any value: its text still counts (lists and mappings below)
            checks.append(lambda value: not isinstance(value, str) or text_ok(value))
        checks.extend(self._string(schema))
        checks.extend(self._number(schema))
        checks.extend(self._array(schema))
        checks.extend(self._object(schema))
        if "oneOf" in schema:
            options_checks = [self.compile(option) for option in schema["oneOf"]]
            checks.append(lambda value: sum(1 for option in options_checks if option(value)) == 1)
        if "$ref" in schema:
            checks.append(self._ref(schema["$ref"]))
        return _all(checks)

    def _any_text(self, value: Any) -> bool:
        """A value no subschema describes: every text in it must still pass."""
        if isinstance(value, str):
            return self.text_ok(value)
        if isinstance(value, dict):
            return all(self._any_text(item) for item in value.values())
        if isinstance(value, list):
            return all(self._any_text(item) for item in value)
        return True

    def _ref(self, ref: str) -> Check:
        if ref not in self.refs:
            if not ref.startswith("#/"):
                raise ValueError(f"the fast schema check resolves only local references, not {ref}")
            target: Any = self.root
            for step in ref[2:].split("/"):
                target = target[step.replace("~1", "/").replace("~0", "~")]
            self.refs[ref] = lambda value: False  # a schema that refers to itself: stops the compiling, never called
            compiled = self.compile(target)
            self.refs[ref] = compiled
        refs = self.refs
        return lambda value: refs[ref](value)

    def _string(self, schema: dict[str, Any]) -> list[Check]:
        low = schema.get("minLength", 0)
        high = schema.get("maxLength")
        pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
        if not low and high is None and pattern is None:
            return []

        def string(value: Any) -> bool:
            if not isinstance(value, str):
                return True  # string keywords apply to strings only
            length = len(value)
            return length >= low and (high is None or length <= high) and (pattern is None or pattern.search(value) is not None)

        return [string]

    def _number(self, schema: dict[str, Any]) -> list[Check]:
        low = schema.get("minimum")
        high = schema.get("maximum")
        if low is None and high is None:
            return []
        return [lambda value: not _is_number(value) or ((low is None or value >= low) and (high is None or value <= high))]

    def _array(self, schema: dict[str, Any]) -> list[Check]:
        if not _needs(schema, "array", {"items", "uniqueItems", "minItems"}):
            return []
        item = self.compile(schema["items"]) if "items" in schema else None
        unique = schema.get("uniqueItems", False)
        least = schema.get("minItems", 0)

        def array(value: Any) -> bool:
            if not isinstance(value, list):
                return True
            if len(value) < least:
                return False
            if unique and not (all(isinstance(entry, str) for entry in value) and len(set(value)) == len(value)):
                return False  # only lists of text are judged here; anything else takes the slow path
            return all(item(entry) for entry in value) if item is not None else all(self._any_text(entry) for entry in value)

        return [array]

    def _object(self, schema: dict[str, Any]) -> list[Check]:
        properties = {name: self.compile(sub) for name, sub in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        if extra not in (True, False):
            raise ValueError("the fast schema check knows additionalProperties only as true or false")
        required = frozenset(schema.get("required", ()))
        least = schema.get("minProperties", 0)
        dependent = {name: frozenset(needed) for name, needed in schema.get("dependentRequired", {}).items()}
        if not _needs(schema, "object", {"properties", "additionalProperties", "required", "minProperties", "dependentRequired"}):
            return []

        def mapping(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            if len(value) < least or not required <= value.keys():
                return False
            for key, item in value.items():
                check = properties.get(key)
                if check is None:
                    if not extra or not self._any_text(item):
                        return False
                elif not check(item):
                    return False
            return all(needed <= value.keys() for name, needed in dependent.items() if name in value)

        return [mapping]


def _needs(schema: dict[str, Any], kind: str, keywords: set[str]) -> bool:
    """Whether `schema` needs the checks for values of JSON type `kind`.

    Yes when it has keywords for that type, or when it lets such a value through with
    nothing else looking inside it (its text must still be checked).
    """
    if keywords & schema.keys():
        return True
    if "type" in schema:
        return kind in ([schema["type"]] if isinstance(schema["type"], str) else schema["type"])
    return not {"enum", "$ref", "oneOf"} & schema.keys()


def _all(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]

    def every(value: Any) -> bool:
        for check in checks:  # noqa: SIM110 - a plain loop: all() over a generator takes twice as long here
            if not check(value):
                return False
        return True

    return every
