"""Reading aids in a real Chromium: show/hide a type, step through a type, sort a table."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def legend_button(page, annotation_type: str, selector: str):
    return page.locator(f'.ar-legend li[data-type="{annotation_type}"] {selector}')


def open_note_id(page) -> str | None:
    return page.evaluate(
        "() => { const p = document.querySelector('.ar-popover'); if (!p || p.hidden) return null;"
        " const a = document.querySelector('mark.ar-hl--active[id]'); return a && a.id; }"
    )


def test_tools_exist_only_with_javascript(page, new_page, report_url):
    expect(legend_button(page, "claim", ".ar-toggle")).to_have_count(1)
    expect(legend_button(page, "statistic", ".ar-step")).to_have_count(2)
    static = new_page(java_script_enabled=False)
    static.goto(report_url)
    assert static.locator(".ar-legend button").count() == 0


def test_hiding_a_type_removes_its_highlights_and_is_remembered(page, report_url):
    claim = page.locator("mark#law-2008")
    shown_background = claim.evaluate("e => getComputedStyle(e).backgroundColor")
    toggle = legend_button(page, "claim", ".ar-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert claim.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert claim.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    assert page.locator('.ar-ref--claim').first.is_hidden()
    # The text is still the report's: only the highlight went.
    assert "The 2008 Law on the Suppression" in claim.inner_text()
    # Other types are untouched.
    statistic = page.locator("mark#penalty-adult")
    assert statistic.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"

    page.goto(report_url + "?again")  # a new page load remembers the choice
    page.wait_for_selector(".ar-report.ar-js")
    toggle = legend_button(page, "claim", ".ar-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert page.locator("mark#law-2008").evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"

    toggle.click()  # and showing it again restores it
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert page.locator("mark#law-2008").evaluate("e => getComputedStyle(e).backgroundColor") == shown_background


def test_next_and_previous_step_through_one_type_and_wrap(page):
    following = legend_button(page, "statistic", '.ar-step[data-step="1"]')
    previous = legend_button(page, "statistic", '.ar-step[data-step="-1"]')
    following.click()
    assert open_note_id(page) == "penalty-adult"
    expect(page.locator(".ar-popover")).to_contain_text("Adult victims.")
    following.click()
    assert open_note_id(page) == "convictions-2020"
    following.click()
    assert open_note_id(page) == "penalty-adult"  # wraps around
    previous.click()
    assert open_note_id(page) == "convictions-2020"
    assert page.evaluate("location.hash") == "#convictions-2020"


def test_statistics_table_sorts_by_value_both_ways(new_page, base_url):
    page = new_page()
    page.goto(base_url + "statistics/")
    table = page.locator("table[data-sortable]")
    rows = table.locator("tbody tr")
    header = table.locator("th").first
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.annotationRow)") == ["penalty-adult", "convictions-2020"]
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.annotationRow)") == ["convictions-2020", "penalty-adult"]
