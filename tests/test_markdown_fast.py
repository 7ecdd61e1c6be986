"""render/markdown_fast.py: the shortcut for one line of prose gives exactly what the full
path (markdown-it-py, then the sanitizer) gives, or declines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_report.render.markdown_convert import convert
from annotated_report.render.markdown_fast import inline_html
from annotated_report.render.markdown_safe import sanitize

REPO = Path(__file__).resolve().parent.parent

#: Pieces a note is made of, with every character Markdown or HTML treats specially.
PIECES = st.sampled_from([
    "The report", " says", " 38", " (file D0-0)", "*Earlier reports*", " *a*", "*b", "c*", "**d**", "_e_", " [figures](https://example.org/a/b?c=1;d=2)",
    "[x](http://x.org/(y))", "[x](javascript:alert(1))", "[x](https://x.org/a b)", "![i](https://x.org/i.png)", "[a]", "(b)", "`c`",
    "<b>", "&amp;", "&", "\\*", " - ", "- item", "1. one", "2021.", "# h", "> q", "|t|", "~~s~~", "  ", "\n", "\n\n", "\t", "\u00a0",
    "“quoted”", "’", "é", "…", "—", "\"", "'", ".", ",", ":", ";", "?", "!", "=", "+", "-", "%", "$", "@", "/", "^", "{", "}",
    "\ufeff", "\u2028", "😀", "http://bare.example", "*(f)*", "(*g*)", "*h*.", "*i*…", "a*j*k", "[*k*](https://x.org)", "[l ](https://x.org)",
])


@settings(max_examples=600)
@given(st.lists(PIECES, min_size=1, max_size=12).map("".join))
def test_the_shortcut_is_the_full_path_or_declines(text):
    fast = inline_html(text)
    if fast is not None:
        assert fast == sanitize(convert(text)), text


@given(st.text(max_size=80))
def test_any_text_is_the_full_path_or_declines(text):
    fast = inline_html(text)
    if fast is not None:
        assert fast == sanitize(convert(text)), text


def _notes() -> list[str]:
    """Every note, definition and description written in this project's annotations."""
    found: list[str] = []
    for path in (REPO / "annotations").rglob("*.yml"):
        found += re.findall(r"(?:note|definition|description): \"((?:[^\"\\]|\\.)*)\"", path.read_text(encoding="utf-8"))
    return found


@pytest.mark.parametrize("text", [
    "The report gives this claim about cases of forced labor in 2017 (480 in file D0-0) without a source. *Earlier reports* used "
    "another method, so the [figures](https://example.org/method/0/0/claim) are not comparable. Read the caveat first.",
    "A plain sentence.\n",
    "Emphasis at the start: *first* words, and (*inside parentheses*).",
])
def test_the_commonest_notes_take_the_shortcut(text):
    assert inline_html(text) == sanitize(convert(text))
    assert inline_html(text) is not None


@pytest.mark.parametrize("text", ["- a list", "1. a list", "two\n\nparagraphs", "a <b>tag</b>", "an &amp; entity", "**strong**",
                                  "[x](javascript:alert(1))", "  indented", "a\u00a0b", "line\nbreak", "`code`", "snake_case"])
def test_anything_else_takes_the_full_path(text):
    assert inline_html(text) is None
