"""The adapter to the theme's search (`search_index.py`): the skipped attribute strip."""

from __future__ import annotations

from types import SimpleNamespace

from material.plugins.search.plugin import SearchPlugin

from annotated_report.search_index import SearchTarget, skip_idle_strip

PAGES = [
    '<h2 data-search-exclude="true">Hidden</h2><p data-search-boost="2">Shown</p>',  # Material strips these
    "<p>" + "a report paragraph " * 500 + "</p>",
    "<p>data-search is text here, and data-search- too</p>",
    "",
]


def material_search() -> tuple[SearchPlugin, list[str]]:
    plugin = SearchPlugin()
    plugin.load_config({})
    indexed: list[str] = []
    plugin.search_index = SimpleNamespace(add_entry_from_context=lambda page: indexed.append(page.content))
    return plugin, indexed


def test_the_replaced_handler_leaves_each_page_and_the_index_as_materials_own_does():
    plugin, indexed = material_search()
    own = plugin.on_page_context
    collection = SimpleNamespace(events={"page_context": [own]}, _event_origins={own: "search"})
    skip_idle_strip(collection, SearchTarget(plugin, material=True))
    replaced = collection.events["page_context"][0]
    assert replaced is not own and collection._event_origins[replaced] == "search"
    written = []
    for content in PAGES:
        ours, theirs = SimpleNamespace(content=content), SimpleNamespace(content=content)
        assert replaced({}, page=ours, config=None, nav=None) is own({}, page=theirs, config=None, nav=None)
        assert ours.content == theirs.content
        written.append(ours.content)
    assert written[0] == "<h2>Hidden</h2><p>Shown</p>" and written[1:] == PAGES[1:]  # the strip ran where it had work
    assert indexed[::2] == indexed[1::2] == PAGES  # each page indexed once by each handler, as it was handed in
    skip_idle_strip(collection, SearchTarget(plugin, material=True))  # a second call leaves it alone
    assert collection.events["page_context"] == [replaced]


def test_a_disabled_search_indexes_nothing_and_other_searches_are_left_alone():
    plugin, indexed = material_search()
    plugin.config.enabled = False
    collection = SimpleNamespace(events={"page_context": [plugin.on_page_context]}, _event_origins={})
    skip_idle_strip(collection, SearchTarget(plugin, material=True))
    collection.events["page_context"][0]({}, page=SimpleNamespace(content=PAGES[1]), config=None, nav=None)
    assert indexed == []
    mkdocs_own = SimpleNamespace(on_page_context=lambda context, **_: context)
    handlers = [mkdocs_own.on_page_context]
    skip_idle_strip(SimpleNamespace(events={"page_context": handlers}), SearchTarget(mkdocs_own, material=False))
    skip_idle_strip(SimpleNamespace(events={"page_context": handlers}), None)
    assert handlers == [mkdocs_own.on_page_context]
