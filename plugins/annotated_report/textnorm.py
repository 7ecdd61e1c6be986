"""One text normalization for matching quotes, with a map back to the original offsets.

Editors type plain ASCII; the report has typographic quotes, em dashes and odd spacing.
Matching happens on the normalized text, but every offset we keep is in the original
text, so the page always shows the report's own characters.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

#: Offsets are kept as unsigned 4-byte integers (seeds are far below 4 GB: see limits).
_OFFSET = "I" if array("I").itemsize >= 4 else "L"

#: Characters folded to an ASCII look-alike before matching.
_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00ad": "",  # a soft hyphen is invisible: drop it
}


#: Every character `str.isspace` accepts (all of them are below U+3001).
_WHITESPACE = "".join(char for char in map(chr, range(0x3001)) if char.isspace())
#: One character for one: folds and single whitespace characters, applied with `str.translate` (C speed).
_ONE_FOR_ONE = {**{ord(char): " " for char in _WHITESPACE}, **{ord(k): v for k, v in _FOLD.items() if len(v) == 1}}
_TABLES = {False: str.maketrans(_ONE_FOR_ONE), True: str.maketrans({**_ONE_FOR_ONE, ord("\n"): "\n"})}
#: What changes the length of the text: whitespace runs, soft hyphens, ellipses. Only these
#: need work per occurrence; everything between them maps to itself.
_RESHAPE = re.compile(r"\s{2,}|[\u00ad\u2026]")


@dataclass(frozen=True)
class NormalizedText:
    """`text` after normalization, and for each of its characters the original offset.

    `origin` has one more entry than `text`: the original offset just past the end, so
    that a normalized range [i, j) maps back to the original range [origin[i], origin[j-1] + 1).
    It is an `array` of 4-byte offsets (a tuple of ints took ~36 bytes per character).
    """

    text: str
    origin: Sequence[int]
    #: For text that was composed to NFC: the original end of each character (else origin + 1).
    ends: Sequence[int] | None = None

    def original_range(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) covered by the normalized [start, end)."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], (self.ends[end - 1] if self.ends is not None else self.origin[end - 1] + 1)


def _fold_char(char: str) -> str:
    if char in _FOLD:
        return _FOLD[char]
    if char == "\u2026":
        return "..."
    return char


def normalize(text: str, *, keep_newlines: bool = False) -> NormalizedText:
    """Fold quotes, dashes and ellipses; collapse each run of whitespace to one space.

    With `keep_newlines`, a whitespace run that contains "\\n" (the paragraph separator of
    seed files) becomes "\\n", so that a quote (which never contains one) cannot match
    across paragraphs; other line separators are ordinary whitespace.

    Text is compared in composed form (NFC), so "é" typed as one character matches "e" +
    a combining accent in the report; offsets still point at the report's own characters.

    Most characters map to themselves: only the places where the length changes are
    visited one by one; the one-for-one folds are one `str.translate` over the whole text.
    """
    if not unicodedata.is_normalized("NFC", text):
        return _normalize_composed(text, keep_newlines)
    pieces: list[str] = []
    origin = array(_OFFSET)
    position = 0
    for match in _RESHAPE.finditer(text):
        start = match.start()
        if start > position:
            pieces.append(text[position:start])
            origin.extend(range(position, start))
        found = match.group()
        if found == "\u2026":
            pieces.append("...")
            origin.extend((start, start, start))
        elif found != "\u00ad":  # a soft hyphen is invisible: dropped
            pieces.append("\n" if keep_newlines and "\n" in found else " ")
            origin.append(start)
        position = match.end()
    pieces.append(text[position:])
    origin.extend(range(position, len(text) + 1))
    return NormalizedText("".join(pieces).translate(_TABLES[keep_newlines]), origin)


def _normalize_composed(text: str, keep_newlines: bool) -> NormalizedText:
    """`normalize` for text with combining marks: each base character and its marks compose together."""
    units: list[tuple[str, int, int]] = []
    index = 0
    length = len(text)
    while index < length:
        end = index + 1
        while end < length and unicodedata.combining(text[end]):
            end += 1
        units.append((unicodedata.normalize("NFC", text[index:end]), index, end))
        index = end
    out: list[str] = []
    origin: list[int] = []
    ends: list[int] = []
    position = 0
    while position < len(units):
        chars, start, end = units[position]
        if chars.isspace():
            has_newline = False
            while position < len(units) and units[position][0].isspace():
                has_newline = has_newline or "\n" in units[position][0]
                position += 1
            out.append("\n" if keep_newlines and has_newline else " ")
            origin.append(start)
            ends.append(start + 1)
            continue
        for char in chars:
            for piece in _fold_char(char):
                out.append(piece)
                origin.append(start)
                ends.append(end)
        position += 1
    origin.append(length)
    return NormalizedText("".join(out), array(_OFFSET, origin), array(_OFFSET, ends))


def normalize_quote(text: str) -> str:
    """A quote or context as typed by an editor, normalized and trimmed for matching."""
    return normalize(text).text.strip()


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A URL- and id-safe form of a title or term: lowercase ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_DROP.sub("-", ascii_text.lower()).strip("-") or "item"


def shorten(text: str, limit: int = 90) -> str:
    """`text` cut at a word boundary to about `limit` characters, for messages and labels."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(",;:") + "…"
