"""The commands on hostile or careless input: editors' files kept byte for byte, one-line
messages instead of tracebacks, bounded time, and nothing raw reaching the terminal."""

from __future__ import annotations

import time

import pytest

from annotated_report import analysis, limits
from annotated_report.build import build_site
from annotated_report.cli import _unannotated_numbers, main
from helpers import EDITORIAL_RULES_OFF, make_project

SEED = "First paragraph, with the word alpha and 38 people trafficked. Yes, No, Null and On are words.\n"
ONE = "document: doc\nannotations:\n  - id: a\n    type: claim\n    quote: the word alpha\n"
REVISED = ("document: doc\nannotations:\n  - id: a\n    type: claim\n    quote: &q the word alpha and 38 traffickers\n"
           "  - id: b\n    type: caveat\n    quote: *q\n")


def project(tmp_path, text: str = ONE, seed: str = SEED, **files: str):
    return make_project(tmp_path / "p", {"d.yml": text, **files}, seeds={"doc": seed}, with_cambodia=False, rules=EDITORIAL_RULES_OFF)


def run(root, *args: str) -> int:
    return main(["--root", str(root), *args])


def test_check_fix_keeps_the_anchor_on_the_quote_it_rewrites(tmp_path, capsys):
    root = project(tmp_path, REVISED)
    assert run(root, "check", "--fix") == 0
    err = capsys.readouterr().err
    assert "a: fixed: quote is now" in err and "b: already fixed (its quote is an alias of one fixed above)" in err
    assert (root / "annotations" / "d.yml").read_text() == REVISED.replace(
        "&q the word alpha and 38 traffickers", '&q "the word alpha and 38 people trafficked."')


def test_check_fix_keeps_crlf_and_the_bom(tmp_path, capsys):
    root = project(tmp_path, "\ufeff" + REVISED.replace("\n", "\r\n"))
    assert run(root, "check", "--fix") == 0
    after = (root / "annotations" / "d.yml").read_bytes()
    assert after == ("\ufeff" + REVISED.replace("\n", "\r\n")).replace(
        "&q the word alpha and 38 traffickers", '&q "the word alpha and 38 people trafficked."').encode()


def test_new_after_an_alias_on_its_own_line_goes_after_the_entry(tmp_path, capsys):
    text = ONE + "    topics: &t\n      - prosecutions\n  - id: b\n    type: claim\n    quote: people\n    topics:\n      *t\n"
    root = project(tmp_path, text)
    assert run(root, "new", "--type", "claim", "--quote", "First paragraph") == 0
    assert (root / "annotations" / "d.yml").read_text() == text + '  - id: first-paragraph\n    type: claim\n    quote: "First paragraph"\n'
    assert run(root, "check") == 0


@pytest.mark.parametrize(("char", "what"), [("\x7f", "a control character (U+007F)"), ("\x85", "a control character (U+0085)"),
                                            ("\x9b", "a control character (U+009B)"), ("\ufffe", "a non-character (U+FFFE)")])
def test_new_refuses_control_characters_before_touching_anything(tmp_path, capsys, char, what):
    root = project(tmp_path)
    assert run(root, "new", "--type", "claim", "--quote", f"First{char} paragraph") == 2
    assert capsys.readouterr().err == (
        f"annotated-report: error: --quote contains {what} at position 6;"
        " remove it (control and invisible characters cannot be written into an annotation file).\n")
    assert (root / "annotations" / "d.yml").read_text() == ONE


@pytest.mark.parametrize("word", ["Yes", "No", "Null", "On"])
def test_new_ids_that_yaml_would_read_as_booleans_or_null_are_quoted(tmp_path, capsys, word):
    root = project(tmp_path)
    assert run(root, "new", "--type", "claim", "--quote", word) == 0
    assert f'  - id: "{word.lower()}"\n    type: claim\n    quote: "{word}"\n' in (root / "annotations" / "d.yml").read_text()
    assert run(root, "check") == 0


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_new_keeps_each_line_s_ending_and_the_bom(tmp_path, capsys, ending):
    mixed = "\ufeffdocument: doc\r\nannotations:\n  - id: a\r\n    type: claim\n    quote: the word alpha" + ending
    root = project(tmp_path, mixed)
    assert run(root, "new", "--type", "claim", "--quote", "First paragraph") == 0
    added = '  - id: first-paragraph\n    type: claim\n    quote: "First paragraph"\n'.replace("\n", ending)
    assert (root / "annotations" / "d.yml").read_bytes() == (mixed + added).encode()


def test_new_into_a_read_only_or_broken_file_is_one_line_and_no_change(tmp_path, capsys):
    root = project(tmp_path)
    path = root / "annotations" / "d.yml"
    path.chmod(0o444)
    assert run(root, "new", "--type", "claim", "--quote", "First paragraph") == 1
    assert capsys.readouterr().err == "Error: annotations/d.yml: the file is read-only; make it writable (chmod u+w) or choose another file.\n"
    path.chmod(0o644)
    path.write_text(ONE + "  - id: b\n   type: claim\n")
    assert run(root, "new", "--type", "claim", "--quote", "First paragraph", "--file", str(path)) == 1
    assert "annotations/d.yml: the file is not valid YAML at line 7 (did not find expected '-' indicator)" in capsys.readouterr().err
    assert path.read_text() == ONE + "  - id: b\n   type: claim\n"


def test_find_with_a_query_of_a_megabyte_answers_at_once(tmp_path, capsys):
    root = project(tmp_path)
    began = time.perf_counter()
    assert run(root, "find", *(["alpha", "beta"] * 100_000)) == 2  # 200,000 words: refused before they are parsed
    assert run(root, "find", "alpha beta " * 100_000) == 2  # one long word
    assert time.perf_counter() - began < 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("annotated-report: error: the command line is 1,100,0") and "the limit is 50,000" in err[0]
    assert len(err) == 2 and err[1].startswith("annotated-report: error: the command line is 1,100,0")
    assert run(root, "find", "alpha " * 1_000) == 2
    assert f"the words to find are 6,000 characters; a quote is at most {limits.MAX_FIND_CHARS:,}" in capsys.readouterr().err
    assert run(root, "find", *(["zebra"] * 300)) == 1  # 1,799 characters: found nowhere, too long to look for a close passage
    assert "too long to look for a close passage" in capsys.readouterr().err


ESCAPES = "The \x1b[2J\x1b]0;pwned\x07 alpha word, \u202e and 38 \x9b31m people.\n"


@pytest.mark.parametrize("command", [["find", "alpha", "word"], ["stats"], ["stats", "--format", "json"], ["check"]])
def test_escape_sequences_in_a_seed_never_reach_the_terminal(tmp_path, capsys, command):
    root = project(tmp_path, "document: doc\nannotations:\n  - id: a\n    type: claim\n    quote: \"\\e[2J gone\"\n", seed=ESCAPES)
    run(root, *command)
    out, err = capsys.readouterr()
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in out + err, (command, raw)
    assert "\\u001b" in out + err


def test_fifty_thousand_annotations_are_refused_for_their_number_not_for_aliases(tmp_path, capsys):
    entries = "".join(f"  - {{id: a{n}, type: claim, quote: alpha}}\n" for n in range(50_000))
    root = project(tmp_path, "document: doc\nannotations:\n" + entries)
    assert run(root, "check") == 1
    out = capsys.readouterr().out
    assert f"annotations/d.yml:3: this value holds more than {limits.MAX_YAML_NODES:,} values, the limit for one file." in out
    assert "alias" not in out


def test_glossary_aliases_are_capped_with_a_message(tmp_path, capsys):
    terms = "".join(f"  - term: term{n}\n    definition: d{n}\n    aliases: [{', '.join(f't{n}x{k}' for k in range(90))}]\n" for n in range(200))
    root = project(tmp_path, **{"glossary.yml": "terms:\n" + terms})
    began = time.perf_counter()
    assert run(root, "check") == 1
    assert time.perf_counter() - began < 20
    out = capsys.readouterr().out
    assert (f"annotations/glossary.yml:4: term0: the term has 90 aliases; the limit is {limits.MAX_ALIASES_PER_TERM}, so those after it"
            " were left out (199 more terms in this file have too many too).") in out
    assert out.count("aliases; the limit is 50") == 1 and len(out.splitlines()) == 2
    assert f"the glossary has 10,200 terms and aliases; the limit is {limits.MAX_GLOSSARY_NAMES:,}, so this term and those after it were left out." in out


def _unannotated_reference(site) -> list[tuple[str, str, int | None]]:
    """`stats`' unannotated numbers read plainly: each uncovered number's paragraph looked up
    among all the paragraphs."""
    found = []
    for document in site.documents:
        for token in analysis.uncovered_tokens(site, document):
            paragraph = next((p for p in document.paragraphs if p.start <= token.start < p.end), None)
            found.append((document.slug, token.text, paragraph.number if paragraph else None))
    return found


def test_stats_finds_the_same_unannotated_numbers_as_the_plain_reading(tmp_path):
    seed = "In 2021, 38 of 40 cases; 12 and 7 more.\n\nThen 440, 38 and 94 again; a two-star general and 3 others.\n"
    text = """\
        document: doc
        annotations:
          - {id: s1, type: statistic, quote: "38 of 40 cases", value: 38}
          - {id: s2, type: statistic, quote: "440, 38 and 94", value: 38}
          - {id: s3, type: statistic, quote: "12 and 7", value: 7}
          - {id: c1, type: claim, quote: "3 others"}
        not_statistics:
          - {quote: two-star, reason: a rank}
        """
    root = project(tmp_path, text, seed=seed)
    site = build_site(root / "seeds", root / "annotations", root=root)
    fast = [(n["document"], n["number"], n["paragraph"]) for n in _unannotated_numbers(site)]
    assert fast == _unannotated_reference(site)
    assert [number for _, number, _ in fast] == ["40", "12", "440", "94", "3"]


@pytest.mark.parametrize("target", ["../outside.yml", "seeds/doc.yml", "annotations/notes.txt"])
def test_new_writes_only_annotation_files_inside_the_annotations_folder(tmp_path, capsys, target):
    root = project(tmp_path)
    sidecar = (root / "seeds" / "doc.yml").read_bytes()
    assert run(root, "new", "--type", "claim", "--quote", "First paragraph", "--file", str(root / target)) == 2
    assert "an annotation file is a .yml file inside annotations/; `new` writes nowhere else." in capsys.readouterr().err
    assert not (root.parent / "outside.yml").exists() and not (root / "annotations" / "notes.txt").exists()
    assert (root / "seeds" / "doc.yml").read_bytes() == sidecar
