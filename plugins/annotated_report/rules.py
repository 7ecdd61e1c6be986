"""The editorial rules the build enforces, so that the site and `annotated-report check`
hold every report to the house guide (docs/editorial-guide.md), not only the tests.

Each rule is a pure function of a checked `Site` that returns `Problem`s; `check` runs the
ones a `RuleSettings` switches on. The settings are a plain value: the MkDocs adapter
(`config.py`) and the command-line tool fill them from the same `mkdocs.yml` options, and
the core never imports MkDocs. Also here: which `series` may be charted, and the
`parts` arithmetic a note shows.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Generic, TypeVar

from .checks import did_you_mean
from .model import Annotation, Document, Problem, Site, Span, format_number
from .numbers import NumberToken, numbers_in, value_matches
from .project import NotAProject, plugin_options
from .textscan import Folded, Phrases, Sentences, fold, sentences

GUIDE = "docs/editorial-guide.md"

#: Words the house guide rules out in notes, definitions and topic descriptions: rhetoric
#: and judgement that the report does not make. One list, matched as whole words.
RULED_OUT_WORDS: tuple[str, ...] = (
    "oddly", "strangely", "curiously", "clearly", "obviously", "of course", "surely",
    "shockingly", "astonishingly", "staggering", "strikingly", "surprisingly", "alarming",
    "gravest", "damning", "scandalous", "outrageous", "sadly", "unfortunately", "tellingly",
    "understandable", "bright spot", "needless to say", "undoubtedly", "notorious",
)

#: Who may be reported as saying something, and the verbs that attribute it. A sentence
#: "NGOs reported …", "observers alleged …", "according to …", "… reportedly …" gives
#: what follows to someone other than the report (see the guide's type rules).
ATTRIBUTION_SPEAKERS: tuple[str, ...] = (
    "NGOs", "NGO", "NGO contacts", "observers", "media", "media outlets", "experts", "local experts",
    "officials", "MOJ officials", "police", "the police", "the government", "victims",
    "trafficking victims", "organizations", "local organizations", "sources", "contacts", "advocates",
)
ATTRIBUTION_VERBS: tuple[str, ...] = (
    "reported", "alleged", "accused", "claimed", "said", "stated", "asserted",
    "continued to report", "continued to allege",
)
ATTRIBUTION_PHRASES: tuple[str, ...] = ("according to", "reportedly", "media reports", "media reported")

_ATTRIBUTION = Phrases(
    r"\b(?:"
    + "|".join(re.escape(p.lower()) for p in ATTRIBUTION_PHRASES)
    + r"|(?:" + "|".join(re.escape(s.lower()) for s in sorted(ATTRIBUTION_SPEAKERS, key=len, reverse=True)) + r")"
    + r"\s+(?:" + "|".join(re.escape(v.lower()) for v in sorted(ATTRIBUTION_VERBS, key=len, reverse=True)) + r")"
    + r")\b"
)
#: A contrasting clause (", but …") returns to the report's own voice.
_CONTRAST = Phrases(r",\s+but\s+")
_RULED_OUT = Phrases(r"\b(?:" + "|".join(re.escape(w.lower()) for w in RULED_OUT_WORDS) + r")\b")


@dataclass(frozen=True)
class RuleSettings:
    """Which editorial rules run: the names are the options under `rules:` in `mkdocs.yml`.

    Every rule about a single annotation is on unless a site switches it off. `numbers_covered`
    is a rule about a whole report (every number annotated), so it is off until a site that has
    finished annotating its reports switches it on, as this project's `mkdocs.yml` does.
    """

    numbers_covered: bool = False
    """Every number in a text (years aside) is a statistic whose value matches, or a `not_statistics` exemption."""
    allegations_attributed: bool = True
    """Every allegation says who makes it (`attributed_to`)."""
    statistics_have_units: bool = True
    """Every statistic says what it counts (`unit`)."""
    caveats_linked: bool = True
    """Every caveat lists in `related` what it qualifies, including at least one statistic."""
    attribution_cues: bool = True
    """A passage the text gives to others ("NGOs reported", "according to") is an allegation or has `attributed_to`."""
    ruled_out_words: bool = True
    """Notes, definitions and topic descriptions avoid the rhetoric the guide rules out."""
    parts_add_up: bool = True
    """A statistic's `parts` are known statistics whose values do not exceed its own."""
    comparable_series: bool = True
    """A `series` qualified by a caveat with `blocks_comparison: true` is not charted, and the build says so."""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any] | None) -> RuleSettings:
        """Settings from `{rule: bool}` (e.g. the `rules:` options of mkdocs.yml); missing rules keep their default.

        Raises ValueError for an unknown rule or a value that is not true/false, naming the fix.
        """
        values: dict[str, bool] = {}
        for name, value in (mapping or {}).items():
            if name not in cls.names():
                raise ValueError(f"unknown rule '{name}'.{did_you_mean(str(name), cls.names())} Rules: {', '.join(cls.names())}.")
            if not isinstance(value, bool):
                raise ValueError(f"rule '{name}' must be true or false, not {value!r}.")
            values[name] = value
        return cls(**values)


def settings_from_mkdocs_yml(path: Path) -> tuple[RuleSettings, list[Problem]]:
    """The `rules:` options of the annotated-report plugin in `mkdocs.yml`, for the CLI.

    Read with the same tolerant YAML read as the rest of the project's options
    (`project.plugin_options`), so the command-line tool applies the same rules as the
    site without importing MkDocs. No file: the defaults.
    """
    if not path.is_file():
        return RuleSettings(), []
    try:
        options = plugin_options(path)
    except NotAProject as error:
        return RuleSettings(), [Problem(path.name, None, f"cannot read the rule options: {error}", hint="Fix the YAML; the default rules apply meanwhile.")]
    rules = options.get("rules")
    try:
        return RuleSettings.from_mapping(rules if isinstance(rules, dict) else None), []
    except ValueError as error:
        return RuleSettings(), [Problem(path.name, None, f"plugins → annotated-report → rules: {error}", hint="The default rules apply until this is fixed.")]


def check(site: Site, settings: RuleSettings | None = None, excused: Sequence[Span] = ()) -> list[Problem]:
    """Every problem the switched-on rules find, in the order an editor fixes them.

    `excused`: passages of annotations left out for an error of their own (build.py); a number
    there is not reported again, since that annotation's problem is the one to fix."""
    settings = settings or RuleSettings()
    found: list[Problem] = []
    for name, rule_checks in _CHECKS.items():
        if getattr(settings, name):
            for rule_check in rule_checks:
                found += rule_check(site, excused)
    found += misplaced_fields(site)
    return _not_reported_twice(site, found)


#: Rule → the field whose absence it reports.
_FIELD_OF_RULE = {"statistics_have_units": "unit", "allegations_attributed": "attributed_to", "attribution_cues": "attributed_to"}


def _not_reported_twice(site: Site, found: list[Problem]) -> list[Problem]:
    """One mistake, one problem: a field written but left empty (e.g. the placeholder
    `annotated-report new` writes) is already reported at its own line by the schema check
    ("'unit' should be text, not empty…"), so the rule's problem about it is not repeated."""
    empty = {(p.file, p.id, p.message.split("'")[1]) for p in site.problems if p.id and p.message.startswith("'") and p.message.count("'") >= 2}
    if not empty:
        return found
    return [
        p for p in found
        if not any(f"Rule `{rule}`" in (p.hint or "") and (p.file, p.id, field) in empty for rule, field in _FIELD_OF_RULE.items())
    ]


def _rule(name: str) -> str:
    return f"(Rule `{name}`; see {GUIDE}.)"


def _problem(annotation: Annotation, message: str, hint: str, rule: str) -> Problem:
    return Problem(annotation.file, annotation.line, message, id=annotation.id, hint=f"{hint} {_rule(rule)}")


# --- coverage: every number, every allegation, every statistic, every caveat ---------------------


def uncovered_numbers(site: Site, excused: Sequence[Span] = ()) -> list[Problem]:
    """Numbers (years aside) that no statistic with a matching value covers and no exemption names."""
    found: list[Problem] = []
    for document in site.documents:
        statistics = _Within([(a.span, a) for a in site.annotations_in(document.slug) if a.type == "statistic"])
        exempted = [e.span for e in site.exemptions if e.document == document.slug] + [s for s in excused if s.document == document.slug]
        exempt_spans = _Within([(span, span) for span in exempted])
        line_ends: list[int] | None = None
        for token in numbers_in(document.text):
            covered = any(value_matches(a.value, token) for a in statistics.around(token.start, token.end))
            exempt = any(True for _ in exempt_spans.around(token.start, token.end))
            if not (covered or exempt):
                line_ends = line_ends if line_ends is not None else _line_ends(document.text)
                found.append(Problem(
                    document.source_file, bisect_left(line_ends, token.start) + 1,
                    f"the number {token.text!r} in \"…{_context(document, token)}…\" is neither a statistic whose value matches nor exempted.",
                    id=document.slug,
                    hint=f"Add a statistic quoting the number and its noun (value: {_plain(token)}, unit: what it counts), "
                    f"or a `not_statistics` entry with a reason if it is not a quantity (a rank, a name). {_rule('numbers_covered')}",
                ))
    return found


def foreign_numbers_in_statistics(site: Site) -> list[Problem]:
    """A statistic's quote holds only its own number: "109 suspected traffickers", not the sentence."""
    found: list[Problem] = []
    for annotation in site.annotations:
        if annotation.type != "statistic" or annotation.value is None:
            continue
        for token in numbers_in(annotation.quote):
            if not value_matches(annotation.value, token):
                found.append(_problem(
                    annotation, f"the quote also holds {token.text!r}, which is not this statistic's value ({annotation.value}).",
                    "Shorten the quote to the number and its noun, and annotate the other number as its own statistic.", "numbers_covered",
                ))
    return found


def unattributed_allegations(site: Site) -> list[Problem]:
    return [
        _problem(a, "this allegation does not say who makes it.",
                 'Add `attributed_to:` with the source the report names, e.g. "NGOs (not named in the report)".', "allegations_attributed")
        for a in site.annotations
        if a.type == "allegation" and not (a.attributed_to or "").strip()
    ]


def statistics_without_units(site: Site) -> list[Problem]:
    return [
        _problem(a, "this statistic has no `unit`.", 'Add `unit:` saying what the number counts, e.g. "traffickers convicted".', "statistics_have_units")
        for a in site.annotations
        if a.type == "statistic" and not (a.unit or "").strip()
    ]


def unlinked_caveats(site: Site) -> list[Problem]:
    """A caveat names what it qualifies: unknown ids are already reported by checks.py."""
    by_id = site.annotations_by_id
    found: list[Problem] = []
    for caveat in (a for a in site.annotations if a.type == "caveat"):
        if not caveat.related:
            found.append(_problem(caveat, "this caveat does not say what it qualifies (`related` is empty).",
                                  "List in `related` the ids of the statistics and claims it hedges.", "caveats_linked"))
        elif not any(by_id[other].type == "statistic" for other in caveat.related if other in by_id):
            found.append(_problem(caveat, "none of the annotations this caveat qualifies is a statistic.",
                                  "Add to `related` the statistics whose figures it hedges.", "caveats_linked"))
    return found


# --- the type rule that can be checked mechanically ---------------------------------------------


def attribution_cue(annotation: Annotation, document: Document) -> str | None:
    """The words ("NGOs reported", "according to") that give this passage to someone else, or None.

    The cue may be in the quote or earlier in its sentence; a ", but …" clause after the cue
    returns to the report's own voice.
    """
    return attribution_cue_at(document, annotation.span)


def attribution_cue_at(document: Document, span: Span) -> str | None:
    """`attribution_cue` for a passage not annotated yet (the stubs `find` and `new` write)."""
    return _Paragraph.of(document, span.paragraph).cue(span)


def attribution_cue_problems(site: Site) -> list[Problem]:
    candidates = [a for a in site.annotations if a.type != "allegation" and not (a.attributed_to or "").strip()]
    found: list[Problem] = []
    for annotation, cue in zip(candidates, _cues(site, candidates), strict=True):
        if cue is None:
            continue
        if annotation.type == "statistic":
            hint = f"Add `attributed_to:` naming who reported the figure (the text says \"{cue}\")."
        else:
            hint = f"Make it `type: allegation` with `attributed_to:` (the text says \"{cue}\"), or quote only a part in the report's own voice."
        message = f"the text gives this passage to others (\"{cue}\"), but this {annotation.type} has no `attributed_to`."
        found.append(_problem(annotation, message, hint, "attribution_cues"))
    return found


#: The key of one document's cues: its text and the (paragraph, start, end) of each passage checked.
_CueKey = tuple[str, tuple[tuple[int, int, int], ...]]

#: Each document's cues from the last check, by `_CueKey`: under `mkdocs serve` a save of one
#: annotation file recomputes only the cues of the document it changes. A cue depends only on
#: its paragraph's text and the passage's offsets, so the key is exact; the text is the
#: document's own string (no copy), and each check keeps only the entries it used.
_last_cues: dict[_CueKey, tuple[str | None, ...]] = {}


def _cues(site: Site, annotations: Sequence[Annotation]) -> list[str | None]:
    """`attribution_cue` of each annotation, each paragraph folded and split into sentences once.

    Annotations are visited document by document and paragraph by paragraph, so only one
    prepared paragraph is held; a document whose text and passages are those of the last
    check reuses its cues."""
    global _last_cues
    documents: dict[str, Document] = {}
    for document in site.documents:
        documents.setdefault(document.slug, document)  # the first of a slug, as `Site.document`
    by_document: dict[str, list[int]] = {}
    for index, annotation in enumerate(annotations):
        by_document.setdefault(annotation.document, []).append(index)
    cues: list[str | None] = [None] * len(annotations)
    kept: dict[_CueKey, tuple[str | None, ...]] = {}
    for slug, indexes in by_document.items():
        document = documents[slug]
        spans = [annotations[i].span for i in indexes]
        key = (document.text, tuple((span.paragraph, span.start, span.end) for span in spans))
        found = _last_cues.get(key)
        if found is None:
            found = _document_cues(document, spans)
        kept[key] = found
        for index, cue in zip(indexes, found, strict=True):
            cues[index] = cue
    _last_cues = kept
    return cues


def _document_cues(document: Document, spans: list[Span]) -> tuple[str | None, ...]:
    cues: list[str | None] = [None] * len(spans)
    paragraph: _Paragraph | None = None
    for index in sorted(range(len(spans)), key=lambda i: spans[i].paragraph):
        span = spans[index]
        if paragraph is None or paragraph.number != span.paragraph:
            paragraph = _Paragraph.of(document, span.paragraph)
        cues[index] = paragraph.cue(span)
    return tuple(cues)


@dataclass(frozen=True, slots=True)
class _Paragraph:
    """A paragraph prepared once for the cues of every passage in it: folded and split into sentences."""

    document: str
    number: int
    start: int
    folded: Folded
    sentences: Sentences

    @classmethod
    def of(cls, document: Document, number: int) -> _Paragraph:
        paragraph = document.paragraph(number)
        text = paragraph.text
        return cls(document.slug, number, paragraph.start, fold(text), sentences(text))

    def cue(self, span: Span) -> str | None:
        """The first cue in a sentence of `span`, up to the span's end, that no ", but" before the span undoes."""
        start, end = span.start - self.start, span.end - self.start
        starts, ends = self.sentences.starts, self.sentences.ends
        folded = self.folded
        scanned, attribution, contrast = folded.scanned, _ATTRIBUTION.pattern(folded), _CONTRAST.pattern(folded)
        for index in self.sentences.overlapping(start, end):
            for match in attribution.finditer(scanned, starts[index], min(ends[index], end)):
                if contrast.search(scanned, match.end(), start) is None:
                    return folded.matched(match)
        return None


# --- words the guide rules out ------------------------------------------------------------------


def ruled_out_words(text: str) -> list[str]:
    """The ruled-out words in `text`, as written, in order."""
    return _RULED_OUT.words(text)


#: The ruled-out words of each text (note, definition, description) the last check read: under
#: `mkdocs serve` a save rescans only the texts it changes. Looked up only from the previous
#: check, so a build scans every text it has, repeated or not; the keys are the site's own strings.
_last_words: dict[str, tuple[str, ...]] = {}


def ruled_out_word_problems(site: Site) -> list[Problem]:
    global _last_words
    hint = (f"Say what the report or a cited source says; mark your own reading with \"Editor's reading:\". "
            f"{_rule('ruled_out_words')}")
    last = _last_words
    kept: dict[str, tuple[str, ...]] = {}

    def words(text: str) -> tuple[str, ...]:
        found = last.get(text)
        kept[text] = found = found if found is not None else tuple(ruled_out_words(text))
        return found

    found: list[Problem] = []
    for annotation in site.annotations:
        for word in words(annotation.note):
            found.append(Problem(annotation.file, annotation.line, f"the note uses \"{word}\", which the house guide rules out.", id=annotation.id, hint=hint))
    for term in site.terms:
        for word in words(term.definition):
            found.append(Problem(term.file, term.line, f"the definition uses \"{word}\", which the house guide rules out.", id=term.term, hint=hint))
    for topic in site.topics:
        for word in words(topic.description):
            found.append(Problem(topic.file, topic.line, f"the description uses \"{word}\", which the house guide rules out.", id=topic.id, hint=hint))
    _last_words = kept
    return found


# --- parts: arithmetic the build verifies -------------------------------------------------------


def parts_problems(site: Site) -> list[Problem]:
    """`parts` name known statistics with exact values that do not add up to more than the whole."""
    by_id = site.annotations_by_id
    found: list[Problem] = []
    for annotation in site.annotations:
        if not annotation.parts or annotation.type != "statistic":
            continue
        whole = _exact(annotation)
        if whole is None:
            found.append(_problem(annotation, "a statistic with `parts` needs an exact `value`.", "Give a single number, or remove `parts`.", "parts_add_up"))
            continue
        values: list[float] = []
        for part_id in annotation.parts:
            part = by_id.get(part_id)
            if part_id == annotation.id:
                found.append(_problem(annotation, "`parts` names this statistic itself.", "Remove its own id from `parts`.", "parts_add_up"))
            elif part is None:
                found.append(_problem(annotation, f"`parts` names '{part_id}', which is not an annotation.{did_you_mean(part_id, by_id)}",
                                      "Use the ids of the statistics that break this figure down.", "parts_add_up"))
            elif part.type != "statistic":
                found.append(_problem(annotation, f"`parts` names '{part_id}', which is a {part.type}, not a statistic.",
                                      "Name only statistics in `parts`.", "parts_add_up"))
            elif _exact(part) is None:
                found.append(_problem(annotation, f"part '{part_id}' has no exact value ({part.value}), so it cannot be added up.",
                                      "Name only statistics with a single number in `parts`.", "parts_add_up"))
            else:
                values.append(_exact(part) or 0.0)
        if values and sum(values) > whole:
            added = " + ".join(format_number(v) for v in values)
            found.append(_problem(
                annotation, f"its parts add up to {format_number(sum(values))} ({added}), more than its value {format_number(whole)}.",
                "Check the values, or whether the parts really break down this figure.", "parts_add_up"))
    return found


def parts_summary(annotation: Annotation, site: Site) -> str | None:
    """'1 + 35 = 36 of 38 broken down; 2 unspecified.' for a statistic with valid `parts`, else None.

    A single part reads '332 of 370 broken down; 38 unspecified.'; parts that add up to the
    whole read '4 + 37 + 23 = 64: all 64 broken down.'
    """
    whole = _exact(annotation)
    if annotation.type != "statistic" or not annotation.parts or whole is None:
        return None
    by_id = site.annotations_by_id
    parts = [by_id.get(part_id) for part_id in annotation.parts]
    values = [_exact(part) if part is not None and part.type == "statistic" else None for part in parts]
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


def _exact(annotation: Annotation) -> float | None:
    return annotation.value.exact if annotation.value is not None and not annotation.value.approximate else None


# --- comparisons the data support ---------------------------------------------------------------


def series_members(site: Site) -> dict[str, list[Annotation]]:
    """Statistics of one `series` with exact values in two or more years, oldest first."""
    by_series: dict[str, list[Annotation]] = {}
    for annotation in site.in_reading_order():
        if annotation.type == "statistic" and annotation.series and annotation.year is not None and _exact(annotation) is not None:
            by_series.setdefault(annotation.series, []).append(annotation)
    return {
        series: sorted(members, key=lambda a: a.year or 0)
        for series, members in by_series.items()
        if len({a.year for a in members}) >= 2
    }


def qualifying_caveats(site: Site, members: list[Annotation]) -> list[Annotation]:
    """The caveats whose `related` names any of `members`: shown beside a chart, in reading order."""
    return _qualifying(_caveats(site), members)


def blocking_caveats(site: Site, members: list[Annotation]) -> list[Annotation]:
    """The qualifying caveats that say the figures are not comparable (`blocks_comparison: true`)."""
    return _blocking(_caveats(site), members)


def _caveats(site: Site) -> list[Annotation]:
    """The site's caveats in reading order: found once for all the series a check looks at."""
    return [a for a in site.in_reading_order() if a.type == "caveat"]


def _qualifying(caveats: list[Annotation], members: list[Annotation]) -> list[Annotation]:
    ids = {a.id for a in members}
    return [a for a in caveats if ids.intersection(a.related)]


def _blocking(caveats: list[Annotation], members: list[Annotation]) -> list[Annotation]:
    return [a for a in _qualifying(caveats, members) if a.blocks_comparison]


def chartable_series(site: Site) -> dict[str, list[Annotation]]:
    """The series the statistics page may draw: those no non-comparability caveat qualifies."""
    caveats = _caveats(site)
    return {series: members for series, members in series_members(site).items() if not _blocking(caveats, members)}


def blocked_series_problems(site: Site) -> list[Problem]:
    found: list[Problem] = []
    caveats = _caveats(site)
    for series, members in series_members(site).items():
        blockers = _blocking(caveats, members)
        if blockers:
            first = members[0]
            names = ", ".join(f"'{c.id}' ({c.file}:{c.line})" for c in blockers)
            found.append(_problem(
                first, f"series '{series}' is not charted: caveat {names} says its figures are not comparable.",
                f"Remove `series: {series}` from {', '.join(a.id for a in members)}; compare them in words in the notes instead.",
                "comparable_series"))
    return found


def misplaced_fields(site: Site) -> list[Problem]:
    """`parts` belongs to statistics and `blocks_comparison` to caveats (always checked)."""
    found: list[Problem] = []
    for annotation in site.annotations:
        if annotation.parts and annotation.type != "statistic":
            found.append(Problem(annotation.file, annotation.line, f"`parts` only applies to statistics, and this is a {annotation.type}.",
                                 id=annotation.id, hint="Move `parts` to the statistic that the parts break down."))
        if annotation.blocks_comparison and annotation.type != "caveat":
            found.append(Problem(annotation.file, annotation.line, f"`blocks_comparison` only applies to caveats, and this is a {annotation.type}.",
                                 id=annotation.id, hint="Put it on the caveat that says the figures are not comparable."))
    return found


# --- helpers ------------------------------------------------------------------------------------


def _line_ends(text: str) -> list[int]:
    """Where each line of `text` ends: a number's line is found by bisection, not by counting from the top."""
    ends: list[int] = []
    end = text.find("\n")
    while end != -1:
        ends.append(end)
        end = text.find("\n", end + 1)
    return ends


_T = TypeVar("_T")


class _Within(Generic[_T]):
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


def _context(document: Document, token: NumberToken) -> str:
    before = document.text[max(0, token.start - 40) : token.start].split("\n")[-1]
    after = document.text[token.end : token.end + 40].split("\n")[0]
    return f"{before}[{token.text}]{after}"


def _plain(token: NumberToken) -> str:
    if token.value is None:
        return f"{{min: {format_number(token.minimum or 0).replace(',', '')}}}, approximate: true"
    return format_number(token.value).replace(",", "")


def _site_only(check: Callable[[Site], list[Problem]]) -> Callable[[Site, Sequence[Span]], list[Problem]]:
    """A check that has no use for the excused spans, in the table's shape."""
    return lambda site, excused: check(site)


#: Each rule switch and the checks it runs, in the order an editor fixes them (names as in `RuleSettings`).
#: A check gets the site and the spans whose numbers another problem already reports.
_CHECKS: dict[str, tuple[Callable[[Site, Sequence[Span]], list[Problem]], ...]] = {
    "numbers_covered": (uncovered_numbers, _site_only(foreign_numbers_in_statistics)),
    "allegations_attributed": (_site_only(unattributed_allegations),),
    "statistics_have_units": (_site_only(statistics_without_units),),
    "caveats_linked": (_site_only(unlinked_caveats),),
    "attribution_cues": (_site_only(attribution_cue_problems),),
    "ruled_out_words": (_site_only(ruled_out_word_problems),),
    "parts_add_up": (_site_only(parts_problems),),
    "comparable_series": (_site_only(blocked_series_problems),),
}
