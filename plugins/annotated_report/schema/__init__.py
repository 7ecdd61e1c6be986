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
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from ..textnorm import slugify

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
    """One validation failure: where it is (a path into the data) and what to say about it."""

    path: tuple[str | int, ...]
    message: str
    hint: str | None


@cache
def load(name: str) -> dict[str, Any]:
    """A schema shipped with the package, by file name."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load(name))


def validate(data: Any, name: str) -> list[SchemaError]:
    """Every problem with `data` against the schema `name`, in document order."""
    schema = load(name)
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: [_order(step) for step in e.absolute_path])
    return [explained for error in errors for explained in _explain(error, schema)]


def _order(step: str | int) -> tuple[int, int | str]:
    """List positions compare as numbers (item 10 after item 2), keys as text."""
    return (0, step) if isinstance(step, int) else (1, step)


def _field_schema(schema: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
    """The (sub)schema that describes the node at `path`, following properties, items and $ref."""
    node = schema
    for step in path:
        node = _resolve(schema, node)
        if isinstance(step, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(step, {})
    return _resolve(schema, node)


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    merged = dict(node)
    while "$ref" in merged:
        ref = merged.pop("$ref")
        target: Any = root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        merged = {**target, **merged}
    return merged


def _field_name(path: tuple[str | int, ...]) -> str:
    names = [step for step in path if isinstance(step, str)]
    return names[-1] if names else "the file"


def _example(field: str, schema: dict[str, Any]) -> str | None:
    examples = schema.get("examples")
    if not examples:
        return None
    return f"e.g. {field}: {json.dumps(examples[0], ensure_ascii=False)}"


def _explain(error: ValidationError, root: dict[str, Any]) -> list[SchemaError]:
    """One error in plain words; an object with several unknown fields gives one per field."""
    if error.validator == "additionalProperties":
        path = tuple(error.absolute_path)
        allowed = sorted(_field_schema(root, path).get("properties", {}))
        return [_unknown_field(path, key, allowed) for key in error.instance if key not in allowed]
    return [_explain_one(error, root)]


def _unknown_field(path: tuple[str | int, ...], unknown: str, allowed: list[str]) -> SchemaError:
    close = difflib.get_close_matches(unknown, allowed, n=1)
    fix = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(allowed)}."
    return SchemaError((*path, unknown), f"unknown field '{unknown}'; {fix}", None)


def _explain_one(error: ValidationError, root: dict[str, Any]) -> SchemaError:
    path = tuple(error.absolute_path)
    field = _field_name(path)
    here = _field_schema(root, path)
    kind = error.validator
    instance = error.instance
    if kind == "required":
        missing = str(error.message).split("'")[1]
        wanted = _field_schema(root, (*path, missing))
        hint = " ".join(filter(None, [wanted.get("description"), _example(missing, wanted)]))
        return SchemaError(path, f"missing required field '{missing}'.", hint or None)
    if kind == "enum":
        options = [str(option) for option in error.validator_value]
        close = difflib.get_close_matches(str(instance), options, n=1)
        guess = f" Did you mean '{close[0]}'?" if close else ""
        return SchemaError(path, f"'{instance}' is not a valid {field}.{guess}", f"Use one of: {', '.join(options)}.")
    if kind == "type":
        expected: str = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        type_hint = _example(field, here)
        if expected == "string" and isinstance(instance, (int, float, bool)):
            type_hint = f'Put the value in quotes, e.g. {field}: "{instance}".'
        return SchemaError(path, f"'{field}' should be {_YAML_TYPE_WORDS.get(expected, expected)}, not {_describe(instance)}.", type_hint)
    if kind == "pattern":
        if field in {"url", "source_url"}:
            return SchemaError(path, f"'{instance}' is not a web address.", "It must start with http:// or https://.")
        return SchemaError(
            path,
            f"'{instance}' is not a valid {field}: use lowercase letters, digits and single hyphens.",
            f"Try '{slugify(str(instance))}'.",
        )
    if kind == "minLength":
        return SchemaError(path, f"'{field}' is empty.", here.get("description"))
    if kind == "uniqueItems":
        return SchemaError(path, f"'{field}' lists the same item twice.", "Remove the repeated item.")
    if kind in {"minimum", "maximum"}:
        return SchemaError(path, f"{field} {instance} is out of range ({here.get('minimum')}–{here.get('maximum')}).", None)
    if kind == "oneOf" or kind == "minProperties":
        return SchemaError(path, f"'{field}' has the wrong form ({_describe(instance)}).", _example(field, here))
    if kind == "dependentRequired":
        needing = [key for key in error.validator_value if key in instance]
        return SchemaError(
            path,
            f"this file has '{needing[0] if needing else 'annotations'}' but no 'document' saying which text they belong to.",
            "Add a line `document: <slug>` naming a file in seeds/ (without .txt).",
        )
    return SchemaError(path, str(error.message), None)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false; quote it to keep it as text)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else type(value).__name__
