"""The editorial rules (rules.py): one fixture per rule, with the exact message an editor reads.

Each project is a small seed document written here, so every number and sentence is known.
"""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from annotated_report import analysis, rules
from annotated_report.build import build_site
from annotated_report.cli import main as cli_main
from annotated_report.model import Site, Value
from annotated_report.project import settings_from_mkdocs_yml
from helpers import build, make_project, write

#: Paragraph 1 has an attributed sentence, a ", but" clause and a report-voice sentence with
#: figures; paragraph 2 has the previous year's figure and a hedge.
TEXT = (
    "The ministry convicted 38 traffickers, including one for sex trafficking and 35 for forced labor. "
    "NGOs reported that courts issued fines instead; the fines were small, but the ministry did not report them. "
    "Observers alleged judges took bribes. According to some media reports, police arrested 370 suspects.\n"
    "In 2020 the ministry convicted 40 traffickers. The data for 2020 may include other crimes and cannot be compared.\n"
)
ALL_ON = rules.RuleSettings(**{name: True for name in rules.RuleSettings.names()})
ALL_OFF = rules.RuleSettings(**{name: False for name in rules.RuleSettings.names()})


def project(tmp_path: Path, annotations: str, **kwargs) -> Path:
    return make_project(
        tmp_path, {"m.yml": "document: mini\n" + textwrap.dedent(annotations)},
        seeds={"mini": TEXT}, with_cambodia=False, **kwargs,
    )


def site_with(tmp_path: Path, annotations: str, settings: rules.RuleSettings | None = None) -> Site:
    root = project(tmp_path, annotations)
    return build_site(root / "seeds", root / "annotations", root, rule_settings=settings)


def messages(site: Site) -> list[str]:
    return [str(problem) for problem in site.problems]


# --- coverage rules: attribution, units, caveat links ------------------------------------------


def test_an_unattributed_allegation_is_a_problem(tmp_path):
    site = site_with(tmp_path, """\
        annotations:
          - id: bribes
            type: allegation
            quote: "Observers alleged judges took bribes"
        """)
    assert messages(site) == [
        "annotations/m.yml:3: bribes: this allegation does not say who makes it. "
        'Add `attributed_to:` with the source the report names, e.g. "NGOs (not named in the report)". '
        "(Rule `allegations_attributed`; see docs/editorial-guide.md.)"
    ]


def test_a_statistic_without_a_unit_is_a_problem(tmp_path):
    site = site_with(tmp_path, """\
        annotations:
          - id: convictions-2020
            type: statistic
            quote: "40 traffickers"
            value: 40
            year: 2020
        """)
    assert messages(site) == [
        "annotations/m.yml:3: convictions-2020: this statistic has no `unit`. "
        'Add `unit:` saying what the number counts, e.g. "traffickers convicted". '
        "(Rule `statistics_have_units`; see docs/editorial-guide.md.)"
    ]


def test_a_caveat_must_name_a_statistic_it_qualifies(tmp_path):
    site = site_with(tmp_path, """\
        annotations:
          - id: other-crimes
            type: caveat
            quote: "may include other crimes"
          - id: hedge-on-claim
            type: caveat
            quote: "cannot be compared"
            related: [fines]
          - id: fines
            type: claim
            quote: "The ministry convicted 38 traffickers"
        """)
    assert [(p.id, p.message) for p in site.problems] == [
        ("other-crimes", "this caveat does not say what it qualifies (`related` is empty)."),
        ("hedge-on-claim", "none of the annotations this caveat qualifies is a statistic."),
    ]
    assert site.problems[0].hint == (
        "List in `related` the ids of the statistics and claims it hedges. (Rule `caveats_linked`; see docs/editorial-guide.md.)"
    )


def test_rules_switched_off_report_nothing(tmp_path):
    site = site_with(tmp_path, """\
        annotations:
          - id: bribes
            type: allegation
            quote: "Observers alleged judges took bribes"
            note: Oddly phrased.
          - id: bare
            type: statistic
            quote: "40 traffickers"
            value: 40
        """, ALL_OFF)
    assert site.problems == ()


# --- every number covered (off by default) ------------------------------------------------------


def test_numbers_covered_is_off_by_default_and_names_each_uncovered_number(tmp_path):
    annotations = """\
        annotations:
          - id: convictions-2021
            type: statistic
            quote: "38 traffickers"
            value: 38
            unit: traffickers convicted
        not_statistics:
          - quote: "one for sex trafficking"
            reason: Testing an exemption.
        """
    assert site_with(tmp_path / "a", annotations).problems == ()
    site = site_with(tmp_path / "b", annotations, ALL_ON)
    uncovered = [p for p in site.problems if p.id == "mini"]
    assert [p.message for p in uncovered] == [
        "the number '35' in \"…, including one for sex trafficking and [35] for forced labor. NGOs reported that co…\" "
        "is neither a statistic whose value matches nor exempted.",
        "the number '370' in \"… to some media reports, police arrested [370] suspects.…\" is neither a statistic whose value matches nor exempted.",
        "the number '40' in \"…In 2020 the ministry convicted [40] traffickers. The data for 2020 may incl…\" "
        "is neither a statistic whose value matches nor exempted.",
    ]
    assert [(p.file, p.line) for p in uncovered] == [("seeds/mini.txt", 1), ("seeds/mini.txt", 1), ("seeds/mini.txt", 2)]
    assert uncovered[0].hint.startswith("Add a statistic quoting the number and its noun (value: 35, unit: what it counts)")


def test_a_statistic_quote_holds_only_its_own_number(tmp_path):
    site = site_with(tmp_path, """\
        annotations:
          - id: convictions-2021
            type: statistic
            quote: "38 traffickers, including one for sex trafficking"
            value: 38
            unit: traffickers convicted
        """, rules.RuleSettings(numbers_covered=True))
    found = [p for p in site.problems if p.id == "convictions-2021"]
    assert [p.message for p in found] == ["the quote also holds 'one', which is not this statistic's value (38)."]


# --- the type rule: attributed passages --------------------------------------------------------


def test_a_claim_inside_an_attributed_sentence_is_a_problem(tmp_path):
    site = site_with(tmp_path, """\
        annotations:
          - id: small-fines
            type: claim
            quote: "the fines were small"
          - id: suspects
            type: statistic
            quote: "370 suspects"
            value: 370
            unit: suspects arrested
        """)
    assert messages(site) == [
        'annotations/m.yml:3: small-fines: the text gives this passage to others ("NGOs reported"), but this claim has no `attributed_to`. '
        'Make it `type: allegation` with `attributed_to:` (the text says "NGOs reported"), or quote only a part in the report\'s own voice. '
        "(Rule `attribution_cues`; see docs/editorial-guide.md.)",
        'annotations/m.yml:6: suspects: the text gives this passage to others ("According to"), but this statistic has no `attributed_to`. '
        'Add `attributed_to:` naming who reported the figure (the text says "According to"). '
        "(Rule `attribution_cues`; see docs/editorial-guide.md.)",
    ]


def test_the_report_voice_after_but_and_attributed_passages_pass(tmp_path):
    site = site_with(tmp_path, """\
        annotations:
          - id: not-reported
            type: claim
            quote: "the ministry did not report them"
          - id: fines
            type: allegation
            quote: "NGOs reported that courts issued fines instead"
            attributed_to: NGOs
          - id: suspects
            type: statistic
            quote: "370 suspects"
            value: 370
            unit: suspects arrested
            attributed_to: Media reports
          - id: convictions
            type: claim
            quote: "The ministry convicted 38 traffickers"
        """)
    assert site.problems == ()


def test_attribution_cue_finds_the_words(tmp_path):
    site = site_with(tmp_path, """\
        annotations:
          - id: bribes
            type: allegation
            quote: "judges took bribes"
            attributed_to: Observers
        """)
    bribes = site.annotation("bribes")
    assert rules.attribution_cue(bribes, site.document("mini")) == "Observers alleged"


# --- words the guide rules out -----------------------------------------------------------------


def test_ruled_out_words_in_notes_definitions_and_topics(tmp_path):
    root = project(tmp_path, """\
        annotations:
          - id: convictions
            type: claim
            quote: "The ministry convicted 38 traffickers"
            note: Oddly, this is clearly one of the gravest findings.
        """, topics="topics:\n  - {id: t, title: T, description: A shockingly short topic.}\n")
    write(root / "annotations" / "glossary.yml", "terms:\n  - term: ministry\n    definition: Obviously a government department.\n")
    site = build_site(root / "seeds", root / "annotations", root)
    assert [(p.file, p.id, p.message) for p in site.problems] == [
        ("annotations/glossary.yml", "ministry", 'the definition uses "Obviously", which the house guide rules out.'),
        ("annotations/m.yml", "convictions", 'the note uses "Oddly", which the house guide rules out.'),
        ("annotations/m.yml", "convictions", 'the note uses "clearly", which the house guide rules out.'),
        ("annotations/m.yml", "convictions", 'the note uses "gravest", which the house guide rules out.'),
        ("annotations/topics.yml", "t", 'the description uses "shockingly", which the house guide rules out.'),
    ]
    assert site.problems[1].hint == (
        "Say what the report or a cited source says; mark your own reading with \"Editor's reading:\". "
        "(Rule `ruled_out_words`; see docs/editorial-guide.md.)"
    )


def test_ruled_out_words_are_whole_words():
    assert rules.ruled_out_words("unclearly, oddlyish; Sadly.") == ["Sadly"]


# --- parts: arithmetic the build verifies -------------------------------------------------------

STATISTICS = """\
    annotations:
      - id: convictions-2021
        type: statistic
        quote: "38 traffickers"
        value: 38
        unit: traffickers convicted
        parts: {parts}
      - id: sex-2021
        type: statistic
        quote: "one for sex trafficking"
        value: 1
        unit: convicted for sex trafficking
      - id: labor-2021
        type: statistic
        quote: "35 for forced labor"
        value: 35
        unit: convicted for forced labor
      - id: convictions-2020
        type: statistic
        quote: "40 traffickers"
        value: 40
        unit: traffickers convicted
      - id: convictions-claim
        type: claim
        quote: "The ministry convicted"
    """


def test_parts_that_add_up_give_the_sum_and_the_remainder(tmp_path):
    site = site_with(tmp_path, STATISTICS.format(parts="[sex-2021, labor-2021]"))
    assert site.problems == ()
    assert analysis.parts_summary(site.annotation("convictions-2021"), site) == "1 + 35 = 36 of 38 broken down; 2 unspecified."
    assert analysis.parts_summary(site.annotation("sex-2021"), site) is None


def test_a_single_part_and_a_full_breakdown_read_naturally(tmp_path):
    site = site_with(tmp_path / "one", STATISTICS.format(parts="[labor-2021]"))
    assert analysis.parts_summary(site.annotation("convictions-2021"), site) == "35 of 38 broken down; 3 unspecified."
    # A whole of 36 that its parts cover fully. A statistic whose value contradicts its quote is
    # left out of the site, so the whole is given its value here rather than through the YAML.
    whole = site_with(tmp_path / "all", STATISTICS.format(parts="[sex-2021, labor-2021]"), ALL_OFF)
    full = dataclasses.replace(whole.annotation("convictions-2021"), value=Value(exact=36))
    assert analysis.parts_summary(full, whole) == "1 + 35 = 36: all 36 broken down."


def test_parts_that_exceed_the_whole_are_a_problem(tmp_path):
    site = site_with(tmp_path, STATISTICS.format(parts="[convictions-2020, labor-2021]"))
    assert messages(site) == [
        "annotations/m.yml:3: convictions-2021: its parts add up to 75 (40 + 35), more than its value 38. "
        "Check the values, or whether the parts really break down this figure. (Rule `parts_add_up`; see docs/editorial-guide.md.)"
    ]
    assert analysis.parts_summary(site.annotation("convictions-2021"), site) is None


def test_parts_must_be_known_statistics(tmp_path):
    site = site_with(tmp_path, STATISTICS.format(parts="[sex-2012, convictions-claim, convictions-2021]"))
    assert [p.message for p in site.problems] == [
        "`parts` names 'sex-2012', which is not an annotation. Did you mean 'sex-2021'?",
        "`parts` names 'convictions-claim', which is a claim, not a statistic.",
        "`parts` names this statistic itself.",
    ]


def test_parts_only_on_statistics(tmp_path):
    site = site_with(tmp_path, """\
        annotations:
          - id: convictions-claim
            type: claim
            quote: "The ministry convicted"
            parts: [labor-2021]
          - id: labor-2021
            type: statistic
            quote: "35 for forced labor"
            value: 35
            unit: convicted for forced labor
        """)
    assert messages(site) == [
        "annotations/m.yml:3: convictions-claim: `parts` only applies to statistics, and this is a claim. "
        "Move `parts` to the statistic that the parts break down."
    ]


def test_the_note_shows_the_breakdown(tmp_path):
    root = project(tmp_path, STATISTICS.format(parts="[sex-2021, labor-2021]"))
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    assert "Breakdown: 1 + 35 = 36 of 38 broken down; 2 unspecified." in result.page("reports/mini/")


# --- series: comparisons the data support -------------------------------------------------------

SERIES = """\
    annotations:
      - id: convictions-2021
        type: statistic
        quote: "38 traffickers"
        value: 38
        unit: traffickers convicted
        year: 2021
        series: convictions
      - id: convictions-2020
        type: statistic
        quote: "40 traffickers"
        value: 40
        unit: traffickers convicted
        year: 2020
        series: convictions
      - id: not-comparable
        type: caveat
        quote: "may include other crimes and cannot be compared"
        related: [convictions-2020]
        blocks_comparison: {blocks}
    """


def test_a_series_qualified_by_a_non_comparability_caveat_is_not_charted(tmp_path):
    site = site_with(tmp_path, SERIES.format(blocks="true"))
    assert analysis.chartable_series(site) == {}
    assert messages(site) == [
        "annotations/m.yml:10: convictions-2020: series 'convictions' is not charted: caveat 'not-comparable' (annotations/m.yml:17) "
        "says its figures are not comparable. Remove `series: convictions` from convictions-2020, convictions-2021; "
        "compare them in words in the notes instead. (Rule `comparable_series`; see docs/editorial-guide.md.)"
    ]


def test_a_series_without_such_a_caveat_is_charted_with_its_caveats(tmp_path):
    site = site_with(tmp_path, SERIES.format(blocks="false"))
    assert site.problems == ()
    series = analysis.chartable_series(site)
    assert {name: [a.id for a in members] for name, members in series.items()} == {"convictions": ["convictions-2020", "convictions-2021"]}
    assert [a.id for a in analysis.qualifying_caveats(site, series["convictions"])] == ["not-comparable"]


def test_the_statistics_page_draws_no_chart_across_a_blocking_caveat(tmp_path):
    drawn = build(project(tmp_path / "drawn", SERIES.format(blocks="false")), strict=True)
    assert not drawn.aborted, drawn.warnings
    assert 'id="over-time"' in drawn.page("statistics/")
    blocked = build(project(tmp_path / "blocked", SERIES.format(blocks="true")))
    page = blocked.page("statistics/")
    assert 'class="ar-chart"' not in page
    # The page says why instead, with the caveat linked.
    assert "convictions</strong> (2020, 2021): not comparable from year to year, as" in page and 'data-annotation-link="not-comparable"' in page
    assert any("series 'convictions' is not charted" in w for w in blocked.warnings)


def test_blocks_comparison_only_on_caveats(tmp_path):
    site = site_with(tmp_path, """\
        annotations:
          - id: convictions
            type: claim
            quote: "The ministry convicted 38 traffickers"
            blocks_comparison: true
        """)
    assert [p.message for p in site.problems] == ["`blocks_comparison` only applies to caveats, and this is a claim."]


# --- settings: mkdocs.yml, the CLI, the plugin ----------------------------------------------------


def test_settings_from_a_mapping():
    assert rules.RuleSettings.from_mapping(None) == rules.RuleSettings()
    assert rules.RuleSettings().numbers_covered is False
    assert rules.RuleSettings.from_mapping({"numbers_covered": True}).numbers_covered is True
    with pytest.raises(ValueError, match=r"unknown rule 'allegation_attributed'\. Did you mean 'allegations_attributed'\?"):
        rules.RuleSettings.from_mapping({"allegation_attributed": False})
    with pytest.raises(ValueError, match=r"rule 'parts_add_up' must be true or false, not 'no'\."):
        rules.RuleSettings.from_mapping({"parts_add_up": "no"})


def test_settings_from_mkdocs_yml(tmp_path):
    path = write(tmp_path / "mkdocs.yml", """\
        site_name: !ENV [NAME, x]
        plugins:
          - search
          - annotated-report:
              rules: {numbers_covered: true, ruled_out_words: false}
        """)
    settings, problems = settings_from_mkdocs_yml(path)
    assert problems == []
    assert (settings.numbers_covered, settings.ruled_out_words, settings.parts_add_up) == (True, False, True)
    assert settings_from_mkdocs_yml(tmp_path / "missing.yml") == (rules.RuleSettings(), [])
    write(path, "plugins:\n  - annotated-report:\n      rules: {unit_rule: true}\n")
    settings, problems = settings_from_mkdocs_yml(path)
    assert settings == rules.RuleSettings()
    assert [str(p) for p in problems] == [
        "mkdocs.yml: plugins → annotated-report → rules: unknown rule 'unit_rule'. Rules: " + ", ".join(rules.RuleSettings.options())
        + ". The default rules apply until this is fixed."
    ]


BAD = """\
    annotations:
      - id: bribes
        type: allegation
        quote: "Observers alleged judges took bribes"
      - id: convictions-2020
        type: statistic
        quote: "40 traffickers"
        value: 40
    """


def test_check_fails_on_an_unattributed_allegation_and_a_statistic_without_unit(tmp_path, capsys):
    root = project(tmp_path, BAD)
    assert cli_main(["--root", str(root), "check"]) == 1
    out = capsys.readouterr().out
    assert "annotations/m.yml:3: bribes: this allegation does not say who makes it." in out
    assert "annotations/m.yml:6: convictions-2020: this statistic has no `unit`." in out


def test_check_reads_the_rule_switches_from_mkdocs_yml(tmp_path, capsys):
    root = project(tmp_path, BAD, rules={"allegations_attributed": False, "statistics_have_units": False})
    assert cli_main(["--root", str(root), "check"]) == 0


def test_the_strict_build_fails_unless_the_rules_are_switched_off(tmp_path):
    failed = build(project(tmp_path / "on", BAD), strict=True)
    assert failed.aborted
    assert any("bribes: this allegation does not say who makes it." in w for w in failed.warnings)
    passed = build(project(tmp_path / "off", BAD, rules={"allegations_attributed": False, "statistics_have_units": False}), strict=True)
    assert not passed.aborted, passed.warnings


def test_every_rule_switch_runs_a_check_and_every_check_has_a_switch():
    assert list(rules._CHECKS) == list(rules.RuleSettings.names())


def test_the_plugins_rules_options_are_the_table_of_rules():
    """One source: config.py's `rules:` options are derived from `RuleSettings` (names and defaults)."""
    from annotated_report.config import RulesConfig

    defaults = dict(RulesConfig._schema)
    assert list(defaults) == list(rules.RuleSettings.options())
    assert {name: option.default for name, option in defaults.items()} == {
        name: (None if name in rules.CUE_LISTS else default) for name, (default, _) in rules.RuleSettings.options().items()}
    assert rules.RuleSettings.from_mapping({name: option.default for name, option in defaults.items()}) == rules.RuleSettings()
