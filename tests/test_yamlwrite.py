"""yamlwrite: the one writer of editors' files changes only the characters it means to.

Unit tests for quoting, ids and notes; property tests (Hypothesis) that `new` and
`check --fix` on generated annotation files (comments, anchors and aliases, CRLF and mixed
line endings, a BOM, flow style, every quoting style) keep every other byte.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotated_report import stubs, yamlwrite
from annotated_report.yamlwrite import EditorFile, WriteRefused, locate, note_block, plain_id, quoted

# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "null", "true", "false", "y", "n", "Yes", "NULL", "~", "12", "0x1f", "2021-01-01", "1_000"])
def test_ids_that_yaml_reads_as_something_else_are_quoted(word):
    assert plain_id(word) == f'"{word}"'
    assert yaml.safe_load(f"id: {plain_id(word)}") == {"id": word}


@pytest.mark.parametrize("word", ["convictions-2021", "64-cases", "a", "1-2", "people-s-republic-china"])
def test_ordinary_ids_stay_plain(word):
    assert plain_id(word) == word
    assert yaml.safe_load(f"id: {word}") == {"id": word}


@given(st.text())
def test_any_text_is_quoted_so_that_yaml_reads_it_back(text):
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        with pytest.raises(WriteRefused):
            quoted(text)
        return
    written = quoted(text)
    assert "\n" not in written and "\r" not in written
    assert yaml.load(f"k: {written}\n", Loader=yaml.CSafeLoader) == {"k": text}


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_a_note_reads_back_whatever_style_it_is_written_in(text):
    written = note_block(text, "      ")
    assert yaml.safe_load(f"    note: {written}\n") == {"note": text}


def test_a_note_of_several_lines_is_a_literal_block():
    assert note_block("One.\n\nTwo, *emphasis*: # not a comment\n", "      ") == "|\n      One.\n\n      Two, *emphasis*: # not a comment"
    assert note_block("One line.", "  ") == '"One line."'


@pytest.mark.parametrize(("text", "what"), [
    ("a\x7fb", "a control character (U+007F) at position 2"),
    ("a\x9bb", "a control character (U+009B) at position 2"),
    ("a\x00", "a control character (U+0000) at position 2"),
    ("\ufffe", "a non-character (U+FFFE) at position 1"),
    ("\uffff", "a non-character (U+FFFF) at position 1"),
    ("x\udcff", "a byte that is not UTF-8 (U+DCFF) at position 2"),
    ("ab\u202ec\x7f", "an invisible character (U+202E) at position 3"),  # what the schema refuses in text, too
    ("\u200b", "an invisible character (U+200B) at position 1"),
    ("a\u2028b", "an invisible character (U+2028) at position 2"),
])
def test_values_with_control_characters_are_refused_with_what_and_where(text, what):
    with pytest.raises(WriteRefused, match=re.escape(f"--quote contains {what}; remove it")):
        yamlwrite.check_value("--quote", text)
    yamlwrite.check_value("--quote", "tab\tand\nnewline are fine, and so are a soft\u00adhyphen and emoji joiners \u200d")


def test_an_alias_is_a_node_where_it_is_written_and_an_anchor_stays_outside_the_value():
    text = "a:\r\n  - &x {k: 1}\r\n  - *x\r\nb: &q \"v\"\r\n"
    root = locate(text, "f.yml")
    items = root.get("a")[1].children
    assert [text[n.start : n.end] for n in items] == ["&x {k: 1}", "*x"]
    value = root.get("b")[1]
    assert text[value.value_start : value.end] == '"v"' and value.anchor == "q"


# --- files ------------------------------------------------------------------------------------


def test_a_read_only_file_is_refused_before_anything_is_read(tmp_path):
    path = tmp_path / "a.yml"
    path.write_text("document: d\n")
    path.chmod(0o444)
    with pytest.raises(WriteRefused, match=r"^a.yml: the file is read-only; make it writable \(chmod u\+w\)"):
        EditorFile.read(path, "a.yml")


def test_links_and_files_that_are_not_utf8_are_refused(tmp_path):
    (tmp_path / "bytes.yml").write_bytes(b"document: \xff\n")
    with pytest.raises(WriteRefused, match="not UTF-8 \\(byte 10\\)"):
        EditorFile.read(tmp_path / "bytes.yml", "bytes.yml")
    (tmp_path / "link.yml").symlink_to(tmp_path / "bytes.yml")
    with pytest.raises(WriteRefused, match="is a symbolic link"):
        EditorFile.read(tmp_path / "link.yml", "link.yml")
    os.link(tmp_path / "bytes.yml", tmp_path / "hard.yml")
    with pytest.raises(WriteRefused, match="has other hard links"):
        EditorFile.read(tmp_path / "hard.yml", "hard.yml")


def test_a_result_that_does_not_read_back_as_intended_is_not_written(tmp_path):
    path = tmp_path / "a.yml"
    original = b"\xef\xbb\xbfdocument: d\r\nannotations:\r\n  - {id: a, type: claim, quote: x}\r\n"
    path.write_bytes(original)
    file = EditorFile.read(path, "a.yml")
    expected = yamlwrite.expect_appended(yamlwrite.data_of(file.text, "a.yml"), "d", "annotations", [])
    with pytest.raises(WriteRefused, match=r"^a\.yml: not written: the file would not hold the intended entries"):
        file.commit(file.text + "  - {id: b, type: claim, quote: y}\r\n", expected)
    assert path.read_bytes() == original


def test_what_reads_back_wrong_after_writing_is_restored_byte_for_byte(tmp_path, monkeypatch):
    """The check after writing (another program, a full disk): the original bytes come back."""
    path = tmp_path / "a.yml"
    original = b"document: d\r\nannotations:\r\n  - {id: a, type: claim, quote: x}  # kept\r\n"
    path.write_bytes(original)
    answers = iter([None, "the disk returned something else"])
    monkeypatch.setattr(yamlwrite, "_mismatch", lambda data, expected: next(answers))
    with pytest.raises(WriteRefused, match=r"^a\.yml: not written: the disk returned something else; the original was restored\.$"):
        stubs.append_to_file(path, "a.yml", "d", [{"id": "b", "type": "claim", "quote": "y"}])
    assert path.read_bytes() == original


# --- properties: every other byte is kept -------------------------------------------------------

_WORDS = st.sampled_from(["alpha", "beta words", "the report's text", "38 traffickers", "a: colon", "# hash", "Yes", "dash - here"])


@st.composite
def annotation_files(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    """An annotation file as editors write them: comments, blank lines, anchors and aliases,
    flow and block entries, every quoting style, any line endings, maybe a BOM. Returns the
    bytes and the ids of the entries whose quote is on a line of its own (fixable)."""
    newline = draw(st.sampled_from(["\n", "\r\n", "mixed"]))
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append("# yaml-language-server: $schema=whatever")
    lines += ["document: doc" + draw(st.sampled_from(["", "   # the text"])), "annotations:"]
    dash = draw(st.sampled_from(["  ", "    ", ""]))
    anchors: list[str] = []
    fixable: list[str] = []
    for number in range(draw(st.integers(1, 4))):
        identifier = f"entry-{number}"
        word = draw(_WORDS)
        style = draw(st.sampled_from(["plain", "single", "double", "anchored", "flow"]))
        if number and draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", f"{dash}  # between entries"])))
        if style == "flow":
            lines.append(f"{dash}- {{id: {identifier}, type: claim, quote: \"{word}\"}}")
            fixable.append(identifier)
            continue
        single = "'" + word.replace("'", "''") + "'"
        quote = {"plain": word if ":" not in word and "#" not in word else single, "single": single, "double": f'"{word}"',
                 "anchored": f"&q{number} \"{word}\""}[style]
        if style == "anchored":
            anchors.append(f"q{number}")
        lines += [f"{dash}- id: {identifier}" + draw(st.sampled_from(["", "  # a comment"])), f"{dash}  type: claim", f"{dash}  quote: {quote}"]
        fixable.append(identifier)
        extra = draw(st.sampled_from(["none", "topics-flow", "topics-block", "note", "alias"]))
        if extra == "topics-flow":
            lines.append(f"{dash}  topics: &t{number} [prosecutions]")
        elif extra == "topics-block":
            lines += [f"{dash}  topics:", f"{dash}    - prosecutions"]
        elif extra == "note":
            lines += [f"{dash}  note: |", f"{dash}    First line.", "", f"{dash}    Second: line # kept"]
        elif extra == "alias" and anchors:
            lines += [f"{dash}  attributed_to:", f"{dash}    *{draw(st.sampled_from(anchors))}"]
    if draw(st.booleans()):
        lines.append("# the end")
    endings = [draw(st.sampled_from(["\n", "\r\n"])) if newline == "mixed" else newline for _ in lines]
    text = "".join(line + ending for line, ending in zip(lines, endings, strict=True))
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no newline at the end
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + text).encode("utf-8"), fixable


def _one_insertion(before: bytes, after: bytes) -> bytes:
    """The bytes inserted, asserting `after` is `before` with one run of bytes inserted."""
    prefix = 0
    while prefix < len(before) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = len(before) - prefix
    assert after[len(after) - suffix :] == before[prefix:], "bytes after the insertion changed"
    return after[prefix : len(after) - suffix]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(annotation_files(), st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30))
def test_new_inserts_one_entry_and_keeps_every_other_byte(tmp_path, file, quote):
    before, _ = file
    path = tmp_path / "a.yml"
    path.write_bytes(before)
    try:
        stubs.append_to_file(path, "a.yml", "doc", [{"id": "new-one", "type": "claim", "quote": quote}])
    except WriteRefused as error:  # only for what cannot be edited safely, and then untouched
        assert path.read_bytes() == before, error
        assert "ends with a block value" in str(error) and not before.endswith(b"\n"), error
        return
    after = path.read_bytes()
    inserted = _one_insertion(before, after)
    crlf_file = b"\r\n" in before and b"\n" not in before.replace(b"\r\n", b"")
    if crlf_file:  # a CRLF file stays CRLF
        assert b"\n" not in inserted.replace(b"\r\n", b"")
    elif b"\r\n" not in before:
        assert b"\r" not in inserted
    data = yaml.load(after.decode("utf-8-sig"), Loader=yaml.CSafeLoader)
    assert data["annotations"][-1] == {"id": "new-one", "type": "claim", "quote": quote}
    assert after.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(annotation_files(), st.data())
def test_check_fix_replaces_only_the_quote_and_keeps_every_other_byte(tmp_path, file, data):
    before, fixable = file
    identifier = data.draw(st.sampled_from(fixable))
    new_quote = data.draw(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30))
    path = tmp_path / "a.yml"
    path.write_bytes(before)
    text = before.decode("utf-8").removeprefix("\ufeff")
    entry = next(n for n in stubs.entry_nodes(locate(text, "a.yml")) if n.get("id")[1].value == identifier)
    quote = entry.get("quote")[1]
    stubs.set_fields_in_file(path, "a.yml", identifier, {"quote": new_quote})
    after = path.read_bytes()
    offset = len(before) - len(text.encode("utf-8"))  # the BOM
    start = offset + len(text[: quote.value_start].encode("utf-8"))
    end = offset + len(text[: quote.end].encode("utf-8"))
    assert after[:start] == before[:start] and after[len(after) - (len(before) - end) :] == before[end:]
    assert after[start : len(after) - (len(before) - end)] == quoted(new_quote).encode("utf-8")
    read = yaml.load(after.decode("utf-8-sig"), Loader=yaml.CSafeLoader)
    assert next(e for e in read["annotations"] if e["id"] == identifier)["quote"] == new_quote


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(annotation_files(), st.data())
def test_check_fix_adding_a_suffix_inserts_one_line_after_the_quote(tmp_path, file, data):
    """When the new quote needs context, `--fix` also adds `suffix:` on the line after the
    quote, at the quote's indentation and in its line's ending; an inline entry is refused."""
    before, fixable = file
    identifier = data.draw(st.sampled_from(fixable))
    path = tmp_path / "a.yml"
    path.write_bytes(before)
    text = before.decode("utf-8").removeprefix("\ufeff")
    entry = next(n for n in stubs.entry_nodes(locate(text, "a.yml")) if n.get("id")[1].value == identifier)
    key, quote = entry.get("quote")
    values = {"quote": "new words", "suffix": "after them"}
    if entry.flow:
        with pytest.raises(WriteRefused, match="is written inline"):
            stubs.set_fields_in_file(path, "a.yml", identifier, values)
        assert path.read_bytes() == before
        return
    stubs.set_fields_in_file(path, "a.yml", identifier, values)
    line_end = text.find("\n", quote.end)
    next_line = len(text) if line_end == -1 else line_end + 1
    ending = yamlwrite.line_ending_before(text, next_line)
    indent = " " * (key.start - (text.rfind("\n", 0, key.start) + 1))
    lead = "" if text[:next_line].endswith("\n") else ending
    expected = (text[: quote.value_start] + '"new words"' + text[quote.end : next_line] + lead
                + f'{indent}suffix: "after them"{ending}' + text[next_line:])
    assert path.read_bytes() == (before[: len(before) - len(text.encode())] + expected.encode())


def test_the_cases_of_issue_19_by_hand(tmp_path):
    """An alias on its own line ends the last entry: the new one goes after it, not inside it."""
    path = tmp_path / "a.yml"
    text = "document: doc\nannotations:\n  - id: a\n    quote: x\n    topics: &t\n      - p\n  - id: b\n    quote: y\n    topics:\n      *t\n"
    path.write_text(text)
    stubs.append_to_file(path, "a.yml", "doc", [{"id": "yes", "type": "claim", "quote": "z"}])
    assert path.read_text() == text + '  - id: "yes"\n    type: claim\n    quote: "z"\n'


def test_new_entries_in_a_crlf_file_with_a_bom_are_crlf(tmp_path):
    path = tmp_path / "a.yml"
    path.write_bytes(b"\xef\xbb\xbfdocument: doc\r\nannotations:\r\n  - id: a\r\n    quote: x\r\n")
    stubs.append_to_file(path, "a.yml", "doc", [{"id": "b", "type": "claim", "quote": "y"}])
    assert path.read_bytes() == b'\xef\xbb\xbfdocument: doc\r\nannotations:\r\n  - id: a\r\n    quote: x\r\n  - id: b\r\n    type: claim\r\n    quote: "y"\r\n'


def test_an_empty_or_missing_file_gets_a_whole_new_document(tmp_path):
    path = tmp_path / "sub" / "new.yml"
    stubs.append_to_file(path, "new.yml", "doc", [{"id": "a", "type": "claim", "quote": "x"}])
    assert path.read_text() == 'document: doc\nannotations:\n  - id: a\n    type: claim\n    quote: "x"\n'


def test_a_file_that_cannot_be_read_or_written_is_a_message_and_left_as_it_was(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(WriteRefused, match=r"^x.yml: cannot read the file \(Not a directory\)\.$"):
        stubs.append_to_file(blocker / "x.yml", "x.yml", "doc", [{"id": "a", "type": "claim", "quote": "x"}])
    path = tmp_path / "a.yml"
    original = b"document: doc\nannotations:\n  - {id: a, type: claim, quote: x}\n"
    path.write_bytes(original)

    opened = Path.open

    def full_disk(self, mode="r", *args, **kwargs):
        if "+" in mode or "x" in mode or "w" in mode:
            raise OSError(28, "No space left on device")
        return opened(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", full_disk)
    with pytest.raises(WriteRefused, match=r"^a.yml: cannot write the file \(No space left on device\); it was left as it was\.$"):
        stubs.append_to_file(path, "a.yml", "doc", [{"id": "b", "type": "claim", "quote": "y"}])
    monkeypatch.undo()
    assert path.read_bytes() == original
