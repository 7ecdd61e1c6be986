# ruff: noqa: F405  (names from the shared fixture, reader_site)
"""Contributor text meant to inject script reaches the new surfaces as text only."""

from __future__ import annotations

import json
import textwrap

import pytest

from helpers import make_project
from htmltext import Element, parse, text, with_class
from reader_site import *  # noqa: F403  (the shared fixture: constants, helpers, `site` and `flat`)

# --- 9. security of the new surfaces -----------------------------------------------------------------

#: Contributor text meant to inject script: each payload calls alert(), which nothing legitimate does.
EVIL_TITLE = '<script>alert("t1")</script> Courts <img src=x onerror=alert("t2")>'
EVIL_DESCRIPTION = (
    'Read <script>alert("d1")</script> [this](javascript:alert("d2")) '
    '<a href="javascript:alert(\'d3\')" onclick="alert(\'d4\')">x</a> <img src=x onerror="alert(\'d5\')">'
)
EVIL_DEFINITION = (
    'An agency x" onmouseover="alert(\'g7\')" <script>alert("g1")</script> <a href="javascript:alert(\'g2\')">see</a> [more](javascript:alert("g3")) '
    '<img src=x onerror="alert(\'g4\')"> `<script>alert("g5")</script>` onerror=alert("g6")'
)
EVIL_WHO = (
    '<script>alert("w1")</script> Officials onerror=alert("w2") javascript:alert("w3") '
    '<img src=x onerror=alert("w4")> " onmouseover="alert(\'w5\')'
)
EVIL_DOCUMENT_TITLE = '<script>alert("s2")</script> Evil <svg onload=alert("s3")>'
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}


@pytest.fixture(scope="module")
def evil(tmp_path_factory) -> BuiltSite:
    annotations = textwrap.dedent(f"""\
        document: evil
        annotations:
          - id: evil-claim
            type: claim
            quote: The Agency
            attributed_to: {yaml_value(EVIL_WHO)}
            topics: [evil-topic]
            note: {yaml_value(EVIL_DESCRIPTION)}
          - id: evil-allegation
            type: allegation
            quote: said things
            attributed_to: {yaml_value(EVIL_WHO)}
            topics: [evil-topic]
            related: [evil-claim]
        """)
    root = make_project(
        tmp_path_factory.mktemp("evil"),
        {
            "evil.yml": annotations,
            "glossary.yml": textwrap.dedent(f"""\
                terms:
                  - term: Agency
                    aliases: [{yaml_value('<img src=x onerror=alert("a1")>')}]
                    definition: {yaml_value(EVIL_DEFINITION)}
                    see_also: [Things]
                  - term: Things
                    definition: {yaml_value(EVIL_DEFINITION)}
                """),
        },
        seeds={"evil": "The Agency said things.\n"},
        with_cambodia=False,
        topics=f"topics:\n  - id: evil-topic\n    title: {yaml_value(EVIL_TITLE)}\n    description: {yaml_value(EVIL_DESCRIPTION)}\n",
    )
    write(root / "docs" / "index.md", HOME)
    write(root / "seeds" / "evil.yml", "\n".join([
        f"title: {yaml_value(EVIL_DOCUMENT_TITLE)}",
        f"description: {yaml_value(EVIL_DESCRIPTION)}",
        f"section: {yaml_value(EVIL_WHO)}",
        'source_url: "javascript:alert(\'s1\')"',
    ]) + "\n")
    result = build(root)
    assert not result.aborted, result.warnings
    return BuiltSite(result, directory_urls=True)


def dangers(tree: Element) -> list[str]:
    """Script elements carrying a payload or inside the content, event handlers, javascript: URLs."""
    found = []
    content = tree.find(lambda e: e.tag == "article" and "md-content__inner" in e.classes)
    for element in tree.iter():
        if element.tag == "script" and element.get("type") == "application/ld+json":
            # A data block never runs; it is dangerous only if it could end early (`</script>`)
            # or is not the JSON it claims to be (the data page's schema.org description).
            data = text(element)
            if "<" in data or element.get("src"):
                found.append(f"<script type=application/ld+json> {data[:80]!r}")
            json.loads(data)
            continue
        if element.tag == "script":
            body = text(element) + (element.get("src") or "")
            if "alert" in body or (content is not None and element.is_descendant_of(content)):
                found.append(f"<script> {body[:80]!r}")
        for name, value in element.attrs.items():
            if name.startswith("on"):
                found.append(f"<{element.tag} {name}={value!r}>")
            squashed = "".join(ch for ch in (value or "") if ch > " ").lower()
            if name in URL_ATTRIBUTES and squashed.startswith("javascript:"):
                found.append(f"<{element.tag} {name}={value!r}>")
    return found


def test_the_payloads_reach_the_pages_as_text(evil):
    topic = evil.content(evil.url("topics/evil-topic"))
    assert '<script>alert("t1")</script> Courts' in squash(text(topic.find(lambda e: e.tag == "h1")))
    claims = evil.content(evil.url("claims"))
    assert EVIL_WHO in [squash(text(h)) for h in claims.find_all(lambda e: e.tag == "h2")]
    # The full note (with its attribution) is on the report page; index pages show entries.
    shown = evil.content(evil.report("evil")).find_all(with_class("ar-note__attribution"))
    assert shown and all(squash(text(who)) == f"Attributed to: {EVIL_WHO}" for who in shown)
    # The term is used inside a highlight: its note names it (a link, no tooltip); the hostile
    # definition reaches the glossary page as text.
    report_tree = evil.tree(evil.report("evil"))
    assert not [link for link in term_links(report_tree) if term_slug(link) == "agency"]
    listed = [link for block in report_tree.find_all(with_class("ar-note__terms"))
              for link in block.find_all(lambda e: e.tag == "a") if term_slug(link) == "agency"]
    assert listed and all(set(link.attrs) == {"href"} for link in listed)
    assert 'An agency x" onmouseover="alert(\'g7\')"' in squash(text(evil.content(evil.url("glossary"))))
    overview = evil.content(evil.url("index")).find(with_class("ar-overview__topics"))
    assert '<script>alert("t1")</script>' in text(overview)
    report = evil.tree(evil.report("evil"))
    assert head_title(report) == f"{EVIL_DOCUMENT_TITLE} - Test site"
    assert squash(text(evil.content(evil.report("evil")).find(lambda e: e.tag == "h1"))) == EVIL_DOCUMENT_TITLE
    aliases = evil.content(evil.url("glossary")).find(with_class("ar-glossary__aliases"))
    assert squash(text(aliases)) == 'Also: <img src=x onerror=alert("a1")>'


def test_no_built_page_runs_contributor_script(evil):
    pages = sorted(evil.dir.rglob("*.html"))
    assert len(pages) >= 10
    found = {}
    for path in pages:
        problems = dangers(parse(path.read_text(encoding="utf-8")))
        if problems:
            found[path.relative_to(evil.dir).as_posix()] = problems
    assert found == {}


def test_the_search_index_carries_no_markup_that_would_run(evil):
    # Material shows search titles and texts as HTML: they must hold no live markup either.
    docs = json.loads((evil.dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert any("alert" in doc["title"] + doc["text"] for doc in docs)  # the payloads are there, inert
    for doc in docs:
        for field in ("title", "text"):
            tree = parse(doc[field])
            assert dangers(tree) == [] and tree.find(lambda e: e.tag in {"script", "img", "iframe"}) is None, doc

