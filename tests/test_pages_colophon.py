"""Who stands behind the site, on the pages and in their <head>: the colophon on the home and
data pages, link-preview tags on every page, citation tags on report pages (`pages/head.py`),
and a bad colophon field as a build message that fails a strict build."""

from __future__ import annotations

import json
import re

import pytest

from annotated_report.model import Colophon
from annotated_report.pages.colophon import byline, colophon_block, long_date
from annotated_report.pages.head import meta_html
from helpers import EDITORIAL_RULES_OFF, SEED_SLUG, build, make_project, write
from htmltext import parse, text, with_class

COLOPHON = """\
      colophon:
        publisher: The Example Newsroom
        editors: [Ada Lovelace, "Grace <b>Hopper</b>"]
        reviewed: 2026-12-07
        corrections: https://github.com/owner/repo/issues
        annotations_licence: CC BY 4.0
        annotations_licence_url: https://creativecommons.org/licenses/by/4.0/
        code_licence: MIT
"""


def project_with(root, colophon: str):
    make_project(root, rules=EDITORIAL_RULES_OFF)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    options = ", ".join(f"{name}: false" for name in EDITORIAL_RULES_OFF)
    config = re.sub(r"  - annotated-report:\n      rules: \{[^}]*\}\n", f"  - annotated-report:\n      rules: {{{options}}}\n{colophon}", config)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    write(root / "docs" / "index.md", "# Home\n\nIntro.\n\n<!-- annotated-report:overview -->\n")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result = build(project_with(tmp_path_factory.mktemp("colophon"), COLOPHON), strict=True)
    assert not result.aborted and not result.warnings, result.warnings
    return result


def fields(block) -> dict[str, str]:
    """A colophon's rows: each <dt>'s words and the <dd> after it."""
    names = [" ".join(text(e).split()) for e in block.find_all(lambda e: e.tag == "dt")]
    values = [" ".join(text(e).split()) for e in block.find_all(lambda e: e.tag == "dd")]
    return dict(zip(names, values, strict=True))


def metas(page: str) -> list[tuple[str, str]]:
    head = parse(page).find(lambda e: e.tag == "head")
    return [(m.get("property") or m.get("name"), m.get("content")) for m in head.find_all(lambda e: e.tag == "meta")
            if (m.get("property") or m.get("name") or "").startswith(("og:", "twitter:", "citation_"))]


def test_the_report_page_carries_citation_and_preview_tags(built):
    tags = metas(built.page(f"reports/{SEED_SLUG}/"))
    url = f"https://example.org/reports/{SEED_SLUG}/"
    assert ("citation_title", "Cambodia 2022: Prosecution (annotated)") in tags
    assert [c for n, c in tags if n == "citation_author"] == ["Ada Lovelace", "Grace <b>Hopper</b>"]  # as text, escaped in the page
    assert ("citation_publication_date", "2026/12/07") in tags
    assert ("citation_publisher", "The Example Newsroom") in tags
    assert ("citation_public_url", url) in tags and ("og:url", url) in tags
    assert ("og:type", "article") in tags and ("twitter:card", "summary") in tags
    assert ("og:site_name", "Test site") in tags


def test_other_pages_carry_preview_tags_but_no_citation(built):
    for page in ("", "claims/", "statistics/", "data/"):
        tags = dict(metas(built.page(page)))
        assert tags["og:type"] == "website" and tags["og:title"], page
        if page:  # a generated page has its own description (the test site has no site_description for home)
            assert tags["og:description"], page
        assert not any(name.startswith("citation_") for name in tags), page
    assert dict(metas(built.page("")))["og:url"] == "https://example.org/"


def test_the_home_and_data_pages_show_the_colophon(built):
    for page in ("", "data/"):
        (block,) = parse(built.page(page)).find_all(with_class("ar-colophon"))
        rows = fields(block)
        assert rows["Published by"] == "The Example Newsroom"
        assert rows["Editors"] == "Ada Lovelace and Grace <b>Hopper</b>"  # contributor text stays text
        assert rows["Notes last reviewed"] == "7 December 2026"
        assert rows["Corrections"] == "Found an error? Tell the editors."
        assert rows["Licences"] == "Notes, topics, glossary and data: CC BY 4.0. The software: MIT. Each report text keeps its own terms."
        links = {a.get("href") for a in block.find_all(lambda e: e.tag == "a")}
        assert links == {"https://github.com/owner/repo/issues", "https://creativecommons.org/licenses/by/4.0/"}
    home = " ".join(text(parse(built.page(""))).split())
    assert "explained by Ada Lovelace and Grace <b>Hopper</b>, last reviewed 7 December 2026" in home


def test_the_data_pages_json_ld_names_publisher_credit_licence_and_review(built):
    page = built.page("data/")
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    dataset = json.loads(script)["@graph"][0]
    assert dataset["publisher"] == {"@type": "Organization", "name": "The Example Newsroom"}
    assert dataset["creditText"] == "Annotations by Ada Lovelace and Grace <b>Hopper</b>, The Example Newsroom, CC BY 4.0"
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["dateModified"] == "2026-12-07"


def test_a_bad_colophon_field_is_one_message_and_fails_a_strict_build(tmp_path):
    result = build(project_with(tmp_path, "      colophon: {reviewed: last week, publisher: Fine}\n"), strict=True)
    assert result.aborted
    messages = [w for w in result.warnings if "colophon" in w]
    assert len(messages) == 1, result.warnings
    assert "mkdocs.yml: plugins → annotated-report → colophon → reviewed: must be the date of the last review as YYYY-MM-DD" in messages[0]


def test_meta_html_escapes_contributor_text():
    html = meta_html([("og:title", 'A "quoted" <title> & more'), ("citation_author", "<script>")])
    assert html == ('<meta property="og:title" content="A &#34;quoted&#34; &lt;title&gt; &amp; more">'
                    '<meta name="citation_author" content="&lt;script&gt;">')


def test_the_byline_and_colophon_leave_out_what_is_not_set():
    assert byline(Colophon()) == ""
    assert text(parse(str(byline(Colophon(publisher="Desk", reviewed="2026-12-07"))))) == "Annotated by Desk · notes reviewed 7 December 2026."
    assert fields(parse(str(colophon_block(Colophon())))) == {
        "Licences": "Notes, topics, glossary and data: see the repository's licence. Each report text keeps its own terms."}
    assert long_date("2026-02-01") == "1 February 2026" and long_date("soon") == "soon"


def test_a_files_adapter_gets_the_same_tags_for_a_generated_page(built, tmp_path):
    """`SitePlan.page_head_tags` (what sitefiles.py puts in front matter) equals what the plugin wrote."""
    from annotated_report import publish
    from annotated_report.colophon import read_colophon
    from annotated_report.project import colophon_from_mkdocs_yml
    from annotated_report.session import Session

    root = project_with(tmp_path, COLOPHON)
    colophon, problems = colophon_from_mkdocs_yml(root / "mkdocs.yml")  # as the pages command reads it, without MkDocs
    assert problems == [] and colophon.editors == ("Ada Lovelace", "Grace <b>Hopper</b>") and colophon.reviewed == "2026-12-07"
    assert read_colophon({"reviewed": "later"})[1] and colophon_from_mkdocs_yml(tmp_path / "none.yml") == (type(colophon)(), [])
    options = publish.Options(root=root, seeds_dir=root / "seeds", annotations_dir=root / "annotations",
                              site_url="https://example.org/", colophon=colophon, cache=False)
    session = Session()
    plan = publish.plan(publish.load(options, session), options, session)
    (report,) = [page for page in plan.pages if page.page == f"reports/{SEED_SLUG}"]
    assert plan.page_head_tags(report, "Test site") == metas(built.page(f"reports/{SEED_SLUG}/"))


def test_the_report_page_has_the_byline(built):
    from helpers import SEED_SLUG

    (line,) = parse(built.page(f"reports/{SEED_SLUG}/")).find_all(with_class("ar-byline"))
    words = " ".join(text(line).split())
    assert words.startswith("Annotated by Ada Lovelace and Grace <b>Hopper</b> for The Example Newsroom · notes reviewed 7 December 2026")
    assert "Send a correction" in words
