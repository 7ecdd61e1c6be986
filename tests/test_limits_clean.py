"""`limits.clean` takes a printable text as it is without looking at each character: that is
sound only if `str.isprintable` is False for every unsafe character, checked here for all."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from annotated_report import limits


def test_no_unsafe_character_is_printable():
    assert [hex(c) for c in range(sys.maxunicode + 1) if limits.is_unsafe_char(chr(c)) and chr(c).isprintable()] == []


@given(st.text())
def test_a_clean_text_has_no_unsafe_character_and_a_printable_one_is_kept(text):
    cleaned = limits.clean(text)
    assert not any(limits.is_unsafe_char(char) for char in cleaned)
    if text.isprintable() and not (text and unicodedata.combining(text[0])):
        assert cleaned == text
