"""The editorial rules the build enforces, so that the site and `annotated-report check`
hold every report to the house guide (docs/editorial-guide.md), not only the tests.

Each rule is a pure function of a checked `Site` that returns `Problem`s; `check` runs the
ones a `RuleSettings` switches on. `RuleSettings` is the one table of the rules: its fields
are the options under `rules:` in `mkdocs.yml` (their names, defaults and descriptions); the
MkDocs adapter (`config.py`) derives its options from it and the command-line tool reads the
same `mkdocs.yml` options, and the core never imports MkDocs. What pages ask of the site
(coverage, charted series, breakdowns) is in `analysis.py`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from .analysis import exact_value, site_caveats, statistics_series, uncovered_tokens
from .checks import did_you_mean
from .model import Annotation, Document, Problem, Site, Span, format_number
from .numbers import NumberToken, numbers_in, value_matches
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

#: Who may be reported as saying something, and the verbs that attribute it: a sentence
#: "Critics said …", "NGOs reported …", "according to …", "… reportedly …" gives what follows
#: to someone other than the text's author (see the guide's type rules). The defaults are
#: common English wording for any subject; a site extends or replaces each list in mkdocs.yml
#: (`rules: {attribution_speakers: {extend: [...]}}`, see `CUE_LISTS`). A speaker matches as the
#: last words before the verb, so "Shipping companies reported" is "companies reported".
ATTRIBUTION_SPEAKERS: tuple[str, ...] = (
    "activists", "advocates", "analysts", "authorities", "campaigners", "commentators", "companies",
    "contacts", "critics", "diplomats", "employers", "experts", "families", "groups", "investigators",
    "journalists", "lawyers", "media", "media outlets", "NGO", "NGOs", "observers",
    "officials", "opponents", "organizations", "organisations", "police", "the police", "prosecutors",
    "reporters", "researchers", "residents", "sources", "spokespeople", "spokesperson", "spokesman",
    "spokeswoman", "survivors", "the government", "unions", "victims", "witnesses", "workers",
)
ATTRIBUTION_VERBS: tuple[str, ...] = (
    "said", "say", "says", "reported", "report", "reports", "claimed", "claim", "claims",
    "alleged", "allege", "alleges", "accused", "accuse", "accuses", "stated", "state", "states",
    "told", "noted", "note", "notes", "argued", "argue", "argues", "asserted", "assert", "asserts",
    "warned", "warn", "warns", "estimated", "estimate", "estimates", "contended", "contend", "contends",
    "insisted", "insist", "insists", "testified", "described",
    "continued to report", "continued to allege", "have said", "have reported", "have alleged", "have claimed",
    "has said", "has reported", "has alleged", "has claimed", "also reported", "also said", "also alleged",
)
ATTRIBUTION_PHRASES: tuple[str, ...] = (
    "according to", "reportedly", "allegedly", "media reports", "media reported", "is said to", "are said to",
    "were said to", "was said to",
)
#: The `rules:` options that are word lists, and the default each one starts from.
CUE_LISTS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "attribution_speakers": ATTRIBUTION_SPEAKERS,
    "attribution_verbs": ATTRIBUTION_VERBS,
    "attribution_phrases": ATTRIBUTION_PHRASES,
})

#: A contrasting clause (", but …") returns to the report's own voice.
_CONTRAST = Phrases(r",\s+but\s+")
_RULED_OUT = Phrases(r"\b(?:" + "|".join(re.escape(w.lower()) for w in RULED_OUT_WORDS) + r")\b")


def attribution_pattern(speakers: Sequence[str], verbs: Sequence[str], phrases: Sequence[str]) -> Phrases:
    """The cue pattern: a phrase, or a speaker followed by a verb, as whole words in any case."""
    def alternatives(words: Sequence[str]) -> str:
        return "|".join(re.escape(w.lower()) for w in sorted(set(words), key=len, reverse=True)) or r"(?!)"

    said = rf"(?:{alternatives(speakers)})\s+(?:{alternatives(verbs)})"
    return Phrases(rf"\b(?:{alternatives(phrases)}|{said})\b")


def _switch(default: bool, description: str) -> Any:
    """A rule switch in the table: its default and the sentence README, config and docs show."""
    return field(default=default, metadata={"description": description})


def _cue_list(name: str, description: str) -> Any:
    return field(default=CUE_LISTS[name], metadata={"description": description})


@dataclass(frozen=True)
class RuleSettings:
    """The table of the editorial rules: each field is an option under `rules:` in `mkdocs.yml`.

    Every rule about a single annotation is on unless a site switches it off. `numbers_covered`
    is a rule about a whole report (every number annotated), so it is off until a site switches
    it on, as this project's `mkdocs.yml` does, and applies only to documents whose sidecar says
    `status: complete`. The word lists say what counts as attribution (`CUE_LISTS`).
    """

    numbers_covered: bool = _switch(
        False, "Every number in a complete document (years, days and times aside) is a statistic whose value matches, "
        "or a `not_statistics` exemption.")
    allegations_attributed: bool = _switch(True, "Every allegation says who makes it (`attributed_to`).")
    statistics_have_units: bool = _switch(True, "Every statistic says what it counts (`unit`).")
    caveats_linked: bool = _switch(True, "Every caveat lists in `related` what it qualifies, including at least one statistic.")
    attribution_cues: bool = _switch(
        True, 'A passage the text gives to others ("Critics said", "according to") is an allegation or has `attributed_to`.')
    ruled_out_words: bool = _switch(True, "Notes, definitions and topic descriptions avoid the rhetoric the guide rules out.")
    parts_add_up: bool = _switch(True, "A statistic's `parts` are known statistics whose values do not exceed its own.")
    comparable_series: bool = _switch(
        True, "A `series` qualified by a caveat with `blocks_comparison: true` is not charted, and the build says so.")
    figures_follow_text: bool = _switch(
        True, "A figure a revised text no longer has is not repeated in notes, definitions or topic descriptions.")
    attribution_speakers: tuple[str, ...] = _cue_list(
        "attribution_speakers", 'Who may be said to say something ("critics", "officials"): `{extend: [...]}` or `{replace: [...]}`.')
    attribution_verbs: tuple[str, ...] = _cue_list(
        "attribution_verbs", 'The verbs after a speaker that attribute ("said", "reported"): `{extend: [...]}` or `{replace: [...]}`.')
    attribution_phrases: tuple[str, ...] = _cue_list(
        "attribution_phrases", 'Phrases that attribute on their own ("according to", "reportedly"): `{extend: [...]}` or `{replace: [...]}`.')

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The rule switches (true or false), in the order an editor fixes what they find."""
        return tuple(f.name for f in fields(cls) if f.name not in CUE_LISTS)

    @classmethod
    def options(cls) -> dict[str, tuple[object, str]]:
        """Every option under `rules:` (switches and word lists): its default and description."""
        return {f.name: (f.default, f.metadata["description"]) for f in fields(cls)}

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any] | None) -> RuleSettings:
        """Settings from the `rules:` options of mkdocs.yml; missing (or empty) options keep their default.

        Raises ValueError for an unknown rule, a switch that is not true/false or a word list
        not written `{extend: [...]}` / `{replace: [...]}`, naming the fix.
        """
        values: dict[str, Any] = {}
        known = tuple(cls.options())
        for name, value in (mapping or {}).items():
            if name not in known:
                raise ValueError(f"unknown rule '{name}'.{did_you_mean(str(name), known)} Rules: {', '.join(known)}.")
            if name in CUE_LISTS:
                if value is not None:
                    values[name] = cue_list(name, value)
            elif not isinstance(value, bool):
                raise ValueError(f"rule '{name}' must be true or false, not {value!r}.")
            else:
                values[name] = value
        return cls(**values)

    def attribution(self) -> Phrases:
        """The cue pattern these settings' word lists make."""
        return attribution_pattern(self.attribution_speakers, self.attribution_verbs, self.attribution_phrases)


def cue_list(name: str, value: Any) -> tuple[str, ...]:
    """A word-list option (`{extend: [...]}` adds to the default, `{replace: [...]}` replaces it) as its words.

    Raises ValueError saying how to write it."""
    shape = f"write `{name}: {{extend: [words]}}` to add to the default list, or `{name}: {{replace: [words]}}` to replace it"
    if not isinstance(value, Mapping) or len(value) != 1 or next(iter(value)) not in ("extend", "replace"):
        raise ValueError(f"'{name}' is {value!r}: {shape}.")
    (how, words), = value.items()
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise ValueError(f"'{name}: {{{how}: ...}}' must be a list of words or phrases, not {words!r}: {shape}.")
    if any(len(w) > 200 or "\n" in w for w in words):
        raise ValueError(f"'{name}' has a word longer than a line: give words or short phrases.")
    cleaned = tuple(" ".join(w.split()) for w in words)
    return (*CUE_LISTS[name], *cleaned) if how == "extend" else cleaned


@dataclass
class RuleMemo:
    """What the rules keep between two checks of one session (`mkdocs serve`): owned and passed by
    the caller, so a check without one computes everything and nothing outlives the caller.

    Each check keeps only the entries it used, so the memo holds one site's results at most."""

    #: Each document's cues by (pattern, text, passages): a save of one annotation file recomputes
    #: only the cues of the document it changes. The key is exact: a cue depends only on the
    #: pattern, its paragraph's text and the passage's offsets.
    cues: dict[tuple[str, str, tuple[tuple[int, int, int], ...]], tuple[str | None, ...]] = field(default_factory=dict)
    #: The ruled-out words of each text (note, definition, description) the last check read.
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)


def check(
    site: Site, settings: RuleSettings | None = None, excused: Sequence[Span] = (), memo: RuleMemo | None = None,
    *, links_dropped: Collection[str] = (),
) -> list[Problem]:
    """Every problem the switched-on rules find, in the order an editor fixes them.

    `excused`: passages of annotations left out for an error of their own (build.py); a number
    there is not reported again, since that annotation's problem is the one to fix.
    `memo`: what an earlier check of the same session computed (see `RuleMemo`); None: compute all.
    `links_dropped`: ids of annotations whose `related` lost links to annotations left out, whose
    own problems are the ones to fix (a caveat is not also told it qualifies nothing)."""
    run = _Run(site, settings or RuleSettings(), excused, memo if memo is not None else RuleMemo(), links_dropped)
    found: list[Problem] = []
    for name, rule_checks in _CHECKS.items():
        if getattr(run.settings, name):
            for rule_check in rule_checks:
                found += rule_check(run)
    found += misplaced_fields(site)
    return _not_reported_twice(site, found)


@dataclass(frozen=True)
class _Run:
    """One check: the site, the settings, what it excuses and the memo it reads and refreshes."""

    site: Site
    settings: RuleSettings
    excused: Sequence[Span]
    memo: RuleMemo
    links_dropped: Collection[str] = ()


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
    """Numbers (years, days and times aside) of complete documents that no statistic with a matching
    value covers and no exemption names. A draft (`status: draft`, the default) is not held to it yet,
    nor a document with an annotation file that could not be read: its statistics are unknown
    until the file's own error is fixed, so its numbers would be follow-on problems."""
    unread = {entry.document for entry in site.left_out if entry.unread}
    found: list[Problem] = []
    for document in site.documents:
        if document.status != "complete" or document.slug in unread or None in unread:
            continue
        line_ends: list[int] | None = None
        for token in uncovered_tokens(site, document, excused):
            line_ends = line_ends if line_ends is not None else _line_ends(document.text)
            found.append(Problem(
                document.source_file, bisect_left(line_ends, token.start) + 1,
                f"the number {token.text!r} in \"…{_context(document, token)}…\" is neither a statistic whose value matches nor exempted.",
                id=document.slug,
                hint=f"Add a statistic quoting the number and its noun (value: {_plain(token)}, unit: what it counts), "
                f"or a `not_statistics` entry with a reason if it is not a quantity (a rank, a name); while the document's "
                f"annotation is in progress, say `status: draft` in {_sidecar(document)}. {_rule('numbers_covered')}",
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


def unlinked_caveats(site: Site, links_dropped: Collection[str] = ()) -> list[Problem]:
    """A caveat names what it qualifies: unknown ids are already reported by checks.py, and a
    caveat whose links went to annotations left out (`links_dropped`) is those annotations' problem."""
    by_id = site.annotations_by_id
    found: list[Problem] = []
    for caveat in (a for a in site.annotations if a.type == "caveat" and a.id not in links_dropped):
        if not caveat.related:
            found.append(_problem(caveat, "this caveat does not say what it qualifies (`related` is empty).",
                                  "List in `related` the ids of the statistics and claims it hedges.", "caveats_linked"))
        elif not any(by_id[other].type == "statistic" for other in caveat.related if other in by_id):
            found.append(_problem(caveat, "none of the annotations this caveat qualifies is a statistic.",
                                  "Add to `related` the statistics whose figures it hedges.", "caveats_linked"))
    return found


# --- the type rule that can be checked mechanically ---------------------------------------------


def attribution_cue(annotation: Annotation, document: Document, settings: RuleSettings | None = None) -> str | None:
    """The words ("NGOs reported", "according to") that give this passage to someone else, or None.

    The cue may be in the quote or earlier in its sentence; a ", but …" clause after the cue
    returns to the report's own voice. `settings` gives the word lists (default: the defaults).
    """
    return attribution_cue_at(document, annotation.span, settings)


def attribution_cue_at(document: Document, span: Span, settings: RuleSettings | None = None) -> str | None:
    """`attribution_cue` for a passage not annotated yet (the stubs `find` and `new` write)."""
    return _Paragraph.of(document, span.paragraph).cue(span, (settings or RuleSettings()).attribution())


def attribution_cue_problems(site: Site, settings: RuleSettings | None = None, memo: RuleMemo | None = None) -> list[Problem]:
    candidates = [a for a in site.annotations if a.type != "allegation" and not (a.attributed_to or "").strip()]
    found: list[Problem] = []
    cues = _cues(site, candidates, settings or RuleSettings(), memo if memo is not None else RuleMemo())
    for annotation, cue in zip(candidates, cues, strict=True):
        if cue is None:
            continue
        if annotation.type == "statistic":
            hint = f"Add `attributed_to:` naming who reported the figure (the text says \"{cue}\")."
        else:
            hint = f"Make it `type: allegation` with `attributed_to:` (the text says \"{cue}\"), or quote only a part in the report's own voice."
        message = f"the text gives this passage to others (\"{cue}\"), but this {annotation.type} has no `attributed_to`."
        found.append(_problem(annotation, message, hint, "attribution_cues"))
    return found


def _cues(site: Site, annotations: Sequence[Annotation], settings: RuleSettings, memo: RuleMemo) -> list[str | None]:
    """`attribution_cue` of each annotation, each paragraph folded and split into sentences once.

    Annotations are visited document by document and paragraph by paragraph, so only one
    prepared paragraph is held; a document whose text and passages are those of the memo's
    last check (with the same word lists) reuses its cues."""
    pattern = settings.attribution()
    documents: dict[str, Document] = {}
    for document in site.documents:
        documents.setdefault(document.slug, document)  # the first of a slug, as `Site.document`
    by_document: dict[str, list[int]] = {}
    for index, annotation in enumerate(annotations):
        by_document.setdefault(annotation.document, []).append(index)
    cues: list[str | None] = [None] * len(annotations)
    kept: dict[tuple[str, str, tuple[tuple[int, int, int], ...]], tuple[str | None, ...]] = {}
    for slug, indexes in by_document.items():
        document = documents[slug]
        spans = [annotations[i].span for i in indexes]
        key = (pattern.caseless.pattern, document.text, tuple((span.paragraph, span.start, span.end) for span in spans))
        found = memo.cues.get(key)
        if found is None:
            found = _document_cues(document, spans, pattern)
        kept[key] = found
        for index, cue in zip(indexes, found, strict=True):
            cues[index] = cue
    memo.cues = kept
    return cues


def _document_cues(document: Document, spans: list[Span], pattern: Phrases) -> tuple[str | None, ...]:
    cues: list[str | None] = [None] * len(spans)
    paragraph: _Paragraph | None = None
    for index in sorted(range(len(spans)), key=lambda i: spans[i].paragraph):
        span = spans[index]
        if paragraph is None or paragraph.number != span.paragraph:
            paragraph = _Paragraph.of(document, span.paragraph)
        cues[index] = paragraph.cue(span, pattern)
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

    def cue(self, span: Span, cues: Phrases) -> str | None:
        """The first cue in a sentence of `span`, up to the span's end, that no ", but" before the span undoes."""
        start, end = span.start - self.start, span.end - self.start
        starts, ends = self.sentences.starts, self.sentences.ends
        folded = self.folded
        scanned, attribution, contrast = folded.scanned, cues.pattern(folded), _CONTRAST.pattern(folded)
        for index in self.sentences.overlapping(start, end):
            for match in attribution.finditer(scanned, starts[index], min(ends[index], end)):
                if contrast.search(scanned, match.end(), start) is None:
                    return folded.matched(match)
        return None


# --- words the guide rules out ------------------------------------------------------------------


def ruled_out_words(text: str) -> list[str]:
    """The ruled-out words in `text`, as written, in order."""
    return _RULED_OUT.words(text)


def ruled_out_word_problems(site: Site, memo: RuleMemo | None = None) -> list[Problem]:
    """Ruled-out words in notes, definitions and topic descriptions. With a `memo`, a text the
    last check read is not scanned again (under `mkdocs serve` a save rescans only what it changes)."""
    hint = (f"Say what the report or a cited source says; mark your own reading with \"Editor's reading:\". "
            f"{_rule('ruled_out_words')}")
    last = memo.words if memo is not None else {}
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
    if memo is not None:
        memo.words = kept
    return found


# --- figures a revised text no longer has -------------------------------------------------------


def stale_figure_problems(site: Site) -> list[Problem]:
    """Notes, definitions and topic descriptions that repeat a figure the revised text dropped.

    A re-anchored annotation (`Site.reanchored`) whose old quote held a number that its document
    no longer has (109 where the text now says 119) makes that figure stale in that document.
    Every note of an annotation on that document that repeats it is reported, once, at its own
    file and line, beside the changed figure's own problem, so an editor checks all the mentions
    in one pass. Definitions and topic descriptions belong to the whole site: one is reported
    when no document still has the figure, or when the word after it is one the old quote had
    after it ("109 inspectors" after "109 new inspectors"), so another report's 109 is left alone.
    The re-anchored annotation's own problem covers its own note."""
    stale: dict[str, dict[float, set[str]]] = {}  # document → value → the words after it in the old quote
    for outcome in site.reanchored:
        document = site.documents_by_slug.get(outcome.entry.document or "")
        if document is None or outcome.kind == "moved":
            continue
        present = {token.value for token in numbers_in(document.text)}
        for token in numbers_in(outcome.old):
            if token.value is not None and token.value not in present:
                stale.setdefault(document.slug, {}).setdefault(token.value, set()).update(_words_after(outcome.old, token.end, 3))
    if not stale:
        return []
    everywhere = {token.value for document in site.documents for token in numbers_in(document.text)}
    found: list[Problem] = []

    def flag(file: str, line: int | None, owner: str, what: str, text: str, repeated: list[tuple[NumberToken, str]]) -> None:
        if repeated:
            written = ", ".join(dict.fromkeys(token.text for token, _ in repeated))
            documents = ", ".join(sorted({slug for _, slug in repeated}))
            found.append(Problem(
                file, line, f"the {what} repeats {written}, a figure the revised text of {documents} no longer has.",
                id=owner, hint=f"Check the figure against the text as it is now and correct the {what}. {_rule('figures_follow_text')}",
            ))

    for annotation in site.annotations:
        figures = stale.get(annotation.document)
        if figures:
            flag(annotation.file, annotation.line, annotation.id, "note", annotation.note,
                 [(token, annotation.document) for token in numbers_in(annotation.note) if token.value in figures])

    def site_wide(text: str) -> list[tuple[NumberToken, str]]:
        repeated: list[tuple[NumberToken, str]] = []
        for token in numbers_in(text):
            for slug, figures in stale.items():
                after = figures.get(token.value) if token.value is not None else None
                if after is not None and (token.value not in everywhere or after & set(_words_after(text, token.end, 1))):
                    repeated.append((token, slug))
                    break
        return repeated

    for topic in site.topics:
        flag(topic.file, topic.line, topic.id, "description", topic.description, site_wide(topic.description))
    for term in site.terms:
        flag(term.file, term.line, term.term, "definition", term.definition, site_wide(term.definition))
    return found


def _words_after(text: str, offset: int, count: int) -> list[str]:
    """The next `count` words of `text` after `offset`, lowercased (what a figure counts)."""
    return [word.lower() for word in re.findall(r"[^\W\d_]+", text[offset : offset + 80])[:count]]


# --- parts: arithmetic the build verifies -------------------------------------------------------


def parts_problems(site: Site) -> list[Problem]:
    """`parts` name known statistics with exact values that do not add up to more than the whole."""
    by_id = site.annotations_by_id
    left_out = {entry.id for entry in site.left_out if entry.id}  # each reported once, for its own error
    found: list[Problem] = []
    for annotation in site.annotations:
        if not annotation.parts or annotation.type != "statistic":
            continue
        whole = exact_value(annotation)
        if whole is None:
            found.append(_problem(annotation, "a statistic with `parts` needs an exact `value`.", "Give a single number, or remove `parts`.", "parts_add_up"))
            continue
        values: list[float] = []
        for part_id in annotation.parts:
            part = by_id.get(part_id)
            if part_id == annotation.id:
                found.append(_problem(annotation, "`parts` names this statistic itself.", "Remove its own id from `parts`.", "parts_add_up"))
            elif part is None and part_id in left_out:
                continue
            elif part is None:
                found.append(_problem(annotation, f"`parts` names '{part_id}', which is not an annotation.{did_you_mean(part_id, by_id)}",
                                      "Use the ids of the statistics that break this figure down.", "parts_add_up"))
            elif part.type != "statistic":
                found.append(_problem(annotation, f"`parts` names '{part_id}', which is a {part.type}, not a statistic.",
                                      "Name only statistics in `parts`.", "parts_add_up"))
            elif exact_value(part) is None:
                found.append(_problem(annotation, f"part '{part_id}' has no exact value ({part.value}), so it cannot be added up.",
                                      "Name only statistics with a single number in `parts`.", "parts_add_up"))
            else:
                values.append(exact_value(part) or 0.0)
        if values and sum(values) > whole:
            added = " + ".join(format_number(v) for v in values)
            found.append(_problem(
                annotation, f"its parts add up to {format_number(sum(values))} ({added}), more than its value {format_number(whole)}.",
                "Check the values, or whether the parts really break down this figure.", "parts_add_up"))
    return found


def blocked_series_problems(site: Site) -> list[Problem]:
    """Series of two years or more that a non-comparability caveat keeps out of the charts
    (`analysis.comparable_series` is the page's side of the same rule)."""
    found: list[Problem] = []
    caveats = [c for c in site_caveats(site) if c.blocks_comparison]
    for series, members in statistics_series(site.in_reading_order()).items():
        ids = {a.id for a in members}
        blockers = [c for c in caveats if ids.intersection(c.related)]
        if blockers and len({a.year for a in members}) >= 2:
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


def _sidecar(document: Document) -> str:
    """Where a document's status is written: its `.yml` beside the text."""
    return document.source_file.rsplit(".", 1)[0] + ".yml"


def _context(document: Document, token: NumberToken) -> str:
    before = document.text[max(0, token.start - 40) : token.start].split("\n")[-1]
    after = document.text[token.end : token.end + 40].split("\n")[0]
    return f"{before}[{token.text}]{after}"


def _plain(token: NumberToken) -> str:
    if token.value is None:
        return f"{{min: {format_number(token.minimum or 0).replace(',', '')}}}, approximate: true"
    return format_number(token.value).replace(",", "")


def _site_only(check: Callable[[Site], list[Problem]]) -> Callable[[_Run], list[Problem]]:
    """A check that needs only the site, in the table's shape."""
    return lambda run: check(run.site)


#: Each rule switch and the checks it runs, in the order an editor fixes them (names as in `RuleSettings`).
#: A check gets the run: the site, the settings, the spans whose numbers another problem already
#: reports, and the memo.
_CHECKS: dict[str, tuple[Callable[[_Run], list[Problem]], ...]] = {
    "numbers_covered": (lambda run: uncovered_numbers(run.site, run.excused), _site_only(foreign_numbers_in_statistics)),
    "allegations_attributed": (_site_only(unattributed_allegations),),
    "statistics_have_units": (_site_only(statistics_without_units),),
    "caveats_linked": (lambda run: unlinked_caveats(run.site, run.links_dropped),),
    "attribution_cues": (lambda run: attribution_cue_problems(run.site, run.settings, run.memo),),
    "ruled_out_words": (lambda run: ruled_out_word_problems(run.site, run.memo),),
    "parts_add_up": (_site_only(parts_problems),),
    "comparable_series": (_site_only(blocked_series_problems),),
    "figures_follow_text": (_site_only(stale_figure_problems),),
}
