"""The reader surfaces around the report pages: topic pages, the glossary, the type indexes
and the statistics table, cross-links, search, the home overview and the navigation.

One real site of two documents is built once for the module (the real seed and a small
second one), with topics, a glossary and annotations of every type on both documents.
Every expectation below is computed from the fixture itself (quotes located in the seed
text with `str.find`, coverage as a union of character offsets, glossary occurrences
found word by word), never read back from the plugin. Pages are read through `htmltext`.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from annotated_report.build import build_site
from annotated_report.pages.indexes import statistics_page
from annotated_report.urls import SiteUrls
from helpers import EDITORIAL_RULES_OFF, SEED, SEED_SLUG, BuildResult, build, make_project, write
from htmltext import Element, parse, report_text, text, with_attr, with_class

CAMBODIA = SEED_SLUG
OTHER = "other-report"
OTHER_TEXT = "First paragraph about NGOs and MOUs.\nSecond paragraph with 12 cases in 2020 and 20 cases in 2021.\n"

#: Each document's paragraphs: seed line N is paragraph N (neither seed has blank lines).
PARAGRAPHS: dict[str, list[str]] = {
    CAMBODIA: SEED.read_text(encoding="utf-8").split("\n"),
    OTHER: OTHER_TEXT.split("\n")[:-1],
}
#: In site order: documents are sorted by slug (neither has an `order`).
DOCUMENTS = [CAMBODIA, OTHER]
TITLES = {CAMBODIA: "Cambodia 2022: Prosecution", OTHER: "Other Report"}

TYPES = ("claim", "statistic", "caveat", "allegation")
LABELS = {"claim": "Claim", "statistic": "Statistic", "caveat": "Caveat", "allegation": "Allegation"}
TYPE_PAGES = {"claim": "claims/", "statistic": "statistics/", "caveat": "caveats/", "allegation": "allegations/"}

#: A word that appears in one note and nowhere else in the site's sources.
RARE_WORD = "zanzibarite"

# --- the fixture ------------------------------------------------------------------------------

TOPICS = [
    ("prosecutions", "Prosecutions", "Cases brought to court and what came of them."),
    ("penalties", "Penalties", "Sentences the law prescribes, and the ones *actually* handed down."),
    ("international-cooperation", "International cooperation", "Work with other governments."),
    ("corruption", "Corruption", "Complicity and bribes."),
    ("victim-protection", "Victim protection", "Nothing is tagged with this topic yet."),
]
TOPIC_TITLES = {topic_id: title for topic_id, title, _ in TOPICS}

#: Listed out of alphabetical order on purpose; `slug` is the id the glossary must use.
TERMS = [
    {
        "term": "NGO", "slug": "ngo", "aliases": ["non-governmental organization"],
        "definition": "A non-profit group independent of government.",
        "see_also": ["MOU", "ministry of justice"],  # an alias and a lower-cased term name
        "see_also_slugs": ["memorandum-of-understanding", "ministry-of-justice"],
    },
    {
        "term": "judicial supervision", "slug": "judicial-supervision", "aliases": [],
        "definition": "Release before trial under a court's conditions.",
        "see_also": ["justice"], "see_also_slugs": ["justice"],
    },
    {
        "term": "Ministry of Justice", "slug": "ministry-of-justice", "aliases": ["MOJ"],
        "definition": "The *ministry* that runs the courts' administration and prosecutors.",
        "see_also": [], "see_also_slugs": [],
    },
    {
        "term": "memorandum of understanding", "slug": "memorandum-of-understanding",
        "aliases": ["memoranda of understanding", "MOU"],
        "definition": "An agreement between governments that is short of a treaty.",
        "see_also": ["NGO"], "see_also_slugs": ["ngo"],
    },
    {
        "term": "judicial", "slug": "judicial", "aliases": [],
        "definition": "Of the courts and judges.",
        "see_also": ["judicial supervision"], "see_also_slugs": ["judicial-supervision"],
    },
    {
        "term": "justice", "slug": "justice", "aliases": [],
        "definition": "Fair treatment through the courts.",
        "see_also": [], "see_also_slugs": [],
    },
]
TERMS_BY_SLUG = {term["slug"]: term for term in TERMS}
PLAIN_DEFINITIONS = {term["slug"]: term["definition"].replace("*", "") for term in TERMS}


def _a(annotation_id: str, document: str, kind: str, quote: str, **fields) -> dict:
    return {"id": annotation_id, "document": document, "type": kind, "quote": quote,
            "note": fields.pop("note", f"Note on {annotation_id}."), **fields}


ANNOTATIONS = [
    # Cambodia, paragraph 1
    _a("ngos-practice", CAMBODIA, "allegation",
       "NGOs reported that, in practice, the government did not issue criminal penalties",
       attributed_to="NGOs", topics=["penalties"], related=["labor-law-fines"]),
    _a("penalty-range", CAMBODIA, "statistic", "seven to 15 years\u2019 imprisonment",
       value={"min": 7, "max": 15}, unit="years of imprisonment", topics=["penalties"]),
    _a("labor-law-fines", CAMBODIA, "caveat",
       "it utilized the labor law to issue fines and/or short jail sentences of six days to one month",
       topics=["penalties"]),
    _a("justice-for-victims", CAMBODIA, "claim", "provide justice for victims.", topics=["penalties"]),
    # Cambodia, paragraph 2
    _a("data-not-comparable", CAMBODIA, "caveat",
       "precluding the ability to compare investigations, prosecutions, and convictions from previous years",
       topics=["prosecutions"], related=["convictions-2021", "convictions-2020"]),
    _a("arrests-media", CAMBODIA, "allegation",
       "According to some media reports, authorities arrested 370 suspected traffickers",
       attributed_to="Media reports", topics=["prosecutions"]),
    _a("moj-data", CAMBODIA, "claim",
       "Ministry of Justice (MOJ) personnel manually collected prosecution and conviction data",
       topics=["prosecutions"]),
    _a("prosecuted-2021", CAMBODIA, "statistic", "the government prosecuted 109 suspected traffickers",
       value=109, unit="suspected traffickers prosecuted", year=2021, series="people-prosecuted",
       topics=["prosecutions"]),
    _a("convictions-2021", CAMBODIA, "statistic", "The government convicted 38 traffickers",
       value=38, unit="traffickers convicted", year=2021, series="convictions", topics=["prosecutions"]),
    _a("convictions-2020", CAMBODIA, "statistic", "it also convicted 440 traffickers",
       value=440, unit="traffickers convicted", year=2020, series="convictions", topics=["prosecutions"],
       related=["convictions-2021"]),
    # Cambodia, paragraph 3
    _a("gov-cooperation", CAMBODIA, "claim",
       "The government reported it cooperated with the governments of the United States, Thailand, and the PRC",
       attributed_to="The government", topics=["international-cooperation"], related=["other-ngos-mous"]),
    _a("mous", CAMBODIA, "claim",
       "memoranda of understanding (MOUs) outlining cross- border anti-trafficking investigations with Thailand and Vietnam",
       topics=["international-cooperation"]),
    # Cambodia, paragraph 4
    _a("judicial-supervision", CAMBODIA, "claim",
       "Judicial police lacked the resources to monitor defendants released on \u201cjudicial supervision\u201d pending trial",
       topics=["penalties"]),
    # Cambodia, paragraph 6
    _a("ngos-complicity", CAMBODIA, "allegation",
       "NGOs alleged police and other officials were complicit in online scam operations",
       attributed_to="NGOs", topics=["corruption"]),
    _a("bribes", CAMBODIA, "allegation", "Observers alleged prosecutors and judges accepted bribes",
       attributed_to="Observers", topics=["corruption"],
       note=f"Observers describe a {RARE_WORD} pattern of payments."),
    # Cambodia, paragraph 7
    _a("trainings", CAMBODIA, "statistic", "256 sessions and workshops",
       value=256, unit="training sessions and workshops", year=2021),
    # The second document
    _a("other-ngos-mous", OTHER, "claim", "NGOs and MOUs", attributed_to="Local experts",
       topics=["international-cooperation"], related=["gov-cooperation"]),
    _a("other-cases-2020", OTHER, "statistic", "12 cases in 2020",
       value=12, unit="cases", year=2020, series="other-cases", topics=["prosecutions"]),
    _a("other-cases-2021", OTHER, "statistic", "20 cases in 2021",
       value=20, unit="cases", year=2021, series="other-cases", topics=["prosecutions"]),
    _a("other-whole", OTHER, "caveat", "Second paragraph with 12 cases in 2020",
       topics=["prosecutions"], related=["other-cases-2020"]),
]
BY_ID = {annotation["id"]: annotation for annotation in ANNOTATIONS}

#: How the statistics table shows each value (a range with an en dash).
VALUE_TEXT = {
    "penalty-range": "7\u201315", "prosecuted-2021": "109", "convictions-2021": "38", "convictions-2020": "440",
    "trainings": "256", "other-cases-2020": "12", "other-cases-2021": "20",
}


def _locate(annotation: dict) -> tuple[int, int, int]:
    """(paragraph number, start, end) of the quote within its paragraph, found independently."""
    hits = [
        (number, paragraph.find(annotation["quote"]))
        for number, paragraph in enumerate(PARAGRAPHS[annotation["document"]], start=1)
        if annotation["quote"] in paragraph
    ]
    assert len(hits) == 1 and PARAGRAPHS[annotation["document"]][hits[0][0] - 1].count(annotation["quote"]) == 1, annotation["id"]
    number, start = hits[0]
    return number, start, start + len(annotation["quote"])


PLACES = {annotation["id"]: _locate(annotation) for annotation in ANNOTATIONS}


def in_reading_order(annotations: list[dict]) -> list[str]:
    """Ids document by document (site order), then by position (outer first at one start)."""
    def key(a: dict):
        number, start, end = PLACES[a["id"]]
        return DOCUMENTS.index(a["document"]), number, start, -end, a["id"]
    return [a["id"] for a in sorted(annotations, key=key)]


def _yaml_value(value) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON scalars, lists and maps are valid YAML


def _annotation_file(document: str) -> str:
    lines = [f"document: {document}", "annotations:"]
    for annotation in ANNOTATIONS:
        if annotation["document"] != document:
            continue
        lines.append(f"  - id: {annotation['id']}")
        for key, value in annotation.items():
            if key not in ("id", "document"):
                lines.append(f"    {key}: {_yaml_value(value)}")
    return "\n".join(lines) + "\n"


def _topics_file() -> str:
    return "topics:\n" + "".join(
        f"  - {{id: {topic_id}, title: {_yaml_value(title)}, description: {_yaml_value(description)}}}\n"
        for topic_id, title, description in TOPICS
    )


def _glossary_file() -> str:
    lines = ["terms:"]
    for term in TERMS:
        lines.append(f"  - term: {_yaml_value(term['term'])}")
        for key in ("aliases", "definition", "see_also"):
            if term[key]:
                lines.append(f"    {key}: {_yaml_value(term[key])}")
    return "\n".join(lines) + "\n"


HOME = """\
# Welcome

An introduction written by hand.

<!-- annotated-report:overview -->

Written after the overview.
"""


def make_reader_project(root: Path, *, use_directory_urls: bool = True) -> Path:
    make_project(
        root,
        {
            f"{CAMBODIA}/all.yml": _annotation_file(CAMBODIA),
            f"{OTHER}/all.yml": _annotation_file(OTHER),
            "glossary.yml": _glossary_file(),
        },
        seeds={OTHER: OTHER_TEXT},
        topics=_topics_file(),
        use_directory_urls=use_directory_urls,
        rules=EDITORIAL_RULES_OFF,  # a rendering fixture: types chosen for nesting and escaping, not by the guide
    )
    write(root / "docs" / "index.md", HOME)
    return root


# --- reading built pages ------------------------------------------------------------------------


class BuiltSite:
    """A built site, read through `htmltext`: pages by URL, links resolved as a browser would."""

    def __init__(self, result: BuildResult, *, directory_urls: bool) -> None:
        self.result = result
        self.dir = result.site_dir
        self.directory_urls = directory_urls
        self._trees: dict[str, Element] = {}

    def url(self, page: str) -> str:
        """The URL of a page given as its path without extension: 'topics/x', 'index', 'topics/index'."""
        if self.directory_urls:
            if page == "index" or page.endswith("/index"):
                return page.removesuffix("index")
            return f"{page}/"
        return f"{page}.html"

    def report(self, slug: str) -> str:
        return self.url(f"reports/{slug}")

    def file(self, url: str) -> Path:
        return self.dir / (url + "index.html" if url == "" or url.endswith("/") else url)

    def tree(self, url: str) -> Element:
        if url not in self._trees:
            self._trees[url] = parse(self.file(url).read_text(encoding="utf-8"))
        return self._trees[url]

    def ids(self, url: str) -> set[str]:
        return {element.get("id") for element in self.tree(url).iter() if element.get("id")}

    def resolve(self, page_url: str, href: str) -> tuple[str, str]:
        """(site-root-relative path, fragment) that `href` on the page at `page_url` leads to."""
        joined = urlsplit(urljoin("https://site.invalid/" + page_url, href))
        assert (joined.scheme, joined.netloc) == ("https", "site.invalid"), f"{href!r} leaves the site"
        return unquote(joined.path).removeprefix("/"), joined.fragment

    def broken(self, page_url: str, href: str) -> str | None:
        """Why `href` on `page_url` leads nowhere (no such page, or no such id there), or None."""
        path, fragment = self.resolve(page_url, href)
        if not self.file(path).is_file():
            return f"{href} on {page_url!r} -> {path!r}: no such page"
        if fragment and fragment not in self.ids(path):
            return f"{href} on {page_url!r} -> {path!r} has no id {fragment!r}"
        return None

    def content(self, url: str) -> Element:
        found = self.tree(url).find(lambda e: e.tag == "article" and "md-content__inner" in e.classes)
        assert found is not None, f"no content on {url}"
        return found


def squash(value: str) -> str:
    return " ".join(value.split())


def cards(container: Element) -> list[Element]:
    return container.find_all(lambda e: e.tag == "article" and e.has("data-card"))


def cards_by_heading(container: Element) -> list[tuple[str, list[str]]]:
    """[(h2 text, [card ids under it])] in page order; a card before any h2 fails."""
    groups: list[tuple[str, list[str]]] = []
    for element in container.iter():
        if element.tag == "h2":
            groups.append((squash(text(element)), []))
        elif element.tag == "article" and element.has("data-card"):
            assert groups, f"card {element.get('data-card')} comes before any heading"
            groups[-1][1].append(element.get("data-card"))
    return groups


def paragraphs_of(page: Element) -> dict[int, Element]:
    found = page.find_all(with_attr("data-paragraph"))
    return {int(element.get("data-paragraph")): element for element in found}


def term_links(element: Element) -> list[Element]:
    return element.find_all(lambda e: e.tag == "a" and "ar-term" in e.classes)


def head_title(page: Element) -> str:
    head = page.find(lambda e: e.tag == "head")
    return squash(text(head.find(lambda e: e.tag == "title")))


def meta_description(page: Element) -> str | None:
    head = page.find(lambda e: e.tag == "head")
    meta = head.find(lambda e: e.tag == "meta" and e.get("name") == "description")
    return None if meta is None else meta.get("content")


# --- what the pages should say, computed from the fixture ----------------------------------------


def tagged(topic_id: str) -> list[dict]:
    return [a for a in ANNOTATIONS if topic_id in a.get("topics", [])]


def of_type(kind: str) -> list[dict]:
    return [a for a in ANNOTATIONS if a["type"] == kind]


def grouped_by_document(annotations: list[dict]) -> list[tuple[str, list[str]]]:
    return [
        (TITLES[slug], in_reading_order([a for a in annotations if a["document"] == slug]))
        for slug in DOCUMENTS
        if any(a["document"] == slug for a in annotations)
    ]


def term_occurrences(paragraph: str) -> list[tuple[int, int, str]]:
    """(start, end, slug) of every glossary term, alias or plural in a paragraph: whole words,
    any case, and where two overlap the one that starts first (then the longer) wins."""
    candidates = []
    for term in TERMS:
        for name in (term["term"], *term["aliases"]):
            for form in (name, f"{name}s"):
                pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in form.split()) + r"(?!\w)"
                candidates += [(m.start(), m.end(), term["slug"]) for m in re.finditer(pattern, paragraph, re.IGNORECASE)]
    chosen: list[tuple[int, int, str]] = []
    for start, end, slug in sorted(candidates, key=lambda c: (c[0], c[0] - c[1])):
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end, slug))
    return chosen


def term_uses(slug: str) -> list[tuple[str, int]]:
    """(document, paragraph number) of every paragraph that uses the term, in site order."""
    return [
        (document, number)
        for document in DOCUMENTS
        for number, paragraph in enumerate(PARAGRAPHS[document], start=1)
        if any(found == slug for _, _, found in term_occurrences(paragraph))
    ]


def coverage(document: str) -> float:
    covered = 0
    for number, paragraph in enumerate(PARAGRAPHS[document], start=1):
        chars: set[int] = set()
        for annotation in ANNOTATIONS:
            place = PLACES[annotation["id"]]
            if annotation["document"] == document and place[0] == number:
                chars.update(range(place[1], place[2]))
        covered += len(chars)
    return covered / sum(len(paragraph) for paragraph in PARAGRAPHS[document])


RELATED = [(a["id"], other) for a in ANNOTATIONS for other in a.get("related", [])]


# --- the builds ------------------------------------------------------------------------------------

#: The second build: flat URLs, and a `nav` of the editor's own that must be kept as written.
EXPLICIT_NAV = """\
nav:
  - Start here: index.md
  - Words: glossary.md
  - The small report: reports/other-report.md
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    result = build(make_reader_project(tmp_path_factory.mktemp("reader")))
    assert not result.aborted, result.warnings
    return BuiltSite(result, directory_urls=True)


@pytest.fixture(scope="module")
def flat(tmp_path_factory) -> BuiltSite:
    root = make_reader_project(tmp_path_factory.mktemp("reader-flat"), use_directory_urls=False)
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(EXPLICIT_NAV)
    result = build(root)
    assert not result.aborted, result.warnings
    return BuiltSite(result, directory_urls=False)


def test_the_fixture_builds_without_a_warning(site, flat):
    assert site.result.warnings == []
    assert flat.result.warnings == []


def test_no_glossary_term_straddles_a_highlight_boundary_in_the_fixture():
    # The report tests below expect every occurrence to be linked whole; a term cut by a
    # highlight boundary would be a different (documented) case, so the fixture has none.
    for annotation in ANNOTATIONS:
        number, start, end = PLACES[annotation["id"]]
        for left, right, _ in term_occurrences(PARAGRAPHS[annotation["document"]][number - 1]):
            assert not (left < start < right or left < end < right), (annotation["id"], left, right)


# --- 1. topic pages and the topics index -----------------------------------------------------------


@pytest.mark.parametrize("topic_id", [topic_id for topic_id, _, _ in TOPICS])
@pytest.mark.parametrize("which", ["site", "flat"])
def test_topic_page_lists_its_annotations_by_document_in_reading_order(request, which, topic_id):
    built: BuiltSite = request.getfixturevalue(which)
    content = built.content(built.url(f"topics/{topic_id}"))
    assert cards_by_heading(content) == grouped_by_document(tagged(topic_id))
    # Each document heading links to that document's report page.
    for heading in content.find_all(lambda e: e.tag == "h2"):
        (link,) = heading.find_all(lambda e: e.tag == "a")
        slug = next(slug for slug in DOCUMENTS if TITLES[slug] == squash(text(heading)))
        assert built.resolve(built.url(f"topics/{topic_id}"), link.get("href"))[0] == built.report(slug)


def test_a_topic_without_annotations_still_has_a_page(site, flat):
    for built in (site, flat):
        url = built.url("topics/victim-protection")
        assert built.file(url).is_file()
        content = built.content(url)
        assert cards(content) == []
        assert "Nothing is tagged with this topic yet." in squash(text(content))


def check_card(built: BuiltSite, page_url: str, card: Element) -> None:
    """A card shows the type, the quote highlighted in its own words, the note, and links home."""
    annotation = BY_ID[card.get("data-card")]
    kind, document = annotation["type"], annotation["document"]
    number = PLACES[annotation["id"]][0]
    assert f"ar-card--{kind}" in card.classes
    badges = card.find_all(with_class("ar-type"))
    assert [squash(text(badge)) for badge in badges] == [LABELS[kind]]
    (context,) = card.find_all(lambda e: e.tag == "blockquote")
    (mark,) = context.find_all(lambda e: e.tag == "mark")
    assert text(mark) == annotation["quote"]
    (back,) = context.find_all(with_class("ar-context__link"))
    around = text(context, skip=lambda e: e is back).strip().strip("\u2026")
    assert annotation["quote"] in around and around in PARAGRAPHS[document][number - 1], around
    (body,) = card.find_all(with_class("ar-note__body"))
    assert squash(text(body)) == annotation["note"]
    if annotation.get("attributed_to"):
        (who,) = card.find_all(with_class("ar-note__attribution"))
        assert squash(text(who)) == f"Attributed to: {annotation['attributed_to']}"
    for link in (back, card.find(with_class("ar-note__quote"))):
        assert built.resolve(page_url, link.get("href")) == (built.report(document), annotation["id"])
        assert built.broken(page_url, link.get("href")) is None
    # Every other link in the card leads somewhere real; topic links lead to that topic.
    for link in card.find_all(lambda e: e.tag == "a" and e.has("href")):
        assert built.broken(page_url, link.get("href")) is None
    topic_links = card.find(with_class("ar-note__topics"))
    shown_topics = [] if topic_links is None else topic_links.find_all(lambda e: e.tag == "a")
    assert [squash(text(link)) for link in shown_topics] == [TOPIC_TITLES[t] for t in annotation.get("topics", [])]
    for link, topic_id in zip(shown_topics, annotation.get("topics", [])):
        assert built.resolve(page_url, link.get("href"))[0] == built.url(f"topics/{topic_id}"), link.get("href")


@pytest.mark.parametrize("topic_id", [topic_id for topic_id, _, _ in TOPICS if tagged(topic_id)])
@pytest.mark.parametrize("which", ["site", "flat"])
def test_topic_page_cards_show_type_quote_in_context_note_and_link(request, which, topic_id):
    built: BuiltSite = request.getfixturevalue(which)
    url = built.url(f"topics/{topic_id}")
    found = cards(built.content(url))
    assert found
    for card in found:
        check_card(built, url, card)


@pytest.mark.parametrize("which", ["site", "flat"])
def test_topics_index_lists_every_topic_with_true_counts(request, which):
    built: BuiltSite = request.getfixturevalue(which)
    url = built.url("topics/index")
    table = built.content(url).find(with_attr("data-ar-table", "topics"))
    assert table is not None
    header = [squash(text(th)) for th in table.find(lambda e: e.tag == "thead").find_all(lambda e: e.tag == "th")]
    assert header == ["Topic", "Claims", "Statistics", "Caveats", "Allegations", "All"]
    rows = table.find_all(lambda e: e.tag == "tr" and e.has("data-topic"))
    assert [row.get("data-topic") for row in rows] == [topic_id for topic_id, _, _ in TOPICS]
    for row in rows:
        topic_id = row.get("data-topic")
        cells = row.find_all(lambda e: e.tag == "td")
        assert len(cells) == len(header)
        (link,) = cells[0].find_all(lambda e: e.tag == "a")
        assert squash(text(link)) == TOPIC_TITLES[topic_id]
        assert built.resolve(url, link.get("href"))[0] == built.url(f"topics/{topic_id}")
        assert built.broken(url, link.get("href")) is None
        expected = [sum(1 for a in tagged(topic_id) if a["type"] == kind) for kind in TYPES]
        assert [int(text(cell)) for cell in cells[1:]] == [*expected, len(tagged(topic_id))], topic_id


GENERATED_PAGES = [
    *[(f"topics/{topic_id}", title, description.replace("*", "")) for topic_id, title, description in TOPICS],
    ("topics/index", "Topics", None),
    ("glossary", "Glossary", None),
    ("claims", "Claims", None),
    ("statistics", "Statistics", None),
    ("caveats", "Caveats", None),
    ("allegations", "Allegations", None),
]


@pytest.mark.parametrize(("page", "title", "description"), GENERATED_PAGES)
def test_generated_pages_have_a_title_and_a_description(site, page, title, description):
    tree = site.tree(site.url(page))
    assert head_title(tree) == f"{title} - Test site"
    shown = meta_description(tree)
    assert shown, f"{page} has no meta description"
    if description is not None:
        assert shown == description


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


@pytest.mark.parametrize("slug", sorted(TERMS_BY_SLUG))
def test_glossary_used_in_lists_exactly_the_paragraphs_using_the_term(site, glossary, slug):
    url = site.url("glossary")
    entry = glossary.find(with_attr("data-term", slug))
    listed = []
    for link in entry.find_all(with_class("ar-glossary__use")):
        path, fragment = site.resolve(url, link.get("href"))
        document = next(d for d in DOCUMENTS if site.report(d) == path)
        assert fragment.startswith("paragraph_"), link.get("href")
        number = int(fragment.removeprefix("paragraph_"))
        (heading,) = site.tree(path).find_all(with_attr("id", fragment))
        assert heading.tag in {"h2", "h3", "h4"}
        assert squash(text(link)) == f"{TITLES[document]}, paragraph {number}"
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


@pytest.mark.parametrize("document", DOCUMENTS)
def test_report_links_every_glossary_term_longest_first(site, document):
    url = site.report(document)
    paragraphs = paragraphs_of(site.tree(url))
    assert sorted(paragraphs) == list(range(1, len(PARAGRAPHS[document]) + 1))
    glossary_url = site.url("glossary")
    for number, element in paragraphs.items():
        line = PARAGRAPHS[document][number - 1]
        links = term_links(element)
        expected = [(line[start:end], slug) for start, end, slug in term_occurrences(line)]
        assert [(report_text(link), link.get("data-term")) for link in links] == expected, (document, number)
        for link in links:
            slug = link.get("data-term")
            assert link.get("title") == PLAIN_DEFINITIONS[slug]
            assert site.resolve(url, link.get("href")) == (glossary_url, slug)
            assert site.broken(url, link.get("href")) is None


def test_plural_ngos_links_to_the_ngo_entry(site):
    for document in DOCUMENTS:
        url = site.report(document)
        ngos = [link for link in term_links(site.tree(url)) if report_text(link) == "NGOs"]
        assert ngos, document
        for link in ngos:
            assert site.resolve(url, link.get("href")) == (site.url("glossary"), "ngo")


def test_a_multi_word_term_is_one_link_not_its_parts(site):
    paragraphs = paragraphs_of(site.tree(site.report(CAMBODIA)))
    in_2 = [(report_text(link), link.get("data-term")) for link in term_links(paragraphs[2])]
    assert ("Ministry of Justice", "ministry-of-justice") in in_2
    assert not any(shown == "Justice" for shown, _ in in_2)
    in_3 = [(report_text(link), link.get("data-term")) for link in term_links(paragraphs[3])]
    assert in_3 == [
        ("judicial", "judicial"),  # "halting judicial activity"
        ("memoranda of understanding", "memorandum-of-understanding"),
        ("MOUs", "memorandum-of-understanding"),
    ]
    in_4 = [(report_text(link), link.get("data-term")) for link in term_links(paragraphs[4])]
    # "judicial" is a term of its own: linked alone ("Judicial police"), never inside "judicial supervision".
    assert in_4 == [
        ("Judicial", "judicial"),
        ("judicial supervision", "judicial-supervision"),
        ("NGOs", "ngo"),
        ("judicial supervision", "judicial-supervision"),
    ]


@pytest.mark.parametrize("annotation_id", ["ngos-practice", "justice-for-victims", "moj-data", "mous", "judicial-supervision", "other-ngos-mous"])
def test_terms_inside_a_highlight_are_linked_and_the_highlight_stays_whole(site, annotation_id):
    annotation = BY_ID[annotation_id]
    page = site.tree(site.report(annotation["document"]))
    parts = page.find_all(with_attr("data-annotation", annotation_id))
    assert parts and parts[0].get("id") == annotation_id
    assert "".join(report_text(part) for part in parts) == annotation["quote"]
    inside = [(report_text(link), link.get("data-term")) for part in parts for link in term_links(part)]
    expected = [(annotation["quote"][s:e], slug) for s, e, slug in term_occurrences(annotation["quote"])]
    assert inside and inside == expected


@pytest.mark.parametrize("which", ["site", "flat"])
def test_report_text_is_still_the_seed_with_glossary_links(request, which):
    built: BuiltSite = request.getfixturevalue(which)
    for document in DOCUMENTS:
        paragraphs = paragraphs_of(built.tree(built.report(document)))
        assert {n: report_text(p) for n, p in paragraphs.items()} == dict(enumerate(PARAGRAPHS[document], start=1))


# --- 4. the type indexes and the statistics table --------------------------------------------------


def test_caveats_page_lists_every_caveat_in_reading_order(site):
    url = site.url("caveats")
    found = cards(site.content(url))
    assert [card.get("data-card") for card in found] == in_reading_order(of_type("caveat"))
    for card in found:
        check_card(site, url, card)


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
    for card in cards(content):
        check_card(site, url, card)
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


def test_statistics_table_has_one_row_per_statistic(site, statistics):
    url = site.url("statistics")
    (table,) = statistics.find_all(with_attr("data-ar-table", "statistics"))
    header = [squash(text(th)) for th in table.find(lambda e: e.tag == "thead").find_all(lambda e: e.tag == "th")]
    assert header == ["Value", "Unit", "Year", "Quote", "Document", "Link"]
    rows = table.find_all(with_attr("data-annotation-row"))
    assert [row.get("data-annotation-row") for row in rows] == in_reading_order(of_type("statistic"))
    for row in rows:
        annotation = BY_ID[row.get("data-annotation-row")]
        value, unit, year, quote, document, link = row.find_all(lambda e: e.tag == "td")
        assert text(value) == VALUE_TEXT[annotation["id"]]
        raw = annotation["value"]
        assert float(value.get("data-sort")) == (raw if not isinstance(raw, dict) else raw["min"])
        assert text(unit) == annotation["unit"]
        if "year" in annotation:
            assert text(year) == str(annotation["year"])
            assert float(year.get("data-sort")) == annotation["year"]
        else:  # no year: an empty cell, sorted last by the table script
            assert text(year) == "" and year.get("data-sort") == ""
        assert text(quote) == f"\u201c{annotation['quote']}\u201d"
        assert text(document) == f"{TITLES[annotation['document']]}, \u00b6 {PLACES[annotation['id']][0]}"
        (anchor,) = link.find_all(lambda e: e.tag == "a")
        assert site.resolve(url, anchor.get("href")) == (site.report(annotation["document"]), annotation["id"])
        assert site.broken(url, anchor.get("href")) is None


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


def test_chart_value_labels_keep_decimals(tmp_path):
    # The chart's labels must say what the statistics say, including values that are not whole.
    root = make_project(
        tmp_path,
        {"rate.yml": textwrap.dedent("""\
            document: rates
            annotations:
              - {id: rate-2020, type: statistic, quote: "2.5 percent in 2020", value: 2.5, unit: percent, year: 2020, series: rate}
              - {id: rate-2021, type: statistic, quote: "3.75 percent in 2021", value: 3.75, unit: percent, year: 2021, series: rate}
            """)},
        seeds={"rates": "The rate was 2.5 percent in 2020 and 3.75 percent in 2021.\n"},
        with_cambodia=False,
    )
    built_site = build_site(root / "seeds", root / "annotations", root)
    assert built_site.problems == ()
    html = statistics_page(built_site, SiteUrls()).render()
    (svg,) = parse(html).find_all(lambda e: e.tag == "svg")
    labels = [text(t) for t in svg.find_all(with_class("ar-chart__value"))]
    assert labels == ["2.5", "3.75"]


# --- 5. cross-links both ways ---------------------------------------------------------------------------


def note_on_report(built: BuiltSite, annotation_id: str) -> tuple[str, Element]:
    url = built.report(BY_ID[annotation_id]["document"])
    report = built.tree(url).find(with_class("ar-report"))
    (note,) = report.find_all(lambda e: e.tag == "li" and e.get("data-annotation-note") == annotation_id)
    return url, note


def link_group(note: Element, title: str) -> dict[str, Element]:
    """The links under a heading such as 'Related:' or 'Qualified by:' in a note, by target id."""
    found: dict[str, Element] = {}
    for block in note.find_all(lambda e: e.tag == "div"):
        first = block.find(lambda e: e.tag == "p")
        if first is not None and squash(text(first)) == title:
            found.update((a.get("data-annotation-link"), a) for a in block.find_all(with_attr("data-annotation-link")))
    return found


@pytest.mark.parametrize(("source", "target"), RELATED)
def test_related_links_go_both_ways(site, source, target):
    kind = BY_ID[source]["type"]
    url, note = note_on_report(site, source)
    forward = link_group(note, "Qualifies:" if kind == "caveat" else "Related:")
    assert target in forward
    assert site.resolve(url, forward[target].get("href")) == (site.report(BY_ID[target]["document"]), target)
    assert site.broken(url, forward[target].get("href")) is None
    other_url, other = note_on_report(site, target)
    back = link_group(other, "Qualified by:" if kind == "caveat" else "Referred to by:")
    assert source in back
    assert source not in link_group(other, "Referred to by:" if kind == "caveat" else "Qualified by:")
    assert site.resolve(other_url, back[source].get("href")) == (site.report(BY_ID[source]["document"]), source)
    assert site.broken(other_url, back[source].get("href")) is None


def test_an_annotation_without_related_links_has_no_back_links_from_nowhere(site):
    referred = {target for _, target in RELATED}
    for annotation in ANNOTATIONS:
        if annotation["id"] in referred:
            continue
        _, note = note_on_report(site, annotation["id"])
        assert link_group(note, "Qualified by:") == {} and link_group(note, "Referred to by:") == {}


@pytest.mark.parametrize("which", ["site", "flat"])
def test_a_cross_document_related_link_opens_the_other_report(request, which):
    built: BuiltSite = request.getfixturevalue(which)
    assert BY_ID["gov-cooperation"]["document"] != BY_ID["other-ngos-mous"]["document"]
    for source, target in (("gov-cooperation", "other-ngos-mous"), ("other-ngos-mous", "gov-cooperation")):
        url, note = note_on_report(built, source)
        links = note.find_all(with_attr("data-annotation-link", target))
        assert links
        for link in links:
            path, fragment = built.resolve(url, link.get("href"))
            assert path == built.report(BY_ID[target]["document"]) != url
            assert fragment == target and built.broken(url, link.get("href")) is None


# --- 6. search ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def search_docs(site) -> list[dict]:
    return json.loads((site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_a_word_only_in_a_note_is_found_at_the_note(site, search_docs):
    assert sum(RARE_WORD in json.dumps(a) for a in ANNOTATIONS) == 1
    found = [doc["location"] for doc in search_docs if RARE_WORD in doc["text"]]
    assert f"{site.report(CAMBODIA)}#note_bribes" in found
    for location in found:  # each result opens at the note (or a card of it), never at a page top
        assert location in {f"{site.report(CAMBODIA)}#note_bribes", f"{site.url('topics/corruption')}#bribes",
                            f"{site.url('allegations')}#bribes"}, location


def test_topic_pages_and_glossary_terms_are_in_the_search_index(site, search_docs):
    by_location = {doc["location"]: doc for doc in search_docs}
    for topic_id, title, _ in TOPICS:
        assert by_location[site.url(f"topics/{topic_id}")]["title"] == title
    for term in TERMS:
        doc = by_location[f"{site.url('glossary')}#{term['slug']}"]
        assert doc["title"] == term["term"]
        assert PLAIN_DEFINITIONS[term["slug"]] in squash(text(parse(doc["text"])))


def test_report_paragraphs_are_indexed_at_their_headings(site, search_docs):
    by_location = {doc["location"]: doc for doc in search_docs}
    for document in DOCUMENTS:
        for number, paragraph in enumerate(PARAGRAPHS[document], start=1):
            doc = by_location[f"{site.report(document)}#paragraph_{number}"]
            words = squash(text(parse(doc["text"]), skip=lambda e: e.tag == "sup"))
            assert squash(paragraph) in words, (document, number)


# --- 7. the home page overview ----------------------------------------------------------------------


@pytest.mark.parametrize("which", ["site", "flat"])
def test_home_overview_documents_with_counts_and_coverage(request, which):
    built: BuiltSite = request.getfixturevalue(which)
    home = built.url("index")
    content = built.content(home)
    assert squash(text(content)).startswith("Welcome An introduction written by hand.")
    assert squash(text(content)).endswith("Written after the overview.")
    table = content.find(with_attr("data-ar-table", "documents"))
    rows = table.find_all(with_attr("data-document"))
    assert [row.get("data-document") for row in rows] == DOCUMENTS
    for row in rows:
        slug = row.get("data-document")
        title, paragraphs, annotations, covered = row.find_all(lambda e: e.tag == "td")
        (link,) = title.find_all(lambda e: e.tag == "a")
        assert squash(text(link)) == TITLES[slug]
        assert built.resolve(home, link.get("href"))[0] == built.report(slug)
        assert built.broken(home, link.get("href")) is None
        assert int(text(paragraphs)) == len(PARAGRAPHS[slug])
        assert int(text(annotations)) == sum(1 for a in ANNOTATIONS if a["document"] == slug)
        expected = coverage(slug)
        assert abs(float(covered.get("data-coverage")) - expected) < 1e-4, (slug, expected)
        assert abs(float(text(covered).rstrip("%")) - 100 * expected) <= 0.5, (slug, text(covered), expected)
    assert 0 < coverage(CAMBODIA) < coverage(OTHER) < 1


@pytest.mark.parametrize("which", ["site", "flat"])
def test_home_overview_counts_per_type_and_topic_link_to_their_pages(request, which):
    built: BuiltSite = request.getfixturevalue(which)
    home = built.url("index")
    content = built.content(home)
    types = content.find(with_class("ar-overview__types")).find_all(lambda e: e.tag == "li")
    assert len(types) == len(TYPES)
    for item, kind in zip(types, TYPES):
        (count,) = item.find_all(with_attr("data-type-count", kind))
        assert int(text(count)) == len(of_type(kind))
        (link,) = item.find_all(lambda e: e.tag == "a")
        assert built.resolve(home, link.get("href"))[0] == built.url(TYPE_PAGES[kind].rstrip("/"))
        assert built.broken(home, link.get("href")) is None
    topics = content.find(with_class("ar-overview__topics")).find_all(lambda e: e.tag == "li")
    assert len(topics) == len(TOPICS)
    for item, (topic_id, title, _) in zip(topics, TOPICS):
        (link,) = item.find_all(lambda e: e.tag == "a")
        assert squash(text(link)) == title
        assert built.resolve(home, link.get("href"))[0] == built.url(f"topics/{topic_id}")
        assert built.broken(home, link.get("href")) is None
        assert int(text(item.find(with_class("ar-count")))) == len(tagged(topic_id))


# --- links on every generated page, in both URL styles ---------------------------------------------


@pytest.mark.parametrize("page", ["index", *[page for page, _, _ in GENERATED_PAGES], *[f"reports/{d}" for d in DOCUMENTS]])
@pytest.mark.parametrize("which", ["site", "flat"])
def test_every_link_in_the_content_leads_to_a_page_and_id_of_the_site(request, which, page):
    # With use_directory_urls: false, top-level pages (index.html, glossary.html, claims.html...)
    # sit in the site root: their links must still be relative to it, e.g. "reports/x.html".
    built: BuiltSite = request.getfixturevalue(which)
    url = built.url(page)
    broken = []
    for link in built.content(url).find_all(lambda e: e.tag == "a" and e.has("href")):
        href = link.get("href")
        if urlsplit(href).scheme:
            continue
        problem = built.broken(url, href)
        if problem:
            broken.append(problem)
    assert broken == []


# --- 8. navigation ----------------------------------------------------------------------------------


def primary_nav(built: BuiltSite) -> list[tuple[str, str]]:
    """(resolved path, label) of each page link in the home page's main navigation."""
    home = built.url("index")
    nav = built.tree(home).find(lambda e: e.tag == "nav" and "md-nav--primary" in e.classes)
    links = nav.find_all(lambda e: e.tag == "a" and "md-nav__link" in e.classes)
    in_toc = [link for link in links if any("md-nav--secondary" in a.classes for a in link.ancestors())]
    return [
        (built.resolve(home, link.get("href"))[0], squash(text(link)))
        for link in links
        if link not in in_toc and not link.get("href").startswith("#")
    ]


def test_navigation_without_nav_is_home_reports_topics_glossary_indexes(site):
    assert [path for path, _ in primary_nav(site)] == [
        site.url("index"),
        *[site.report(document) for document in DOCUMENTS],
        site.url("topics/index"),
        *[site.url(f"topics/{topic_id}") for topic_id, _, _ in TOPICS],
        site.url("glossary"),
        *[site.url(TYPE_PAGES[kind].rstrip("/")) for kind in TYPES],
        site.url("data"),  # the data page closes the indexes
    ]


def test_an_explicit_nav_is_kept_as_written(flat):
    assert primary_nav(flat) == [
        ("index.html", "Start here"),
        ("glossary.html", "Words"),
        (f"reports/{OTHER}.html", "The small report"),
    ]
    # The pages left out of the nav are still built.
    assert flat.file(flat.url("topics/penalties")).is_file()
    assert flat.file(flat.report(CAMBODIA)).is_file()


# --- 9. security of the new surfaces -----------------------------------------------------------------

#: Contributor text meant to inject script: each payload calls alert(), which nothing legitimate does.
EVIL_TITLE = '<script>alert("t1")</script> Courts <img src=x onerror=alert("t2")>'
EVIL_DESCRIPTION = (
    'Read <script>alert("d1")</script> [this](javascript:alert("d2")) '
    '<a href="javascript:alert(\'d3\')" onclick="alert(\'d4\')">x</a> <img src=x onerror="alert(\'d5\')">'
)
EVIL_DEFINITION = (
    'An agency x" onmouseover="alert(\'g7\')" <script>alert("g1")</script> <a href="javascript:alert(\'g2\')">see</a> [more](javascript:alert("g3")) '
    '<img src=x onerror="alert(\'g4\')"> `<script>alert("g5")</script>` onerror=alert("g6")'
)
EVIL_WHO = (
    '<script>alert("w1")</script> Officials onerror=alert("w2") javascript:alert("w3") '
    '<img src=x onerror=alert("w4")> " onmouseover="alert(\'w5\')'
)
EVIL_DOCUMENT_TITLE = '<script>alert("s2")</script> Evil <svg onload=alert("s3")>'
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}


@pytest.fixture(scope="module")
def evil(tmp_path_factory) -> BuiltSite:
    annotations = textwrap.dedent(f"""\
        document: evil
        annotations:
          - id: evil-claim
            type: claim
            quote: The Agency
            attributed_to: {_yaml_value(EVIL_WHO)}
            topics: [evil-topic]
            note: {_yaml_value(EVIL_DESCRIPTION)}
          - id: evil-allegation
            type: allegation
            quote: said things
            attributed_to: {_yaml_value(EVIL_WHO)}
            topics: [evil-topic]
            related: [evil-claim]
        """)
    root = make_project(
        tmp_path_factory.mktemp("evil"),
        {
            "evil.yml": annotations,
            "glossary.yml": textwrap.dedent(f"""\
                terms:
                  - term: Agency
                    aliases: [{_yaml_value('<img src=x onerror=alert("a1")>')}]
                    definition: {_yaml_value(EVIL_DEFINITION)}
                    see_also: [Things]
                  - term: Things
                    definition: {_yaml_value(EVIL_DEFINITION)}
                """),
        },
        seeds={"evil": "The Agency said things.\n"},
        with_cambodia=False,
        topics=f"topics:\n  - id: evil-topic\n    title: {_yaml_value(EVIL_TITLE)}\n    description: {_yaml_value(EVIL_DESCRIPTION)}\n",
    )
    write(root / "docs" / "index.md", HOME)
    write(root / "seeds" / "evil.yml", "\n".join([
        f"title: {_yaml_value(EVIL_DOCUMENT_TITLE)}",
        f"description: {_yaml_value(EVIL_DESCRIPTION)}",
        f"section: {_yaml_value(EVIL_WHO)}",
        'source_url: "javascript:alert(\'s1\')"',
    ]) + "\n")
    result = build(root)
    assert not result.aborted, result.warnings
    return BuiltSite(result, directory_urls=True)


def dangers(tree: Element) -> list[str]:
    """Script elements carrying a payload or inside the content, event handlers, javascript: URLs."""
    found = []
    content = tree.find(lambda e: e.tag == "article" and "md-content__inner" in e.classes)
    for element in tree.iter():
        if element.tag == "script" and element.get("type") == "application/ld+json":
            # A data block never runs; it is dangerous only if it could end early (`</script>`)
            # or is not the JSON it claims to be (the data page's schema.org description).
            data = text(element)
            if "<" in data or element.get("src"):
                found.append(f"<script type=application/ld+json> {data[:80]!r}")
            json.loads(data)
            continue
        if element.tag == "script":
            body = text(element) + (element.get("src") or "")
            if "alert" in body or (content is not None and element.is_descendant_of(content)):
                found.append(f"<script> {body[:80]!r}")
        for name, value in element.attrs.items():
            if name.startswith("on"):
                found.append(f"<{element.tag} {name}={value!r}>")
            squashed = "".join(ch for ch in (value or "") if ch > " ").lower()
            if name in URL_ATTRIBUTES and squashed.startswith("javascript:"):
                found.append(f"<{element.tag} {name}={value!r}>")
    return found


def test_the_payloads_reach_the_pages_as_text(evil):
    topic = evil.content(evil.url("topics/evil-topic"))
    assert '<script>alert("t1")</script> Courts' in squash(text(topic.find(lambda e: e.tag == "h1")))
    claims = evil.content(evil.url("claims"))
    assert EVIL_WHO in [squash(text(h)) for h in claims.find_all(lambda e: e.tag == "h2")]
    (who,) = claims.find_all(with_class("ar-note__attribution"))
    assert squash(text(who)) == f"Attributed to: {EVIL_WHO}"
    (term,) = [link for link in term_links(evil.tree(evil.report("evil"))) if link.get("data-term") == "agency"]
    assert term.get("title").startswith('An agency x" onmouseover="alert(\'g7\')"')
    overview = evil.content(evil.url("index")).find(with_class("ar-overview__topics"))
    assert '<script>alert("t1")</script>' in text(overview)
    report = evil.tree(evil.report("evil"))
    assert head_title(report) == f"{EVIL_DOCUMENT_TITLE} - Test site"
    assert squash(text(evil.content(evil.report("evil")).find(lambda e: e.tag == "h1"))) == EVIL_DOCUMENT_TITLE
    aliases = evil.content(evil.url("glossary")).find(with_class("ar-glossary__aliases"))
    assert squash(text(aliases)) == 'Also: <img src=x onerror=alert("a1")>'


def test_no_built_page_runs_contributor_script(evil):
    pages = sorted(evil.dir.rglob("*.html"))
    assert len(pages) >= 10
    found = {}
    for path in pages:
        problems = dangers(parse(path.read_text(encoding="utf-8")))
        if problems:
            found[path.relative_to(evil.dir).as_posix()] = problems
    assert found == {}


def test_the_search_index_carries_no_markup_that_would_run(evil):
    # Material shows search titles and texts as HTML: they must hold no live markup either.
    docs = json.loads((evil.dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert any("alert" in doc["title"] + doc["text"] for doc in docs)  # the payloads are there, inert
    for doc in docs:
        for field in ("title", "text"):
            tree = parse(doc[field])
            assert dangers(tree) == [] and tree.find(lambda e: e.tag in {"script", "img", "iframe"}) is None, doc
