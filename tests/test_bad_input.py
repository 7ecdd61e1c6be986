"""Hostile and broken input: each case gives exactly the problems listed in bad_input_cases.py.

Never a traceback, a hang or a file read from outside the project; the matrix doubles as
documentation (`python tests/bad_input_cases.py` prints it as a table).
"""

from __future__ import annotations

import os

import pytest

import bad_input_cases
from annotated_report import limits
from bad_input_cases import CASES, Case, claim, entry, many_on_one_paragraph, run
from helpers import build, make_project


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_gives_exactly_these_problems(case: Case, tmp_path):
    problems, published, left_out = run(case, tmp_path)
    assert problems == case.problems
    assert published == case.published
    assert left_out == case.left_out


def test_no_message_carries_a_raw_control_character(tmp_path):
    for case in CASES:
        for problem in case.problems:
            assert problem.isprintable(), (case.name, problem)


def test_five_thousand_annotations_on_one_paragraph_publish_the_first_hundred(tmp_path):
    case = Case("many", {"annotations/a.yml": many_on_one_paragraph(5000)}, [])
    problems, published, left_out = run(case, tmp_path)
    assert problems == [
        "annotations/a.yml:303: a100: paragraph 1 of doc has 5,000 annotations; the limit is 100, so this one and the 4,899 after it "
        "were left out. Merge annotations that say the same thing, or annotate the passage once."
    ]
    assert published == [f"a{i}" for i in range(limits.MAX_ANNOTATIONS_PER_PARAGRAPH)]
    assert left_out == [f"a{i} (annotations/a.yml:{3 + 3 * i})" for i in range(100, 5000)]


def test_a_large_note_reused_by_aliases_is_refused_once_per_annotation(tmp_path):
    note = "y" * 1_000_000
    body = "  - id: a0\n    type: claim\n    quote: word alpha\n    note: &n " + note + "\n"
    body += "".join(f"  - id: a{i}\n    type: claim\n    quote: word alpha\n    note: *n\n" for i in range(1, 200))
    problems, published, left_out = run(Case("aliases", {"annotations/a.yml": entry(body)}, []), tmp_path)
    message = "'note' is 1,000,000 characters long; the limit is 20,000. Shorten it; long explanations belong in a linked source."
    assert problems == [f"annotations/a.yml:{6 + 4 * i}: a{i}: {message}" for i in range(200)]
    assert published == []
    assert len(left_out) == 200


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
    # The cache hashes the input folders on every rebuild: a link out of the project is noticed
    # (its target's size and time) but its content is never read.
    from pathlib import Path

    from annotated_report.publish import input_fingerprint as files_fingerprint

    outside = tmp_path / "outside.txt"
    outside.write_text("secret\n", encoding="utf-8")
    seeds = tmp_path / "project" / "seeds"
    seeds.mkdir(parents=True)
    (seeds / "own.txt").write_text("own text\n", encoding="utf-8")
    os.symlink(outside, seeds / "linked.txt")
    read: list[Path] = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or original(self))
    before = files_fingerprint([seeds])
    assert read == [seeds / "own.txt"]
    outside.write_text("secret, changed and longer\n", encoding="utf-8")
    assert files_fingerprint([seeds]) != before
