"""The editors' coverage rules, enforced on the repository's real annotations.

The rules themselves live in the product (`annotated_report.rules`, run by every build and by
`annotated-report check`); this file holds the repository's own content to them, with every
rule on as in its mkdocs.yml:

- the site builds without problems;
- every number in the text (years excepted) sits inside a `statistic` whose value equals
  it, or inside a `not_statistics` exemption, and a statistic's quote holds only its number;
- every allegation says who makes it; every passage the text gives to others is attributed;
- every caveat names what it qualifies, including at least one statistic;
- every statistic has a unit; every `parts` adds up; no series crosses a non-comparability caveat.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotated_report import analysis, rules
from annotated_report.build import build_site
from annotated_report.model import Site
from annotated_report.numbers import numbers_in
from annotated_report.project import settings_from_mkdocs_yml

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def settings() -> rules.RuleSettings:
    settings, problems = settings_from_mkdocs_yml(REPO / "mkdocs.yml")
    assert problems == []
    return settings


@pytest.fixture(scope="module")
def site(settings: rules.RuleSettings) -> Site:
    return build_site(REPO / "seeds", REPO / "annotations", root=REPO, rule_settings=settings)


def _lines(problems: list) -> str:
    return "\n".join(str(p) for p in problems)


def test_this_site_switches_every_rule_on(settings: rules.RuleSettings) -> None:
    assert [name for name in rules.RuleSettings.names() if not getattr(settings, name)] == []
    assert set(rules.ATTRIBUTION_SPEAKERS) < set(settings.attribution_speakers), "the defaults, extended with this report's wording"


def test_every_document_of_this_site_is_complete(site: Site) -> None:
    """The whole-document rules apply only to complete documents: this site's are held to them."""
    assert [document.slug for document in site.documents if document.status != "complete"] == []


def test_there_is_something_to_check(site: Site) -> None:
    assert site.documents, "no documents found in seeds/"
    assert site.annotations, "no annotations found in annotations/"
    assert any(numbers_in(document.text) for document in site.documents), "no numbers found in any document"


def test_site_has_no_problems(site: Site) -> None:
    assert not site.problems, "annotation problems:\n" + _lines(list(site.problems))
    assert not site.left_out, "left out of the site:\n" + "\n".join(map(str, site.left_out))


def test_every_number_is_a_statistic_or_exempt(site: Site) -> None:
    assert rules.uncovered_numbers(site) == [], _lines(rules.uncovered_numbers(site))


def test_every_number_inside_a_statistic_matches_its_value(site: Site) -> None:
    assert rules.foreign_numbers_in_statistics(site) == [], _lines(rules.foreign_numbers_in_statistics(site))


def test_every_allegation_is_attributed(site: Site) -> None:
    assert any(a.type == "allegation" for a in site.annotations)
    assert rules.unattributed_allegations(site) == [], _lines(rules.unattributed_allegations(site))


def test_every_attributed_passage_is_an_allegation_or_attributed(site: Site) -> None:
    assert rules.attribution_cue_problems(site) == [], _lines(rules.attribution_cue_problems(site))


def test_every_caveat_qualifies_a_statistic(site: Site) -> None:
    assert any(a.type == "caveat" for a in site.annotations)
    assert rules.unlinked_caveats(site) == [], _lines(rules.unlinked_caveats(site))


def test_every_statistic_has_a_unit(site: Site) -> None:
    assert rules.statistics_without_units(site) == [], _lines(rules.statistics_without_units(site))


def test_no_ruled_out_words(site: Site) -> None:
    assert rules.ruled_out_word_problems(site) == [], _lines(rules.ruled_out_word_problems(site))


def test_every_breakdown_adds_up(site: Site) -> None:
    with_parts = [a for a in site.annotations if a.parts]
    assert with_parts, "the notes' sums are declared as `parts`"
    assert rules.parts_problems(site) == []
    assert all(analysis.parts_summary(a, site) for a in with_parts)


def test_no_chart_joins_figures_the_report_says_cannot_be_compared(site: Site) -> None:
    assert rules.blocked_series_problems(site) == []
    blockers = [a for a in site.annotations if a.blocks_comparison]
    assert {a.id for a in blockers} >= {"law-enforcement-data-incomplete"}
    for series, members in analysis.chartable_series(site).items():
        assert not analysis.blocking_caveats(site, members), series
