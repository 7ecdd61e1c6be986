# ruff: noqa: F405  (names from the shared fixture, reader_site)
"""What Material's search indexes: each paragraph and note once, topic pages, glossary terms."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import EDITORIAL_RULES_OFF, build, make_project
from htmltext import parse, text, with_attr, with_class
from reader_site import *  # noqa: F403  (the shared fixture: constants, helpers, `site` and `flat`)
from test_session import serve_builds

# --- 6. search ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def search_docs(site) -> list[dict]:
    return json.loads((site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_a_word_only_in_a_note_is_found_at_the_note(site, search_docs):
    assert sum(RARE_WORD in json.dumps(a) for a in ANNOTATIONS) == 1
    found = [doc["location"] for doc in search_docs if RARE_WORD in doc["text"]]
    # Once, at the note: the topic page and the type index show entries search leaves out.
    assert found == [f"{site.report(CAMBODIA)}#note_bribes"]


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


# --- what search reads: a light page per report, topic and the glossary (pages/search_html.py) -------


def _entries(search_docs: list[dict], location: str) -> list[dict]:
    return [doc for doc in search_docs if doc["location"] == location]


def _words(doc: dict) -> str:
    return squash(text(parse(doc["text"])))


def test_each_paragraph_is_found_once_at_its_heading_with_its_exact_words(site, search_docs):
    for document in DOCUMENTS:
        for number, paragraph in enumerate(PARAGRAPHS[document], start=1):
            location = f"{site.report(document)}#paragraph_{number}"
            (doc,) = _entries(search_docs, location)
            assert doc["title"] == f"Paragraph {number}"
            assert _words(doc) == squash(paragraph), (document, number)  # no type letters, no notes
            assert [d["location"] for d in search_docs if squash(paragraph) in _words(d)] == [location]


def test_each_note_is_found_once_at_its_permalink_under_a_short_title(site, search_docs):
    for annotation in ANNOTATIONS:
        location = f"{site.report(annotation['document'])}#note_{annotation['id']}"
        (doc,) = _entries(search_docs, location)
        label, quote = LABELS[annotation["type"]], squash(annotation["quote"])
        title = html.unescape(doc["title"])
        assert title.startswith(f"{label} \u201c") and title.endswith("\u201d"), title
        shown = title[len(label) + 2 : -1]
        if shown.endswith("\u2026"):  # cut at a word boundary: the whole quote is in its paragraph
            assert len(shown) <= 81 and quote.startswith(shown[:-1]) and quote[len(shown) - 1] == " ", title
        else:
            assert shown == quote
        # The note's own words are found here and nowhere else.
        assert [d["location"] for d in search_docs if annotation["note"] in d["text"]] == [location]
        # The result leads to a heading that reads the same: the note names its passage by the
        # same short quote (the whole quote is highlighted in the paragraph just above it).
        (head,) = site.content(site.report(annotation["document"])).find_all(with_attr("id", f"note_{annotation['id']}"))
        assert head.tag == "h3" and squash(text(head)) == squash(title), (text(head), title)


def test_what_only_a_note_says_is_found_at_the_note(site, search_docs):
    for annotation in ANNOTATIONS:
        (doc,) = _entries(search_docs, f"{site.report(annotation['document'])}#note_{annotation['id']}")
        words = _words(doc)
        assert annotation["note"] in words
        if "attributed_to" in annotation:
            assert f"Attributed to: {annotation['attributed_to']}" in words
        if annotation["type"] == "statistic":
            figure = f"{VALUE_TEXT[annotation['id']]} {annotation['unit']}"
            assert (f"{figure}, {annotation['year']}" if "year" in annotation else figure) in words, words


@pytest.mark.parametrize("name", ["site", "flat"])
def test_every_search_result_leads_to_an_id_on_its_page(request, name):
    built: BuiltSite = request.getfixturevalue(name)
    docs = json.loads((built.dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert f"{built.report(CAMBODIA)}#note_bribes" in {doc["location"] for doc in docs}
    for doc in docs:
        page, _, fragment = doc["location"].partition("#")
        assert built.file(page).is_file(), doc["location"]
        if fragment:
            assert fragment in built.ids(page), doc["location"]


def test_navigation_and_the_legend_stay_on_the_page_and_out_of_the_index(site, search_docs):
    indexed = " ".join(doc["title"] + " " + _words(doc) for doc in search_docs)
    report = squash(text(site.content(site.report(CAMBODIA))))
    glossary = squash(text(site.content(site.url("glossary"))))
    for words, page in [("Reading guide", report), ("Linked:", report), ("Topics:", report), ("Cite this note", report),
                        ("In the glossary:", report), (", annotated edition.", report),
                        ("Used in:", glossary), ("See also:", glossary)]:
        assert words in page and words not in indexed, words
    # The glossary's letters are navigation: no result is a bare letter.
    assert not [doc for doc in search_docs if doc["location"].split("#")[-1].startswith("letter_")]


@pytest.fixture(scope="module")
def without_search(tmp_path_factory) -> BuiltSite:
    root = make_reader_project(tmp_path_factory.mktemp("reader-without-search"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - search\n", ""), encoding="utf-8")
    result = build(root)
    assert not result.aborted, result.warnings
    return BuiltSite(result, directory_urls=True)


def _article(built: BuiltSite, url: str) -> str:
    page = built.file(url).read_text(encoding="utf-8")
    start = page.index('<article class="md-content__inner md-typeset">')
    return page[start : page.index("</article>", start)]


def test_the_theme_shows_the_full_page_search_read_the_light_one(site, without_search):
    pages = [site.report(d) for d in DOCUMENTS] + [site.url(f"topics/{t}") for t, _, _ in TOPICS] + [site.url("glossary")]
    for url in pages:
        # The page is byte for byte what it is on a site without search: nothing of the swap shows.
        assert _article(site, url) == _article(without_search, url), url
    for document in DOCUMENTS:
        notes = site.content(site.report(document)).find_all(with_attr("data-annotation-note"))
        assert sorted(n.get("data-annotation-note") for n in notes) == sorted(
            a["id"] for a in ANNOTATIONS if a["document"] == document)
        assert site.content(site.report(document)).find(with_class("ar-legend")) is not None


HOSTILE_SEED = 'The <script>alert("p1")</script> agency & 2 <img src=x onerror=alert("p2")> said so.\n'
HOSTILE = '<img src=x onerror=alert("n1")> <b onclick="alert(\'n2\')">x</b> </h3><script>alert("n3")</script>'


def test_search_text_of_hostile_notes_and_report_text_is_inert(tmp_path):
    annotations = textwrap.dedent(f"""\
        document: hostile
        annotations:
          - id: hostile-stat
            type: statistic
            quote: 'agency & 2 <img src=x onerror=alert("p2")>'
            value: 2
            unit: {yaml_value(HOSTILE)}
            year: 2020
            attributed_to: {yaml_value(HOSTILE)}
            sources: [{{title: {yaml_value(HOSTILE)}}}]
            note: {yaml_value(HOSTILE)}
        """)
    glossary = f"terms:\n  - term: agency\n    aliases: [{yaml_value(HOSTILE)}]\n    definition: {yaml_value(HOSTILE)}\n"
    root = make_project(tmp_path, {"hostile.yml": annotations, "glossary.yml": glossary},
                        seeds={"hostile": HOSTILE_SEED}, with_cambodia=False, rules=EDITORIAL_RULES_OFF)
    result = build(root)
    assert not result.aborted, result.warnings
    docs = json.loads((result.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for doc in docs:
        for field in ("title", "text"):
            tree = parse(doc[field])
            assert tree.find(lambda e: e.tag in {"script", "img", "b", "iframe", "h3"} or any(
                name.startswith("on") for name in e.attrs)) is None, doc
    by_location = {doc["location"]: doc for doc in docs}
    paragraph = by_location["reports/hostile/#paragraph_1"]
    assert _words(paragraph) == squash(HOSTILE_SEED)  # the report's characters, as text
    note = _words(by_location["reports/hostile/#note_hostile-stat"])
    assert f"Attributed to: {squash(HOSTILE)}" in note and f"Sources: {squash(HOSTILE)}" in note
    title = html.unescape(by_location["reports/hostile/#note_hostile-stat"]["title"])
    assert title == 'Statistic \u201cagency & 2 <img src=x onerror=alert("p2")>\u201d'


def test_mkdocs_own_search_plugin_reads_the_light_page_too(tmp_path):
    root = make_reader_project(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  name: material\n  features: [content.tooltips]\n", "  name: mkdocs\n"), encoding="utf-8")
    result = build(root, strict=True)
    assert not result.aborted and not result.warnings, result.warnings
    docs = json.loads((result.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for document in DOCUMENTS:
        (page,) = [doc for doc in docs if doc["location"] == f"reports/{document}/"]
        words = squash(page["text"])
        for paragraph in PARAGRAPHS[document]:
            assert squash(paragraph) in words
        for annotation in ANNOTATIONS:
            assert (annotation["note"] in words) == (annotation["document"] == document)
        assert "How to read this page" not in words and "Linked:" not in words
        built = parse((result.site_dir / "reports" / document / "index.html").read_text(encoding="utf-8"))
        assert len(built.find_all(with_attr("data-annotation-note"))) == sum(a["document"] == document for a in ANNOTATIONS)


def test_properdocs_builds_the_same_search_index(site, tmp_path):
    root = make_reader_project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(Path(sys.executable).parent / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", "out"]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    index = json.loads((root / "out" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index == json.loads((site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_a_serve_rebuild_indexes_the_edited_note_and_keeps_the_rest(tmp_path):
    root = make_reader_project(tmp_path / "served")
    path = root / "annotations" / CAMBODIA / "all.yml"

    def edit() -> None:
        path.write_text(path.read_text(encoding="utf-8").replace("Note on trainings.", "Note on trainings, edited."),
                        encoding="utf-8")

    session, _ = serve_builds(root, edit)
    # Untouched by the edit: the other report, the glossary and the topic pages.
    assert session.page_hits >= 1 + 1 + len(TOPICS)
    assert {f"reports/{document}" for document in DOCUMENTS} | {"glossary"} <= set(session.pages)
    served = json.loads((root / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("site"))
    assert build(fresh).site_dir.is_dir()
    assert served == json.loads((fresh / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [d["location"] for d in served["docs"] if "Note on trainings, edited." in d["text"]] == [
        f"reports/{CAMBODIA}/#note_trainings"]


def test_an_editors_own_page_is_indexed_from_its_own_html(site, search_docs):
    # Only generated pages are swapped: the home page (with the overview filled in) is read as built.
    home = [doc for doc in search_docs if doc["location"].split("#")[0] == ""]
    assert home and home[0]["title"] == "Welcome"
    words = " ".join(_words(doc) for doc in home)
    assert "An introduction written by hand." in words and "Written after the overview." in words
    for _, title, _ in TOPICS:  # the overview's table of topics, from the page's HTML
        assert title in words
