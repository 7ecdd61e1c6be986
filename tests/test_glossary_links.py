"""render/glossary_links.py: one compiled, linear matcher for every term, alias and plural."""

from __future__ import annotations

from annotated_report.model import Term
from annotated_report.render.glossary_links import GlossaryMatcher
from annotated_report.urls import SiteUrls


def found(matcher: GlossaryMatcher, text: str) -> list[tuple[str, str]]:
    return [(text[o.start : o.end], o.term.term) for o in matcher.occurrences(text)]


def test_whole_words_any_case_plurals_and_longest_first():
    matcher = GlossaryMatcher([Term("NGO", "d"), Term("human trafficking", "d", aliases=("TIP report",)), Term("human", "d")])
    text = "NGOs and ngo-run shelters; Human trafficking, a TIP Reports list, humane humans."
    assert found(matcher, text) == [
        ("NGOs", "NGO"), ("Human trafficking", "human trafficking"), ("TIP Reports", "human trafficking"), ("humans", "human"),
    ]


def test_any_run_of_whitespace_between_words_matches_and_offsets_are_the_originals():
    matcher = GlossaryMatcher([Term("labor  trafficking", "d")])  # two spaces in the term, too
    text = "Cases of labor \n\t trafficking rose."
    assert found(matcher, text) == [("labor \n\t trafficking", "labor  trafficking")]


def test_a_term_with_many_spaces_against_a_long_run_of_spaces_is_linear():
    # Each space of the term used to become `\s+`: against a long run of spaces that
    # backtracks exponentially. A size that would take hours that way must give the answer.
    term = Term("pig" + " " * 60 + "butchering" + " " * 60 + "scam", "d")
    matcher = GlossaryMatcher([term, Term("pig", "d")])
    miss = "pig" + " " * 200_000 + "butchering" + " " * 200_000 + "scamp"
    assert found(matcher, miss) == [("pig", "pig")]
    hit = "pig" + " " * 100_000 + "butchering\n" + " " * 100_000 + "scam."
    assert found(matcher, hit) == [(hit[:-1], term.term)]


def test_punctuation_in_a_term_and_a_hostile_glossary_of_nested_terms():
    nested = [Term(" ".join(["a"] * n), "d") for n in range(1, 120)]  # deeper than the trie is built
    matcher = GlossaryMatcher([Term('"Pig butchering" scam', "d"), *nested])
    assert found(matcher, 'So-called "pig butchering" scams.') == [('"pig butchering" scams', '"Pig butchering" scam')]
    assert found(matcher, " ".join(["a"] * 119) + " b") == [(" ".join(["a"] * 119), " ".join(["a"] * 119))]


def test_linker_escapes_text_and_links_terms_to_their_glossary_entry():
    matcher = GlossaryMatcher([Term("NGO", 'An "organization" <b>x</b>')])
    for directory_urls, page, href in ((True, "reports/a/", "../../glossary/#ngo"), (False, "reports/a.html", "../glossary.html#ngo")):
        render = matcher.linker(SiteUrls(directory_urls=directory_urls), page)
        html = render("<NGOs> & more")
        assert html == (
            f'&lt;<a class="ar-term" href="{href}" title="An &#34;organization&#34; x" data-term="ngo">NGOs</a>&gt; &amp; more'
        )


def test_only_the_first_use_on_a_page_carries_the_definition():
    matcher = GlossaryMatcher([Term("NGO", "An organization"), Term("court", "A court")])
    render = matcher.linker(SiteUrls(), "reports/a/")
    first = render("NGOs and a court.")
    later = render("An NGO, then courts.")
    assert first == (
        '<a class="ar-term" href="../../glossary/#ngo" title="An organization" data-term="ngo">NGOs</a> and a '
        '<a class="ar-term" href="../../glossary/#court" title="A court" data-term="court">court</a>.'
    )
    assert later == (
        'An <a class="ar-term" href="../../glossary/#ngo" data-term="ngo">NGO</a>, then '
        '<a class="ar-term" href="../../glossary/#court" data-term="court">courts</a>.'
    )
    # Another page starts again: its first use has the tooltip.
    assert 'title="An organization"' in matcher.linker(SiteUrls(), "reports/b/")("NGO")


def test_paragraphs_using_lists_each_paragraph_once(seed_document):
    matcher = GlossaryMatcher([Term("government", "d")])
    used = matcher.paragraphs_using(seed_document)["government"]
    assert used == sorted(set(used))
    assert used == [p.number for p in seed_document.paragraphs if "government" in p.text.lower()]
