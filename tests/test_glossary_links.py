"""render/glossary_links.py: one compiled, linear matcher for every term, alias and plural."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

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
            f'&lt;<a href="{href}" title="An &#34;organization&#34; x">NGOs</a>&gt; &amp; more'
        )


def test_only_the_first_use_on_a_page_carries_the_definition():
    matcher = GlossaryMatcher([Term("NGO", "An organization"), Term("court", "A court")])
    render = matcher.linker(SiteUrls(), "reports/a/")
    first = render("NGOs and a court.")
    later = render("An NGO, then courts.")
    assert first == (
        '<a href="../../glossary/#ngo" title="An organization">NGOs</a> and a '
        '<a href="../../glossary/#court" title="A court">court</a>.'
    )
    assert later == (
        'An <a href="../../glossary/#ngo">NGO</a>, then '
        '<a href="../../glossary/#court">courts</a>.'
    )
    # Another page starts again: its first use has the tooltip.
    assert 'title="An organization"' in matcher.linker(SiteUrls(), "reports/b/")("NGO")


def test_paragraphs_using_lists_each_paragraph_once(seed_document):
    matcher = GlossaryMatcher([Term("government", "d")])
    used = matcher.paragraphs_using(seed_document)["government"]
    assert used == sorted(set(used))
    assert used == [p.number for p in seed_document.paragraphs if "government" in p.text.lower()]


# --- the report's pieces: found from the paragraph, exactly as matching each piece alone -------------

PIECE_TERMS = [Term("NGO", "d"), Term("labor trafficking", "d"), Term("labor", "d"), Term('"pig butchering" scam', "d"),
               Term("court", "d", aliases=("tribunal",)), Term("ΟΔΟΣ", "d"), Term("İzmir", "d")]
WORDS = st.sampled_from(["NGO", "NGOs", "ngo", "labor", "Labor", "trafficking", "traffickings", "court", "courts", "tribunal",
                         '"pig', 'butchering"', "scam", "scams", "ΟΔΟΣ", "İzmir", "izmir", "x", "-", "non-", "a.", "é"])
SEPARATORS = st.sampled_from([" ", "  ", "\n", "", "-", ", ", ". "])


@st.composite
def text_and_cuts(draw: st.DrawFn) -> tuple[str, list[int]]:
    words = draw(st.lists(st.tuples(WORDS, SEPARATORS), min_size=1, max_size=14))
    text = "".join(word + separator for word, separator in words)
    inner = draw(st.lists(st.integers(min_value=1, max_value=max(1, len(text) - 1)), max_size=6))
    return text, sorted({0, len(text), *(cut for cut in inner if cut < len(text))})


@given(text_and_cuts())
def test_pieces_are_linked_as_if_each_were_matched_alone(case):
    text, cuts = case
    matcher = GlossaryMatcher(PIECE_TERMS)
    alone = matcher.linker(SiteUrls(), "reports/a/")
    expected = [alone(text[left:right]) for left, right in pairwise(cuts)]
    assert matcher.linker(SiteUrls(), "reports/b/").pieces(text, cuts) == expected
    assert matcher.pieces_occurrences(text, cuts) == [matcher.occurrences(text[left:right]) for left, right in pairwise(cuts)]


def test_lowercase_matching_agrees_with_the_case_insensitive_pattern():
    matcher = GlossaryMatcher(PIECE_TERMS)
    # "İ" lowercases to two characters and a capital sigma by context: both take the case-insensitive path.
    for text in ("İZMİR and İzmir, NGOS in court", "ΟΔΟΣ. Οδος ΟΔΟΣA", "Labor Trafficking, LABOR; ngo-run", "x" * 50):
        reference = [(m.start(), m.end()) for m in matcher.pattern.finditer(text) if m.group(0).lower() in matcher.by_form]
        assert [(o.start, o.end) for o in matcher.occurrences(text)] == reference, text


def test_a_paragraph_is_matched_once_per_build():
    matcher = GlossaryMatcher(PIECE_TERMS)
    calls: list[str] = []
    matcher._scan = lambda text, find=matcher._scan: calls.append(text) or find(text)  # type: ignore[method-assign]
    text = "NGOs took labor trafficking to court."
    assert matcher.in_paragraph(text) == matcher.in_paragraph(text) == matcher.occurrences(text)
    assert [(text[o.start : o.end], o.slug) for o in matcher.in_paragraph(text)] == [
        ("NGOs", "ngo"), ("labor trafficking", "labor-trafficking"), ("court", "court")]
    assert calls == [text, text]  # once for the paragraph (kept), once for `occurrences` (not kept)


def test_a_report_paragraph_and_the_glossary_page_match_its_text_once(seed_document):
    matcher = GlossaryMatcher([Term("government", "d"), Term("trafficking", "d")])
    calls: list[str] = []
    matcher._scan = lambda text, find=matcher._scan: calls.append(text) or find(text)  # type: ignore[method-assign]
    paragraph = next(p for p in seed_document.paragraphs if "government" in p.text.lower())
    words = [index for index, char in enumerate(paragraph.text) if char == " "]
    cuts = sorted({0, len(paragraph.text), words[1], words[4] + 1})  # highlight edges at word boundaries
    linker = matcher.linker(SiteUrls(), "reports/a/")
    assert linker.pieces(paragraph.text, cuts) == matcher.linker(SiteUrls(), "reports/b/").pieces(paragraph.text, cuts)
    matcher.paragraphs_using(seed_document)
    assert calls.count(paragraph.text) == 1 and len(calls) == len({p.text for p in seed_document.paragraphs})


def test_the_occurrences_kept_for_the_build_do_not_hold_a_copy_of_each_paragraph(seed_document):
    """`Paragraph.text` is a fresh slice on each read: keyed by it, the cache held every
    paragraph a second time until the end of the build (16 MiB at 400 documents)."""
    matcher = GlossaryMatcher([Term("government", "d"), Term("trafficking", "d")])
    matcher.paragraphs_using(seed_document)
    kept = matcher._in_paragraph
    assert len(kept) == len({p.text for p in seed_document.paragraphs}) > 1
    assert all(isinstance(key, bytes) and len(key) == 32 for key in kept)  # a digest, not the text
    for paragraph in seed_document.paragraphs:  # and each text finds its own occurrences
        assert matcher.in_paragraph(paragraph.text) == matcher.occurrences(paragraph.text)
