"""The Zensical build (`annotated-report pages` + `zensical build`) in a real Chromium, in both
of Zensical's theme variants: a highlight opens its note, a permalink lands with the note
open, and the legend's reading modes work, as on Material."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from reading_checks import choose_reading_mode

from helpers import SEED_SLUG

pytestmark = pytest.mark.browser

REPORT = f"reports/{SEED_SLUG}/"


@pytest.fixture(params=["classic", "modern"])
def zensical(request, zensical_sites) -> str:
    """The base URL of the Zensical site in one theme variant."""
    site_dir, base_url = zensical_sites(request.param)
    report = (site_dir / REPORT / "index.html").read_text(encoding="utf-8")
    assert f"assets/stylesheets/{request.param}/main." in report, f"not the {request.param} variant"
    return base_url


def open_report(new_page, base_url: str, fragment: str = ""):
    page = new_page()
    page.goto(base_url + REPORT + fragment, wait_until="domcontentloaded")
    page.wait_for_selector(".ar-report.ar-js")
    return page


#: A highlight neither inside another nor holding one: a click on it means it alone.
SINGLE_MARKS = """() => [...document.querySelectorAll('.ar-paragraph mark[data-annotation][id]')]
    .filter(m => !m.querySelector('mark') && !m.parentElement.closest('mark')).map(m => m.id)"""


def test_a_click_on_a_highlight_opens_its_note(new_page, zensical):
    page = open_report(new_page, zensical)
    annotation = page.evaluate(SINGLE_MARKS)[2]
    note = page.locator(f'[data-annotation-note="{annotation}"]').first.text_content() or ""
    page.locator(f"mark#{annotation}").click()
    popover = page.locator(".ar-popover")
    expect(popover).to_be_visible()
    expect(popover).to_be_focused()
    assert page.locator(".ar-hl--active").first.get_attribute("data-annotation") == annotation
    assert page.evaluate("location.hash") == f"#{annotation}"
    first_words = " ".join(note.split()[-6:])
    assert first_words and first_words in " ".join((popover.text_content() or "").split())


def test_a_permalink_lands_with_its_note_open(new_page, zensical):
    annotation = open_report(new_page, zensical).evaluate(SINGLE_MARKS)[-1]
    page = open_report(new_page, zensical, f"#{annotation}")
    expect(page.locator(".ar-popover")).to_be_visible()
    assert page.locator(".ar-hl--active").first.get_attribute("data-annotation") == annotation
    line = page.evaluate(f"() => document.getElementById('{annotation}').getBoundingClientRect().toJSON()")
    header = page.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert header - 0.5 <= line["top"] and line["bottom"] <= page.viewport_size["height"]  # in view, not under the header


def test_the_legend_switches_reading_modes_and_remembers_them(new_page, zensical):
    page = open_report(new_page, zensical)
    report = page.locator(".ar-report")
    assert report.get_attribute("data-reading-mode") == "marks"
    choose_reading_mode(page, "claim")
    assert report.get_attribute("data-reading-mode") == "claim"
    expect(page.locator('.ar-paragraph mark[data-type="claim"] > .ar-ref').first).to_be_visible()
    expect(page.locator('.ar-paragraph mark[data-type="statistic"] > .ar-ref').first).to_be_hidden()
    choose_reading_mode(page, "plain")
    assert report.get_attribute("data-reading-mode") == "plain"
    claim = page.locator('.ar-paragraph mark[data-type="claim"]').first
    assert claim.evaluate("m => getComputedStyle(m).textDecorationLine") == "none"
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector(".ar-report.ar-js")
    assert page.locator(".ar-report").get_attribute("data-reading-mode") == "plain"
    expect(page.locator('.ar-legend .ar-modes input[value="plain"]')).to_be_checked()
