"""Find the numbers in a report's text, so that every quantity can be held to account.

The coverage rule says each number in a document is either inside a `statistic`
annotation whose value equals it, or deliberately exempted. This module finds the
numbers: numerals ("109", "12,814", "2.5"), number words ("seven", "twenty-one",
"two hundred"), and vague plurals ("hundreds"), each with its offsets in the text.

Pure Python and standard library only: nothing here knows about YAML or MkDocs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - only for type checkers
    from .model import Value

__all__ = ["NumberToken", "find_numbers", "numbers_in", "value_matches"]

#: Number words below twenty, by value.
_UNITS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}

#: Multiples of ten, by value.
_TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

#: Words that multiply what comes before them ("two hundred", "1.5 million").
_SCALES: dict[str, int] = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

#: "a dozen" is a number word too.
_DOZEN = "dozen"

#: Vague plurals and the least quantity each implies ("hundreds" means at least 200).
APPROXIMATE_MINIMUMS: dict[str, float] = {
    "dozens": 24.0,
    "hundreds": 200.0,
    "thousands": 2_000.0,
    "millions": 2_000_000.0,
    "billions": 2_000_000_000.0,
}

_NUMERAL = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = sorted([*_UNITS, *_TENS, *_SCALES, _DOZEN, *APPROXIMATE_MINIMUMS], key=len, reverse=True)
_WORD = "|".join(_WORDS)

#: One numeral or number word, standing alone as a word. Letters, digits and
#: underscores on either side make it part of something else ("COVID19", "3rd",
#: "someone"); a hyphen does not ("two-star" holds "two").
_TOKEN = re.compile(
    rf"(?<![\w])(?:(?P<numeral>{_NUMERAL})(?![\w])|(?P<word>{_WORD})(?![\w]))",
    re.IGNORECASE,
)

#: What may join two parts of one spelled-out number: a space, a hyphen
#: ("twenty-one"), or "and" after a scale word ("one hundred and five").
_JOINER = re.compile(r"(?:[ \t]+|-|[ \t]+and[ \t]+)", re.IGNORECASE)


@dataclass(frozen=True)
class NumberToken:
    """One number as written in a text, with where it is and what it is worth.

    Attributes:
        start: Offset of the first character in the text that was searched.
        end: Offset just past the last character.
        text: The characters as written, e.g. "12,814", "seven", "hundreds".
        value: The number's value (12814.0, 7.0); None for an approximate word.
        minimum: For an approximate word, the least it implies ("hundreds" -> 200).
        approximate: True for a vague plural such as "hundreds" or "dozens".
        is_year: True for a four-digit numeral from 1800 to 2100 written without a
            comma; years date a statistic, they are not one.
        is_date: True for a day of the month ("15 August", "August 15, 2021") or
            the hours and minutes of a time ("10:30", "9 a.m."): part of a date, not a
            quantity.
    """

    start: int
    end: int
    text: str
    value: float | None
    minimum: float | None = None
    approximate: bool = False
    is_year: bool = False
    is_date: bool = False


#: Month names as a text writes them in a date, capitalized ("May" as a verb is lowercase).
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"

#: The parts of dates and times that are not quantities: the day in "15 August" and
#: "August 15, 2021", and the hours and minutes of "10:30" or "9 a.m.". They are found as
#: spans of the text; a number token inside one is `is_date`.
_DATE_OR_TIME = re.compile(
    rf"(?=[\dJFMASOND])(?<![\w.,])(?:{_DAY}(?:st|nd|rd|th)?[ \t\u00a0]+(?:of[ \t]+)?{_MONTH}(?![\w])"  # 15 August, 1st of May
    rf"|{_MONTH}[ \t\u00a0]+{_DAY}(?:st|nd|rd|th)?(?![\w]|[.,]\d)"  # August 15, Aug. 15th
    r"|(?:[01]?\d|2[0-3]):[0-5]\d(?![\w]|[.,:]\d)"  # 10:30 (a decimal such as 2.30 is a number)
    r"|(?:[01]?\d|2[0-3])\.[0-5]\d[ \t\u00a0]*(?:[ap]\.m\.|[ap]m(?![\w])|hours(?![\w]))"  # 9.15 a.m., 14.30 hours
    r"|(?:1[0-2]|0?[1-9])[ \t\u00a0]*(?:[ap]\.m\.|[ap]m(?![\w])|o['’]clock))",  # 9 a.m., 3 pm, 5 o'clock
)


@dataclass
class _Part:
    """A raw match before spelled-out numbers are combined."""

    start: int
    end: int
    kind: str  # "numeral", "unit", "tens", "scale", "dozen", "approximate"
    value: float


def _parts(text: str) -> list[_Part]:
    parts: list[_Part] = []
    for match in _TOKEN.finditer(text):
        if match.group("numeral"):
            value = float(match.group("numeral").replace(",", ""))
            parts.append(_Part(match.start(), match.end(), "numeral", value))
            continue
        word = match.group("word").lower()
        if word in _UNITS:
            parts.append(_Part(match.start(), match.end(), "unit", float(_UNITS[word])))
        elif word in _TENS:
            parts.append(_Part(match.start(), match.end(), "tens", float(_TENS[word])))
        elif word in _SCALES:
            parts.append(_Part(match.start(), match.end(), "scale", float(_SCALES[word])))
        elif word == _DOZEN:
            parts.append(_Part(match.start(), match.end(), "dozen", 12.0))
        else:
            parts.append(_Part(match.start(), match.end(), "approximate", APPROXIMATE_MINIMUMS[word]))
    return parts


def _joined(text: str, left: _Part, right: _Part, *, hyphen_only: bool = False) -> bool:
    """Whether only a joiner (space, hyphen, "and") separates two parts."""
    gap = text[left.end : right.start]
    if hyphen_only:
        return gap == "-"
    match = _JOINER.fullmatch(gap)
    if match is None:
        return False
    if "and" in gap.lower():
        return left.kind == "scale" and right.kind in {"unit", "tens"}
    return True


def _combine(text: str, parts: list[_Part]) -> list[tuple[int, int, float | None, float | None, bool]]:
    """Merge spelled-out parts into whole numbers: "twenty-one", "two hundred", "1.5 million".

    Returns (start, end, value, minimum, approximate) for each number found.
    """
    found: list[tuple[int, int, float | None, float | None, bool]] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        index += 1
        if part.kind == "approximate":
            found.append((part.start, part.end, None, part.value, True))
            continue
        total, current = 0.0, part.value
        if part.kind == "scale" and part.value > 100:
            total, current = part.value, 0.0
        previous, end = part, part.end
        while index < len(parts):
            nxt = parts[index]
            if not _joined(text, previous, nxt) or previous.kind == "dozen":
                break
            if nxt.kind == "scale" and previous.kind != "dozen":
                if previous.kind == "scale" and previous.value >= nxt.value:
                    break
                multiplier = current if current else 1.0
                if nxt.value == 100:
                    current = multiplier * 100
                elif current == 0 and total:
                    total *= nxt.value  # "thousand million"
                else:
                    total += multiplier * nxt.value
                    current = 0.0
            elif nxt.kind == "dozen" and previous.kind in {"unit", "tens"}:
                current *= 12  # "two dozen"
            elif previous.kind == "tens" and nxt.kind == "unit" and 1 <= nxt.value <= 9:
                current += nxt.value  # "twenty-one"
            elif previous.kind == "scale" and nxt.kind in {"unit", "tens"}:
                current += nxt.value  # "two hundred five"
            else:
                break
            previous, end = nxt, nxt.end
            index += 1
        found.append((part.start, end, total + current, None, False))
    return found


def find_numbers(text: str) -> list[NumberToken]:
    """Every number in `text`, in order, years included (see `NumberToken.is_year`).

    Finds numerals (with thousands commas and decimals), number words from "zero"
    to "twenty", the tens, "hundred", "thousand", "million", compounds such as
    "twenty-one" or "two hundred", and approximate plurals ("dozens", "hundreds",
    "thousands", "millions"). Matching is case-insensitive and by whole words; a
    hyphen separates words, so "two-star" yields the token "two".

    Args:
        text: The text to search.

    Returns:
        The tokens, each with offsets into `text`.
    """
    tokens: list[NumberToken] = []
    dates = [(match.start(), match.end()) for match in _DATE_OR_TIME.finditer(text)]
    date_starts = [first for first, _ in dates]
    for start, end, value, minimum, approximate in _combine(text, _parts(text)):
        written = text[start:end]
        is_year = (
            value is not None
            and written.isdigit()
            and len(written) == 4
            and 1800 <= value <= 2100
        )
        tokens.append(
            NumberToken(
                start=start,
                end=end,
                text=written,
                value=value,
                minimum=minimum,
                approximate=approximate,
                is_year=is_year,
                is_date=_within(dates, date_starts, start, end),
            )
        )
    return tokens


def _within(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether text[start:end] lies inside one of `spans` (ordered, not overlapping)."""
    index = bisect_right(starts, start) - 1
    return index >= 0 and spans[index][1] >= end


def numbers_in(text: str) -> list[NumberToken]:
    """The numbers in `text` that could be statistics: `find_numbers` without years, days
    of the month and times of day (see `NumberToken.is_date`).

    Args:
        text: The text to search.

    Returns:
        The non-year tokens, in order.
    """
    return [token for token in find_numbers(text) if not (token.is_year or token.is_date)]


def value_matches(value: Value | None, token: NumberToken) -> bool:
    """Whether a statistic's value accounts for a number token in its quote.

    An exact token matches when it equals the value's exact number, its minimum or
    its maximum. An approximate token ("hundreds") matches only an approximate value
    whose minimum is what the word implies (200 for "hundreds").

    Args:
        value: The statistic's value (`model.Value`), or None.
        token: A number found in the statistic's quote.

    Returns:
        True when the value covers the token.
    """
    if value is None:
        return False
    if token.approximate:
        return bool(value.approximate) and value.minimum is not None and value.minimum == token.minimum
    if token.value is None:
        return False
    candidates = (value.exact, value.minimum, value.maximum)
    return any(candidate is not None and float(candidate) == token.value for candidate in candidates)
