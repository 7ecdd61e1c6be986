"""The same site from MkDocs, ProperDocs and Zensical: the project's own site built by each,
then compared page by page (report articles, generated pages, exports, search, home page).

MkDocs and ProperDocs run the plugin; Zensical, which runs no plugin, builds the files that
`annotated-report pages` writes (see sitefiles.py). Zensical strips `data-search-exclude`
attributes and lays out the template's whitespace its own way; everything a reader gets is
compared exactly.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generators import build_all, build_zensical_without_pages, copy_project
from helpers import REPO, SEED_SLUG
from htmltext import Element, is_note, parse, text, with_attr, with_class

pytestmark = pytest.mark.slow  # three whole-site builds (CI's `make test` runs them)

GENERATORS = ("mkdocs", "properdocs", "zensical")
REPO_URL = "https://github.com/example/annotated-report"
NOTICE = "This site was built without annotated-report"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    return build_all(copy_project(tmp_path_factory.mktemp("parity") / "project", repo_url=REPO_URL), GENERATORS)


def pages(site: Path) -> set[str]:
    """Every page of a site, as its path ('reports/x/index.html'), but the 404 page."""
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")} - {"404.html"}


def article(site: Path, page: str) -> Element:
    found = parse((site / page).read_text(encoding="utf-8")).find(with_class("md-content__inner"))
    assert found is not None, page
    return found


def words(element: Element) -> str:
    """The element's words, each text node apart (generators lay out whitespace between tags differently)."""
    pieces: list[str] = []

    def walk(node: Element) -> None:
        for child in node.children:
            if isinstance(child, str):
                pieces.append(child)
            else:
                walk(child)

    walk(element)
    return " ".join(" ".join(pieces).split())


def report_pages(site: Path) -> list[str]:
    return sorted(page for page in pages(site) if page.startswith("reports/"))


def test_every_generator_publishes_the_same_pages(sites):
    expected = pages(sites["mkdocs"])
    assert {"reports/cambodia-2022-prosecution/index.html", "topics/index.html", "glossary/index.html", "claims/index.html",
            "statistics/index.html", "data/index.html", "index.html"} <= expected
    assert any(page.startswith("topics/") and page != "topics/index.html" for page in expected)
    for name in GENERATORS:
        assert pages(sites[name]) == expected, name


def test_report_articles_have_the_same_text_highlights_and_notes(sites):
    reports = report_pages(sites["mkdocs"])
    assert reports
    for page in reports:
        reference = article(sites["mkdocs"], page)
        report = reference.find(with_class("ar-report"))
        assert report is not None
        for name in GENERATORS[1:]:
            other = article(sites[name], page)
            other_report = other.find(with_class("ar-report"))
            assert other_report is not None, (name, page)
            assert text(other_report) == text(report), (name, page)  # character for character
            assert words(other) == words(reference), (name, page)
            assert highlights(other) == highlights(reference), (name, page)
            assert notes(other) == notes(reference), (name, page)
            assert links(other) == links(reference), (name, page)  # Zensical re-resolves links: the files adapter rebases them


def highlights(element: Element) -> list[tuple[str | None, str]]:
    return [(mark.get("data-annotation"), text(mark)) for mark in element.find_all(lambda e: e.tag == "mark" and e.has("data-annotation"))]


def notes(element: Element) -> list[tuple[str | None, str]]:
    """Each note's id and its words."""
    found = element.find_all(lambda e: (e.get("id") or "").startswith("note_"))
    assert found
    return [(note.get("id"), words(note)) for note in found]


def links(element: Element) -> list[str | None]:
    return [e.get("href") or e.get("src") for e in element.find_all(lambda e: e.has("href") or e.has("src"))]


def test_generated_pages_read_the_same(sites):
    """Topic, glossary, index, statistics and data pages: the same words, links and ids."""
    for page in sorted(pages(sites["mkdocs"])):
        if page.startswith("reports/") or page == "editorial-guide/index.html":  # editors' Markdown: each generator's extensions
            continue
        reference = article(sites["mkdocs"], page)
        for name in GENERATORS[1:]:
            other = article(sites[name], page)
            assert words(other) == words(reference), (name, page)
            assert links(other) == links(reference), (name, page)
            assert ids(other) == ids(reference), (name, page)


def ids(element: Element) -> list[str | None]:
    """The ids in an article but the theme's own (Zensical puts its skip link's target there)."""
    return [e.get("id") for e in element.find_all(with_attr("id")) if not (e.get("id") or "").startswith("__")]


def navigation(site: Path, page: str) -> list[tuple[str, str]]:
    """The primary navigation's entries: (the URL each leads to, its label), in order."""
    nav = parse((site / page).read_text(encoding="utf-8")).find(with_class("md-nav--primary"))
    assert nav is not None, page
    return [(urljoin(f"https://site.test/{page}", link.get("href") or "").removesuffix("index.html"), words(link))
            for link in nav.find_all(lambda e: e.tag == "a" and e.has("href"))]


def test_the_navigation_has_the_same_entries_in_the_same_order(sites):
    for page in sorted(pages(sites["mkdocs"])):
        expected = navigation(sites["mkdocs"], page)
        assert ("https://site.test/topics/", "Topics") in expected
        for name in GENERATORS[1:]:
            assert navigation(sites[name], page) == expected, (name, page)


def shape(element: Element) -> tuple[object, ...]:
    """An element as nested values: tag, attributes, children (text with its whitespace runs
    collapsed, whitespace-only text dropped). Left out: what the themes draw their own way on
    every page (Zensical's skip link target, the icons of the edit button: its link is compared
    apart) or strip (`data-search-exclude`)."""
    attributes = tuple(sorted((name, value) for name, value in element.attrs.items() if name != "data-search-exclude"))
    children: list[object] = []
    for child in element.children:
        if isinstance(child, str):
            if child.strip():
                children.append(" ".join(child.split()))
        elif child.get("id") != "__skip" and "md-content__button" not in child.classes:
            children.append(shape(child))
    return (element.tag, attributes, tuple(children))


def test_every_generated_page_is_the_same_html_in_every_build(sites):
    """The article of every page but the editors' Markdown (each generator runs its own
    extensions there): the same elements, attributes and text, in the same order."""
    for page in sorted(pages(sites["mkdocs"]) - {"editorial-guide/index.html"}):
        expected = shape(article(sites["mkdocs"], page))
        for name in GENERATORS[1:]:
            assert shape(article(sites[name], page)) == expected, (name, page)


def test_the_exports_are_byte_identical(sites):
    exports = sorted(path.relative_to(sites["mkdocs"]).as_posix() for path in (sites["mkdocs"] / "exports").rglob("*") if path.is_file())
    assert "exports/annotations.jsonld" in exports and "exports/statistics.csv" in exports
    for name in GENERATORS[1:]:
        for export in exports:
            assert (sites[name] / export).read_bytes() == (sites["mkdocs"] / export).read_bytes(), (name, export)


def search_items(site: Path) -> tuple[str, list[dict[str, str]]]:
    """(separator, items) of Material's index (search/search_index.json) or Zensical's (search.json)."""
    for name, key in (("search/search_index.json", "docs"), ("search.json", "items")):
        if (site / name).is_file():
            data = json.loads((site / name).read_text(encoding="utf-8"))
            return data["config"]["separator"], data[key]
    raise AssertionError(f"no search index in {site}")


def found(site: Path, word: str) -> set[str]:
    """The locations whose title or text holds `word`, split as the index's own separator splits."""
    separator, items = search_items(site)
    hits = set()
    for item in items:
        content = html.unescape(re.sub(r"<[^>]+>", " ", f"{item['title']} {item['text']}"))
        if word.lower() in (token.lower() for token in re.split(separator, content) if token):
            hits.add(item["location"])
    return hits


def note_only_word() -> tuple[str, str]:
    """(word, annotation id): a word of a note that the report texts do not have."""
    from annotated_report.build import build_site
    from annotated_report.render.markdown_safe import SafeMarkdown

    site = build_site(REPO / "seeds", REPO / "annotations", root=REPO)
    text_words = {w.lower() for document in site.documents for w in re.findall(r"[A-Za-z]+", document.text)}
    markdown = SafeMarkdown()
    for annotation in site.annotations:
        for word in re.findall(r"[A-Za-z]{7,}", markdown.plain(annotation.note)):
            if word.lower() not in text_words:
                return word, annotation.id
    raise AssertionError("no note has a word of its own")


def test_a_word_only_a_note_has_is_found_by_every_generators_search(sites):
    word, annotation_id = note_only_word()
    for name in GENERATORS:
        hits = found(sites[name], word)
        assert any(hit.startswith("reports/") and hit.endswith(f"#note_{annotation_id}") for hit in hits), (name, word, hits)


def test_the_home_page_shows_the_overview_and_never_the_notice(sites):
    for name in GENERATORS:
        home = article(sites[name], "index.html")
        assert home.find(with_class("ar-overview")) is not None, name
        assert NOTICE not in words(home), name


def test_a_zensical_build_without_the_pages_command_says_the_report_is_missing(tmp_path):
    site = build_zensical_without_pages(copy_project(tmp_path / "project"))
    home = article(site, "index.html")
    assert NOTICE in words(home)
    assert "make build-zensical" in words(home)
    assert home.find(with_class("ar-overview")) is None
    assert not (site / "reports").exists()


def searched_pages(site: Path) -> set[str]:
    return {item["location"].split("#")[0] for item in search_items(site)[1]}


def test_search_indexes_the_same_pages_and_no_edit_link_opens_a_generated_file(sites):
    """The index pages stay out of every search (`searchable: False` → `search: exclude`)."""
    expected = searched_pages(sites["mkdocs"])
    assert "reports/cambodia-2022-prosecution/" in expected and "glossary/" in expected and "claims/" not in expected
    for name in GENERATORS:
        assert searched_pages(sites[name]) == expected, name
    for page in pages(sites["mkdocs"]):
        edits = {name: [link.get("href") for link in article(sites[name], page).find_all(with_attr("rel", "edit"))] for name in GENERATORS}
        assert edits["zensical"] == edits["properdocs"] == edits["mkdocs"], (page, edits)
    report = article(sites["zensical"], "reports/cambodia-2022-prosecution/index.html").find(with_attr("rel", "edit"))
    assert report is not None and report.get("href") == f"{REPO_URL}/edit/main/seeds/cambodia-2022-prosecution.yml"
    home = article(sites["zensical"], "index.html").find(with_attr("rel", "edit"))
    assert home is not None and home.get("href") == f"{REPO_URL}/edit/main/docs/index.md"


def test_a_note_element_carries_data_note_in_every_generator(sites):
    """The no-JS reading (notes below their paragraph) rests on `data-note`: kept by every generator."""
    page = report_pages(sites["mkdocs"])[0]
    counts = {name: len(article(sites[name], page).find_all(is_note)) for name in GENERATORS}
    assert len(set(counts.values())) == 1 and counts["mkdocs"] > 0, counts


def test_without_directory_urls_zensical_publishes_the_same_pages_and_links(tmp_path):
    """`use_directory_urls: false`: pages are `x.html`, each Markdown file beside its page, so no link moves."""
    root = copy_project(tmp_path / "project")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8")
    built = build_all(root, ("mkdocs", "zensical"))
    expected = pages(built["mkdocs"])
    assert f"reports/{SEED_SLUG}.html" in expected and "topics/index.html" in expected
    assert pages(built["zensical"]) == expected
    for page in sorted(expected - {"editorial-guide.html"}):
        reference, other = article(built["mkdocs"], page), article(built["zensical"], page)
        assert words(other) == words(reference) and links(other) == links(reference), page


META = re.compile(r'<meta (property|name)="((?:og|twitter|citation)_?:?[^"]*)" content="([^"]*)"')


def head_tags(site: Path, page: str) -> list[tuple[str, str, str]]:
    """The link-preview and citation tags in a page's <head> (`pages/head.py`), as written."""
    head = (site / page).read_text(encoding="utf-8").split("</head>", 1)[0]
    return [(kind, name, html.unescape(content)) for kind, name, content in META.findall(head)]


def test_generated_pages_carry_the_same_link_preview_and_citation_tags(sites):
    for page in sorted(pages(sites["mkdocs"])):
        expected = head_tags(sites["mkdocs"], page)
        if page != "index.html" and page.split("/")[0] != "editorial-guide":  # generated pages (the editors' are MkDocs' only, for now)
            for name in GENERATORS[1:]:
                assert head_tags(sites[name], page) == expected, (name, page)
    report = f"reports/{SEED_SLUG}/index.html"
    assert any(name == "citation_title" for _, name, _ in head_tags(sites["zensical"], report))
    assert any(name == "og:title" for _, name, _ in head_tags(sites["zensical"], report))
