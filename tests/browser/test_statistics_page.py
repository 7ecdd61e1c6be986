"""The statistics page in Chromium: charts first, each with the caveats on its figures beside
it, and tables a phone can read without scrolling sideways.

This repository's own site draws no chart (the editorial rules block every series), so the
page is built from the reader fixture (tests/reader_site.py), whose series are chartable and
whose caveats qualify them.
"""

from __future__ import annotations

import functools
import http.server
import itertools
import threading

import pytest
from playwright.sync_api import expect
from reading_checks import axe_violations
from site_tour import _Quiet

from helpers import build
from reader_site import make_reader_project

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}


@pytest.fixture(scope="module")
def statistics_url(tmp_path_factory):
    root = make_reader_project(tmp_path_factory.mktemp("statistics-site"))
    result = build(root, strict=True)
    assert not result.aborted and not result.warnings, result.warnings
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(result.site_dir)))
    base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url + "statistics/"
    server.shutdown()
    server.server_close()


def open_statistics(new_page, url: str, width: str, scheme: str = "light"):
    page = new_page(viewport=WIDTHS[width], color_scheme=scheme)
    page.goto(url)
    page.wait_for_load_state("load")
    expect(page.locator(".ar-chart-block").first).to_be_visible()
    return page


LAYOUT_JS = """() => {
  const box = el => { const r = el.getBoundingClientRect(); return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right}; };
  const root = document.documentElement;
  const overflowing = [...document.querySelectorAll('.md-content *')]
    .filter(el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
    .map(el => el.tagName + '.' + el.className);
  return {
    viewW: root.clientWidth, pageW: root.scrollWidth, bodyW: document.body.scrollWidth, overflowing,
    h2: [...document.querySelectorAll('.md-content h2')].map(h => [h.id, box(h).top]),
    blocks: [...document.querySelectorAll('.ar-chart-block')].map(b => ({
      series: b.dataset.series, figure: box(b.querySelector('figure')), svg: box(b.querySelector('svg')),
      aside: b.querySelector('.ar-chart__caveats') && box(b.querySelector('.ar-chart__caveats')),
      next: b.querySelector('figure').nextElementSibling && b.querySelector('figure').nextElementSibling.className})),
    tables: [...document.querySelectorAll('table[data-ar-table="statistics"]')].map(t => ({
      box: box(t), scrollW: t.scrollWidth, clientW: t.clientWidth, caption: box(t.caption),
      captionLine: parseFloat(getComputedStyle(t.caption).lineHeight),
      rows: [...t.tBodies[0].rows].map(tr => [...tr.cells].map(td => ({
        box: box(td), label: getComputedStyle(td, '::before').content})))})),
  };
}"""


def test_on_a_phone_the_tables_stack_and_nothing_scrolls_sideways(new_page, statistics_url):
    page = open_statistics(new_page, statistics_url, "phone")
    layout = page.evaluate(LAYOUT_JS)
    assert layout["pageW"] <= layout["viewW"] and layout["bodyW"] <= layout["viewW"], layout["pageW"]
    assert not layout["overflowing"], layout["overflowing"]  # no scroll box inside the content either
    assert layout["tables"]
    for table in layout["tables"]:
        assert table["scrollW"] <= table["clientW"] + 1 and table["box"]["right"] <= layout["viewW"] + 0.5
        caption = table["caption"]  # the document's name across the card, not a letter a line
        assert caption["right"] - caption["left"] >= table["box"]["right"] - table["box"]["left"] - 2, caption
        assert caption["bottom"] - caption["top"] <= 3 * table["captionLine"], caption
        assert table["rows"]
        for cells in table["rows"]:
            # Each row a small card: cells one under another, each named by its column.
            assert [c["label"] for c in cells] == ['"Value: "', '"Unit: "', '"Year: "', '"Passage: "']
            tops = [c["box"]["top"] for c in cells]
            assert all(below >= above + 1 for above, below in itertools.pairwise(tops)), tops
            assert all(c["box"]["right"] <= layout["viewW"] + 0.5 for c in cells)
    expect(page.locator(".ar-sort-hint")).to_be_hidden()  # no column headings to select here
    page.close()


def test_sortable_column_headings_keep_their_arrow_on_the_same_line(new_page, statistics_url):
    page = open_statistics(new_page, statistics_url, "desktop")
    expect(page.locator(".ar-sort-hint")).to_be_visible()
    buttons = page.locator('table[data-ar-table="statistics"] th button.ar-sort')
    assert buttons.count() >= 8
    for index in range(buttons.count()):
        heights = buttons.nth(index).evaluate(
            "b => [b.getBoundingClientRect().height, parseFloat(getComputedStyle(b).lineHeight)]")
        assert heights[0] < 1.5 * heights[1], (buttons.nth(index).inner_text(), heights)
    page.close()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_charts_come_first_each_with_its_caveats_beside_it(new_page, statistics_url, width):
    page = open_statistics(new_page, statistics_url, width)
    layout = page.evaluate(LAYOUT_JS)
    headings = dict(layout["h2"])
    assert headings["over-time"] < headings["all-figures"]
    first_table = min(t["box"]["top"] for t in layout["tables"])
    with_caveats = [b for b in layout["blocks"] if b["aside"]]
    assert layout["blocks"] and with_caveats, "the fixture charts a series that a caveat qualifies"
    for block in layout["blocks"]:
        assert block["figure"]["bottom"] <= first_table  # every chart above the tables
        assert block["svg"]["right"] <= layout["viewW"] + 0.5 and block["svg"]["left"] >= -0.5
    for block in with_caveats:
        figure, aside = block["figure"], block["aside"]
        assert block["next"] == "ar-chart__caveats"  # read right after the chart, not somewhere else
        assert aside["bottom"] <= first_table
        if width == "desktop":  # beside: to the right, starting about level with the chart
            assert aside["left"] >= figure["right"] and abs(aside["top"] - figure["top"]) < 20, (figure, aside)
            assert aside["top"] < figure["bottom"] and aside["bottom"] > figure["top"]
        else:  # no room beside it on a phone: straight under the chart, full width
            assert 0 <= aside["top"] - figure["bottom"] < 40 and aside["right"] <= layout["viewW"] + 0.5, (figure, aside)
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_statistics_page_with_charts_passes_axe_core(new_page, statistics_url, width, scheme):
    page = open_statistics(new_page, statistics_url, width, scheme)
    found = [v for v in axe_violations(page, ("serious", "critical", "moderate"))
             if v["impact"] != "moderate" or v["id"] == "heading-order"]
    assert not found, found
    page.close()


# --- this repository's own site: nothing is comparable, and the page says why ---------------------

MARKS_JS = """() => [...document.querySelectorAll('table[data-ar-table="statistics"] a.ar-caveat-mark')].map(a => {
  const r = a.getBoundingClientRect();
  return {w: r.width, h: r.height, name: a.getAttribute('aria-label'), href: a.getAttribute('href'), row: a.closest('tr').rowIndex};
})"""


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_project_statistics_page_says_why_no_series_is_charted(new_page, project_site, width):
    _, base_url = project_site
    page = new_page(viewport=WIDTHS[width])
    page.goto(base_url + "statistics/")
    page.wait_for_load_state("load")
    assert page.locator(".ar-chart").count() == 0
    why = page.locator(".ar-not-charted")
    expect(why).to_be_visible()
    expect(why).to_contain_text("No figure is charted over time: the report warns that its figures for different years cannot be compared.")
    links = why.locator("a")
    assert links.count() >= 1
    for index in range(links.count()):  # each reason is a caveat's own note
        expect(links.nth(index)).to_contain_text("Caveat: “")
        assert "#" in (links.nth(index).get_attribute("href") or "")
    # The reason is read before the tables.
    assert why.bounding_box()["y"] < page.locator('table[data-ar-table="statistics"]').first.bounding_box()["y"]
    # Caveat marks beside the figures: named, linked to a note, targets of 24×24 px at least.
    marks = page.evaluate(MARKS_JS)
    assert marks
    for mark in marks:
        assert mark["w"] >= 24 and mark["h"] >= 24, mark
        assert mark["name"].startswith("Caveat ") and "#" in mark["href"], mark
    # Sorting by value keeps each mark in its figure's row.
    if width == "desktop":
        before = {(m["name"], m["href"]) for m in marks}
        page.locator('table[data-ar-table="statistics"] th button.ar-sort').first.click()
        after = page.evaluate(MARKS_JS)
        assert {(m["name"], m["href"]) for m in after} == before
    page.close()
