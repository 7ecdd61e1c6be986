"""Re-anchoring is part of the core: the MkDocs build and `check` say the same thing.

A seed revised under its annotations: a moved quote is a warning and is shown at its new
text; an orphaned quote and a changed figure are errors and are left out. `Site.reanchored`
lists every outcome, so the CLI never matches messages or loads the files a second time.
"""

from __future__ import annotations

import re
import shutil

from annotated_report.build import build_site
from annotated_report.cli import main
from annotated_report.project import settings_from_mkdocs_yml
from helpers import EDITORIAL_RULES_OFF, REPO, build, make_project
from htmltext import parse, report_text, with_attr
from test_reanchor import ANNOTATIONS, ORIGINAL, REVISED

P = "annotations/cambodia-2022-prosecution"

MOVED = (
    "annotations/tiny.yml:6: courts-slow: moved: quote not found in tiny as written; paragraph 1 now reads "
    "“Officials said the courts were too slow to act” (91% similar to the quote “Officials said the courts were slow to act”), "
    "and the annotation is shown there. Run `annotated-report check --fix` to take the text's wording, or edit the quote by hand."
)
CHANGED_FIGURE = (
    "annotations/tiny.yml:22: cases-investigated: changed-figure: quote not found in tiny; the closest passage (paragraph 1) has "
    "119 where the quote has 109: “investigated 119 cases”. A figure is never re-anchored automatically: "
    "check note, value and year against the text, then fix the quote."
)
ORPHANED_START = "annotations/tiny.yml:18: brokers-arrested: orphaned: quote not found in tiny, and no passage is close enough to re-anchor it."


def _revised(tmp_path, annotations: str = ANNOTATIONS):
    root = make_project(tmp_path, {"tiny.yml": annotations}, seeds={"tiny": REVISED}, with_cambodia=False, topics=None, rules=EDITORIAL_RULES_OFF)
    return root


def test_build_site_reanchors_and_publishes_only_moved_quotes(tmp_path):
    assert ORIGINAL != REVISED
    root = _revised(tmp_path)
    site = build_site(root / "seeds", root / "annotations", root=root, rule_settings=settings_from_mkdocs_yml(root / "mkdocs.yml")[0])
    kinds = {o.entry.id: o.kind for o in site.reanchored}
    assert kinds == {
        "courts-slow": "moved", "ministry-reforms": "moved", "victims-unidentified": "moved",
        "brokers-arrested": "orphaned", "cases-investigated": "changed-figure", "ngos-reporting": "changed-figure",
    }
    published = {a.id: (a.quote, a.span.paragraph) for a in site.annotations}
    assert published == {
        "courts-slow": ("Officials said the courts were too slow to act", 1),
        "ministry-reforms": ("The ministry \u2014 in response \u2014 promised reforms", 2),
        "victims-unidentified": ("Many victims were not identified", 1),
    }
    assert tuple(map(str, site.left_out)) == (
        "brokers-arrested (annotations/tiny.yml:16)", "cases-investigated (annotations/tiny.yml:20)", "ngos-reporting (annotations/tiny.yml:25)",
    )
    by_id = {p.id: p for p in site.problems}
    assert len(site.problems) == 6  # one per annotation, no "quote not found" besides
    assert {i: (p.kind, p.severity) for i, p in by_id.items()} == {
        "courts-slow": ("moved", "warning"), "ministry-reforms": ("moved", "warning"), "victims-unidentified": ("moved", "warning"),
        "brokers-arrested": ("orphaned", "error"), "cases-investigated": ("changed-figure", "error"), "ngos-reporting": ("changed-figure", "error"),
    }
    assert str(by_id["courts-slow"]) == MOVED
    assert str(by_id["cases-investigated"]) == CHANGED_FIGURE
    assert str(by_id["brokers-arrested"]).startswith(ORPHANED_START)
    assert "has Five where the quote has Four" in by_id["ngos-reporting"].message


def test_the_mkdocs_build_says_moved_and_shows_the_annotation_at_the_new_text(tmp_path):
    root = _revised(tmp_path)
    result = build(root)
    assert f"annotated_report: {MOVED}" in result.warnings and f"annotated_report: {CHANGED_FIGURE}" in result.warnings
    not_found = [w for w in result.warnings if "quote not found" in w]
    assert len(not_found) == 6 and all(any(f": {kind}: quote" in w for kind in ("moved", "orphaned", "changed-figure")) for w in not_found)
    (left_out,) = [w for w in result.warnings if "left out of the site" in w]
    assert left_out.startswith("annotated_report: 3 annotation(s) left out of the site")
    page = parse(result.page("reports/tiny/"))
    (mark,) = page.find_all(with_attr("data-annotation", "courts-slow"))
    assert report_text(mark) == "Officials said the courts were too slow to act"
    for gone in ("brokers-arrested", "cases-investigated", "ngos-reporting"):
        assert page.find(with_attr("data-annotation", gone)) is None
    assert build(root, strict=True).aborted  # a moved quote is a warning, and --strict fails on warnings


def test_check_reports_what_the_build_reports(tmp_path, capsys):
    root = _revised(tmp_path)
    assert main(["--root", str(root), "check"]) == 1
    out, err = capsys.readouterr()
    assert MOVED in out.splitlines() and CHANGED_FIGURE in out.splitlines()
    assert err == "3 annotations in 1 document(s); 6 problem(s). 3 moved quote(s) can be rewritten with `annotated-report check --fix`.\n"


CASCADE = """\
document: tiny
annotations:
  - id: brokers-arrested
    type: claim
    quote: "Police arrested several brokers near the border"
    related: [courts-slow]

  - id: courts-slow
    type: claim
    quote: "Officials said the courts were too slow to act"
    related: [brokers-arrested, cases-investigated]

  - id: cases-investigated
    type: statistic
    quote: "investigated 109 cases"
    value: 109
    related: [courts-slow]
"""


def test_a_failed_quote_is_one_problem_and_its_neighbours_keep_quiet(tmp_path):
    """An annotation left out for its quote takes no neighbour down and adds no second message."""
    root = _revised(tmp_path, CASCADE)
    site = build_site(root / "seeds", root / "annotations", root=root, rule_settings=settings_from_mkdocs_yml(root / "mkdocs.yml")[0])
    assert [(p.id, p.kind) for p in site.problems] == [("brokers-arrested", "orphaned"), ("cases-investigated", "changed-figure")]
    assert tuple(map(str, site.left_out)) == ("brokers-arrested (annotations/tiny.yml:3)", "cases-investigated (annotations/tiny.yml:13)")
    (courts,) = site.annotations
    assert courts.id == "courts-slow" and courts.related == ()  # the links to the left-out ones are dropped quietly


def test_with_every_rule_on_a_contradicted_value_is_still_one_problem(tmp_path):
    """The project's own mkdocs.yml switches `numbers_covered` on: the left-out statistic's number
    is not reported a second time as uncovered (issue 10: one mistake, one problem)."""
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copytree(REPO / "annotations", tmp_path / "annotations")
    path = tmp_path / P / "paragraph-2.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[311] == "    value: 38"
    lines[311] = "    value: 83"
    path.write_text("\n".join(lines), encoding="utf-8")
    settings = settings_from_mkdocs_yml(REPO / "mkdocs.yml")[0]
    assert settings.numbers_covered
    site = build_site(tmp_path / "seeds", tmp_path / "annotations", root=tmp_path, rule_settings=settings)
    assert [str(p) for p in site.problems] == [
        f"{P}/paragraph-2.yml:312: convictions-2021: value 83 does not match the number in the quote (38). "
        "Make `value` equal the number the report gives (ranges: {min, max})."
    ]
    assert tuple(map(str, site.left_out)) == (f"convictions-2021 ({P}/paragraph-2.yml:309)",)


def test_with_every_rule_on_a_changed_figure_is_one_problem(tmp_path):
    """A revised seed changes 38 to 39: the statistic's changed-figure error is the one message;
    the new 39 is not also reported as a number no statistic covers."""
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copytree(REPO / "annotations", tmp_path / "annotations")
    seed = tmp_path / "seeds" / "cambodia-2022-prosecution.txt"
    text = seed.read_text(encoding="utf-8")
    assert text.count("convicted 38 traffickers") == 1
    seed.write_text(text.replace("convicted 38 traffickers", "convicted 39 traffickers"), encoding="utf-8")
    settings = settings_from_mkdocs_yml(REPO / "mkdocs.yml")[0]
    site = build_site(tmp_path / "seeds", tmp_path / "annotations", root=tmp_path, rule_settings=settings)
    changed = [p for p in site.problems if p.kind]
    assert [(p.id, p.kind) for p in changed] == [("convictions-2021-breakdown", "changed-figure"), ("convictions-2021", "changed-figure")]
    assert "has 39 where the quote has 38" in changed[1].message
    # Besides: each other note (or definition) that still says 38, once (issue 20: figures in notes follow the text).
    others = [p for p in site.problems if not p.kind]
    assert others and all(re.match(r"the (note|definition) repeats 38, a figure the revised text", p.message) for p in others)
    assert len({p.id for p in others}) == len(others)
    assert tuple(map(str, site.left_out)) == (f"convictions-2021-breakdown ({P}/paragraph-2.yml:300)", f"convictions-2021 ({P}/paragraph-2.yml:309)")
