"""Unit tests for `annotated_report.numbers`: finding numbers and matching them to values."""

from __future__ import annotations

import pytest

from annotated_report.model import Value
from annotated_report.numbers import NumberToken, find_numbers, numbers_in, value_matches


def texts(text: str) -> list[str]:
    return [token.text for token in find_numbers(text)]


def values(text: str) -> list[float | None]:
    return [token.value for token in find_numbers(text)]


# --- numerals -------------------------------------------------------------------------------


def test_plain_numerals_with_offsets() -> None:
    text = "arrested 370 suspected traffickers, which included 332 labor brokers"
    tokens = find_numbers(text)
    assert [(t.text, t.value) for t in tokens] == [("370", 370.0), ("332", 332.0)]
    for token in tokens:
        assert text[token.start : token.end] == token.text
        assert not token.approximate and token.minimum is None


def test_thousands_comma_is_one_number() -> None:
    (token,) = find_numbers("for 12,814 law enforcement officers")
    assert token.text == "12,814"
    assert token.value == 12814.0
    assert not token.is_year


def test_decimals_and_sentence_end() -> None:
    assert values("a rate of 2.5 percent, up from 1.75.") == [2.5, 1.75]
    assert values("There were 38.") == [38.0]


def test_numerals_inside_words_are_not_numbers() -> None:
    assert find_numbers("the 3rd case, COVID19, and H2O") == []


def test_a_list_of_numbers_separated_by_commas() -> None:
    assert values("cases 1,2 and 4") == [1.0, 2.0, 4.0]


# --- years ----------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["1800", "2008", "2020", "2021", "2100"])
def test_four_digit_numerals_in_range_are_years(year: str) -> None:
    (token,) = find_numbers(f"in {year} the police")
    assert token.is_year
    assert token.value == float(year)


@pytest.mark.parametrize("text", ["1799 cases", "2101 cases", "2,020 cases", "348 cases", "12814 officers"])
def test_other_numerals_are_not_years(text: str) -> None:
    (token,) = find_numbers(text)
    assert not token.is_year


def test_numbers_in_leaves_out_years() -> None:
    text = "In 2021, the government prosecuted 109 suspected traffickers in April 2021"
    assert [t.text for t in numbers_in(text)] == ["109"]
    assert [t.text for t in find_numbers(text)] == ["2021", "109", "2021"]


# --- number words ---------------------------------------------------------------------------


def test_number_words_from_the_seed() -> None:
    text = "penalties of seven to 15 years; six days to one month; four of these cases; nine potential cases"
    assert [(t.text, t.value) for t in find_numbers(text)] == [
        ("seven", 7.0), ("15", 15.0), ("six", 6.0), ("one", 1.0), ("four", 4.0), ("nine", 9.0),
    ]


@pytest.mark.parametrize(
    ("word", "value"),
    [("zero", 0), ("eleven", 11), ("nineteen", 19), ("twenty", 20), ("ninety", 90),
     ("hundred", 100), ("thousand", 1000), ("million", 1_000_000), ("dozen", 12)],
)
def test_single_number_words(word: str, value: float) -> None:
    (token,) = find_numbers(f"about {word} people")
    assert token.text == word
    assert token.value == value


def test_case_insensitive() -> None:
    assert values("Seven trainings and TWELVE sessions") == [7.0, 12.0]


def test_whole_words_only() -> None:
    assert find_numbers("someone, anyone, often, tone, stone, tenant, sixth, seventeenth") == []


def test_hyphen_separates_a_number_from_another_word() -> None:
    (token,) = find_numbers("convicted a two-star military general")
    assert token.text == "two"
    assert token.value == 2.0
    assert (token.start, token.end) == (12, 15)


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("twenty-one victims", "twenty-one", 21),
        ("Sixty-six cases", "Sixty-six", 66),
        ("twenty one victims", "twenty one", 21),
        ("two hundred officers", "two hundred", 200),
        ("two hundred and five officers", "two hundred and five", 205),
        ("one hundred thousand people", "one hundred thousand", 100_000),
        ("one million two hundred thousand", "one million two hundred thousand", 1_200_000),
        ("1.5 million people", "1.5 million", 1_500_000),
        ("two dozen workers", "two dozen", 24),
    ],
)
def test_compound_numbers_are_one_token(text: str, written: str, value: float) -> None:
    (token,) = find_numbers(text)
    assert token.text == written
    assert token.value == value


def test_separate_numbers_are_not_combined() -> None:
    assert texts("seven to 15 years") == ["seven", "15"]
    assert texts("six days to one month") == ["six", "one"]
    assert texts("one, two") == ["one", "two"]
    assert texts("ten twenty") == ["ten", "twenty"]


def test_numbers_do_not_join_across_lines() -> None:
    assert texts("twenty\none") == ["twenty", "one"]


# --- approximate words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "minimum"),
    [("dozens", 24), ("hundreds", 200), ("thousands", 2000), ("millions", 2_000_000), ("Hundreds", 200)],
)
def test_approximate_plurals(word: str, minimum: float) -> None:
    (token,) = find_numbers(f"forced {word} of foreign nationals")
    assert token.text == word
    assert token.approximate
    assert token.value is None
    assert token.minimum == minimum
    assert not token.is_year


# --- value_matches --------------------------------------------------------------------------


def token(text: str) -> NumberToken:
    (found,) = find_numbers(text)
    return found


def test_exact_value_matches_equal_token_only() -> None:
    assert value_matches(Value(exact=38), token("38"))
    assert not value_matches(Value(exact=38), token("35"))
    assert value_matches(Value(exact=12814), token("12,814"))
    assert value_matches(Value(exact=7), token("seven"))


def test_range_matches_either_end() -> None:
    penalty = Value(minimum=7, maximum=15)
    assert value_matches(penalty, token("seven"))
    assert value_matches(penalty, token("15"))
    assert not value_matches(penalty, token("10"))
    assert not value_matches(penalty, token("20"))


def test_open_range_matches_its_one_end() -> None:
    assert value_matches(Value(minimum=200), token("200"))
    assert value_matches(Value(maximum=20), token("twenty"))
    assert not value_matches(Value(minimum=200), token("20"))


def test_approximate_token_needs_an_approximate_value_with_its_minimum() -> None:
    hundreds = token("hundreds")
    assert value_matches(Value(minimum=200, approximate=True), hundreds)
    assert not value_matches(Value(minimum=200), hundreds)
    assert not value_matches(Value(minimum=100, approximate=True), hundreds)
    assert not value_matches(Value(exact=200, approximate=True), hundreds)


def test_exact_token_can_match_an_approximate_value() -> None:
    assert value_matches(Value(exact=300, approximate=True), token("300"))


def test_no_value_matches_nothing() -> None:
    assert not value_matches(None, token("38"))
    assert not value_matches(Value(), token("38"))


# --- dates and times: parts of a date are not quantities --------------------------------------


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("On 15 August 2021, 109 people were arrested.", ["109"]),
        ("by 31 December, seven cases", ["seven"]),
        ("August 15, 2021: 12 cases", ["12"]),
        ("Aug. 3 and Sept 4, 2020, 45 boats", ["45"]),
        ("on the 1st of May 3 men", ["3"]),
        ("at 10:30, 9 a.m., 3 pm and 5 o'clock", []),
        ("at 14.30 hours", []),
    ],
)
def test_days_of_the_month_and_times_of_day_are_not_numbers_to_annotate(text: str, left: list[str]) -> None:
    assert [token.text for token in numbers_in(text)] == left


def test_a_date_part_is_still_found_and_marked() -> None:
    day, year, count = find_numbers("On 15 August 2021, 109 people")
    assert (day.text, day.is_date, day.is_year) == ("15", True, False)
    assert year.is_year and not year.is_date
    assert not count.is_date


@pytest.mark.parametrize(
    "text", ["a rate of 2.30 percent", "a ratio of 3:2", "in May 2021, 20 victims", "15 Augusts", "32 December", "may 20 people"]
)
def test_numbers_that_only_look_like_dates_are_kept(text: str) -> None:
    assert [token for token in numbers_in(text) if token.value is not None and token.value < 100]
