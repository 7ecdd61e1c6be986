"""The compact entries of topic pages and type indexes: one short list item per annotation.

An entry stands for a note that lives (and is indexed by search) on its report page, so it
carries only what a reader needs to choose: the type, the quote (in a little context where
the quote alone does not read), the note's first words, and one link to the permalink.
The lists are the largest thing these pages hold (a topic tagged on hundreds of
annotations), so the markup is kept to the minimum: one `<li>` with one class naming the
type (the colours come from it in annotated-report-pages.css), one relative link, a
`<mark>` for the quote and a `<small>` for the summary. No wrappers, no second link, no
repeated class lists or data attributes: the link's fragment is the annotation's id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from markupsafe import Markup

from ..model import TYPES, Annotation, Document, Site
from ..render.html import html
from ..render.markdown_safe import SafeMarkdown
from ..textnorm import shorten
from ..urls import Linker, SiteUrls
from .base import IdMaker

#: Characters of context on each side of a quote on a topic page.
CONTEXT_CHARS = 60
#: Characters of the note's summary (about one line of the content column).
SUMMARY_CHARS = 120
#: Characters of a quote shown without context (the whole quote is one click away).
QUOTE_CHARS = 200
#: Types whose passage is a statement that reads on its own (the report's, or what others
#: allege), so an entry shows it whole, without the words around it, as the type indexes
#: always did. A statistic ("38 traffickers") or a caveat ("In comparison to this data")
#: only makes sense in its sentence, so it keeps its context. (At N = 100 the context of the
#: claims and allegations was 0.3 of the topic pages' 4.2 MB, and told the reader little.)
READS_ALONE = frozenset({"claim", "allegation"})
#: The class of the list the entries are items of.
LIST_CLASS = "ar-entries"


def entry_class(annotation_type: str) -> str:
    return f"ar-e--{annotation_type}"


def summary(annotation: Annotation, markdown: SafeMarkdown) -> str:
    """The note's first words on one line, or '' for an annotation without a note (its words
    come from the build's renderer: an annotation appears on its type index and on each of
    its topics' pages)."""
    return shorten(markdown.plain(annotation.note), SUMMARY_CHARS) if annotation.note.strip() else ""


def context(annotation: Annotation, document: Document, width: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """(before, quote, after): the quote with up to `width` characters of its paragraph on
    each side, cut at a word and marked with '…' where the paragraph goes on."""
    paragraph = document.paragraph(annotation.span.paragraph)
    text = paragraph.text
    start = annotation.span.start - paragraph.start
    end = annotation.span.end - paragraph.start
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    if start > width and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if end + width < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return before, text[start:end], after


def topic_entry(annotation: Annotation, document: Document, urls: SiteUrls, link: Linker, markdown: SafeMarkdown) -> Markup:
    """On a topic page, under its document's heading: type and paragraph (the link), the
    quote (in its words where it needs them, see `READS_ALONE`), the note's first words."""
    note = summary(annotation, markdown)
    return html(
        '<li class="{0}"><a href="{1}"><span class="ar-type">{2}</span> ¶ {3}</a> {4}{5}</li>',
        entry_class(annotation.type), link(urls.annotation(annotation)), TYPES[annotation.type].label,
        annotation.span.paragraph, _words(annotation, document, with_context=annotation.type not in READS_ALONE),
        html("<small>{0}</small>", note) if note else "",
    )


def index_entry(annotation: Annotation, document: Document, urls: SiteUrls, link: Linker, markdown: SafeMarkdown, *,
                with_context: bool, with_title: bool) -> Markup:
    """On a type index (the page names the type): the place (the link), the quote, and the
    note's first words. A claim or allegation is a statement that reads on its own; a
    caveat qualifies the words around it, so it is shown in its context."""
    place = f"{document.title}, ¶ {annotation.span.paragraph}" if with_title else f"¶ {annotation.span.paragraph}"
    note = summary(annotation, markdown)
    return html('<li class="{0}"><a href="{1}">{2}</a> {3}{4}</li>', entry_class(annotation.type),
                link(urls.annotation(annotation)), place, _words(annotation, document, with_context=with_context),
                html("<small>{0}</small>", note) if note else "")


def _words(annotation: Annotation, document: Document, *, with_context: bool) -> Markup:
    """The quote highlighted in a little of its paragraph, or whole between quotation marks."""
    if with_context:
        before, quote, after = context(annotation, document)
        return html("{0}<mark>{1}</mark>{2}", before, quote, after)
    return html("“{0}”", shorten(annotation.quote, QUOTE_CHARS))


def entry_list(items: list[Markup]) -> str:
    """The entries as one list, each on its own line, left out of search: the notes they
    stand for are indexed on their report pages."""
    return f'<ul class="{LIST_CLASS}" data-search-exclude>\n' + "\n".join(items) + "\n</ul>"


def by_document(
    annotations: Iterable[Annotation], site: Site, urls: SiteUrls, link: Linker, ids: IdMaker,
    entry: Callable[[Annotation, Document], Markup],
) -> list[str]:
    """Entries under a heading per document (linked, in the site's order of documents), as a
    topic page and the caveats index show them: a reader scans them report by report."""
    groups: dict[str, list[Annotation]] = {}
    for annotation in annotations:
        groups.setdefault(annotation.document, []).append(annotation)
    parts: list[str] = []
    for document in site.documents:
        members = groups.get(document.slug)
        if not members:
            continue
        parts.append(html('<h2 id="{0}" data-search-exclude><a href="{1}">{2}</a></h2>',
            ids("in", document.slug), link(urls.document(document.slug)), document.title))
        parts.append(entry_list([entry(annotation, document) for annotation in members]))
    return parts
