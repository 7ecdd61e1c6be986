"""One pass from files to a checked, anchored `Site`: the only entry point of the core.

The MkDocs plugin and the command-line tool both call `build_site`, so the site and
`annotated-report check` can never disagree about what is valid. An annotation with an
error of its own is left out of the site and listed in `Site.left_out`.

An annotation whose quote is gone from a revised seed is re-anchored here (`reanchor.py`),
so the build and `check` report the same `moved` (a warning: shown at the new text),
`changed-figure` and `orphaned` (errors: left out) and list them in `Site.reanchored`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from . import checks, limits, loading, reanchor, rules
from .anchoring import Anchored, DocumentIndex, anchor
from .entries import AnnotationFields, Entry
from .model import Annotation, Document, Exemption, LeftOut, Outcome, Problem, Site, Span


@dataclasses.dataclass(frozen=True)
class Placed:
    """What placing one annotation entry in its document gave: its span (None: left out),
    the problems and re-anchoring outcomes reported on the way, and the published annotation."""

    entry: Entry
    index: DocumentIndex
    span: Span | None
    problems: tuple[Problem, ...]
    reanchored: tuple[Outcome, ...]
    annotation: Annotation | None


@dataclasses.dataclass
class BuildMemo:
    """What `build_site` keeps from one build to the next of a session (`session.Session.build`).

    Each piece is keyed by what its value is made of: an annotation file's parsed entries by its
    path and a hash of its text; a document prepared for anchoring by its slug and a hash of its
    text; an entry's placement by the identity of its parsed entry (reused while its file is
    unchanged) and of its prepared document."""

    parsed: dict[str, tuple[bytes, loading.Loaded]] = dataclasses.field(default_factory=dict)
    indexes: dict[str, tuple[bytes, DocumentIndex]] = dataclasses.field(default_factory=dict)
    placements: dict[int, Placed] = dataclasses.field(default_factory=dict)
    #: What the editorial rules reuse from the last check (`rules.RuleMemo`).
    rules: rules.RuleMemo = dataclasses.field(default_factory=rules.RuleMemo)


def build_site(seeds_dir: Path, annotations_dir: Path, root: Path | None = None, rule_settings: rules.RuleSettings | None = None,
               memo: BuildMemo | None = None, parsed: dict[str, tuple[bytes, loading.Loaded]] | None = None) -> Site:
    """Read, validate and anchor everything; problems are collected, never raised.

    The editorial rules (`rules.py`) run on the assembled site; `rule_settings` switches them
    (default: all on). `memo` (a serving session's) keeps each file's parsed entries, each
    document's prepared text and each entry's placement, so a rebuild redoes only what an edit
    touched; without one, nothing is kept. `parsed` (without `memo`): files parsed ahead, by
    another process, in the shape `memo.parsed` keeps them; a file whose text differs is parsed again."""
    root = root if root is not None else annotations_dir.parent
    loaded = loading.load(seeds_dir, annotations_dir, root, parsed=memo.parsed if memo else parsed)
    problems = loaded.problems
    left_out = loaded.left_out
    indexes = {document.slug: _document_index(document, memo) for document in loaded.documents}

    entries = checks.unique_ids(loaded.annotations, problems, left_out)
    loaded.annotations = []  # `entries` is the one list of them now (freed below)
    annotations: list[Annotation] = []
    reanchored: list[Outcome] = []
    placements: dict[int, Placed] = {}
    previous = memo.placements if memo else {}
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per combination of topics

    def place(entry: Entry, index: DocumentIndex) -> Placed:
        return _placed(entry, index, shared)

    for entry, index in _in_known_documents(entries, indexes, loaded.unusable_documents, problems, left_out):
        placed = _placement(entry, index, previous, place)  # reused under serve while entry and text are unchanged
        placements[id(entry)] = placed
        problems.extend(placed.problems)
        reanchored.extend(placed.reanchored)
        if placed.annotation is None:
            left_out.append(checks.left_out_entry(entry, placed.problems[0].message if placed.problems else "its quote could not be placed"))
        else:
            annotations.append(placed.annotation)
    if memo:
        memo.placements = placements  # only this build's: an entry gone stays gone
    del placements, previous
    annotations = _per_paragraph_cap(annotations, problems, left_out)
    # The parsed YAML of every annotation is not needed past this point: the annotations hold
    # their values, `lines` where each field was written (for the checks' messages). Freed
    # now, it is not held beside the three passes below (a third of build_site's peak).
    lines = {entry.id: entry.field_lines for entry in entries if entry.id}
    del entries

    exemptions: list[Exemption] = []
    for entry, index in _in_known_documents(loaded.exemptions, indexes, loaded.unusable_documents, problems, left_out):
        span = _place(entry, index, problems)
        if span is not None:
            exemptions.append(Exemption(index.document.slug, span, str(entry.fields.get("reason", "")), entry.file, entry.line))

    topics = checks.unique_topics(loaded.topics, problems)
    statistics = [(a.id, a.span) for a in annotations if a.type == "statistic"]  # not every placed annotation kept alive
    caveat_links = {a.id: len(a.related) for a in annotations if a.type == "caveat" and a.related}
    annotations = _without_own_errors(annotations, checks.Context({t.id for t in topics}, loaded.written_ids, loaded.broken_ids, lines), problems, left_out)
    del lines
    # Where a statistic left out for its own error stood (or, for a changed figure, the passage it
    # would move to): a number there is part of that one problem, not a second one.
    published = {annotation.id for annotation in annotations}
    excused = [span for annotation_id, span in statistics if annotation_id not in published] + [
        o.span for o in reanchored if o.kind == "changed-figure" and o.span and o.entry.fields.get("type") == "statistic"]
    # Caveats whose links went to annotations left out (or into a file that cannot be read): what
    # they qualify is that other problem's to report, not a second one.
    links_dropped = {a.id for a in annotations if a.id in caveat_links and len(a.related) < caveat_links[a.id]}
    terms = checks.check_see_also(checks.unique_terms(loaded.terms, problems), problems)

    site = Site(
        documents=tuple(loaded.documents),
        annotations=tuple(annotations),
        topics=tuple(topics),
        terms=tuple(sorted(terms, key=lambda term: term.term.lower())),
        exemptions=tuple(exemptions),
        left_out=tuple(_clean(entry) for entry in left_out),
        reanchored=tuple(reanchored),
    )
    # the house guide's rules, on the assembled site
    problems += rules.check(site, rule_settings, excused, memo.rules if memo else None, links_dropped=links_dropped)
    return dataclasses.replace(site, problems=tuple(sorted((_safe(p) for p in problems), key=lambda p: (p.file, p.line or 0))))  # as an editor reads them


def _document_index(document: Document, memo: BuildMemo | None) -> DocumentIndex:
    """The document prepared for anchoring (normalizing is the costly part), reused under serve
    while its text is unchanged: a rebuild after an annotation edit matches quotes against the
    same prepared text."""
    if memo is None:
        return DocumentIndex(document)
    key = hashlib.blake2b(document.text.encode("utf-8", "surrogatepass"), digest_size=20).digest()
    cached = memo.indexes.get(document.slug)
    if cached is not None and cached[0] == key:
        index = cached[1]
        if index.strict.text is index.document.text:  # shared with the document it was made from: share the new one's
            index.strict = dataclasses.replace(index.strict, text=document.text)
        index.document = document  # the same text; the sidecar's metadata may differ
        return index
    index = DocumentIndex(document)
    memo.indexes[document.slug] = (key, index)
    return index


def _placement(entry: Entry, index: DocumentIndex, previous: dict[int, Placed], place: Callable[[Entry, DocumentIndex], Placed]) -> Placed:
    """The entry's placement, reused while neither the entry (its file's text) nor its document's
    text changed: anchoring is a pure function of the two. `previous` holds the last build's
    placements by the id of their entry, kept alive by `Placed.entry`, so an id cannot have
    been reused for another entry."""
    cached = previous.get(id(entry))
    if cached is None or cached.entry is not entry or cached.index is not index:
        cached = place(entry, index)
    return cached


def _clean(entry: LeftOut) -> LeftOut:
    """No raw newline or escape code in what a summary or a page shows of a left-out entry."""
    return dataclasses.replace(
        entry, file=limits.clean(entry.file), id=limits.clean(entry.id) if entry.id else entry.id,
        quote=limits.clean(entry.quote) if entry.quote else entry.quote, reason=limits.clean(entry.reason),
    )


def _safe(problem: Problem) -> Problem:
    """The last guard against log forging: no message may carry a raw newline or escape code."""
    return dataclasses.replace(
        problem, file=limits.clean(problem.file), message=limits.clean(problem.message),
        id=limits.clean(problem.id) if problem.id else problem.id, hint=limits.clean(problem.hint) if problem.hint else problem.hint,
    )


def _without_own_errors(annotations: list[Annotation], context: checks.Context, problems: list[Problem], left_out: list[LeftOut]) -> list[Annotation]:
    """Cross-reference and statistic checks; an annotation with an error of its own is left out.

    A link to an annotation that is itself left out is reported, but does not take this one
    down with it: one mistake, one annotation off the site.
    """
    checked = checks.check_references(annotations, context, problems)
    kept: list[Annotation] = []
    for annotation, own_errors in checked:
        own_errors += checks.check_statistic(annotation, context.lines.get(annotation.id, {}))
        problems.extend(own_errors)
        if own_errors:
            left_out.append(_left_out_annotation(annotation, own_errors[0].message))
        else:
            kept.append(annotation)
    # Links to annotations left out just now are dropped quietly: their own problem says why.
    published = {annotation.id for annotation in kept}
    return [a if all(r in published for r in a.related) else dataclasses.replace(a, related=tuple(r for r in a.related if r in published))
            for a in kept]


def _in_known_documents(
    entries: list[Entry], indexes: dict[str, DocumentIndex], unusable: dict[str, str], problems: list[Problem], left_out: list[LeftOut]
) -> list[tuple[Entry, DocumentIndex]]:
    """Entries whose `document` exists, with its index; one problem per file that names another."""
    reported: dict[str, str] = {}  # file → why its entries are left out (reported once)
    kept: list[tuple[Entry, DocumentIndex]] = []
    for entry in entries:
        index = indexes.get(entry.document or "")
        if index is not None:
            kept.append((entry, index))
            continue
        if entry.file not in reported:
            slug = entry.document or ""
            if slug in unusable:
                message = f"document '{slug}' is not published: {unusable[slug]}."
                hint = "Fix the text first. Everything in this file was left out."
            else:
                message = f"document '{slug}' is not in the seeds folder.{checks.did_you_mean(slug, indexes)}"
                hint = f"Use one of: {', '.join(sorted(indexes)) or '(no documents yet)'}. Everything in this file was left out."
            problems.append(Problem(entry.file, entry.document_line, message, hint=hint))
            reported[entry.file] = message
        left_out.append(checks.left_out_entry(entry, reported[entry.file]))
    return kept


def _placed(entry: Entry, index: DocumentIndex, shared: dict[tuple[str, ...], tuple[str, ...]]) -> Placed:
    """Place one annotation entry: its span, what was reported, and the published annotation."""
    problems: list[Problem] = []
    reanchored: list[Outcome] = []
    span = _place(entry, index, problems, reanchored)
    annotation = None if span is None else _annotation(entry, span, index.document, shared)
    return Placed(entry, index, span, tuple(problems), tuple(reanchored), annotation)


def _place(entry: Entry, index: DocumentIndex, problems: list[Problem], reanchored: list[Outcome] | None = None) -> Span | None:
    """The entry's span, or None after reporting (at the `quote:` line) why it cannot be placed.

    With `reanchored` (annotations, not exemptions), a quote that is nowhere in the text is
    re-anchored: its outcome's problem replaces "quote not found", and a `moved` quote is
    placed at its new text.
    """
    fields = entry.fields
    result = anchor(index, fields.get("quote", ""), fields.get("prefix"), fields.get("suffix"))
    if isinstance(result, Anchored):
        if result.warning is not None:
            problems.append(Problem(
                entry.file, entry.line_of("prefix" if "prefix" in fields else "suffix"), result.warning.message,
                id=entry.id, hint=result.warning.hint,
            ))
        return result.span
    if result.not_found and reanchored is not None:
        outcome = reanchor.reanchor_entry(index, entry)
        reanchored.append(outcome)
        problems.append(reanchor.outcome_problem(outcome))
        return outcome.span if outcome.kind == "moved" else None
    problems.append(Problem(entry.file, entry.line_of("quote"), result.message, id=entry.id, hint=result.hint))
    return None


def _per_paragraph_cap(annotations: list[Annotation], problems: list[Problem], left_out: list[LeftOut]) -> list[Annotation]:
    """At most `MAX_ANNOTATIONS_PER_PARAGRAPH` per paragraph: beyond that a page grows without bound."""
    counts: dict[tuple[str, int], int] = {}
    for annotation in annotations:
        key = (annotation.document, annotation.span.paragraph)
        counts[key] = counts.get(key, 0) + 1
    kept: list[Annotation] = []
    seen: dict[tuple[str, int], int] = {}
    for annotation in annotations:
        key = (annotation.document, annotation.span.paragraph)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= limits.MAX_ANNOTATIONS_PER_PARAGRAPH:
            kept.append(annotation)
            continue
        if seen[key] == limits.MAX_ANNOTATIONS_PER_PARAGRAPH + 1:
            problems.append(Problem(
                annotation.file, annotation.line,
                f"paragraph {key[1]} of {key[0]} has {counts[key]:,} annotations; the limit is {limits.MAX_ANNOTATIONS_PER_PARAGRAPH}, "
                f"so this one and the {counts[key] - seen[key]:,} after it were left out.",
                id=annotation.id, hint="Merge annotations that say the same thing, or annotate the passage once.",
            ))
        left_out.append(_left_out_annotation(annotation, f"paragraph {key[1]} has more than {limits.MAX_ANNOTATIONS_PER_PARAGRAPH} annotations"))
    return kept


def _left_out_annotation(annotation: Annotation, reason: str) -> LeftOut:
    return LeftOut(annotation.file, annotation.line, annotation.id, annotation.document, annotation.quote, reason)


def _annotation(entry: Entry, span: Span, document: Document, shared: dict[tuple[str, ...], tuple[str, ...]]) -> Annotation:
    """The published annotation. Names that repeat across thousands of annotations (type,
    topic and related ids, unit, series) are interned: the YAML parser made one string per
    occurrence, and the Site keeps them for the whole build."""
    fields = cast(AnnotationFields, entry.fields)  # entries of `annotations:` (see loading)
    return Annotation(
        id=entry.id or "",
        type=_intern(fields.get("type", "claim")),
        document=document.slug,
        quote=document.text[span.start : span.end],
        span=span,
        note=str(fields.get("note") or ""),
        topics=_shared(tuple(map(_intern, fields.get("topics") or ())), shared),
        related=tuple(map(_intern, fields.get("related") or ())),
        attributed_to=_intern(fields.get("attributed_to")),
        sources=loading.sources_of(fields.get("sources")),
        value=loading.value_of(fields.get("value"), bool(fields.get("approximate"))),
        unit=_intern(fields.get("unit")),
        year=fields.get("year"),
        series=_intern(fields.get("series")),
        parts=tuple(map(_intern, fields.get("parts") or ())),
        blocks_comparison=bool(fields.get("blocks_comparison")),
        file=entry.file,
        line=entry.line,
    )


_T = TypeVar("_T")


def _intern(value: _T) -> _T:
    """One shared string for a name written many times (anything else as it is)."""
    return cast(_T, sys.intern(value)) if isinstance(value, str) else value


def _shared(names: tuple[str, ...], shared: dict[tuple[str, ...], tuple[str, ...]]) -> tuple[str, ...]:
    """One tuple for every annotation tagged with the same topics: a site has few topics, so
    their combinations repeat across thousands of annotations (a tuple each: 1 MiB at N = 400)."""
    try:
        return shared.setdefault(names, names)
    except TypeError:  # not hashable (a value the schema would have refused): as it is
        return names
