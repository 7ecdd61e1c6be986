"""The report page in a real browser: highlights, the note popover, keyboard, URLs, no-JS."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from reading_checks import choose_reading_mode

pytestmark = pytest.mark.browser

TYPES = ("claim", "statistic", "caveat", "allegation")


def popover(page):
    return page.locator(".ar-popover")


def fragments(page, annotation):
    return page.locator(f'.ar-paragraph mark[data-annotation="{annotation}"]')


def active_ids(page) -> list[str]:
    return page.eval_on_selector_all(".ar-hl--active", "els => els.map(e => e.dataset.annotation)")


def click_text(page, annotation, fragment=0):
    """Click the first letters of text that belongs to this fragment itself (not to a
    nested highlight), the way a reader aims at words, not at an element's box."""
    fragments(page, annotation).nth(fragment).scroll_into_view_if_needed()
    point = page.evaluate(
        """([id, n]) => {
          const mark = document.querySelectorAll(`.ar-paragraph mark[data-annotation="${id}"]`)[n];
          const text = [...mark.childNodes].find(c => c.nodeType === Node.TEXT_NODE && c.data.trim());
          const start = text.data.search(/\\S/);
          const range = document.createRange();
          range.setStart(text, start);
          range.setEnd(text, Math.min(start + 3, text.length));
          const r = range.getClientRects()[0];
          return {x: r.left + r.width / 2, y: r.top + r.height / 2};
        }""",
        [annotation, fragment],
    )
    page.mouse.click(point["x"], point["y"])


def in_viewport(page, selector) -> bool:
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth; }",
    )


def hash_of(page) -> str:
    return page.evaluate("location.hash")


# ------------------------------------------------------------------ the page at rest --


def test_text_is_the_seed_text(page, seed_paragraphs):
    """Fidelity: each paragraph, without its [data-note] markers, is the seed paragraph."""
    texts = page.eval_on_selector_all(
        ".ar-paragraph",
        """ps => ps.map(p => {
          const clone = p.cloneNode(true);
          clone.querySelectorAll('[data-note]').forEach(n => n.remove());
          return clone.textContent;
        })""",
    )
    assert texts == seed_paragraphs
    inner = page.eval_on_selector_all(
        ".ar-paragraph",
        """ps => ps.map(p => {
          const hide = [...p.querySelectorAll('[data-note]')];
          hide.forEach(n => n.style.display = 'none');
          const text = p.innerText;
          hide.forEach(n => n.style.display = '');
          return text;
        })""",
    )
    assert inner == seed_paragraphs


def test_each_type_has_its_own_non_colour_cue(page):
    read = """types => types.map(t => {
          const s = getComputedStyle(document.querySelector(`.ar-paragraph > mark[data-type="${t}"]`));
          return [s.textDecorationLine, s.textDecorationStyle, s.backgroundColor, s.textDecorationColor];
        })"""
    # Marked (the default): the line and its style tell the types apart, in four colours, no tint.
    marked = page.evaluate(read, list(TYPES))
    assert [line for line, *_ in marked] == ["underline"] * 4
    assert [style for _, style, *_ in marked] == ["solid", "double", "dashed", "wavy"]
    assert len({colour for *_, colour in marked}) == 4
    assert {background for _, _, background, _ in marked} == {"rgba(0, 0, 0, 0)"}
    # Highlighted: each type also has its own tint.
    choose_reading_mode(page, "all")
    styles = page.evaluate(read, list(TYPES))
    assert [line for line, *_ in styles] == ["underline"] * 4
    assert [style for _, style, *_ in styles] == ["solid", "double", "dashed", "wavy"]
    backgrounds = [bg for _, _, bg, _ in styles]
    assert len(set(backgrounds)) == 4
    # Material's yellow `mark` (#ffff0080) is overridden.
    assert "rgba(255, 255, 0, 0.5)" not in backgrounds
    # The badges carry a letter, and the legend shows the same underline styles.
    legend = page.evaluate(
        """types => types.map(t => getComputedStyle(document.querySelector(
             `.ar-legend li[data-type="${t}"] .ar-type`)).textDecorationStyle)""",
        list(TYPES),
    )
    assert legend == ["solid", "double", "dashed", "wavy"]
    expect(page.locator(".ar-paragraph .ar-ref a").first).to_have_text(re.compile(r"^[0-9]+$"))  # the note's number


def test_nested_highlight_keeps_both_lines(page):
    """Inside another highlight, a highlight's line is a border below its parent's underline."""
    styles = page.evaluate(
        """() => ['law-2008', 'penalty-adult', 'ngos-practice', 'labor-law'].map(id => {
             const s = getComputedStyle(document.getElementById(id));
             return [s.textDecorationLine, s.textDecorationStyle, s.borderBottomStyle];
           })"""
    )
    assert styles[0][:2] == ["underline", "solid"]  # the outer claim
    assert styles[1][2] == "double"  # the statistic inside it
    assert styles[2][:2] == ["underline", "wavy"]  # the allegation a caveat crosses
    assert styles[3][2] == "dashed"  # the caveat's fragment inside the allegation


def test_with_javascript_notes_lists_are_hidden_but_kept(page):
    expect(page.locator(".ar-notes").first).to_be_hidden()
    expect(page.locator("#note_law-2008")).to_have_count(1)
    expect(popover(page)).to_have_count(0)  # created on first use


# ------------------------------------------------------------------------ popover --


def test_click_opens_the_note_in_a_popover(page):
    click_text(page, "law-2008")
    pop = popover(page)
    expect(pop).to_be_visible()
    expect(pop).to_have_attribute("role", "dialog")
    expect(pop).to_have_attribute("aria-label", re.compile(r"^Note [0-9]+: Claim$"))
    expect(pop).to_contain_text("is the main statute")
    expect(pop).to_be_focused()
    expect(pop.locator("button.ar-popover__close")).to_have_attribute("aria-label", "Close note")
    assert active_ids(page) == ["law-2008"]
    assert hash_of(page) == "#law-2008"
    # The clone brings no duplicate ids; there is one popover per page.
    assert pop.evaluate("p => p.querySelectorAll('[id]').length") == 0
    # It sits inside the viewport, below the start of the highlight.
    box, mark = pop.bounding_box(), page.locator("#law-2008").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1200
    assert box["y"] >= mark["y"] + 10

    # Opening another one (here from the keyboard) replaces the content.
    page.locator("#data-incomplete").focus()
    page.keyboard.press("Enter")
    expect(pop).to_contain_text("no central database")
    expect(pop).not_to_contain_text("main statute")
    expect(page.locator(".ar-popover")).to_have_count(1)
    assert active_ids(page) == ["data-incomplete"]


def test_enter_and_space_open_escape_closes_and_refocuses(page):
    mark = page.locator("#penalty-adult")
    mark.focus()
    page.keyboard.press("Enter")
    expect(popover(page)).to_be_visible()
    expect(popover(page)).to_contain_text("Adult victims.")
    expect(popover(page)).to_have_attribute("aria-label", re.compile(r"^Note [0-9]+: Statistic$"))
    expect(popover(page)).to_be_focused()

    page.keyboard.press("Escape")
    expect(popover(page)).to_be_hidden()
    expect(mark).to_be_focused()
    assert active_ids(page) == []
    assert hash_of(page) == ""

    scroll = page.evaluate("scrollY")
    page.keyboard.press(" ")
    expect(popover(page)).to_contain_text("Adult victims.")
    assert page.evaluate("scrollY") == scroll  # Space did not scroll the page
    page.locator(".ar-popover__close").click()
    expect(popover(page)).to_be_hidden()
    expect(mark).to_be_focused()


def test_highlights_are_reachable_with_tab(page):
    # Only the first fragment of each annotation is a tab stop.
    stops = page.eval_on_selector_all(
        ".ar-paragraph mark[tabindex='0']", "els => els.map(e => e.dataset.annotation)"
    )
    assert len(stops) == len(set(stops)) == 6


def test_ref_badge_opens_the_popover_instead_of_jumping(page):
    choose_reading_mode(page, "all")  # note numbers show with tints
    ref = page.locator('.ar-ref a[href$="#note_penalty-adult"]')
    ref.scroll_into_view_if_needed()
    scroll = page.evaluate("scrollY")
    ref.click()
    expect(popover(page)).to_contain_text("Adult victims.")
    assert hash_of(page) == "#penalty-adult"
    assert page.evaluate("scrollY") == scroll
    # Enter on the focused badge does the same.
    page.keyboard.press("Escape")
    page.locator('.ar-ref a[href$="#note_law-2008"]').focus()
    page.keyboard.press("Enter")
    expect(popover(page)).to_contain_text("main statute")


def test_nested_inner_and_outer_open_their_own_notes(page):
    click_text(page, "penalty-adult")
    expect(popover(page)).to_contain_text("Adult victims.")
    assert active_ids(page) == ["penalty-adult"]
    click_text(page, "law-2008")
    expect(popover(page)).to_contain_text("main statute")
    assert active_ids(page) == ["law-2008"]


def test_crossing_annotation_lights_up_every_fragment(page):
    assert fragments(page, "labor-law").count() == 2
    click_text(page, "labor-law", fragment=1)
    expect(popover(page)).to_contain_text("handled under the labor law")
    expect(popover(page)).to_have_attribute("aria-label", re.compile(r"^Note [0-9]+: Caveat$"))
    assert active_ids(page) == ["labor-law", "labor-law"]
    # The crossed annotation's own text opens it, not the one it crosses.
    click_text(page, "ngos-practice")
    expect(popover(page)).to_contain_text("NGO reports")
    assert set(active_ids(page)) == {"ngos-practice"}


def test_click_outside_closes(page):
    click_text(page, "law-2008")
    expect(popover(page)).to_be_visible()
    popover(page).locator(".ar-note__body").click()  # inside: stays open
    expect(popover(page)).to_be_visible()
    page.locator("article h1").click()
    expect(popover(page)).to_be_hidden()
    assert active_ids(page) == []


def test_links_in_the_popover_open_other_annotations(page):
    click_text(page, "labor-law", fragment=1)
    popover(page).locator('.ar-note__links a[href$="#convictions-2020"]').click()
    expect(popover(page)).to_contain_text("The 2020 figure")
    assert active_ids(page) == ["convictions-2020"]
    assert hash_of(page) == "#convictions-2020"
    assert in_viewport(page, "#convictions-2020")
    expect(popover(page)).to_be_focused()
    # A link written in the note's Markdown works the same way.
    click_text(page, "law-2008")
    popover(page).locator('.ar-note__body a[href$="#penalty-adult"]').click()
    expect(popover(page)).to_contain_text("Adult victims.")
    # Links elsewhere (a topic page) are left alone: they navigate.
    click_text(page, "law-2008")
    popover(page).locator(".ar-note__topics a").first.click()
    expect(page).to_have_url(re.compile(r"/topics/prosecutions/$"))


def test_popover_stays_in_the_viewport(page):
    # Opens above a highlight at the bottom of the window.
    page.eval_on_selector("#data-incomplete", "el => el.scrollIntoView({block: 'end'})")
    click_text(page, "data-incomplete")
    box, mark = popover(page).bounding_box(), page.locator("#data-incomplete").bounding_box()
    assert box["y"] + box["height"] <= mark["y"] + 1
    # Follows a resize, and fits a phone's width.
    page.set_viewport_size({"width": 360, "height": 640})
    expect(popover(page)).to_be_visible()
    page.wait_for_function(
        "() => { const r = document.querySelector('.ar-popover').getBoundingClientRect();"
        " return r.left >= 0 && r.right <= 360; }"
    )
    click_text(page, "convictions-2020")
    box = popover(page).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360


def test_no_console_errors(new_page, report_url):
    page = new_page()
    page.goto(report_url + "#law-2008")
    expect(popover(page)).to_be_visible()
    for annotation in ("penalty-adult", "ngos-practice", "convictions-2020"):
        click_text(page, annotation)
        expect(popover(page)).to_be_visible()
    page.keyboard.press("Escape")
    expect(popover(page)).to_be_hidden()
    assert page.errors == []


# ---------------------------------------------------------------------------- URLs --


@pytest.mark.parametrize(
    ("fragment", "annotation", "text"),
    [("#convictions-2020", "convictions-2020", "The 2020 figure"), ("#note_data-incomplete", "data-incomplete", "no central database")],
)
def test_loading_a_deep_link_opens_the_note(new_page, report_url, fragment, annotation, text):
    page = new_page()
    page.goto(report_url + fragment)
    expect(popover(page)).to_contain_text(text)
    assert active_ids(page) == [annotation]
    assert in_viewport(page, f"#{annotation}")
    assert hash_of(page) == f"#{annotation}"


def test_hashchange_opens_the_note(page):
    page.evaluate("location.hash = '#penalty-adult'")
    expect(popover(page)).to_contain_text("Adult victims.")
    page.evaluate("location.hash = '#note_law-2008'")
    expect(popover(page)).to_contain_text("main statute")


def test_instant_navigation_sets_up_each_page_once(new_page, base_url, report_url):
    page = new_page()
    page.goto(base_url, wait_until="networkidle")  # Material has read the sitemap
    page.evaluate("window.arSamePage = true")  # survives only if the page is not reloaded
    # Any link to a page of the site goes through instant navigation.
    page.evaluate(
        """url => { const a = document.createElement('a'); a.id = 'ar-go'; a.href = url;
                    a.textContent = 'report'; document.querySelector('article').prepend(a); }""",
        report_url,
    )
    page.locator("#ar-go").click()
    expect(page.locator(".ar-report.ar-js")).to_have_count(1)
    assert page.evaluate("window.arSamePage") is True, "instant navigation did not happen"
    click_text(page, "penalty-adult")
    expect(popover(page)).to_contain_text("Adult victims.")
    # Away and back again: a new report element, set up again, still one popover.
    page.go_back()
    expect(page.locator(".ar-report")).to_have_count(0)
    assert page.evaluate("window.arSamePage") is True, "instant navigation did not happen"
    page.go_forward()
    expect(page.locator(".ar-report.ar-js")).to_have_count(1)
    click_text(page, "law-2008")
    expect(popover(page)).to_contain_text("main statute")
    expect(popover(page)).to_have_count(1)
    page.keyboard.press("Escape")
    expect(popover(page)).to_be_hidden()
    assert page.evaluate("window.arSamePage") is True


# -------------------------------------------------------------------------- no JS --


def test_without_javascript_the_notes_are_lists_and_refs_jump(new_page, report_url):
    page = new_page(java_script_enabled=False)
    page.goto(report_url)
    expect(page.locator(".ar-report")).not_to_have_class(re.compile(r"\bar-js\b"))
    note = page.locator('.ar-notes [data-annotation-note="law-2008"]')
    expect(note).to_be_visible()
    expect(note).to_contain_text("is the main statute")
    page.locator('.ar-ref a[href$="#note_penalty-adult"]').click()
    assert page.url.endswith("#note_penalty-adult")
    expect(page.locator("#note_penalty-adult")).to_be_in_viewport()
    expect(page.locator(".ar-popover")).to_have_count(0)


def test_a_search_result_link_under_instant_navigation_opens_its_note(new_page, report_url):
    """Material's search results link to `?h=<words>#note_<id>`; with instant navigation the
    page is swapped without a load event, and the note must still open in view."""
    page = new_page()
    page.goto(report_url, wait_until="networkidle")  # Material has read the sitemap
    page.evaluate(
        """url => { const a = document.createElement('a'); a.id = 'ar-go'; a.href = url;
                    a.textContent = 'result'; document.querySelector('article').prepend(a); }""",
        report_url + "?h=figure#note_convictions-2020",
    )
    page.locator("#ar-go").click()
    expect(popover(page)).to_contain_text("The 2020 figure")
    assert active_ids(page) == ["convictions-2020"]
    assert in_viewport(page, "#convictions-2020")
    assert in_viewport(page, ".ar-popover")
