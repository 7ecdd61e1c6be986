"""Hostile and broken input: each case gives exactly the problems listed in bad_input_cases.py.

Never a traceback, a hang or a file read from outside the project; the matrix doubles as
documentation (`python tests/bad_input_cases.py` prints it as a table).
"""

from __future__ import annotations

import pytest

from annotated_report import limits
from bad_input_cases import CASES, Case, claim, entry, many_on_one_paragraph, run


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
