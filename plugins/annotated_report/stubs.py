"""New entries for editors' YAML files, and the edits that put them there.

`new` appends an entry, `check --fix` rewrites a quote and `import --write` appends many.
Each edit is computed from the positions libyaml's parser gives every node (`yamlwrite.locate`)
and touches only those characters, so every other byte of the file (comments, blank lines,
anchors and aliases, quoting style, long lines, line endings) stays as the editor wrote it;
`yamlwrite.EditorFile.commit` writes it and checks it. A full re-dump would reflow long
quotes and re-indent lists. `fresh_id` is the project's one way to make an id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import limits, numbers
from .anchoring import Anchored, DocumentIndex, anchor
from .model import slugify
from .rules import RuleSettings
from .yamlwrite import (
    Edit,
    EditorFile,
    Node,
    WriteRefused,
    anchored_values,
    apply_edits,
    data_of,
    expect_appended,
    expect_fields_set,
    locate,
    note_block,
    plain_id,
    quoted,
    yaml_value,
)

#: Words too common to make an id memorable.
_STOP = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "had", "has", "have", "in", "is", "it",
    "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "which", "with",
])


class StubError(WriteRefused):
    """A file cannot be edited safely; the message says why, for the editor."""


def fresh_id(quote: str, taken: Iterable[str], words: int = 5) -> str:
    """An id from the quote's first meaningful words, unique among `taken` and never one the
    pages reserve (`top`, `search`…): -2, -3… if needed."""
    words_only = re.sub(r"[\W_]+", " ", quote).strip()
    tokens = [w for w in slugify(words_only).split("-") if w] if words_only else []
    meaningful = [w for w in tokens if w not in _STOP] or tokens or ["annotation"]
    base = "-".join(meaningful[:words])[:60].strip("-") or "annotation"
    used = set(taken) | limits.RESERVED_IDS
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


def entry_text(fields: dict[str, Any], dash_column: int = 2, *, spaced: bool = False,
               comments: Iterable[str] = (), id_comment: str | None = None) -> str:
    """The YAML lines of one list entry, `- ` at `dash_column`: ids plain (quoted when YAML
    would read them as something else), text double-quoted, a note of several lines as a
    literal block, sources as a block list. `comments` go above the entry, `id_comment`
    after its id; `spaced` puts a blank line before it."""
    pad = " " * dash_column
    inner = pad + "  "
    lines = ["\n"] if spaced else []
    lines += [f"{inner}# {_comment_text(comment)}\n" for comment in comments]
    for position, (key, value) in enumerate(fields.items()):
        lead = f"{pad}- " if position == 0 else inner
        if isinstance(value, Placeholder):
            lines.append(f"{lead}{key}:  # {value.why}\n")
            continue
        if key == "sources" and isinstance(value, list | tuple):
            lines.append(f"{lead}{key}:\n")
            for source in value:
                pairs = [(k, v) for k, v in source.items() if v is not None]
                lines += [f"{inner}  {'- ' if i == 0 else '  '}{k}: {yaml_value(v)}\n" for i, (k, v) in enumerate(pairs)]
            continue
        if key == "note" and isinstance(value, str):
            rendered = note_block(value, inner + "  ")
        elif key in {"id", "type", "document", "series"} and isinstance(value, str):
            rendered = plain_id(value)
        else:
            rendered = yaml_value(value)
        tail = f"  # {_comment_text(id_comment)}" if key == "id" and id_comment else ""
        lines.append(f"{lead}{key}: {rendered}{tail}\n")
    return "".join(lines)


def _comment_text(text: str) -> str:
    """A comment's text on one line, with nothing YAML or a terminal would act on."""
    return limits.clean(" ".join(text.split()))


# --- editing files in place -----------------------------------------------------------------


def _root(text: str) -> Node | None:
    try:
        return locate(text, "the file")
    except WriteRefused as error:
        raise StubError(str(error).removeprefix("the file: ")) from None


def _entry_node(root: Node | None, annotation_id: str, section: str = "annotations") -> Node:
    for node in entry_nodes(root, section):
        found = node.get("id")
        if found is not None and found[1].value == annotation_id:
            return node
    raise StubError(f"no annotation '{annotation_id}' in the file.")


def entry_nodes(root: Node | None, section: str = "annotations") -> list[Node]:
    """The nodes of a top-level list (`annotations:`), with positions."""
    found = root.get(section) if root is not None else None
    return [node for node in found[1].children if node.kind == "map"] if found is not None and found[1].kind == "seq" else []


def placeholder_lines(text: str, annotation_id: str) -> dict[str, int]:
    """Field → line (1-based) of each still-empty field of one entry: where `check` will point."""
    return {
        str(key.value): key.line + 1
        for key, value in _entry_node(_root(text), annotation_id).pairs()
        if value.kind == "scalar" and value.plain and value.value in ("", "~", "null", "Null", "NULL")
    }


@dataclass(frozen=True)
class NewEntry:
    """An entry to append: its fields, comments above it and one after its id."""

    fields: dict[str, Any]
    comments: tuple[str, ...] = ()
    id_comment: str | None = None


def entries_text(entries: Sequence[NewEntry | dict[str, Any]], dash_column: int = 2, *, spaced: bool = False) -> str:
    """Several entries' lines; with `spaced`, a blank line between them (as the file has)."""
    made = [entry if isinstance(entry, NewEntry) else NewEntry(entry) for entry in entries]
    return "".join(
        entry_text(entry.fields, dash_column, spaced=spaced and i > 0, comments=entry.comments, id_comment=entry.id_comment)
        for i, entry in enumerate(made)
    )


def append_edits(text: str, document: str, entries: Sequence[NewEntry | dict[str, Any]], section: str = "annotations") -> list[Edit]:
    """The edit that appends `entries` to the file's `section` list: after its last item,
    at its items' indentation (and blank lines between them when the file has them), or
    as a new list."""
    if not text.strip():
        return [Edit(0, len(text), f"document: {plain_id(document)}\n{section}:\n{entries_text(entries)}")]
    root = _root(text)
    if root is None or root.kind != "map":
        raise StubError("the file is not a mapping with `document:` and `annotations:`.")
    if not text.endswith("\n") and _last_scalar(root).block:
        # A line break after it would become part of the value (`|` keeps one final line break).
        raise StubError("the file ends with a block value (| or >) and no line break after its last line; add one at the end of the file first.")
    found_document = root.get("document")
    if found_document is not None and found_document[1].value != document:
        raise StubError(f"the file is for document '{limits.safe_repr(found_document[1].value)}', not '{document}'.")
    found = root.get(section)
    if found is None:
        if root.flow:
            raise StubError("the file is written as one inline mapping ({...}); write it in block style first.")
        lead = "" if text.endswith("\n") else "\n"
        prelude = "" if found_document is not None else f"document: {plain_id(document)}\n"
        return [Edit(len(text), len(text), f"{lead}{prelude}{section}:\n{entries_text(entries)}")]
    sequence = found[1]
    if sequence.kind != "seq" or sequence.flow or not sequence.children:
        if (sequence.kind == "seq" and not sequence.children) or (sequence.kind == "scalar" and sequence.value in ("", None)):
            raise StubError(f"`{section}:` is empty or written inline; write it as a block list first.")
        raise StubError(f"`{section}:` is written inline ([...]); write it as a block list first.")
    items = sequence.children
    dash = _dash_column(text, items[0])
    last_end = items[-1].end
    if text[last_end - 1] == "\n":
        insert_at = last_end
    else:
        newline = text.find("\n", last_end)
        insert_at = len(text) if newline == -1 else newline + 1
    lead = "" if text[:insert_at].endswith("\n") else "\n"
    spaced = len(items) > 1 and _blank_between(text, items[1])
    return [Edit(insert_at, insert_at, lead + ("\n" if spaced else "") + entries_text(entries, dash, spaced=spaced))]


def _last_scalar(node: Node) -> Node:
    while node.children:
        node = node.children[-1]
    return node


def append_entry(text: str, document: str, fields: dict[str, Any]) -> str:
    """`text` with a new entry appended to its `annotations:` list; nothing else changes."""
    return apply_edits(text, append_edits(text, document, [fields]))


def _dash_column(text: str, item: Node) -> int:
    line_start = text.rfind("\n", 0, item.start) + 1
    dash = text.find("-", line_start, item.start)
    return dash - line_start if dash != -1 else 2


def _blank_between(text: str, second: Node) -> bool:
    line_start = text.rfind("\n", 0, second.start) + 1
    return bool(re.search(r"\n[ \t]*\r?\n$", text[:line_start]))


def set_field_edits(text: str, annotation_id: str, values: dict[str, str | None]) -> list[Edit]:
    """Edits that replace fields of one entry (str), add them after `quote:` (str) or remove them (None).

    Only single-line values can be removed; a value is written double-quoted.
    """
    root = _root(text)
    item = _entry_node(root, annotation_id)
    anchors = anchored_values(root)
    edits: list[Edit] = []
    added: list[str] = []
    for key, value in values.items():
        found = item.get(key)
        if found is not None:
            key_node, value_node = found
            shared = anchors.get(value_node.anchor or "") if value_node.kind == "alias" else None
            if value is not None:
                if (shared or value_node).kind == "scalar" and (shared or value_node).value == value:
                    continue  # already so (e.g. through an alias of a value fixed just before)
                # An anchor (`&name`) on the value is kept: its aliases follow the new text.
                edits.append(Edit(value_node.value_start, value_node.end, quoted(value)))
                continue
            if value_node.anchor and value_node.kind != "alias":
                raise StubError(f"'{key}' of '{annotation_id}' holds the anchor &{value_node.anchor} that other values may use; remove it by hand.")
            if key_node.line != _end_line(text, value_node):
                raise StubError(f"'{key}' of '{annotation_id}' spans several lines; remove it by hand.")
            line_start = text.rfind("\n", 0, key_node.start) + 1
            if text[line_start:key_node.start].strip():
                raise StubError(f"'{key}' of '{annotation_id}' shares a line with another field; remove it by hand.")
            line_end = text.find("\n", value_node.end)
            after = text[value_node.end : len(text) if line_end == -1 else line_end]
            if after.strip() and not after.strip().startswith("#"):
                raise StubError(f"'{key}' of '{annotation_id}' shares a line with another field; remove it by hand.")
            edits.append(Edit(line_start, len(text) if line_end == -1 else line_end + 1, ""))
        elif value is not None:
            added.append(f"{key}: {quoted(value)}")
    if added:
        if item.flow:
            raise StubError(f"'{annotation_id}' is written inline ({{...}}); add {', '.join(a.split(':')[0] for a in added)} by hand.")
        anchor_pair = item.get("quote")
        if anchor_pair is None:
            raise StubError(f"'{annotation_id}' has no quote.")
        quote_key, quote_value = anchor_pair
        line_start = text.rfind("\n", 0, quote_key.start) + 1
        indent = text[line_start : quote_key.start]
        if indent.strip(" -"):
            raise StubError(f"the quote of '{annotation_id}' is not on its own line; add {added[0].split(':')[0]} by hand.")
        line_end = text.find("\n", quote_value.end - 1)
        rest = text[quote_value.end : len(text) if line_end == -1 else line_end]
        if rest.strip() and not rest.strip().startswith("#"):
            raise StubError(f"the quote of '{annotation_id}' shares its line with another field; add {added[0].split(':')[0]} by hand.")
        position = len(text) if line_end == -1 else line_end + 1
        lead = "" if text[:position].endswith("\n") else "\n"
        edits.append(Edit(position, position, lead + "".join(f"{' ' * len(indent)}{line}\n" for line in added)))
    return edits


def _end_line(text: str, node: Node) -> int:
    """The line of the last character written for `node` (a block scalar's final newline excluded)."""
    return node.line + text.count("\n", node.start, max(node.start, node.end - 1))


def set_fields(text: str, annotation_id: str, values: dict[str, str | None]) -> str:
    """`text` with fields of one entry replaced, added after `quote:` or removed; nothing else changes."""
    return apply_edits(text, set_field_edits(text, annotation_id, values))


def append_to_file(path: Path, shown: str, document: str, entries: Sequence[NewEntry | dict[str, Any]], section: str = "annotations") -> str:
    """Append entries (fields as `stub_fields` gives them) to an editor's file, keeping every
    other byte; checked before and after writing. Returns the text written (without a BOM)."""
    file = EditorFile.read(path, shown)
    before = data_of(file.text, shown) if file.text.strip() else None
    try:
        text = apply_edits(file.text, append_edits(file.text, document, entries, section))
    except StubError as error:
        raise StubError(f"{shown}: {error}") from None
    fields = [entry.fields if isinstance(entry, NewEntry) else entry for entry in entries]
    file.commit(text, expect_appended(before, document, section, [_as_read(f) for f in fields]))
    return text


def set_fields_in_file(path: Path, shown: str, annotation_id: str, values: dict[str, str | None]) -> bool:
    """Replace, add or remove fields of one entry in an editor's file; False when nothing changed.

    A replaced value that carries an anchor keeps it, and its aliases take the new text."""
    file = EditorFile.read(path, shown)
    before = data_of(file.text, shown)
    try:
        text = set_fields(file.text, annotation_id, values)
    except StubError as error:
        raise StubError(f"{shown}: {error}") from None
    if text == file.text:
        return False
    file.commit(text, expect_fields_set(before, "annotations", annotation_id, values, _followers(file.text, annotation_id, values)))
    return True


def _followers(text: str, annotation_id: str, values: dict[str, str | None]) -> dict[str, str]:
    """Old text → new text of the entry's anchored values being replaced (their aliases follow)."""
    item = _entry_node(_root(text), annotation_id)
    found: dict[str, str] = {}
    for key, value in values.items():
        pair = item.get(key)
        if pair is not None and value is not None and pair[1].kind == "scalar" and pair[1].anchor and pair[1].value is not None:
            found[pair[1].value] = value
    return found


def _as_read(fields: dict[str, Any]) -> dict[str, Any]:
    """An entry's fields as the build will read them back (a placeholder reads as empty)."""
    return {key: None if isinstance(value, Placeholder) else list(value) if isinstance(value, tuple) else value for key, value in fields.items()}
