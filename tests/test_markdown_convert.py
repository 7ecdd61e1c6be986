"""Markdown → HTML for contributors' notes: the notes' formatting, in bounded depth and time, never an error.

`convert` is the parser alone (its output is sanitized by markdown_safe, tested there). Timing
is measured by benchmarks/markdown_parsers.py, not asserted here: each hostile shape runs under
a 10-second hang guard, which a linear parser never nears (it takes well under a second) and
Python-Markdown, the parser before, blew through or crashed on.
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotated_report.limits import MAX_NOTE_CHARS
from annotated_report.render import markdown_convert
from annotated_report.render.markdown_convert import MAX_NESTING, RECIPE, convert
from annotated_report.render.markdown_safe import plain_text, render_markdown, sanitize
from bad_input_cases import MARKDOWN_SHAPES
from helpers import build, make_project

HANG_SECONDS = 10


class Hang(BaseException):
    """Raised by the guard; a BaseException so that `convert`'s own `except Exception` cannot hide it."""


@contextmanager
def hang_guard(seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Fail instead of hanging: the work inside must end within `seconds`."""
    def stop(signum: int, frame: object) -> None:
        raise Hang(f"still converting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- the notes' Markdown, as Python-Markdown rendered it ------------------------------------


def test_paragraphs_emphasis_code_and_links():
    assert convert("*em*, **strong**, `code` and [a link](https://example.org/a?b=1&c=2 \"title\").\n\nSecond.") == (
        '<p><em>em</em>, <strong>strong</strong>, <code>code</code> and '
        '<a href="https://example.org/a?b=1&amp;c=2" title="title">a link</a>.</p>\n<p>Second.</p>'
    )


def test_addresses_are_kept_as_written():
    """As Python-Markdown wrote them: not percent-encoded nor turned into punycode."""
    assert convert("[x](https://例え.jp/café?a=1) <https://例え.jp/é>") == (
        '<p><a href="https://例え.jp/café?a=1">x</a> <a href="https://例え.jp/é">https://例え.jp/é</a></p>'
    )


def test_lists_of_two_kinds_are_two_lists():
    """Python-Markdown's sane_lists: `1.` then `-` are separate lists, each of its kind."""
    for between in ("\n", "\n\n"):
        assert convert(f"1. first\n2. second{between}- a\n- b") == (
            "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
        )


def test_an_ordered_list_keeps_its_start():
    assert convert("3. third\n4. fourth").startswith('<ol start="3">')


def test_tables_and_fenced_code():
    assert convert("| a | b |\n|---|--:|\n| 1 | 2 |") == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th style=\"text-align:right\">b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td style=\"text-align:right\">2</td>\n</tr>\n</tbody>\n</table>"
    )
    assert convert("```\n<b>a</b> & *b*\n```") == "<pre><code>&lt;b&gt;a&lt;/b&gt; &amp; *b*\n</code></pre>"


def test_raw_html_is_left_for_the_sanitizer():
    """The parser keeps raw HTML (so <sup> and <abbr> work); nh3 decides what survives."""
    assert convert("x<sup>2</sup> <script>alert(1)</script>") == "<p>x<sup>2</sup> <script>alert(1)</script></p>"


def test_every_link_scheme_is_a_link_for_the_sanitizer_to_judge():
    """Not literal text with the address in it: nh3 removes the href, the words stay a link's."""
    assert convert("[js](javascript:alert(1))") == '<p><a href="javascript:alert(1)">js</a></p>'
    assert sanitize(convert("[js](javascript:alert(1))")) == '<p><a rel="noopener noreferrer">js</a></p>'


@pytest.mark.parametrize("tag", ["script", "SCRIPT", "style", "textarea"])
def test_markdown_after_a_script_at_the_start_of_a_line_is_still_markdown(tag):
    html = sanitize(convert(f"<{tag}>x</{tag}> [js](javascript:alert(1)) *em*"))
    assert "javascript:" not in html
    assert "<em>em</em>" in html


def test_other_raw_html_blocks_are_commonmark_blocks():
    assert convert("<div>\n*not emphasis*\n</div>") == "<div>\n*not emphasis*\n</div>"
    assert convert("<!--\n\na comment\n\n-->\nafter") == "<!--\n\na comment\n\n-->\n<p>after</p>"


def test_a_second_text_starts_afresh():
    """One parser for every text: nothing (a reference, an open list) leaks into the next."""
    assert convert("[a]: https://example.org/\n\n- one") == '<ul>\n<li>one</li>\n</ul>'
    assert convert("[a] two") == "<p>[a] two</p>"


def test_the_recipe_names_the_parser_its_version_and_options():
    import markdown_it

    assert f"markdown-it-py {markdown_it.__version__}" in RECIPE
    assert f"maxNesting={MAX_NESTING}" in RECIPE and "table" in RECIPE and "format " in RECIPE


# --- bounded: no text too deep, too long or too strange -------------------------------------


def test_text_nested_deeper_than_the_parser_reads_is_shown_as_written():
    """markdown-it stops reading blocks past maxNesting and drops their text: not here."""
    deep = "> " * MAX_NESTING + "the words"
    assert convert(deep) == "<p>" + "&gt; " * MAX_NESTING + "the words</p>"
    assert "the words" in plain_text("- " * MAX_NESTING + "the words")
    assert "<blockquote>" in convert("> " * 5 + "not so deep")


def test_a_parser_failure_shows_the_text_escaped(monkeypatch):
    class Broken:
        def parse(self, text: str, env: dict[str, object]) -> object:
            raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(markdown_convert, "_PARSER", Broken())
    assert convert("*a* < b & c\n\nd") == "<p>*a* &lt; b &amp; c\n\nd</p>"


@pytest.mark.parametrize("shape", list(MARKDOWN_SHAPES), ids=list(MARKDOWN_SHAPES))
def test_each_hostile_shape_renders_in_bounded_time(shape):
    text = MARKDOWN_SHAPES[shape]
    assert len(text) <= MAX_NOTE_CHARS
    with hang_guard():
        html = convert(text)
        cleaned = render_markdown(text)
    assert isinstance(html, str) and isinstance(cleaned, str)


@pytest.mark.parametrize("shape", list(MARKDOWN_SHAPES), ids=list(MARKDOWN_SHAPES))
def test_each_hostile_shape_parses_within_a_fixed_stack_depth(shape):
    """The parser itself (not `convert`'s fallback) never needs more than a fixed number of
    frames, whatever the length: Python-Markdown needed one per nested list item."""
    depth = 0
    frame = sys._getframe()
    while frame is not None:
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 150)  # markdown-it needs ~70 frames at maxNesting 20, fewer at 10
    try:
        markdown_convert._PARSER.parse(MARKDOWN_SHAPES[shape], {})
    finally:
        sys.setrecursionlimit(limit)


PIECES = st.sampled_from([
    "a", " ", "\n", "\n\n", "    ", "*", "**", "_", "__", "`", "```", "~~~", "[", "]", "![", "(", ")", "<", ">", "&", "&#",
    "\\", "!", '"', "'", "|", "|-|", ":-", "#", "- ", "* ", "+ ", "1. ", "1) ", "> ", "---", "===", "<a ", "<!--", "-->",
    "<![CDATA[", "<div>", "</div>", "<script>", "</script>", "https://x.example/", "]: ", "\u00a0", "é", "\t", "\r",
])


@st.composite
def hostile_texts(draw: st.DrawFn) -> str:
    """A few pieces, repeated up to the length limit: the shapes hostile notes take."""
    unit = "".join(draw(st.lists(PIECES, min_size=1, max_size=8)))
    length = draw(st.integers(min_value=1, max_value=MAX_NOTE_CHARS))
    return (unit * (length // len(unit) + 1))[:length]


@given(st.one_of(hostile_texts(), st.text(max_size=2_000)))
def test_any_text_up_to_the_limit_converts_without_error_or_hang(text):
    with hang_guard():
        html = convert(text)
    assert isinstance(html, str)


# --- a real build: hostile notes publish, the export stays whole ----------------------------


def test_a_build_with_every_hostile_shape_completes_and_writes_whole_exports(tmp_path: Path):
    """Each shape a note of its own, in one real build: all published, the export valid JSON."""
    entries = "".join(
        f"  - id: shape-{number}\n    type: claim\n    quote: \"Endemic corruption\"\n    note: {json.dumps(text)}\n"
        for number, text in enumerate(MARKDOWN_SHAPES.values())
    )
    root = make_project(tmp_path / "project", {"shapes.yml": "document: cambodia-2022-prosecution\nannotations:\n" + entries})
    with hang_guard(120):
        result = build(root)
    assert not result.aborted
    assert not [warning for warning in result.warnings if "shape-" in warning], result.warnings
    exported = json.loads((result.site_dir / "exports" / "annotations.jsonld").read_text(encoding="utf-8"))
    shapes = [f"shape-{number}" for number in range(len(MARKDOWN_SHAPES))]
    exported_ids = {item["id"].rsplit("#", 1)[-1] for item in exported["first"]["items"]}
    assert set(shapes) <= exported_ids
    page = result.page("reports/cambodia-2022-prosecution/")
    assert [shape for shape in shapes if f'data-annotation-note="{shape}"' not in page] == []
