"""The reading design of the project's own report page, measured in Debian's Chromium.

What a design review asked for (issue 18): a tap on a highlight always opens its note (its
glossary terms are listed in the note, not linked in the text); every highlight announces
its type and which note it opens; targets of 24 px or more; lines and focus rings at 3:1 or
more in both schemes; report text on a phone's first screen; the guide's key drawn as the
text is; notes in the margin on a wide screen, at body size; print with reference marks,
endnotes and source addresses in well under half of the 30 pages it took.
"""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from playwright.sync_api import expect
from reading_checks import axe_violations, choose_reading_mode, open_reading_guide

from helpers import REPO

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
#: Printed pages of the report before this design (issue 18 counted 30 A4 pages; 32 measured).
PRINTED_BEFORE = 30

# Relative luminance and contrast ratio (WCAG 2.x), of colours Chromium computes as rgb()/rgba().
COLOUR_JS = """
(() => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, below) => [0, 1, 2].map(i => top[i] * top[3] + below[i] * (1 - top[3])).concat(1);
  // The page colour behind an element: its ancestors' backgrounds, composed over white/the root's.
  const background = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  window.arColour = {parse, over, background, contrast};
  // A type's passage as a reader meets it: the first not inside another, else the first.
  window.arPassage = t => { const all = [...document.querySelectorAll(`.ar-paragraph mark[data-type="${t}"]`)];
    return all.find(m => !m.parentElement.closest('mark')) || all[0]; };
  // How an element draws its type: its tint, its line's style and colour (a highlight inside
  // another draws its line as a lower border, so its parent's underline stays visible).
  window.arLook = e => { const s = getComputedStyle(e); const nested = e.matches('mark mark');
    const style = nested ? (parseFloat(s.borderBottomWidth) > 0 ? s.borderBottomStyle : 'none')
                         : (s.textDecorationLine.includes('underline') ? s.textDecorationStyle : 'none');
    return [s.backgroundColor, style, style === 'none' ? null : (nested ? s.borderBottomColor : s.textDecorationColor)]; };
})();
"""


def open_report(browser, url: str, *, viewport=DESKTOP, scheme="light", **options):
    context = browser.new_context(viewport=viewport, color_scheme=scheme, reduced_motion="reduce", **options)
    context.set_default_timeout(10000)
    base = url.split("/reports/")[0]
    refused: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                  else (refused.append(route.request.url), route.abort()))
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.refused = refused
    page.goto(url)
    page.wait_for_selector(".ar-report.ar-js")
    page.wait_for_load_state("load")
    page.evaluate(COLOUR_JS)
    return page


@pytest.fixture(scope="module")
def report_url(project_site) -> str:
    site_dir, base_url = project_site
    (report,) = sorted(p.parent.name for p in (site_dir / "reports").glob("*/index.html"))[:1]
    return f"{base_url}reports/{report}/"


def finish(page) -> None:
    assert page.errors == [] and page.refused == [], (page.errors, page.refused)
    page.context.close()


# ------------------------------------------------------ a highlight's tap opens its note --


def term_point(page):
    """A highlight whose passage uses a glossary term (its note lists it), and the middle of
    the term's first letters in the text: where a reader taps on the word."""
    return page.evaluate(
        """() => {
          for (const note of document.querySelectorAll('[data-annotation-note]')) {
            const term = note.querySelector('.ar-note__terms a');
            if (!term) continue;
            const id = note.dataset.annotationNote;
            const word = term.textContent.toLowerCase();
            for (const mark of document.querySelectorAll(`.ar-paragraph mark[data-annotation="${id}"]`)) {
              const walker = document.createTreeWalker(mark, NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (node.parentElement.closest('[data-note]')) continue;
                const at = node.data.toLowerCase().indexOf(word);
                if (at === -1) continue;
                node.parentElement.scrollIntoView({block: 'center'});
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, Math.min(at + 3, node.data.length));
                const r = range.getClientRects()[0];
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                const inner = document.elementFromPoint(x, y).closest('mark[data-annotation]');
                return {x, y, id: inner.dataset.annotation, term: word};
              }
            }
          }
          return null;
        }"""
    )


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_tap_on_a_highlighted_glossary_term_opens_the_note(browser, report_url, width):
    touch = {"has_touch": True, "is_mobile": True} if width == "phone" else {}
    page = open_report(browser, report_url, viewport=PHONE if width == "phone" else DESKTOP, **touch)
    # No link inside a highlight but its reference mark: nothing else takes the tap or a Tab stop.
    assert page.locator(".ar-paragraph mark a:not(.ar-ref a)").count() == 0
    point = term_point(page)
    assert point, "no highlight on the page uses a glossary term"
    if width == "phone":
        page.touchscreen.tap(point["x"], point["y"])
    else:
        page.mouse.click(point["x"], point["y"])
    expect(page.locator(".ar-popover")).to_be_visible()
    assert page.url == f"{report_url}#{point['id']}"  # no glossary page: the note opened here
    assert page.locator("mark.ar-hl--active[id]").get_attribute("id") == point["id"]
    # The note names the terms its passage uses, as links to the glossary.
    expect(page.locator(".ar-popover .ar-note__terms a").first).to_have_attribute("href", re.compile(r"glossary/#"))
    finish(page)


# --------------------------------------------------------------------- accessible names --


def test_every_highlight_announces_its_type_and_which_note_it_opens(browser, report_url):
    """Read from Chromium's accessibility tree: a link named "Statistic: <its words> —
    open note 12"; the paragraph headings and the open note's heading are headings."""
    page = open_report(browser, report_url)
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": ".ar-paragraph mark[data-annotation][id]"})["nodeIds"]
    facts = page.eval_on_selector_all(
        ".ar-paragraph mark[data-annotation][id]",
        """marks => marks.map(m => ({type: m.dataset.type, id: m.id,
             label: document.querySelector(`.ar-legend li[data-type="${m.dataset.type}"] .ar-type`).textContent,
             number: document.querySelector(`[data-annotation-note="${m.id}"]`).getAttribute('value'),
             words: m.textContent.replace(/\\s+/g, ' ').trim().slice(0, 12)}))""",
    )
    assert len(nodes) == len(facts) >= 50
    for node, fact in zip(nodes, facts, strict=True):
        (ax, *_) = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"]
        name = ax.get("name", {}).get("value", "")
        assert ax["role"]["value"] == "link", (fact, ax["role"])
        assert name.startswith(f"{fact['label']}: "), (fact, name)
        assert name.endswith(f"open note {fact['number']}"), (fact, name)
    # Headings to navigate by: one per paragraph, and the open note's own.
    paragraphs = page.locator(".ar-paragraph").count()
    expect(page.get_by_role("heading", name=re.compile(r"^Paragraph [0-9]+$"))).to_have_count(paragraphs)
    page.locator(".ar-paragraph mark[id]").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".ar-popover").get_by_role("heading", level=3)).to_have_count(1)
    finish(page)


# ----------------------------------------------------------------- targets and contrast --


TARGETS = [".ar-legend summary", ".ar-modes label", ".ar-legend .ar-step", ".ar-paragraph-number a",
           ".ar-popover__close", ".ar-popover .ar-cite > summary", ".ar-popover .ar-note__more > summary"]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_every_control_of_the_page_is_a_target_of_24_px_or_more(browser, report_url, width):
    page = open_report(browser, report_url, viewport=PHONE if width == "phone" else DESKTOP)
    open_reading_guide(page)
    # A note with a folded "and N more" list, opened: its controls are measured too.
    annotation = page.evaluate("() => document.querySelector('.ar-note__more').closest('[data-annotation-note]').dataset.annotationNote")
    page.locator(f"mark#{annotation}").focus()
    page.keyboard.press("Enter")
    small = page.evaluate(
        """selectors => selectors.flatMap(s => {
             const found = [...document.querySelectorAll(s)].filter(e => e.getClientRects().length);
             if (!found.length) return [[s, 'none shown']];
             return found.map(e => e.getBoundingClientRect())
               .filter(r => r.width < 24 || r.height < 24).map(r => [s, Math.round(r.width), Math.round(r.height)]);
           })""",
        TARGETS,
    )
    assert small == []
    finish(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_ring_and_each_types_line_are_3_to_1_against_the_page(browser, report_url, scheme):
    page = open_report(browser, report_url, scheme=scheme)
    # Each type's line, as the default view draws it, against the page behind it.
    lines = page.evaluate(
        """() => ['claim', 'statistic', 'caveat', 'allegation'].map(t => {
             const mark = arPassage(t);
             const [, style, colour] = arLook(mark);
             const page = arColour.background(mark.closest('p'));
             return [t, style, arColour.contrast(arColour.over(arColour.parse(colour), page), page)];
           })"""
    )
    assert [style for _, style, _ in lines] == ["solid", "double", "dashed", "wavy"]
    assert all(ratio >= 3 for *_, ratio in lines), lines
    # The focus ring, reached from the keyboard: the guide, a highlight, the note's first control.
    ring = """(name) => { const e = document.activeElement; const s = getComputedStyle(e);
                 return [name + ': ' + e.tagName + '#' + e.id, s.outlineStyle, parseFloat(s.outlineWidth),
                         arColour.contrast(arColour.parse(s.outlineColor), arColour.background(e.parentElement))]; }"""
    page.locator(".ar-skip").focus()
    rings = []
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.ar-legend summary')"):
            rings.append(page.evaluate(ring, "guide"))
        if page.evaluate("() => document.activeElement.matches('.ar-paragraph mark')"):
            break
    rings.append(page.evaluate(ring, "highlight"))
    highlight = page.evaluate("() => document.activeElement.id")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    rings.append(page.evaluate(ring, "note"))
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.activeElement.id") == highlight  # focus came back
    assert [name.split(":")[0] for name, *_ in rings] == ["guide", "highlight", "note"]
    for name, style, width, ratio in rings:
        assert style != "none" and width >= 2 and ratio >= 3, (name, style, width, ratio)
    finish(page)


# ------------------------------------------------------------------ what is on screen --


def test_a_phones_first_screen_shows_report_text(browser, report_url):
    page = open_report(browser, report_url, viewport=PHONE)
    expect(page.locator(".ar-legend details")).not_to_have_attribute("open", "")
    seen = page.evaluate(
        """() => { const p = document.querySelector('.ar-paragraph'); const r = p.getClientRects()[0];
             const line = p.getBoundingClientRect();
             return {top: line.top, lineBottom: r.top + 24, height: innerHeight,
                     atPoint: !!document.elementFromPoint(r.left + 20, r.top + 8)?.closest('.ar-paragraph')}; }"""
    )
    # At least three lines of the report's first paragraph on the first screen.
    assert seen["atPoint"] and seen["top"] + 3 * 30 <= seen["height"], seen
    finish(page)


@pytest.mark.parametrize("mode", ["marks", "all", "statistic", "plain"])
def test_the_guides_key_draws_each_type_as_the_text_does(browser, report_url, mode):
    page = open_report(browser, report_url)
    if mode != "marks":
        choose_reading_mode(page, mode)
    pairs = page.evaluate(
        """() => [...document.querySelectorAll('.ar-legend__key .ar-type[data-type]')].map(chip =>
             [chip.dataset.type, arLook(chip), arLook(arPassage(chip.dataset.type))])"""
    )
    assert len(pairs) == 4
    for annotation_type, chip, mark in pairs:
        assert chip == mark, (mode, annotation_type, chip, mark)
    finish(page)


def test_on_a_wide_screen_the_note_opens_in_the_margin_at_body_size(browser, report_url):
    page = open_report(browser, report_url)
    annotation = page.evaluate("document.querySelector('[data-paragraph=\"2\"] mark[data-type=\"statistic\"][id]').id")
    page.evaluate(f"document.getElementById('{annotation}').scrollIntoView({{block: 'center'}})")
    page.locator(f"mark#{annotation}").focus()
    page.keyboard.press("Enter")
    geometry = page.evaluate(
        f"""() => {{ const pop = document.querySelector('.ar-popover').getBoundingClientRect();
              const text = document.querySelector('.ar-paragraph').getBoundingClientRect();
              const line = document.getElementById('{annotation}').getClientRects()[0];
              const size = e => parseFloat(getComputedStyle(e).fontSize);
              return {{left: pop.left, right: pop.right, top: pop.top, textRight: text.right, lineTop: line.top,
                       viewW: document.documentElement.clientWidth,
                       note: size(document.querySelector('.ar-popover .ar-note__body p')),
                       body: size(document.querySelector('.ar-paragraph'))}}; }}"""
    )
    assert geometry["left"] >= geometry["textRight"] and geometry["right"] <= geometry["viewW"], geometry  # covers no text
    assert geometry["top"] <= geometry["lineTop"] + 1, geometry  # level with its passage
    assert geometry["note"] >= geometry["body"], geometry
    # About 70 characters a line, not 94.
    chars = page.evaluate("() => { const p = document.querySelector('.ar-paragraph');"
                          " return p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize) * 2; }")
    assert chars <= 80
    finish(page)


def test_cite_this_note_gives_text_bibtex_and_csl_json_with_the_permalink(browser, report_url):
    page = open_report(browser, report_url)
    annotation = page.evaluate("document.querySelector('.ar-paragraph mark[id]').id")
    page.locator(f"mark#{annotation}").focus()
    page.keyboard.press("Enter")
    cite = page.locator(".ar-popover .ar-cite")
    expect(cite.locator(".ar-cite__text")).to_be_hidden()  # folded until asked for
    cite.locator("summary").click()
    expect(cite.locator(".ar-cite__text")).to_contain_text(f"{report_url}#{annotation}")
    expect(cite.locator(".ar-cite__bibtex")).to_contain_text(f"@misc{{note:{annotation},")
    (entry,) = json.loads(cite.locator(".ar-cite__csl").inner_text())
    assert entry["URL"] == f"{report_url}#{annotation}" and entry["id"] == annotation
    finish(page)


def test_the_script_makes_bibtex_and_csl_json_from_the_fields_the_page_carries(browser):
    """BibTeX's special characters escaped, fields that are empty left out, CSL-JSON that
    parses, on a note opened in the page itself (no popover): the fields as
    `render/citation.shared_fields` writes them."""
    script = (REPO / "plugins" / "annotated_report" / "assets" / "annotated-report.js").read_text(encoding="utf-8")
    shared = {"authors": ["A. Editor", "B {C}"], "container": "The Doc, annotated edition", "publisher": "50% News & Co_\\",
              "date": [2026, 11], "licence": "CC BY 4.0"}
    page = browser.new_page()
    page.set_content(
        f"<main><div class='ar-report' data-cite='{html.escape(json.dumps(shared), quote=True)}'><ol>"
        "<li data-annotation-note='n-1 ü'><details class='ar-cite' data-cite-title='Note 1 (Claim): “a ~ b”' data-cite-url='https://e.org/r/#n 1'>"
        "<summary>Cite this note</summary><p class='ar-cite__text'>The sentence.</p></details></li>"
        "<li data-annotation-note='n-2'><details class='ar-cite' data-cite-title='Note 2'><summary>Cite this note</summary></details></li>"
        f"</ol></div></main><script>{script}</script>")
    page.locator("li[data-annotation-note='n-1 ü'] summary").click()
    bibtex = page.locator("li[data-annotation-note='n-1 ü'] .ar-cite__bibtex").inner_text()
    assert bibtex == ("@misc{note:n-1--,\n  author = {A. Editor and B \\{C\\}},\n  title = {Note 1 (Claim): “a \\~{} b”},\n"
                      "  howpublished = {The Doc, annotated edition},\n  publisher = {50\\% News \\& Co\\_\\textbackslash{}},\n"
                      "  year = {2026},\n  url = {https://e.org/r/#n1},\n  note = {Annotations licensed CC BY 4.0}\n}")
    (entry,) = json.loads(page.locator("li[data-annotation-note='n-1 ü'] .ar-cite__csl").inner_text())
    assert entry == {"id": "n-1 ü", "type": "entry", "title": "Note 1 (Claim): “a ~ b”", "container-title": "The Doc, annotated edition",
                     "author": [{"literal": "A. Editor"}, {"literal": "B {C}"}], "publisher": "50% News & Co_\\",
                     "issued": {"date-parts": [[2026, 11]]}, "URL": "https://e.org/r/#n 1", "license": "CC BY 4.0"}
    page.locator("li[data-annotation-note='n-1 ü'] summary").click()  # closed and opened again: made once
    page.locator("li[data-annotation-note='n-1 ü'] summary").click()
    assert page.locator("li[data-annotation-note='n-1 ü'] .ar-cite__bibtex").count() == 1
    page.locator("li[data-annotation-note='n-2'] summary").click()
    assert "url =" not in page.locator("li[data-annotation-note='n-2'] .ar-cite__bibtex").inner_text()
    assert "URL" not in json.loads(page.locator("li[data-annotation-note='n-2'] .ar-cite__csl").inner_text())[0]
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_axe_finds_nothing_serious_in_the_default_view_with_the_guide_and_a_note_open(browser, report_url, width, scheme):
    page = open_report(browser, report_url, viewport=PHONE if width == "phone" else DESKTOP, scheme=scheme)
    assert axe_violations(page) == []
    open_reading_guide(page)
    page.locator(".ar-paragraph mark[id]").nth(3).focus()
    page.keyboard.press("Enter")
    page.locator(".ar-popover .ar-cite > summary").click()
    assert axe_violations(page) == []
    finish(page)


# --------------------------------------------------------------------------------- print --


def test_print_has_reference_marks_endnotes_and_addresses_in_under_half_the_pages(browser, report_url):
    from pypdf import PdfReader

    page = open_report(browser, report_url)
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    pages = len(pdf.pages)
    assert pages <= PRINTED_BEFORE * 0.4, pages  # well under half (10 of A4 when written)
    printed = " ".join(p.extract_text() for p in pdf.pages)
    assert "<https://" in printed  # sources spelled out
    for control in ("Reading guide", "Linked:", "Cite this note", "Plain text", "Edit this annotation"):
        assert control not in printed, control
    # Every note's reference mark is in the printed text, numbered as its endnote.
    page.emulate_media(media="print")
    marks = page.evaluate(
        """() => [...document.querySelectorAll('[data-annotation-note]')].map(note => {
             const id = note.dataset.annotationNote;
             const ref = document.querySelector(`.ar-paragraph .ar-ref a[href$="#note_${id}"]`);
             return [id, note.getAttribute('value'), ref && ref.textContent,
                     !!ref && ref.getClientRects().length > 0, note.getClientRects().length > 0,
                     getComputedStyle(note).display];
           })"""
    )
    assert len(marks) >= 50
    for annotation, number, ref, ref_shown, note_shown, display in marks:
        assert ref == number and ref_shown and note_shown and display == "list-item", (annotation, number, ref, ref_shown, note_shown)
    numbers = [int(number) for _, number, *_ in marks]
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    finish(page)
