"""textnorm: the one normalization used to match quotes, and its map back to the original.

The last section runs quote-matching cases in the style of Hypothesis's match-quote tests
(exact, prefix/suffix choice, context that matches nothing, empty input), written for
this project's own text and its exact-match-on-normalized-text design.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotated_report.anchoring import Anchored, DocumentIndex, Failure, anchor
from annotated_report.loading import split_paragraphs
from annotated_report.model import Document, slugify
from annotated_report.textnorm import OffsetMap, normalize, normalize_quote, shorten

# --- normalize: folding ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        ("People\u2019s", "People's"),
        ("\u2018single\u2019", "'single'"),
        ("\u201cdouble\u201d", '"double"'),
        ("\u201elow\u201f", '"low"'),
        ("\u00abguillemets\u00bb", '"guillemets"'),
        ("94 suspects\u201448 suspects", "94 suspects-48 suspects"),
        ("2019\u20132021", "2019-2021"),
        ("non\u2011breaking", "non-breaking"),
        ("\u22125", "-5"),
        ("prime\u2032 and double\u2033", "prime' and double\""),
        ("back`tick", "back'tick"),
    ],
)
def test_typographic_quotes_and_dashes_fold_to_ascii(original, folded):
    result = normalize(original)
    assert result.text == folded
    # One character for one: offsets are unchanged.
    assert tuple(result.origin) == tuple(range(len(original) + 1))


def test_ellipsis_becomes_three_dots_that_map_to_one_character():
    result = normalize("wait\u2026 then")
    assert result.text == "wait... then"
    assert tuple(result.origin[4:7]) == (4, 4, 4)
    assert result.original_range(4, 7) == (4, 5)
    # Part of the ellipsis still maps to the whole original character.
    assert result.original_range(5, 6) == (4, 5)
    assert result.original_range(0, len(result.text)) == (0, len("wait\u2026 then"))


def test_soft_hyphen_is_dropped_and_skipped_in_the_map():
    original = "co\u00adoperate"
    result = normalize(original)
    assert result.text == "cooperate"
    assert result.original_range(0, 9) == (0, len(original))
    start, end = result.original_range(2, 9)
    assert original[start:end] == "operate"


def test_every_whitespace_run_becomes_one_space_mapped_to_its_first_character():
    original = "one \t two\n\n  three\u00a0four"
    result = normalize(original)
    assert result.text == "one two three four"
    assert result.origin[3] == 3  # the run " \t " starts at 3
    assert result.origin[7] == original.index("\n")
    start, end = result.original_range(0, len("one two"))
    assert original[start:end] == "one \t two"
    start, end = result.original_range(result.text.index("three"), len(result.text))
    assert original[start:end] == "three\u00a0four"


def test_leading_and_trailing_whitespace_are_kept_as_one_space():
    result = normalize("  padded  ")
    assert result.text == " padded "
    assert normalize_quote("  padded\n") == "padded"


def test_keep_newlines_turns_runs_with_a_line_break_into_a_newline():
    # Only "\n" separates paragraphs in a seed file (see loading.split_paragraphs);
    # U+2028 inside a paragraph is ordinary whitespace.
    original = "first para.  \r\n\r\n  second\tpara.\u2028third"
    strict = normalize(original, keep_newlines=True)
    assert strict.text == "first para.\nsecond para. third"
    loose = normalize(original)
    assert loose.text == "first para. second para. third"
    # Same length either way, so the two share one origin map.
    assert strict.origin == loose.origin


def test_origin_map_has_one_more_entry_than_the_text():
    original = "A \u201cquote\u201d\u2026 and\n more\u2014text"
    result = normalize(original)
    assert len(result.origin) == len(result.text) + 1
    assert result.origin[-1] == len(original)
    assert list(result.origin) == sorted(result.origin)


def _reference_normalize(text: str, keep_newlines: bool) -> tuple[str, tuple[int, ...]]:
    """The original per-character loop (NFC text), kept as the oracle for the fast version."""
    fold = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
            "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
            "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
            "\u00ad": "", "\u2026": "..."}
    out: list[str] = []
    origin: list[int] = []
    index = 0
    while index < len(text):
        if text[index].isspace():
            run_end = index
            while run_end < len(text) and text[run_end].isspace():
                run_end += 1
            out.append("\n" if keep_newlines and "\n" in text[index:run_end] else " ")
            origin.append(index)
            index = run_end
            continue
        for piece in fold.get(text[index], text[index]):
            out.append(piece)
            origin.append(index)
        index += 1
    return "".join(out), (*origin, len(text))


@pytest.mark.parametrize("keep_newlines", [False, True])
def test_fast_normalize_equals_the_per_character_definition(keep_newlines):
    import random

    alphabet = "ab .\t\n\r\u00a0\u2026\u00ad\u2018\u201c\u2014`\u3000\u2028\x1c\u00ab"
    rng = random.Random(7)
    samples = ["", " ", "\u2026", "\u00ad", "a\u2026\u2026b", "  \n  ", "x\u00ad \u00ad y"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    for text in samples:
        result = normalize(text, keep_newlines=keep_newlines)
        assert (result.text, tuple(result.origin)) == _reference_normalize(text, keep_newlines), repr(text)
        assert result.ends is None


def test_text_that_normalizes_to_itself_stores_no_map_and_no_copy():
    original = "word " * 10_000 + "end.\nNext paragraph."
    result = normalize(original, keep_newlines=True)
    assert result.text is original  # shared, not a second copy of the document
    assert result.origin.breakpoints == 0  # the identity: nothing stored per character
    assert result.origin[12_345] == 12_345
    assert result.origin[-1] == len(original)
    assert len(result.origin) == len(original) + 1


def test_the_map_stores_only_the_places_where_lengths_change():
    original = "word " * 10_000 + "two  spaces" + " word" * 10_000
    result = normalize(original)
    assert result.text == original.replace("two  spaces", "two spaces")
    # The run maps to its first space; from the next character on, offsets are one further.
    assert result.origin.breakpoints == 1
    at = len("word " * 10_000) + 3
    assert (result.origin[at], result.origin[at + 1]) == (at, at + 2)
    assert result.origin[-1] == len(original)


def _reference_composed(text: str, keep_newlines: bool) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """The per-character definition for any text: in text that is not NFC, each base character
    with its combining marks is one unit, composed then folded (in NFC text, each character is
    one); every piece maps to [unit start, unit end)."""
    fold = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u2014": "-", "\u00ad": "", "\u2026": "..."}
    units: list[tuple[str, int, int]] = []
    index = 0
    composed = unicodedata.is_normalized("NFC", text)
    while index < len(text):
        end = index + 1
        while not composed and end < len(text) and unicodedata.combining(text[end]):
            end += 1
        units.append((unicodedata.normalize("NFC", text[index:end]), index, end))
        index = end
    out: list[str] = []
    origin: list[int] = []
    ends: list[int] = []
    position = 0
    while position < len(units):
        chars, start, end = units[position]
        if chars.isspace():
            run = []
            while position < len(units) and units[position][0].isspace():
                run.append(units[position][0])
                position += 1
            out.append("\n" if keep_newlines and "\n" in "".join(run) else " ")
            origin.append(start)
            ends.append(start + 1)
            continue
        for char in chars:
            for piece in fold.get(char, char):
                out.append(piece)
                origin.append(start)
                ends.append(end)
        position += 1
    return "".join(out), (*origin, len(text)), tuple(ends)


_MIXED = st.lists(st.sampled_from([*"ab .", "\t", "\n", "  ", "\u00a0", "\u2026", "\u00ad", "\u2019", "\u201c",
                                   "\u2014", "e\u0301", "\u00e9", "a\u0308\u0301", "\u0301", "\u3000"]),
                  max_size=30).map("".join)


@given(_MIXED, st.booleans())
def test_every_offset_maps_back_exactly(text, keep_newlines):
    """NFC and NFD text, whitespace runs, ellipses, soft hyphens: each offset of the map, read
    one by one, by slice or by iteration, is the per-character definition's."""
    result = normalize(text, keep_newlines=keep_newlines)
    expected_text, expected_origin, expected_ends = _reference_composed(text, keep_newlines)
    assert result.text == expected_text
    assert len(result.origin) == len(expected_origin)
    assert [result.origin[i] for i in range(len(result.origin))] == list(expected_origin)
    assert list(result.origin) == list(expected_origin)
    assert result.origin[:] == list(expected_origin)
    assert [result.origin[-i] for i in range(1, len(expected_origin) + 1)] == [expected_origin[-i] for i in range(1, len(expected_origin) + 1)]
    for original in range(len(text) + 2):
        assert result.origin.first_at_or_after(original) == bisect.bisect_left(expected_origin, original)
    if result.ends is not None:
        assert list(result.ends) == list(expected_ends)
    else:  # composed text: a character ends one past where it starts
        assert unicodedata.is_normalized("NFC", text)
        assert [o + 1 for o in expected_origin[:-1]] == list(expected_ends)
    for start in range(len(result.text)):
        for end in range(start + 1, len(result.text) + 1):
            assert result.original_range(start, end) == (expected_origin[start], expected_ends[end - 1])


@given(st.lists(st.integers(min_value=0, max_value=60), max_size=40).map(sorted))
def test_offset_map_of_any_non_decreasing_values_is_those_values(values):
    mapped = OffsetMap.of(values)
    assert list(mapped) == values
    assert [mapped[i] for i in range(len(values))] == values
    assert mapped == OffsetMap.of(list(values))
    with pytest.raises(IndexError):
        mapped[len(values)]


def test_every_normalized_character_maps_to_an_original_that_folds_to_it():
    original = "It\u2019s \u201cthe\u201d  end\u2014really\u2026 \u00abyes\u00bb\tno\n"
    result = normalize(original)
    for index, char in enumerate(result.text):
        source = original[result.origin[index]]
        if char == " ":
            assert source.isspace()
        else:
            assert char in normalize(source).text


def test_original_range_of_an_empty_range_is_empty():
    result = normalize("abc\u2026def")
    assert result.original_range(3, 3) == (3, 3)
    assert result.original_range(5, 2) == (result.origin[5], result.origin[5])


def test_original_range_recovers_the_curly_characters():
    original = "the People\u2019s Republic of China (PRC); 94 suspects\u201448"
    result = normalize(original)
    needle = normalize_quote("People's Republic of China (PRC)")
    at = result.text.index(needle)
    start, end = result.original_range(at, at + len(needle))
    assert original[start:end] == "People\u2019s Republic of China (PRC)"
    needle = "suspects-48"
    at = result.text.index(needle)
    start, end = result.original_range(at, at + len(needle))
    assert original[start:end] == "suspects\u201448"


def test_normalize_quote_matches_what_the_editor_types():
    assert normalize_quote("  \u201cnon-sexual human trafficking\u201d \n") == '"non-sexual human trafficking"'
    assert normalize_quote("") == ""
    assert normalize_quote(" \t\n") == ""


# --- slugify ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Prosecutions & Convictions", "prosecutions-convictions"),
        ("Tier 2 Watch List", "tier-2-watch-list"),
        ("Caf\u00e9 d\u00e9j\u00e0 vu", "cafe-deja-vu"),
        ("People\u2019s Republic of China (PRC)", "peoples-republic-of-china-prc"),
        ("People's Republic", "people-s-republic"),
        ("  --Leading and trailing--  ", "leading-and-trailing"),
        ("Convictions 2021", "convictions-2021"),
        ("non-governmental organization", "non-governmental-organization"),
        ("", "item"),
        ("---", "item"),
        ("\u4e2d\u6587", "item"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_slugify_output_is_a_valid_id():
    pattern = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
    for title in ["A  B", "x__y", "Ünïcödé Names", "(MOUs)", "a-\u2014-b", "12,814 officers"]:
        assert pattern.match(slugify(title)), title


# --- shorten ----------------------------------------------------------------------------------


def test_shorten_keeps_short_text_and_folds_whitespace():
    assert shorten("short text") == "short text"
    assert shorten("  several   spaces\nand lines ") == "several spaces and lines"


def test_shorten_cuts_at_a_word_boundary_with_an_ellipsis():
    text = "The government convicted 38 traffickers, including one for sex trafficking and 35 for forced labor."
    short = shorten(text, 50)
    assert short.endswith("\u2026")
    assert len(short) <= 51
    body = short[:-1]
    assert text.startswith(body)
    assert text[len(body)] in " ,"  # cut between words
    assert not body.endswith((",", ";", ":", " "))


def test_shorten_drops_trailing_punctuation_before_the_ellipsis():
    text = "alpha beta gamma, delta epsilon zeta eta theta"
    assert shorten(text, 20) == "alpha beta gamma\u2026"


def test_shorten_hard_cuts_a_text_without_spaces():
    text = "x" * 200
    assert shorten(text, 90) == "x" * 90 + "\u2026"


def test_shorten_exact_limit_is_not_cut():
    text = "word " * 17 + "end"  # 88 characters
    assert shorten(text, len(text)) == text


# --- quote matching, cases in the style of Hypothesis's match-quote tests -------------------

LITANY = (
    "The ships were late, the ships were lost, we had bread before us, we had water before us, "
    "we had nothing behind us, and the harbor waited."
)


def _index(text: str) -> DocumentIndex:
    return DocumentIndex(Document("litany", "Litany", text, split_paragraphs(text), "seeds/litany.txt"))


def _placed(result: Anchored | Failure, text: str) -> tuple[int, str]:
    assert isinstance(result, Anchored), result
    return result.span.start, text[result.span.start : result.span.end]


def test_case_exact_unique_quote():
    result = anchor(_index(LITANY), "the harbor waited")
    assert _placed(result, LITANY) == (LITANY.index("the harbor"), "the harbor waited")
    assert result.warning is None


@pytest.mark.parametrize(
    ("prefix", "which"),
    [("we had bread", 0), ("we had water", 1), ("bread", 0), ("water", 1)],
)
def test_case_prefix_chooses_the_occurrence(prefix, which):
    starts = [m.start() for m in re.finditer("before us", LITANY)]
    result = anchor(_index(LITANY), "before us", prefix=prefix)
    assert _placed(result, LITANY) == (starts[which], "before us")
    assert result.warning is None


@pytest.mark.parametrize(("suffix", "which"), [("bread", 0), ("water", 1), ("nothing behind", 2)])
def test_case_suffix_chooses_the_occurrence(suffix, which):
    starts = [m.start() for m in re.finditer("we had", LITANY)]
    result = anchor(_index(LITANY), "we had", suffix=suffix)
    assert _placed(result, LITANY) == (starts[which], "we had")


def test_case_misspelt_prefix_does_not_silently_pick_one():
    # Hypothesis scores contexts fuzzily; here context must match exactly (after
    # normalization), so a typo in the prefix of a repeated quote is an error, not a guess.
    result = anchor(_index(LITANY), "before us", prefix="we had bred")
    assert isinstance(result, Failure)
    assert "occurs 2 times" in result.message
    assert "prefix/suffix matches none" in result.message


def test_case_unique_quote_at_the_end_with_a_wrong_suffix_is_placed_with_a_warning():
    text = "A short closing line"
    result = anchor(_index(text), "line", suffix="that is not there")
    assert _placed(result, text) == (16, "line")
    assert result.warning is not None


def test_case_prefix_longer_than_the_text_before_the_quote():
    text = "Two ships later, the harbor waited"
    result = anchor(_index(text), "ships later", prefix="Long ago there were two")
    assert _placed(result, text) == (4, "ships later")
    assert result.warning is not None


def test_case_empty_quote_and_empty_document_match_nothing():
    assert isinstance(anchor(_index("foobar"), ""), Failure)
    assert isinstance(anchor(_index("foobar"), "   "), Failure)
    result = anchor(_index(""), "foobar")
    assert isinstance(result, Failure)
    assert "closest" not in result.message


def test_case_no_acceptable_match_gives_no_closest_text():
    result = anchor(_index(LITANY), "Colonel Aureliano remembered that distant afternoon of ice")
    assert isinstance(result, Failure)
    assert "no passage there is close" in result.message


def test_case_closer_quotes_score_higher():
    def score(quote: str) -> float:
        result = anchor(_index(LITANY), quote)
        assert isinstance(result, Failure), quote
        match = re.search(r"\((\d+)% similar\)", result.message)
        assert match, result.message
        return float(match.group(1))

    quotes = ["the ships were lsot", "the ship were lost", "the ships was lots", "a ship was losing"]
    scores = [score(quote) for quote in quotes]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1]


# --- normalize: composed and decomposed accents ----------------------------------------------


def test_decomposed_accents_compose_and_map_back_to_both_characters():
    original = "Un cafe\u0301 noir"
    result = normalize(original)
    assert result.text == "Un caf\u00e9 noir"
    start = result.text.index("caf\u00e9")
    begin, end = result.original_range(start, start + len("caf\u00e9"))
    assert original[begin:end] == "cafe\u0301"  # the accent stays with its letter
    assert result.original_range(0, len(result.text)) == (0, len(original))


def test_composed_text_keeps_the_fast_one_to_one_map():
    result = normalize("caf\u00e9 noir")
    assert result.ends is None
    assert tuple(result.origin) == tuple(range(len("caf\u00e9 noir") + 1))


def test_quotes_are_composed_too():
    assert normalize_quote("cafe\u0301") == "caf\u00e9"


@given(st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u2009\u3000\u00ad\u2026ab.", max_size=60))
def test_the_places_normalizing_reshapes_are_those_of_the_plain_pattern(text):
    """`_RESHAPE` scans ahead to a whitespace, soft hyphen or ellipsis before it tries the
    alternatives: the same matches as the pattern without the lookahead."""
    from annotated_report.textnorm import _RESHAPE

    plain = re.compile(r"\s{2,}|[\u00ad\u2026]")
    assert [m.span() for m in _RESHAPE.finditer(text)] == [m.span() for m in plain.finditer(text)]


@given(_MIXED)
def test_normalize_quote_is_normalize_trimmed_with_or_without_its_fast_path(text):
    """`normalize_quote` skips the offset map when only one-for-one folds apply: same text."""
    assert normalize_quote(text) == normalize(text).text.strip()


@given(st.one_of(_MIXED, st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x85\u00a0\u1680\u2009\u2028\u3000\u00ad\u2026ab.", max_size=60)))
def test_reshape_spans_finds_what_the_pattern_finds(text):
    """`reshape_spans` (searches on a copy with plain spaces) against `_RESHAPE`, its reference."""
    from annotated_report.textnorm import _RESHAPE, reshape_spans

    assert reshape_spans(text) == [match.span() for match in _RESHAPE.finditer(text)]


def test_reshape_spans_on_a_report_sized_text():
    text = ("In 2021 the courts  convicted 12 traffickers\u2026 a\u00adb.\n\n" * 900) + " \u3000\n"
    from annotated_report.textnorm import _RESHAPE, reshape_spans

    assert reshape_spans(text) == [match.span() for match in _RESHAPE.finditer(text)]
