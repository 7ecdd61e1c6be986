"""What the search plugin reads of a generated page: its words, without the page's markup.

A report page is mostly markup around the words (highlights, type letters, note boxes with
lists of links, topic chips); a topic page is hundreds of compact entries that search must
skip. The search plugin (Material's or MkDocs' own) parses whatever `page.content` holds,
tag by tag, including what `data-search-exclude` leaves out. So for the pages that cost,
the plugin hands search this light HTML instead, built from the model (escaped by
construction through `render/html.py`), and gives the theme the full page back
(see `plugin.py`, `on_page_context`).

It holds what a reader searches for, once, at the place it leads to: on a report page one
heading per paragraph (`#paragraph_N`, "Paragraph N") with the paragraph's text, and one
heading per note (`#note_ID`, the type and the first words of the quote) with the note's
own words (figure, body, attribution, sources). The ids and titles are those of the full
page. Left out: navigation (lists of linked notes, topic chips, "Used in" links), the
legend every report repeats, and counts.

The only tags are the headings: the search parser's cost is per tag, not per word, so
the words under a heading are plain escaped text (a note's pieces separated by " · ", as
the result shows them on one line). A note's body is the sanitized HTML the report page shows
(`render_markdown` is cached, so it is not rendered again) reduced to its words.
"""

from __future__ import annotations

from markupsafe import Markup

from ..model import TYPES, Annotation, Document, Site, Term, Topic
from ..render.html import html, join
from ..render.markdown_safe import plain_text
from ..textnorm import shorten
from ..urls import SiteUrls

#: Characters of the quote in a note's search title; the whole quote is found in its paragraph.
TITLE_QUOTE_CHARS = 80
#: The sidecar fields shown in a report's source line.
SOURCE_FIELDS = ("section", "report", "publisher", "license")


def report_search_html(document: Document, site: Site, urls: SiteUrls) -> str:
    """The report's source line, then each paragraph and its notes."""
    by_paragraph: dict[int, list[Annotation]] = {}
    for annotation in site.annotations_in(document.slug):
        by_paragraph.setdefault(annotation.span.paragraph, []).append(annotation)
    meta = document.metadata
    source = [str(meta[key]) for key in SOURCE_FIELDS if meta.get(key)]
    parts: list[str] = [html("{0}", " · ".join(source))] if source else []
    for paragraph in document.paragraphs:
        parts.append(html('<h2 id="{0}">Paragraph {1}</h2>\n{2}',
                          urls.paragraph_id(paragraph.number), paragraph.number, paragraph.text))
        parts.extend(note_search_html(annotation, urls) for annotation in by_paragraph.get(paragraph.number, ()))
    return "\n".join(parts)


def note_search_html(annotation: Annotation, urls: SiteUrls) -> Markup:
    """A note's heading (type and the start of its quote) and the words only the note has."""
    lines: list[str] = []
    if annotation.type == "statistic" and annotation.value is not None:
        figure = f"{annotation.value} {annotation.unit}" if annotation.unit else str(annotation.value)
        lines.append(f"{figure}, {annotation.year}" if annotation.year is not None else figure)
    if annotation.note.strip():
        lines.append(plain_text(annotation.note))
    if annotation.attributed_to:
        lines.append(f"Attributed to: {annotation.attributed_to}")
    if annotation.sources:
        lines.append("Sources: " + "; ".join(source.title for source in annotation.sources))
    return html('<h3 id="{0}">{1} “{2}”</h3>\n{3}', urls.note_id(annotation.id), TYPES[annotation.type].label,
                shorten(annotation.quote, TITLE_QUOTE_CHARS), " · ".join(lines))


def topic_search_html(topic: Topic) -> str:
    """A topic page's own words: its description (its entries are notes found on their reports)."""
    return html("{0}", plain_text(topic.description)) if topic.description else ""


def glossary_search_html(terms: tuple[Term, ...] | list[Term]) -> str:
    """One heading per term (the id of its entry on the glossary), its other spellings and
    its definition; not the letters, the see-also links or where it is used."""
    parts: list[Markup] = []
    for term in terms:
        also = f"Also: {', '.join(term.aliases)}\n" if term.aliases else ""
        parts.append(html('<h3 id="{0}">{1}</h3>\n{2}{3}', term.slug, term.term, also, plain_text(term.definition)))
    return join(parts, "\n")
