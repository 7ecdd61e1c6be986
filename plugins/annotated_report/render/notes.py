"""An annotation's note box.

The full note (type, quote, figure, note, attribution, topics, links, sources) lives once,
after its paragraph on the report page, where the script clones it into the popover and
search indexes it. Topic pages, type indexes and the statistics page show a compact entry
instead (`pages/entries.py`), so a site grows with its content, not with content × pages × links.

All HTML is built with markupsafe: values are escaped unless they are already `Markup`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup

from ..analysis import parts_summary
from ..model import TYPES, Annotation, Colophon, Document, Site, Term
from ..textnorm import shorten
from ..urls import Linker, SiteUrls
from .citation import cite, shared_fields
from .html import html, join
from .markdown_safe import SafeMarkdown
from .numbering import note_numbers

#: The glossary terms an annotation's passage uses (`GlossaryMatcher.terms_in`, bound to a document).
TermsIn = Callable[[Annotation], Sequence[Term]]

#: Views of the one type table in model.py (kept for callers and tests).
TYPE_LABELS = {name: kind.label for name, kind in TYPES.items()}
TYPE_MARKS = {name: kind.mark for name, kind in TYPES.items()}
#: Characters of the quote in a note's heading: the whole quote is highlighted in the paragraph
#: just above (and one click away), so the heading only names it, in the words of the search
#: result's title (`pages/search_html.TITLE_QUOTE_CHARS`), which leads to this heading.
HEADING_QUOTE_CHARS = 80
#: Characters of the quote in a link to another note ("Linked:" lists, statistics' caveats):
#: enough words to recognise a passage; a note lists several, on every report page.
LINK_QUOTE_CHARS = 50
#: Links to other notes shown before the rest fold under "and N more": a note's own text
#: should outweigh its list of neighbours.
LINKS_SHOWN = 3


def type_badge(annotation_type: str) -> Markup:
    return html('<span class="ar-type ar-type--{0}">{1}</span>', annotation_type, TYPES[annotation_type].label)


def annotation_link(annotation: Annotation, urls: SiteUrls, link: Linker) -> Markup:
    """A link to an annotation's place in its report, labelled with its type and words."""
    return html('<a class="ar-link ar-link--{0}" href="{1}" data-annotation-link="{2}">{3}: “{4}”</a>',
        annotation.type, link(urls.annotation(annotation)), annotation.id,
        TYPES[annotation.type].label, shorten(annotation.quote, LINK_QUOTE_CHARS),
    )


def render_note(annotation: Annotation, site: Site, urls: SiteUrls, link: Linker, markdown: SafeMarkdown | None = None) -> Markup:
    """The note box, an `<li>` in the list of notes after a paragraph of the report page."""
    return NoteRenderer(site, urls, link, markdown or SafeMarkdown()).note(annotation)


class NoteRenderer:
    """Note boxes for one report page, with what their notes share made once per page.

    The head is an `<h3 id="note_ID">`, so Material's search makes the note its own result
    whose location is the note (and so the annotation). The box carries its type once
    (`data-type` on the `<li>`): the type chip, the border and the popover read it there.
    A topic link, or the link to another note in the "Linked:" lists, is made once per page.
    """

    def __init__(self, site: Site, urls: SiteUrls, link: Linker, markdown: SafeMarkdown, *, terms_in: TermsIn | None = None,
                 colophon: Colophon | None = None, site_url: str = "", document: Document | None = None) -> None:
        self.site, self.urls, self.link, self.markdown = site, urls, link, markdown
        self.terms_in, self.colophon, self.site_url, self.document = terms_in, colophon, site_url, document
        self._topics: dict[str, Markup] = {}
        self._links: dict[str, Markup] = {}
        self._terms: dict[str, Markup] = {}
        self._numbers: dict[str, dict[str, int]] = {}  # by document slug
        self._shared: dict[str, Any] | None = None  # what every note's citation shares (`citation.shared_fields`)

    def number(self, annotation: Annotation) -> int | None:
        """The annotation's note number in its document (`numbering.note_numbers`)."""
        numbers = self._numbers.get(annotation.document)
        if numbers is None:
            numbers = self._numbers[annotation.document] = note_numbers(self.site.annotations_in(annotation.document))
        return numbers.get(annotation.id)

    def note(self, annotation: Annotation) -> Markup:
        urls = self.urls
        number = self.number(annotation) if self.document is not None else None
        # The number (`value`: the list's own numbering) is the reference mark in the text and
        # the printed endnote's label; the heading stays the search result's title.
        parts: list[Markup] = [
            html('<li class="ar-note" data-annotation-note="{0}" data-type="{1}"{2}><h3 id="{3}"><span class="ar-type">{4}</span> '
                 '<a href="{5}">“{6}”</a></h3>',
                 annotation.id, annotation.type, html(' value="{0}"', number) if number else Markup(""),
                 urls.note_id(annotation.id), TYPES[annotation.type].label,
                 self.link(urls.annotation(annotation)), shorten(annotation.quote, HEADING_QUOTE_CHARS))
        ]
        if annotation.type == "statistic" and annotation.value is not None:
            parts.append(_figure(annotation))
            if summary := parts_summary(annotation, self.site):  # the `parts` arithmetic, checked by rules.py
                parts.append(html('<p class="ar-note__parts">Breakdown: {0}</p>', summary))
        if annotation.note.strip():
            parts.append(html('<div class="ar-note__body">{0}</div>', Markup(self.markdown.html(annotation.note))))
        if annotation.attributed_to:
            parts.append(html('<p class="ar-note__attribution">Attributed to: <strong>{0}</strong></p>', annotation.attributed_to))
        if annotation.topics:
            parts.append(html('<p class="ar-note__topics">Topics: {0}</p>', join(map(self._topic, annotation.topics), ", ")))
        if self.terms_in is not None and (terms := self.terms_in(annotation)):
            parts.append(html('<p class="ar-note__terms">In the glossary: {0}</p>', join(map(self._term, terms), ", ")))
        links = linked(annotation, self.site)
        if links:
            entries = [html("<li>{0} ({1})</li>", self._link(other), ", ".join(relations)) for other, relations in links]
            more = Markup("")
            if len(entries) > LINKS_SHOWN:
                more = html('<details class="ar-note__more"><summary>and {0} more</summary><ul>{1}</ul></details>',
                            len(entries) - LINKS_SHOWN, join(entries[LINKS_SHOWN:]))
            parts.append(html('<div class="ar-note__links"><p>Linked:</p><ul>{0}</ul>{1}</div>', join(entries[:LINKS_SHOWN]), more))
        if annotation.sources:
            items = join(_source(source.title, source.url) for source in annotation.sources)
            parts.append(html('<p class="ar-note__sources-title">Sources:</p><ul class="ar-note__sources">{0}</ul>', items))
        edit = urls.edit(annotation.file, annotation.line)
        if edit:
            parts.append(html('<p class="ar-note__edit"><a href="{0}" rel="noopener">Edit this annotation</a></p>', edit))
        if self.document is not None and self.colophon is not None:
            parts.append(self._citation(annotation, number))
        parts.append(Markup("</li>"))
        return join(parts)

    def _citation(self, annotation: Annotation, number: int | None) -> Markup:
        """"Cite this note", folded: the sentence, and the note's own fields from which the
        script makes BibTeX and CSL-JSON when it is opened (`citation.py`)."""
        assert self.document is not None and self.colophon is not None
        if self._shared is None:
            self._shared = shared_fields(self.document, self.colophon)
        permalink = self.site_url.rstrip("/") + "/" + self.urls.annotation(annotation).lstrip("/") if self.site_url else ""
        found = cite(annotation, number, self.document, self.colophon, permalink, self._shared)
        return html('<details class="ar-cite" data-cite-title="{0}"{1}><summary>Cite this note</summary><p class="ar-cite__text">{2}</p></details>',
                    found.title, html(' data-cite-url="{0}"', found.url) if found.url else Markup(""), found.text)

    def _term(self, term: Term) -> Markup:
        found = self._terms.get(term.term)  # what the link is made of (the slug is computed from it on each use)
        if found is None:
            found = self._terms[term.term] = html('<a href="{0}">{1}</a>', self.link(self.urls.glossary_entry(term.slug)), term.term)
        return found

    def _topic(self, topic_id: str) -> Markup:
        found = self._topics.get(topic_id)
        if found is None:
            topic = self.site.topic(topic_id)
            found = self._topics[topic_id] = html('<a href="{0}">{1}</a>', self.link(self.urls.topic(topic_id)), topic.title)
        return found

    def _link(self, other: Annotation) -> Markup:
        """A link to another note's annotation: its type (underline and words), where it is
        (note number and paragraph: two notes on the same words never read alike) and its words."""
        found = self._links.get(other.id)
        if found is None:
            # Another document's note is named by its document's slug and paragraph: its number
            # and its title come from inputs this page does not declare (its own annotations are).
            if self.document is not None and other.document != self.document.slug:
                place = html(" ({0}, ¶ {1})", other.document, other.span.paragraph)
            else:
                number = self.number(other)
                place = html(" {0} (¶ {1})", number, other.span.paragraph) if number else html(" (¶ {0})", other.span.paragraph)
            found = self._links[other.id] = html('<a href="{0}" data-type="{1}">{2}{3}: “{4}”</a>',
                self.link(self.urls.annotation(other)), other.type, TYPES[other.type].label, place, shorten(other.quote, LINK_QUOTE_CHARS))
        return found


#: How a link between two notes is named, seen from the note it is shown in.
RELATED, QUALIFIES, QUALIFIED_BY, REFERRED_TO_BY = "related", "qualifies", "qualified by", "referred to by"


def linked(annotation: Annotation, site: Site) -> list[tuple[Annotation, list[str]]]:
    """Every annotation this one links to or is linked from, once each, with the relations
    that connect them (e.g. a claim both `related` and `referred to by`), forward links first."""
    found: dict[str, tuple[Annotation, list[str]]] = {}
    by_id = site.annotations_by_id
    forward = QUALIFIES if annotation.type == "caveat" else RELATED
    for other_id in annotation.related:
        if other_id in by_id and other_id != annotation.id:
            found.setdefault(other_id, (by_id[other_id], []))[1].append(forward)
    for other in site.backlinks(annotation.id):
        if other.id != annotation.id:
            relation = QUALIFIED_BY if other.type == "caveat" else REFERRED_TO_BY
            relations = found.setdefault(other.id, (other, []))[1]
            if relation not in relations:
                relations.append(relation)
    return list(found.values())


def _figure(annotation: Annotation) -> Markup:
    rows = [("Value", str(annotation.value))]
    if annotation.unit:
        rows.append(("Unit", annotation.unit))
    if annotation.year is not None:
        rows.append(("Year", str(annotation.year)))
    if annotation.value is not None and annotation.value.approximate:
        rows.append(("Reading", "approximate: the report gives no exact number"))
    # One line per term and value: search indexes the text between tags as it is written.
    cells = join((html("<dt>{0}</dt>\n<dd>{1}</dd>", name, value) for name, value in rows), "\n")
    return html('<dl class="ar-note__figure">{0}</dl>', cells)


def _source(title: str, url: str | None) -> Markup:
    if url and url.startswith(("http://", "https://")):
        return html('<li><a href="{0}" rel="noopener noreferrer">{1}</a></li>', url, title)
    return html("<li>{0}</li>", title)
