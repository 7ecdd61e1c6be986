"""The navigation when mkdocs.yml has no `nav`: reading order instead of alphabetical.

Plain values in, plain values out (MkDocs' own nav format: file paths, and one-key
mappings for sections), so it is tested without MkDocs; the plugin only hands it over.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..urls import SiteUrls
from .base import GeneratedPage

#: Sections in the order they appear, with their titles (None: pages go in at the top level).
SECTIONS: tuple[tuple[str, str | None], ...] = (
    ("reports", "Reports"), ("topics", "Topics"), ("glossary", None), ("indexes", "Indexes"),
)

NavItem = str | dict[str, list[str]]


def navigation(own_pages: Iterable[str], generated: Iterable[GeneratedPage], urls: SiteUrls) -> list[NavItem]:
    """User pages first (home first, then by path), then reports, topics, glossary and the
    type indexes, each section in the order the pages were generated."""
    nav: list[NavItem] = sorted(own_pages, key=lambda uri: (uri != "index.md", uri))
    sections: dict[str, list[str]] = {}
    for page in generated:
        sections.setdefault(page.section, []).append(urls.source_path(page.page))
    for section, title in SECTIONS:
        uris = sections.get(section, [])
        if title is None:
            nav.extend(uris)
        elif uris:
            nav.append({title: uris})
    return nav
