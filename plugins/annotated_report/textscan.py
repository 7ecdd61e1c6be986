"""Sentence bounds and case-insensitive phrase matching for the editorial rules, each done once per text.

Why a module of its own: at N = 100 the rules split a paragraph into sentences once per
annotation in it (45,000 sentences for 3,800 annotations) and ran `re.IGNORECASE`
alternations over every note and sentence. A paragraph is now split once (`sentences`) and
an annotation's sentences found by bisection; a pattern of lowercase phrases (`Phrases`)
scans a lowercased copy case-sensitively (`fold`), which finds the same matches at the same
offsets several times faster. That holds whenever lowercasing agrees with the regex's case
folding, true of every character but `FOLDS_UNLIKE_LOWER`; a text with one of those is
scanned with the case-insensitive pattern, as before (tests/test_textscan.py checks both
claims over every Unicode character).
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

#: Characters that `re.IGNORECASE` matches to an ASCII letter although `str.lower()` does not
#: map them to it (dotted and dotless i, long s), or that change length when lowercased.
FOLDS_UNLIKE_LOWER = ("İ", "ı", "ſ")

#: A sentence ends at . ! ? followed by a space (group 1) and a capital or an opening quote.
#: The mark is matched, not looked behind for, so the engine skips straight to the candidates.
SENTENCE_END = re.compile(r"[.!?](\s+)(?=[A-Z“\"‘'])")


@dataclass(frozen=True, slots=True)
class Folded:
    """A text and the copy a `Phrases` pattern scans: lowercased (`lowered`), or the text itself."""

    text: str
    scanned: str
    lowered: bool

    def matched(self, match: re.Match[str]) -> str:
        """The words of `match` as the text writes them (not lowercased)."""
        return self.text[match.start() : match.end()]


def fold(text: str) -> Folded:
    """`text` prepared once for any number of `Phrases` scans."""
    if _folds_unlike_lower(text):
        return Folded(text, text, False)
    return Folded(text, text.lower(), True)


def _folds_unlike_lower(text: str) -> bool:
    first, second, third = FOLDS_UNLIKE_LOWER  # written out: a generator costs more than the three searches
    return first in text or second in text or third in text


class Phrases:
    """A case-insensitive pattern whose letters are all lowercase, matched on a `Folded` text.

    Equivalent to `re.compile(source, re.IGNORECASE)` on the original text (same matches, same
    offsets); the lowercase-only source is what makes the case-sensitive scan of a lowercased
    copy equivalent, so an uppercase letter or escape (`\\B`, `\\S`) is refused.
    """

    def __init__(self, source: str) -> None:
        if source != source.lower():
            raise ValueError(f"a Phrases pattern is written in lowercase: {source!r}")
        self.caseless = re.compile(source, re.IGNORECASE)
        self._lowered = re.compile(source)

    def pattern(self, folded: Folded) -> re.Pattern[str]:
        """The compiled pattern for `folded.scanned`: for a loop that scans one text many times."""
        return self._lowered if folded.lowered else self.caseless

    def words(self, text: str) -> list[str]:
        """Every match in `text`, as the text writes it, in order (one scan, no `Folded` kept)."""
        if _folds_unlike_lower(text):
            return self.caseless.findall(text) if self.caseless.groups == 0 else [m.group(0) for m in self.caseless.finditer(text)]
        return [text[match.start() : match.end()] for match in self._lowered.finditer(text.lower())]

    def finditer(self, folded: Folded, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.pattern(folded).finditer(folded.scanned, pos, endpos)

    def search(self, folded: Folded, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.pattern(folded).search(folded.scanned, pos, endpos)


@dataclass(frozen=True, slots=True)
class Sentences:
    """Where the sentences of one text start and end (`SENTENCE_END`): split once, looked up by bisection."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def overlapping(self, start: int, end: int) -> range:
        """The indexes of the sentences that share a character with text[start:end], in order.

        Starts and ends both increase, so these are one run: from the first sentence ending
        after `start` to the last starting before `end`."""
        first = bisect_right(self.ends, start)
        return range(first, bisect_left(self.starts, end, first))


def sentences(text: str) -> Sentences:
    """The sentences of `text` (a paragraph): each runs up to the space before the next."""
    starts, ends = [0], []
    for match in SENTENCE_END.finditer(text):
        ends.append(match.start(1))
        starts.append(match.end(1))
    ends.append(len(text))
    return Sentences(tuple(starts), tuple(ends))
