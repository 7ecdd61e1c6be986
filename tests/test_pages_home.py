# ruff: noqa: F405  (names from the shared fixture, reader_site)
"""The generated overview on the home page."""

from __future__ import annotations

import pytest

from htmltext import text, with_attr, with_class
from reader_site import *  # noqa: F403  (the shared fixture: constants, helpers, `site` and `flat`)

# --- 7. the home page overview ----------------------------------------------------------------------


@pytest.mark.parametrize("which", ["site", "flat"])
def test_home_overview_documents_with_counts_and_coverage(request, which):
    built: BuiltSite = request.getfixturevalue(which)
    home = built.url("index")
    content = built.content(home)
    assert squash(text(content)).startswith("Welcome An introduction written by hand.")
    assert squash(text(content)).endswith("Written after the overview.")
    cards = content.find(with_class("ar-home__documents")).find_all(with_attr("data-document"))
    assert [card.get("data-document") for card in cards] == DOCUMENTS
    for card in cards:
        slug = card.get("data-document")
        title = card.find(with_class("ar-home__title"))
        (link,) = title.find_all(lambda e: e.tag == "a")
        assert squash(text(link)) == TITLES[slug]
        assert built.resolve(home, link.get("href"))[0] == built.report(slug)
        assert built.broken(home, link.get("href")) is None
        # A button into the report too: the one action the page is for.
        (button,) = card.find_all(with_class("md-button"))
        assert squash(text(button)) == "Read the annotated text" and button.get("href") == link.get("href")
        # The counts are said in words, and the share is explained in place, not an unlabelled column.
        how = squash(text(card.find(with_class("ar-home__how"))))
        assert int(text(card.find(with_attr("data-paragraphs")))) == len(PARAGRAPHS[slug])
        assert int(text(card.find(with_attr("data-annotations")))) == sum(1 for a in ANNOTATIONS if a["document"] == slug)
        covered = card.find(with_attr("data-coverage"))
        expected = coverage(slug)
        assert abs(float(covered.get("data-coverage")) - expected) < 1e-4, (slug, expected)
        assert abs(float(text(covered).rstrip("%")) - 100 * expected) <= 0.5, (slug, text(covered), expected)
        assert f"covering {text(covered)} of the text." in how, how
    assert 0 < coverage(CAMBODIA) < coverage(OTHER) < 1


@pytest.mark.parametrize("which", ["site", "flat"])
def test_home_overview_counts_per_type_and_topic_link_to_their_pages(request, which):
    built: BuiltSite = request.getfixturevalue(which)
    home = built.url("index")
    content = built.content(home)
    types = content.find(with_class("ar-overview__types")).find_all(lambda e: e.tag == "li")
    assert len(types) == len(TYPES)
    for item, kind in zip(types, TYPES):
        (count,) = item.find_all(with_attr("data-type-count", kind))
        assert int(text(count)) == len(of_type(kind))
        (link,) = item.find_all(lambda e: e.tag == "a")
        assert built.resolve(home, link.get("href"))[0] == built.url(TYPE_PAGES[kind].rstrip("/"))
        assert built.broken(home, link.get("href")) is None
    topics = content.find(with_class("ar-overview__topics")).find_all(lambda e: e.tag == "li")
    assert len(topics) == len(TOPICS)
    for item, (topic_id, title, _) in zip(topics, TOPICS):
        (link,) = item.find_all(lambda e: e.tag == "a")
        assert squash(text(link)) == title
        assert built.resolve(home, link.get("href"))[0] == built.url(f"topics/{topic_id}")
        assert built.broken(home, link.get("href")) is None
        assert int(text(item.find(with_class("ar-count")))) == len(tagged(topic_id))


