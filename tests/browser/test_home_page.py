"""The home page and the glossary's letters on this repository's own site, in Chromium: what the
site is, in the first screen at 375 and 1280 px, and targets a finger can hit."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_project_home_page_says_what_this_is_in_the_first_screen(new_page, project_site, width):
    _, base_url = project_site
    viewport = VIEWPORTS[width]
    page = new_page(viewport=viewport)
    page.goto(base_url)
    page.wait_for_load_state("load")
    origin = page.locator(".ar-home__origin").first
    expect(origin).to_contain_text("Cambodia")
    expect(origin).to_contain_text("Trafficking in Persons Report")
    expect(origin).to_contain_text("U.S. Department of State")
    assert origin.bounding_box()["y"] + origin.bounding_box()["height"] <= viewport["height"]  # in the first screen
    button = page.get_by_role("link", name="Read the annotated text")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
    if width == "desktop":
        assert box["y"] + box["height"] <= viewport["height"]
    # Nothing wider than the screen on a phone (the old documents table was cut off).
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths
    expect(page.locator(".ar-colophon")).to_contain_text("Notes last reviewed")
    page.close()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_glossary_letters_are_targets_of_24_px_at_least(new_page, project_site, width):
    _, base_url = project_site
    page = new_page(viewport=VIEWPORTS[width])
    page.goto(base_url + "glossary/")
    page.wait_for_load_state("load")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.ar-glossary__letters a')].map(a => {
      const r = a.getBoundingClientRect(); return [a.textContent.trim(), r.width, r.height]; })""")
    assert sizes
    small = [size for size in sizes if size[1] < 24 or size[2] < 24]
    assert not small, small
    page.close()
