"""Write annotations into editors' YAML files without disturbing anything else in them.

`new` appends an entry and `check --fix` rewrites a quote. Both locate the exact
characters to change with ruamel.yaml's round-trip composer (which records where every
node starts and ends) and then edit only those characters, so every other byte of the
file (comments, blank lines, quoting style, long lines) stays as the editor wrote it.
A full re-dump would reflow long quotes and re-indent lists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from . import numbers
from .anchoring import Anchored, DocumentIndex, anchor
from .model import slugify
from .rules import RuleSettings

#: Words too common to make an id memorable.
_STOP = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "had", "has", "have", "in", "is", "it",
    "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "which", "with",
])


class StubError(Exception):
    """A file cannot be edited safely; the message says why, for the editor."""


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar for `text` (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def fresh_id(quote: str, taken: Iterable[str], words: int = 5) -> str:
    """An id from the quote's first meaningful words, unique among `taken` (-2, -3… if needed)."""
    words_only = re.sub(r"[\W_]+", " ", quote).strip()
    tokens = [w for w in slugify(words_only).split("-") if w] if words_only else []
    meaningful = [w for w in tokens if w not in _STOP] or tokens or ["annotation"]
    base = "-".join(meaningful[:words])[:60].strip("-") or "annotation"
    used = set(taken)
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


@dataclass(frozen=True)
class Context:
    """The prefix or suffix (at most one is set) that makes a quote pick one occurrence."""

    prefix: str | None = None
    suffix: str | None = None


def unique_context(index: DocumentIndex, quote: str, start: int, end: int, max_words: int = 12) -> Context | None:
    """The shortest prefix or suffix (whole words) with which `anchor` picks normalized [start, end).

    Returns `Context()` when the quote is unique already, None when nothing up to
    `max_words` words distinguishes it. Each candidate is checked with `anchor` itself, so
    whatever this returns is accepted by `check`.
    """
    target = index.to_span(start, end)
    if _anchors_to(index, quote, None, None, target):
        return Context()
    before = index.loose[:start].split()
    after = index.loose[end:].split()
    candidates: list[Context] = []
    for count in range(1, max_words + 1):
        if count <= len(before):
            candidates.append(Context(prefix=" ".join(before[-count:])))
        if count <= len(after):
            candidates.append(Context(suffix=" ".join(after[:count])))
    for context in sorted(candidates, key=lambda c: len(c.prefix or c.suffix or "")):
        if _anchors_to(index, quote, context.prefix, context.suffix, target):
            return context
    return None


def _anchors_to(index: DocumentIndex, quote: str, prefix: str | None, suffix: str | None, target: Any) -> bool:
    result = anchor(index, quote, prefix, suffix)
    return isinstance(result, Anchored) and result.warning is None and result.span == target


@dataclass(frozen=True)
class Placeholder:
    """A field the editorial rules require and the editor has not given yet: written as
    `key:` with nothing after it and a comment saying what to put, so `check` fails at that
    line ("'unit' should be text, not empty…") until it is filled in."""

    why: str


#: The fields `new` accepts on the command line, in the order they are written.
GIVEN_FIELDS = ("value", "approximate", "unit", "year", "attributed_to")


def rule_placeholders(kind: str, settings: RuleSettings, cue: str | None = None) -> dict[str, Placeholder]:
    """The fields the switched-on editorial rules require of this type (and of a passage the
    text gives to others, `cue`), each with what to write."""
    needed: dict[str, Placeholder] = {}
    if kind == "statistic" and settings.statistics_have_units:
        needed["unit"] = Placeholder('required (rule statistics_have_units): what the number counts, e.g. "traffickers convicted"')
    if kind == "allegation" and settings.allegations_attributed:
        needed["attributed_to"] = Placeholder('required (rule allegations_attributed): who makes the allegation, e.g. "NGOs"')
    elif cue and kind != "allegation" and settings.attribution_cues:
        needed["attributed_to"] = Placeholder(f'required (rule attribution_cues; the text says "{cue}"): who says it, e.g. "NGOs"')
    return needed


def stub_fields(annotation_id: str, kind: str, quote: str, context: Context | None = None, *,
                given: Mapping[str, Any] | None = None, placeholders: Mapping[str, Placeholder] | None = None) -> dict[str, Any]:
    """The fields of a new entry, in the order editors read them; statistics get their value.

    `given` (value, unit, year, attributed_to from the command line) wins over what the
    quote suggests; a `placeholders` field not given is written empty, with its reason.
    """
    fields: dict[str, Any] = {"id": annotation_id, "type": kind, "quote": quote}
    if context is not None and context.prefix:
        fields["prefix"] = context.prefix
    if context is not None and context.suffix:
        fields["suffix"] = context.suffix
    given = {key: value for key, value in (given or {}).items() if value is not None}
    if kind == "statistic" and "value" not in given:
        tokens = numbers.numbers_in(quote)
        if tokens and tokens[0].value is not None:
            value = tokens[0].value
            fields["value"] = int(value) if float(value).is_integer() else value
        elif tokens and tokens[0].approximate:
            fields["value"] = {"min": int(tokens[0].minimum or 0)}
            fields["approximate"] = True
    for key in GIVEN_FIELDS:
        if key in given:
            fields[key] = given[key]
        elif key in (placeholders or {}):
            fields[key] = (placeholders or {})[key]
    return fields


def parse_value(text: str) -> int | float | dict[str, int | float]:
    """`--value`: a number (38, 12,814, 0.5) or a range (7-15, 7..15, 7–15). Raises ValueError."""
    cleaned = text.strip().replace(",", "").replace("–", "-").replace("..", "-")
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)", cleaned)
    if match:
        low, high = (_plain_number(group) for group in match.groups())
        if low > high:
            raise ValueError(f"the range {text!r} runs backwards; give the smaller number first.")
        return {"min": low, "max": high}
    try:
        return _plain_number(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a number or a range such as 7-15.") from None


def _plain_number(text: str) -> int | float:
    number = float(text)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(text)
    return int(number) if number.is_integer() else number


def placeholder_lines(text: str, annotation_id: str) -> dict[str, int]:
    """Field → line (1-based) of each still-empty field of one entry: where `check` will point."""
    found: dict[str, int] = {}
    for key_node, value_node in _entry_node(text, annotation_id).value:
        if getattr(value_node, "value", "") in ("", None) and value_node.tag.endswith(":null"):
            found[str(key_node.value)] = int(key_node.start_mark.line) + 1
    return found


def entry_text(fields: dict[str, Any], dash_column: int = 2) -> str:
    """The YAML lines of one list entry, `- ` at `dash_column`."""
    lines = []
    pad = " " * dash_column
    for position, (key, value) in enumerate(fields.items()):
        lead = f"{pad}- " if position == 0 else f"{pad}  "
        if isinstance(value, Placeholder):
            lines.append(f"{lead}{key}:  # {value.why}\n")
            continue
        if isinstance(value, str) and key in {"id", "type"} and re.fullmatch(r"[a-z0-9-]+", value):
            rendered = value
        elif isinstance(value, str):
            rendered = yaml_string(value)
        elif isinstance(value, bool):
            rendered = "true" if value else "false"
        elif isinstance(value, dict):
            rendered = "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
        else:
            rendered = str(value)
        lines.append(f"{lead}{key}: {rendered}\n")
    return "".join(lines)


# --- editing files in place -----------------------------------------------------------------


def _compose(text: str) -> Any:
    try:
        return YAML(typ="rt").compose(text)
    except YAMLError as error:
        raise StubError(f"the file is not valid YAML ({str(error).splitlines()[0]}); fix it first.") from error


def _mapping_value(node: Any, key: str) -> tuple[Any, Any] | None:
    """The (key node, value node) pair of `key` in a mapping node, or None."""
    if node is None or not node.tag.endswith(":map") or not isinstance(node.value, list):
        return None
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == key:
            return key_node, value_node
    return None


def _entry_node(text: str, annotation_id: str) -> Any:
    for node in entry_nodes(text):
        found = _mapping_value(node, "id")
        if found is not None and found[1].value == annotation_id:
            return node
    raise StubError(f"no annotation '{annotation_id}' in the file.")


def _deep_end(node: Any) -> int:
    """The index just past the last character written for `node` (nested values included)."""
    if not isinstance(node.value, list) or getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    end = node.start_mark.index  # a block collection's own end mark lies past trailing comments
    for child in node.value:
        for part in child if isinstance(child, tuple) else (child,):
            end = max(end, _deep_end(part))
    return int(end)


def append_entry(text: str, document: str, fields: dict[str, Any]) -> str:
    """`text` with a new entry appended to its `annotations:` list; nothing else changes."""
    if not text.strip():
        return f"document: {document}\nannotations:\n" + entry_text(fields)
    root = _compose(text)
    if root is None or not isinstance(root.value, list) or not root.tag.endswith("map"):
        raise StubError("the file is not a mapping with `document:` and `annotations:`.")
    found_document = _mapping_value(root, "document")
    if found_document is not None and found_document[1].value != document:
        raise StubError(f"the file is for document '{found_document[1].value}', not '{document}'.")
    found = _mapping_value(root, "annotations")
    if found is None:
        head = text if text.endswith("\n") else text + "\n"
        prelude = "" if found_document is not None else f"document: {document}\n"
        return head + prelude + "annotations:\n" + entry_text(fields)
    _, sequence = found
    if not isinstance(sequence.value, list) or getattr(sequence, "flow_style", False) or not sequence.value:
        if sequence.value == [] or sequence.value is None:
            raise StubError("`annotations:` is empty or written inline; write it as a block list first.")
        raise StubError("`annotations:` is written inline ([...]); write it as a block list first.")
    items = sequence.value
    dash = _dash_column(text, items[0])
    last_end = _deep_end(items[-1])
    if text[last_end - 1] == "\n":
        insert_at = last_end
    else:
        newline = text.find("\n", last_end)
        insert_at = len(text) if newline == -1 else newline + 1
    head = text[:insert_at]
    if not head.endswith("\n"):
        head += "\n"
    blank = "\n" if len(items) > 1 and _blank_between(text, items[0], items[1]) else ""
    return head + blank + entry_text(fields, dash) + text[insert_at:]


def _dash_column(text: str, item: Any) -> int:
    line_start = text.rfind("\n", 0, item.start_mark.index) + 1
    dash = text.find("-", line_start, item.start_mark.index)
    return dash - line_start if dash != -1 else max(0, item.start_mark.column - 2)


def _blank_between(text: str, first: Any, second: Any) -> bool:
    line_start = text.rfind("\n", 0, second.start_mark.index) + 1
    return bool(re.search(r"\n[ \t]*\n$", text[:line_start]))


def entry_nodes(text: str) -> list[Any]:
    """The mapping nodes of the `annotations:` list (with positions)."""
    root = _compose(text)
    found = _mapping_value(root, "annotations")
    return list(found[1].value) if found is not None and isinstance(found[1].value, list) else []


def set_fields(text: str, annotation_id: str, values: dict[str, str | None]) -> str:
    """`text` with fields of one entry replaced (str), added after `quote:` (str) or removed (None).

    Only single-line values can be removed; a value is written double-quoted.
    """
    for key, value in values.items():
        item = _entry_node(text, annotation_id)
        found = _mapping_value(item, key)
        if found is not None:
            key_node, value_node = found
            if value is not None:
                text = text[: value_node.start_mark.index] + yaml_string(value) + text[_deep_end(value_node):]
                continue
            if value_node.start_mark.line != value_node.end_mark.line:
                raise StubError(f"'{key}' of '{annotation_id}' spans several lines; remove it by hand.")
            line_start = text.rfind("\n", 0, key_node.start_mark.index) + 1
            if text[line_start:key_node.start_mark.index].strip():
                raise StubError(f"'{key}' of '{annotation_id}' shares a line with another field; remove it by hand.")
            line_end = text.find("\n", value_node.end_mark.index)
            text = text[:line_start] + text[(len(text) if line_end == -1 else line_end + 1):]
        elif value is not None:
            anchor_pair = _mapping_value(item, "quote")
            if anchor_pair is None:
                raise StubError(f"'{annotation_id}' has no quote.")
            quote_key, quote_value = anchor_pair
            line_start = text.rfind("\n", 0, quote_key.start_mark.index) + 1
            indent = text[line_start:quote_key.start_mark.index]
            if indent.strip(" -"):
                raise StubError(f"the quote of '{annotation_id}' is not on its own line; add {key} by hand.")
            indent = " " * len(indent)
            line_end = text.find("\n", _deep_end(quote_value) - 1)
            position = len(text) if line_end == -1 else line_end + 1
            addition = f"{indent}{key}: {yaml_string(value)}\n"
            text = text[:position] + ("" if text[:position].endswith("\n") else "\n") + addition + text[position:]
    return text


def write_if_changed(path: Path, old: str, new: str) -> bool:
    if old == new:
        return False
    path.write_text(new, encoding="utf-8")
    return True
