# ruff: noqa: F405  (names from the shared fixture, reader_site)
"""The navigation: reading order without a `nav`, an explicit `nav` kept as written."""

from __future__ import annotations

from htmltext import text
from reader_site import *  # noqa: F403  (the shared fixture: constants, helpers, `site` and `flat`)

# --- 8. navigation ----------------------------------------------------------------------------------


def primary_nav(built: BuiltSite) -> list[tuple[str, str]]:
    """(resolved path, label) of each page link in the home page's main navigation."""
    home = built.url("index")
    nav = built.tree(home).find(lambda e: e.tag == "nav" and "md-nav--primary" in e.classes)
    links = nav.find_all(lambda e: e.tag == "a" and "md-nav__link" in e.classes)
    in_toc = [link for link in links if any("md-nav--secondary" in a.classes for a in link.ancestors())]
    return [
        (built.resolve(home, link.get("href"))[0], squash(text(link)))
        for link in links
        if link not in in_toc and not link.get("href").startswith("#")
    ]


def test_navigation_without_nav_is_home_reports_topics_glossary_indexes(site):
    assert [path for path, _ in primary_nav(site)] == [
        site.url("index"),
        *[site.report(document) for document in DOCUMENTS],
        site.url("topics/index"),
        *[site.url(f"topics/{topic_id}") for topic_id, _, _ in TOPICS],
        site.url("glossary"),
        *[site.url(TYPE_PAGES[kind].rstrip("/")) for kind in TYPES],
    ]


def test_an_explicit_nav_is_kept_as_written(flat):
    assert primary_nav(flat) == [
        ("index.html", "Start here"),
        ("glossary.html", "Words"),
        (f"reports/{OTHER}.html", "The small report"),
    ]
    # The pages left out of the nav are still built.
    assert flat.file(flat.url("topics/penalties")).is_file()
    assert flat.file(flat.report(CAMBODIA)).is_file()


