"""render/notes.py: the full note (once, on the report page)."""

from __future__ import annotations

from annotated_report.loading import split_paragraphs
from annotated_report.model import Annotation, Document, Site, Span, Topic
from annotated_report.render.notes import linked, render_note
from annotated_report.urls import SiteUrls
from htmltext import parse, text, with_attr, with_class

TEXT = "The law passed in 2008. Officials said 12 cases were heard. NGOs disputed the count.\n"


def make(id_: str, kind: str, quote: str, **fields) -> Annotation:
    start = TEXT.index(quote)
    return Annotation(id_, kind, "doc", quote, Span("doc", 1, start, start + len(quote)), **fields)


def site_of(*annotations: Annotation) -> Site:
    document = Document("doc", "The Doc", TEXT, split_paragraphs(TEXT), "seeds/doc.txt")
    return Site((document,), annotations, topics=(Topic("courts", "Courts <&>"),))


CLAIM = make("claim", "claim", "The law passed in 2008.", related=("stat",), note="A **long** note. " * 30, topics=("courts",))
STAT = make("stat", "statistic", "12 cases", related=("claim",), file="annotations/doc.yml", line=7)
CAVEAT = make("caveat", "caveat", "NGOs disputed the count.", related=("stat", "caveat"), attributed_to='<script>x</script> "NGOs"')


def test_linked_lists_each_note_once_with_every_relation():
    site = site_of(CLAIM, STAT, CAVEAT)
    assert [(a.id, relations) for a, relations in linked(STAT, site)] == [
        ("claim", ["related", "referred to by"]), ("caveat", ["qualified by"]),
    ]
    assert [(a.id, relations) for a, relations in linked(CAVEAT, site)] == [("stat", ["qualifies"])]  # never itself


def test_the_note_names_relations_and_escapes_every_value():
    site = site_of(CLAIM, STAT, CAVEAT)
    note = parse(str(render_note(CAVEAT, site, SiteUrls(), SiteUrls().linker("reports/doc/"))))
    (item,) = note.find_all(lambda e: e.tag == "li" and e.has("data-annotation-note"))
    assert item.get("data-annotation-note") == "caveat"
    assert note.find(with_attr("id", "note_caveat")).tag == "h3"
    assert text(note.find(with_class("ar-note__attribution"))) == 'Attributed to: <script>x</script> "NGOs"'
    assert note.find_all(lambda e: e.tag == "script") == []
    (links,) = note.find_all(with_class("ar-note__links"))
    assert [(a.get("href"), a.get("data-type")) for a in links.find_all(lambda e: e.tag == "a")] == [("#stat", "statistic")]
    assert text(links.find(lambda e: e.tag == "li")) == "Statistic 2 (\u00b6 1): \u201c12 cases\u201d (qualifies)"


def test_an_edit_link_points_at_the_annotation_file_and_line_when_configured():
    site = site_of(CLAIM, STAT, CAVEAT)
    urls = SiteUrls(edit_base="https://example.org/edit/main/")
    note = parse(str(render_note(STAT, site, urls, urls.linker("reports/doc/"))))
    (edit,) = note.find(with_class("ar-note__edit")).find_all(lambda e: e.tag == "a")
    assert edit.get("href") == "https://example.org/edit/main/annotations/doc.yml#L7"
    plain = parse(str(render_note(STAT, site, SiteUrls(), SiteUrls().linker("reports/doc/"))))
    assert plain.find(with_class("ar-note__edit")) is None
