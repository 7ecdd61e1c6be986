"""The navigation when mkdocs.yml has no `nav`: reading order instead of alphabetical.

Plain values in, plain values out (MkDocs' own nav format: file paths, and one-key
mappings for sections), so it is tested without MkDocs; the plugin only hands it over.

Material repeats the whole navigation on every page (bytes, and template work per page),
so only pages a reader starts from go in it: the reports, the topics index, the glossary,
the type indexes and the data page. Each topic page is listed, with its counts, on the
topics index; it is built and linked from every note tagged with it, but not in the nav.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..urls import SiteUrls
from .base import GeneratedPage

#: Sections in the order they appear, with their titles (None: pages go in at the top level).
SECTIONS: tuple[tuple[str, str | None], ...] = (
    ("reports", "Reports"), ("topics", None), ("glossary", None), ("indexes", "Indexes"),
)

NavItem = str | dict[str, list[str]]


def in_nav(page: GeneratedPage, urls: SiteUrls) -> bool:
    """False for a page listed on an index page instead (a topic page: on the topics index)."""
    return page.section != "topics" or page.page == urls.topics_index_page()


def navigation(own_pages: Iterable[str], generated: Iterable[GeneratedPage], urls: SiteUrls) -> list[NavItem]:
    """User pages first (home first, then by path), then reports, the topics index, the
    glossary and the type indexes, each section in the order the pages were generated."""
    nav: list[NavItem] = sorted(own_pages, key=lambda uri: (uri != "index.md", uri))
    sections: dict[str, list[str]] = {}
    for page in generated:
        if in_nav(page, urls):
            sections.setdefault(page.section, []).append(urls.source_path(page.page))
    for section, title in SECTIONS:
        uris = sections.get(section, [])
        if title is None:
            nav.extend(uris)
        elif uris:
            nav.append({title: uris})
    return nav
