"""The report page: the report's own text, exactly, with nested and crossing highlights.

`render_paragraph` is tested directly (a pure function) and through real MkDocs builds.
Every check reads HTML through `htmltext` (the standard library's parser): a paragraph's
text content minus `[data-note]` elements must be the seed paragraph, character for
character.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from annotated_report.model import Annotation, Paragraph, Span
from annotated_report.render.report import render_paragraph
from helpers import EDITORIAL_RULES_OFF, SEED, SEED_SLUG, build, make_project
from htmltext import Element, parse, report_text, tag_errors, text, with_attr, with_class
from reader_site import term_links

SEED_PARAGRAPHS = [line for line in SEED.read_text(encoding="utf-8").split("\n") if line.strip()]

# --- the fixture: annotations of every shape on the real seed -------------------------------

#: id -> (type, quote as typed by the editor, the report's own characters, extra YAML)
CAMBODIA: dict[str, tuple[str, str, str, str]] = {
    # paragraph 1: the very start, a nest of three with a shared start, a crossing pair, the very end
    "start-p1": ("claim", "The government maintained law enforcement efforts.", "The government maintained law enforcement efforts.", ""),
    "law-2008": (
        "claim",
        "The 2008 Law on the Suppression of Human Trafficking and Commercial Sexual Exploitation criminalized sex trafficking and labor trafficking",
        "The 2008 Law on the Suppression of Human Trafficking and Commercial Sexual Exploitation criminalized sex trafficking and labor trafficking",
        "topics: [prosecutions]",
    ),
    "law-2008-start": ("claim", "The 2008 Law", "The 2008 Law", ""),
    "law-title": ("claim", "Law on the Suppression of Human Trafficking", "Law on the Suppression of Human Trafficking", ""),
    "penalty-years": ("claim", "seven to 15 years' imprisonment", "seven to 15 years\u2019 imprisonment", ""),
    "ngos-practice": (
        "allegation",
        "NGOs reported that, in practice, the government did not issue criminal penalties",
        "NGOs reported that, in practice, the government did not issue criminal penalties",
        "related: [labor-law]",
    ),
    "labor-law": (
        "caveat",
        "the government did not issue criminal penalties under the anti-trafficking law for labor traffickers",
        "the government did not issue criminal penalties under the anti-trafficking law for labor traffickers",
        "",
    ),
    "end-p1": ("claim", "provide justice for victims.", "provide justice for victims.", ""),
    # paragraph 2: adjacent pair, curly apostrophe, em dash, curly double quotes
    "convictions-38": ("statistic", "The government convicted 38 traffickers", "The government convicted 38 traffickers", "value: 38"),
    "adjacent-after": (
        "claim",
        ", including one for sex trafficking",
        ", including one for sex trafficking",
        "related: [convictions-38]",
    ),
    "prc": ("claim", "People's Republic of China (PRC)", "People\u2019s Republic of China (PRC)", ""),
    "suspects-2020": ("claim", "94 suspects-48 suspects", "94 suspects\u201448 suspects", ""),
    "non-sexual": ("claim", '"non-sexual human trafficking"', "\u201cnon-sexual human trafficking\u201d", ""),
    # paragraph 3: a chain of three crossing annotations, one at the very end
    "cross-a": ("claim", "Cambodian courts shut down between April and May 2021", "Cambodian courts shut down between April and May 2021", ""),
    "cross-b": (
        "caveat",
        "between April and May 2021, temporarily halting judicial activity",
        "between April and May 2021, temporarily halting judicial activity",
        "",
    ),
    "cross-c": (
        "claim",
        "temporarily halting judicial activity including anti-trafficking investigations",
        "temporarily halting judicial activity including anti-trafficking investigations",
        "",
    ),
    "end-p3": (
        "claim",
        "after U.S. law enforcement referred nine potential cases.",
        "after U.S. law enforcement referred nine potential cases.",
        "",
    ),
    # paragraph 4: one annotation spans the whole paragraph, another sits inside it
    "whole-p4": ("caveat", SEED_PARAGRAPHS[3], SEED_PARAGRAPHS[3], ""),
    "judicial-supervision": ("claim", '"judicial supervision"', "\u201cjudicial supervision\u201d", ""),
    # paragraph 5: nothing
    # paragraph 6: shared start, shared end, two identical spans
    "endemic": ("claim", "Endemic corruption at many levels of government", "Endemic corruption at many levels of government", ""),
    "endemic-short": ("claim", "Endemic corruption", "Endemic corruption", ""),
    "many-levels": ("claim", "many levels of government", "many levels of government", ""),
    "bribes-a": (
        "allegation",
        "Observers alleged prosecutors and judges accepted bribes",
        "Observers alleged prosecutors and judges accepted bribes",
        "attributed_to: Observers",
    ),
    "bribes-b": (
        "caveat",
        "Observers alleged prosecutors and judges accepted bribes",
        "Observers alleged prosecutors and judges accepted bribes",
        "",
    ),
    # paragraph 7: an em dash at the start, the very end of the document
    "start-p7": ("claim", "The government-in collaboration", "The government\u2014in collaboration", ""),
    "end-doc": ("claim", "abuse of power by the police.", "abuse of power by the police.", ""),
}

NESTED = [
    ("law-2008", "law-2008-start"),
    ("law-2008", "law-title"),
    ("whole-p4", "judicial-supervision"),
    ("endemic", "endemic-short"),
    ("endemic", "many-levels"),
]
CROSSING = [("ngos-practice", "labor-law"), ("cross-a", "cross-b"), ("cross-b", "cross-c")]

OTHER_SLUG = "escaping-test"
#: A second document whose text looks like HTML and Markdown: it must show literally.
OTHER_PARAGRAPHS = [
    "<script>alert(1)</script> and &amp; and *stars* and _under_ and `code` and [a link](http://example.org) <b>bold</b>",
    "2008. The year the law passed, and 1) another list marker.",
    "# not a heading",
    "- not a list item & <i>not italic</i> <!-- not a comment --> &lt;already escaped&gt;",
    "    four spaces before: not a code block | a | table |",
    "> not a quote {: .not-attr-list } <img src=x onerror=alert(2)>",
]
OTHER: dict[str, tuple[str, str, str, str]] = {
    "esc-script": ("claim", "<script>alert(1)</script>", "<script>alert(1)</script>", ""),
    "esc-amp": ("claim", "and &amp; and *stars*", "and &amp; and *stars*", ""),
    "esc-year": ("claim", "2008. The year", "2008. The year", ""),
    "esc-heading": ("claim", "# not a heading", "# not a heading", ""),
    "esc-comment": ("caveat", "<!-- not a comment -->", "<!-- not a comment -->", ""),
    "esc-img": ("claim", "<img src=x onerror=alert(2)>", "<img src=x onerror=alert(2)>", ""),
}


def _yaml_file(slug: str, annotations: dict[str, tuple[str, str, str, str]]) -> str:
    lines = [f"document: {slug}", "annotations:"]
    for annotation_id, (kind, quote, _, extra) in annotations.items():
        lines += [f"  - id: {annotation_id}", f"    type: {kind}", f"    quote: {json.dumps(quote, ensure_ascii=False)}"]
        lines += [f"    {extra}"] if extra else []
        lines += [f"    note: Note on {annotation_id}."]
    return "\n".join(lines) + "\n"


#: Glossary terms are linked inside the report text: the links must not change a character.
GLOSSARY = """\
terms:
  - term: judicial supervision
    definition: Release before trial under a court's conditions.
  - term: NGO
    aliases: [non-governmental organization]
    definition: A *non-governmental* organization.
  - term: memoranda of understanding
    aliases: [MOUs]
    definition: Agreements short of a treaty.
    see_also: [judicial supervision]
  - term: not a heading
    definition: Words that look like Markdown in the second document.
"""


def _make(root: Path, *, use_directory_urls: bool) -> Path:
    return make_project(
        root,
        {
            "cambodia/all.yml": _yaml_file(SEED_SLUG, CAMBODIA),
            "other/escaping.yml": _yaml_file(OTHER_SLUG, OTHER),
            "glossary.yml": GLOSSARY,
        },
        seeds={OTHER_SLUG: "\n".join(OTHER_PARAGRAPHS) + "\n"},
        use_directory_urls=use_directory_urls,
        rules=EDITORIAL_RULES_OFF,  # a rendering fixture: types chosen for nesting and escaping, not by the guide
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result = build(_make(tmp_path_factory.mktemp("report"), use_directory_urls=True))
    assert not result.aborted
    return result


@pytest.fixture(scope="module")
def built_flat(tmp_path_factory):
    result = build(_make(tmp_path_factory.mktemp("flat"), use_directory_urls=False))
    assert not result.aborted
    return result


@pytest.fixture(scope="module")
def cambodia_page(built) -> Element:
    return parse(built.page(f"reports/{SEED_SLUG}/"))


@pytest.fixture(scope="module")
def other_page(built) -> Element:
    return parse(built.page(f"reports/{OTHER_SLUG}/"))


def paragraphs_of(page: Element) -> dict[int, Element]:
    found = page.find_all(with_attr("data-paragraph"))
    numbers = [int(element.get("data-paragraph")) for element in found]
    assert len(numbers) == len(set(numbers)), f"a paragraph number appears twice: {numbers}"
    return dict(zip(numbers, found))


def fragments(page: Element, annotation_id: str) -> list[Element]:
    return page.find_all(with_attr("data-annotation", annotation_id))


def assert_fidelity(page: Element, expected: list[str]) -> None:
    paragraphs = paragraphs_of(page)
    assert sorted(paragraphs) == list(range(1, len(expected) + 1))
    for number, original in enumerate(expected, start=1):
        assert report_text(paragraphs[number]) == original, f"paragraph {number} differs from the seed"


# --- (a) fidelity ---------------------------------------------------------------------------


def test_no_annotation_of_the_fixture_was_left_out(built):
    assert not any("left out" in warning for warning in built.warnings), built.warnings
    problems = [w for w in built.warnings if any(f" {name}:" in w for name in [*CAMBODIA, *OTHER])]
    assert problems == []


def test_every_paragraph_is_the_seed_paragraph_exactly(cambodia_page):
    assert len(SEED_PARAGRAPHS) == 7
    assert_fidelity(cambodia_page, SEED_PARAGRAPHS)


def test_fidelity_holds_without_directory_urls(built_flat):
    assert_fidelity(parse(built_flat.page(f"reports/{SEED_SLUG}.html")), SEED_PARAGRAPHS)
    assert_fidelity(parse(built_flat.page(f"reports/{OTHER_SLUG}.html")), OTHER_PARAGRAPHS)


# --- (b) ids and fragments ------------------------------------------------------------------


@pytest.mark.parametrize("annotation_id", sorted(CAMBODIA))
def test_each_annotation_has_one_id_and_its_fragments_spell_the_quote(cambodia_page, annotation_id):
    with_id = cambodia_page.find_all(with_attr("id", annotation_id))
    assert len(with_id) == 1, f"id={annotation_id} appears {len(with_id)} times"
    parts = fragments(cambodia_page, annotation_id)
    assert parts, f"no element carries data-annotation={annotation_id}"
    assert with_id[0] is parts[0], "the element with the id must be the first fragment"
    assert "".join(report_text(part) for part in parts) == CAMBODIA[annotation_id][2]
    paragraphs = set()
    for part in parts:
        containing = [a for a in part.ancestors() if a.has("data-paragraph")]
        assert len(containing) == 1
        paragraphs.add(containing[0].get("data-paragraph"))
    assert len(paragraphs) == 1


def test_no_two_elements_share_an_id(cambodia_page, other_page):
    for page in (cambodia_page, other_page):
        ids = [element.get("id") for element in page.iter() if element.get("id")]
        assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_fragments_of_one_annotation_never_nest(cambodia_page):
    for annotation_id in CAMBODIA:
        parts = fragments(cambodia_page, annotation_id)
        for part in parts:
            assert not any(part.is_descendant_of(other) for other in parts if other is not part)


# --- (c) nesting, (d) crossing, well-formed ------------------------------------------------


@pytest.mark.parametrize(("outer", "inner"), NESTED)
def test_inner_mark_is_a_descendant_of_the_outer(cambodia_page, outer, inner):
    outer_parts = fragments(cambodia_page, outer)
    for part in fragments(cambodia_page, inner):
        assert any(part.is_descendant_of(o) for o in outer_parts), f"{inner} escapes {outer}"


def test_identical_spans_nest_one_in_the_other(cambodia_page):
    (a,) = fragments(cambodia_page, "bribes-a")
    (b,) = fragments(cambodia_page, "bribes-b")
    assert a.is_descendant_of(b) or b.is_descendant_of(a)


@pytest.mark.parametrize(("first", "second"), CROSSING)
def test_crossing_pair_splits_one_of_them(cambodia_page, first, second):
    counts = {name: len(fragments(cambodia_page, name)) for name in (first, second)}
    assert max(counts.values()) >= 2, counts
    for name in (first, second):
        parts = fragments(cambodia_page, name)
        assert parts[0].get("id") == name
        assert all(part.get("id") is None for part in parts[1:])


def test_the_page_is_well_formed(built):
    for slug in (SEED_SLUG, OTHER_SLUG):
        assert tag_errors(built.page(f"reports/{slug}/")) == []


def test_references_inside_the_report_resolve_on_the_page(cambodia_page):
    report = cambodia_page.find(with_class("ar-report"))
    ids = {element.get("id") for element in cambodia_page.iter() if element.get("id")}
    for element in report.iter():
        for name in ("aria-describedby", "aria-labelledby"):
            if element.get(name):
                assert element.get(name) in ids, (name, element.get(name))
        href = element.get("href") or ""
        if href.startswith("#") and len(href) > 1:
            assert unquote(href[1:]) in ids, href


# --- (e) report text is text -----------------------------------------------------------------


def test_glossary_terms_are_linked_without_changing_the_text(cambodia_page, other_page):
    terms = term_links(cambodia_page)
    linked = {report_text(term).lower() for term in terms}
    assert {"ngos", "mous"} <= linked
    # A term wholly inside a highlight is named in that highlight's note instead.
    (note,) = other_page.find_all(with_attr("data-annotation-note", "esc-heading"))
    (terms,) = note.find_all(with_class("ar-note__terms"))
    assert [" ".join(text(a).split()) for a in terms.find_all(lambda e: e.tag == "a")] == ["not a heading"]


def test_terms_inside_a_highlight_are_not_links_but_listed_in_its_note(cambodia_page):
    """A tap on a highlight always opens its note: its words are never links (no Tab stop,
    no other target); the note names the glossary terms its passage uses, linked."""
    assert all(not any(a.tag == "mark" for a in term.ancestors()) for term in term_links(cambodia_page))
    assert "judicial supervision" not in {report_text(term).lower() for term in term_links(cambodia_page)}
    (note,) = cambodia_page.find_all(with_attr("data-annotation-note", "judicial-supervision"))
    (terms,) = note.find_all(with_class("ar-note__terms"))
    (link,) = terms.find_all(lambda e: e.tag == "a")
    assert " ".join(text(link).split()) == "judicial supervision" and (link.get("href") or "").endswith("#judicial-supervision")


def test_report_markup_is_lean_and_each_fact_is_written_once(cambodia_page):
    """Thousands of highlights, letters and term links per site: each carries only what the
    script, the styles and assistive technology read, and no attribute repeats visible text."""
    report = cambodia_page.find(with_class("ar-report"))
    marks = report.find_all(lambda e: e.tag == "mark")
    assert marks
    for mark in marks:
        assert set(mark.attrs) <= {"data-annotation", "data-type", "id"}, mark.attrs
        assert mark.get("data-type") in ("claim", "statistic", "caveat", "allegation")
        assert mark.get("id") in (None, mark.get("data-annotation"))
    letters = report.find_all(lambda e: e.tag == "sup")
    assert len(letters) == len({m.get("data-annotation") for m in marks})
    for letter in letters:
        # No data-search-exclude: search reads the light page (pages/search_html.py), which has no letters.
        assert set(letter.attrs) == {"class", "data-note"}
        (link,) = letter.find_all(lambda e: e.tag == "a")
        assert set(link.attrs) == {"href", "aria-label"}  # the type's name: the letter alone says little
        mark = letter.parent
        assert mark.tag == "mark" and link.get("href") == f"#note_{mark.get('data-annotation')}"
        # The type's name and the note's number (the mark's text, as printed before the endnote).
        assert link.get("aria-label") == f"{mark.get('data-type').capitalize()} note {text(link)}" and text(link).isdigit()
    terms = term_links(report)
    assert terms and all(set(term.attrs) <= {"href", "title"} for term in terms)
    for note in report.find_all(with_attr("data-annotation-note")):
        assert set(note.attrs) == {"class", "data-annotation-note", "data-type", "value"}  # value: its note number
        head = note.find(lambda e: e.tag == "h3")
        assert head.attrs == {"id": f"note_{note.get('data-annotation-note')}"}
        links = note.find(with_class("ar-note__links"))
        for item in links.find_all(lambda e: e.tag == "li") if links else []:
            assert item.attrs == {}
            assert all(set(a.attrs) == {"href", "data-type"} for a in item.find_all(lambda e: e.tag == "a"))


def test_html_and_markdown_in_the_report_render_literally(other_page):
    assert_fidelity(other_page, OTHER_PARAGRAPHS)
    report = other_page.find(with_class("ar-report"))
    assert report is not None
    assert report.find_all(lambda e: e.tag in {"script", "img", "b", "i"}) == []
    for paragraph in paragraphs_of(other_page).values():
        inside = {e.tag for e in paragraph.iter() if e is not paragraph}
        assert not inside & {"em", "strong", "code", "ol", "ul", "li", "h1", "blockquote", "pre", "table", "script", "img", "b", "i"}
        # Only highlights, glossary links and the markers' own elements may appear in the text.
        assert inside <= {"mark", "a", "sup", "span", "abbr"}, inside
        assert paragraph.tag == "p"


@pytest.mark.parametrize("annotation_id", sorted(OTHER))
def test_escaped_annotations_spell_their_quotes(other_page, annotation_id):
    parts = fragments(other_page, annotation_id)
    assert "".join(report_text(p) for p in parts) == OTHER[annotation_id][2]
    (with_id,) = other_page.find_all(with_attr("id", annotation_id))
    assert with_id is parts[0]


# --- (f) two documents ------------------------------------------------------------------------


def test_each_document_gets_its_own_page_with_its_own_annotations(built, cambodia_page, other_page):
    assert (built.site_dir / "reports" / SEED_SLUG / "index.html").is_file()
    assert (built.site_dir / "reports" / OTHER_SLUG / "index.html").is_file()
    for page, own in ((cambodia_page, CAMBODIA), (other_page, OTHER)):
        shown = {element.get("data-annotation") for element in page.find_all(with_attr("data-annotation"))}
        assert shown == set(own)
        report = page.find(with_class("ar-report"))
        notes = {element.get("data-annotation-note") for element in report.find_all(with_attr("data-annotation-note"))}
        assert notes == set(own)


def test_report_pages_are_in_the_search_index(built):
    index = json.loads((built.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert f"reports/{SEED_SLUG}/" in locations
    assert f"reports/{OTHER_SLUG}/" in locations


# --- (g) use_directory_urls: false -------------------------------------------------------------


def test_flat_urls_put_report_pages_at_slug_html(built_flat):
    site = built_flat.site_dir
    assert (site / "reports" / f"{SEED_SLUG}.html").is_file()
    assert (site / "reports" / f"{OTHER_SLUG}.html").is_file()
    assert not (site / "reports" / SEED_SLUG / "index.html").exists()
    page = parse(built_flat.page(f"reports/{SEED_SLUG}.html"))
    for annotation_id in CAMBODIA:
        assert len(page.find_all(with_attr("id", annotation_id))) == 1


# --- links from the report page lead somewhere -------------------------------------------------


def _link_targets(result, page_path: str):
    """(href, file, fragment) of every relative link inside the report block of a page."""
    page = parse(result.page(page_path))
    report = page.find(with_class("ar-report"))
    base = (result.site_dir / page_path)
    base_dir = base if page_path.endswith("/") else base.parent
    for element in report.find_all(with_attr("href")):
        href = element.get("href")
        parts = urlsplit(href)
        if parts.scheme or href.startswith("#"):
            continue
        target = (base_dir / unquote(parts.path)).resolve()
        if target.is_dir() or parts.path.endswith("/") or not parts.path:
            target = target / "index.html"
        yield href, target, parts.fragment


@pytest.mark.parametrize(("fixture", "page_path"), [("built", f"reports/{SEED_SLUG}/"), ("built_flat", f"reports/{SEED_SLUG}.html")])
def test_relative_links_in_the_report_point_at_built_pages(request, fixture, page_path):
    result = request.getfixturevalue(fixture)
    broken = []
    checked = 0
    for href, target, fragment in _link_targets(result, page_path):
        checked += 1
        if not target.is_file():
            shown = target.relative_to(result.site_dir.resolve()) if target.is_relative_to(result.site_dir.resolve()) else target
            broken.append(f"{href} -> {shown} (no such page)")
            continue
        if fragment:
            ids = {e.get("id") for e in parse(target.read_text(encoding="utf-8")).iter() if e.get("id")}
            if fragment not in ids:
                broken.append(f"{href} (no id '{fragment}' on that page)")
    assert checked > 0
    assert broken == []


# --- render_paragraph, directly ------------------------------------------------------------------

TRICKY = "A <b>&amp;</b> \u201cquote\u201d\u2014dash & more text at the end."


def _annotation(annotation_id: str, start: int, end: int, kind: str = "claim", paragraph: Paragraph | None = None) -> Annotation:
    paragraph = paragraph or Paragraph(1, 0, TRICKY)
    return Annotation(
        id=annotation_id, type=kind, document="d", quote=paragraph.text[start:end],
        span=Span("d", paragraph.number, paragraph.start + start, paragraph.start + end),
    )


def _render(annotations, paragraph: Paragraph | None = None, **kwargs) -> Element:
    html = render_paragraph(paragraph or Paragraph(1, 0, TRICKY), annotations, **kwargs)
    assert tag_errors(html) == [], html
    (root,) = [child for child in parse(html).children if isinstance(child, Element)]
    return root


def test_render_paragraph_without_annotations_is_the_escaped_text():
    root = _render([])
    assert root.tag == "p" and root.get("data-paragraph") == "1"
    assert root.children == [TRICKY]


def test_render_paragraph_offsets_are_relative_to_the_paragraph_start():
    paragraph = Paragraph(3, 1000, "Third paragraph of a longer text.")
    annotation = _annotation("third", 6, 15, paragraph=paragraph)
    root = _render([annotation], paragraph)
    assert root.get("data-paragraph") == "3"
    assert report_text(root) == paragraph.text
    (mark,) = root.find_all(with_attr("data-annotation", "third"))
    assert report_text(mark) == "paragraph"


def test_render_paragraph_whole_paragraph_and_edges():
    whole = _annotation("whole", 0, len(TRICKY))
    first = _annotation("first", 0, 1)
    last = _annotation("last", len(TRICKY) - 1, len(TRICKY))
    root = _render([last, whole, first])
    assert report_text(root) == TRICKY
    (outer,) = root.find_all(with_attr("data-annotation", "whole"))
    assert report_text(outer) == TRICKY
    for inner in ("first", "last"):
        (mark,) = root.find_all(with_attr("data-annotation", inner))
        assert mark.is_descendant_of(outer)
    assert report_text(root.find(with_attr("data-annotation", "last"))) == "."


def test_render_paragraph_markers_are_notes():
    root = _render([_annotation("one", 2, 10, kind="statistic")])
    (mark,) = root.find_all(with_attr("data-annotation", "one"))
    assert mark.get("data-type") == "statistic"
    assert text(mark) != report_text(mark)  # something visible was added ...
    added = [e for e in mark.iter() if e.has("data-note")]
    assert added, "... and it is marked data-note"


def test_render_paragraph_uses_the_text_renderer_for_every_piece_outside_highlights():
    """Text outside highlights goes through the renderer (glossary links); text inside a
    highlight is only escaped, so nothing there takes the tap that opens the note."""
    seen: list[str] = []

    def renderer(piece: str) -> str:
        seen.append(piece)
        return f'<span class="piece">{piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")}</span>'

    annotations = [_annotation("a", 2, 12), _annotation("b", 8, 20)]
    root = _render(annotations, text_renderer=renderer)
    assert seen == [TRICKY[:2], TRICKY[20:]]
    assert report_text(root) == TRICKY
    assert not any(e.get("class") == "piece" for mark in root.find_all(lambda e: e.tag == "mark") for e in mark.iter())


@pytest.mark.parametrize("seed", range(60))
def test_render_paragraph_random_spans(seed):
    rng = random.Random(seed)
    length = len(TRICKY)
    annotations = []
    for index in range(rng.randint(1, 7)):
        start = rng.randrange(0, length - 1)
        end = rng.randint(start + 1, min(length, start + rng.randint(1, 30)))
        annotations.append(_annotation(f"a{index}", start, end, kind=rng.choice(["claim", "statistic", "caveat", "allegation"])))
    root = _render(annotations)
    assert report_text(root) == TRICKY
    for annotation in annotations:
        parts = root.find_all(with_attr("data-annotation", annotation.id))
        assert "".join(report_text(p) for p in parts) == annotation.quote
        assert [p.get("id") for p in parts] == [annotation.id] + [None] * (len(parts) - 1)
        markers = [e for p in parts for e in p.iter() if e.has("data-note") and e.find(lambda x, a=annotation: (x.get("href") or "").endswith(a.id))]
        assert len(markers) == 1, "one marker per annotation, whatever the number of fragments"
    for outer in annotations:
        for inner in annotations:
            if inner is outer or not outer.span.contains(inner.span) or inner.span == outer.span:
                continue
            outer_parts = root.find_all(with_attr("data-annotation", outer.id))
            for part in root.find_all(with_attr("data-annotation", inner.id)):
                assert any(part.is_descendant_of(o) for o in outer_parts), (outer, inner)
