"""limits: the one way an editor's value is echoed in a message, and the reserved ids."""

from __future__ import annotations

import pytest

from annotated_report import limits


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("plain words", "plain words"),
        ("two\nlines", "two\\nlines"),
        ("tab\there", "tab\\there"),
        ("\x1b[31mred", "\\u001b[31mred"),
        ("left\u202eright", "left\\u202eright"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("line\u2028separator", "line\\u2028separator"),
        ("\u0301", "\\u0301"),  # a lone accent would sit on the quote mark around it
        ("caf\u00e9 \u00a0ok", "caf\u00e9 \u00a0ok"),  # accents and non-breaking spaces are text
        (True, "true"),
        (38, "38"),
        (2.5, "2.5"),
        (None, "NoneType"),
    ],
)
def test_safe_repr_escapes_what_could_forge_or_hide(value, shown):
    assert limits.safe_repr(value) == shown


def test_safe_repr_shortens_long_values_and_says_how_long():
    assert limits.safe_repr("x" * 100, limit=10) == "xxxxxxxxxx… (100 characters)"


def test_safe_repr_never_prints_a_huge_integer():
    assert limits.safe_repr(10**5000) == "a number too long to show"


def test_clean_leaves_ordinary_messages_alone():
    message = "quote not found in doc; closest text in paragraph 2 is “The government” (97% similar)."
    assert limits.clean(message) is message


def test_reserved_ids_are_valid_ids_so_the_rule_is_needed():
    import re

    for reserved in limits.RESERVED_IDS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", reserved)
