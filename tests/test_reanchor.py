"""Re-anchoring after a seed is replaced by a revised text: moved, orphaned, changed-figure.

Each annotation below was written against ORIGINAL; the seed on disk is REVISED. The
command `check` must say what became of each, never carry a statistic onto a different
figure, and `check --fix` must rewrite only the moved quotes, byte for byte.
"""

from __future__ import annotations

import json

import pytest

from annotated_report import reanchor as reanchoring
from annotated_report.anchoring import DocumentIndex
from annotated_report.cli import main
from annotated_report.loading import Entry, split_paragraphs
from annotated_report.model import Document
from annotated_report.reanchor import match_quote, reanchor, reanchor_entry
from helpers import EDITORIAL_RULES_OFF, make_project

ORIGINAL = (
    "The government investigated 109 cases in 2021. Officials said the courts were slow to act.\n"
    "Four NGOs reported abuses in the fishing sector. The ministry, in response, promised reforms.\n"
    "Police arrested several brokers near the border. Many victims were never identified.\n"
)
REVISED = (
    "The government investigated 119 cases in 2021. Officials said the courts were too slow to act. Many victims were not identified.\n"
    "Five NGOs reported abuses in the fishing sector. The ministry \u2014 in response \u2014 promised reforms.\n"
)

ANNOTATIONS = """\
# Written against the first edition.
document: tiny
annotations:
  - id: courts-slow          # a word inserted inside the quote
    type: claim
    quote: "Officials said the courts were slow to act"

  - id: ministry-reforms     # punctuation changed
    type: caveat
    quote: "The ministry, in response, promised reforms"

  - id: victims-unidentified # the sentence moved to paragraph 1 (and reworded a little)
    type: claim
    quote: "Many victims were never identified"

  - id: brokers-arrested     # its paragraph was deleted
    type: claim
    quote: "Police arrested several brokers near the border"

  - id: cases-investigated   # 109 became 119
    type: statistic
    quote: "investigated 109 cases"
    value: 109

  - id: ngos-reporting       # four became five
    type: statistic
    quote: "Four NGOs reported abuses"
    value: 4
"""


def _document(text: str) -> Document:
    return Document("tiny", "Tiny", text, split_paragraphs(text), "seeds/tiny.txt")


def _entry(quote: str, **fields: str) -> Entry:
    return Entry({"id": "x", "type": "claim", "quote": quote, **fields}, "tiny", "annotations/tiny.yml", 3)


@pytest.fixture
def revised_project(tmp_path):
    root = make_project(tmp_path, {"tiny.yml": ANNOTATIONS}, seeds={"tiny": ORIGINAL}, with_cambodia=False, topics=None, rules=EDITORIAL_RULES_OFF)
    assert main(["--root", str(root), "check"]) == 0  # every quote anchors in the first edition
    (root / "seeds" / "tiny.txt").write_text(REVISED, encoding="utf-8")
    return root


def test_every_quote_anchors_in_the_original(tmp_path, capsys):
    root = make_project(tmp_path, {"tiny.yml": ANNOTATIONS}, seeds={"tiny": ORIGINAL}, with_cambodia=False, topics=None, rules=EDITORIAL_RULES_OFF)
    assert main(["--root", str(root), "check"]) == 0
    assert "no problems" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("quote", "kind", "new", "paragraph"),
    [
        ("Officials said the courts were slow to act", "moved", "Officials said the courts were too slow to act", 1),
        ("The ministry, in response, promised reforms", "moved", "The ministry \u2014 in response \u2014 promised reforms", 2),
        ("Many victims were never identified", "moved", "Many victims were not identified", 1),
        ("Police arrested several brokers near the border", "orphaned", None, None),
        ("investigated 109 cases", "changed-figure", "investigated 119 cases", 1),
        ("Four NGOs reported abuses", "changed-figure", "Five NGOs reported abuses", 2),
    ],
)
def test_each_case_is_classified(quote, kind, new, paragraph):
    outcome = reanchor_entry(DocumentIndex(_document(REVISED)), _entry(quote))
    assert outcome.kind == kind
    assert outcome.new == new
    assert (outcome.span.paragraph if outcome.span else None) == paragraph
    if kind == "moved":
        assert reanchoring.outcome_problem(outcome).severity == "warning"
        assert outcome.span is not None and REVISED[outcome.span.start : outcome.span.end] == new
    else:
        assert reanchoring.outcome_problem(outcome).severity == "error"


def test_a_changed_figure_names_both_figures_and_is_never_moved():
    outcome = reanchor_entry(DocumentIndex(_document(REVISED)), _entry("investigated 109 cases"))
    assert (outcome.old_figures, outcome.new_figures) == (("109",), ("119",))
    message = str(reanchoring.outcome_problem(outcome))
    assert "changed-figure: quote not found in tiny; the closest passage (paragraph 1) has 119 where the quote has 109" in message
    words = reanchor_entry(DocumentIndex(_document(REVISED)), _entry("Four NGOs reported abuses"))
    assert (words.old_figures, words.new_figures) == (("Four",), ("Five",))


def test_a_figure_is_never_moved_even_when_only_the_number_differs():
    # The Hypothesis client anchors "109" onto "119" (client issue #7571); we must not.
    for old, new in [("109", "119"), ("four", "five"), ("12,814", "12,815"), ("2.5", "3.5"), ("hundreds", "thousands")]:
        text = f"Officials counted {new} victims of forced labor in the province.\n"
        outcome = reanchor_entry(DocumentIndex(_document(text)), _entry(f"Officials counted {old} victims of forced labor"))
        assert outcome.kind == "changed-figure", (old, new, outcome)


def test_a_prefix_chooses_between_two_reworded_repeats():
    text = "We had everything before us. We had nothing before us.\n"
    outcome = reanchor_entry(DocumentIndex(_document(text)), _entry("befor us", prefix="We had nothing"))
    assert outcome.kind == "moved" and outcome.span is not None
    assert outcome.span.start == text.index("before us", 30)


def test_reanchor_runs_over_documents_and_failed_entries():
    outcomes = reanchor([_document(REVISED)], [_entry("Officials said the courts were slow to act"), _entry("x", document="none")])
    assert [o.kind for o in outcomes] == ["moved", "orphaned"]


def test_match_quote_basics():
    text = "Many years later, as he faced the firing squad"
    exact = match_quote(text, "years later")
    assert exact is not None and (exact.start, exact.quote_score) == (5, 1.0)
    assert match_quote(text, "") is None and match_quote("", "x") is None
    assert match_quote(text, "completely unrelated words here") is None


def test_check_reports_moved_orphaned_and_changed_figure(revised_project, capsys):
    assert main(["--root", str(revised_project), "check", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert err == "3 annotations in 1 document(s); 6 problem(s). 3 moved quote(s) can be rewritten with `annotated-report check --fix`.\n"
    kinds = {p["id"]: (p["kind"], p["severity"]) for p in report["problems"]}
    assert kinds == {
        "courts-slow": ("moved", "warning"),
        "ministry-reforms": ("moved", "warning"),
        "victims-unidentified": ("moved", "warning"),
        "brokers-arrested": ("orphaned", "error"),
        "cases-investigated": ("changed-figure", "error"),
        "ngos-reporting": ("changed-figure", "error"),
    }
    assert not any(p["message"].startswith("quote not found") for p in report["problems"])


def test_check_fix_rewrites_only_moved_quotes_byte_for_byte(revised_project, capsys):
    path = revised_project / "annotations" / "tiny.yml"
    before = path.read_text(encoding="utf-8")
    assert main(["--root", str(revised_project), "check", "--fix"]) == 1  # the errors remain
    out, err = capsys.readouterr()
    assert "courts-slow: fixed" in err and "ministry-reforms: fixed" in err and "victims-unidentified: fixed" in err
    expected = (
        before.replace('"Officials said the courts were slow to act"', '"Officials said the courts were too slow to act"')
        .replace('"The ministry, in response, promised reforms"', '"The ministry \u2014 in response \u2014 promised reforms"')
        .replace('"Many victims were never identified"', '"Many victims were not identified"')
    )
    assert path.read_text(encoding="utf-8") == expected
    assert "moved" not in out
    for still in ("brokers-arrested: orphaned", "cases-investigated: changed-figure", "ngos-reporting: changed-figure"):
        assert still in out
    # The figures were not touched.
    assert '"investigated 109 cases"' in expected and '"Four NGOs reported abuses"' in expected


def test_check_fix_replaces_a_suffix_that_no_longer_picks_the_passage(tmp_path, capsys):
    seed = "Police freed the brokers. The court freed the brokers on bond.\n"
    annotation = (
        "document: rep\nannotations:\n  - id: freed\n    type: claim\n"
        "    quote: \"released the brokers\"  # keep me\n    suffix: 'on bail'\n    note: Kept.\n"
    )
    root = make_project(tmp_path, {"rep.yml": annotation}, seeds={"rep": seed}, with_cambodia=False, topics=None)
    assert main(["--root", str(root), "check", "--fix"]) == 0
    text = (root / "annotations" / "rep.yml").read_text(encoding="utf-8")
    assert text == annotation.replace('"released the brokers"', '"freed the brokers"').replace("'on bail'", '"on"')
    capsys.readouterr()
    assert main(["--root", str(root), "check"]) == 0
