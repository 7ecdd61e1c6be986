# ruff: noqa: F405  (names from the shared fixture, reader_site)
"""The type indexes (claims, caveats, allegations) and the statistics page."""

from __future__ import annotations

import textwrap

import pytest

from annotated_report.build import build_site
from annotated_report.pages import PageContext
from annotated_report.pages.indexes import statistics_page
from annotated_report.urls import SiteUrls
from helpers import make_project
from htmltext import Element, parse, text, with_attr, with_class
from reader_site import *  # noqa: F403  (the shared fixture: constants, helpers, `site` and `flat`)

# --- 4. the type indexes and the statistics table --------------------------------------------------


def test_caveats_page_lists_every_caveat_in_reading_order(site):
    url = site.url("caveats")
    found = cards(site.content(url))
    assert [card_id(card) for card in found] == in_reading_order(of_type("caveat"))
    # A caveat qualifies the words around it: shown in its context, under its document's heading.
    for card in found:
        check_card(site, url, card, badge=False, context=True)
    assert [heading for heading, _ in cards_by_heading(site.content(url))] == [
        TITLES[slug] for slug in DOCUMENTS if any(a["document"] == slug for a in of_type("caveat"))]


@pytest.mark.parametrize("kind", ["claim", "allegation"])
def test_claims_and_allegations_are_grouped_by_who_says_so(site, kind):
    url = site.url(TYPE_PAGES[kind].rstrip("/"))
    content = site.content(url)
    groups = cards_by_heading(content)
    expected: dict[str, list[str]] = {}
    for annotation_id in in_reading_order(of_type(kind)):
        expected.setdefault(BY_ID[annotation_id].get("attributed_to") or "The report itself", []).append(annotation_id)
    assert dict(groups) == expected
    assert len(groups) == len(expected), "a group heading appears twice"
    # A claim or allegation reads on its own: its words in quotation marks, its document named in the link.
    for card in cards(content):
        check_card(site, url, card, badge=False, context=False, title=True)
    # Every heading has a unique id, and the "who says what" line links to each.
    headings = content.find_all(lambda e: e.tag == "h2")
    assert len({h.get("id") for h in headings}) == len(headings)
    who = content.find(with_class("ar-who"))
    assert [site.resolve(url, a.get("href"))[1] for a in who.find_all(lambda e: e.tag == "a")] == [h.get("id") for h in headings]


def test_claims_page_has_a_group_for_the_report_itself(site):
    groups = dict(cards_by_heading(site.content(site.url("claims"))))
    assert groups["The report itself"] == in_reading_order([a for a in of_type("claim") if not a.get("attributed_to")])


@pytest.fixture(scope="module")
def statistics(site) -> Element:
    return site.content(site.url("statistics"))


def caveats_of(annotation_id: str) -> set[str]:
    """The fixture's caveats linked to an annotation, in either direction."""
    own = set(BY_ID[annotation_id].get("related", ()))
    return {a["id"] for a in of_type("caveat") if annotation_id in a.get("related", ()) or a["id"] in own}


def test_statistics_tables_one_per_document_one_row_per_statistic(site, statistics):
    """The document is named once, in its table's caption; each row is value, unit, year, passage."""
    url = site.url("statistics")
    tables = statistics.find_all(with_attr("data-ar-table", "statistics"))
    with_statistics = [slug for slug in DOCUMENTS if any(a["document"] == slug for a in of_type("statistic"))]
    assert [table.get("data-document") for table in tables] == with_statistics
    for table in tables:
        slug = table.get("data-document")
        caption = table.find(lambda e: e.tag == "caption")
        assert squash(text(caption)) == TITLES[slug]
        assert site.resolve(url, caption.find(lambda e: e.tag == "a").get("href")) == (site.report(slug), "")
        header = [squash(text(th)) for th in table.find(lambda e: e.tag == "thead").find_all(lambda e: e.tag == "th")]
        assert header == ["Value", "Unit", "Year", "Passage"]
        rows = table.find(lambda e: e.tag == "tbody").find_all(lambda e: e.tag == "tr")
        # Each row's annotation is its passage link's fragment.
        row_ids = [row.find_all(lambda e: e.tag == "td")[-1].find(lambda e: e.tag == "a").get("href").rsplit("#", 1)[1] for row in rows]
        assert row_ids == in_reading_order([a for a in of_type("statistic") if a["document"] == slug])
        for row, row_id in zip(rows, row_ids):
            annotation = BY_ID[row_id]
            value, unit, year, passage = row.find_all(lambda e: e.tag == "td")
            marks = value.find(with_class("ar-caveat-marks"))
            assert text(value) == VALUE_TEXT[annotation["id"]] + (text(marks) if marks else "")
            # A mark beside the figure for each caveat linked to it (either way), to that caveat's note.
            marked = {site.resolve(url, a.get("href"))[1] for a in (marks.find_all(lambda e: e.tag == "a") if marks else [])}
            assert marked == caveats_of(annotation["id"])
            raw = annotation["value"]
            assert float(value.get("data-sort")) == (raw if not isinstance(raw, dict) else raw["min"])
            assert text(unit) == annotation["unit"]
            if "year" in annotation:
                assert text(year) == str(annotation["year"])
                assert float(year.get("data-sort")) == annotation["year"]
            else:  # no year: an empty cell, sorted last by the table script
                assert text(year) == "" and year.get("data-sort") == ""
            assert text(passage) == f"\u00b6 {PLACES[annotation['id']][0]}: \u201c{annotation['quote']}\u201d"
            assert TITLES[slug] not in text(row)
            (anchor,) = passage.find_all(lambda e: e.tag == "a")
            assert site.resolve(url, anchor.get("href")) == (site.report(annotation["document"]), annotation["id"])
            assert site.broken(url, anchor.get("href")) is None


def test_statistics_charts_come_first_each_beside_the_caveats_on_its_figures(site, statistics):
    blocks = statistics.find_all(with_class("ar-chart-block"))
    assert blocks
    first_table = statistics.find(with_attr("data-ar-table", "statistics"))
    order = list(statistics.iter())
    assert all(order.index(block) < order.index(first_table) for block in blocks)
    for block in blocks:
        members = {a["id"] for a in of_type("statistic") if a.get("series") == block.get("data-series")}
        expected = {
            a["id"] for a in of_type("caveat")
            if members & set(a.get("related", []))
        } | {
            other for a in ANNOTATIONS if a["id"] in members for other in a.get("related", []) if BY_ID[other]["type"] == "caveat"
        }
        aside = block.find(with_class("ar-chart__caveats"))
        shown = set() if aside is None else {a.get("data-annotation-link") for a in aside.find_all(with_attr("data-annotation-link"))}
        assert shown == expected, block.get("data-series")
        for link in [] if aside is None else aside.find_all(lambda e: e.tag == "a"):
            assert site.broken(site.url("statistics"), link.get("href")) is None
    assert any(block.find(with_class("ar-chart__caveats")) is not None for block in blocks), "the fixture has a caveat on a series"


def test_statistics_chart_one_svg_per_series_with_two_years(statistics):
    assert statistics.find(with_attr("id", "over-time")) is not None
    series: dict[str, dict[int, float]] = {}
    units: dict[str, str] = {}
    for annotation in of_type("statistic"):
        if "series" in annotation and "year" in annotation and not isinstance(annotation["value"], dict):
            series.setdefault(annotation["series"], {})[annotation["year"]] = annotation["value"]
            units[annotation["series"]] = annotation["unit"]
    charted = {name: values for name, values in series.items() if len(values) >= 2}
    assert set(charted) == {"convictions", "other-cases"}  # "people-prosecuted" has one year only
    figures = statistics.find_all(lambda e: e.tag == "figure" and "ar-chart" in e.classes)
    assert len(figures) == len(charted)
    assert sum(len(f.find_all(lambda e: e.tag == "svg")) for f in figures) == len(charted)
    shown = {}
    for figure in figures:
        (svg,) = figure.find_all(lambda e: e.tag == "svg")
        years = [int(text(t)) for t in svg.find_all(with_class("ar-chart__year"))]
        values = [float(text(t).replace(",", "")) for t in svg.find_all(with_class("ar-chart__value"))]
        assert len(svg.find_all(lambda e: e.tag == "rect")) == len(years) == len(values)
        assert years == sorted(years)
        caption = squash(text(figure.find(lambda e: e.tag == "figcaption")))
        name = next(name for name in charted if units[name] == caption)
        shown[name] = dict(zip(years, values))
    assert shown == charted


def _rate_site(root):
    """A one-sentence report with a chartable two-year series (2.5 and 3.75 percent)."""
    make_project(
        root,
        {"rate.yml": textwrap.dedent("""\
            document: rates
            annotations:
              - {id: rate-2020, type: statistic, quote: "2.5 percent in 2020", value: 2.5, unit: percent, year: 2020, series: rate}
              - {id: rate-2021, type: statistic, quote: "3.75 percent in 2021", value: 3.75, unit: percent, year: 2021, series: rate}
            """)},
        seeds={"rates": "The rate was 2.5 percent in 2020 and 3.75 percent in 2021.\n"},
        with_cambodia=False,
    )
    return build_site(root / "seeds", root / "annotations", root)


def test_chart_value_labels_keep_decimals(tmp_path):
    # The chart's labels must say what the statistics say, including values that are not whole.
    built_site = _rate_site(tmp_path)
    assert built_site.problems == ()
    html = statistics_page(PageContext.of(built_site, SiteUrls())).render()
    (svg,) = parse(html).find_all(lambda e: e.tag == "svg")
    labels = [text(t) for t in svg.find_all(with_class("ar-chart__value"))]
    assert labels == ["2.5", "3.75"]


def test_comparable_series_is_one_function_whose_rules_can_grow(tmp_path, monkeypatch):
    from annotated_report import analysis

    built_site = _rate_site(tmp_path)
    statistics = list(built_site.annotations)
    assert list(analysis.comparable_series(statistics, built_site)) == ["rate"]
    monkeypatch.setattr(analysis, "SERIES_RULES", [*analysis.SERIES_RULES, lambda name, members, site: name != "rate"])
    assert analysis.comparable_series(statistics, built_site) == {}
    assert parse(statistics_page(PageContext.of(built_site, SiteUrls())).render()).find_all(with_class("ar-chart")) == []


def test_a_phone_shows_each_statistics_cell_with_its_column_heading():
    """Rows stack on a phone; the stylesheet names each cell by its column (once, not per cell)."""
    import re
    from importlib import resources

    css = resources.files("annotated_report").joinpath("assets", "annotated-report-pages.css").read_text("utf-8")
    labels = dict(re.findall(r'table\[data-ar-table="statistics"\] td:nth-child\((\d)\)::before \{ content: "([^"]*): "; \}', css))
    assert labels == {"1": "Value", "2": "Unit", "3": "Year", "4": "Passage"}


def test_a_series_with_two_figures_for_one_year_is_named_not_charted(tmp_path):
    """Two figures for one year are different things counted: no chart, and the page says why."""
    make_project(
        tmp_path,
        {"rate.yml": textwrap.dedent("""\
            document: rates
            annotations:
              - {id: rate-a, type: statistic, quote: "2.5 percent in 2020", value: 2.5, unit: percent, year: 2020, series: rate}
              - {id: rate-b, type: statistic, quote: "2.7 percent in 2020", value: 2.7, unit: percent, year: 2020, series: rate}
              - {id: rate-c, type: statistic, quote: "3.75 percent in 2021", value: 3.75, unit: percent, year: 2021, series: rate}
            """)},
        seeds={"rates": "The rate was 2.5 percent in 2020 (2.7 percent in 2020 by another count) and 3.75 percent in 2021.\n"},
        with_cambodia=False,
    )
    built_site = build_site(tmp_path / "seeds", tmp_path / "annotations", tmp_path)
    assert built_site.problems == ()
    root = parse(statistics_page(PageContext.of(built_site, SiteUrls())).render())
    assert root.find_all(with_class("ar-chart")) == []
    (note,) = root.find_all(with_class("ar-not-charted"))
    assert text(note).startswith("Not charted:")
    (item,) = note.find_all(lambda e: e.tag == "li")
    assert " ".join(text(item).split()) == "rate: more than one figure for 2020, and one bar a year would mix different counts."
    # Every figure is still in the table.
    assert len(root.find(with_attr("data-ar-table", "statistics")).find_all(lambda e: e.tag == "td" and e.has("data-sort"))) == 6


def test_the_projects_statistics_page_says_why_nothing_is_charted_and_marks_the_figures():
    """This repository's report has no comparable series: the page says so, linking every caveat
    that says the years cannot be compared, and marks each figure those caveats qualify."""
    from annotated_report.analysis import blocking_caveats, comparable_series
    from helpers import REPO

    built_site = build_site(REPO / "seeds", REPO / "annotations", REPO)
    assert comparable_series(built_site.in_reading_order(), built_site) == {}
    root = parse(statistics_page(PageContext.of(built_site, SiteUrls())).render())
    assert root.find_all(with_class("ar-chart")) == []
    (why,) = root.find_all(with_class("ar-not-charted"))
    assert " ".join(text(why).split()).startswith(
        "No figure is charted over time: the report warns that its figures for different years cannot be compared. Read why:")
    blocking = [a for a in built_site.in_reading_order() if a.type == "caveat" and a.blocks_comparison]
    assert blocking
    linked = [a.get("data-annotation-link") for a in why.find_all(lambda e: e.tag == "a")]
    assert linked == [a.id for a in blocking]
    labels = [" ".join(text(a).split()) for a in why.find_all(lambda e: e.tag == "a")]
    assert len(set(labels)) == len(labels)  # two caveats never read alike
    # 2021's 38 convictions and 2020's 440 each carry the mark of a caveat that says they are not comparable.
    rows = {row.find_all(lambda e: e.tag == "td")[-1].find(lambda e: e.tag == "a").get("href").rsplit("#", 1)[1]: row
            for row in root.find_all(lambda e: e.tag == "tr") if row.find_all(lambda e: e.tag == "td")}
    for statistic_id in ("convictions-2021", "convictions-2020"):
        marks = rows[statistic_id].find_all(with_class("ar-caveat-mark--blocks"))
        assert marks, statistic_id
        for mark in marks:
            assert mark.get("aria-label").startswith("Caveat ") and "not comparable across years" in mark.get("aria-label")
    assert blocking_caveats(built_site, [built_site.annotations_by_id["convictions-2021"]])
