"""Reading aids in a real Chromium: show/hide a type, step through a type, sort a table."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from reading_checks import choose_reading_mode, open_reading_guide

pytestmark = pytest.mark.browser


def legend_button(page, annotation_type: str, selector: str):
    return page.locator(f'.ar-legend li[data-type="{annotation_type}"] {selector}')


def open_note_id(page) -> str | None:
    return page.evaluate(
        "() => { const p = document.querySelector('.ar-popover'); if (!p || p.hidden) return null;"
        " const a = document.querySelector('mark.ar-hl--active[id]'); return a && a.id; }"
    )


def mode_choice(page, mode: str):
    return page.locator(f'.ar-legend .ar-modes input[value="{mode}"]')


def style(page, selector: str, prop: str) -> str:
    return page.locator(selector).evaluate(f"e => getComputedStyle(e).{prop}")


def test_tools_exist_only_with_javascript(page, new_page, report_url):
    expect(page.locator(".ar-legend .ar-modes input[type=radio]")).to_have_count(7)
    expect(page.locator(".ar-modes legend")).to_have_text("Show")
    expect(legend_button(page, "statistic", ".ar-step")).to_have_count(2)
    static = new_page(java_script_enabled=False)
    static.goto(report_url)
    assert static.locator(".ar-legend button, .ar-legend input").count() == 0


def test_marked_is_the_default_and_tints_on_hover_and_focus(page):
    """The report reads as text that shows the work: each type's line at full strength,
    no tint, no note numbers; hovering or focusing a passage adds its tint."""
    expect(mode_choice(page, "marks")).to_be_checked()
    assert page.locator(".ar-report").get_attribute("data-reading-mode") == "marks"
    claim = "mark#law-2008"
    assert style(page, claim, "backgroundColor") == "rgba(0, 0, 0, 0)"
    assert style(page, claim, "textDecorationLine") == "underline"
    assert style(page, claim, "textDecorationStyle") == "solid"  # the type's cue stays
    assert float(style(page, claim, "textDecorationThickness").removesuffix("px")) >= 2
    assert page.locator(".ar-paragraph .ar-ref").first.is_hidden()
    # Every annotation is still a control: one tab stop each.
    assert page.locator(".ar-paragraph mark[tabindex='0']").count() == 6
    page.locator(claim).focus()
    assert style(page, claim, "backgroundColor") != "rgba(0, 0, 0, 0)"
    page.locator("article h1").hover()
    page.locator("#data-incomplete").hover()
    assert style(page, "#data-incomplete", "backgroundColor") != "rgba(0, 0, 0, 0)"


def test_one_type_plain_text_and_all_are_remembered(page, report_url):
    choose_reading_mode(page, "claim")
    assert page.locator(".ar-report").get_attribute("data-reading-mode") == "claim"
    # Claims in full (tint, badge), the other types plain text and no tab stops.
    assert style(page, "mark#law-2008", "backgroundColor") != "rgba(0, 0, 0, 0)"
    expect(page.locator('.ar-paragraph mark[data-type="claim"] > .ar-ref').first).to_be_visible()
    assert style(page, "mark#penalty-adult", "borderBottomStyle") == "none"
    assert style(page, "mark#ngos-practice", "textDecorationLine") == "none"
    expect(page.locator('.ar-paragraph mark[data-type="statistic"] > .ar-ref').first).to_be_hidden()
    stops = page.eval_on_selector_all(".ar-paragraph mark[tabindex='0']", "els => els.map(e => e.id)")
    assert stops == ["law-2008"]
    # A click on a statistic inside the claim opens the claim: only claims are controls.
    page.locator("mark#penalty-adult").click()
    expect(page.locator(".ar-popover")).to_contain_text("is the main statute")
    assert open_note_id(page) == "law-2008"
    page.keyboard.press("Escape")
    # The text is still the report's: only the highlight went.
    assert "convicted 440 traffickers" in page.locator("mark#convictions-2020").inner_text()

    page.goto(report_url + "?again")  # a new page load remembers the choice
    page.wait_for_selector(".ar-report.ar-js")
    expect(mode_choice(page, "claim")).to_be_checked()
    assert style(page, "mark#ngos-practice", "textDecorationLine") == "none"

    choose_reading_mode(page, "plain")
    for mark in ("law-2008", "penalty-adult", "ngos-practice", "labor-law"):
        assert style(page, f"mark#{mark}", "backgroundColor") == "rgba(0, 0, 0, 0)"
        assert style(page, f"mark#{mark}", "textDecorationLine") == "none"
    expect(page.locator(".ar-paragraph .ar-ref:visible")).to_have_count(0)
    assert page.locator(".ar-paragraph mark[tabindex]").count() == 0
    page.locator("mark#law-2008").click()
    expect(page.locator(".ar-popover")).to_have_count(0)  # plain text opens nothing

    choose_reading_mode(page, "all")
    page.goto(report_url)
    page.wait_for_selector(".ar-report.ar-js")
    expect(mode_choice(page, "all")).to_be_checked()
    assert style(page, "mark#law-2008", "backgroundColor") != "rgba(0, 0, 0, 0)"
    expect(page.locator(".ar-paragraph .ar-ref").first).to_be_visible()
    assert page.locator(".ar-paragraph mark[tabindex='0']").count() == 6


def test_an_unreadable_stored_mode_falls_back_to_marked(new_page, report_url):
    page = new_page()
    page.add_init_script("localStorage.setItem('annotated-report:reading-mode', 'neon')")
    page.goto(report_url)
    page.wait_for_selector(".ar-report.ar-js")
    expect(mode_choice(page, "marks")).to_be_checked()


def test_next_and_previous_step_through_one_type_and_wrap(page):
    open_reading_guide(page)
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
    assert rows.evaluate_all("rs => rs.map(r => r.querySelector('td:last-child a').hash.slice(1))") == ["penalty-adult", "convictions-2020"]
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert rows.evaluate_all("rs => rs.map(r => r.querySelector('td:last-child a').hash.slice(1))") == ["convictions-2020", "penalty-adult"]
