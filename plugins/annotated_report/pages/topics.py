"""A page per topic (its annotations, by document, in reading order) and the topics index."""

from __future__ import annotations

from html import escape

from ..model import ANNOTATION_TYPES, Site, Topic
from ..render.markdown_safe import plain_text, render_markdown
from ..render.notes import TYPE_LABELS
from ..textnorm import shorten
from ..urls import SiteUrls, relative
from .base import GeneratedPage, annotation_card, count_by_type


def topic_page(topic: Topic, site: Site, urls: SiteUrls) -> GeneratedPage:
    page = urls.topic_page(topic.id)

    def render() -> str:
        page_url = urls.url(page)
        parts = [f'<div class="ar-topic" data-topic="{topic.id}">']
        if topic.description:
            parts.append(f'<div class="ar-topic__description">{render_markdown(topic.description)}</div>')
        tagged = [a for a in site.in_reading_order() if topic.id in a.topics]
        parts.append(f'<p class="ar-topic__count">{_counts_sentence(count_by_type(tagged))}</p>')
        for document in site.documents:
            in_document = [a for a in tagged if a.document == document.slug]
            if not in_document:
                continue
            href = relative(page_url, urls.document(document.slug))
            parts.append(f'<h2 id="in-{document.slug}"><a href="{escape(href)}">{escape(document.title)}</a></h2>')
            parts.extend(annotation_card(annotation, site, urls, page_url) for annotation in in_document)
        parts.append("</div>")
        return "\n".join(parts)

    description = shorten(plain_text(topic.description), 160) if topic.description else f"Annotations on {topic.title}."
    return GeneratedPage(page, topic.title, description, render, "topics", topic.file)


def topics_index_page(site: Site, urls: SiteUrls) -> GeneratedPage:
    page = urls.topics_index_page()

    def render() -> str:
        page_url = urls.url(page)
        head = "".join(f"<th>{TYPE_LABELS[kind]}s</th>" for kind in ANNOTATION_TYPES)
        rows = []
        for topic in site.topics:
            counts = count_by_type([a for a in site.annotations if topic.id in a.topics])
            cells = "".join(f"<td>{counts.get(kind, 0)}</td>" for kind in ANNOTATION_TYPES)
            href = escape(relative(page_url, urls.topic(topic.id)))
            summary = escape(shorten(plain_text(topic.description), 140)) if topic.description else ""
            rows.append(
                f'<tr data-topic="{topic.id}"><td><a href="{href}">{escape(topic.title)}</a>'
                f'<br><small>{summary}</small></td>{cells}<td>{sum(counts.values())}</td></tr>'
            )
        return (
            '<p>Every annotation is tagged with the topics it bears on. Choose a topic to read its '
            "passages across the report, each with its note and a link to its place in the text.</p>"
            f'<table data-ar-table="topics"><thead><tr><th>Topic</th>{head}<th>All</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    return GeneratedPage(page, "Topics", "Every topic of the annotations, with counts per type.", render, "topics")


def _counts_sentence(counts: dict[str, int]) -> str:
    parts = [f"{counts[kind]} {TYPE_LABELS[kind].lower()}{'s' if counts[kind] != 1 else ''}" for kind in ANNOTATION_TYPES if counts.get(kind)]
    return ", ".join(parts) if parts else "No annotations yet."
