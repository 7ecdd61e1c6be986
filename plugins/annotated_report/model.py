"""The domain model: plain, frozen values that every other module reads.

Nothing here knows about YAML, HTML or MkDocs. A `Site` is built once per build
(see `build.py`) and every page and export is rendered from that one value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, Protocol

AnnotationType = Literal["claim", "statistic", "caveat", "allegation"]
#: Whether a document's annotation is finished (its sidecar's `status`).
DocumentStatus = Literal["draft", "complete"]

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A URL- and id-safe form of a title or term: lowercase ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_DROP.sub("-", ascii_text.lower()).strip("-") or "item"

@dataclass(frozen=True)
class AnnotationKind:
    """One of the four types: how pages name it, its mark in the text, what it means."""

    name: AnnotationType
    label: str
    plural: str
    mark: str
    description: str


#: The one table of the four types, in the order the legend and indexes show them. The
#: schema's `type` enum is the keys; labels, plurals, marks and descriptions come from here.
TYPES: dict[str, AnnotationKind] = {
    kind.name: kind
    for kind in (
        AnnotationKind("claim", "Claim", "Claims", "C",
                       "What the report states as fact or judgement: laws, government actions, assessments."),
        AnnotationKind("statistic", "Statistic", "Statistics", "S",
                       "A figure in the text: a count, a range or a quantity, with its unit and year."),
        AnnotationKind("caveat", "Caveat", "Caveats", "!",
                       "A hedge on the data: what is incomplete, uncertain or not comparable."),
        AnnotationKind("allegation", "Allegation", "Allegations", "A",
                       "What someone else (NGOs, media, observers, victims) alleges or reports."),
    )
}

#: The four kinds of annotation, in table order.
ANNOTATION_TYPES: tuple[AnnotationType, ...] = tuple(kind.name for kind in TYPES.values())
#: What each type means, for the legend and the type index pages (views of `TYPES`).
TYPE_DESCRIPTIONS: dict[str, str] = {name: kind.description for name, kind in TYPES.items()}
TYPE_PLURALS: dict[str, str] = {name: kind.plural for name, kind in TYPES.items()}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing an editor must fix, located as precisely as we can.

    Problems are values: checks return them, the MkDocs plugin logs them as warnings
    (so `--strict` fails) and the command-line tool prints them. One source of truth.
    """

    file: str
    line: int | None
    message: str
    id: str | None = None
    hint: str | None = None
    #: "warning" when the annotation is still published (a moved quote), else "error".
    severity: Literal["error", "warning"] = "error"
    #: What re-anchoring found for a quote that is gone: "moved", "orphaned" or "changed-figure".
    kind: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        who = f" {self.id}:" if self.id else ""
        hint = f" {self.hint}" if self.hint else ""
        return f"{where}:{who} {self.message}{hint}"


class Paragraph:
    """One line of a seed file: `number` counts from 1, `start` and `end` are offsets in the text.

    `Paragraph(number, start, text)` holds its own text; `Paragraph.within(document_text, …)`
    holds only its place in the document's text and slices its `text` from it when asked.
    A copy per paragraph held every document twice for the whole build (4 MB at N = 100).
    """

    __slots__ = ("_offset", "_source", "end", "number", "start")
    number: int
    start: int
    end: int
    _source: str  # the paragraph's own text, or the document's
    _offset: int  # where `_source` starts in the document

    def __init__(self, number: int, start: int, text: str) -> None:
        self._set(number, start, start + len(text), text, start)

    @classmethod
    def within(cls, document_text: str, number: int, start: int, end: int) -> Paragraph:
        """The paragraph document_text[start:end], sharing the document's string."""
        paragraph = cls.__new__(cls)
        paragraph._set(number, start, end, document_text, 0)
        return paragraph

    def _set(self, number: int, start: int, end: int, source: str, offset: int) -> None:
        for name, value in (("number", number), ("start", start), ("end", end), ("_source", source), ("_offset", offset)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Paragraph is frozen: cannot set {name!r}")

    @property
    def text(self) -> str:
        """The paragraph's characters (a slice of the document's text, made on each read)."""
        source, offset = self._source, self._offset
        if offset == self.start and len(source) == self.end - self.start:
            return source
        return source[self.start - offset : self.end - offset]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Paragraph):
            return NotImplemented
        return (self.number, self.start, self.end) == (other.number, other.start, other.end) and self.text == other.text

    def __hash__(self) -> int:
        return hash((self.number, self.start, self.end, self.text))

    def __repr__(self) -> str:
        return f"Paragraph(number={self.number!r}, start={self.start!r}, text={self.text!r})"


@dataclass(frozen=True, slots=True)
class Document:
    """A report text from `seeds/<slug>.txt` and the metadata of its `.yml` sidecar."""

    slug: str
    title: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    source_file: str
    metadata: dict[str, object] = field(default_factory=dict, hash=False, compare=False)

    @property
    def description(self) -> str:
        value = self.metadata.get("description")
        return str(value) if value else self.title

    @property
    def status(self) -> DocumentStatus:
        """`complete` when the sidecar says so, else `draft`: only a complete document is held
        to the whole-document rules (`numbers_covered`), and a draft's pages say "annotation in progress"."""
        return "complete" if self.metadata.get("status") == "complete" else "draft"

    @property
    def licence(self) -> str | None:
        """The text's licence as its sidecar gives it (`licence`, or the older spelling `license`)."""
        value = self.metadata.get("licence") or self.metadata.get("license")
        return str(value) if value else None

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]


@dataclass(frozen=True, slots=True)
class Span:
    """Where a quote sits: offsets into the document's original text (not the normalized one)."""

    document: str
    paragraph: int
    start: int
    end: int

    def contains(self, other: Span) -> bool:
        return self.document == other.document and self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    url: str | None = None


def format_number(number: float) -> str:
    """12814.0 → '12,814'; 2.5 → '2.5': whole numbers without a decimal point."""
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,}"


@dataclass(frozen=True, slots=True)
class Value:
    """A statistic's value: an exact number, or a range whose ends may be open.

    `approximate` marks a vague quantity such as "hundreds" (then `minimum` is what the
    word implies at least, and the note explains the reading).
    """

    exact: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    approximate: bool = False

    def __str__(self) -> str:
        fmt = format_number
        if self.exact is not None:
            return ("about " if self.approximate else "") + fmt(self.exact)
        if self.minimum is not None and self.maximum is not None:
            return f"{fmt(self.minimum)}–{fmt(self.maximum)}"
        if self.minimum is not None:
            return f"at least {fmt(self.minimum)}"
        if self.maximum is not None:
            return f"at most {fmt(self.maximum)}"
        return "unspecified"


@dataclass(frozen=True, slots=True)
class Annotation:
    """One editor's annotation, anchored in its document."""

    id: str
    type: AnnotationType
    document: str
    quote: str
    span: Span
    note: str = ""
    topics: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    attributed_to: str | None = None
    sources: tuple[Source, ...] = ()
    value: Value | None = None
    unit: str | None = None
    year: int | None = None
    series: str | None = None
    parts: tuple[str, ...] = ()
    blocks_comparison: bool = False
    file: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Exemption:
    """A number in the text that is deliberately not a statistic (a rank, a name), with why."""

    document: str
    span: Span
    reason: str
    file: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    title: str
    description: str = ""
    file: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary entry; `aliases` are other spellings that link to it (acronyms, plurals)."""

    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    file: str = ""
    line: int | None = None

    @property
    def slug(self) -> str:
        return slugify(self.term)


@dataclass(frozen=True)
class Colophon:
    """Who stands behind the publication (the plugin's `colophon:` options): shown on the home
    and report pages, in each note's citation and in the data exports."""

    publisher: str = ""
    editors: tuple[str, ...] = ()
    #: The date the notes were last reviewed, ISO 8601 (YYYY-MM-DD).
    reviewed: str = ""
    #: Where readers send corrections: an http(s) address or a mailto: link.
    corrections: str = ""
    #: The licences are the project's to state: empty (not set) claims none, and the pages
    #: then point to the repository's licence instead of presuming one.
    annotations_licence: str = ""
    annotations_licence_url: str = ""
    code_licence: str = ""


class EntryRef(Protocol):
    """What an outcome keeps of the annotation entry it was made for (`entries.Entry` is one):
    where it is written, so a message and `check --fix` can point at it."""

    @property
    def fields(self) -> Mapping[str, Any]: ...
    @property
    def id(self) -> str | None: ...
    @property
    def document(self) -> str | None: ...
    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int | None: ...
    def line_of(self, name: str) -> int | None: ...


#: What re-anchoring found for a quote that is gone: shown at the new text, or left out.
OutcomeKind = Literal["moved", "orphaned", "changed-figure"]


@dataclass(frozen=True)
class Outcome:
    """What became of one annotation whose quote is no longer in its (revised) document
    (`reanchor.py` finds it; `reanchor.outcome_problem` says it)."""

    kind: OutcomeKind
    entry: EntryRef
    old: str
    new: str | None = None
    span: Span | None = None
    similarity: float = 0.0
    old_figures: tuple[str, ...] = ()
    new_figures: tuple[str, ...] = ()
    closest: str | None = None


@dataclass(frozen=True, slots=True)
class LeftOut:
    """An annotation (or exemption) that is not on the site, and why: its own problem is reported
    elsewhere, once; this is what a page may show where its highlight would have been.

    `unread`: its file could not be read (a YAML error), so only its id and line are known (no
    quote); `str()` is the label the build's summary lists, "id (file:line)".
    """

    file: str
    line: int | None
    id: str | None = None
    document: str | None = None
    quote: str | None = None
    reason: str = ""
    unread: bool = False
    exemption: bool = False

    def __str__(self) -> str:
        if self.id is None and self.line is None:
            return f"every annotation in {self.file}"
        return f"{self.id or ('an exemption' if self.exemption else 'the entry')} ({self.file}:{self.line})"


@dataclass(frozen=True)
class Site:
    """Everything a build publishes, checked and anchored, plus what was wrong."""

    documents: tuple[Document, ...]
    annotations: tuple[Annotation, ...]
    topics: tuple[Topic, ...] = ()
    terms: tuple[Term, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    problems: tuple[Problem, ...] = ()
    #: Annotations not published, each with its document, quote and reason (`LeftOut`).
    left_out: tuple[LeftOut, ...] = ()
    #: Annotations whose exact quote is gone, re-anchored (`Outcome`): moved ones are
    #: published at their new text, the others left out; `check --fix` rewrites the moved quotes.
    reanchored: tuple[Outcome, ...] = ()

    def document(self, slug: str) -> Document:
        return self.documents_by_slug[slug]

    @cached_property
    def documents_by_slug(self) -> dict[str, Document]:
        """Looked up once per annotation by pages and exports: a dict, not a walk of every
        document (the first document wins, as the walk did)."""
        return {document.slug: document for document in reversed(self.documents)}

    def annotation(self, annotation_id: str) -> Annotation:
        return self.annotations_by_id[annotation_id]

    @cached_property
    def annotations_by_id(self) -> dict[str, Annotation]:
        return {annotation.id: annotation for annotation in self.annotations}

    def annotations_in(self, slug: str) -> list[Annotation]:
        """A document's annotations in reading order (outer before inner at the same start)."""
        return list(self._by_document.get(slug, ()))

    @cached_property
    def _by_document(self) -> dict[str, list[Annotation]]:
        """Sorted once: every page of a build reads the same frozen Site."""
        grouped: dict[str, list[Annotation]] = {}
        for annotation in sorted(self.annotations, key=lambda a: (a.span.start, -a.span.end, a.id)):
            grouped.setdefault(annotation.document, []).append(annotation)
        return grouped

    def topic(self, topic_id: str) -> Topic:
        return self._topics_by_id[topic_id]

    @cached_property
    def _topics_by_id(self) -> dict[str, Topic]:
        return {topic.id: topic for topic in self.topics}

    def backlinks(self, annotation_id: str) -> list[Annotation]:
        """Annotations whose `related` names this one: the other direction of a link."""
        return self._backlinks.get(annotation_id, [])

    @cached_property
    def _backlinks(self) -> dict[str, list[Annotation]]:
        found: dict[str, list[Annotation]] = {}
        for annotation in self.annotations:
            for other in annotation.related:
                found.setdefault(other, []).append(annotation)
        return found

    def wholes_of(self, annotation_id: str) -> list[Annotation]:
        """Statistics whose `parts` name this one: the figures it helps break down."""
        return self._wholes.get(annotation_id, [])

    @cached_property
    def _wholes(self) -> dict[str, list[Annotation]]:
        found: dict[str, list[Annotation]] = {}
        for annotation in self.annotations:
            for part in annotation.parts:
                found.setdefault(part, []).append(annotation)
        return found

    def tagged(self, topic_id: str) -> list[Annotation]:
        """The annotations in a topic, in reading order (a topic page, and what it declares)."""
        return list(self._by_topic.get(topic_id, ()))

    @cached_property
    def _by_topic(self) -> dict[str, list[Annotation]]:
        """Grouped once: each topic page walking every annotation made topics × annotations."""
        found: dict[str, list[Annotation]] = {}
        for annotation in self.in_reading_order():
            for topic_id in dict.fromkeys(annotation.topics):  # an annotation listing a topic twice is in it once
                found.setdefault(topic_id, []).append(annotation)
        return found

    def in_reading_order(self) -> list[Annotation]:
        """All annotations, document by document, each in reading order."""
        return [a for document in self.documents for a in self.annotations_in(document.slug)]
