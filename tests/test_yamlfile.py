"""yamlfile: YAML with the line of every key and list item, duplicate keys, syntax hints."""

from __future__ import annotations

import textwrap

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from annotated_report import yamlfile
from annotated_report.yamlfile import LocatedDict, LocatedList, line_at, parse, syntax_hint

SAMPLE = textwrap.dedent(
    """\
    # a comment on line 1
    document: cambodia-2022-prosecution
    annotations:
      - id: convictions-2021
        type: statistic
        quote: >-
          The government convicted
          38 traffickers
        topics:
          - prosecutions
          - convictions
        sources:
          - title: TIP report
            url: https://example.org/
      - {id: flow-entry, type: claim, quote: "flow style", topics: [a, b]}

      - id: third
        type: caveat
    """
)


@pytest.fixture(scope="module")
def sample():
    data, duplicates = parse(SAMPLE)
    assert duplicates == []
    return data


def test_parse_returns_plain_values_with_locations(sample):
    assert isinstance(sample, LocatedDict)
    assert isinstance(sample["annotations"], LocatedList)
    assert sample["annotations"][0]["quote"] == "The government convicted 38 traffickers"
    assert sample["annotations"][1]["topics"] == ["a", "b"]
    assert sample.line == 2  # the mapping starts at its first key, after the comment


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ((), 2),
        (("document",), 2),
        (("annotations",), 3),
        (("annotations", 0), 4),
        (("annotations", 0, "id"), 4),
        (("annotations", 0, "type"), 5),
        (("annotations", 0, "quote"), 6),
        (("annotations", 0, "topics"), 9),
        (("annotations", 0, "topics", 0), 10),
        (("annotations", 0, "topics", 1), 11),
        (("annotations", 0, "sources", 0), 13),
        (("annotations", 0, "sources", 0, "url"), 14),
        (("annotations", 1), 15),
        (("annotations", 1, "topics", 1), 15),
        (("annotations", 2), 17),
        (("annotations", 2, "type"), 18),
    ],
)
def test_line_at_keys_and_list_items(sample, path, line):
    assert line_at(sample, path) == line


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("annotations", 7), 3),  # no such item: the list's key
        (("annotations", 0, "note"), 4),  # no such key: the entry
        (("annotations", 0, "topics", 9), 9),
        (("missing", "deeper"), 2),
        (("document", 0), 2),  # a step into a scalar stops there
        (("annotations", "id"), 3),  # a string step into a list stops there
    ],
)
def test_line_at_falls_back_to_the_deepest_node_that_exists(sample, path, line):
    assert line_at(sample, path) == line


def test_line_at_on_plain_values_is_none():
    assert line_at({"a": 1}, ("a",)) is None
    assert line_at("text", ()) is None


def test_duplicate_keys_are_reported_with_both_lines_and_the_second_value_kept():
    text = textwrap.dedent(
        """\
        document: x
        annotations:
          - id: one
            note: first
            type: claim
            note: second
          - id: two
            note: only once
        document: y
        """
    )
    data, duplicates = parse(text)
    assert [(d.key, d.first_line, d.line) for d in duplicates] == [("note", 4, 6), ("document", 1, 9)]
    assert data["annotations"][0]["note"] == "second"
    assert data["document"] == "y"


def test_same_key_in_different_entries_is_not_a_duplicate():
    _, duplicates = parse("items:\n  - id: a\n  - id: b\n  - {id: c}\n")
    assert duplicates == []


def test_merge_key_override_is_not_a_duplicate():
    # YAML's merge key: keys written in the mapping itself override merged ones. That is
    # the purpose of `<<`, not a mistake, so nothing should be reported.
    text = textwrap.dedent(
        """\
        defaults: &defaults
          type: claim
          topics: [prosecutions]
        entry:
          <<: *defaults
          type: caveat
        """
    )
    data, duplicates = parse(text)
    assert data["entry"] == {"type": "caveat", "topics": ["prosecutions"]}
    assert duplicates == []


def test_non_string_keys_become_strings():
    data, _ = parse("2021: a year\ntrue: yes\n")
    assert data == {"2021": "a year", "True": True}
    assert data.key_lines == {"2021": 1, "True": 2}


def test_empty_text_is_none():
    assert parse("") == (None, [])
    assert parse("# only a comment\n") == (None, [])


@pytest.mark.parametrize(
    "text",
    [
        'quote: "never closed\nnote: x\n',
        "quote: the report says: this\n",
        "annotations:\n  - id: a\n    type: claim\n   - id: b\n",
        "a:\n\tb: 1\n",
        "x: [a, b\ny: 1\n",
        "one: 1\n---\ntwo: 2\n",  # two documents in one file
    ],
)
def test_syntax_errors_raise_yaml_error(text):
    with pytest.raises(yaml.YAMLError):
        parse(text)


def _error(text: str) -> yaml.YAMLError:
    with pytest.raises(yaml.YAMLError) as caught:
        parse(text)
    return caught.value


def test_syntax_error_has_a_position():
    error = _error("document: x\nannotations:\n  - id: a\n    quote: the report says: this\n")
    assert error.problem_mark.line + 1 == 4


def test_hint_for_a_colon_in_an_unquoted_value():
    hint = syntax_hint(_error("quote: the report says: this\n"))
    assert "quotes" in hint
    assert ": " in hint


@pytest.mark.parametrize(
    "text",
    [
        "annotations:\n  - id: a\n\t  type: claim\n",  # a tab after a value: "found a tab character"
        "a:\n\tb: 1\n",  # a line indented with a tab: "found character that cannot start any token"
    ],
)
def test_hint_for_tabs(text):
    assert "tabs" in syntax_hint(_error(text))


def test_hint_for_an_unclosed_quote():
    assert "not closed" in syntax_hint(_error('quote: "never closed\nnote: x\n'))


def test_hint_for_list_indentation():
    hint = syntax_hint(_error("annotations:\n  - id: a\n    type: claim\n   - id: b\n"))
    assert "indentation" in hint


def test_hint_for_markdown_emphasis_read_as_an_alias():
    # `note: *emphasis*` is Markdown to an editor and an alias to YAML; the hint exists
    # for exactly this case (its own example is note: "*emphasis*").
    hint = syntax_hint(_error("note: *emphasis* matters\n"))
    assert "quote" in hint.lower() and "*" in hint


def test_hint_for_an_undefined_alias():
    assert "*" in syntax_hint(_error("note: *emphasis\n"))


# --- limits: refused before anything is built ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("x: &a [*a]\n", 1, "an alias refers to the value that contains it."),
        ("x: " + "[" * 60 + "]" * 60 + "\n", 1, "lists and mappings are nested more than 50 deep."),
        ("a: 1\nb: " + "7" * 31 + "\n", 2, "a number of 31 digits is too long (the limit is 30)."),
        ("a: 1\nb: .inf\n", 2, ".inf is not a finite number (numbers above about 1e308, .nan and .inf are refused)."),
        ("a: 1.5e+400\n", 1, "1.5e+400 is not a finite number (numbers above about 1e308, .nan and .inf are refused)."),
    ],
)
def test_refused_values_raise_with_line_and_message(text, line, message):
    with pytest.raises(yamlfile.Refused) as raised:
        yamlfile.parse(text)
    assert (raised.value.line, raised.value.message) == (line, message)


def test_an_alias_bomb_is_refused_without_expanding_it():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for name, previous in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")  # 10^9 values if expanded
    with pytest.raises(yamlfile.Refused) as raised:
        yamlfile.parse("\n".join(lines))
    assert raised.value.message == "this value expands to more than 200,000 values (through aliases such as *name)."


def test_shared_aliases_within_the_limit_are_fine():
    data, _ = yamlfile.parse("a: &a {x: 1}\nb: [*a, *a, *a]\n")
    assert data["b"] == [{"x": 1}] * 3
    assert yamlfile.parse("n: 12345678901234567890\nf: 1.5e+300\n")[0] == {"n": 12345678901234567890, "f": 1.5e300}


def test_deep_nesting_is_refused_at_the_line_where_it_passes_the_limit():
    nested = "".join("  " * depth + f"k{depth}:\n" for depth in range(60)) + "  " * 60 + "leaf\n"
    with pytest.raises(yamlfile.Refused) as raised:
        yamlfile.parse(nested)
    assert (raised.value.line, raised.value.message) == (50, "lists and mappings are nested more than 50 deep.")
    deepest_allowed = "".join("  " * depth + f"k{depth}:\n" for depth in range(49)) + "  " * 49 + "leaf\n"  # 50 levels with the leaf
    assert yamlfile.parse(deepest_allowed)[0] is not None


def test_an_alias_that_makes_a_value_too_deep_is_refused():
    deep = "[" * 30 + "]" * 30
    with pytest.raises(yamlfile.Refused, match="nested more than 50 deep"):
        yamlfile.parse(f"a: &a {deep}\nb: {'[' * 25}*a{']' * 25}\n")


def test_merge_keys_and_rare_tags_are_read_as_pyyaml_reads_them():
    import datetime

    text = "base: &b {x: 1, y: [2]}\nmore: &m {z: 3}\nentry:\n  <<: [*b, *m]\n  x: 9\n= : equals\nday: 2021-01-01\nset: !!set {p, q}\npairs: !!omap [k: 1]\n"
    data, duplicates = parse(text)
    assert data == yaml.load(text, Loader=yaml.SafeLoader)
    assert duplicates == []
    assert data["entry"] == {"x": 9, "y": [2], "z": 3} and data["entry"].key_lines["x"] == 5
    assert data["day"] == datetime.date(2021, 1, 1) and data["set"] == {"p", "q"}
    with pytest.raises(yaml.YAMLError, match="could not determine a constructor"):
        parse("a: !python/object:os.system x\n")


SCALARS = st.one_of(
    st.text(max_size=12), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none(),
    st.sampled_from(["yes", "No", "~", "0x1F", "0o17", "1_000", "190:20:30", "1e5", ".5", "2021-01-01x", "<<", "=", "*x", "&y", "!z"]),
)
TREES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)), max_leaves=25)


@given(TREES, st.booleans())
def test_values_equal_pyyamls_for_any_dumped_data(tree, flow):
    text = yaml.safe_dump({"root": tree}, default_flow_style=flow, allow_unicode=True)
    data, duplicates = parse(text)
    assert data == yaml.load(text, Loader=yaml.SafeLoader)
    assert duplicates == []
