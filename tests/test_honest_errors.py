"""One mistake, one problem (issue 10): the cascades an editor met, with their exact messages.

Each test breaks one line of the real project's files in a temporary copy and reads what
`build_site` (and, for the published files, a real MkDocs build) makes of it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotated_report import analysis
from annotated_report.build import build_site
from annotated_report.cli import main as cli_main
from annotated_report.project import settings_from_mkdocs_yml
from helpers import REPO, build, make_project

P = "annotations/cambodia-2022-prosecution"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copytree(REPO / "annotations", tmp_path / "annotations")
    return tmp_path


def edit(root: Path, name: str, line: int, change) -> None:
    path = root / P / name
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = change(lines[line - 1])
    path.write_text("\n".join(lines), encoding="utf-8")


def outcome(root: Path) -> tuple[list[str], tuple[str, ...], set[str]]:
    site = build_site(root / "seeds", root / "annotations", root)
    return [str(p) for p in site.problems], tuple(map(str, site.left_out)), {a.id for a in site.annotations}


def test_the_real_project_has_no_problems(copy):
    problems, left_out, _ = outcome(copy)
    assert problems == [] and left_out == ()


def test_one_line_indented_by_one_space_is_one_yaml_error_and_no_follow_on(copy):
    edit(copy, "paragraph-5.yml", 6, lambda line: " " + line)
    problems, left_out, published = outcome(copy)
    assert problems == [
        f"{P}/paragraph-5.yml:6: this is not valid YAML: mapping values are not allowed in this context. "
        'A value that contains ": " must be in quotes, e.g. quote: "the report says: this".',
    ]
    # The count is right: the three annotations of the broken file, each named.
    assert left_out == (
        f"cases-not-advanced ({P}/paragraph-5.yml:5)",
        f"foreign-suspects-more-likely-convicted ({P}/paragraph-5.yml:20)",
        f"remote-areas-neglected ({P}/paragraph-5.yml:41)",
    )
    # The annotations that merely point into the broken file stay on the site.
    assert {"bribes-for-dismissals", "police-unaware-despite-training", "lacked-equipment"} <= published


def test_a_mistyped_field_is_reported_at_its_own_line(copy):
    edit(copy, "paragraph-2.yml", 310, lambda line: line.replace("statistic", "statistc"))
    problems, left_out, published = outcome(copy)
    assert problems == [
        f"{P}/paragraph-2.yml:310: convictions-2021: 'statistc' is not a valid type. Did you mean 'statistic'? "
        "Use one of: claim, statistic, caveat, allegation."
    ]
    assert left_out == (f"convictions-2021 ({P}/paragraph-2.yml:309)",)
    assert "convictions-2021" not in published


def test_a_value_that_contradicts_its_quote_is_left_out(copy):
    edit(copy, "paragraph-2.yml", 312, lambda line: line.replace("38", "83"))
    problems, left_out, published = outcome(copy)
    assert problems == [
        f"{P}/paragraph-2.yml:312: convictions-2021: value 83 does not match the number in the quote (38). "
        "Make `value` equal the number the report gives (ranges: {min, max})."
    ]
    assert left_out == (f"convictions-2021 ({P}/paragraph-2.yml:309)",)
    assert "convictions-2021" not in published


def test_a_plain_build_publishes_no_contradicted_value_and_a_strict_build_fails(tmp_path):
    stat = """\
        document: cambodia-2022-prosecution
        annotations:
          - id: convictions-wrong
            type: statistic
            quote: "38 traffickers"
            value: 83
        """
    root = make_project(tmp_path, {"s.yml": stat})
    plain = build(root)
    assert not plain.aborted
    assert any("convictions-wrong: value 83 does not match the number in the quote (38)." in w for w in plain.warnings)
    csv_text = (plain.site_dir / "exports" / "statistics.csv").read_text(encoding="utf-8")
    assert "convictions-wrong" not in csv_text and "83" not in csv_text
    assert 'data-annotation="convictions-wrong"' not in plain.page("reports/cambodia-2022-prosecution/")
    assert build(root, strict=True).aborted


def test_a_mistyped_related_id_into_a_file_with_a_yaml_error_is_told_where_the_id_is(copy):
    """Two mistakes, two problems: the typo's "did you mean" finds the id in the broken file and says so."""
    edit(copy, "paragraph-5.yml", 6, lambda line: " " + line)
    edit(copy, "paragraph-6.yml", 104, lambda line: line.replace("foreign-suspects-more-likely-convicted", "foreign-suspect-more-likely-convicted"))
    problems, left_out, _ = outcome(copy)
    assert problems[1] == (
        f"{P}/paragraph-6.yml:104: bribes-for-dismissals: related id 'foreign-suspect-more-likely-convicted' is not an annotation. "
        f"Did you mean 'foreign-suspects-more-likely-convicted'? It is in {P}/paragraph-5.yml, which has a YAML error at line 6. "
        "Use the id of an annotation in any file under annotations/."
    )
    assert len(problems) == 2 and problems[0].startswith(f"{P}/paragraph-5.yml:6: this is not valid YAML")
    assert left_out[-1] == f"bribes-for-dismissals ({P}/paragraph-6.yml:92)" and len(left_out) == 4


def test_a_slip_in_a_big_file_with_every_rule_on_is_one_message_and_one_summary(copy, capsys):
    """Issue 20: a one-space slip in the 38-annotation file gave 43 problems (its references and
    the numbers its statistics covered). Now: the YAML error, and one summary of what it left out."""
    shutil.copyfile(REPO / "mkdocs.yml", copy / "mkdocs.yml")
    edit(copy, "paragraph-2.yml", 6, lambda line: " " + line)
    settings = settings_from_mkdocs_yml(copy / "mkdocs.yml")[0]
    assert settings.numbers_covered
    site = build_site(copy / "seeds", copy / "annotations", copy, rule_settings=settings)
    assert [str(p) for p in site.problems] == [
        f"{P}/paragraph-2.yml:6: this is not valid YAML: mapping values are not allowed in this context. "
        'A value that contains ": " must be in quotes, e.g. quote: "the report says: this".',
    ]
    assert len(site.left_out) == 38
    assert {(e.document, e.file, e.reason, e.unread) for e in site.left_out} == {
        ("cambodia-2022-prosecution", f"{P}/paragraph-2.yml", f"not loaded: {P}/paragraph-2.yml has a YAML error at line 6", True)}
    assert analysis.left_out_labels(site.left_out) == [f"38 annotations in {P}/paragraph-2.yml not loaded because of the error above"]
    assert cli_main(["--root", str(copy), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        str(site.problems[0]),
        f"38 annotation(s) would be left out: 38 annotations in {P}/paragraph-2.yml not loaded because of the error above",
    ]


def test_an_annotation_left_out_carries_its_document_quote_and_reason(copy):
    """What a page needs to mark where a highlight would have been (serve only)."""
    edit(copy, "paragraph-2.yml", 312, lambda line: line.replace("38", "83"))
    site = build_site(copy / "seeds", copy / "annotations", copy)
    (entry,) = site.left_out
    assert (entry.id, entry.document, entry.quote, entry.unread) == ("convictions-2021", "cambodia-2022-prosecution", "38 traffickers", False)
    assert entry.reason == "value 83 does not match the number in the quote (38)."
    assert analysis.left_out_in(site, site.document("cambodia-2022-prosecution")) == [entry]


def test_a_caveat_whose_statistics_are_in_a_broken_file_is_no_second_message(tmp_path):
    """Its links went into the file with the YAML error: that error is the one message, not also
    "this caveat does not say what it qualifies"."""
    statistics = """\
        document: cambodia-2022-prosecution
        annotations:
          - id: convictions-2021
            type: statistic
           quote: "38 traffickers"
            value: 38
            unit: traffickers convicted
        """
    caveat = """\
        document: cambodia-2022-prosecution
        annotations:
          - id: data-incomplete
            type: caveat
            quote: "overall law enforcement data was incomplete"
            related: [convictions-2021]
        """
    root = make_project(tmp_path, {"s.yml": statistics, "c.yml": caveat})
    site = build_site(root / "seeds", root / "annotations", root)
    assert [(p.file, p.line) for p in site.problems] == [("annotations/s.yml", 5)]
    assert site.annotation("data-incomplete").related == ()
    # Once the file is fixed, the same caveat is linked and nothing is reported.
    (root / "annotations" / "s.yml").write_text(
        (root / "annotations" / "s.yml").read_text(encoding="utf-8").replace('   quote: "38', '    quote: "38'), encoding="utf-8")
    fixed = build_site(root / "seeds", root / "annotations", root)
    assert fixed.problems == () and fixed.annotation("data-incomplete").related == ("convictions-2021",)
