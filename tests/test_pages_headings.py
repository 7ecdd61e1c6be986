# ruff: noqa: F405  (names from the shared fixture, reader_site)
"""Headings in order on every page the plugin makes (axe-core's `heading-order`): one h1,
then no level skipped on the way down, so a screen reader's heading list is a true outline."""

from __future__ import annotations

import itertools
import re

import pytest

from reader_site import *  # noqa: F403  (the shared fixture: constants, helpers, `site` and `flat`)

PAGES = ["index", *[f"reports/{slug}" for slug in DOCUMENTS], *[TYPE_PAGES[kind].rstrip("/") for kind in TYPES],
         "topics/index", *[f"topics/{topic_id}" for topic_id, _, _ in TOPICS], "glossary", "data"]


def heading_levels(site, page: str) -> list[int]:
    return [int(e.tag[1]) for e in site.tree(site.url(page)).iter() if re.fullmatch(r"h[1-6]", e.tag)]


@pytest.mark.parametrize("page", PAGES)
def test_headings_go_down_one_level_at_a_time(site, page):
    levels = heading_levels(site, page)
    assert levels[0] == 1 and levels.count(1) == 1, levels
    skips = [(before, after) for before, after in itertools.pairwise(levels) if after > before + 1]
    assert not skips, (page, levels)


def test_the_caveats_page_has_its_entries_under_the_title_not_under_a_missing_h2(site):
    # The page that once jumped h1 -> h3 (cards with h3 titles and no group headings).
    content = site.content(site.url("caveats"))
    assert cards(content), "the fixture has caveats"
    assert not content.find_all(lambda e: re.fullmatch(r"h[3-6]", e.tag) is not None)
