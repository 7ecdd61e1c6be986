"""Every page the plugin adds to a site, as plain values: path, title, description, body.

`generated_pages(site, urls)` is the whole list; the plugin turns each into a virtual
MkDocs file and, when MkDocs renders it, replaces the body with `page.render()`.
Bodies are HTML written here (never Markdown), so quoted report text stays literal.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from ..model import ANNOTATION_TYPES, Site
from ..render.glossary_links import GlossaryMatcher
from ..urls import SiteUrls
from .base import GeneratedPage
from .data import data_page
from .glossary import glossary_page
from .home import overview
from .indexes import statistics_page, type_page
from .navigation import in_nav, navigation
from .reports import report_page
from .search_html import glossary_search_html, report_search_html, topic_search_html
from .topics import topic_page, topics_index_page

__all__ = ["GeneratedPage", "generated_pages", "in_nav", "navigation", "overview"]


def generated_pages(site: Site, urls: SiteUrls) -> list[GeneratedPage]:
    """Reports first, then topics, glossary and the type indexes (the navigation order).

    Report, topic and glossary pages carry their light `search_html` (what search reads)."""
    matcher = GlossaryMatcher(site.terms)
    pages = [
        replace(report_page(document, site, urls, matcher), search_html=partial(report_search_html, document, site, urls))
        for document in site.documents
    ]
    if site.topics:
        pages.append(topics_index_page(site, urls))
        pages.extend(replace(topic_page(topic, site, urls), search_html=partial(topic_search_html, topic)) for topic in site.topics)
    if site.terms:
        pages.append(replace(glossary_page(site, urls, matcher), search_html=partial(glossary_search_html, site.terms)))
    for annotation_type in ANNOTATION_TYPES:
        if annotation_type == "statistic":
            pages.append(statistics_page(site, urls))
        else:
            pages.append(type_page(annotation_type, site, urls))
    pages.append(data_page(site, urls))  # the exports explained, with schema.org JSON-LD
    return pages
