"""The one way our commands write editors' YAML files: the edit, and nothing else.

`new`, `check --fix` and `import --write` change an editor's file only through this module.
It holds the project's one YAML quoting rule (`quoted`, `plain_id`, `note_block`) and the
one way to put a change on disk (`EditorFile.commit`):

- an edit is a list of `Edit`s (replace characters start..end), so every other byte stays:
  comments, anchors and aliases, flow style, quoting, blank lines;
- inserted line breaks take the line ending of the line they follow (CRLF stays CRLF, a
  mixed file keeps each line's own ending), and a byte-order mark is kept;
- the new text is parsed (with the build's own reader) and compared with the entries the
  command meant to write before anything is written; after writing, the file is read back
  and checked again, and on any difference the original bytes are put back;
- a file that cannot be read, is read-only, is not UTF-8 or is not valid YAML is refused
  with one line that says what to do, never a traceback.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import limits, yamlfile

BOM = "\ufeff"

#: Characters an editor's value may not hold: C0 controls except tab and newline, DEL, C1
#: controls, the non-characters U+FFFE/U+FFFF and lone surrogates (bytes that were not UTF-8).
_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
#: Characters written as escapes inside a double-quoted scalar: everything YAML reads as a
#: line break or refuses raw (controls, U+2028/2029, NEL, BOM, non-characters, surrogates).
_ESCAPED = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
#: Plain words YAML 1.1 (PyYAML) reads as booleans or null: an id spelled so is quoted.
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})
_PLAIN_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class WriteRefused(Exception):
    """A file was not written (or was restored); the message says why and what to do."""


# --- values -----------------------------------------------------------------------------------


def refused_character(text: str) -> str | None:
    """A description of the first character an editor's value may not hold, or None: the
    controls above, and whatever the schema refuses in text (`limits.is_refused_in_text`:
    direction overrides, zero-width spaces, line separators, unassigned code points)."""
    found = _REFUSED.search(text)
    position = found.start() if found else None
    if not text.isprintable():
        position = next((i for i, char in enumerate(text[:position]) if limits.is_refused_in_text(char)), position)
    if position is None:
        return None
    code = ord(text[position])
    what = ("a byte that is not UTF-8" if 0xD800 <= code <= 0xDFFF else "a control character" if code < 0xA0
            else "a non-character" if code in (0xFFFE, 0xFFFF) else "an invisible character")
    return f"{what} (U+{code:04X}) at position {position + 1}"


def check_value(label: str, text: str) -> None:
    """Refuse a value with a character no annotation file may hold."""
    found = refused_character(text)
    if found is not None:
        raise WriteRefused(f"{label} contains {found}; remove it (control and invisible characters cannot be written into an annotation file).")


def quoted(text: str) -> str:
    """A double-quoted YAML scalar for any text: JSON's escapes, plus an escape for each
    character YAML reads as a line break or refuses raw. Lone surrogates are refused."""
    if re.search("[\ud800-\udfff]", text):
        raise WriteRefused(f"the value {json.dumps(text[:40])} holds a byte that is not UTF-8; remove it.")
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(text, ensure_ascii=False))


def plain_id(identifier: str) -> str:
    """An id as written after `id:`: plain when YAML reads it back as the same text (never
    as true/false/null, a number or a date), else double-quoted."""
    return identifier if _PLAIN_ID.fullmatch(identifier) and _reads_as_text(identifier) else quoted(identifier)


def _reads_as_text(word: str) -> bool:
    """Does PyYAML's safe loader read this plain word as a string (not yes/no/null/12/2021-01-01)?"""
    if word.lower() in _YAML_WORDS:
        return False
    return not any(pattern.match(word) for _, pattern in yaml.SafeLoader.yaml_implicit_resolvers.get(word[:1], ()))


def number(value: float) -> str:
    """A number as YAML reads it back: whole numbers without a point, floats always with one
    (PyYAML reads `1e+16` as text)."""
    if isinstance(value, bool) or value != value or value in (float("inf"), float("-inf")):
        raise WriteRefused(f"{value!r} is not a number that can be written.")
    if isinstance(value, int) or (float(value).is_integer() and abs(value) < 1e15):
        return str(int(value))
    text = repr(float(value))
    return text.replace("e", ".0e", 1) if "e" in text and "." not in text else text


def yaml_value(value: Any) -> str:
    """A value written inline: text double-quoted, numbers, booleans, and flow lists and
    mappings of them (ids in lists written plain where YAML reads them back as text)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{plain_id(str(k))}: {yaml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(plain_id(v) if isinstance(v, str) else yaml_value(v) for v in value) + "]"
    raise WriteRefused(f"a {type(value).__name__} cannot be written into an annotation file.")


def note_block(text: str, indent: str) -> str:
    """A note after `note: `: a literal block (`|`) when it has several lines that a block
    keeps exactly (checked by reading it back), else a double-quoted scalar."""
    body = text.removesuffix("\n")
    if "\n" not in body or body.endswith("\n") or _ESCAPED.search(text) or "\r" in text or text[:1] in (" ", "\t"):
        return quoted(text)
    block = ("|" if body != text else "|-") + "".join(f"\n{indent}{line}" if line else "\n" for line in body.split("\n"))
    try:
        if yaml.safe_load(f"note: {block}\n") == {"note": text}:
            return block
    except yaml.YAMLError:
        pass
    return quoted(text)


# --- edits ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """Replace the characters `start..end` of a file's text with `text` (written with `\\n`)."""

    start: int
    end: int
    text: str


def line_ending_before(text: str, position: int) -> str:
    """The line ending of the line before `position` (else the file's first, else LF)."""
    newline = text.rfind("\n", 0, position)
    if newline == -1:
        newline = text.find("\n")
    if newline == -1:
        return "\n"
    return "\r\n" if newline > 0 and text[newline - 1] == "\r" else "\n"


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """`text` with each edit applied, its line breaks in the ending of the line it follows."""
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            raise WriteRefused("two changes to the same characters; edit the file by hand.")
    for edit in reversed(ordered):
        ending = line_ending_before(text, edit.start)
        text = text[: edit.start] + edit.text.replace("\n", ending) + text[edit.end :]
    return text


@dataclass
class Node:
    """A node of an editor's file with the characters it was written in: `start..end`
    covers its anchor, tag and (for collections) every nested value, not trailing comments.
    An alias (`*name`) is a node of its own, where it is written."""

    kind: str  # "scalar" | "alias" | "map" | "seq"
    start: int
    end: int
    line: int  # 0-based, of `start`
    value: str | None = None  # a scalar's text
    plain: bool = False  # a scalar written without quotes or block indicator
    block: bool = False  # a scalar written as a block (| or >)
    flow: bool = False  # a collection written [..] or {..}
    children: list[Node] = field(default_factory=list)  # a list's items; a mapping's keys and values in turn
    anchor: str | None = None  # `&name` on this node, or the name an alias (`*name`) refers to
    content: int = -1  # where the value itself starts, after its anchor and tag (-1: at `start`)

    @property
    def value_start(self) -> int:
        return self.start if self.content < 0 else self.content

    def pairs(self) -> list[tuple[Node, Node]]:
        kids = self.children
        return list(zip(kids[::2], kids[1::2], strict=True)) if self.kind == "map" else []

    def get(self, key: str) -> tuple[Node, Node] | None:
        """The (key, value) of `key` in a mapping, or None."""
        return next(((k, v) for k, v in self.pairs() if k.kind == "scalar" and k.value == key), None)


def locate(text: str, shown: str) -> Node | None:
    """The first document's node tree with positions (None for an empty file), from the
    same parser the build reads with; refused with the YAML error's line."""
    stack: list[Node] = []
    root: Node | None = None
    try:
        for event in yaml.parse(text, Loader=_EventLoader):
            if isinstance(event, yaml.DocumentStartEvent) and root is not None:
                raise WriteRefused(f"{shown}: the file holds several YAML documents (---); an annotation file holds one.")
            if isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
                node = Node("alias" if isinstance(event, yaml.AliasEvent) else "scalar", *_marks(event),
                            getattr(event, "value", None), getattr(event, "style", None) in (None, ""),
                            anchor=event.anchor, block=getattr(event, "style", None) in ("|", ">"))
                if isinstance(event, yaml.ScalarEvent) and (event.anchor or event.tag):
                    # `&name !tag value`: the value starts after them (an edit keeps them).
                    prefix = _PROPERTIES.match(text, node.start)
                    node.content = prefix.end() if prefix else node.start
            elif isinstance(event, yaml.CollectionStartEvent):
                opened = Node("map" if isinstance(event, yaml.MappingStartEvent) else "seq", *_marks(event),
                              flow=bool(event.flow_style), anchor=event.anchor)
                stack.append(opened)
                continue
            elif isinstance(event, yaml.CollectionEndEvent):
                node = stack.pop()
                node.end = _marks(event)[1] if node.flow else max([node.end, *(child.end for child in node.children)])
            else:
                continue
            if stack:
                stack[-1].children.append(node)
            else:
                root = node
    except yaml.YAMLError as error:
        raise WriteRefused(f"{shown}: {_yaml_error(error)}; fix it first (annotated-report check shows where).") from None
    return root


def _marks(event: yaml.Event) -> tuple[int, int, int]:
    """(start, end, line) of an event; libyaml gives every event its marks."""
    start, end = event.start_mark, event.end_mark
    if start is None or end is None:  # pragma: no cover - a parser without marks
        raise WriteRefused("the YAML parser gave no positions; edit the file by hand.")
    return int(start.index), int(end.index), int(start.line)


#: A node's anchor and tag before its value (`&name !!str `).
_PROPERTIES = re.compile(r"(?:[&!][^\s]*[ \t]+)+")


def anchored_values(root: Node | None) -> dict[str, Node]:
    """Anchor name → the node that defines it (the last definition wins, as in YAML)."""
    found: dict[str, Node] = {}
    stack = [root] if root is not None else []
    nodes: list[Node] = []
    while stack:  # no recursion: nesting is the editor's
        node = stack.pop()
        nodes.append(node)
        stack.extend(reversed(node.children))
    for node in sorted(nodes, key=lambda n: n.start):
        if node.anchor and node.kind != "alias":
            found[node.anchor] = node
    return found


try:  # libyaml's parser, as the build reads
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]


# --- files ------------------------------------------------------------------------------------

#: What a command meant to write: given the data read back, a mismatch message or None.
Expectation = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class EditorFile:
    """An editor's file as read: its bytes (to restore), its text without the BOM."""

    path: Path
    shown: str
    raw: bytes | None  # None: the file does not exist yet
    text: str
    bom: bool

    @classmethod
    def read(cls, path: Path, shown: str) -> EditorFile:
        """Read a file to edit; refused when it is not a readable, writable UTF-8 file."""
        try:
            info = path.lstat()
        except FileNotFoundError:
            return cls(path, shown, None, "", False)
        except OSError as error:
            raise WriteRefused(f"{shown}: cannot read the file ({error.strerror or error}).") from None
        if stat.S_ISLNK(info.st_mode):
            raise WriteRefused(f"{shown}: is a symbolic link; edit the file it points to by hand, or choose another file.")
        if not stat.S_ISREG(info.st_mode):
            raise WriteRefused(f"{shown}: is not a regular file.")
        if info.st_nlink > 1:
            raise WriteRefused(f"{shown}: has other hard links; make it a file of its own (copy it) before editing.")
        if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
            raise WriteRefused(f"{shown}: the file is read-only; make it writable (chmod u+w) or choose another file.")
        if info.st_size > limits.MAX_YAML_BYTES:
            raise WriteRefused(f"{shown}: the file is {info.st_size:,} bytes; the limit is {limits.MAX_YAML_BYTES:,}. Split it first.")
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise WriteRefused(f"{shown}: cannot read the file ({error.strerror or error}).") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise WriteRefused(f"{shown}: the file is not UTF-8 (byte {error.start}); save it as UTF-8 first.") from None
        bom = text.startswith(BOM)
        return cls(path, shown, raw, text[1:] if bom else text, bom)

    def encoded(self, text: str) -> bytes:
        try:
            return ((BOM if self.bom else "") + text).encode("utf-8")
        except UnicodeEncodeError as error:
            raise WriteRefused(f"{self.shown}: not written: a value holds a byte that is not UTF-8 (position {error.start}).") from None

    def commit(self, text: str, expected: Expectation) -> None:
        """Write `text` if it parses to what the command meant; read it back and restore the
        original bytes if it does not."""
        new = self.encoded(text)
        problem = _mismatch(new, expected)
        if problem is not None:
            raise WriteRefused(f"{self.shown}: not written: {problem} (a bug: please report it with the file).")
        if new == self.raw:
            return
        try:
            if self.raw is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("xb" if self.raw is None else "r+b") as out:
                out.write(new)
                out.truncate()
            written = self.path.read_bytes()
        except OSError as error:
            self._restore()
            raise WriteRefused(f"{self.shown}: cannot write the file ({error.strerror or error}); it was left as it was.") from None
        problem = "what was read back differs from what was written" if written != new else _mismatch(written, expected)
        if problem is not None:
            self._restore()
            raise WriteRefused(f"{self.shown}: not written: {problem}; the original was restored.")

    def _restore(self) -> None:
        try:
            if self.raw is None:
                self.path.unlink(missing_ok=True)
            else:
                self.path.write_bytes(self.raw)
        except OSError:  # pragma: no cover - the disk failed twice
            pass


def data_of(text: str, shown: str) -> Any:
    """The values of an editor's file as the build reads them (aliases expanded); refused
    with the YAML error and its line."""
    try:
        return yamlfile.parse(text)[0]
    except yaml.YAMLError as error:
        raise WriteRefused(f"{shown}: {_yaml_error(error)}; fix it first (annotated-report check shows where).") from None


def _yaml_error(error: yaml.YAMLError) -> str:
    """'the file is not valid YAML at line 4 (did not find expected key)', or what was refused."""
    if isinstance(error, yamlfile.Refused):
        return f"the file cannot be used{f' (line {error.line})' if error.line else ''}: {error.message.rstrip('.')}"
    mark = getattr(error, "problem_mark", None)
    line = f" at line {mark.line + 1}" if mark is not None else ""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return f"the file is not valid YAML{line} ({problem})"


def _mismatch(data: bytes, expected: Expectation) -> str | None:
    try:
        parsed = yamlfile.parse(data.decode("utf-8-sig"))[0]
    except yaml.YAMLError as error:
        return f"the result would not be read back ({_yaml_error(error)})"
    except UnicodeDecodeError:
        return "the result would not be UTF-8"
    return expected(parsed)


def plain(data: Any) -> Any:
    """Data with the line-keeping mappings and lists as plain ones (for comparison and messages)."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(value) for value in data]
    return data


def expect_appended(before: Any, document: str, section: str, entries: list[dict[str, Any]]) -> Expectation:
    """The file as it was, with `entries` at the end of its `section` list (and `document:` set)."""
    base = plain(before) if isinstance(before, dict) else {}
    wanted = {**base, "document": base.get("document", document)}
    wanted[section] = [*(base.get(section) or []), *entries]

    def check(after: Any) -> str | None:
        got = plain(after)
        if not isinstance(got, dict) or got.get("document") != document:
            return f"the file would not be for document '{document}'"
        if got != wanted:
            differ = sorted(key for key in {*got, *wanted} if got.get(key) != wanted.get(key))
            return f"the file would not hold the intended entries (differs in: {', '.join(map(str, differ))})"
        return None

    return check


def expect_fields_set(before: Any, section: str, identifier: str, values: dict[str, str | None],
                      followers: dict[str, str] | None = None) -> Expectation:
    """The file as it was, with fields of the entry `identifier` set (str) or removed (None).

    `followers`: old text → new text of anchored values (`&name`) that were replaced; the
    aliases (`*name`) elsewhere follow them, so those values may change the same way."""
    wanted = plain(before)
    for entry in wanted.get(section) or []:
        if isinstance(entry, dict) and entry.get("id") == identifier:
            for key, value in values.items():
                if value is None:
                    entry.pop(key, None)
                else:
                    entry[key] = value

    def check(after: Any) -> str | None:
        if _same(plain(after), wanted, followers or {}):
            return None
        return f"'{identifier}' would not read back as intended, or another entry would change"

    return check


def _same(got: Any, wanted: Any, followers: dict[str, str]) -> bool:
    """Equal data, except strings that changed as an anchored value they alias did."""
    if isinstance(got, dict) and isinstance(wanted, dict):
        return got.keys() == wanted.keys() and all(_same(got[key], wanted[key], followers) for key in got)
    if isinstance(got, list) and isinstance(wanted, list):
        return len(got) == len(wanted) and all(_same(a, b, followers) for a, b in zip(got, wanted, strict=True))
    return bool(got == wanted or (isinstance(wanted, str) and followers.get(wanted) == got))
