"""Re-anchor annotations when a seed is replaced by a revised text.

When an annotation's exact quote is gone, the quote itself is the old text: we look for
the passage of the new text most like it, scored the way the Hypothesis client anchors
(`match-quote.js`): similarity of the quote (weight 50), of the words before it (prefix,
20) and after it (suffix, 20), and closeness to an expected position (2). The outcome is

- `moved`: a close passage with the same figures; a warning, `check --fix` rewrites the quote;
- `changed-figure`: a close passage whose numbers differ (109 → 119, four → five); an error
  naming both figures. A fuzzy match never carries a statistic to a different number;
- `orphaned`: nothing close enough; an error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from . import numbers
from .anchoring import DocumentIndex, closest_passage
from .loading import Entry
from .model import Document, Outcome, OutcomeKind, Problem
from .textnorm import normalize_quote, shorten

#: A quote needs at least this similarity (0-1) to the new passage to count as moved.
MOVE_THRESHOLD = 0.75
#: The matcher gives up below this quote similarity (Hypothesis: at most len/2 errors).
MATCH_THRESHOLD = 0.5

_QUOTE_WEIGHT, _PREFIX_WEIGHT, _SUFFIX_WEIGHT, _POSITION_WEIGHT = 50.0, 20.0, 20.0, 2.0


@dataclass(frozen=True)
class Match:
    """A passage [start, end) of the searched text; `quote_score` is the quote's similarity alone."""

    start: int
    end: int
    score: float
    quote_score: float


def _boundaries(text: str) -> tuple[list[int], list[int]]:
    """Where a passage may start and end: at word edges (a passage to copy never splits a word)."""
    starts, ends = [], []
    for i, char in enumerate(text):
        before = text[i - 1] if i else " "
        if not char.isspace() and (before.isspace() or (char.isalnum() != before.isalnum())):
            starts.append(i)
        after = text[i + 1] if i + 1 < len(text) else " "
        if not char.isspace() and (after.isspace() or (char.isalnum() != after.isalnum())):
            ends.append(i + 1)
    return starts, ends


def _substring_similarity(pattern: str, text: str) -> float:
    """1 - (fewest edits turning `pattern` into some substring of `text`) / len(pattern)."""
    if not pattern or not text:
        return 0.0
    previous = [0] * (len(text) + 1)  # Sellers: a match may start anywhere in text
    for i, p in enumerate(pattern, 1):
        current = [i] + [0] * len(text)
        for j, t in enumerate(text, 1):
            current[j] = min(previous[j - 1] + (p != t), previous[j] + 1, current[j - 1] + 1)
        previous = current
    return max(0.0, 1.0 - min(previous) / len(pattern))


def match_quote(text: str, quote: str, prefix: str | None = None, suffix: str | None = None, hint: int | None = None,
                *, threshold: float = MATCH_THRESHOLD) -> Match | None:
    """The best passage of `text` for `quote`, or None when none is similar enough."""
    from rapidfuzz import process  # imported on first use: a build whose quotes are all found never needs it
    from rapidfuzz.distance import Levenshtein

    if not quote or not text:
        return None
    length = len(quote)
    slack = int(length * (1 - threshold)) + 1
    starts, ends = _boundaries(text)
    candidates: dict[tuple[int, int], float] = {}
    position = text.find(quote)
    while position != -1:  # exact occurrences, wherever they sit
        candidates[(position, position + length)] = 1.0
        position = text.find(quote, position + 1)
    # A passage within `slack` edits of the quote is within 2·slack edits of the same-length window
    # at its start, so windows scoring below that bound cannot start a match (computed in C at once).
    floor = max(0.0, 2 * threshold - 1 - 0.05)
    if floor > 0 and starts:
        windows = [text[start : start + length] for start in starts]
        kept = process.extract(quote, windows, scorer=Levenshtein.normalized_similarity, score_cutoff=floor, limit=None)
        starts = sorted(starts[index] for _, _, index in kept)
    end_index = 0
    for start in starts:
        while end_index < len(ends) and ends[end_index] < start + length - slack:
            end_index += 1
        for end in ends[end_index:]:
            if end > start + length + slack:
                break
            score = Levenshtein.normalized_similarity(quote, text[start:end])
            if score >= threshold and score > candidates.get((start, end), -1.0):
                candidates[(start, end)] = score
    best: Match | None = None
    for (start, end), quote_score in sorted(candidates.items()):
        prefix_score = _substring_similarity(prefix, text[max(0, start - len(prefix)) : start]) if prefix else 1.0
        suffix_score = _substring_similarity(suffix, text[end : end + len(suffix)]) if suffix else 1.0
        position_score = 1.0 - abs(start - hint) / len(text) if hint is not None else 1.0
        total = (_QUOTE_WEIGHT * quote_score + _PREFIX_WEIGHT * prefix_score + _SUFFIX_WEIGHT * suffix_score
                 + _POSITION_WEIGHT * position_score) / (_QUOTE_WEIGHT + _PREFIX_WEIGHT + _SUFFIX_WEIGHT + _POSITION_WEIGHT)
        if best is None or total > best.score + 1e-12:
            best = Match(start, end, total, quote_score)
    return best


# --- annotations whose quote is gone --------------------------------------------------------

Kind = OutcomeKind


def outcome_problem(outcome: Outcome) -> Problem:
    """The outcome as one message at the `quote:` line: a warning for a moved quote (shown at
    its new text), an error otherwise (left out)."""
    entry = outcome.entry
    where = f"paragraph {outcome.span.paragraph}" if outcome.span else ""
    if outcome.kind == "moved":
        return Problem(entry.file, entry.line_of("quote"),
                       f"moved: quote not found in {entry.document} as written; {where} now reads “{shorten(outcome.new or '', 160)}” "
                       f"({outcome.similarity:.0%} similar to the quote “{shorten(outcome.old, 160)}”), and the annotation is shown there.",
                       id=entry.id, hint="Run `annotated-report check --fix` to take the text's wording, or edit the quote by hand.",
                       severity="warning", kind=outcome.kind)
    if outcome.kind == "changed-figure":
        return Problem(entry.file, entry.line_of("quote"),
                       f"changed-figure: quote not found in {entry.document}; the closest passage ({where}) has "
                       f"{', '.join(outcome.new_figures) or 'no number'} where the quote has {', '.join(outcome.old_figures) or 'no number'}: "
                       f"“{shorten(outcome.new or '', 160)}”.",
                       id=entry.id, hint="A figure is never re-anchored automatically: check note, value and year against the text, then fix the quote.",
                       kind=outcome.kind)
    closest = f" The closest text is {outcome.closest}." if outcome.closest else ""
    return Problem(entry.file, entry.line_of("quote"),
                   f"orphaned: quote not found in {entry.document}, and no passage is close enough to re-anchor it.{closest}",
                   id=entry.id, hint="The passage was deleted or rewritten: quote the text as it is now, or remove the annotation.",
                   kind=outcome.kind)


def _figures(text: str) -> Counter[tuple[float | None, float | None, bool]]:
    return Counter((token.value, token.minimum, token.approximate) for token in numbers.find_numbers(text))


def figure_texts(text: str) -> tuple[str, ...]:
    return tuple(token.text for token in numbers.find_numbers(text))


def reanchor_entry(index: DocumentIndex, entry: Entry) -> Outcome:
    """Re-anchor one entry whose exact quote is gone from `index`'s document."""
    from rapidfuzz import fuzz  # imported on first use (see match_quote)

    quote = str(entry.fields.get("quote") or "")
    needle = normalize_quote(quote)
    prefix = normalize_quote(str(entry.fields["prefix"])) if entry.fields.get("prefix") else None
    suffix = normalize_quote(str(entry.fields["suffix"])) if entry.fields.get("suffix") else None
    best: tuple[Match, int] | None = None
    offset = 0
    for paragraph_text in index.strict.text.split("\n"):  # a quote stays within one paragraph
        if paragraph_text and fuzz.partial_ratio(needle, paragraph_text) >= MATCH_THRESHOLD * 100:
            found = match_quote(paragraph_text, needle, prefix, suffix, threshold=MOVE_THRESHOLD)
            if found is not None and (best is None or found.score > best[0].score):
                best = (found, offset)
        offset += len(paragraph_text) + 1
    if best is None or best[0].quote_score < MOVE_THRESHOLD:
        closest = closest_passage(index, needle) if needle else None
        described = f"“{closest[1]}” in paragraph {closest[0]} ({closest[2]:.0f}% similar)" if closest else None
        return Outcome("orphaned", entry, quote, closest=described)
    found, offset = best
    span = index.to_span(offset + found.start, offset + found.end)
    new = index.document.text[span.start : span.end]
    if _figures(new) != _figures(quote):
        old_only = _figures(quote) - _figures(new)
        new_only = _figures(new) - _figures(quote)
        old_texts = tuple(t.text for t in numbers.find_numbers(quote) if (t.value, t.minimum, t.approximate) in old_only)
        new_texts = tuple(t.text for t in numbers.find_numbers(new) if (t.value, t.minimum, t.approximate) in new_only)
        return Outcome("changed-figure", entry, quote, new, span, found.quote_score, old_texts, new_texts)
    return Outcome("moved", entry, quote, new, span, found.quote_score)


def reanchor(documents: Iterable[Document], failed: Iterable[Entry]) -> list[Outcome]:
    """Outcomes for entries whose quote was not found in their (revised) document."""
    indexes = {document.slug: DocumentIndex(document) for document in documents}
    return [reanchor_entry(indexes[entry.document], entry) for entry in failed if entry.document in indexes]
