"""anchoring: quote (+ prefix/suffix) → a span in the report's own characters, or why not."""

from __future__ import annotations

import re

import pytest

from annotated_report.anchoring import Anchored, DocumentIndex, Failure, anchor
from annotated_report.loading import split_paragraphs
from annotated_report.model import Document


def placed(result):
    assert isinstance(result, Anchored), result
    return result.span


def failed(result):
    assert isinstance(result, Failure), result
    return result


def small_index(text: str, slug: str = "small") -> DocumentIndex:
    return DocumentIndex(Document(slug, "Small", text, split_paragraphs(text), f"seeds/{slug}.txt"))


# --- placing --------------------------------------------------------------------------------


def test_exact_match(seed_index, seed_text):
    result = anchor(seed_index, "The government convicted 38 traffickers")
    span = placed(result)
    assert result.warning is None
    assert span.document == "cambodia-2022-prosecution"
    assert span.paragraph == 2
    assert span.start == seed_text.index("The government convicted 38 traffickers")
    assert seed_text[span.start : span.end] == "The government convicted 38 traffickers"


def test_start_of_the_document(seed_index):
    span = placed(anchor(seed_index, "The government maintained law enforcement efforts."))
    assert (span.paragraph, span.start) == (1, 0)


def test_end_of_the_document(seed_index, seed_text):
    span = placed(anchor(seed_index, "abuse of power by the police."))
    assert span.paragraph == 7
    assert span.end == len(seed_text)


@pytest.mark.parametrize(
    ("typed", "original", "paragraph"),
    [
        ("People's Republic of China (PRC)", "People\u2019s Republic of China (PRC)", 2),
        (
            "2020 the police reported authorities arrested 94 suspects-48 suspects",
            "2020 the police reported authorities arrested 94 suspects\u201448 suspects",
            2,
        ),
        ('cases of "non-sexual human trafficking"', "cases of \u201cnon-sexual human trafficking\u201d", 2),
        ('released on "judicial supervision" pending', "released on \u201cjudicial supervision\u201d pending", 4),
        ("seven to 15 years' imprisonment", "seven to 15 years\u2019 imprisonment", 1),
        (
            "labor abuses-including forced child labor-in factories",
            "labor abuses\u2014including forced child labor\u2014in factories",
            6,
        ),
        ("The government-in collaboration", "The government\u2014in collaboration", 7),
    ],
)
def test_ascii_quotes_and_hyphens_match_curly_ones_and_map_back(seed_index, seed_text, typed, original, paragraph):
    span = placed(anchor(seed_index, typed))
    assert span.paragraph == paragraph
    # The span covers the report's own characters, curly quotes and dashes included.
    assert seed_text[span.start : span.end] == original
    assert span.start == seed_text.index(original)


def test_curly_quotes_typed_by_the_editor_match_straight_ones_in_the_text():
    index = small_index('He said "yes" and it\'s done.')
    span = placed(anchor(index, "\u201cyes\u201d and it\u2019s"))
    assert index.document.text[span.start : span.end] == '"yes" and it\'s'


@pytest.mark.parametrize(
    "typed",
    [
        "imprisonment for offenses   involving an adult victim",
        "imprisonment for offenses\ninvolving\tan adult victim",
        "  imprisonment for offenses involving an adult victim  ",
    ],
)
def test_whitespace_differences_do_not_matter(seed_index, seed_text, typed):
    span = placed(anchor(seed_index, typed))
    assert seed_text[span.start : span.end] == "imprisonment for offenses involving an adult victim"


def test_odd_spacing_in_the_report_is_matched_and_kept():
    text = "The MOUs   outlined cross-\u00a0border work.\nSecond paragraph."
    index = small_index(text)
    span = placed(anchor(index, "MOUs outlined cross- border work"))
    assert text[span.start : span.end] == "MOUs   outlined cross-\u00a0border work"


def test_span_offsets_are_in_the_original_text_after_expanding_characters():
    # An ellipsis is three characters when normalized; offsets after it must still be original.
    text = "Wait\u2026 the \u201cquote\u201d\u2014here.\nNext."
    index = small_index(text)
    span = placed(anchor(index, 'the "quote"-here'))
    assert text[span.start : span.end] == "the \u201cquote\u201d\u2014here"
    span = placed(anchor(index, "Next."))
    assert (span.paragraph, text[span.start : span.end]) == (2, "Next.")


def test_paragraph_numbers_skip_blank_lines():
    text = "First.\n\n\nSecond here.\r\n\r\nThird here."
    index = small_index(text)
    assert placed(anchor(index, "Second here.")).paragraph == 2
    span = placed(anchor(index, "Third here."))
    assert span.paragraph == 3
    assert text[span.start : span.end] == "Third here."


# --- repeated quotes ------------------------------------------------------------------------


def test_ambiguous_quote_says_how_many_times_and_suggests_a_prefix(seed_index, seed_text):
    result = failed(anchor(seed_index, "NGOs reported"))
    assert "the quote occurs 3 times" in result.message
    for number in (1, 5, 6):
        assert f"paragraph {number}" in result.message
    match = re.search(r'prefix: "([^"]+)"', result.hint)
    assert match, result.hint
    # The suggestion works: it picks exactly the first occurrence.
    span = placed(anchor(seed_index, "NGOs reported", prefix=match.group(1)))
    assert span.start == seed_text.index("NGOs reported")


def test_many_occurrences_are_summarized(seed_index):
    result = failed(anchor(seed_index, "the government"))
    assert "the quote occurs 7 times" in result.message
    assert "and 3 more" in result.message


@pytest.mark.parametrize(
    ("prefix", "suffix", "paragraph", "followed_by"),
    [
        ("such as rape.", None, 1, " that, in practice"),
        ("less serious offenses.", None, 5, " law enforcement did not"),
        (None, "trafficking victims accused", 6, " trafficking victims accused"),
        ("During the reporting period,", "trafficking victims", 6, " trafficking victims accused"),
        (None, "that, in practice", 1, " that, in practice"),
    ],
)
def test_prefix_and_suffix_choose_the_right_occurrence(seed_index, seed_text, prefix, suffix, paragraph, followed_by):
    result = anchor(seed_index, "NGOs reported", prefix=prefix, suffix=suffix)
    span = placed(result)
    assert result.warning is None
    assert span.paragraph == paragraph
    assert span.start == seed_text.index("NGOs reported" + followed_by)
    assert span.end == span.start + len("NGOs reported")


def test_prefix_is_normalized_too(seed_index, seed_text):
    # The prefix ends with a curly apostrophe in the report and is typed in ASCII.
    span = placed(anchor(seed_index, "imprisonment for those", prefix="15 to 20 years'"))
    assert span.start == seed_text.index("imprisonment for those")


def test_prefix_that_matches_no_occurrence_fails(seed_index):
    result = failed(anchor(seed_index, "NGOs reported", prefix="nothing like this"))
    assert "the quote occurs 3 times and the prefix/suffix matches none of them" in result.message
    assert "prefix" in result.hint


def test_unique_quote_with_a_wrong_prefix_is_placed_with_a_warning(seed_index, seed_text):
    result = anchor(seed_index, "The government convicted 38 traffickers", prefix="a stale prefix")
    span = placed(result)
    assert span.start == seed_text.index("The government convicted 38 traffickers")
    assert result.warning is not None
    assert "prefix/suffix does not match" in result.warning.message
    assert "[The government convicted 38 traffickers]" in result.warning.hint


def test_unique_quote_with_a_wrong_suffix_is_placed_with_a_warning(seed_index):
    result = anchor(seed_index, "The government convicted 38 traffickers", suffix="and nobody else")
    placed(result)
    assert result.warning is not None


# --- quotes that cannot be placed -----------------------------------------------------------


def test_quote_crossing_a_paragraph_break(seed_index):
    result = failed(anchor(seed_index, "provide justice for victims. The government did not maintain"))
    assert "the quote runs from paragraph 1 into paragraph 2" in result.message
    assert "Split it" in result.hint


def test_quote_crossing_a_later_paragraph_break(seed_index):
    result = failed(anchor(seed_index, "referred nine potential cases. Nationwide, law enforcement"))
    assert "paragraph 3 into paragraph 4" in result.message


def test_quote_crossing_blank_lines():
    index = small_index("First para ends here.\n\nSecond para starts.")
    result = failed(anchor(index, "ends here. Second para"))
    assert "paragraph 1 into paragraph 2" in result.message


@pytest.mark.parametrize("separator", ["\u2028", "\r", "\u2029"])
def test_a_line_separator_inside_a_paragraph_is_not_a_paragraph_break(separator):
    # Paragraphs are split on "\n" only, so this text has two paragraphs and the first
    # one contains the separator; a quote across it stays inside paragraph 1.
    text = f"First line{separator}continues here.\nSecond paragraph."
    index = small_index(text)
    assert len(index.document.paragraphs) == 2
    span = placed(anchor(index, "line continues"))
    assert span.paragraph == 1
    assert text[span.start : span.end] == f"line{separator}continues"


def test_capitalization_only_difference_shows_the_reports_words(seed_index):
    result = failed(anchor(seed_index, "THE GOVERNMENT CONVICTED 38 traffickers"))
    assert "only in capital letters" in result.message
    assert "\u201cThe government convicted 38 traffickers\u201d" in result.hint


def test_capitalization_hint_keeps_curly_characters(seed_index):
    result = failed(anchor(seed_index, "people's republic of china"))
    assert "\u201cPeople\u2019s Republic of China\u201d" in result.hint


def test_not_found_names_the_closest_text(seed_index):
    result = failed(anchor(seed_index, "The government convicted 39 traffickers"))
    assert "quote not found in cambodia-2022-prosecution" in result.message
    assert "closest text in paragraph 2 is \u201c" in result.message
    closest = re.search(r"\u201c(.*)\u201d", result.message).group(1)
    assert "38 traffickers" in closest
    assert "% similar" in result.message


@pytest.mark.parametrize(
    ("typed", "report"),
    [
        ("The goverment convicted 38 traffickers", "The government convicted 38 traffickers"),
        ("prosecutors and judges accepted bribe in return", "prosecutors and judges accepted bribes in return"),
    ],
)
def test_closest_text_is_whole_words_that_can_be_copied(seed_index, typed, report):
    # The hint exists so the editor can copy the report's words: a passage cut in the
    # middle of a word ("he government ...", "... in retur") cannot be copied as is.
    result = failed(anchor(seed_index, typed))
    closest = re.search(r"\u201c(.*)\u201d", result.message).group(1)
    assert closest == report


def test_nothing_close_gives_no_closest_text(seed_index):
    result = failed(anchor(seed_index, "zebra quantum xylophone"))
    assert "no passage there is close" in result.message
    assert "closest text" not in result.message
    assert "document:" in result.hint


def test_empty_quote():
    result = failed(anchor(small_index("Some text."), "  "))
    assert "empty" in result.message


def test_an_ambiguous_quote_is_shown_in_brackets_with_whole_words_around_it():
    """Each place shows the quote itself in [brackets] (as `find` does) and never half a word around it."""
    text = "Officials said the courts were slow. NGOs reported abuses in fishing; later NGOs reported progress.\n"
    index = DocumentIndex(Document("d", "D", text, split_paragraphs(text), "seeds/d.txt"))
    result = anchor(index, "NGOs reported")
    assert isinstance(result, Failure)
    assert result.message == (
        "the quote occurs 2 times (the quote is in [brackets]): "
        "paragraph 1 (“…courts were slow. [NGOs reported] abuses in fishing;…”); "
        "paragraph 1 (“…in fishing; later [NGOs reported] progress.”)."
    )
    assert result.hint == 'Add a prefix or suffix to choose one, e.g. prefix: "slow.".'
