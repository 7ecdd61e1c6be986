"""Property-based tests of paragraph rendering over generated text and annotation sets.

Hypothesis generates paragraphs (markup characters, accents, invisible and right-to-left
characters) and annotations that nest and cross. For every one:
- the paragraph's text minus `[data-note]` is the source, character for character;
- each annotation's fragments, joined, are exactly its quote;
- a real HTML5 parser (html5lib) reads the same tree as our own reading (tests/htmltext.py);
- rendering is deterministic, whatever the order the annotations come in.
`HYPOTHESIS_PROFILE=slow` (CI) runs 1,000 examples per property; see tests/conftest.py.
"""

from __future__ import annotations

import html5lib
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from annotated_report.model import ANNOTATION_TYPES, Annotation, Paragraph, Span
from annotated_report.render.html import escape_str, html, join
from annotated_report.render.report import render_paragraph
from htmltext import Element, is_note, parse, report_text, tag_errors, text

# Characters that stress escaping and matching: markup, entities, quotes, accents (composed and
# combining), non-breaking and zero-width spaces, a right-to-left override, an emoji.
ALPHABET = st.sampled_from([*"ab <>&;\"'=/#x1", "&amp;", "&lt;", "é", "e\u0301", "\u00a0", "\u200b", "\u202e", "🙂", "</p>", "<mark>"])
TEXT = st.lists(ALPHABET, min_size=1, max_size=40).map("".join).filter(lambda t: t.strip() != "")
BASE = 17  # the paragraph's offset in its document: spans are document offsets


@st.composite
def paragraph_and_annotations(draw: st.DrawFn) -> tuple[Paragraph, list[Annotation]]:
    text_ = draw(TEXT)
    paragraph = Paragraph(number=3, start=BASE, text=text_)
    count = draw(st.integers(min_value=0, max_value=8))
    annotations = []
    for index in range(count):
        start = draw(st.integers(min_value=0, max_value=len(text_) - 1))
        end = draw(st.integers(min_value=start + 1, max_value=len(text_)))
        kind = draw(st.sampled_from(ANNOTATION_TYPES))
        annotations.append(Annotation(
            id=f"a{index}", type=kind, document="doc", quote=text_[start:end], span=Span("doc", 3, BASE + start, BASE + end),
        ))
    return paragraph, annotations


def the_paragraph(html: str) -> Element:
    root = parse(html)
    (paragraph,) = root.find_all(lambda e: e.tag == "p")
    return paragraph


@given(paragraph_and_annotations())
def test_rendered_text_minus_notes_is_the_source(case):
    paragraph, annotations = case
    html = render_paragraph(paragraph, annotations)
    assert tag_errors(html) == []
    assert report_text(the_paragraph(html)) == paragraph.text


@given(paragraph_and_annotations())
def test_each_annotations_fragments_join_to_its_quote(case):
    paragraph, annotations = case
    element = the_paragraph(render_paragraph(paragraph, annotations))
    for annotation in annotations:
        fragments = element.find_all(lambda e, a=annotation: e.tag == "mark" and e.get("data-annotation") == a.id)
        assert fragments, annotation.id
        assert "".join(text(fragment, skip=is_note) for fragment in fragments) == annotation.quote
        assert [f.get("id") for f in fragments].count(annotation.id) == 1  # one permalink per annotation


def _ours(element: Element) -> tuple:
    children: list = []
    for child in element.children:
        if isinstance(child, str):
            if children and isinstance(children[-1], str):
                children[-1] += child
            else:
                children.append(child)
        else:
            children.append(_ours(child))
    return (element.tag, tuple(sorted((k, v or "") for k, v in element.attrs.items())), tuple(c for c in children if c != ""))


def _theirs(node) -> tuple:
    children: list = []
    if node.text:
        children.append(node.text)
    for child in node:
        children.append(_theirs(child))
        if child.tail:
            if isinstance(children[-1], str):
                children[-1] += child.tail
            else:
                children.append(child.tail)
    return (node.tag, tuple(sorted(node.attrib.items())), tuple(children))


@given(paragraph_and_annotations())
def test_html5lib_reads_the_same_tree_as_our_reading(case):
    paragraph, annotations = case
    html = render_paragraph(paragraph, annotations)
    fragment = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    (theirs,) = list(fragment)
    assert _theirs(theirs) == _ours(the_paragraph(html))


@given(paragraph_and_annotations(), st.randoms(use_true_random=False))
def test_rendering_is_deterministic_in_any_input_order(case, random):
    paragraph, annotations = case
    first = render_paragraph(paragraph, annotations)
    shuffled = list(annotations)
    random.shuffle(shuffled)
    assert render_paragraph(paragraph, shuffled) == first
    assert render_paragraph(paragraph, annotations) == first


@given(paragraph_and_annotations())
def test_the_generator_makes_what_the_properties_need(case):
    # A guard on the strategy itself: a paragraph never blank, every span inside it.
    paragraph, annotations = case
    assert paragraph.text.strip()
    for annotation in annotations:
        assert paragraph.start <= annotation.span.start < annotation.span.end <= paragraph.end


# --- render/html.py: its faster escaping is markupsafe's --------------------------------------------

VALUES = st.one_of(
    st.lists(ALPHABET).map("".join),
    st.integers(),
    st.text(max_size=10).map(Markup),
    st.floats(allow_nan=False),
    st.booleans(),
)


@given(st.text())
def test_escape_str_is_markupsafes_escape(value):
    assert escape_str(value) == str(escape(value))


@given(st.lists(VALUES, min_size=1, max_size=4))
def test_html_escapes_every_value_as_markup_format_does(values):
    template = "".join(f'<i title="{{{index}}}">{{{index}}}</i>' for index in range(len(values)))
    filled = html(template, *values)
    assert type(filled) is Markup
    assert filled == Markup(template).format(*values)
    joined = join(values, ", ")
    assert type(joined) is Markup  # made without Markup.__new__: still a Markup
    assert joined == Markup(", ").join(values)
