"""pages/entries.py: the compact entry that stands for a note on topic pages and type indexes."""

from __future__ import annotations

from annotated_report.pages.entries import READS_ALONE, SUMMARY_CHARS, index_entry, topic_entry
from annotated_report.render.markdown_safe import SafeMarkdown
from annotated_report.render.notes import render_note
from annotated_report.urls import SiteUrls
from htmltext import parse, text
from test_render_notes import CAVEAT, CLAIM, STAT, site_of


def test_a_compact_entry_is_not_the_note():
    site = site_of(CLAIM, STAT, CAVEAT)
    urls = SiteUrls()
    link = urls.linker("topics/courts/")
    document = site.document(CLAIM.document)
    for made in (topic_entry(CLAIM, document, urls, link, SafeMarkdown()),
                 index_entry(CLAIM, document, urls, link, SafeMarkdown(), with_context=True, with_title=True)):
        (item,) = parse(str(made)).find_all(lambda e: e.tag == "li")
        summary = " ".join(text(item.find(lambda e: e.tag == "small")).split())
        assert summary.startswith("A long note. A long note.") and summary.endswith("\u2026")
        assert len(summary) <= SUMMARY_CHARS + 1
        assert item.find_all(lambda e: "ar-note__body" in (e.get("class") or "")) == []
        assert item.find_all(lambda e: e.get("id") is not None) == []
        assert item.find(lambda e: e.tag == "a").get("href") == "../../reports/doc/#claim"
        assert len(str(made)) < len(str(render_note(CLAIM, site, urls, urls.linker("reports/doc/"))))
    # The topic entry of a claim shows the statement whole; the index entry asked for context marks it.
    (claim_on_topic,) = parse(str(topic_entry(CLAIM, document, urls, link, SafeMarkdown()))).find_all(lambda e: e.tag == "li")
    assert claim_on_topic.find_all(lambda e: e.tag == "mark") == []
    assert "\u201c" + CLAIM.quote + "\u201d" in text(claim_on_topic)
    (in_context,) = parse(str(index_entry(CLAIM, document, urls, link, SafeMarkdown(), with_context=True, with_title=True))).find_all(lambda e: e.tag == "li")
    assert text(in_context.find(lambda e: e.tag == "mark")) == CLAIM.quote


def test_a_topic_entry_shows_a_statistic_or_caveat_in_its_words_and_a_claim_or_allegation_alone():
    assert {"claim", "allegation"} == READS_ALONE
    site = site_of(CLAIM, STAT, CAVEAT)
    urls = SiteUrls()
    link = urls.linker("topics/courts/")
    document = site.document(CLAIM.document)
    for annotation in (STAT, CAVEAT):
        (item,) = parse(str(topic_entry(annotation, document, urls, link, SafeMarkdown()))).find_all(lambda e: e.tag == "li")
        (mark,) = item.find_all(lambda e: e.tag == "mark")
        assert text(mark) == annotation.quote
        words = text(item, skip=lambda e: e.tag in ("a", "small")).strip().strip("\u2026")
        assert annotation.quote in words and words != annotation.quote and words in document.text


def test_no_summary_outlives_its_build(tmp_path):
    """The summaries are cached for the pages of one build (an annotation is listed on its
    type index and each of its topics' pages) and let go once the pages are written."""
    import shutil

    from annotated_report.pages import entries
    from helpers import REPO, build, make_project

    root = make_project(tmp_path, topics=None)
    shutil.copytree(REPO / "annotations", root / "annotations", dirs_exist_ok=True)
    result = build(root)
    assert not result.aborted
    assert "<small>" in (result.site_dir / "claims" / "index.html").read_text(encoding="utf-8")
    assert not hasattr(entries, "_summary")  # summaries come from the build's renderer, dropped with the build
