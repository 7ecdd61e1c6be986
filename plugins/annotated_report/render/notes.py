"""An annotation's note box: type, quote, figure, note, attribution, topics, links, sources.

The same box is used after each report paragraph, in the popover (cloned by the
script) and on topic and index pages, so links are made relative to the page it is on.
"""

from __future__ import annotations

from html import escape

from ..model import Annotation, Site
from ..rules import parts_summary
from ..textnorm import shorten
from ..urls import SiteUrls, relative
from .markdown_safe import render_markdown

TYPE_LABELS = {"claim": "Claim", "statistic": "Statistic", "caveat": "Caveat", "allegation": "Allegation"}
#: The letter of each type's marker in the text; the legend explains them.
TYPE_MARKS = {"claim": "C", "statistic": "S", "caveat": "!", "allegation": "A"}


def type_badge(annotation_type: str) -> str:
    return f'<span class="ar-type ar-type--{annotation_type}">{TYPE_LABELS[annotation_type]}</span>'


def annotation_link(annotation: Annotation, urls: SiteUrls, page_url: str) -> str:
    """A link to an annotation's place in its report, labelled with its type and words."""
    href = relative(page_url, urls.annotation(annotation))
    label = escape(shorten(annotation.quote, 70))
    return (
        f'<a class="ar-link ar-link--{annotation.type}" href="{escape(href)}" data-annotation-link="{annotation.id}">'
        f"{TYPE_LABELS[annotation.type]}: “{label}”</a>"
    )


def render_note(
    annotation: Annotation,
    site: Site,
    urls: SiteUrls,
    page_url: str,
    *,
    heading_id: str | None = None,
    tag: str = "li",
    context: str = "",
    searchable: bool = True,
) -> str:
    """The note box (an `<li>` by default, for the list of notes after a paragraph).

    The head is an `<h3>`; with `heading_id` it gets that id, so Material's search makes
    the note its own result whose location is the note (and so the annotation).
    `context` (HTML) goes right after the head: index pages show the quote in its sentence.
    Copies on index pages are not `searchable`, so a search finds each note once, in its report.
    """
    quote_href = escape(relative(page_url, urls.annotation(annotation)))
    anchor = f' id="{heading_id}"' if heading_id else ""
    if not searchable:
        anchor += " data-search-exclude"  # Material's search skips this heading's section
    parts = [
        f'<h3 class="ar-note__head"{anchor}>', type_badge(annotation.type), " ",
        f'<a class="ar-note__quote" href="{quote_href}">“{escape(shorten(annotation.quote, 160))}”</a></h3>',
        context,
    ]
    if annotation.type == "statistic" and annotation.value is not None:
        parts.append(_figure(annotation))
        if summary := parts_summary(annotation, site):  # the `parts` arithmetic, checked by rules.py
            parts.append(f'<p class="ar-note__parts">Breakdown: {escape(summary)}</p>')
    if annotation.note.strip():
        parts.append(f'<div class="ar-note__body">{render_markdown(annotation.note)}</div>')
    if annotation.attributed_to:
        parts.append(f'<p class="ar-note__attribution">Attributed to: <strong>{escape(annotation.attributed_to)}</strong></p>')
    if annotation.topics:
        links = ", ".join(
            f'<a href="{escape(relative(page_url, urls.topic(topic.id)))}">{escape(topic.title)}</a>'
            for topic in (site.topic(topic_id) for topic_id in annotation.topics)
        )
        parts.append(f'<p class="ar-note__topics">Topics: {links}</p>')
    by_id = site.annotations_by_id
    related = [by_id[other] for other in annotation.related if other in by_id]
    if related:
        title = "Qualifies" if annotation.type == "caveat" else "Related"
        parts.append(_link_list("ar-note__related", title, related, urls, page_url))
    backlinks = site.backlinks(annotation.id)
    qualified_by = [a for a in backlinks if a.type == "caveat"]
    see_also = [a for a in backlinks if a.type != "caveat"]
    if qualified_by:
        parts.append(_link_list("ar-note__backlinks ar-note__backlinks--caveats", "Qualified by", qualified_by, urls, page_url))
    if see_also:
        parts.append(_link_list("ar-note__backlinks", "Referred to by", see_also, urls, page_url))
    if annotation.sources:
        items = "".join(_source(source.title, source.url) for source in annotation.sources)
        parts.append(f'<p class="ar-note__sources-title">Sources:</p><ul class="ar-note__sources">{items}</ul>')
    return (
        f'<{tag} class="ar-note ar-note--{annotation.type}" data-annotation-note="{annotation.id}" '
        f'data-type="{annotation.type}">{"".join(parts)}</{tag}>'
    )


def _figure(annotation: Annotation) -> str:
    rows = [("Value", str(annotation.value))]
    if annotation.unit:
        rows.append(("Unit", annotation.unit))
    if annotation.year is not None:
        rows.append(("Year", str(annotation.year)))
    if annotation.value is not None and annotation.value.approximate:
        rows.append(("Reading", "approximate: the report gives no exact number"))
    # One line per term and value: search indexes the text between tags as it is written.
    cells = "\n".join(f"<dt>{escape(name)}</dt>\n<dd>{escape(value)}</dd>" for name, value in rows)
    return f'<dl class="ar-note__figure">{cells}</dl>'


def _link_list(css_class: str, title: str, annotations: list[Annotation], urls: SiteUrls, page_url: str) -> str:
    links = "".join(f"<li>{annotation_link(other, urls, page_url)}</li>" for other in annotations)
    return f'<div class="{css_class}"><p>{title}:</p><ul>{links}</ul></div>'


def _source(title: str, url: str | None) -> str:
    if url and url.startswith(("http://", "https://")):
        return f'<li><a href="{escape(url)}" rel="noopener noreferrer">{escape(title)}</a></li>'
    return f"<li>{escape(title)}</li>"
