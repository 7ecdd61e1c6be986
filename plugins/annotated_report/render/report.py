"""A document's paragraphs as HTML with nested and crossing highlights.

The report text never goes through Markdown (a paragraph starting "2008." would become
a list). Each paragraph is cut at every annotation boundary; each piece is escaped and
wrapped in the `<mark>`s that cover it, outermost first. When two annotations cross,
the inner one is closed and reopened, so one annotation may have several fragments:
the first carries `id` (its permalink), all carry `data-annotation`. Everything added
that is not report text carries `data-note`.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..model import ANNOTATION_TYPES, TYPE_DESCRIPTIONS, Annotation, Document, Paragraph, Site
from ..urls import SiteUrls
from .notes import TYPE_LABELS, TYPE_MARKS, render_note

#: Turns a piece of report text into HTML; the default only escapes it (glossary links hook in here).
TextRenderer = Callable[[str], str]


def escape_text(text: str) -> str:
    return escape(text, quote=False)


def render_document(
    document: Document, site: Site, urls: SiteUrls, *, text_renderer: TextRenderer = escape_text
) -> str:
    """The whole report block: source line, legend, then each paragraph and its notes."""
    page_url = urls.document(document.slug)
    annotations = site.annotations_in(document.slug)
    parts = [f'<div class="ar-report" data-document="{escape(document.slug)}">', _source_line(document), _legend(annotations)]
    for paragraph in document.paragraphs:
        inside = [a for a in annotations if a.span.paragraph == paragraph.number]
        # A heading per paragraph: a visible number to cite, a landmark for screen readers,
        # and a section boundary for search, so each note is found as its own result.
        parts.append(
            f'<h2 class="ar-paragraph-number" id="paragraph_{paragraph.number}">'
            f'<a href="#paragraph_{paragraph.number}">Paragraph {paragraph.number}</a></h2>'
        )
        parts.append(render_paragraph(paragraph, inside, text_renderer=text_renderer))
        if inside:
            notes = "".join(render_note(a, site, urls, page_url, heading_id=f"note_{a.id}") for a in inside)
            parts.append(
                f'<ol class="ar-notes" data-note data-notes-for="{paragraph.number}" '
                f'aria-label="Notes on paragraph {paragraph.number}">{notes}</ol>'
            )
    parts.append("</div>")
    return "\n".join(parts)


def render_paragraph(paragraph: Paragraph, annotations: list[Annotation], *, text_renderer: TextRenderer = escape_text) -> str:
    """One `<p data-paragraph>` whose text, minus `[data-note]` elements, is the paragraph itself."""
    base = paragraph.start
    spans = sorted(annotations, key=lambda a: (a.span.start, -a.span.end, a.id))
    cuts = sorted({0, len(paragraph.text), *(a.span.start - base for a in spans), *(a.span.end - base for a in spans)})
    out: list[str] = [f'<p class="ar-paragraph" data-paragraph="{paragraph.number}">']
    open_stack: list[Annotation] = []
    opened: set[str] = set()
    for left, right in zip(cuts, cuts[1:]):
        covering = [a for a in spans if a.span.start - base <= left and right <= a.span.end - base]
        # Close what no longer covers this piece, or what must close so an outer one can.
        keep = 0
        while keep < len(open_stack) and keep < len(covering) and open_stack[keep] is covering[keep]:
            keep += 1
        while len(open_stack) > keep:
            closing = open_stack.pop()
            out.append(_close(closing, ends_here=closing.span.end - base == left))
        for annotation in covering[keep:]:
            out.append(_open(annotation, first=annotation.id not in opened))
            opened.add(annotation.id)
            open_stack.append(annotation)
        out.append(text_renderer(paragraph.text[left:right]))
    while open_stack:
        out.append(_close(open_stack.pop(), ends_here=True))
    out.append("</p>")
    return "".join(out)


def _open(annotation: Annotation, *, first: bool) -> str:
    attributes = f'class="ar-hl ar-hl--{annotation.type}" data-annotation="{annotation.id}" data-type="{annotation.type}"'
    if first:  # the permalink; the script makes it a tab stop (without it, the letter link is one)
        attributes += f' id="{annotation.id}"'
    return f"<mark {attributes}>"


def _close(annotation: Annotation, *, ends_here: bool) -> str:
    if not ends_here:
        return "</mark>"
    label = TYPE_LABELS[annotation.type]
    return (
        f'<sup class="ar-ref ar-ref--{annotation.type}" data-note data-search-exclude><a href="#note_{annotation.id}" '
        f'title="{label}: open the note" aria-label="{label} note">{TYPE_MARKS[annotation.type]}</a></sup></mark>'
    )


def _legend(annotations: list[Annotation]) -> str:
    counts = {kind: sum(1 for a in annotations if a.type == kind) for kind in ANNOTATION_TYPES}
    items = "".join(
        f'<li data-type="{kind}"><span class="ar-type ar-type--{kind}">{TYPE_LABELS[kind]}</span> '
        f'<span class="ar-legend__mark ar-ref--{kind}">{escape(TYPE_MARKS[kind])}</span> '
        f"{escape(TYPE_DESCRIPTIONS[kind])} <span class=\"ar-legend__count\">{counts[kind]}</span></li>"
        for kind in ANNOTATION_TYPES
    )
    return (
        '<aside class="ar-legend" aria-label="Legend">'
        '<p class="ar-legend__title">How to read this page: highlighted passages are annotated; '
        "select one (or its letter) to read the note.</p>"
        f'<ul class="ar-legend__types">{items}</ul></aside>'
    )


def _source_line(document: Document) -> str:
    meta = document.metadata
    bits = [escape(str(meta[key])) for key in ("section", "report", "publisher") if meta.get(key)]
    text = " · ".join(bits)
    url = meta.get("source_url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        text += f' — <a href="{escape(url)}" rel="noopener noreferrer">original text</a>'
    license_text = f'<br>\n<span class="ar-source__license">{escape(str(meta["license"]))}</span>' if meta.get("license") else ""
    return f'<p class="ar-source">{text}{license_text}</p>' if text else ""
