# ruff: noqa: F405  (names from the shared fixture, reader_site)
"""Tables in Material's search index: each cell a separate word run, never glued to the next
("ValueUnitYear", "Topic…Claims…"), and counts whose meaning lives elsewhere left out."""

from __future__ import annotations

import json

import pytest

from htmltext import Element, parse, text
from reader_site import *  # noqa: F403  (the shared fixture: constants, helpers, `site` and `flat`)


@pytest.fixture(scope="module")
def search_docs(site) -> list[dict]:
    return json.loads((site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def indexed_text(search_docs: list[dict], page_url: str) -> str:
    """Everything search holds for one page (all its sections), as a reader would read it."""
    texts = [doc["text"] for doc in search_docs if doc["location"].split("#")[0] == page_url]
    assert texts, f"{page_url!r} is not in the search index"
    return squash(" ".join(text(parse(t)) for t in texts))


def excluded(element: Element) -> bool:
    node: Element | None = element
    while node is not None:
        if node.has("data-search-exclude"):
            return True
        node = node.parent
    return False


def searchable_cells(table: Element) -> list[str]:
    cells = table.find_all(lambda e: e.tag in ("th", "td") and not excluded(e))
    return [squash(text(cell)) for cell in cells if squash(text(cell))]


def test_the_home_pages_report_card_is_searchable_word_by_word(site, search_docs):
    """The home page has no table any more (the report is a card): its words are indexed apart."""
    url = site.url("index")
    indexed = indexed_text(search_docs, url)
    for card in site.content(url).find_all(with_class("ar-home__document")):
        for part in ("ar-home__title", "ar-home__how"):
            assert squash(text(card.find(with_class(part)))) in indexed, (part, indexed[:600])


@pytest.mark.parametrize("page", ["topics/index", "data"])
def test_table_cells_are_separate_words_in_the_search_index(site, search_docs, page):
    url = site.url(page)
    tables = site.content(url).find_all(lambda e: e.tag == "table" and not excluded(e))
    assert tables, f"no searchable table on {url!r}"
    indexed = indexed_text(search_docs, url)
    for table in tables:
        cells = searchable_cells(table)
        assert len(cells) >= 3
        # In order, one space apart: no cell runs into its neighbour, nothing left out sits between.
        assert " ".join(cells) in indexed, (table.get("data-ar-table"), cells[:6], indexed[:600])


def test_the_topics_index_indexes_names_and_summaries_not_counts(site, search_docs):
    url = site.url("topics/index")
    table = site.content(url).find(lambda e: e.tag == "table")
    assert table is not None
    rows = table.find_all(lambda e: e.tag == "tr" and e.has("data-topic"))
    assert [row.get("data-topic") for row in rows] == [topic_id for topic_id, _, _ in TOPICS]
    for row in rows:
        counts = row.find_all(lambda e: e.tag == "td" and e.has("data-search-exclude"))
        assert len(counts) == len(TYPES) + 1 and all(squash(text(c)).isdigit() for c in counts)
    words = " ".join(searchable_cells(table))
    assert words == "Topic " + " ".join(squash(text(row.find(lambda e: e.tag == "td"))) for row in rows)
    for _, title, _ in TOPICS:
        assert title in words
    # The count columns' headings ("Claims", "All") are left out with their numbers.
    assert f"Topic {TOPICS[0][1]}" in indexed_text(search_docs, url)
