# ruff: noqa: F405  (names from the shared fixture, reader_site)
"""The glossary page, and glossary links in the report text."""

from __future__ import annotations

import pytest

from htmltext import Element, report_text, text, with_attr, with_class
from reader_site import *  # noqa: F403  (the shared fixture: constants, helpers, `site` and `flat`)

# --- 2. the glossary ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def glossary(site) -> Element:
    return site.content(site.url("glossary"))


def entries(glossary: Element) -> list[Element]:
    return glossary.find_all(with_class("ar-glossary__entry"))


def test_glossary_terms_are_alphabetical_each_with_its_slug_as_id(site, glossary):
    alphabetical = sorted(TERMS, key=lambda term: term["term"].lower())
    shown = [(entry.get("data-term"), squash(text(entry.find(with_class("ar-glossary__term"))))) for entry in entries(glossary)]
    assert shown == [(term["slug"], term["term"]) for term in alphabetical]
    page = site.tree(site.url("glossary"))
    for term in TERMS:
        (element,) = page.find_all(with_attr("id", term["slug"]))
        assert element.is_descendant_of(glossary.find(with_attr("data-term", term["slug"])))


@pytest.mark.parametrize("slug", sorted(TERMS_BY_SLUG))
def test_glossary_entry_shows_aliases_definition_and_see_also(site, glossary, slug):
    term = TERMS_BY_SLUG[slug]
    entry = glossary.find(with_attr("data-term", slug))
    aliases = entry.find(with_class("ar-glossary__aliases"))
    if term["aliases"]:
        shown = squash(text(aliases)).removeprefix("Also:").split(",")
        assert [alias.strip() for alias in shown] == term["aliases"]
    else:
        assert aliases is None
    assert squash(text(entry.find(with_class("ar-glossary__definition")))) == PLAIN_DEFINITIONS[slug]
    see_also = entry.find(with_class("ar-glossary__see-also"))
    links = [] if see_also is None else see_also.find_all(lambda e: e.tag == "a")
    url = site.url("glossary")
    assert [site.resolve(url, link.get("href")) for link in links] == [(url, target) for target in term["see_also_slugs"]]
    for link in links:
        assert site.broken(url, link.get("href")) is None
        assert squash(text(link)) == TERMS_BY_SLUG[site.resolve(url, link.get("href"))[1]]["term"]


def paragraph_links(entry):  # type: ignore[no-untyped-def]
    """The "used in" paragraph links: in each document's item, every link after the document's own."""
    return [link for group in entry.find_all(with_attr("data-document")) for link in group.find_all(lambda e: e.tag == "a")[1:]]


@pytest.mark.parametrize("slug", sorted(TERMS_BY_SLUG))
def test_glossary_used_in_lists_exactly_the_paragraphs_using_the_term(site, glossary, slug):
    url = site.url("glossary")
    entry = glossary.find(with_attr("data-term", slug))
    listed = []
    for link in paragraph_links(entry):
        path, fragment = site.resolve(url, link.get("href"))
        document = next(d for d in DOCUMENTS if site.report(d) == path)
        assert fragment.startswith("paragraph_"), link.get("href")
        number = int(fragment.removeprefix("paragraph_"))
        (heading,) = site.tree(path).find_all(with_attr("id", fragment))
        assert heading.tag in {"h2", "h3", "h4"}
        assert squash(text(link)) == f"\u00b6 {number}"
        # The document is named once, at the head of its group of paragraphs.
        group = next(a for a in link.ancestors() if a.tag == "li")
        assert group.get("data-document") == document
        assert squash(text(group.find(lambda e: e.tag == "a"))) == TITLES[document]
        # The paragraph (seed line N) really contains the term, an alias or a plural.
        line = PARAGRAPHS[document][number - 1]
        assert any(found == slug for _, _, found in term_occurrences(line)), (slug, document, number)
        listed.append((document, number))
    assert listed == term_uses(slug)


def test_every_term_of_the_fixture_is_used_somewhere():
    # So that the "used in" checks above are never vacuous.
    assert all(term_uses(slug) for slug in TERMS_BY_SLUG)
    assert term_uses("justice") == [(CAMBODIA, 1)]  # paragraph 2 says "Ministry of Justice": the longer term


# --- 3. glossary links in the report ----------------------------------------------------------------


def highlighted(paragraph: Element) -> list[tuple[int, int]]:
    """(start, end) in the paragraph's text of each `<mark>` (its fragments), markers skipped."""
    spans: list[tuple[int, int]] = []
    position = 0

    def walk(node: Element) -> None:
        nonlocal position
        for child in node.children:
            if isinstance(child, str):
                position += len(child)
            elif not child.has("data-note"):
                start = position
                walk(child)
                if child.tag == "mark":
                    spans.append((start, position))

    walk(paragraph)
    return spans


def outside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(left < end and start < right for left, right in spans)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_report_links_every_glossary_term_outside_highlights_longest_first(site, document):
    """Terms in un-highlighted text are links; a highlight's words never are (its note lists them)."""
    url = site.report(document)
    paragraphs = paragraphs_of(site.tree(url))
    assert sorted(paragraphs) == list(range(1, len(PARAGRAPHS[document]) + 1))
    glossary_url = site.url("glossary")
    seen: set[str] = set()  # the definition is a tooltip on a term's first use on the page only
    for number, element in sorted(paragraphs.items()):
        line = PARAGRAPHS[document][number - 1]
        links = term_links(element)
        spans = highlighted(element)
        expected = [(line[start:end], slug) for start, end, slug in term_occurrences(line) if outside(spans, start, end)]
        assert [(report_text(link), term_slug(link)) for link in links] == expected, (document, number)
        for link in links:
            slug = term_slug(link)
            assert link.get("title") == (None if slug in seen else PLAIN_DEFINITIONS[slug]), (document, number, slug)
            seen.add(slug)
            assert site.resolve(url, link.get("href")) == (glossary_url, slug)
            assert site.broken(url, link.get("href")) is None


def test_plural_ngos_links_to_the_ngo_entry(site):
    """"NGOs" is the NGO entry: linked in the text, or named in the note of its highlight."""
    for document in DOCUMENTS:
        url = site.report(document)
        page = site.tree(url)
        ngos = [link for link in term_links(page) if report_text(link) == "NGOs"]
        ngos += [link for annotation in ANNOTATIONS if annotation["document"] == document and "NGOs" in annotation["quote"]
                 for link in note_terms(page, annotation["id"])]
        assert ngos, document
        for link in ngos:
            assert site.resolve(url, link.get("href"))[0] == site.url("glossary")
        assert "ngo" in {site.resolve(url, link.get("href"))[1] for link in ngos}


def test_a_multi_word_term_is_one_link_not_its_parts(site):
    """Each term's uses, whether linked in the text or named in a highlight's note."""
    page = site.tree(site.report(CAMBODIA))
    paragraphs = paragraphs_of(page)

    def uses(number: int) -> list[tuple[str, str]]:
        line = PARAGRAPHS[CAMBODIA][number - 1]
        spans = highlighted(paragraphs[number])
        linked = {(report_text(link), term_slug(link)) for link in term_links(paragraphs[number])}
        listed = {term_slug(link) for a in ANNOTATIONS if a["document"] == CAMBODIA for link in note_terms(page, a["id"])}
        found = []
        for start, end, slug in term_occurrences(line):
            shown = (line[start:end], slug)
            assert (shown in linked) if outside(spans, start, end) else (slug in listed), shown
            found.append(shown)
        assert linked <= set(found)
        return found

    in_2 = uses(2)
    assert ("Ministry of Justice", "ministry-of-justice") in in_2
    assert not any(shown == "Justice" for shown, _ in in_2)
    in_3 = uses(3)
    assert in_3 == [
        ("judicial", "judicial"),  # "halting judicial activity"
        ("memoranda of understanding", "memorandum-of-understanding"),
        ("MOUs", "memorandum-of-understanding"),
    ]
    in_4 = uses(4)
    # "judicial" is a term of its own: linked alone ("Judicial police"), never inside "judicial supervision".
    assert in_4 == [
        ("Judicial", "judicial"),
        ("judicial supervision", "judicial-supervision"),
        ("NGOs", "ngo"),
        ("judicial supervision", "judicial-supervision"),
    ]


def note_terms(page: Element, annotation_id: str) -> list[Element]:
    """The glossary links of an annotation's note ("In the glossary: …")."""
    (note,) = page.find_all(with_attr("data-annotation-note", annotation_id))
    return [link for block in note.find_all(with_class("ar-note__terms")) for link in block.find_all(lambda e: e.tag == "a")]


@pytest.mark.parametrize("annotation_id", ["ngos-practice", "justice-for-victims", "moj-data", "mous", "judicial-supervision", "other-ngos-mous"])
def test_terms_inside_a_highlight_are_listed_in_its_note_and_the_highlight_stays_whole(site, annotation_id):
    """A tap on a highlight opens its note: its words are never links; the note names each
    term its passage uses, once, in reading order, linked to the glossary."""
    annotation = BY_ID[annotation_id]
    url = site.report(annotation["document"])
    page = site.tree(url)
    parts = page.find_all(with_attr("data-annotation", annotation_id))
    assert parts and parts[0].get("id") == annotation_id
    assert "".join(report_text(part) for part in parts) == annotation["quote"]
    assert [link for part in parts for link in term_links(part)] == []
    expected = list(dict.fromkeys(slug for _, _, slug in term_occurrences(annotation["quote"])))
    listed = note_terms(page, annotation_id)
    assert expected and [term_slug(link) for link in listed] == expected
    for link in listed:
        assert site.resolve(url, link.get("href")) == (site.url("glossary"), term_slug(link))


@pytest.mark.parametrize("which", ["site", "flat"])
def test_report_text_is_still_the_seed_with_glossary_links(request, which):
    built: BuiltSite = request.getfixturevalue(which)
    for document in DOCUMENTS:
        paragraphs = paragraphs_of(built.tree(built.report(document)))
        assert {n: report_text(p) for n, p in paragraphs.items()} == dict(enumerate(PARAGRAPHS[document], start=1))


