"""Find a quote in its document: quote + optional prefix/suffix → a `Span`, or why not.

Matching is exact on normalized text (see `textnorm`), so an editor may type ASCII
quotes and hyphens; offsets are mapped back to the original characters. When a quote
is not found we say where the closest passage is, in the report's own words, so the
editor can copy it.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from .limits import MAX_OCCURRENCES, safe_repr
from .model import Document, Span
from .textnorm import NormalizedText, normalize, normalize_quote, shorten

#: Below this similarity (0-100) the "closest passage" is not worth showing.
_CLOSEST_MIN_SCORE = 55.0


@dataclass(frozen=True)
class Failure:
    """Why a quote could not be placed, and what the editor can do about it."""

    message: str
    hint: str | None = None
    #: The quote is nowhere in the text (not merely ambiguous): re-anchoring may find where it went.
    not_found: bool = False


@dataclass(frozen=True)
class Anchored:
    """A placed quote. `warning` is set when it was placed but something is off (a stale prefix)."""

    span: Span
    warning: Failure | None = None


class DocumentIndex:
    """A document prepared for matching: normalized once, searched many times."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.strict: NormalizedText = normalize(document.text, keep_newlines=True)

    @cached_property
    def loose(self) -> str:
        """The normalized text with paragraph breaks read as spaces (same offsets as `strict`)."""
        return self.strict.text.replace("\n", " ")

    @cached_property
    def lowered(self) -> str | None:
        """The normalized text in lower case, when that keeps every offset (almost always)."""
        lowered = self.strict.text.lower()
        return lowered if len(lowered) == len(self.strict.text) else None

    def occurrences(self, needle: str, haystack: str | None = None, limit: int = MAX_OCCURRENCES) -> list[int]:
        """Start offsets (normalized) of the first `limit` occurrences, overlapping ones included."""
        text = self.strict.text if haystack is None else haystack
        found: list[int] = []
        position = text.find(needle)
        while position != -1 and len(found) < limit:
            found.append(position)
            position = text.find(needle, position + 1)
        return found

    def to_span(self, start: int, end: int) -> Span:
        original_start, original_end = self.strict.original_range(start, end)
        paragraph = self.paragraph_at(original_start)
        return Span(self.document.slug, paragraph, original_start, original_end)

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [paragraph.start for paragraph in self.document.paragraphs]

    def paragraph_at(self, offset: int) -> int:
        """The number of the paragraph holding `offset` (a binary search: documents may be long)."""
        paragraphs = self.document.paragraphs
        if not paragraphs:
            return 0
        position = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if position >= 0 and offset < paragraphs[position].end:
            return paragraphs[position].number
        return paragraphs[-1].number

    def original(self, start: int, end: int) -> str:
        """The report's own characters behind a normalized range."""
        original_start, original_end = self.strict.original_range(start, end)
        return self.document.text[original_start:original_end]


def anchor(index: DocumentIndex, quote: str, prefix: str | None = None, suffix: str | None = None) -> Anchored | Failure:
    """Place `quote` in the document, using `prefix`/`suffix` to choose among repeats."""
    needle = normalize_quote(quote)
    if not needle:
        return Failure("the quote is empty.", "Copy the report's words into `quote:`.")
    if not any(_visible(char) for char in needle):
        return Failure(f"the quote has no visible characters ({safe_repr(needle)}).", "Copy the report's words into `quote:`.")
    starts = index.occurrences(needle)
    if not starts:
        return _not_found(index, needle)
    want_prefix = normalize_quote(prefix) if prefix else ""
    want_suffix = normalize_quote(suffix) if suffix else ""
    if len(starts) == MAX_OCCURRENCES:
        in_context = _with_context(index, needle, want_prefix, want_suffix) if want_prefix or want_suffix else []
        if len(in_context) == 1:
            return Anchored(index.to_span(in_context[0], in_context[0] + len(needle)))
        total = index.strict.text.count(needle)
        return Failure(
            f"the quote occurs {max(total, len(starts)):,} times; a quote must be long enough to be found in one place or a few.",
            "Quote more of the sentence: a few words rather than a character or a common word.",
        )
    chosen = [s for s in starts if _context_matches(index, s, s + len(needle), want_prefix, want_suffix)]
    if len(chosen) == 1:
        start = chosen[0]
        return Anchored(index.to_span(start, start + len(needle)))
    if len(starts) == 1 and not chosen:
        start = starts[0]
        before, after = _context(index, start, start + len(needle))
        return Anchored(
            index.to_span(start, start + len(needle)),
            Failure(
                "the prefix/suffix does not match the text around the quote (the quote itself is unique, so it was placed).",
                f"The text reads “…{before}[{shorten(index.original(start, start + len(needle)), 40)}]{after}…”; fix or remove prefix/suffix.",
            ),
        )
    candidates = chosen or starts
    places = "(the quote is in [brackets]): " + "; ".join(_describe_place(index, s, s + len(needle)) for s in candidates[:4])
    more = f" and {len(candidates) - 4} more" if len(candidates) > 4 else ""
    if (want_prefix or want_suffix) and not chosen:
        return Failure(
            f"the quote occurs {len(starts)} times and the prefix/suffix matches none of them {places}{more}.",
            "Copy the words right before (prefix) or after (suffix) the one you mean.",
        )
    suggestion = _distinguishing_prefix(index, candidates, len(needle))
    return Failure(
        f"the quote occurs {len(candidates)} times {places}{more}.",
        f"Add a prefix or suffix to choose one, e.g. prefix: \"{suggestion}\"." if suggestion else "Add a prefix or suffix to choose one.",
    )


def _with_context(index: DocumentIndex, needle: str, prefix: str, suffix: str) -> list[int]:
    """Starts of `needle` found together with its prefix or suffix: one linear search, however common the quote."""
    found: set[int] = set()
    for separator in ("", " "):
        if prefix:
            pattern = prefix.rstrip() + separator + needle
            offset = len(pattern) - len(needle)
        else:
            pattern, offset = needle + separator + suffix.lstrip(), 0
        for position in index.occurrences(pattern, index.loose):
            start = position + offset
            if index.strict.text.startswith(needle, start) and _context_matches(index, start, start + len(needle), prefix, suffix):
                found.add(start)
    return sorted(found)


def _visible(char: str) -> bool:
    return not (char.isspace() or unicodedata.category(char) in {"Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp"})


def _context_matches(index: DocumentIndex, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether `prefix` ends just before `start` and `suffix` starts just after `end`, spaces aside.

    Compared in place (no copy of the text before or after), so each check costs only the
    length of the prefix and suffix, however long the document. Without either, nothing is
    read (so `loose`, a copy of the text, is made only for documents whose quotes need it).
    """
    if not prefix and not suffix:
        return True
    text = index.loose
    if prefix:
        before = start
        while before > 0 and text[before - 1].isspace():
            before -= 1
        if not text.endswith(prefix.rstrip(), 0, before):
            return False
    if suffix:
        after = end
        while after < len(text) and text[after].isspace():
            after += 1
        if not text.startswith(suffix.lstrip(), after):
            return False
    return True


def _context(index: DocumentIndex, start: int, end: int, width: int = 30) -> tuple[str, str]:
    before = index.loose[max(0, start - width) : start]
    after = index.loose[end : end + width]
    return before, after


def _describe_place(index: DocumentIndex, start: int, end: int) -> str:
    original_start, _ = index.strict.original_range(start, end)
    return f"paragraph {index.paragraph_at(original_start)} (“{context_words(index, start, end, words=4)}”)"


def context_words(index: DocumentIndex, start: int, end: int, words: int = 8) -> str:
    """The passage [start, end) (normalized offsets) in [brackets], with up to `words` whole words
    either side within its paragraph, in the report's own characters; `…` where the paragraph goes on.

    `find` and the "occurs N times" message both show a match this way, so an editor sees
    one format, and never half a word outside the brackets.
    """
    text = index.strict.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before = text[line_start:start].split(" ")
    after = text[end:line_end].split(" ")
    left_start = start - len(" ".join(before[-words:]))
    right_end = end + len(" ".join(after[:words]))
    left = ("…" if len(before) > words else "") + index.original(left_start, start)
    right = index.original(end, right_end) + ("…" if len(after) > words else "")
    return f"{left}[{index.original(start, end)}]{right}"


def _distinguishing_prefix(index: DocumentIndex, starts: list[int], length: int) -> str | None:
    """The fewest words before the first occurrence that no other occurrence shares."""
    first = starts[0]
    words = index.loose[max(0, first - 400) : first].split()[1:]  # the first word may be cut
    for count in range(1, min(len(words), 12) + 1):
        candidate = " ".join(words[-count:])
        if sum(_context_matches(index, s, s + length, candidate, "") for s in starts) == 1:
            return candidate
    return None


def _not_found(index: DocumentIndex, needle: str) -> Failure:
    across = index.occurrences(needle, index.loose)
    if across:
        original_start, _ = index.strict.original_range(across[0], across[0] + len(needle))
        number = index.paragraph_at(original_start)
        return Failure(
            f"the quote runs from paragraph {number} into paragraph {number + 1}; a quote must stay within one paragraph.",
            "Split it into two annotations, one per paragraph.",
        )
    lowered_at = index.occurrences(needle.lower(), index.lowered) if index.lowered is not None else []
    if lowered_at:
        start = lowered_at[0]
        return Failure(
            "the quote differs from the report only in capital letters.",
            f"The report has “{index.original(start, start + len(needle))}”; copy it exactly.",
        )
    closest = closest_passage(index, needle)
    if closest is None:
        return Failure(
            f"quote not found in {index.document.slug}, and no passage there is close to it.",
            "Check that `document:` names the right text and copy the quote from it.",
            not_found=True,
        )
    paragraph, passage, score = closest
    return Failure(
        f"quote not found in {index.document.slug}; closest text in paragraph {paragraph} is “{passage}” ({score:.0f}% similar).",
        "Copy the report's exact words (plain ' \" and - may stand for curly quotes and dashes).",
        not_found=True,
    )


def closest_passage(index: DocumentIndex, needle: str) -> tuple[int, str, float] | None:
    """The paragraph number, original words and similarity of the best approximate match."""
    from rapidfuzz import fuzz  # only for a quote not found: importing it costs ~3.5 MB a build need not pay

    best: tuple[float, int, int, int] | None = None
    for paragraph in index.document.paragraphs:
        start, end = _normalized_bounds(index, paragraph.start, paragraph.end)
        alignment = fuzz.partial_ratio_alignment(needle, index.strict.text[start:end])
        if alignment is not None and (best is None or alignment.score > best[0]):
            best = (alignment.score, paragraph.number, start + alignment.dest_start, start + alignment.dest_end)
    if best is None or best[0] < _CLOSEST_MIN_SCORE:
        return None
    score, number, start, end = best
    start, end = _whole_words(index.strict.text, start, end)
    return number, shorten(index.original(start, end), 160), score


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so it neither starts nor ends inside a word (a passage to copy)."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def _normalized_bounds(index: DocumentIndex, original_start: int, original_end: int) -> tuple[int, int]:
    """The normalized range that covers an original range (used to search one paragraph)."""
    origin = index.strict.origin
    return origin.first_at_or_after(original_start), origin.first_at_or_after(original_end)
