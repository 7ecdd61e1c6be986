"""The search records of generated pages, handed to the theme's search index under MkDocs.

The core knows each generated page's searchable words (`pages/search.py`); parsing the
page's HTML for them would cost more than making the page. So the plugin gives them to
the search plugin's index directly:

* Material's search (frozen in maintenance mode, so its index format is stable) keeps
  `search_index.entries`, a list of `{"location", "title", "text"}` dicts it would make by
  parsing each page: titles and text HTML-escaped, line breaks as spaces. Generated pages
  are marked `search: exclude` (Material then skips them) and these entries are appended.
* MkDocs' own search (the `mkdocs` theme; also under ProperDocs) honours no exclusion: it
  parses the page and adds one entry for the whole page (its sections only when they are in
  the page's table of contents, which a generated page has none of); that entry is replaced
  by one with the records' words.
* Any other search plugin parses the pages as it would any page (the fallback).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from .pages import SearchRecord


class SearchTarget:
    """A known search plugin, fed the records of each generated page after the page is written."""

    def __init__(self, plugin: Any, material: bool) -> None:
        self.plugin = plugin
        #: Material honours `search: exclude`, so it never parses a generated page.
        self.excludes_pages = material

    def add(self, records: Iterable[SearchRecord], page_url: str, page_title: str) -> None:
        index = self.plugin.search_index
        if self.excludes_pages:
            index.entries.extend(material_entries(records, page_url, page_title))
            return
        entries = index._entries  # MkDocs' own: drop what it parsed of this page (the last entries), add ours
        while entries and entries[-1]["location"].split("#")[0] == page_url:
            entries.pop()
        words = " ".join(f"{record.title} {record.text}" if record.title else record.text for record in records)
        index._add_entry(title=page_title, text=words, loc=page_url)


def find(plugins: Iterable[Any]) -> SearchTarget | None:
    """Material's or MkDocs' own search plugin among the configured plugins, or None."""
    for plugin in plugins:
        module = type(plugin).__module__
        if module.startswith("material.plugins.search"):
            return SearchTarget(plugin, material=True)
        if module.startswith(("mkdocs.contrib.search", "properdocs.contrib.search")):
            return SearchTarget(plugin, material=False)
    return None


def material_entries(records: Iterable[SearchRecord], page_url: str, page_title: str) -> list[dict[str, str]]:
    """Material's entries for one page's records, as its HTML parser makes them: the page's
    top under the page's title (as written in its front matter), each heading at `#anchor`."""
    found = []
    for record in records:
        location = page_url if record.anchor is None else f"{page_url}#{record.anchor}"
        title = page_title if record.title is None else _escaped(record.title)
        found.append({"location": location, "title": title, "text": _escaped(record.text)})
    return found


def _escaped(text: str) -> str:
    return html.escape(text.replace("\n", " "), quote=False).strip()
