"""The reader-surfaces fixture shared by the page tests (tests/test_pages_*.py).

One real site of two documents is built once per test session (the real seed and a small
second one), with topics, a glossary and annotations of every type on both documents.
Every expectation is computed from the fixture itself (quotes located in the seed text
with `str.find`, coverage as a union of character offsets, glossary occurrences found
word by word), never read back from the plugin. Pages are read through `htmltext`.
"""

from __future__ import annotations

import json
import re
import textwrap  # noqa: F401
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from helpers import EDITORIAL_RULES_OFF, SEED, SEED_SLUG, BuildResult, build, make_project, write
from htmltext import Element, parse, report_text, text, with_attr, with_class  # noqa: F401

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


def yaml_value(value) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON scalars, lists and maps are valid YAML


def _annotation_file(document: str) -> str:
    lines = [f"document: {document}", "annotations:"]
    for annotation in ANNOTATIONS:
        if annotation["document"] != document:
            continue
        lines.append(f"  - id: {annotation['id']}")
        for key, value in annotation.items():
            if key not in ("id", "document"):
                lines.append(f"    {key}: {yaml_value(value)}")
    return "\n".join(lines) + "\n"


def _topics_file() -> str:
    return "topics:\n" + "".join(
        f"  - {{id: {topic_id}, title: {yaml_value(title)}, description: {yaml_value(description)}}}\n"
        for topic_id, title, description in TOPICS
    )


def _glossary_file() -> str:
    lines = ["terms:"]
    for term in TERMS:
        lines.append(f"  - term: {yaml_value(term['term'])}")
        for key in ("aliases", "definition", "see_also"):
            if term[key]:
                lines.append(f"    {key}: {yaml_value(term[key])}")
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


def is_card(element: Element) -> bool:
    """A compact entry: an item of an `ar-entries` list, its class naming the type."""
    return element.tag == "li" and any(name.startswith("ar-e--") for name in element.classes)


def cards(container: Element) -> list[Element]:
    found = container.find_all(is_card)
    for card in found:
        assert any(a.tag == "ul" and "ar-entries" in a.classes for a in card.ancestors()), "an entry outside its list"
    return found


def card_id(card: Element) -> str:
    """The annotation an entry stands for: its (first, and only) link's fragment."""
    (link,) = card.find_all(lambda e: e.tag == "a")
    return link.get("href").rsplit("#", 1)[1]


def cards_by_heading(container: Element) -> list[tuple[str, list[str]]]:
    """[(h2 text, [card ids under it])] in page order; a card before any h2 fails."""
    groups: list[tuple[str, list[str]]] = []
    for element in container.iter():
        if element.tag == "h2":
            groups.append((squash(text(element)), []))
        elif is_card(element):
            assert groups, f"card {card_id(element)} comes before any heading"
            groups[-1][1].append(card_id(element))
    return groups


def paragraphs_of(page: Element) -> dict[int, Element]:
    found = page.find_all(with_attr("data-paragraph"))
    return {int(element.get("data-paragraph")): element for element in found}


def term_links(element: Element) -> list[Element]:
    """Glossary links in report text: a paragraph's links that are not in a `[data-note]` (its letters)."""
    def is_term(e: Element) -> bool:
        above = list(e.ancestors())
        return e.tag == "a" and any(a.has("data-paragraph") for a in above) and not any(a.has("data-note") for a in above)
    return element.find_all(is_term)


def term_slug(link: Element) -> str:
    """The glossary entry a term link goes to: the fragment of its href."""
    return (link.get("href") or "").rpartition("#")[2]


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
    for number, _paragraph in enumerate(PARAGRAPHS[document], start=1):
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


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    result = build(make_reader_project(tmp_path_factory.mktemp("reader")))
    assert not result.aborted, result.warnings
    return BuiltSite(result, directory_urls=True)


@pytest.fixture(scope="session")
def flat(tmp_path_factory) -> BuiltSite:
    root = make_reader_project(tmp_path_factory.mktemp("reader-flat"), use_directory_urls=False)
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(EXPLICIT_NAV)
    result = build(root)
    assert not result.aborted, result.warnings
    return BuiltSite(result, directory_urls=False)




#: Every generated page other than the reports: (page, title, meta description or None).
GENERATED_PAGES = [
    *[(f"topics/{topic_id}", title, description.replace("*", "")) for topic_id, title, description in TOPICS],
    ("topics/index", "Topics", None),
    ("glossary", "Glossary", None),
    ("claims", "Claims", None),
    ("statistics", "Statistics", None),
    ("caveats", "Caveats", None),
    ("allegations", "Allegations", None),
]



def check_card(built: BuiltSite, page_url: str, card: Element, *, badge: bool = True, context: bool = True, title: bool = False) -> None:
    """A compact entry: one link to the annotation's place in the report (its type, when the
    page is not about one type; the document's title, when the list is not under it; the
    paragraph), the quote (highlighted in its own words, or whole between quotation marks),
    and a one-line summary of the note; never a copy of the note itself."""
    annotation = BY_ID[card_id(card)]
    kind, document = annotation["type"], annotation["document"]
    number = PLACES[annotation["id"]][0]
    assert card.classes == {f"ar-e--{kind}"}
    (link,) = card.find_all(lambda e: e.tag == "a")
    badges = link.find_all(with_class("ar-type"))
    assert [squash(text(b)) for b in badges] == ([LABELS[kind]] if badge else [])
    place = f"{TITLES[document]}, \u00b6 {number}" if title else f"\u00b6 {number}"
    assert squash(text(link, skip=lambda e: e in badges)) == place
    assert built.resolve(page_url, link.get("href")) == (built.report(document), annotation["id"])
    assert built.broken(page_url, link.get("href")) is None
    summaries = card.find_all(lambda e: e.tag == "small")
    words = squash(text(card, skip=lambda e: e is link or e in summaries))
    if context:
        (mark,) = card.find_all(lambda e: e.tag == "mark")
        assert text(mark) == annotation["quote"]
        around = text(card, skip=lambda e: e is link or e in summaries).strip().strip("\u2026")
        assert annotation["quote"] in around and around in PARAGRAPHS[document][number - 1], around
    else:
        assert card.find_all(lambda e: e.tag == "mark") == []
        assert words == f"\u201c{squash(annotation['quote'])}\u201d", words  # the fixture's quotes are short
    note = squash(annotation.get("note", ""))
    if note:
        (summary,) = summaries
        shown = squash(text(summary))
        assert len(shown) <= 121 and (shown == note or (shown.endswith("\u2026") and note.startswith(shown[:-1]))), shown
    else:
        assert summaries == []
    # Not a copy of the note: no body, no note box, no second element with the annotation's id.
    assert card.find_all(with_class("ar-note__body")) == []
    assert card.find_all(with_attr("data-annotation-note")) == []
    assert annotation["id"] not in built.ids(page_url)
    # Not a copy of the note: no body, no note box, no second element with the annotation's id.
    assert card.find_all(with_class("ar-note__body")) == []
    assert card.find_all(with_attr("data-annotation-note")) == []
    assert annotation["id"] not in built.ids(page_url)
    for link in card.find_all(lambda e: e.tag == "a" and e.has("href")):
        assert built.broken(page_url, link.get("href")) is None
