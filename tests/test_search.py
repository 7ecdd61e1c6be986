# ruff: noqa: F405  (names from the shared fixture, reader_site)
"""What Material's search indexes: each paragraph and note once, topic pages, glossary terms."""

from __future__ import annotations

import json

import pytest

from htmltext import parse, text
from reader_site import *  # noqa: F403  (the shared fixture: constants, helpers, `site` and `flat`)

# --- 6. search ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def search_docs(site) -> list[dict]:
    return json.loads((site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_a_word_only_in_a_note_is_found_at_the_note(site, search_docs):
    assert sum(RARE_WORD in json.dumps(a) for a in ANNOTATIONS) == 1
    found = [doc["location"] for doc in search_docs if RARE_WORD in doc["text"]]
    assert f"{site.report(CAMBODIA)}#note_bribes" in found
    for location in found:  # each result opens at the note (or a card of it), never at a page top
        assert location in {f"{site.report(CAMBODIA)}#note_bribes", f"{site.url('topics/corruption')}#bribes",
                            f"{site.url('allegations')}#bribes"}, location


def test_topic_pages_and_glossary_terms_are_in_the_search_index(site, search_docs):
    by_location = {doc["location"]: doc for doc in search_docs}
    for topic_id, title, _ in TOPICS:
        assert by_location[site.url(f"topics/{topic_id}")]["title"] == title
    for term in TERMS:
        doc = by_location[f"{site.url('glossary')}#{term['slug']}"]
        assert doc["title"] == term["term"]
        assert PLAIN_DEFINITIONS[term["slug"]] in squash(text(parse(doc["text"])))


def test_report_paragraphs_are_indexed_at_their_headings(site, search_docs):
    by_location = {doc["location"]: doc for doc in search_docs}
    for document in DOCUMENTS:
        for number, paragraph in enumerate(PARAGRAPHS[document], start=1):
            doc = by_location[f"{site.report(document)}#paragraph_{number}"]
            words = squash(text(parse(doc["text"]), skip=lambda e: e.tag == "sup"))
            assert squash(paragraph) in words, (document, number)




def test_type_indexes_are_left_out_of_search_their_notes_are_found_on_the_reports(site, search_docs):
    # Their entries stand for notes indexed on the report pages: the search plugin skips them.
    locations = {doc["location"].split("#")[0] for doc in search_docs}
    for kind in TYPES:
        assert site.url(TYPE_PAGES[kind].rstrip("/")) not in locations
    for document in DOCUMENTS:
        assert site.report(document) in locations
