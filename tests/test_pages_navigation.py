# ruff: noqa: F405  (names from the shared fixture, reader_site)
"""The navigation: reading order without a `nav`, an explicit `nav` kept as written."""

from __future__ import annotations

from annotated_report.urls import SiteUrls
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
    """The topic pages are listed on the topics index, not in the nav Material repeats on every page."""
    assert [path for path, _ in primary_nav(site)] == [
        site.url("index"),
        *[site.report(document) for document in DOCUMENTS],
        site.url("topics/index"),
        site.url("glossary"),
        *[site.url(TYPE_PAGES[kind].rstrip("/")) for kind in TYPES],
        site.url("data"),  # the data page closes the indexes
    ]
    # Every page is built and reachable: each topic page from the topics index.
    index = site.url("topics/index")
    listed = {site.resolve(index, a.get("href"))[0] for a in site.content(index).find_all(lambda e: e.tag == "a" and e.has("href"))}
    for topic_id, _, _ in TOPICS:
        assert site.file(site.url(f"topics/{topic_id}")).is_file()
        assert site.url(f"topics/{topic_id}") in listed


def test_pages_left_out_of_the_nav_are_not_reported_as_missing(tmp_path):
    """MkDocs logs each page missing from the nav; the topic pages are left out on purpose."""
    import logging

    from helpers import build, make_project

    root = make_project(tmp_path, {"a.yml": """\
        document: cambodia-2022-prosecution
        annotations:
          - id: convictions-2021
            type: statistic
            quote: "The government convicted 38 traffickers"
            value: 38
            unit: traffickers convicted
            year: 2021
            note: "Thirty-eight."
            topics: [prosecutions]
        """})
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.INFO)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        result = build(root, strict=True)
    finally:
        logger.removeHandler(handler)
    assert not result.aborted, result.warnings
    assert (result.site_dir / "topics" / "prosecutions" / "index.html").is_file()
    assert not [m for m in messages if "not included in the" in m], messages


def test_an_explicit_nav_is_kept_as_written(flat):
    assert primary_nav(flat) == [
        ("index.html", "Start here"),
        ("glossary.html", "Words"),
        (f"reports/{OTHER}.html", "The small report"),
    ]
    # The pages left out of the nav are still built.
    assert flat.file(flat.url("topics/penalties")).is_file()
    assert flat.file(flat.report(CAMBODIA)).is_file()




# --- the order itself, without MkDocs ----------------------------------------------------------------


def test_navigation_order_is_a_plain_function_of_the_pages():
    from annotated_report.pages import GeneratedPage, navigation

    def page(path: str, section: str) -> GeneratedPage:
        return GeneratedPage(path, path, "", lambda: "", section)

    generated = [
        page("reports/b", "reports"), page("reports/a", "reports"), page("topics/index", "topics"),
        page("topics/x", "topics"), page("glossary", "glossary"), page("claims", "indexes"), page("statistics", "indexes"),
    ]
    assert navigation(["about.md", "index.md", "a/b.md"], generated, SiteUrls()) == [
        "index.md", "a/b.md", "about.md",
        {"Reports": ["reports/b.md", "reports/a.md"]},  # the order the pages were generated in
        "topics/index.md",  # each topic page is listed there
        "glossary.md",
        {"Indexes": ["claims.md", "statistics.md"]},
    ]
    assert navigation([], [page("glossary", "glossary")], SiteUrls()) == ["glossary.md"]  # no empty sections
