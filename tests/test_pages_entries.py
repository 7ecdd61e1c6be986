"""pages/entries.py: the compact entry that stands for a note on topic pages and type indexes."""

from __future__ import annotations

from annotated_report.pages.entries import SUMMARY_CHARS, index_entry, topic_entry
from annotated_report.render.notes import render_note
from annotated_report.urls import SiteUrls
from htmltext import parse, text
from test_render_notes import CAVEAT, CLAIM, STAT, site_of


def test_a_compact_entry_is_not_the_note():
    site = site_of(CLAIM, STAT, CAVEAT)
    urls = SiteUrls()
    link = urls.linker("topics/courts/")
    document = site.document(CLAIM.document)
    for made in (topic_entry(CLAIM, document, urls, link),
                 index_entry(CLAIM, document, urls, link, with_context=True, with_title=True)):
        (item,) = parse(str(made)).find_all(lambda e: e.tag == "li")
        summary = " ".join(text(item.find(lambda e: e.tag == "small")).split())
        assert summary.startswith("A long note. A long note.") and summary.endswith("\u2026")
        assert len(summary) <= SUMMARY_CHARS + 1
        assert item.find_all(lambda e: "ar-note__body" in (e.get("class") or "")) == []
        assert item.find_all(lambda e: e.get("id") is not None) == []
        assert item.find(lambda e: e.tag == "a").get("href") == "../../reports/doc/#claim"
        assert text(item.find(lambda e: e.tag == "mark")) == CLAIM.quote
        assert len(str(made)) < len(str(render_note(CLAIM, site, urls, urls.linker("reports/doc/"))))
