"""What search indexes of a generated page: its words, from the model, not from its HTML.

A report page is mostly markup around the words (highlights, type letters, note boxes with
lists of links, topic chips); a topic page is hundreds of compact entries indexed elsewhere.
The core knows each page's searchable text, so it hands search one record per place a
reader should land: on a report page one per paragraph (`#paragraph_N`, "Paragraph N")
with the paragraph's text, and one per note (`#note_ID`, the type and the first words of the
quote) with the note's own words (figure, body, attribution, sources); on the glossary one
per term. The ids and titles are those of the full page's headings. Left out: navigation
(lists of linked notes, topic chips, "Used in" links), the legend every report repeats,
and counts.

Under MkDocs the plugin gives these records to the theme's search index directly
(`search_index.py`); a generator that indexes the pages itself (Zensical) reads the same
words on the page, under the same headings.
"""

from __future__ import annotations

from ..model import TYPES, Annotation, Document, Site, Term, Topic
from ..render.markdown_safe import SafeMarkdown
from ..textnorm import shorten
from ..urls import SiteUrls
from .base import SearchRecord

#: Characters of the quote in a note's search title; the whole quote is found in its paragraph.
TITLE_QUOTE_CHARS = 80
#: The sidecar fields shown in a report's source line.
SOURCE_FIELDS = ("section", "report", "publisher")


def report_records(document: Document, site: Site, urls: SiteUrls, markdown: SafeMarkdown) -> list[SearchRecord]:
    """The report's source line (at the top of the page), then each paragraph and its notes."""
    by_paragraph: dict[int, list[Annotation]] = {}
    for annotation in site.annotations_in(document.slug):
        by_paragraph.setdefault(annotation.span.paragraph, []).append(annotation)
    meta = document.metadata
    source = [str(meta[key]) for key in SOURCE_FIELDS if meta.get(key)] + ([document.licence] if document.licence else [])
    records = [SearchRecord(None, None, " · ".join(source))]
    for paragraph in document.paragraphs:
        records.append(SearchRecord(urls.paragraph_id(paragraph.number), f"Paragraph {paragraph.number}", paragraph.text))
        records.extend(note_record(annotation, urls, markdown) for annotation in by_paragraph.get(paragraph.number, ()))
    return records


def note_record(annotation: Annotation, urls: SiteUrls, markdown: SafeMarkdown) -> SearchRecord:
    """A note: its heading (type and the start of its quote) and the words only the note has."""
    lines: list[str] = []
    if annotation.type == "statistic" and annotation.value is not None:
        figure = f"{annotation.value} {annotation.unit}" if annotation.unit else str(annotation.value)
        lines.append(f"{figure}, {annotation.year}" if annotation.year is not None else figure)
    if annotation.note.strip():
        lines.append(markdown.plain(annotation.note))
    if annotation.attributed_to:
        lines.append(f"Attributed to: {annotation.attributed_to}")
    if annotation.sources:
        lines.append("Sources: " + "; ".join(source.title for source in annotation.sources))
    title = f"{TYPES[annotation.type].label} “{shorten(annotation.quote, TITLE_QUOTE_CHARS)}”"
    return SearchRecord(urls.note_id(annotation.id), title, " · ".join(lines))


def topic_records(topic: Topic, markdown: SafeMarkdown) -> list[SearchRecord]:
    """A topic page's own words: its description (its entries are notes found on their reports)."""
    return [SearchRecord(None, None, markdown.plain(topic.description) if topic.description else "")]


def glossary_records(terms: tuple[Term, ...] | list[Term], markdown: SafeMarkdown) -> list[SearchRecord]:
    """One record per term (the id of its entry on the glossary), its other spellings and its
    definition; not the letters, the see-also links or where it is used."""
    records = [SearchRecord(None, None, "")]
    for term in terms:
        also = f"Also: {', '.join(term.aliases)} " if term.aliases else ""
        records.append(SearchRecord(term.slug, term.term, also + markdown.plain(term.definition)))
    return records
