"""Questions pages and commands ask of a checked `Site`: how far a document's annotation
has come, which series the statistics page charts, what a breakdown adds up to.

Why a module of its own: these are read by pages (`pages/`, `render/`), by `stats` and by
the editorial rules (`rules.py`), and each must have one answer. When the page charts a
series and the rule says why another is not charted, both ask the same function here, so
a series can never drop out of the charts without the build knowing why.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from .model import Annotation, Document, LeftOut, Site, Span, format_number
from .numbers import NumberToken, numbers_in, value_matches

# --- coverage: how many of a text's numbers are annotated ----------------------------------------


@dataclass(frozen=True, slots=True)
class Coverage:
    """The numbers of one document (years, days and times aside) and how many are accounted for:
    inside a statistic whose value matches, or named by a `not_statistics` exemption."""

    document: str
    numbers: int
    covered: int

    @property
    def uncovered(self) -> int:
        return self.numbers - self.covered

    @property
    def percent(self) -> int:
        """Whole percent, rounded down (so 99 % until the last number is done); 100 for a text without numbers."""
        return 100 if self.numbers == 0 else self.covered * 100 // self.numbers

    def __str__(self) -> str:
        return f"{self.covered} of {self.numbers} numbers annotated ({self.percent}%)"


def coverage(site: Site, document: Document) -> Coverage:
    """How many numbers of `document` are annotated: the figure beside a draft's "annotation in progress"."""
    tokens = numbers_in(document.text)
    missing = uncovered_tokens(site, document, tokens=tokens)
    return Coverage(document.slug, len(tokens), len(tokens) - len(missing))


def uncovered_tokens(
    site: Site, document: Document, excused: Sequence[Span] = (), tokens: list[NumberToken] | None = None
) -> list[NumberToken]:
    """The numbers of `document` that no statistic with a matching value covers and no exemption
    (nor an `excused` span) names, in text order."""
    statistics = Within([(a.span, a) for a in site.annotations_in(document.slug) if a.type == "statistic"])
    exempted = [e.span for e in site.exemptions if e.document == document.slug] + [s for s in excused if s.document == document.slug]
    exempt_spans = Within([(span, span) for span in exempted])
    found: list[NumberToken] = []
    for token in numbers_in(document.text) if tokens is None else tokens:
        covered = any(value_matches(a.value, token) for a in statistics.around(token.start, token.end))
        if not covered and not any(True for _ in exempt_spans.around(token.start, token.end)):
            found.append(token)
    return found


_T = TypeVar("_T")


class Within(Generic[_T]):
    """Items keyed by spans, looked up by the passage they contain: the spans that may contain
    a passage start at most the longest span's length before it, so only those are looked at."""

    def __init__(self, items: list[tuple[Span, _T]]) -> None:
        ordered = sorted(items, key=lambda item: item[0].start)
        self._starts = [span.start for span, _ in ordered]
        self._items = ordered
        self._longest = max((span.end - span.start for span, _ in ordered), default=0)

    def around(self, start: int, end: int) -> Iterator[_T]:
        """The items whose span contains text[start:end]."""
        first = bisect_left(self._starts, start - self._longest)
        for span, item in self._items[first : bisect_right(self._starts, start)]:
            if span.start <= start and end <= span.end:
                yield item


# --- series: which figures the statistics page charts ------------------------------------------


def statistics_series(statistics: Sequence[Annotation]) -> dict[str, list[Annotation]]:
    """Statistics with a `series`, an exact value and a year, by series, oldest first (ties in reading order)."""
    by_series: dict[str, list[Annotation]] = {}
    for annotation in statistics:
        if annotation.type == "statistic" and annotation.series and annotation.year is not None and exact_value(annotation) is not None:
            by_series.setdefault(annotation.series, []).append(annotation)
    return {series: sorted(members, key=lambda a: a.year or 0) for series, members in by_series.items()}


def repeated_years(members: list[Annotation]) -> list[int]:
    """The years that more than one figure of a series gives, oldest first."""
    seen: set[int] = set()
    repeated: set[int] = set()
    for annotation in members:
        if annotation.year is not None:
            (repeated if annotation.year in seen else seen).add(annotation.year)
    return sorted(repeated)


#: A rule that may keep a series out of the charts: (series name, its members, the site) -> keep?
SeriesRule = Callable[[str, list[Annotation], "Site | None"], bool]


def _two_years_or_more(name: str, members: list[Annotation], site: Site | None) -> bool:
    return len({a.year for a in members}) >= 2


def _one_figure_per_year(name: str, members: list[Annotation], site: Site | None) -> bool:
    """A series is one measure over time: two figures for one year (e.g. from two country
    reports) are different things counted, and one bar per figure would mislead."""
    return not repeated_years(members)


def _no_blocking_caveat(name: str, members: list[Annotation], site: Site | None) -> bool:
    """No chart across a caveat that says the figures are not comparable (the rule
    `comparable_series` reports the series it keeps out)."""
    return site is None or not blocking_caveats(site, members)


#: Every rule must agree for a series to be charted; add rules here.
SERIES_RULES: tuple[SeriesRule, ...] = (_two_years_or_more, _one_figure_per_year, _no_blocking_caveat)


def comparable_series(statistics: Sequence[Annotation], site: Site | None = None) -> dict[str, list[Annotation]]:
    """The series the statistics page charts: `statistics_series` that every rule in `SERIES_RULES` accepts."""
    return {series: members for series, members in statistics_series(statistics).items()
            if all(rule(series, members, site) for rule in SERIES_RULES)}


def chartable_series(site: Site) -> dict[str, list[Annotation]]:
    """`comparable_series` of all the site's statistics, in reading order."""
    return comparable_series(site.in_reading_order(), site)


def qualifying_caveats(site: Site, members: list[Annotation]) -> list[Annotation]:
    """The caveats whose `related` names any of `members`, in reading order."""
    ids = {a.id for a in members}
    return [a for a in site_caveats(site) if ids.intersection(a.related)]


def blocking_caveats(site: Site, members: list[Annotation]) -> list[Annotation]:
    """The qualifying caveats that say the figures are not comparable (`blocks_comparison: true`)."""
    return [a for a in qualifying_caveats(site, members) if a.blocks_comparison]


def site_caveats(site: Site) -> list[Annotation]:
    """The site's caveats in reading order."""
    return [a for a in site.in_reading_order() if a.type == "caveat"]


# --- parts: the breakdown a note shows ---------------------------------------------------------


def exact_value(annotation: Annotation) -> float | None:
    """A statistic's single number, or None for a range or an approximate value."""
    return annotation.value.exact if annotation.value is not None and not annotation.value.approximate else None


def parts_summary(annotation: Annotation, site: Site) -> str | None:
    """'1 + 35 = 36 of 38 broken down; 2 unspecified.' for a statistic with valid `parts`, else None.

    A single part reads '332 of 370 broken down; 38 unspecified.'; parts that add up to the
    whole read '4 + 37 + 23 = 64: all 64 broken down.' (`rules.parts_problems` reports the others.)
    """
    whole = exact_value(annotation)
    if annotation.type != "statistic" or not annotation.parts or whole is None:
        return None
    by_id = site.annotations_by_id
    parts = [by_id.get(part_id) for part_id in annotation.parts]
    values = [exact_value(part) if part is not None and part.type == "statistic" else None for part in parts]
    if any(v is None for v in values):
        return None
    numbers = [v or 0.0 for v in values]
    total = sum(numbers)
    if total > whole:
        return None
    sum_text = f"{' + '.join(format_number(v) for v in numbers)} = {format_number(total)}" if len(numbers) > 1 else format_number(total)
    if total == whole:
        return f"{sum_text}: all {format_number(whole)} broken down."
    return f"{sum_text} of {format_number(whole)} broken down; {format_number(whole - total)} unspecified."


# --- what is not on the site ----------------------------------------------------------------


def left_out_labels(left_out: Sequence[LeftOut]) -> list[str]:
    """The left-out annotations as a summary lists them: "id (file:line)" each, except that the
    annotations of a file that could not be read are one item, "N annotations in FILE not loaded
    because of the error above" (the file's error is the one message about them)."""
    unread: dict[str, int] = {}
    for entry in left_out:
        if entry.unread and entry.id is not None:
            unread[entry.file] = unread.get(entry.file, 0) + 1
    labels: list[str] = []
    for entry in left_out:
        if not (entry.unread and entry.id is not None):
            labels.append(str(entry))
        elif entry.file in unread:
            count = unread.pop(entry.file)
            labels.append(f"{count} annotation{'s' if count != 1 else ''} in {entry.file} not loaded because of the error above")
    return labels


def left_out_in(site: Site, document: Document) -> list[LeftOut]:
    """The annotations of `document` that are not on its page, and why (for a serve-only marker)."""
    return [entry for entry in site.left_out if entry.document == document.slug]
