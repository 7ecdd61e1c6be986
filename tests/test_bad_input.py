"""Hostile and broken input: each case makes `annotated-report check` (and, for configuration and
links, a strict MkDocs build) print exactly the problems listed in bad_input_cases.py.

Never a traceback, a hang, a file read from outside the project (the kernel reports every open
there: tests/canary.py) or written outside site/; the matrix doubles as documentation
(`python tests/bad_input_cases.py` prints it as a table).
"""

from __future__ import annotations

import os
import re

import pytest

import bad_input_cases
from annotated_report import limits
from bad_input_cases import CASES, CONFIG_CASES, Case, ConfigCase, claim, entry, many_on_one_paragraph, run, run_config
from helpers import build, make_project


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_check_prints_exactly_these_problems(case: Case, tmp_path):
    printed = run(case, tmp_path)
    assert printed.problems == case.problems
    assert printed.published == len(case.published)
    assert printed.left_out == case.left_out
    assert printed.exit_code == (1 if case.problems else 0)
    assert printed.opened_outside == []  # not a file, not a folder: links out are refused unopened
    for line in printed.output.splitlines():  # no forged line, no terminal escape code
        assert line.isprintable(), line


def test_five_thousand_annotations_on_one_paragraph_publish_the_first_hundred(tmp_path):
    case = Case("many", {"annotations/a.yml": many_on_one_paragraph(5000)}, [])
    printed = run(case, tmp_path)
    assert printed.problems == [
        "annotations/a.yml:303: a100: paragraph 1 of doc has 5,000 annotations; the limit is 100, so this one and the 4,899 after it "
        "were left out. Merge annotations that say the same thing, or annotate the passage once."
    ]
    assert printed.published == limits.MAX_ANNOTATIONS_PER_PARAGRAPH
    assert printed.left_out == [f"a{i} (annotations/a.yml:{3 + 3 * i})" for i in range(100, 5000)]


def test_a_large_note_reused_by_aliases_is_refused_once_per_annotation(tmp_path):
    note = "y" * 1_000_000
    body = "  - id: a0\n    type: claim\n    quote: word alpha\n    note: &n " + note + "\n"
    body += "".join(f"  - id: a{i}\n    type: claim\n    quote: word alpha\n    note: *n\n" for i in range(1, 200))
    printed = run(Case("aliases", {"annotations/a.yml": entry(body)}, []), tmp_path)
    message = "'note' is 1,000,000 characters long; the limit is 20,000. Shorten it; long explanations belong in a linked source."
    assert printed.problems == [f"annotations/a.yml:{6 + 4 * i}: a{i}: {message}" for i in range(200)]
    assert printed.published == 0
    assert len(printed.left_out) == 200


#: The value in a message about an option: MkDocs hands the plugin its own spelling of some
#: (`seeds_dir` made absolute, a '/' added to `site_url` and `edit_uri`); `check` shows them as written.
_VALUE = re.compile(r"^(mkdocs\.yml: the option \w+ )\('.*'\)( (?:is|has|leads|contains|overlaps|holds) )", re.M)


def _any_value(text: str) -> str:
    return _VALUE.sub(r"\1(…)\2", text)


@pytest.mark.parametrize("case", CONFIG_CASES, ids=[case.name for case in CONFIG_CASES])
def test_a_hostile_configuration_or_link_is_stopped_by_the_build_and_by_check(case: ConfigCase, tmp_path):
    built = run_config(case, tmp_path)
    if case.refused:  # building is impossible: the build stops with every message, check exits 2 with them
        logged = "annotated-report: mkdocs.yml cannot be built safely:\n" + "\n".join(case.messages)  # as an ERROR
        assert [_any_value(w) for w in built.build_warnings] == [_any_value(logged)]
        assert built.build_error == "Aborted: Aborted with a BuildError!"
        assert built.check_exit == 2
        assert built.check_output == "annotated-report: error: mkdocs.yml cannot be used safely:\n" + "\n".join(case.messages) + "\n"
    else:  # the file is skipped with a warning: a strict build fails, check says it and exits 1
        assert built.build_error == "Aborted: Aborted with a BuildError!"  # the plugin fails a strict build itself
        assert built.build_warnings == [
            *(f"annotated_report: {message}" for message in case.messages),
            f"annotated-report: {len(case.messages)} problem(s) with the annotations; a strict build fails on them (see above).",
        ]
        assert built.check_exit == 1
        assert built.check_output.splitlines()[:-1] == case.messages
    assert built.written_outside_site == []
    assert built.opened_outside == []
    assert not built.published_outside


def test_a_folder_outside_the_project_is_refused(tmp_path):
    from annotated_report.build import build_site

    root = tmp_path / "project"
    outside = tmp_path / "elsewhere"
    (root / "seeds").mkdir(parents=True)
    (outside / "annotations").mkdir(parents=True)
    (outside / "annotations" / "a.yml").write_text(claim(), encoding="utf-8")
    site = build_site(root / "seeds", root / ".." / "elsewhere" / "annotations", root)
    assert [str(p) for p in site.problems] == [
        "../elsewhere/annotations: the annotations folder is outside the project; it was not read. Keep seeds/ and annotations/ inside the project folder."
    ]
    assert site.annotations == ()


def test_a_real_build_of_hostile_files_warns_and_publishes_nothing_from_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("TOP SECRET outside text\n", encoding="utf-8")
    (outside / "secret.yml").write_text("title: TOP SECRET\n", encoding="utf-8")
    root = make_project(tmp_path / "project", {
        "bomb.yml": bad_input_cases.alias_bomb(),
        "nan.yml": "document: cambodia-2022-prosecution\nannotations:\n  - id: x\n    type: statistic\n    quote: 38 traffickers\n    value: .nan\n",
        "deep.yml": "x: " + "[" * 300 + "]" * 300 + "\n",
        "log.yml": 'document: cambodia-2022-prosecution\nannotations:\n  - id: forged\n    type: claim\n'
        '    quote: "no such text\\nINFO    -  Documentation built\\u001b[0m"\n',
    })
    os.symlink(outside / "secret.txt", root / "seeds" / "secret.txt")
    os.symlink(outside / "secret.yml", root / "seeds" / "secret.yml")
    os.symlink(outside, root / "annotations" / "linked")
    result = build(root)
    assert not result.aborted
    assert "seeds/secret.txt: this is a link to" in "\n".join(result.warnings)
    assert any("this value expands to more than 200,000 values" in w for w in result.warnings)
    assert any("lists and mappings are nested more than 50 deep" in w for w in result.warnings)
    assert any(".nan is not a finite number" in w for w in result.warnings)
    for warning in result.warnings:  # no forged log line, no terminal escape code
        assert "\n" not in warning and "\x1b" not in warning, warning
    for path in result.site_dir.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".csv", ".xml", ".txt"}:
            assert "TOP SECRET" not in path.read_text(encoding="utf-8", errors="replace"), path
    assert build(root, strict=True).aborted


def test_the_serve_cache_fingerprint_never_reads_through_a_link(tmp_path, monkeypatch):
    # The session hashes the input folders on every rebuild, through the build's own listing and
    # reading: a link out of the project is a refusal (hashed as such), its target never opened.
    from annotated_report.projectfiles import fingerprint

    outside = tmp_path / "outside.txt"
    outside.write_text("secret\n", encoding="utf-8")
    project = tmp_path / "project"
    seeds = project / "seeds"
    seeds.mkdir(parents=True)
    (seeds / "own.txt").write_text("own text\n", encoding="utf-8")
    os.symlink(outside, seeds / "linked.txt")
    opened: list[str] = []
    original = os.open
    monkeypatch.setattr(os, "open", lambda path, *args, **kw: opened.append(str(path)) or original(path, *args, **kw))
    before = fingerprint([seeds], project)
    assert str(outside) not in opened and not any("outside" in path for path in opened)
    outside.write_text("secret, changed and longer\n", encoding="utf-8")
    assert fingerprint([seeds], project) == before  # what the build never reads cannot change it
    (seeds / "own.txt").write_text("own text, edited\n", encoding="utf-8")
    assert fingerprint([seeds], project) != before
