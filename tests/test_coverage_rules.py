"""The editors' coverage rules, enforced on the repository's real annotations.

Every document in seeds/ is held to the same rules, so a new report cannot be published
with a quantity nobody has checked, an unattributed allegation or a free-floating caveat:

- the site builds without problems;
- every number in the text (years excepted) sits inside a `statistic` whose value equals
  it, or inside a `not_statistics` exemption;
- every allegation says who makes it;
- every caveat names what it qualifies, including at least one statistic;
- every statistic has a unit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotated_report.build import build_site
from annotated_report.model import Annotation, Document, Site
from annotated_report.numbers import NumberToken, numbers_in, value_matches

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site() -> Site:
    return build_site(REPO / "seeds", REPO / "annotations", root=REPO)


def _where(document: Document, token: NumberToken) -> str:
    """'slug ¶3: "…context…"' for a message that lets an editor find the number."""
    paragraph = next(
        (p for p in document.paragraphs if p.start <= token.start < p.end),
        document.paragraphs[-1] if document.paragraphs else None,
    )
    number = paragraph.number if paragraph else "?"
    before = document.text[max(0, token.start - 40) : token.start].split("\n")[-1]
    after = document.text[token.end : token.end + 40].split("\n")[0]
    return f'{document.slug} ¶{number}: {token.text!r} in "…{before}[{token.text}]{after}…"'


def _statistics(site: Site, slug: str) -> list[Annotation]:
    return [a for a in site.annotations if a.document == slug and a.type == "statistic"]


def test_there_is_something_to_check(site: Site) -> None:
    assert site.documents, "no documents found in seeds/"
    assert site.annotations, "no annotations found in annotations/"


def test_site_has_no_problems(site: Site) -> None:
    assert not site.problems, "annotation problems:\n" + "\n".join(str(p) for p in site.problems)
    assert not site.left_out, "left out of the site:\n" + "\n".join(site.left_out)


def test_every_number_is_a_statistic_or_exempt(site: Site) -> None:
    uncovered: list[str] = []
    checked = 0
    for document in site.documents:
        statistics = _statistics(site, document.slug)
        exemptions = [e for e in site.exemptions if e.document == document.slug]
        for token in numbers_in(document.text):
            checked += 1
            covered = any(
                a.span.start <= token.start and token.end <= a.span.end and value_matches(a.value, token)
                for a in statistics
            )
            exempt = any(e.span.start <= token.start and token.end <= e.span.end for e in exemptions)
            if not (covered or exempt):
                uncovered.append(_where(document, token))
    assert checked, "no numbers found in any document"
    assert not uncovered, (
        f"{len(uncovered)} number(s) not covered by a statistic whose value matches, nor exempted "
        "(add a `statistic` quoting the number and its noun, or a `not_statistics` entry with a reason):\n"
        + "\n".join(uncovered)
    )


def test_every_number_inside_a_statistic_matches_its_value(site: Site) -> None:
    """A statistic's quote holds only its own number(s): keep quotes short ("109 suspected traffickers")."""
    mismatched: list[str] = []
    for annotation in site.annotations:
        if annotation.type != "statistic":
            continue
        for token in numbers_in(annotation.quote):
            if not value_matches(annotation.value, token):
                mismatched.append(f"{annotation.id} ({annotation.file}:{annotation.line}): {token.text!r} ≠ {annotation.value}")
    assert not mismatched, "numbers inside statistics that their value does not account for:\n" + "\n".join(mismatched)


def test_every_allegation_is_attributed(site: Site) -> None:
    missing = [
        f"{a.id} ({a.file}:{a.line})"
        for a in site.annotations
        if a.type == "allegation" and not (a.attributed_to or "").strip()
    ]
    assert not missing, "allegations without `attributed_to`:\n" + "\n".join(missing)


def test_every_caveat_qualifies_a_statistic(site: Site) -> None:
    by_id = site.annotations_by_id
    wrong: list[str] = []
    for caveat in (a for a in site.annotations if a.type == "caveat"):
        where = f"{caveat.id} ({caveat.file}:{caveat.line})"
        if not caveat.related:
            wrong.append(f"{where}: `related` is empty")
            continue
        unknown = [other for other in caveat.related if other not in by_id]
        if unknown:
            wrong.append(f"{where}: related names unknown annotation(s) {', '.join(unknown)}")
        if not any(by_id[other].type == "statistic" for other in caveat.related if other in by_id):
            wrong.append(f"{where}: none of its related annotations is a statistic")
    assert not wrong, "caveats must list the statistics they qualify:\n" + "\n".join(wrong)


def test_every_statistic_has_a_unit(site: Site) -> None:
    missing = [
        f"{a.id} ({a.file}:{a.line})"
        for a in site.annotations
        if a.type == "statistic" and not (a.unit or "").strip()
    ]
    assert not missing, "statistics without a `unit`:\n" + "\n".join(missing)
