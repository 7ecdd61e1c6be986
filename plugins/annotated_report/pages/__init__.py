"""Every page the core adds to a site, as plain values: path, title, description, body,
search records and the inputs each page is made of.

`generated_pages(ctx)` is the whole list, in navigation order; `publish.py` turns it into the
site's plan. Bodies are HTML written here (never Markdown), so quoted report text stays literal.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from ..model import ANNOTATION_TYPES, Annotation, Document, Site
from .base import GeneratedPage, PageContext, SearchRecord
from .data import data_page
from .glossary import glossary_page
from .home import overview
from .indexes import statistics_page, type_page
from .navigation import in_nav, navigation
from .reports import report_page
from .search import glossary_records, report_records, topic_records
from .topics import topic_page, topics_index_page

__all__ = ["GeneratedPage", "PageContext", "SearchRecord", "generated_pages", "in_nav", "navigation", "overview"]


def generated_pages(ctx: PageContext) -> list[GeneratedPage]:
    """Reports first, then topics, glossary and the type indexes (the navigation order).

    Report, topic and glossary pages carry their search records; every page but the data
    page (which shows the whole site) declares the inputs it is made of."""
    site, urls, markdown = ctx.site, ctx.urls, ctx.markdown
    shared = (urls, site.topics, site.terms, ctx.colophon, ctx.site_url)  # every report page: topics, glossary links, byline, citations
    digests: dict[str, str] = {}  # each document's text hashed once per build, not once per page that shows it

    def document_inputs(document: Document) -> tuple[object, ...]:
        """What a page can show of a document: its slug, title, sidecar metadata and text (as a
        hash: the text's `repr` would be copied for every page that shows it)."""
        digest = digests.get(document.slug)
        if digest is None:
            digest = digests[document.slug] = hashlib.blake2b(document.text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
        return (document.slug, document.title, document.source_file, sorted(document.metadata.items(), key=str), digest)

    pages = [
        replace(report_page(document, ctx),
                search_records=lambda document=document: report_records(document, site, urls, markdown),  # type: ignore[misc]
                inputs=lambda document=document: (*shared, document_inputs(document), *report_shows(document, site, ctx.preview)))  # type: ignore[misc]
        for document in site.documents
    ]
    documents = tuple(document_inputs(document) for document in site.documents)
    if site.topics:
        pages.append(replace(topics_index_page(ctx), inputs=lambda: (urls, site.topics, *[(a.type, a.topics) for a in site.annotations])))
        pages.extend(
            replace(topic_page(topic, ctx), search_records=lambda topic=topic: topic_records(topic, markdown),  # type: ignore[misc]
                    inputs=lambda topic=topic: (urls, topic, *documents, *site.tagged(topic.id)))  # type: ignore[misc]
            for topic in site.topics
        )
    if site.terms:
        pages.append(replace(glossary_page(ctx), search_records=lambda: glossary_records(site.terms, markdown),
                             inputs=lambda: (urls, site.terms, *documents)))
    for annotation_type in ANNOTATION_TYPES:
        if annotation_type == "statistic":
            statistics = lambda: (urls, *documents, *[a for a in site.annotations if a.type in ("statistic", "caveat")])  # noqa: E731
            pages.append(replace(statistics_page(ctx), inputs=statistics))
        else:
            pages.append(replace(type_page(annotation_type, ctx),
                                 inputs=lambda kind=annotation_type: (urls, *documents, *[a for a in site.annotations if a.type == kind])))  # type: ignore[misc]
    pages.append(data_page(ctx))  # the exports explained, with schema.org JSON-LD: the whole site, rendered every build
    return pages


def report_shows(document: Document, site: Site, preview: bool) -> list[object]:
    """What a report page shows besides its document: the annotations (`report_annotations`),
    the exemptions a draft's coverage counts, and under a preview the annotations left out."""
    exemptions = [exemption for exemption in site.exemptions if exemption.document == document.slug]
    left_out = [entry for entry in site.left_out if entry.document == document.slug] if preview else []
    return [*report_annotations(document, site), *exemptions, preview, *left_out]


def report_annotations(document: Document, site: Site) -> list[Annotation]:
    """The annotations a report page shows: its own, and each one a note names (`related`,
    back-links, `parts`, and the statistics whose `parts` name it) by its type, words,
    place and figure."""
    own = site.annotations_in(document.slug)
    by_id = site.annotations_by_id
    shown: dict[str, Annotation] = {a.id: a for a in own}
    for annotation in own:
        for other_id in (*annotation.related, *annotation.parts):
            if other_id in by_id:
                shown.setdefault(other_id, by_id[other_id])
        for other in site.backlinks(annotation.id):
            shown.setdefault(other.id, other)
        for whole in site.wholes_of(annotation.id):
            shown.setdefault(whole.id, whole)
    return list(shown.values())
