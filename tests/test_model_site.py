"""model.Site: the look-ups pages use, against the walks they replace."""

from __future__ import annotations

from annotated_report.loading import split_paragraphs
from annotated_report.model import Annotation, Document, Site, Span, Topic

TEXTS = {"b": "Second doc: 12 cases. Courts closed.\n", "a": "First doc: the law passed. Officials said 5 cases.\n"}


def make(id_: str, slug: str, quote: str, topics: tuple[str, ...]) -> Annotation:
    start = TEXTS[slug].index(quote)
    return Annotation(id_, "claim", slug, quote, Span(slug, 1, start, start + len(quote)), topics=topics)


def test_tagged_is_the_reading_order_filtered_by_topic_each_annotation_once():
    documents = tuple(Document(slug, slug.upper(), text, split_paragraphs(text), f"seeds/{slug}.txt") for slug, text in TEXTS.items())
    annotations = (
        make("a2", "a", "Officials said 5 cases.", ("courts",)),
        make("b1", "b", "12 cases", ("courts", "police", "courts")),  # a topic listed twice
        make("a1", "a", "the law passed", ("police",)),
        make("b2", "b", "Courts closed.", ()),
    )
    site = Site(documents, annotations, topics=(Topic("courts", "Courts"), Topic("police", "Police"), Topic("empty", "Empty")))
    for topic in site.topics:
        assert site.tagged(topic.id) == [a for a in site.in_reading_order() if topic.id in a.topics], topic.id
    assert [a.id for a in site.tagged("courts")] == ["b1", "a2"]  # documents in their order, then reading order
    assert site.tagged("empty") == [] and site.tagged("unknown") == []
    site.tagged("courts").clear()  # a copy: the site's grouping is not the caller's to change
    assert len(site.tagged("courts")) == 2
