"""A second report on another subject beside this one: drafts, rules for any wording, revised figures.

The second text (tests/fixtures/harbour-strike-2024.*) is about a harbour strike, not trafficking:
it has dates, reporting verbs this project's report never uses ("Shipping companies reported",
"Critics said", "Residents told") and numbers nobody has annotated yet.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from annotated_report import analysis, rules
from annotated_report.build import build_site
from annotated_report.cli import main as cli_main
from annotated_report.project import settings_from_mkdocs_yml
from helpers import REPO, build, make_project

FIXTURES = Path(__file__).parent / "fixtures"
SLUG = "harbour-strike-2024"
ANNOTATIONS = f"annotations/{SLUG}.yml"
#: Its numbers that are quantities, in text order (the dates and the time are not).
NUMBERS = ["42", "109", "three", "1,200", "twelve", "4.5 million"]


def with_harbour(root: Path, *, status: str | None = None, text: str | None = None, rules_yml: str = "") -> Path:
    """This project (mkdocs.yml, seeds, annotations) with the harbour text beside it, as `status` says."""
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "annotations", root / "annotations")
    shutil.copytree(REPO / "docs", root / "docs")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if "attribution_speakers" in rules_yml:  # instead of this project's own list
        config = "".join(line for line in config.splitlines(keepends=True) if "attribution_speakers:" not in line)
    (root / "mkdocs.yml").write_text(config.replace("        figures_follow_text: true\n", "        figures_follow_text: true\n" + rules_yml), encoding="utf-8")
    (root / "seeds" / f"{SLUG}.txt").write_text(text or (FIXTURES / f"{SLUG}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    sidecar = (FIXTURES / f"{SLUG}.yml").read_text(encoding="utf-8")
    (root / "seeds" / f"{SLUG}.yml").write_text(sidecar + (f"status: {status}\n" if status else ""), encoding="utf-8")
    shutil.copyfile(FIXTURES / f"{SLUG}.annotations.yml", root / ANNOTATIONS)
    return root


def site_of(root: Path):
    settings, problems = settings_from_mkdocs_yml(root / "mkdocs.yml")
    assert problems == []
    return build_site(root / "seeds", root / "annotations", root=root, rule_settings=settings)


def harbour_problems(site) -> list[str]:
    return [str(p) for p in site.problems if SLUG in p.file or p.id == SLUG]


# --- status: a draft is published, a complete document is held to every number ------------------


def test_a_document_whose_sidecar_does_not_say_is_a_draft_and_the_site_builds_strict(tmp_path):
    root = with_harbour(tmp_path)
    site = site_of(root)
    harbour = site.document(SLUG)
    assert (harbour.status, site.document("cambodia-2022-prosecution").status) == ("draft", "complete")
    assert [p for p in site.problems if "neither a statistic" in p.message] == []
    assert str(analysis.coverage(site, harbour)) == "2 of 6 numbers annotated (33%)"
    attribution_only = [p for p in site.problems if "attribution_cues" not in (p.hint or "")]
    assert attribution_only == [], "only the cues on the second text's own wording (tested below)"


def test_the_strict_build_of_this_project_with_a_second_text_in_draft_passes(tmp_path):
    root = with_harbour(tmp_path)
    text = (root / ANNOTATIONS).read_text(encoding="utf-8")
    for before, after in (  # the passages the text gives to others, annotated as the guide says
        ('    type: claim\n    quote: "the port authority', '    type: allegation\n    attributed_to: Critics\n    quote: "the port authority'),
        ("    unit: vessels delayed in the first week\n", "    unit: vessels delayed in the first week\n    attributed_to: Shipping companies\n"),
        ('    type: claim\n    quote: "the queue', '    type: allegation\n    attributed_to: Residents\n    quote: "the queue'),
    ):
        assert before in text
        text = text.replace(before, after)
    (root / ANNOTATIONS).write_text(text, encoding="utf-8")
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    assert (result.site_dir / "reports" / SLUG / "index.html").is_file()


def test_a_complete_document_reports_each_number_nobody_annotated_and_no_date(tmp_path):
    site = site_of(with_harbour(tmp_path, status="complete"))
    uncovered = [p for p in site.problems if "neither a statistic" in p.message]
    assert [p.message.split("'")[1] for p in uncovered] == ["three", "1,200", "twelve", "4.5 million"]
    assert {(p.file, p.line) for p in uncovered} == {(f"seeds/{SLUG}.txt", 2), (f"seeds/{SLUG}.txt", 3)}
    assert all(f"while the document's annotation is in progress, say `status: draft` in seeds/{SLUG}.yml" in (p.hint or "") for p in uncovered)
    assert [t.text for t in analysis.uncovered_tokens(site, site.document(SLUG))] == ["three", "1,200", "twelve", "4.5 million"]


def test_a_status_that_is_neither_draft_nor_complete_is_one_message(tmp_path):
    site = site_of(with_harbour(tmp_path, status="finished"))
    assert [str(p) for p in site.problems if p.file == f"seeds/{SLUG}.yml"] == [
        f"seeds/{SLUG}.yml:7: 'finished' is not a valid status. Use one of: draft, complete."]
    assert site.document(SLUG).status == "draft"


def test_stats_shows_each_document_with_its_status_and_coverage(tmp_path, capsys):
    root = with_harbour(tmp_path)
    assert cli_main(["--root", str(root), "stats", "--format", "json"]) == 0
    documents = {d["document"]: d for d in json.loads(capsys.readouterr().out)["documents"]}
    assert documents[SLUG]["status"] == "draft"
    assert documents[SLUG]["numbers"] == {"found": 6, "annotated": 2, "percent": 33}
    assert documents["cambodia-2022-prosecution"]["numbers"]["percent"] == 100
    assert cli_main(["--root", str(root), "stats"]) == 0
    assert f"{SLUG} (draft): 5 annotations; numbers annotated: 2 of 6 (33%)" in capsys.readouterr().out.splitlines()


def test_the_licence_comes_from_each_sidecar(tmp_path):
    site = site_of(with_harbour(tmp_path))
    assert site.document(SLUG).licence == "Written for the annotated-report tests (CC0)"
    assert site.document("cambodia-2022-prosecution").licence == "Public domain (a work of the U.S. Government)"


def test_two_licences_that_differ_are_one_message(tmp_path):
    root = with_harbour(tmp_path)
    with (root / "seeds" / f"{SLUG}.yml").open("a", encoding="utf-8") as sidecar:
        sidecar.write("license: All rights reserved\n")
    assert [p.message for p in site_of(root).problems if p.file == f"seeds/{SLUG}.yml"] == [
        "the text has two licences (`licence` and `license`), which differ."]


# --- attribution cues: the second text's own wording ---------------------------------------------


def test_attribution_cues_fire_on_the_second_texts_own_wording(tmp_path):
    site = site_of(with_harbour(tmp_path))
    cues = {p.id: p.message for p in site.problems if "attribution_cues" in (p.hint or "")}
    assert cues == {
        # A speaker is the last word(s) before the verb: "Shipping companies reported" is "companies reported".
        "vessels-delayed": 'the text gives this passage to others ("companies reported"), but this statistic has no `attributed_to`.',
        "warnings-ignored": 'the text gives this passage to others ("Critics said"), but this claim has no `attributed_to`.',
        "queue-of-trucks": 'the text gives this passage to others ("Residents told"), but this claim has no `attributed_to`.',
    }


def test_a_site_extends_or_replaces_the_word_lists_in_mkdocs_yml(tmp_path):
    extended = site_of(with_harbour(tmp_path / "extend", rules_yml="        attribution_speakers: {extend: [Shipping companies]}\n"))
    assert 'the text gives this passage to others ("Shipping companies reported")' in {p.message.split(",")[0] for p in extended.problems}
    replaced = site_of(with_harbour(tmp_path / "replace", rules_yml="        attribution_verbs: {replace: [told]}\n"))
    assert sorted(p.id or "" for p in replaced.problems if "attribution_cues" in (p.hint or "")) == ["queue-of-trucks"]


@pytest.mark.parametrize(("written", "message"), [
    ("[critics]", "'attribution_speakers' is ['critics']: write `attribution_speakers: {extend: [words]}` to add to the default list, "
                  "or `attribution_speakers: {replace: [words]}` to replace it."),
    ("{append: [critics]}", "'attribution_speakers' is {'append': ['critics']}: write"),
    ("{extend: critics}", "'attribution_speakers: {extend: ...}' must be a list of words or phrases, not 'critics'"),
])
def test_a_word_list_written_another_way_is_one_message_in_check_and_build(tmp_path, caplog, written, message):
    root = make_project(tmp_path, with_cambodia=False, seeds={"doc": "Critics said so.\n"})
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    options = f"  - annotated-report:\n      rules:\n        attribution_speakers: {written}\n"
    (root / "mkdocs.yml").write_text(config.replace("  - annotated-report\n", options), encoding="utf-8")
    settings, problems = settings_from_mkdocs_yml(root / "mkdocs.yml")
    assert settings == rules.RuleSettings() and len(problems) == 1 and message in problems[0].message
    from mkdocs.exceptions import Abort

    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        build(root, strict=True)
    (error,) = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert message in error and error.count("\n") == 0


# --- a revised edition: figures in notes follow the text ------------------------------------------


def test_a_revised_figure_flags_every_note_definition_and_description_that_repeats_it(tmp_path):
    revised = (FIXTURES / f"{SLUG}.txt").read_text(encoding="utf-8").replace("109 new inspectors", "119 new inspectors")
    site = site_of(with_harbour(tmp_path, text=revised))
    assert [(o.entry.id, o.kind) for o in site.reanchored] == [("inspectors-hired", "changed-figure")]
    stale = [str(p) for p in site.problems if "figures_follow_text" in (p.hint or "")]
    hint = "(Rule `figures_follow_text`; see docs/editorial-guide.md.)"
    assert stale == [
        f"{ANNOTATIONS}:21: inquiries-opened: the note repeats 109, a figure the revised text of {SLUG} no longer has. "
        f"Check the figure against the text as it is now and correct the note. {hint}",
        f"{ANNOTATIONS}:30: staffing: the description repeats 109, a figure the revised text of {SLUG} no longer has. "
        f"Check the figure against the text as it is now and correct the description. {hint}",
        f"{ANNOTATIONS}:34: Port authority: the definition repeats 109, a figure the revised text of {SLUG} no longer has. "
        f"Check the figure against the text as it is now and correct the definition. {hint}",
    ]
    changed = [p for p in site.problems if p.kind == "changed-figure"]
    assert [p.id for p in changed] == ["inspectors-hired"], "the statistic itself: its own message, once"


def test_an_unchanged_text_flags_no_figure(tmp_path):
    site = site_of(with_harbour(tmp_path))
    assert [p for p in site.problems if "figures_follow_text" in (p.hint or "")] == []
