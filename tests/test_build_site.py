"""build_site: files → a checked, anchored Site; every fault reported, nothing silently lost."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from annotated_report import yamlfile
from annotated_report.build import build_site
from annotated_report.loading import annotation_files
from helpers import SEED_SLUG, make_project

DOC = f"document: {SEED_SLUG}\n"


def doc(block: str) -> str:
    """An annotation file on the seed document: `document:` then the dedented block."""
    return DOC + textwrap.dedent(block)


def site_of(root: Path):
    return build_site(root / "seeds", root / "annotations", root)


def build_with(tmp_path: Path, annotations: dict[str, str], **kwargs):
    return site_of(make_project(tmp_path, annotations, **kwargs))


def problems_about(site, annotation_id: str) -> list:
    return [problem for problem in site.problems if problem.id == annotation_id]


def only_problem(site, annotation_id: str):
    found = problems_about(site, annotation_id)
    assert len(found) == 1, [str(p) for p in site.problems]
    return found[0]


def test_a_clean_project_has_no_problems(tmp_path):
    site = build_with(tmp_path, {"p.yml": doc("""\
        annotations:
          - id: convictions-2021
            type: statistic
            quote: "The government convicted 38 traffickers"
            value: 38
            unit: traffickers convicted
            year: 2021
            topics: [prosecutions]
          - id: prc
            type: claim
            quote: "People's Republic of China"
            related: [convictions-2021]
        """)})
    assert site.problems == ()
    assert tuple(map(str, site.left_out)) == ()
    assert [a.id for a in site.annotations_in(SEED_SLUG)] == ["convictions-2021", "prc"]
    prc = site.annotation("prc")
    assert prc.quote == "People\u2019s Republic of China"  # the report's own characters
    assert (prc.file, prc.line) == ("annotations/p.yml", 10)
    assert [a.id for a in site.backlinks("convictions-2021")] == ["prc"]
    statistic = site.annotation("convictions-2021")
    assert statistic.value.exact == 38 and statistic.unit == "traffickers convicted" and statistic.year == 2021


def test_duplicate_ids_across_files(tmp_path):
    entry = """\
        annotations:
          - id: convictions-2021
            type: claim
            quote: "{quote}"
        """
    site = build_with(tmp_path, {
        "a.yml": doc(entry.format(quote="The government convicted 38 traffickers")),
        "b.yml": doc(entry.format(quote="it also convicted 440 traffickers")),
    })
    problem = only_problem(site, "convictions-2021")
    assert (problem.file, problem.line) == ("annotations/b.yml", 3)
    assert "the id is already used at annotations/a.yml:3" in problem.message
    assert "convictions-2021-2" in problem.hint
    (kept,) = site.annotations
    assert kept.file == "annotations/a.yml"
    assert kept.quote == "The government convicted 38 traffickers"
    assert tuple(map(str, site.left_out)) == ("convictions-2021 (annotations/b.yml:3)",)


def test_unknown_document_with_did_you_mean(tmp_path):
    site = build_with(tmp_path, {"typo.yml": """\
        document: cambodia-2022-prosecutoin
        annotations:
          - id: one
            type: claim
            quote: "The government convicted 38 traffickers"
          - id: two
            type: claim
            quote: "NGOs alleged police"
        """})
    (problem,) = site.problems  # one problem for the file, not one per entry
    assert problem.file == "annotations/typo.yml"
    assert "document 'cambodia-2022-prosecutoin' is not in the seeds folder" in problem.message
    assert f"Did you mean '{SEED_SLUG}'?" in problem.message
    assert "left out" in problem.hint
    assert site.annotations == ()
    assert set(map(str, site.left_out)) == {"one (annotations/typo.yml:3)", "two (annotations/typo.yml:6)"}


def test_unknown_topic_is_dropped_and_reported(tmp_path):
    site = build_with(tmp_path, {"t.yml": doc("""\
        annotations:
          - id: convictions
            type: claim
            quote: "The government convicted 38 traffickers"
            topics: [prosecutons, prosecutions]
        """)})
    problem = only_problem(site, "convictions")
    assert problem.line == 6  # the `topics:` line
    assert problem.message == "unknown topic 'prosecutons'. Did you mean 'prosecutions'?"
    assert "convictions" not in site.annotations_by_id  # an annotation with an error is left out
    assert tuple(map(str, site.left_out)) == ("convictions (annotations/t.yml:3)",)


def test_unknown_related_id(tmp_path):
    site = build_with(tmp_path, {"r.yml": doc("""\
        annotations:
          - id: convictions-2021
            type: claim
            quote: "The government convicted 38 traffickers"
          - id: prosecutions
            type: claim
            quote: "the government prosecuted 109 suspected traffickers"
            related: [convictions-2012, convictions-2021]
        """)})
    problem = only_problem(site, "prosecutions")
    assert problem.line == 9  # the `related:` line
    assert problem.message == "related id 'convictions-2012' is not an annotation. Did you mean 'convictions-2021'?"
    assert "prosecutions" not in site.annotations_by_id
    assert tuple(map(str, site.left_out)) == ("prosecutions (annotations/r.yml:6)",)
    assert site.backlinks("convictions-2021") == []


def test_related_to_itself(tmp_path):
    site = build_with(tmp_path, {"r.yml": doc("""\
        annotations:
          - id: selfish
            type: claim
            quote: "The government convicted 38 traffickers"
            related: [selfish]
        """)})
    problem = only_problem(site, "selfish")
    assert "names the annotation itself" in problem.message
    assert problem.line == 6  # the `related:` line
    assert site.annotations == ()
    assert tuple(map(str, site.left_out)) == ("selfish (annotations/r.yml:3)",)


def test_related_to_a_left_out_annotation(tmp_path):
    site = build_with(tmp_path, {"r.yml": doc("""\
        annotations:
          - id: misquoted
            type: claim
            quote: "The government convicted 39 traffickers"
          - id: pointer
            type: claim
            quote: "judicial authorities may have included cases of rape"
            related: [misquoted]
        """)})
    # The closest passage has another figure, so it is never taken for the quote: left out, with both figures named.
    assert only_problem(site, "misquoted").message.startswith(
        "changed-figure: quote not found in cambodia-2022-prosecution; the closest passage (paragraph 2) has 38 where the quote has 39"
    )
    # One mistake, one problem: the link is dropped, and 'pointer' has no problem of its own.
    assert [p for p in site.problems if p.id == "pointer"] == []
    assert site.annotation("pointer").related == ()
    assert tuple(map(str, site.left_out)) == ("misquoted (annotations/r.yml:3)",)


def test_statistic_without_value(tmp_path):
    site = build_with(tmp_path, {"s.yml": doc("""\
        annotations:
          - id: no-value
            type: statistic
            quote: "The government convicted 38 traffickers"
            unit: traffickers convicted
        """)})
    problem = only_problem(site, "no-value")
    assert problem.message == "a statistic needs a `value`."
    assert "value: 38" in problem.hint
    assert problem.line == 4  # the `type: statistic` line that asks for a value
    assert "no-value" not in site.annotations_by_id  # left out of a plain build, and listed
    assert tuple(map(str, site.left_out)) == ("no-value (annotations/s.yml:3)",)


def test_statistic_value_that_does_not_match_the_quote(tmp_path):
    site = build_with(tmp_path, {"s.yml": doc("""\
        annotations:
          - id: wrong-value
            type: statistic
            quote: "The government convicted 38 traffickers"
            value: 39
            unit: traffickers convicted
        """)})
    problem = only_problem(site, "wrong-value")
    assert problem.message == "value 39 does not match the number in the quote (38)."


def test_statistic_range_checks(tmp_path):
    site = build_with(tmp_path, {"s.yml": doc("""\
        annotations:
          - id: backwards-range
            type: statistic
            quote: "15 to 20 years"
            value: {min: 20, max: 15}
            unit: years
          - id: good-range
            type: statistic
            quote: "sentences of six days to one month"
            value: {min: 6, max: 1}
          - id: no-number
            type: statistic
            quote: "Endemic corruption"
            value: 3
            unit: corruption
        """)})
    assert "min (20) is larger than its max (15)" in only_problem(site, "backwards-range").message
    assert "contains no number" in only_problem(site, "no-number").message


def test_value_and_unit_on_a_claim(tmp_path):
    site = build_with(tmp_path, {"c.yml": doc("""\
        annotations:
          - id: claim-with-value
            type: claim
            quote: "The government convicted 38 traffickers"
            value: 38
            unit: traffickers
        """)})
    problem = only_problem(site, "claim-with-value")
    assert problem.message == "value, unit only apply to statistics, and this is a claim."
    assert "Change `type` to statistic" in problem.hint


def test_glossary_duplicate_alias(tmp_path):
    site = build_with(tmp_path, {"glossary.yml": """\
        terms:
          - term: Ministry of Justice
            aliases: [MOJ]
            definition: The ministry that collected the court data.
          - term: Justice ministry
            aliases: [moj]
            definition: Another entry for the same body.
        """}, with_cambodia=False)
    (problem,) = site.problems
    assert (problem.file, problem.line, problem.id) == ("annotations/glossary.yml", 5, "Justice ministry")
    assert "already used by 'Ministry of Justice' (annotations/glossary.yml:2)" in problem.message
    assert [term.term for term in site.terms] == ["Ministry of Justice"]


def test_glossary_unknown_see_also(tmp_path):
    site = build_with(tmp_path, {"glossary.yml": """\
        terms:
          - term: forced labor
            definition: Work extracted under threat.
            see_also: [judicial supervison, Forced Labor]
          - term: judicial supervision
            definition: Release pending trial under court conditions.
            see_also: [FORCED LABOR]
        """}, with_cambodia=False)
    (problem,) = site.problems
    assert problem.id == "forced labor"
    assert "see_also names 'judicial supervison', which is not a glossary term." in problem.message
    assert "Did you mean 'judicial supervision'?" in problem.message
    terms = {term.term: term for term in site.terms}
    assert terms["forced labor"].see_also == ()  # the typo is dropped, a link to itself too
    assert terms["judicial supervision"].see_also == ("forced labor",)


def test_duplicate_topic(tmp_path):
    # Files are read in path order, so annotations/more-topics.yml comes first.
    site = build_with(tmp_path, {"more-topics.yml": "topics:\n  - {id: prosecutions, title: Again}\n"}, with_cambodia=False)
    (problem,) = site.problems
    assert (problem.file, problem.line, problem.id) == ("annotations/topics.yml", 2, "prosecutions")
    assert "already defined at annotations/more-topics.yml:2" in problem.message
    assert [topic.title for topic in site.topics] == ["Again"]


# --- the invariant: nothing is silently lost -------------------------------------------------

MESSY = {
    "p1/messy.yml": doc("""\
        annotations:
          - id: good-claim
            type: claim
            quote: "The government maintained law enforcement efforts."
            topics: [prosecutions]
          - id: good-claim
            type: claim
            quote: "Endemic corruption"
          - id: bad-type
            type: clam
            quote: "Endemic corruption"
          - id: not-in-text
            type: claim
            quote: "The government convicted 39 traffickers"
          - id: ambiguous
            type: claim
            quote: "NGOs reported"
          - id: across-paragraphs
            type: claim
            quote: "provide justice for victims. The government did not maintain"
          - id: stat-without-value
            type: statistic
            quote: "The government convicted 38 traffickers"
          - id: stat-mismatch
            type: statistic
            quote: "it also convicted 440 traffickers"
            value: 44
          - id: unknown-topic
            type: caveat
            quote: "law enforcement data was incomplete"
            topics: [pandemik]
          - type: claim
            quote: "Endemic corruption"
          - id: related-to-left-out
            type: allegation
            quote: "Observers alleged prosecutors and judges accepted bribes"
            related: [not-in-text, nowhere]
          - id: wrong-prefix
            type: claim
            quote: "Citing resource constraints"
            prefix: "nothing like this"
          - id: Bad_Id
            type: claim
            quote: "Local experts"
          - id: bad-url
            type: claim
            quote: "Cambodian courts shut down"
            sources: [{title: x, url: ftp://x}]
          - "a plain string where an entry should be"
        """),
    "p2/wrong-doc.yml": """\
        document: cambodia-2023
        annotations:
          - id: in-unknown-doc
            type: claim
            quote: "Endemic corruption"
        """,
    "p2/no-doc.yml": """\
        annotations:
          - id: without-document
            type: claim
            quote: "Endemic corruption"
        """,
    "p3/broken.yml": doc("""\
        annotations:
          - id: in-broken-file
            type: claim
            quote: the report says: this
        """),
}


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("messy"), MESSY)
    return root, site_of(root)


def _entries(root: Path):
    """(file, line, id or None) of every annotation entry, read independently of the plugin."""
    found, unreadable = [], []
    for path in annotation_files(root / "annotations"):
        shown = path.relative_to(root).as_posix()
        try:
            data, _ = yamlfile.parse(path.read_text(encoding="utf-8"))
        except Exception:
            unreadable.append(shown)
            continue
        items = data.get("annotations") if isinstance(data, dict) else None
        for index, item in enumerate(items or []):
            entry_id = item.get("id") if isinstance(item, dict) else None
            found.append((shown, items.item_lines[index], entry_id if isinstance(entry_id, str) else None))
    return found, unreadable


def test_messy_fixture_is_as_messy_as_intended(messy):
    root, site = messy
    entries, unreadable = _entries(root)
    assert len(entries) == 17
    assert unreadable == ["annotations/p3/broken.yml"]
    placed = {a.id for a in site.annotations}
    # Every annotation with an error of its own is left out; a stale prefix on a unique quote is only a warning.
    assert placed == {"good-claim", "wrong-prefix"}


def test_every_entry_is_published_or_named_in_a_problem(messy):
    root, site = messy
    entries, unreadable = _entries(root)
    placed = {(a.file, a.line) for a in site.annotations}
    unaccounted = []
    for file, line, entry_id in entries:
        if (file, line) in placed:
            continue
        named = any(
            p.file == file and (p.line == line or (entry_id is not None and p.id == entry_id) or (p.id is None and p.line in (None, 1)))
            for p in site.problems
        )
        if not named:
            unaccounted.append((file, line, entry_id))
    assert unaccounted == []
    for file in unreadable:
        assert any(p.file == file for p in site.problems)


def test_left_out_names_every_entry_not_published(messy):
    root, site = messy
    entries, unreadable = _entries(root)
    placed = {(a.file, a.line) for a in site.annotations}
    missing = [
        (file, line, entry_id)
        for file, line, entry_id in entries
        if (file, line) not in placed and not any(item.endswith(f"({file}:{line})") for item in map(str, site.left_out))
    ]
    assert missing == []
    for file in unreadable:  # each id the broken file would define is listed
        assert [item for item in map(str, site.left_out) if file in item] == [f"in-broken-file ({file}:3)"]
    # Nothing published is listed as left out.
    for annotation in site.annotations:
        assert f"{annotation.id} ({annotation.file}:{annotation.line})" not in map(str, site.left_out)


def test_messy_problems_point_at_the_right_lines(messy):
    _, site = messy
    by_id = {}
    for problem in site.problems:
        by_id.setdefault(problem.id, []).append(problem)
    lines = {key: sorted({p.line for p in value}) for key, value in by_id.items() if key}
    assert lines["good-claim"] == [7]  # the duplicate, not the first
    assert lines["bad-type"] == [11]  # schema errors point at the field
    # Each problem points at the line of the field that is wrong, not at `- id:`.
    assert lines["not-in-text"] == [15]
    assert lines["ambiguous"] == [18]
    assert lines["across-paragraphs"] == [21]
    assert lines["stat-without-value"] == [23]
    assert lines["stat-mismatch"] == [28]
    assert lines["unknown-topic"] == [32]
    assert lines["related-to-left-out"] == [38]
    assert lines["wrong-prefix"] == [42]
    assert lines["Bad_Id"] == [43]
    assert lines["bad-url"] == [49]
    messages = {p.message for p in by_id["related-to-left-out"]}
    # The left-out 'not-in-text' gives no second problem here; the unknown 'nowhere' does.
    assert [m for m in messages if "not-in-text" in m] == []
    assert any("related id 'nowhere'" in m for m in messages)
    missing_id = [p for p in site.problems if p.line == 33 and p.file == "annotations/p1/messy.yml"]
    assert [p.message for p in missing_id] == ["missing required field 'id'."]


def test_problems_print_as_file_line_id_message(messy):
    _, site = messy
    lines = [str(problem) for problem in site.problems]
    assert "annotations/p1/messy.yml:28: stat-mismatch: value 44 does not match the number in the quote (440)." in " ".join(lines)
