"""Writing into editors' YAML: only the intended characters change, or a clear refusal."""

from __future__ import annotations

import pytest

from annotated_report.stubs import StubError, append_entry, fresh_id, set_fields

ENTRY = {"id": "new-one", "type": "claim", "quote": 'say "hi": now # not a comment'}
ADDED = '  - id: new-one\n    type: claim\n    quote: "say \\"hi\\": now # not a comment"\n'


def test_append_keeps_every_byte_and_follows_the_file_s_indentation():
    text = "# top\ndocument: d   # the text\nannotations:\n    - id: a   # four-space list\n      type: claim\n      quote: x\n# the end\n"
    result = append_entry(text, "d", ENTRY)
    insert = text.index("# the end")
    assert result == text[:insert] + ADDED.replace("  - ", "    - ").replace("\n    ", "\n      ") + text[insert:]


def test_append_to_a_file_without_annotations_or_an_empty_file():
    assert append_entry("", "d", ENTRY) == "document: d\nannotations:\n" + ADDED
    topics_only = "document: d\nnot_statistics:\n  - {quote: two-star, reason: a rank}\n"
    assert append_entry(topics_only, "d", ENTRY) == topics_only + "annotations:\n" + ADDED


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("document: d\nannotations: []\n", "`annotations:` is empty or written inline"),
        ("document: d\nannotations: [{id: a, type: claim, quote: x}]\n", "written inline"),
        ("document: d\nannotations:\n  - id: a\n   type: claim\n", "the file is not valid YAML"),
        ("document: other\nannotations:\n  - {id: a, type: claim, quote: x}\n", "the file is for document 'other', not 'd'"),
        ("- just\n- a list\n", "not a mapping"),
    ],
)
def test_append_refuses_what_it_cannot_edit_safely(text, message):
    with pytest.raises(StubError, match=message):
        append_entry(text, "d", ENTRY)


def test_set_fields_replaces_adds_and_removes_single_fields():
    text = "annotations:\n  - id: a\n    quote: 'old words'   # keep\n    prefix: stale\n    note: |\n      Kept.\n  - id: b\n    quote: other\n"
    result = set_fields(text, "a", {"quote": "new words", "prefix": None, "suffix": "after"})
    expected = "annotations:\n  - id: a\n    quote: \"new words\"   # keep\n    suffix: \"after\"\n    note: |\n      Kept.\n"
    assert result == expected + "  - id: b\n    quote: other\n"
    with pytest.raises(StubError, match="no annotation 'zzz'"):
        set_fields(text, "zzz", {"quote": "x"})


def test_fresh_ids_skip_common_words_and_taken_ids():
    assert fresh_id("The government convicted 38 traffickers", set()) == "government-convicted-38-traffickers"
    assert fresh_id("The government convicted 38 traffickers", {"government-convicted-38-traffickers"}) == "government-convicted-38-traffickers-2"
    assert fresh_id("People\u2019s Republic of China", set()) == "people-s-republic-china"
    assert fresh_id("\u2014", set()) == "annotation"
    assert fresh_id("Top", set()) == "top-2" and fresh_id("the search", set()) == "search-2"  # the pages' own anchors


def test_placeholders_render_empty_with_their_reason_and_are_found_by_line():
    from annotated_report.rules import RuleSettings
    from annotated_report.stubs import entry_text, parse_value, placeholder_lines, rule_placeholders, stub_fields

    needed = rule_placeholders("statistic", RuleSettings(), cue="according to")
    assert set(needed) == {"unit", "attributed_to"}
    assert rule_placeholders("statistic", RuleSettings(statistics_have_units=False, attribution_cues=False), cue="according to") == {}
    fields = stub_fields("a", "statistic", "38 traffickers", given={"unit": "traffickers", "year": None}, placeholders=needed)
    text = "document: d\nannotations:\n" + entry_text(fields)
    assert text.splitlines()[5:] == [
        "    value: 38",
        '    unit: "traffickers"',
        '    attributed_to:  # required (rule attribution_cues; the text says "according to"): who says it, e.g. "NGOs"',
    ]
    assert placeholder_lines(text, "a") == {"attributed_to": 8}
    assert parse_value("12,814") == 12814 and parse_value("0.5") == 0.5 and parse_value("7\u201315") == {"min": 7, "max": 15}
    for bad in ("", "nan", "inf", "1e999", "7-", "x"):
        with pytest.raises(ValueError):
            parse_value(bad)
