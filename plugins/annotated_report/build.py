"""One pass from files to a checked, anchored `Site`: the only entry point of the core.

The MkDocs plugin and the command-line tool both call `build_site`, so the site and
`annotated-report check` can never disagree about what is valid.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from . import checks, loading, rules
from .anchoring import Anchored, DocumentIndex, anchor
from .cache import document_index
from .loading import Entry
from .model import Annotation, Document, Exemption, Problem, Site


def build_site(seeds_dir: Path, annotations_dir: Path, root: Path | None = None, rule_settings: rules.RuleSettings | None = None) -> Site:
    """Read, validate and anchor everything; problems are collected, never raised.

    The editorial rules (`rules.py`) run on the assembled site; `rule_settings` switches them
    (default: all on)."""
    root = root if root is not None else annotations_dir.parent
    loaded = loading.load(seeds_dir, annotations_dir, root)
    problems = loaded.problems
    left_out = loaded.left_out
    indexes = {document.slug: document_index(document) for document in loaded.documents}  # reused across serve rebuilds

    entries = checks.unique_ids(loaded.annotations, problems, left_out)
    entries = _in_known_documents(entries, loaded.documents, problems, left_out)
    annotations: list[Annotation] = []
    for entry in entries:
        placed = _place(entry, indexes[entry.document], problems)  # type: ignore[index]
        if placed is None:
            left_out.append(f"{entry.id} ({entry.file}:{entry.line})")
        else:
            annotations.append(_annotation(entry, placed, indexes[entry.document].document))  # type: ignore[index]

    exemptions: list[Exemption] = []
    for entry in _in_known_documents(loaded.exemptions, loaded.documents, problems, left_out):
        placed = _place(entry, indexes[entry.document], problems)  # type: ignore[index]
        if placed is not None:
            exemptions.append(Exemption(entry.document or "", placed, str(entry.fields["reason"]), entry.file, entry.line))

    topics = checks.unique_topics(loaded.topics, problems)
    left_out_ids = loaded.written_ids - {annotation.id for annotation in annotations}
    annotations = checks.check_references(annotations, {t.id for t in topics}, left_out_ids, problems)
    for annotation in annotations:
        problems.extend(checks.check_statistic(annotation))
    terms = checks.check_see_also(checks.unique_terms(loaded.terms, problems), problems)

    site = Site(
        documents=tuple(loaded.documents),
        annotations=tuple(annotations),
        topics=tuple(topics),
        terms=tuple(sorted(terms, key=lambda term: term.term.lower())),
        exemptions=tuple(exemptions),
        problems=tuple(sorted(problems, key=lambda p: (p.file, p.line or 0))),  # as an editor reads them
        left_out=tuple(left_out),
    )
    problems += rules.check(site, rule_settings)  # the house guide's rules, on the assembled site
    return dataclasses.replace(site, problems=tuple(sorted(problems, key=lambda p: (p.file, p.line or 0))))


def _in_known_documents(entries: list[Entry], documents: list[Document], problems: list[Problem], left_out: list[str]) -> list[Entry]:
    """Entries whose `document` exists; one problem per file that names an unknown one."""
    slugs = {document.slug for document in documents}
    reported: set[str] = set()
    kept: list[Entry] = []
    for entry in entries:
        if entry.document in slugs:
            kept.append(entry)
            continue
        if entry.file not in reported:
            reported.add(entry.file)
            problems.append(Problem(
                entry.file, entry.document_line,
                f"document '{entry.document}' is not in the seeds folder.{checks.did_you_mean(entry.document or '', slugs)}",
                hint=f"Use one of: {', '.join(sorted(slugs)) or '(no documents yet)'}. Everything in this file was left out.",
            ))
        left_out.append(f"{entry.id or 'an exemption'} ({entry.file}:{entry.line})")
    return kept


def _place(entry: Entry, index: DocumentIndex, problems: list[Problem]) -> Any:
    """The entry's span, or None after reporting why it cannot be placed."""
    result = anchor(index, entry.fields["quote"], entry.fields.get("prefix"), entry.fields.get("suffix"))
    if isinstance(result, Anchored):
        if result.warning is not None:
            problems.append(Problem(entry.file, entry.line, result.warning.message, id=entry.id, hint=result.warning.hint))
        return result.span
    problems.append(Problem(entry.file, entry.line, result.message, id=entry.id, hint=result.hint))
    return None


def _annotation(entry: Entry, span: Any, document: Document) -> Annotation:
    fields = entry.fields
    return Annotation(
        id=fields["id"],
        type=fields["type"],
        document=document.slug,
        quote=document.text[span.start : span.end],
        span=span,
        note=str(fields.get("note") or ""),
        topics=tuple(fields.get("topics") or ()),
        related=tuple(fields.get("related") or ()),
        attributed_to=fields.get("attributed_to"),
        sources=loading.sources_of(fields.get("sources")),
        value=loading.value_of(fields.get("value"), bool(fields.get("approximate"))),
        unit=fields.get("unit"),
        year=fields.get("year"),
        series=fields.get("series"),
        parts=tuple(fields.get("parts") or ()),
        blocks_comparison=bool(fields.get("blocks_comparison")),
        file=entry.file,
        line=entry.line,
    )
