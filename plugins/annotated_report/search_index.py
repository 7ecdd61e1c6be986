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

Material's search also strips its `data-search-*` attributes from every page it is handed,
with a regex that starts with an optional space: it tries every character of the page (2 ms
on a report page of 180 KB, a tenth of a second per 50 report pages). Where the page has no
such attribute the regex leaves it as it is, so `skip_idle_strip` runs Material's handler
only on pages that hold the text "data-search-" and indexes the others as it does.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, MutableMapping
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


#: The attribute prefix Material's search strips from each page (`SearchPlugin.on_page_context`).
_SEARCH_ATTRIBUTE = "data-search-"


def skip_idle_strip(plugins: Any, target: SearchTarget | None) -> None:
    """Replace Material's `on_page_context` handler, in MkDocs' plugin collection, by one that
    skips the attribute strip on a page with no `data-search-` text (where it changes nothing).
    Each build's collection is new; a handler already replaced is left alone."""
    if target is None or not target.excludes_pages:
        return
    plugin = target.plugin
    handlers: list[Callable[..., Any]] = getattr(plugins, "events", {}).get("page_context", [])
    origins: MutableMapping[Callable[..., Any], str] = getattr(plugins, "_event_origins", {})
    for position, handler in enumerate(handlers):
        if getattr(handler, "__self__", None) is plugin and getattr(handler, "__name__", "") == "on_page_context":
            handlers[position] = replaced = _without_idle_strip(plugin, handler)
            if handler in origins:  # MkDocs names the plugin of a handler that fails
                origins[replaced] = origins[handler]
            return


def _without_idle_strip(plugin: Any, handler: Callable[..., Any]) -> Callable[..., Any]:
    def on_page_context(context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        if _SEARCH_ATTRIBUTE in (page.content or ""):
            return handler(context, page=page, config=config, nav=nav)
        if plugin.config.enabled:  # what Material's handler does, less a strip that would find nothing
            plugin.search_index.add_entry_from_context(page)
        return None

    on_page_context.mkdocs_priority = getattr(handler, "mkdocs_priority", 0)  # type: ignore[attr-defined]
    return on_page_context


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
