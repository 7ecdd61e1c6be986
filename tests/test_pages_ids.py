"""Ids generated on pages: unique on their page, never an annotation's or the theme's."""

from __future__ import annotations

from annotated_report.model import Term
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
