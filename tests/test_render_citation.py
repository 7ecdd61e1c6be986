"""render/citation.py and render/numbering.py: how a note is cited and numbered."""

from __future__ import annotations

import json

from annotated_report.loading import split_paragraphs
from annotated_report.model import Annotation, Colophon, Document, Span
from annotated_report.render.citation import cite, shared_fields
from annotated_report.render.numbering import note_numbers, reference_order

TEXT = "The law passed in 2008. Officials said 12 cases were heard. NGOs disputed the count.\n"
DOCUMENT = Document("doc", "The Doc", TEXT, split_paragraphs(TEXT), "seeds/doc.txt")


def make(id_: str, kind: str, quote: str) -> Annotation:
    start = TEXT.index(quote)
    return Annotation(id_, kind, "doc", quote, Span("doc", 1, start, start + len(quote)))


STAT = make("stat", "statistic", "12 cases")
CLAIM = make("claim", "claim", "Officials said 12 cases were heard.")
FIRST = make("first", "claim", "The law passed in 2008.")


def test_notes_are_numbered_in_the_order_their_marks_are_written():
    """A mark sits where its annotation ends: the inner figure ends first, so it is note 2."""
    assert [a.id for a in reference_order([CLAIM, STAT, FIRST])] == ["first", "stat", "claim"]
    assert note_numbers([CLAIM, STAT, FIRST]) == {"first": 1, "stat": 2, "claim": 3}
    same = make("same", "caveat", "12 cases")  # the same span: closed in the reverse of the opening order (by id)
    assert [a.id for a in reference_order([same, STAT])] == ["stat", "same"]


def test_a_full_colophon_and_site_url_give_the_sentence_and_the_fields_of_the_other_formats():
    colophon = Colophon(publisher="Example Newsroom", editors=("A. Editor", "B. Editor"), reviewed="2026-11-30",
                        annotations_licence="CC BY 4.0", annotations_licence_url="https://creativecommons.org/licenses/by/4.0/")
    found = cite(STAT, 2, DOCUMENT, colophon, "https://example.org/reports/doc/#stat")
    assert found.text == ("A. Editor and B. Editor. Note 2 (Statistic): “12 cases”. In The Doc, annotated edition. "
                          "Example Newsroom. Reviewed 2026-11-30. https://example.org/reports/doc/#stat. Annotations licensed CC BY 4.0.")
    assert (found.title, found.url) == ("Note 2 (Statistic): “12 cases”", "https://example.org/reports/doc/#stat")
    assert shared_fields(DOCUMENT, colophon) == {
        "authors": ["A. Editor", "B. Editor"], "container": "The Doc, annotated edition", "publisher": "Example Newsroom",
        "date": [2026, 11, 30], "licence": "CC BY 4.0"}
    assert json.loads(json.dumps(shared_fields(DOCUMENT, colophon))) == shared_fields(DOCUMENT, colophon)  # as the page carries it


def test_an_empty_colophon_and_no_site_url_still_cite_the_note():
    found = cite(STAT, None, DOCUMENT, Colophon(annotations_licence=""), "")
    assert found.text == "Note (Statistic): “12 cases”. In The Doc, annotated edition."
    assert found.url == ""
    assert shared_fields(DOCUMENT, Colophon(annotations_licence="")) == {
        "authors": [], "container": "The Doc, annotated edition", "publisher": "", "date": [], "licence": ""}


def test_the_publisher_is_the_author_without_editors_and_a_partial_date_is_kept_as_far_as_given():
    colophon = Colophon(publisher="50% {News} & Co_\\", reviewed="2026-11")
    found = cite(STAT, 1, DOCUMENT, colophon, "")
    assert found.text.startswith("50% {News} & Co_\\. Note 1 (Statistic)")  # said once, as the author
    fields = shared_fields(DOCUMENT, colophon)
    assert fields["authors"] == ["50% {News} & Co_\\"] and fields["date"] == [2026, 11]
    assert "Reviewed 2026-11." in found.text
    assert shared_fields(DOCUMENT, Colophon(reviewed="not a date"))["date"] == []
    assert "Reviewed" not in cite(STAT, 1, DOCUMENT, Colophon(reviewed="not a date"), "").text
