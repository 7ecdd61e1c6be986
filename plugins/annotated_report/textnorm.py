"""One text normalization for matching quotes, with a map back to the original offsets.

Editors type plain ASCII; the report has typographic quotes, em dashes and odd spacing.
Matching happens on the normalized text, but every offset we keep is in the original
text, so the page always shows the report's own characters.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

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
#: need work per occurrence; everything between them maps to itself. (`reshape_spans` finds
#: the same places faster; this pattern is its reference.)
_RESHAPE = re.compile(r"(?=[\s\u00ad\u2026])(?:\s{2,}|[\u00ad\u2026])")  # the lookahead: a fast scan to the places that can match
#: Every whitespace character as a plain space, so runs are found with `str.find`.
_SPACED = str.maketrans(dict.fromkeys(map(ord, _WHITESPACE), " "))
_SPACE_RUN = re.compile(" +")


def reshape_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each `_RESHAPE` match, in order, found with C-speed searches.

    The regex tries its lookahead at every space of the text (a report has one every few
    characters): 0.8 ms for a 40 KB document. Here whitespace is made plain spaces in a copy
    (one `str.translate`), runs start where `"  "` is found, and soft hyphens and ellipses
    (never whitespace) are found on their own; a test checks it against the pattern."""
    found: list[tuple[int, int]] = []
    if "\u00ad" in text or "\u2026" in text:
        for char in ("\u00ad", "\u2026"):
            at = text.find(char)
            while at != -1:
                found.append((at, at + 1))
                at = text.find(char, at + 1)
    spaced = text.translate(_SPACED)
    at = spaced.find("  ")
    while at != -1:
        end = _SPACE_RUN.match(spaced, at).end()  # type: ignore[union-attr]  # a space is at `at`
        found.append((at, end))
        at = spaced.find("  ", end)
    found.sort()
    return found


class OffsetMap(Sequence[int]):
    """A non-decreasing map from normalized offsets to original ones, stored as its breakpoints.

    Normalizing changes lengths only at a few places (a whitespace run, an ellipsis, a soft
    hyphen); between them, offset `i` maps to `i + delta` for one `delta`. So the map is kept
    as the normalized offsets where `delta` changes and the new `delta` there: nothing at
    all for text that normalizes one character for one (ASCII, single spaces), a few pairs
    for a report with double spaces. A per-character array cost 4 bytes per character of
    every document, all at once (16 MB for a hundred 40 KB documents).
    """

    __slots__ = ("_deltas", "_length", "_starts")

    def __init__(self, length: int, starts: Iterable[int] = (), deltas: Iterable[int] = ()) -> None:
        #: Signed C ints: seeds are far below 2 GB (see limits), and few places are stored.
        self._starts = array("i", starts)
        self._deltas = array("i", deltas)
        self._length = length

    @classmethod
    def of(cls, values: Sequence[int]) -> OffsetMap:
        """The map equal to `values` (one original offset per normalized offset)."""
        starts: list[int] = []
        deltas: list[int] = []
        current = 0
        for index, value in enumerate(values):
            if value - index != current:
                current = value - index
                starts.append(index)
                deltas.append(current)
        return cls(len(values), starts, deltas)

    @property
    def breakpoints(self) -> int:
        """How many places the map stores (0: the identity)."""
        return len(self._starts)

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> list[int]: ...
    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset out of range")
        piece = bisect.bisect_right(self._starts, index) - 1
        return index if piece < 0 else index + self._deltas[piece]

    def __iter__(self) -> Iterator[int]:
        bounds = [*self._starts, self._length]
        yield from range(bounds[0])
        for piece, delta in enumerate(self._deltas):
            for index in range(bounds[piece], bounds[piece + 1]):
                yield index + delta

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OffsetMap):
            return (self._length, self._starts, self._deltas) == (other._length, other._starts, other._deltas)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable arrays inside; equality by value

    def __repr__(self) -> str:
        return f"OffsetMap({self._length}, {list(self._starts)}, {list(self._deltas)})"

    def first_at_or_after(self, original: int) -> int:
        """The first normalized offset whose original offset is `original` or later (`bisect_left`)."""
        return bisect.bisect_left(self, original)


@dataclass(frozen=True)
class NormalizedText:
    """`text` after normalization, and for each of its characters the original offset.

    `origin` has one more entry than `text`: the original offset just past the end, so
    that a normalized range [i, j) maps back to the original range [origin[i], origin[j-1] + 1).
    It is an `OffsetMap` (breakpoints only). When normalizing changed nothing, `text` is the
    original string itself, not a copy.
    """

    text: str
    origin: OffsetMap
    #: For text that was composed to NFC: the original end of each character (else origin + 1).
    ends: OffsetMap | None = None

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
    starts: list[int] = []
    deltas: list[int] = []
    length = 0  # of the normalized text so far

    def maps_to(original: int) -> None:
        """From normalized offset `length` on, offsets map to `original` onwards."""
        delta = original - length
        if delta != (deltas[-1] if deltas else 0):
            starts.append(length)
            deltas.append(delta)

    position = 0
    for start, end in reshape_spans(text):
        if start > position:
            pieces.append(text[position:start])
            maps_to(position)
            length += start - position
        found = text[start:end]
        if found == "\u2026":
            pieces.append("...")
            for _ in range(3):  # each dot maps to the one original character
                maps_to(start)
                length += 1
        elif found != "\u00ad":  # a soft hyphen is invisible: dropped
            pieces.append("\n" if keep_newlines and "\n" in found else " ")
            maps_to(start)
            length += 1
        position = end
    pieces.append(text[position:])
    maps_to(position)
    normalized = "".join(pieces).translate(_TABLES[keep_newlines])
    if normalized == text:
        normalized = text  # nothing changed: share the original instead of a copy
    return NormalizedText(normalized, OffsetMap(len(normalized) + 1, starts, deltas))


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
    return NormalizedText("".join(out), OffsetMap.of(origin), OffsetMap.of(ends))


def normalize_quote(text: str) -> str:
    """A quote or context as typed by an editor, normalized and trimmed for matching.

    Most quotes change only one character for one (or not at all): then the text is
    `normalize`'s without the offset map it would build (one quote per annotation)."""
    if unicodedata.is_normalized("NFC", text) and not reshape_spans(text):
        return text.translate(_TABLES[False]).strip()
    return normalize(text).text.strip()


def shorten(text: str, limit: int = 90) -> str:
    """`text` cut at a word boundary to about `limit` characters, for messages and labels."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(",;:") + "…"
