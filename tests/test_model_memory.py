"""What the model keeps for a whole build, kept once: the representations chosen for memory.

A build holds the `Site` (and, while anchoring, every document's index) from `on_config` to
the end. These tests pin the compact forms: paragraphs that slice the document's text
instead of copying it, documents that normalize to themselves prepared without a copy or a
map, names shared between annotations, and no per-instance dict on the many small values.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from annotated_report.anchoring import Anchored, DocumentIndex, anchor
from annotated_report.build import BuildMemo, _document_index, build_site
from annotated_report.checks import Context, check_references
from annotated_report.loading import split_paragraphs
from annotated_report.model import Annotation, Document, Paragraph, Problem, Span, Value
from helpers import make_project


def test_paragraphs_share_the_documents_text_and_read_their_own_slice():
    text = "First paragraph.\n\n  Second, \u201cquoted\u201d.\r\nThird."
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == ["First paragraph.", "  Second, \u201cquoted\u201d.", "Third."]
    for paragraph in paragraphs:
        assert paragraph.text == text[paragraph.start : paragraph.end]
        assert any(referent is text for referent in gc.get_referents(paragraph))  # the document's string, not a copy
        own = Paragraph(paragraph.number, paragraph.start, paragraph.text)
        assert own == paragraph and hash(own) == hash(paragraph) and repr(own) == repr(paragraph)
    assert paragraphs[0] != Paragraph(1, 0, "First paragraph!")
    assert paragraphs[0] != Paragraph(2, 0, "First paragraph.")


def test_a_paragraph_with_its_own_text_returns_that_string():
    words = "One paragraph of its own."
    paragraph = Paragraph(4, 100, words)
    assert paragraph.text is words
    assert (paragraph.number, paragraph.start, paragraph.end) == (4, 100, 125)


def test_a_paragraph_is_frozen():
    paragraph = split_paragraphs("Words.")[0]
    with pytest.raises(AttributeError):
        paragraph.start = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        paragraph.text = "other"  # type: ignore[misc]


@pytest.mark.parametrize("value", [
    Span("d", 1, 0, 3), Value(exact=1.0), Problem("f", 1, "m"),
    Annotation("a", "claim", "d", "q", Span("d", 1, 0, 1)), split_paragraphs("x")[0],
])
def test_the_many_small_values_carry_no_dict(value):
    assert not hasattr(value, "__dict__")


def test_a_document_that_normalizes_to_itself_is_prepared_without_a_copy():
    text = "The report's plain text.\nA second paragraph, quoted here."
    index = DocumentIndex(Document("d", "D", text, split_paragraphs(text), "seeds/d.txt"))
    assert index.strict.text is text
    assert index.strict.origin.breakpoints == 0
    placed = anchor(index, "A second paragraph")
    assert isinstance(placed, Anchored)
    assert text[placed.span.start : placed.span.end] == "A second paragraph"
    assert "loose" not in vars(index)  # the paragraph-blind copy is made only for a prefix or suffix
    assert isinstance(anchor(index, "paragraph", prefix="second"), Anchored)
    assert "loose" in vars(index)


def test_names_repeated_across_annotations_are_one_string(tmp_path: Path):
    entries = "\n".join(
        f"  - id: a{i}\n    type: statistic\n    quote: \"{i + 1} cases\"\n    value: {i + 1}\n    unit: cases\n"
        f"    year: 2020\n    series: series-one\n    topics: [prosecutions]\n    note: n" for i in range(3)
    )
    text = "Police found 1 cases. Courts heard 2 cases. NGOs saw 3 cases.\n"
    root = make_project(tmp_path, {"doc.yml": f"document: doc\nannotations:\n{entries}\n"}, seeds={"doc": text}, with_cambodia=False)
    site = build_site(root / "seeds", root / "annotations", root=root)
    assert [a.id for a in site.annotations] == ["a0", "a1", "a2"], site.problems
    first, *others = site.annotations
    for other in others:
        assert other.topics is first.topics  # one tuple for the same topics, not one per annotation
        assert other.unit is first.unit and other.series is first.series and other.type is first.type
    assert sys.intern("prosecutions") is first.topics[0]


def test_a_prepared_document_kept_under_serve_holds_the_new_documents_text_not_the_old():
    text = "One paragraph of a seed.\nAnother one."
    again = "".join(["One paragraph of a seed.\n", "Another one."])  # equal, but another string
    assert again == text and again is not text
    session = BuildMemo()
    first = _document_index(Document("d", "D", text, split_paragraphs(text), "seeds/d.txt"), session)
    second = _document_index(Document("d", "D", again, split_paragraphs(again), "seeds/d.txt"), session)
    assert second is first  # reused: the text is unchanged
    assert second.strict.text is again and second.document.text is again  # the old text can be freed
    assert isinstance(anchor(second, "Another one"), Anchored)


def test_the_reference_checks_copy_only_the_annotations_they_change():
    def annotation(annotation_id: str, related: tuple[str, ...]) -> Annotation:
        return Annotation(annotation_id, "claim", "d", "q", Span("d", 1, 0, 1), topics=("t",), related=related)

    clean, linking = annotation("a", ("b",)), annotation("b", ("a", "gone"))
    problems: list[Problem] = []
    checked = check_references([clean, linking], Context({"t"}, {"a", "b", "gone"}, {}), problems)
    assert checked[0][0] is clean  # nothing dropped: the same object, not a copy
    assert checked[1][0] is not linking and checked[1][0].related == ("a",)  # "gone" was left out: dropped quietly
    assert checked[1][0].topics == ("t",) and problems == [] and checked[1][1] == []


def test_site_document_is_found_by_slug_and_the_first_of_a_slug_wins():
    from annotated_report.model import Document, Site

    first = Document(slug="a", title="First", text="One.\n", paragraphs=(), source_file="seeds/a.txt")
    second = Document(slug="a", title="Second", text="Two.\n", paragraphs=(), source_file="seeds/a/a.txt")
    other = Document(slug="b", title="Other", text="Three.\n", paragraphs=(), source_file="seeds/b.txt")
    site = Site(documents=(first, second, other), annotations=())
    assert site.document("a") is first
    assert site.document("b") is other
    try:
        site.document("missing")
    except KeyError as error:
        assert error.args == ("missing",)
    else:
        raise AssertionError("an unknown slug must raise KeyError")
