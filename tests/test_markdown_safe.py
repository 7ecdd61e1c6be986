"""Contributor Markdown is rendered, then sanitized: formatting survives, active content does not."""

from __future__ import annotations

import html as html_lib
from urllib.parse import urlsplit

import nh3
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotated_report.render.markdown_safe import plain_text, render_inline, render_markdown, sanitize
from helpers import SEED_SLUG, build, make_project
from htmltext import Element, parse, tag_errors, text, with_class

#: Elements that must never come out of contributor text.
FORBIDDEN_TAGS = {
    "script", "style", "iframe", "frame", "object", "embed", "img", "svg", "math", "form", "input", "button",
    "base", "meta", "link", "details", "video", "audio", "source", "textarea", "select",
}
SAFE_SCHEMES = {"", "http", "https", "mailto"}


def unsafe_parts(root: Element) -> list[str]:
    """Everything in a tree that could run code or restyle the page."""
    found = []
    for element in root.iter():
        if element.tag in FORBIDDEN_TAGS:
            found.append(f"<{element.tag}>")
        for name, value in element.attrs.items():
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                found.append(f"{element.tag}[{name}]")
            if name in {"href", "src", "action", "data", "xlink:href", "poster", "background"} and value is not None:
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme not in SAFE_SCHEMES:
                    found.append(f"{element.tag}[{name}={value!r}]")
    return found


def rendered(markdown_text: str) -> Element:
    html = render_markdown(markdown_text)
    assert tag_errors(html) == [], html
    assert unsafe_parts(parse(html)) == [], html
    return parse(html)


def tags(root: Element) -> list[str]:
    return [element.tag for element in root.iter() if element is not root]


# --- Markdown is rendered -----------------------------------------------------------------


def test_emphasis_and_code():
    root = rendered("*em* and **strong** and `code`")
    assert tags(root) == ["p", "em", "strong", "code"]
    assert text(root) == "em and strong and code"


def test_lists():
    root = rendered("- one\n- two\n\n1. first\n2. second\n")
    assert [e.tag for e in root.find_all(lambda e: e.tag in {"ul", "ol"})] == ["ul", "ol"]
    assert [text(li) for li in root.find_all(lambda e: e.tag == "li")] == ["one", "two", "first", "second"]


def test_links_keep_safe_addresses_and_get_rel():
    root = rendered("[web](https://example.org/a?b=1) [mail](mailto:a@example.org) [page](../topics/x/) [here](#note_x)")
    links = root.find_all(lambda e: e.tag == "a")
    assert [link.get("href") for link in links] == ["https://example.org/a?b=1", "mailto:a@example.org", "../topics/x/", "#note_x"]
    assert all("noopener" in (link.get("rel") or "") for link in links)


def test_tables_and_blockquotes():
    root = rendered("| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted\n")
    assert {"table", "th", "td", "blockquote"} <= set(tags(root))


def test_text_is_escaped():
    html = render_markdown("a & b < c > d")
    assert text(parse(html)) == "a & b < c > d"
    assert "&amp;" in html and "&lt;" in html


def test_code_blocks_show_html_as_text():
    root = rendered("```\n<script>alert(1)</script>\n```\n")
    (pre,) = root.find_all(lambda e: e.tag == "pre")
    assert text(pre).strip() == "<script>alert(1)</script>"


# --- active content is removed ------------------------------------------------------------


@pytest.mark.parametrize(
    "dangerous",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        '<a href="#" onclick="alert(1)">click</a>',
        '<p onmouseover="alert(1)">hover</p>',
        "[click](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
        '<a href="java&#x09;script:alert(1)">entity tab</a>',
        "<a href='  javascript:alert(1)'>leading spaces</a>",
        "[x]( javascript:alert(1) )",
        '<a href="vbscript:msgbox(1)">vb</a>',
        "<iframe src='https://evil.example/'></iframe>",
        '<span style="background:url(javascript:alert(1))">styled</span>',
        '<p style="position:fixed;top:0">overlay</p>',
        "<style>body { display: none }</style>",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
        "![pixel](data:image/png;base64,iVBORw0KGgo=)",
        "<svg onload=alert(1)><circle r=1 /></svg>",
        "<math><mtext><script>alert(1)</script></mtext></math>",
        "<object data='https://evil.example/x.swf'></object>",
        "<embed src='https://evil.example/x.swf'>",
        "<form action='https://evil.example/'><input name=x><button formaction='javascript:alert(1)'>go</button></form>",
        "<base href='https://evil.example/'>",
        "<meta http-equiv='refresh' content='0;url=https://evil.example/'>",
        "<details open ontoggle=alert(1)>toggle</details>",
        "<a href='https://example.org' target='_blank'>new tab</a>",
    ],
)
def test_active_content_is_removed(dangerous):
    html = render_markdown(f"Before. {dangerous} After.")
    root = parse(html)
    assert unsafe_parts(root) == [], html
    lowered = html.lower()
    for word in ("javascript:", "vbscript:", "onerror", "onclick", "onload", "onmouseover", "ontoggle", "style=", "data:"):
        assert word not in lowered, (word, html)
    assert "Before." in text(root) and "After." in text(root)


def test_script_content_is_dropped_not_shown():
    assert "alert" not in text(parse(render_markdown("<script>alert(1)</script>Visible")))


def test_comments_are_stripped():
    html = render_markdown("<!-- secret -->Shown")
    assert "secret" not in html


def test_sanitize_alone_keeps_allowed_markup():
    assert sanitize('<p><abbr title="x">X</abbr> <sup>1</sup> <del>old</del></p>') == '<p><abbr title="x">X</abbr> <sup>1</sup> <del>old</del></p>'


def test_render_inline_unwraps_one_paragraph_only():
    assert render_inline("*one* paragraph") == "<em>one</em> paragraph"
    assert render_inline("two\n\nparagraphs").count("<p>") == 2
    assert render_inline("") == ""


def test_plain_text_keeps_only_words():
    assert plain_text("**bold** [link](https://x.example) <script>alert(1)</script> &amp; a<b") == "bold link & a<b"


def test_rendering_is_the_same_every_time():
    # render_markdown shares one converter (and caches): a list must not leak into the next call.
    first = render_markdown("- a\n- b")
    assert render_markdown("plain") == "<p>plain</p>"
    assert render_markdown("- a\n- b") == first


# --- end to end: a real build with hostile contributor text --------------------------------
# Markdown fields (note, topic description, definition) carry active content that must be
# removed; plain-text fields (attributed_to, titles) carry markup that must show as text.

HOSTILE_NOTE = (
    "**Bold** and *em*.\\n\\n- item one\\n- item two\\n\\n"
    "<script>alert('note')</script> <img src=x onerror=alert(1)> [js](javascript:alert(1)) "
    "<iframe src='https://evil.example/'></iframe> <span style='color:red'>red</span> "
    "[data](data:text/html;base64,PHNjcmlwdD4=) <a href='#' onclick='alert(2)'>click</a> "
    "<a href='JAVASCRIPT:alert(3)'>upper</a> <svg onload=alert(4)></svg>"
)

ANNOTATIONS = {
    "hostile.yml": f"""\
document: {SEED_SLUG}
annotations:
  - id: hostile-note
    type: allegation
    quote: "NGOs alleged police and other officials were complicit"
    note: "{HOSTILE_NOTE}"
    attributed_to: "<script>alert('attributed')</script> NGOs"
    topics: [prosecutions, courts]
    sources:
      - title: "<b>Source</b> title"
        url: https://example.org/source
  - id: friendly-note
    type: claim
    quote: "Endemic corruption"
    note: "Plain *Markdown* with [a link](https://example.org/) and a [local link](#hostile-note)."
    related: [hostile-note]
""",
    "glossary.yml": """\
terms:
  - term: working-level police
    definition: "Rank-and-file officers. <script>alert('glossary')</script> <a href='javascript:alert(5)'>x</a>"
""",
}
HOSTILE_TOPICS = """\
topics:
  - id: prosecutions
    title: "Prosecutions <script>alert('topic title')</script>"
    description: "Cases brought to court. <img src=x onerror=alert(6)> <a href='javascript:alert(7)'>y</a>"
  - id: courts
    title: Courts
    description: 'What the courts did. x" &gt;&lt;script&gt;alert(8)&lt;/script&gt;'
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("hostile"), ANNOTATIONS, topics=HOSTILE_TOPICS)
    result = build(root)
    assert not result.aborted
    return result


@pytest.fixture(scope="module")
def hostile_report_html(hostile_site) -> str:
    return hostile_site.page(f"reports/{SEED_SLUG}/")


@pytest.fixture(scope="module")
def hostile_report(hostile_report_html) -> Element:
    return parse(hostile_report_html)


def scripts_with_alert(root: Element) -> list[str]:
    return [text(script) for script in root.find_all(lambda e: e.tag == "script") if "alert(" in text(script)]


def test_hostile_annotations_were_published(hostile_site, hostile_report):
    assert not any("left out" in warning for warning in hostile_site.warnings), hostile_site.warnings
    ids = {element.get("id") for element in hostile_report.iter()}
    assert {"hostile-note", "friendly-note"} <= ids


#: The report's own disclosures (the reading guide, "and N more", "Cite this note"): made by
#: the renderer, never from contributor text (the sanitizer drops `details`).
OWN_DISCLOSURES = {"ar-legend__details", "ar-note__more", "ar-cite"}


def test_the_report_block_has_no_active_content(hostile_report):
    report = hostile_report.find(with_class("ar-report"))
    assert report is not None
    assert report.find_all(lambda e: e.tag == "script") == []
    disclosures = report.find_all(lambda e: e.tag == "details")
    assert disclosures and {e.get("class") for e in disclosures} <= OWN_DISCLOSURES
    assert [part for part in unsafe_parts(report) if part != "<details>"] == []


def test_the_report_page_has_no_javascript_url_or_onerror(hostile_report_html):
    lowered = hostile_report_html.lower()
    assert "javascript:" not in lowered
    assert "onerror" not in lowered
    assert "onclick" not in lowered and "onload" not in lowered


def test_notes_keep_their_markdown(hostile_report):
    note = hostile_report.find(lambda e: e.get("data-annotation-note") == "hostile-note")
    assert note is not None
    assert {"strong", "em", "ul", "li"} <= {e.tag for e in note.iter()}
    assert "red" in text(note)  # the span's words stay, its style goes
    friendly = hostile_report.find(lambda e: e.get("data-annotation-note") == "friendly-note")
    hrefs = [a.get("href") for a in friendly.find_all(lambda e: e.tag == "a")]
    assert "https://example.org/" in hrefs


def test_plain_text_fields_show_markup_as_text(hostile_report):
    note = hostile_report.find(lambda e: e.get("data-annotation-note") == "hostile-note")
    assert "<script>alert('attributed')</script> NGOs" in text(note)
    assert "<b>Source</b> title" in text(note)
    assert "Prosecutions <script>alert('topic title')</script>" in text(note)
    assert not [e for e in note.iter() if e.tag in {"script", "b"}]


def test_topic_title_is_text_on_every_page(hostile_site):
    """A topic's title becomes a page title: in the navigation of every page and in its <h1>."""
    infected = []
    for path in sorted(hostile_site.site_dir.rglob("*.html")):
        root = parse(path.read_text(encoding="utf-8"))
        if any("topic title" in script for script in scripts_with_alert(root)):
            infected.append(path.relative_to(hostile_site.site_dir).as_posix())
    assert infected == []
    page = parse(hostile_site.page("topics/prosecutions/"))
    (heading,) = page.find_all(lambda e: e.tag == "h1")
    assert text(heading).strip() == "Prosecutions <script>alert('topic title')</script>"


def test_topic_description_stays_inside_the_meta_tag(hostile_site):
    page = parse(hostile_site.page("topics/courts/"))
    (meta,) = page.find_all(lambda e: e.tag == "meta" and e.get("name") == "description")
    assert "alert(8)" in meta.get("content")  # the whole description is the attribute's value
    assert scripts_with_alert(page) == []


def test_no_page_of_the_site_carries_contributor_script(hostile_site):
    pages = sorted(hostile_site.site_dir.rglob("*.html"))
    assert len(pages) > 3
    problems = []
    for path in pages:
        html = path.read_text(encoding="utf-8")
        root = parse(html)
        where = path.relative_to(hostile_site.site_dir).as_posix()
        problems += [f"{where}: script {script!r}" for script in scripts_with_alert(root)]
        problems += [f"{where}: {part}" for part in unsafe_parts(root) if "[" in part]  # attributes only
        problems += [f"{where}: <{e.tag}>" for e in root.iter() if e.tag in {"iframe", "object", "embed"}]
        if "javascript:" in html.lower():
            problems.append(f"{where}: javascript: URL")
    assert problems == []


# --- plain_text cuts the sanitized HTML's tags by a regex: the same words as a second nh3 pass --

def _plain_text_by_nh3(text: str) -> str:
    """What plain_text was: the sanitized HTML cleaned again with no tag allowed."""
    return " ".join(html_lib.unescape(nh3.clean(render_markdown(text), tags=set())).split())


TRICKY_MARKDOWN = [
    '[a "quoted" > link](https://x.example/?a=1&b=2 "title with > and < and \\" inside")',
    "<abbr title='a > b'>A</abbr> and <abbr title=\"x&quot;y\">B</abbr> 1 < 2 > 0 &lt;tag&gt;",
    "| a | b |\n|:-|-:|\n| <b>x</b> | y > z |\n\nafter",
    "```\n<script>alert(1)</script> a < b\n```\n\n`<i>code</i>`",
    "<!-- a comment > with --> text <textarea><b>kept</b></textarea> <style>p{}</style>",
    "line one  \nline two\u00a0with nbsp &nbsp; &copy; &amp;copy; &#x3c;",
    "<table><tr>stray text<td>cell</td></tr></table>",
    "> quote\n\n1. one\n2. two\n\n---\n\n<sub>s</sub><sup>p</sup>",
]


@pytest.mark.parametrize("markdown_text", TRICKY_MARKDOWN)
def test_plain_text_matches_a_second_sanitizer_pass(markdown_text):
    assert plain_text(markdown_text) == _plain_text_by_nh3(markdown_text)


MARKDOWN_PIECES = st.sampled_from([
    "a", " ", "\n", "\n\n", "*", "**", "_", "`", "[", "]", "(", ")", "<", ">", "&", ";", '"', "'", "=", "#",
    "- ", "1. ", "| ", "|-|", "> ", "```", "<b>", "</b>", "<a href=", "title=", "<abbr title='>'>", "</abbr>",
    "<p>", "</p>", "<!--", "-->", "&amp;", "&lt;", "&nbsp;", "\u00a0", "é", "https://x.example/?q=1&r=>",
])


@given(st.lists(MARKDOWN_PIECES, max_size=30).map("".join))
def test_plain_text_matches_a_second_sanitizer_pass_on_generated_markdown(markdown_text):
    assert plain_text(markdown_text) == _plain_text_by_nh3(markdown_text)


def test_rendered_notes_stay_kept_for_a_whole_build_of_any_size(monkeypatch):
    """A note is needed by the exports, its page, the search text and its entries at different
    moments of a build: a bounded cache smaller than the publication re-rendered each one."""
    from annotated_report.render.markdown_safe import SafeMarkdown

    monkeypatch.setattr("annotated_report.render.markdown_safe.inline_html", lambda text: None)  # the full path's renderings
    converted: list[str] = []
    real = SafeMarkdown._convert
    monkeypatch.setattr(SafeMarkdown, "_convert", lambda self, text: converted.append(text) or real(self, text))
    markdown = SafeMarkdown()
    texts = [f"Note *{n}* with a [link](https://example.org/{n})." for n in range(20_000)]
    first = [markdown.html(note) for note in texts]
    assert [markdown.html(note) for note in texts] == first
    plain = [markdown.plain(note) for note in texts[:10]]
    assert len(converted) == len(texts)  # the second pass, and the plain texts, rendered nothing
    assert plain == [plain_text(note) for note in texts[:10]]


def test_no_rendered_note_outlives_its_build(tmp_path, monkeypatch):
    """Renderings are kept by the build's `SafeMarkdown`, which goes with the build: two builds
    in one process render every note twice (the disk store aside: `cache: false` here)."""
    from annotated_report.render.markdown_safe import SafeMarkdown
    from helpers import build, make_project

    monkeypatch.setattr("annotated_report.render.markdown_safe.inline_html", lambda text: None)  # the full path's renderings
    converted: list[str] = []
    real = SafeMarkdown._convert
    monkeypatch.setattr(SafeMarkdown, "_convert", lambda self, text: converted.append(text) or real(self, text))
    root = make_project(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - annotated-report\n", "  - annotated-report:\n      cache: false\n"),
                      encoding="utf-8")
    assert not build(root).aborted
    once = len(converted)
    assert once > 0 and len(set(converted)) == once  # each text once per build
    assert not build(root).aborted
    assert len(converted) == 2 * once
