# ruff: noqa: F405  (names from the shared fixture, reader_site)
"""Topic pages and the topics index: compact entries by document, counts, titles."""

from __future__ import annotations

import pytest

from htmltext import text, with_attr
from reader_site import *  # noqa: F403  (the shared fixture: constants, helpers, `site` and `flat`)


def test_the_fixture_builds_without_a_warning(site, flat):
    assert site.result.warnings == []
    assert flat.result.warnings == []


def test_no_glossary_term_straddles_a_highlight_boundary_in_the_fixture():
    # The report tests below expect every occurrence to be linked whole; a term cut by a
    # highlight boundary would be a different (documented) case, so the fixture has none.
    for annotation in ANNOTATIONS:
        number, start, end = PLACES[annotation["id"]]
        for left, right, _ in term_occurrences(PARAGRAPHS[annotation["document"]][number - 1]):
            assert not (left < start < right or left < end < right), (annotation["id"], left, right)

# --- 1. topic pages and the topics index -----------------------------------------------------------


@pytest.mark.parametrize("topic_id", [topic_id for topic_id, _, _ in TOPICS])
@pytest.mark.parametrize("which", ["site", "flat"])
def test_topic_page_lists_its_annotations_by_document_in_reading_order(request, which, topic_id):
    built: BuiltSite = request.getfixturevalue(which)
    content = built.content(built.url(f"topics/{topic_id}"))
    assert cards_by_heading(content) == grouped_by_document(tagged(topic_id))
    # Each document heading links to that document's report page.
    for heading in content.find_all(lambda e: e.tag == "h2"):
        (link,) = heading.find_all(lambda e: e.tag == "a")
        slug = next(slug for slug in DOCUMENTS if TITLES[slug] == squash(text(heading)))
        assert built.resolve(built.url(f"topics/{topic_id}"), link.get("href"))[0] == built.report(slug)


def test_a_topic_without_annotations_still_has_a_page(site, flat):
    for built in (site, flat):
        url = built.url("topics/victim-protection")
        assert built.file(url).is_file()
        content = built.content(url)
        assert cards(content) == []
        assert "Nothing is tagged with this topic yet." in squash(text(content))


@pytest.mark.parametrize("topic_id", [topic_id for topic_id, _, _ in TOPICS if tagged(topic_id)])
@pytest.mark.parametrize("which", ["site", "flat"])
def test_topic_page_cards_show_type_quote_note_and_link(request, which, topic_id):
    """A statistic or caveat in its words (it reads only in its sentence); a claim or an
    allegation whole, between quotation marks, as on the type indexes."""
    built: BuiltSite = request.getfixturevalue(which)
    url = built.url(f"topics/{topic_id}")
    found = cards(built.content(url))
    assert found
    for card in found:
        check_card(built, url, card, context=BY_ID[card_id(card)]["type"] in ("statistic", "caveat"))


@pytest.mark.parametrize("which", ["site", "flat"])
def test_topics_index_lists_every_topic_with_true_counts(request, which):
    built: BuiltSite = request.getfixturevalue(which)
    url = built.url("topics/index")
    table = built.content(url).find(with_attr("data-ar-table", "topics"))
    assert table is not None
    header = [squash(text(th)) for th in table.find(lambda e: e.tag == "thead").find_all(lambda e: e.tag == "th")]
    assert header == ["Topic", "Claims", "Statistics", "Caveats", "Allegations", "All"]
    rows = table.find_all(lambda e: e.tag == "tr" and e.has("data-topic"))
    assert [row.get("data-topic") for row in rows] == [topic_id for topic_id, _, _ in TOPICS]
    for row in rows:
        topic_id = row.get("data-topic")
        cells = row.find_all(lambda e: e.tag == "td")
        assert len(cells) == len(header)
        (link,) = cells[0].find_all(lambda e: e.tag == "a")
        assert squash(text(link)) == TOPIC_TITLES[topic_id]
        assert built.resolve(url, link.get("href"))[0] == built.url(f"topics/{topic_id}")
        assert built.broken(url, link.get("href")) is None
        expected = [sum(1 for a in tagged(topic_id) if a["type"] == kind) for kind in TYPES]
        assert [int(text(cell)) for cell in cells[1:]] == [*expected, len(tagged(topic_id))], topic_id



@pytest.mark.parametrize(("page", "title", "description"), GENERATED_PAGES)
def test_generated_pages_have_a_title_and_a_description(site, page, title, description):
    tree = site.tree(site.url(page))
    assert head_title(tree) == f"{title} - Test site"
    shown = meta_description(tree)
    assert shown, f"{page} has no meta description"
    if description is not None:
        assert shown == description


