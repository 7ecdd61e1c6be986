"""Ids generated on pages: unique on their page, never an annotation's or the theme's."""

from __future__ import annotations

from annotated_report.model import Term
from annotated_report.pages import PageContext
from annotated_report.pages.base import IdMaker
from annotated_report.pages.glossary import letter_id, letter_of


def test_group_ids_are_unique_even_for_names_without_latin_letters():
    ids = IdMaker()
    made = [ids("by", name) for name in ("Сухой закон", "民間團體", "NGOs", "ngos", "", "The report itself")]
    assert len(set(made)) == len(made)
    assert made[2] == "by_ngos" and made[3] == "by_ngos_2"
    assert all("_" in i and not i.startswith("_") for i in made)  # annotation ids have no "_"; theme ids start with "__"


def test_a_term_starting_with_a_quote_is_filed_under_its_first_letter():
    term = Term('"Pig butchering" scam', "d")
    assert letter_of(term) == "P" and letter_id("P") == "letter_p"
    assert letter_of(Term("…", "d")) == "#" and letter_id("#") == "letter_u23"
    assert letter_id("É") == "letter_uc9"


def test_the_glossary_lists_at_most_max_uses_paragraphs_per_term_and_counts_the_rest():
    from annotated_report.loading import split_paragraphs
    from annotated_report.model import Document, Site
    from annotated_report.pages.glossary import MAX_USES, glossary_page
    from annotated_report.urls import SiteUrls
    from htmltext import parse, with_attr, with_class

    documents = tuple(
        Document(slug, slug, text, split_paragraphs(text), f"seeds/{slug}.txt")
        for slug, text in (("a", "NGOs here.\n" * 30), ("b", "An NGO.\n" * 30), ("c", "No term.\n"))
    )
    terms = (Term("NGO", "d"),)
    site = Site(documents, (), terms=terms)
    page = parse(glossary_page(PageContext.of(site, SiteUrls())).render())
    links = [a for group in page.find_all(with_attr("data-document")) for a in group.find_all(lambda e: e.tag == "a")[1:]]
    assert len(links) == MAX_USES == 40
    assert all(a.get("href").startswith(("../reports/a/#paragraph_", "../reports/b/#paragraph_")) for a in links)
    assert [g.get("data-document") for g in page.find_all(with_attr("data-document"))] == ["a", "b"]
    (more,) = page.find_all(with_class("ar-glossary__more"))
    assert more.get("data-more") == str(60 - MAX_USES)
