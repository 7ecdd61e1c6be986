"""A document's paragraphs as HTML with nested and crossing highlights.

The report text never goes through Markdown (a paragraph starting "2008." would become
a list). Each paragraph is cut at every annotation boundary; each piece is escaped and
wrapped in the `<mark>`s that cover it, outermost first. When two annotations cross,
the inner one is closed and reopened, so one annotation may have several fragments:
the first carries `id` (its permalink), all carry `data-annotation` and `data-type`
(the styles and the script read the type there). Everything added that is not report
text carries `data-note`.

The markup is kept lean because it is repeated thousands of times per site: no
classes the CSS can read from an attribute that must be there anyway, no attribute
that repeats visible text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import pairwise

from ..analysis import coverage, left_out_in
from ..model import TYPES, Annotation, Colophon, Document, Paragraph, Site
from ..urls import NOTE_PREFIX, PARAGRAPH_PREFIX, SiteUrls
from .citation import shared_fields
from .html import Markup, escape_str, html, join
from .markdown_safe import SafeMarkdown
from .notes import NoteRenderer, TermsIn
from .numbering import note_numbers, reference_order

#: Turns a piece of report text into HTML; the default only escapes it (glossary links hook in here).
#: A renderer may also offer `pieces(text, cuts, plain)`: every piece of a paragraph at once, in
#: order, the pieces whose `plain` flag is set only escaped (text inside a highlight: see below).
TextRenderer = Callable[[str], str]


def escape_text(text: str) -> str:
    return escape_str(text)


def render_document(
    document: Document, site: Site, urls: SiteUrls, *, markdown: SafeMarkdown | None = None, text_renderer: TextRenderer = escape_text,
    preview: bool = False, terms_in: TermsIn | None = None, colophon: Colophon | None = None, site_url: str = "",
) -> str:
    """The whole report block: source line, status notices, legend, then each paragraph and its notes.

    `preview` (`mkdocs serve`, `pages --watch`; never a published build): the annotations of
    this document that were left out are listed at the top with why, so a preview never
    silently loses highlights.

    `terms_in` names the glossary terms a passage uses: a note lists those of its passage,
    since a highlight's words are never links (a tap on a highlight always opens its note).
    `colophon` and `site_url` make each note's "Cite this note".

    The root carries the URL shapes the script needs (`data-note-prefix`,
    `data-paragraph-prefix`), so it never spells them itself.
    """
    link = urls.linker(urls.document(document.slug))
    annotations = site.annotations_in(document.slug)
    by_paragraph: dict[int, list[Annotation]] = {}
    for annotation in annotations:
        by_paragraph.setdefault(annotation.span.paragraph, []).append(annotation)
    edit = urls.edit(document.source_file.removesuffix(".txt") + ".yml") if document.source_file else None
    numbers = note_numbers(annotations)
    notes = NoteRenderer(site, urls, link, markdown or SafeMarkdown(), terms_in=terms_in, colophon=colophon, site_url=site_url,
                         document=document)
    parts: list[str] = [
        html(
            '<div class="ar-report" data-document="{0}" data-note-prefix="{1}" data-paragraph-prefix="{2}"'
            '{3}{4}>',
            document.slug, NOTE_PREFIX, PARAGRAPH_PREFIX,
            html(' data-edit="{0}"', edit) if edit else Markup(""),
            html(' data-cite="{0}"', json.dumps(shared_fields(document, colophon), ensure_ascii=False)) if colophon is not None else Markup(""),
        ),
        _source_line(document), _draft_notice(document, site), _left_out_notice(document, site) if preview else Markup(""),
        _legend(annotations),
    ]
    for paragraph in document.paragraphs:
        inside = by_paragraph.get(paragraph.number, [])
        # A heading per paragraph: a visible number to cite, a landmark for screen readers,
        # and a section boundary for search, so each note is found as its own result.
        number = paragraph.number
        parts.append(
            html('<h2 class="ar-paragraph-number" id="{0}"><a href="#{0}">Paragraph {1}</a></h2>',
                urls.paragraph_id(number), number)
        )
        parts.append(render_paragraph(paragraph, inside, text_renderer=text_renderer, urls=urls, numbers=numbers))
        if inside:
            # In the order of their reference marks, so the printed endnotes read 1, 2, 3…
            parts.append(
                html('<ol class="ar-notes" data-note aria-label="Notes on paragraph {0}">{1}</ol>',
                    number, join(notes.note(a) for a in reference_order(inside)))
            )
    parts.append("</div>")
    return "\n".join(parts)


def render_paragraph(
    paragraph: Paragraph, annotations: list[Annotation], *, text_renderer: TextRenderer = escape_text,
    urls: SiteUrls | None = None, numbers: dict[str, int] | None = None,
) -> str:
    """One `<p data-paragraph>` whose text, minus `[data-note]` elements, is the paragraph itself.

    Text inside a highlight is only escaped, never handed to `text_renderer` (which links
    glossary terms): a link there would take the reader's tap and a Tab stop from the note.
    `numbers` (the document's note numbers) labels each reference mark; without it, the
    type's letter does.
    """
    urls = urls or SiteUrls()
    base = paragraph.start
    text = paragraph.text
    spans = sorted(annotations, key=lambda a: (a.span.start, -a.span.end, a.id))
    cuts = sorted({0, len(text), *(a.span.start - base for a in spans), *(a.span.end - base for a in spans)})
    covered = _covered(spans, cuts, base)
    render_pieces = getattr(text_renderer, "pieces", None)
    if render_pieces:
        pieces = render_pieces(text, cuts, covered)
    else:
        pieces = [escape_str(text[left:right]) if inside else text_renderer(text[left:right])
                  for (left, right), inside in zip(pairwise(cuts), covered, strict=True)]
    out: list[str] = [html('<p class="ar-paragraph" data-paragraph="{0}">', paragraph.number)]
    open_stack: list[Annotation] = []
    opened: set[str] = set()
    # A sweep: the annotations covering a piece are those started at or before it and not
    # yet ended (every start and end is a cut), kept in `spans` order. Linear in the pieces
    # times the annotations open at once, not pieces times all annotations of the paragraph.
    covering: list[Annotation] = []
    waiting = 0
    for piece, (left, right) in zip(pieces, pairwise(cuts), strict=True):
        covering = [a for a in covering if a.span.end - base > left]
        while waiting < len(spans) and spans[waiting].span.start - base <= left:
            if spans[waiting].span.end - base >= right:
                covering.append(spans[waiting])
            waiting += 1
        # Close what no longer covers this piece, or what must close so an outer one can.
        keep = 0
        while keep < len(open_stack) and keep < len(covering) and open_stack[keep] is covering[keep]:
            keep += 1
        while len(open_stack) > keep:
            closing = open_stack.pop()
            out.append(_close(closing, urls, numbers) if closing.span.end - base == left else "</mark>")
        for annotation in covering[keep:]:
            out.append(_open(annotation, first=annotation.id not in opened))
            opened.add(annotation.id)
            open_stack.append(annotation)
        out.append(piece)
    while open_stack:
        out.append(_close(open_stack.pop(), urls, numbers))
    out.append("</p>")
    return "".join(out)


def _covered(spans: list[Annotation], cuts: list[int], base: int) -> list[bool]:
    """For each piece between consecutive cuts, whether some annotation covers it (every
    start and end is a cut, so a piece is wholly inside or wholly outside each one)."""
    depth_change: dict[int, int] = {}
    for annotation in spans:
        depth_change[annotation.span.start - base] = depth_change.get(annotation.span.start - base, 0) + 1
        depth_change[annotation.span.end - base] = depth_change.get(annotation.span.end - base, 0) - 1
    covered: list[bool] = []
    depth = 0
    for left in cuts[:-1]:
        depth += depth_change.get(left, 0)
        covered.append(depth > 0)
    return covered


def _open(annotation: Annotation, *, first: bool) -> str:
    # The first fragment carries the permalink id; the script makes it a tab stop
    # (without the script, the letter link is one).
    if first:
        return html('<mark data-annotation="{0}" data-type="{1}" id="{0}">', annotation.id, annotation.type)
    return html('<mark data-annotation="{0}" data-type="{1}">', annotation.id, annotation.type)


def _close(annotation: Annotation, urls: SiteUrls, numbers: dict[str, int] | None = None) -> str:
    """The end of an annotation: its reference mark, a link to its note, then `</mark>`.

    The mark is the note's number (as printed before its endnote), or without numbers the
    type's letter. Its colour comes from the `<mark>` it sits in; its accessible name says
    the type. No `data-search-exclude`: search reads the page's light HTML
    (`pages/search_html.py`), which has no marks, so the attribute was 20 bytes per
    annotation for nothing.
    """
    kind = TYPES[annotation.type]
    number = numbers.get(annotation.id) if numbers else None
    if number is None:
        return html('<sup class="ar-ref" data-note><a href="#{0}" aria-label="{1} note">{2}</a></sup></mark>',
                    urls.note_id(annotation.id), kind.label, kind.mark)
    return html('<sup class="ar-ref" data-note><a href="#{0}" aria-label="{1} note {2}">{2}</a></sup></mark>',
                urls.note_id(annotation.id), kind.label, number)


def _legend(annotations: list[Annotation]) -> Markup:
    """The reading guide, folded: its summary is the key (each type present, drawn as its
    passages are drawn in the current view), the body says what each type means, how many
    there are, and (with the script) holds the view choice and previous/next buttons.

    Folded on every screen, so the report's text starts on the first screen of a phone and
    near the top of a desktop; the key in the summary still teaches the four cues.
    """
    counts = {name: 0 for name in TYPES}
    for annotation in annotations:
        counts[annotation.type] += 1
    key = join(html('<span class="ar-type" data-type="{0}">{1}</span>', name, kind.label)
               for name, kind in TYPES.items() if counts[name])
    items = join(
        html(
            '<li data-type="{0}"><span class="ar-type">{1}</span> {2} <span class="ar-legend__count">{3}</span></li>',
            name, kind.label, kind.description, counts[name])
        for name, kind in TYPES.items()
    )
    return html(
        '<aside class="ar-legend" aria-label="Reading guide"><details class="ar-legend__details">'
        '<summary><span class="ar-legend__title">Reading guide</span> <span class="ar-legend__key">{0}</span></summary>'
        '<p class="ar-legend__help">Marked passages are annotated: select one to read its note. '
        "Each type has its own line style as well as its colour.</p>"
        '<ul class="ar-legend__types">{1}</ul></details></aside>',
        key, items)


def _draft_notice(document: Document, site: Site) -> Markup:
    """A draft (its sidecar's `status`) says so, with how many of its numbers are annotated."""
    if document.status != "draft":
        return Markup("")
    return html('<aside class="ar-draft" role="note" data-note><strong>Annotation in progress.</strong> '
                "This document is a draft: {0}. Some passages may not be annotated yet.</aside>", str(coverage(site, document)))


def _left_out_notice(document: Document, site: Site) -> Markup:
    """Under a preview only: each annotation of this document left out of the page, and why."""
    entries = left_out_in(site, document)
    if not entries:
        return Markup("")
    items = join(html("<li><code>{0}</code>{1}</li>", str(entry), html(": {0}", entry.reason) if entry.reason else "") for entry in entries)
    return html('<aside class="ar-left-out" role="note" data-note><strong>Preview only</strong> (not in a published build): '
                "{0} annotation(s) of this document are not shown because of a problem the build reported:<ul>{1}</ul></aside>",
                len(entries), items)


def _source_line(document: Document) -> Markup:
    meta = document.metadata
    text = join((str(meta[key]) for key in ("section", "report", "publisher") if meta.get(key)), " · ")
    url = meta.get("source_url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        text += html(' — <a href="{0}" rel="noopener noreferrer">original text</a>', url)
    # A line break after <br>: search indexes the text between tags as it is written.
    licence = document.licence
    license_text = html('<br>\n<span class="ar-source__license">{0}</span>', licence) if licence else Markup("")
    return html('<p class="ar-source">{0}{1}</p>', text, license_text) if text else Markup("")
