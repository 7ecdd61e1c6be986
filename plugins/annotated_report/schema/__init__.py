"""The published JSON Schemas of the editors' files, and validation with plain-language errors.

The schemas in this folder are the contract (editors can point their YAML editor at them);
`validate` turns each JSON Schema error into a sentence that says what to change.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..limits import is_refused_in_text, safe_repr
from ..model import slugify
from . import fast

if TYPE_CHECKING:  # jsonschema is imported only when a file has an error (see `validate`)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing._core import Resolver  # `referencing` does not export its Resolver type

ANNOTATION_FILE = "annotation-file.schema.json"
DOCUMENT_FILE = "document.schema.json"

_YAML_TYPE_WORDS = {
    "array": "a list, e.g. [a, b]",
    "object": "a mapping of `key: value` lines",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "empty",
}


@dataclass(frozen=True)
class SchemaError:
    """One validation failure: where it is (a path into the data) and what to say about it.

    `field` names the field of the entry (an item of `annotations:`, `topics:`...) that is
    wrong, including a missing or unknown one; None when the error is about the file itself.
    """

    path: tuple[str | int, ...]
    message: str
    hint: str | None
    field: str | None = None


@cache
def load(name: str) -> dict[str, Any]:
    """A schema shipped with the package, by file name."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _check(name: str) -> fast.Check:
    return fast.compile_check(load(name), _plain_text)


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load(name))


@cache
def _resolver(name: str) -> Resolver[Any]:
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    root = load(name)
    return Registry().with_resource(root["$id"], DRAFT202012.create_resource(root)).resolver(base_uri=root["$id"])


def validate(data: Any, name: str) -> list[SchemaError]:
    """Every problem with `data` against the schema `name`, in document order.

    A file that the compiled check passes has none, and costs no jsonschema (nor its import).
    Otherwise messages are built from each jsonschema error's structured parts (validator,
    path, subschema), never from its English text, which would also print the whole instance.
    """
    return [] if _check(name)(data) else explain(data, name)


def explain(data: Any, name: str) -> list[SchemaError]:
    """Every problem jsonschema (and the check for invisible characters) finds, explained."""
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: [_order(step) for step in e.absolute_path])
    found = [explained for error in errors for explained in _explain(error, name)]
    reported = {error.path for error in found}
    found.extend(error for error in _unsafe_text(data) if error.path not in reported)
    return sorted(found, key=lambda e: [_order(step) for step in e.path])


def _order(step: str | int) -> tuple[int, int | str]:
    """List positions compare as numbers (item 10 after item 2), keys as text."""
    return (0, step) if isinstance(step, int) else (1, step)


def _entry_field(path: tuple[str | int, ...], own: str | None = None) -> str | None:
    """The entry-level field an error is about: `quote` in (annotations, 3, quote, ...)."""
    if len(path) >= 3 and isinstance(path[2], str):
        return path[2]
    return own if len(path) == 2 else None


def _property_schema(error: ValidationError, name: str) -> dict[str, Any]:
    """The schema of the property holding the failing value, with its description and examples.

    The error's own `schema` is the innermost subschema (often a shared `$defs` entry without
    them); this follows the error's schema path, letting `referencing` resolve each `$ref`.
    """
    node: Any = load(name)
    steps = list(error.absolute_schema_path)[:-1]
    last_property = max((i for i in range(len(steps) - 1) if steps[i] == "properties"), default=None)
    if last_property is None:
        return dict(error.schema) if isinstance(error.schema, dict) else {}
    for step in steps[: last_property + 2]:
        if isinstance(node, dict) and step not in node and "$ref" in node:
            node = _resolver(name).lookup(node["$ref"]).contents
        node = node[step]
    return dict(node) if isinstance(node, dict) else {}


def _field_name(path: tuple[str | int, ...]) -> str:
    names = [step for step in path if isinstance(step, str)]
    return safe_repr(names[-1]) if names else "the file"


def _example(field: str, schema: dict[str, Any]) -> str | None:
    examples = schema.get("examples")
    if not examples:
        return None
    return f"e.g. {field}: {json.dumps(examples[0], ensure_ascii=False)}"


def _explain(error: ValidationError, name: str) -> list[SchemaError]:
    """One error in plain words; an object with several unknown fields gives one per field."""
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        return [_unknown_field(path, str(key), allowed) for key in error.instance if key not in allowed]
    if error.validator == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        return [_missing_field(path, key, error.schema.get("properties", {}).get(key, {})) for key in missing[:1]]
    return [_explain_one(error, name, path)]


def _unknown_field(path: tuple[str | int, ...], unknown: str, allowed: list[str]) -> SchemaError:
    close = difflib.get_close_matches(unknown, allowed, n=1)
    fix = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(allowed)}."
    return SchemaError((*path, unknown), f"unknown field '{safe_repr(unknown)}'; {fix}", None, _entry_field((*path, unknown)))


def _missing_field(path: tuple[str | int, ...], missing: str, wanted: dict[str, Any]) -> SchemaError:
    hint = " ".join(filter(None, [wanted.get("description"), _example(missing, wanted)]))
    return SchemaError(path, f"missing required field '{missing}'.", hint or None, _entry_field(path, missing))


def _explain_one(error: ValidationError, name: str, path: tuple[str | int, ...]) -> SchemaError:
    field = _field_name(path)
    kind = error.validator
    instance = error.instance
    shown = safe_repr(instance)
    entry_field = _entry_field(path)
    if kind == "enum":
        options = [str(option) for option in error.validator_value]
        close = difflib.get_close_matches(str(instance), options, n=1) if isinstance(instance, str) else []
        guess = f" Did you mean '{close[0]}'?" if close else ""
        return SchemaError(path, f"'{shown}' is not a valid {field}.{guess}", f"Use one of: {', '.join(options)}.", entry_field)
    if kind == "type":
        expected: str = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        type_hint = _example(field, _property_schema(error, name))
        if expected == "string" and isinstance(instance, (int, float, bool)):
            type_hint = f'Put the value in quotes, e.g. {field}: "{shown}".'
        return SchemaError(path, f"'{field}' should be {_YAML_TYPE_WORDS.get(expected, expected)}, not {_describe(instance)}.", type_hint, entry_field)
    if kind == "pattern":
        if field in {"url", "source_url"}:
            return SchemaError(path, f"'{shown}' is not a web address.", "It must start with http:// or https://.", entry_field)
        return SchemaError(
            path, f"'{shown}' is not a valid {field}: use lowercase letters, digits and single hyphens.",
            f"Try '{slugify(str(instance))}'.", entry_field,
        )
    if kind == "minLength":
        return SchemaError(path, f"'{field}' is empty.", _property_schema(error, name).get("description"), entry_field)
    if kind == "maxLength":
        return SchemaError(
            path, f"'{field}' is {len(instance):,} characters long; the limit is {error.validator_value:,}.",
            "Shorten it; long explanations belong in a linked source.", entry_field,
        )
    if kind == "uniqueItems":
        return SchemaError(path, f"'{field}' lists the same item twice.", "Remove the repeated item.", entry_field)
    if kind in {"minimum", "maximum"}:
        return SchemaError(path, f"{field} {shown} is out of range ({error.schema.get('minimum')}–{error.schema.get('maximum')}).", None, entry_field)
    if kind in {"oneOf", "minProperties"}:
        return SchemaError(path, f"'{field}' has the wrong form ({_describe(instance)}).", _example(field, _property_schema(error, name)), entry_field)
    if kind == "dependentRequired":
        needing = [key for key in error.validator_value if key in instance]
        return SchemaError(
            path,
            f"this file has '{needing[0] if needing else 'annotations'}' but no 'document' saying which text they belong to.",
            "Add a line `document: <slug>` naming a file in seeds/ (without .txt).",
        )
    return SchemaError(path, f"'{field}' does not satisfy the schema rule '{kind}'.", None, entry_field)


def _unsafe_text(data: Any) -> list[SchemaError]:
    """Text with control or invisible formatting characters (other than tab and newline).

    They forge log lines, hide text (right-to-left overrides) or break the pages' front matter.
    Markdown fields (notes, descriptions, definitions) are rendered and sanitized as HTML, so
    there only direction overrides (which can disguise text on the page) are refused.
    """
    found: list[SchemaError] = []
    clean_texts: set[int] = set()  # aliases share one string: check it once
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            stack.extend(((*path, str(key)), value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, index), value) for index, value in enumerate(node))
        elif isinstance(node, str) and id(node) not in clean_texts:
            if node.translate(_SPACES).isprintable():  # the usual case, at C speed
                clean_texts.add(id(node))
                continue
            markdown = bool(path) and path[-1] in _MARKDOWN_FIELDS
            bad = next((char for char in node if (char in _DIRECTION_OVERRIDES if markdown else _refused(char))), None)
            if bad is not None:
                found.append(SchemaError(
                    path, f"'{_field_name(path)}' contains the invisible character U+{ord(bad):04X} ({safe_repr(node, 40)}).",
                    "Remove it: control characters and direction overrides are not allowed in these files.", _entry_field(path),
                ))
    return found


def _plain_text(text: str) -> bool:
    """Text `_unsafe_text` passes at its first glance (printable, apart from tabs and line breaks)."""
    return text.isprintable() or text.translate(_SPACES).isprintable()


def _refused(char: str) -> bool:
    return is_refused_in_text(char)


#: Fields written in Markdown: rendered, then sanitized by nh3 (render/markdown_safe.py).
_MARKDOWN_FIELDS = frozenset({"note", "description", "definition"})
#: Embeddings, overrides and isolates of the Unicode bidirectional algorithm.
_DIRECTION_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_SPACES = str.maketrans("\t\n\r", "   ")


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false; quote it to keep it as text)"
    if isinstance(value, (int, float)):
        return f"the number {safe_repr(value)}"
    if isinstance(value, str):
        return f"the text '{safe_repr(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else type(value).__name__
