"""The value every page builder returns, and small HTML helpers they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from ..model import Annotation, Document, Site
from ..render.notes import render_note
from ..urls import SiteUrls, relative

#: Words of context shown around a quote on index pages.
CONTEXT_CHARS = 90


@dataclass(frozen=True)
class GeneratedPage:
    """A page the plugin adds: `page` is its path without `.md` (e.g. 'topics/pandemic')."""

    page: str
    title: str
    description: str
    render: Callable[[], str]
    section: str
    edit_path: str | None = None


def quote_in_context(annotation: Annotation, document: Document, href: str) -> str:
    """The quote highlighted inside the words around it, from the same paragraph, as a link."""
    paragraph = document.paragraph(annotation.span.paragraph)
    start = annotation.span.start - paragraph.start
    end = annotation.span.end - paragraph.start
    before = paragraph.text[max(0, start - CONTEXT_CHARS) : start]
    after = paragraph.text[end : end + CONTEXT_CHARS]
    if start > CONTEXT_CHARS and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if end + CONTEXT_CHARS < len(paragraph.text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    quote = escape(paragraph.text[start:end], quote=False)
    return (
        f'<blockquote class="ar-context">{escape(before, quote=False)}'
        f'<mark class="ar-hl ar-hl--{annotation.type}">{quote}</mark>{escape(after, quote=False)}'
        f'<br><a class="ar-context__link" href="{escape(href)}">Read it in the report, paragraph '
        f"{annotation.span.paragraph} →</a></blockquote>"
    )


def annotation_card(annotation: Annotation, site: Site, urls: SiteUrls, page_url: str) -> str:
    """An annotation on an index page: its note box, with the quote shown in its context."""
    document = site.document(annotation.document)
    href = relative(page_url, urls.annotation(annotation))
    context = quote_in_context(annotation, document, href)
    note = render_note(annotation, site, urls, page_url, heading_id=annotation.id, tag="div", context=context, searchable=False)
    return f'<article class="ar-card ar-card--{annotation.type}" data-card="{annotation.id}">{note}</article>'


def count_by_type(annotations: list[Annotation]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for annotation in annotations:
        counts[annotation.type] = counts.get(annotation.type, 0) + 1
    return counts
