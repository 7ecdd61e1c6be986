"""urls.SiteUrls and the cheap link scheme: every link resolves to the page it names."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from annotated_report.model import Annotation, Span
from annotated_report.urls import Linker, SiteUrls, is_web_address, relative

BASE = "https://site.invalid/sub/"
PAGES = ["index", "glossary", "claims", "topics/index", "topics/pandemic", "reports/cambodia", "reports/other"]


def resolve(page_url: str, href: str) -> str:
    return urljoin(BASE + page_url, href)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_between_generated_pages_resolves_to_its_target(directory_urls):
    urls = SiteUrls(directory_urls=directory_urls)
    for source in PAGES:
        link = urls.linker(urls.url(source))
        for target in PAGES:
            for fragment in ("", "#paragraph_3", "#note_x"):
                to = urls.url(target) + fragment
                href = link(to)
                assert not href.startswith("/") and "://" not in href
                # The empty target (the root with directory URLs) must become the root, not the page itself.
                assert resolve(urls.url(source), href) == BASE + to, (source, to, href)


@pytest.mark.parametrize(("directory_urls", "page", "root"), [
    (True, "index", ""), (True, "glossary", "../"), (True, "reports/x", "../../"), (True, "topics/index", "../"),
    (False, "index", ""), (False, "glossary", ""), (False, "reports/x", "../"), (False, "topics/index", "../"),
])
def test_the_way_back_to_the_root_is_computed_once_per_page(directory_urls, page, root):
    urls = SiteUrls(directory_urls=directory_urls)
    assert urls.linker(urls.url(page)).root == root


def test_a_link_to_the_same_page_is_only_its_fragment():
    link = Linker("reports/x/")
    assert link("reports/x/#note_a") == "#note_a"
    assert link("reports/y/#note_a") == "../../reports/y/#note_a"
    assert Linker("")("") == "./"
    assert relative("glossary.html", "reports/x.html#a") == "reports/x.html#a"


def test_fragment_and_file_shapes_live_in_site_urls():
    urls = SiteUrls(reports_dir="narratives")
    annotation = Annotation("law-2008", "claim", "cambodia", "q", Span("cambodia", 2, 0, 1))
    assert urls.paragraph("cambodia", 3) == "narratives/cambodia/#paragraph_3"
    assert urls.note(annotation) == "narratives/cambodia/#note_law-2008"
    assert urls.annotation(annotation) == "narratives/cambodia/#law-2008"
    assert urls.glossary_entry("ngo") == "glossary/#ngo"
    assert urls.export("statistics.csv") == "exports/statistics.csv"
    assert urls.type_index("statistic") == "statistics/"
    assert "_" in urls.paragraph_id(1) and "_" in urls.note_id("a")  # annotation ids cannot contain "_"


def test_edit_links_only_when_an_edit_base_is_configured():
    assert SiteUrls().edit("annotations/a.yml", 3) is None
    urls = SiteUrls(edit_base="https://github.com/o/r/edit/main/")
    assert urls.edit("annotations/a.yml", 12) == "https://github.com/o/r/edit/main/annotations/a.yml#L12"
    assert urls.edit("seeds/a.yml") == "https://github.com/o/r/edit/main/seeds/a.yml"
    assert urls.edit("") is None


@pytest.mark.parametrize("base", [
    "javascript://%0aalert()/", "JAVASCRIPT:alert(1)//", "data:text/html,x/", "//github.com/o/r/",
    'https://github.com/o/r/"><script>/', "https://github.com/o/r/&#106;/", "https://git hub.com/", "https:///x/",
])
def test_no_edit_link_is_made_from_a_base_that_is_not_an_http_address(base):
    # validate_options stops such a mkdocs.yml first; this is the second line of defence.
    assert SiteUrls(edit_base=base).edit("annotations/a.yml", 3) is None
    assert not is_web_address(base)


def test_an_http_base_is_a_web_address():
    assert is_web_address("http://localhost:8000/")
    assert is_web_address("https://gitlab.com/o/r/-/edit/main/?mode=edit")
