"""A page per topic (compact entries, by document, in reading order) and the topics index."""

from __future__ import annotations

from markupsafe import Markup

from ..model import TYPES, Topic
from ..render.html import html
from ..textnorm import shorten
from .base import GeneratedPage, IdMaker, PageContext, count_by_type
from .entries import by_document, topic_entry


def topic_page(topic: Topic, ctx: PageContext) -> GeneratedPage:
    site, urls, markdown = ctx.site, ctx.urls, ctx.markdown
    page = urls.topic_page(topic.id)

    def render() -> str:
        link = urls.linker(urls.url(page))
        ids = IdMaker()
        parts: list[str] = [html('<div class="ar-topic" data-topic="{0}">', topic.id)]
        if topic.description:
            parts.append(html('<div class="ar-topic__description">{0}</div>', Markup(markdown.html(topic.description))))
        tagged = site.tagged(topic.id)
        parts.append(html('<p class="ar-topic__count">{0}</p>', counts_sentence(count_by_type(tagged))))
        # The entries stand for notes that search indexes on their report pages.
        parts += by_document(tagged, site, urls, link, ids, lambda a, document: topic_entry(a, document, urls, link, markdown))
        parts.append("</div>")
        return "\n".join(parts)

    description = shorten(markdown.plain(topic.description), 160) if topic.description else f"Annotations on {topic.title}."
    return GeneratedPage(page, topic.title, description, render, "topics", topic.file or None)


def topics_index_page(ctx: PageContext) -> GeneratedPage:
    site, urls, markdown = ctx.site, ctx.urls, ctx.markdown
    page = urls.topics_index_page()

    def render() -> str:
        link = urls.linker(urls.url(page))
        head = Markup("\n").join(html("<th data-search-exclude>{0}</th>", kind.plural) for kind in TYPES.values())
        counts_by_topic: dict[str, dict[str, int]] = {topic.id: {} for topic in site.topics}
        for annotation in site.annotations:
            for topic_id in annotation.topics:
                counts = counts_by_topic.get(topic_id)
                if counts is not None:
                    counts[annotation.type] = counts.get(annotation.type, 0) + 1
        # Search indexes each topic's name and summary; the counts are left out (a "4" finds nothing).
        rows = []
        for topic in site.topics:
            counts = counts_by_topic[topic.id]
            cells = Markup("\n").join(html("<td data-search-exclude>{0}</td>", counts.get(kind, 0)) for kind in TYPES)
            summary = shorten(markdown.plain(topic.description), 140) if topic.description else ""
            rows.append(html('<tr data-topic="{0}"><td><a href="{1}">{2}</a><br>\n<small>{3}</small></td>\n{4}\n<td data-search-exclude>{5}</td></tr>\n',
                topic.id, link(urls.topic(topic.id)), topic.title, summary, cells, sum(counts.values())))
        return html(
            "<p>Every annotation is tagged with the topics it bears on. Choose a topic to read its "
            "passages across the report, each with a summary and a link to its place in the text.</p>"
            '<table data-ar-table="topics"><thead><tr><th>Topic</th>\n{0}\n<th data-search-exclude>All</th></tr>\n</thead>'
            "<tbody>{1}</tbody></table>",
head, Markup("").join(rows))

    return GeneratedPage(page, "Topics", "Every topic of the annotations, with counts per type.", render, "topics")


def counts_sentence(counts: dict[str, int]) -> str:
    parts = [
        f"{counts[name]} {(kind.label if counts[name] == 1 else kind.plural).lower()}"
        for name, kind in TYPES.items() if counts.get(name)
    ]
    return ", ".join(parts) if parts else "No annotations yet."
