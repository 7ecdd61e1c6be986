"""Machine-readable copies of the annotations, published beside the site.

* `exports/annotations.jsonld`: a W3C Web Annotation collection, so other tools (Hypothesis
  and any client of the W3C model) can read the editors' work. Each annotation has its own
  IRI (`exports/annotations.jsonld#<id>`, its node in this collection) and two targets, one per
  representation of the same passage:
    1. the report page (`text/html`) with a TextQuoteSelector: the report's own words and
       up to 32 characters of context on each side, taken within the paragraph (longer
       only when needed to tell repeats apart);
    2. the seed published as `text/plain` (`reports/<slug>.txt`, byte-identical to
       `seeds/<slug>.txt`) with a TextPositionSelector (offsets in that text, in Unicode
       code points, which is what the model asks for). The quote is not repeated there:
       it is the first target's, and a second copy was a sixth of the file.
  Positions never target the HTML page: its text also holds headings and the legend.
  What the W3C model has no term for (a statistic's value, unit and year, who makes an
  allegation, topic ids, parts, a caveat that blocks comparison) is carried in properties
  of this project's small vocabulary (`report:value`, …, see `REPORT_TERMS`), declared by a
  second `@context` entry and described at `exports/terms.jsonld`: W3C clients ignore them,
  `annotated-report import` reads them back. Related annotations are `linking` bodies whose
  source is the other annotation's IRI.
* `exports/statistics.csv` / `.json`: every statistic with its value, unit and year.

Contributor text reaches an export only as the site shows it: notes as the sanitized HTML
of `render/markdown_safe.py`, every other string as plain text. CSV text cells that a
spreadsheet would read as a formula are neutralized.
"""

from __future__ import annotations

import csv
import hashlib
import html as html_lib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import nh3

from .model import Annotation, Document, Problem, Site
from .projectfiles import write_atomic
from .render.markdown_safe import SafeMarkdown
from .urls import SiteUrls

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: The prefix of this project's terms, and where their definitions are published.
REPORT_PREFIX = "report"
TERMS_FILE = "terms.jsonld"
#: Our terms (without the prefix) → what each means; published at `exports/terms.jsonld`.
REPORT_TERMS: dict[str, str] = {
    "attributedTo": "Who the report says makes the claim or allegation in the passage (not who wrote the annotation).",
    "value": "A statistic's exact value, as a number.",
    "minimum": "The lower end of a statistic's range (or the least a vague quantity implies).",
    "maximum": "The upper end of a statistic's range.",
    "approximate": "True when the statistic is a vague quantity such as 'hundreds'.",
    "unit": "What a statistic counts.",
    "year": "The year a statistic refers to.",
    "series": "An id shared by the statistics that count the same thing in different years.",
    "topics": "Ids of the site's topics this annotation belongs to (their titles are the tagging bodies).",
    "parts": "IRIs of the statistics whose values make up this one.",
    "blocksComparison": "True on a caveat that says the figures it qualifies are not comparable across years.",
    "note": "The note as its editor wrote it (Markdown, when it holds no HTML); the commenting body is its sanitized HTML.",
    "sources": "Where a fact in the note comes from: each a title and, when there is one, a URL.",
    "file": "The project file that holds the annotation (or the exemption), so an import puts it back there.",
    "notStatistics": "Numbers in the text that are deliberately not statistics (a rank, a name): each a target and its reason.",
    "reason": "Why a number in the text is not a statistic.",
}
#: Characters of context in a TextQuoteSelector's prefix and suffix (Hypothesis uses 32).
CONTEXT_LENGTH = 32
#: Columns of the statistics CSV/JSON; the numeric ones are written as numbers, never neutralized.
STATISTIC_FIELDS = ("id", "document", "paragraph", "quote", "value", "min", "max", "approximate", "unit", "year", "series", "note", "url", "iri")
NUMERIC_FIELDS = frozenset({"paragraph", "value", "min", "max", "year"})
#: What a spreadsheet reads as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Hosts that are placeholders, not where a site is published.
EXAMPLE_HOSTS = ("example.org", "example.com", "example.net", "localhost", "127.0.0.1", "::1", "0.0.0.0")


#: Exports are read by programs: no indentation (it was 1/7 of the site's bytes, and forces
#: json's pure-Python encoder), no spaces after separators.
_COMPACT = (",", ":")


def _absolute(base_url: str, url: str) -> str:
    return f"{base_url.rstrip('/')}/{url}" if base_url else url


def text_of(value: object, memo: dict[str, str] | None = None) -> str:
    """Contributor text as plain text: any markup removed (scripts with their content), entities decoded.

    `memo` (one export run's): units, series and titles repeat across thousands of items."""
    text = str(value or "")
    found = memo.get(text) if memo is not None else None
    if found is None:
        found = " ".join(html_lib.unescape(nh3.clean(text, tags=set())).split())
        if memo is not None:
            memo[text] = found
    return found


_HREF = re.compile(r'href="([^"]*)"')


def note_html(annotation: Annotation, page_url: str, markdown: SafeMarkdown | None = None,
              hrefs: dict[tuple[str, str], str] | None = None) -> str:
    """The note as the site shows it (sanitized HTML), links made absolute against its page.

    `hrefs` (one export run's): `urljoin` parses both URLs, and notes link the same few
    places from every page."""
    rendered = (markdown or SafeMarkdown()).html(annotation.note).strip()
    return _HREF.sub(lambda m: f'href="{_absolute_href(page_url, m.group(1), hrefs)}"', rendered)


def _absolute_href(page_url: str, href: str, memo: dict[tuple[str, str], str] | None) -> str:
    found = memo.get((page_url, href)) if memo is not None else None
    if found is None:
        found = html_lib.escape(urljoin(page_url, html_lib.unescape(href)))
        if memo is not None:
            memo[(page_url, href)] = found
    return found


def quote_context(document: Document, annotation: Annotation) -> tuple[str, str]:
    """Prefix and suffix from the annotation's paragraph: 32 characters, more while the
    quote with its context still occurs elsewhere in the document (a repeated passage)."""
    paragraph = document.paragraph(annotation.span.paragraph)
    return _context(document, paragraph.text, annotation.span.start - paragraph.start, annotation.span.end - paragraph.start, annotation.quote)


def _context(document: Document, text: str, start: int, end: int, quote: str) -> tuple[str, str]:
    width = CONTEXT_LENGTH
    while True:
        prefix = text[max(0, start - width) : start]
        suffix = text[end : end + width]
        if _unique(document.text, prefix + quote + suffix) or (start - width <= 0 and end + width >= len(text)):
            return prefix, suffix
        width += CONTEXT_LENGTH


def _unique(text: str, needle: str) -> bool:
    first = text.find(needle)
    return first != -1 and text.find(needle, first + 1) == -1


def w3c_context(urls: SiteUrls, base_url: str) -> list[Any]:
    """The W3C context first (the model requires it), then the prefix of our terms."""
    return [W3C_CONTEXT, {REPORT_PREFIX: _absolute(base_url, urls.export(TERMS_FILE)) + "#"}]


def report_properties(annotation: Annotation, urls: SiteUrls, base_url: str, texts: dict[str, str] | None = None) -> dict[str, Any]:
    """What the W3C model has no term for, as `report:` properties (plain text, numbers, ids)."""
    found: dict[str, Any] = {}
    if (annotation.attributed_to or "").strip():
        found["attributedTo"] = text_of(annotation.attributed_to, texts)
    if annotation.value is not None:
        value = annotation.value
        found.update({name: number for name, number in (("value", value.exact), ("minimum", value.minimum), ("maximum", value.maximum)) if number is not None})
        if value.approximate:
            found["approximate"] = True
    if (annotation.unit or "").strip():
        found["unit"] = text_of(annotation.unit, texts)
    if annotation.year is not None:
        found["year"] = annotation.year
    if annotation.series:
        found["series"] = text_of(annotation.series, texts)
    if annotation.topics:
        found["topics"] = list(annotation.topics)
    if annotation.parts:
        found["parts"] = [_absolute(base_url, urls.annotation_iri(part)) for part in annotation.parts]
    if annotation.blocks_comparison:
        found["blocksComparison"] = True
    # What an import needs to give the annotation back as its editor wrote it. A note with
    # `<` may hold raw HTML, which reaches readers only through the sanitizer: its source is
    # left out (an import reads the sanitized commenting body instead).
    if annotation.note.strip() and "<" not in annotation.note:
        found["note"] = annotation.note
    if annotation.sources:
        found["sources"] = [{"title": source.title, **({"url": source.url} if source.url else {})} for source in annotation.sources]
    if annotation.file:
        found["file"] = annotation.file
    return {f"{REPORT_PREFIX}:{name}": found[name] for name in REPORT_TERMS if name in found}


def terms_document(urls: SiteUrls, base_url: str = "") -> str:
    """The definitions of our terms, at the address their prefix names (so it dereferences)."""
    namespace = _absolute(base_url, urls.export(TERMS_FILE))
    graph = [
        {"@id": f"{namespace}#{name}", "@type": "rdf:Property", "rdfs:comment": comment}
        for name, comment in REPORT_TERMS.items()
    ]
    context = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    return json.dumps({"@context": context, "@graph": graph}, ensure_ascii=False, separators=_COMPACT)


def w3c_annotation(annotation: Annotation, site: Site, urls: SiteUrls, base_url: str) -> dict[str, Any]:
    """One annotation in the W3C Web Annotation Data Model (plus our `report:` properties)."""
    return {"@context": w3c_context(urls, base_url), **_item(annotation, site, urls, base_url)}


#: A document, its page's URL and its text's URL, by slug: made once per document and build.
Places = dict[str, tuple[Document, str, str]]


@dataclass
class ExportRun:
    """What one writing of the exports shares across its thousands of items: the build's
    Markdown renderer, and each document's place, plain text and absolute link made once."""

    markdown: SafeMarkdown = field(default_factory=SafeMarkdown)
    places: Places = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    hrefs: dict[tuple[str, str], str] = field(default_factory=dict)


def _item(annotation: Annotation, site: Site, urls: SiteUrls, base_url: str, run: ExportRun | None = None) -> dict[str, Any]:
    """The annotation as an item of the collection, which states the `@context` once."""
    run = run if run is not None else ExportRun()
    place = run.places.get(annotation.document)
    if place is None:
        document = site.document(annotation.document)
        place = (document, _absolute(base_url, urls.document(document.slug)), _absolute(base_url, urls.document_text(document.slug)))
        run.places[document.slug] = place
    document, page, text_url = place
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "classifying", "value": annotation.type},
    ]
    if annotation.note.strip():
        bodies.append({"type": "TextualBody", "purpose": "commenting", "format": "text/html", "value": note_html(annotation, page, run.markdown, run.hrefs)})
    bodies += [
        {"type": "TextualBody", "purpose": "tagging", "value": text_of(site.topic(topic_id).title, run.texts)}
        for topic_id in annotation.topics
    ]
    bodies += [
        {"type": "SpecificResource", "purpose": "linking", "source": _absolute(base_url, urls.annotation_iri(other))}
        for other in annotation.related
    ]
    bodies += [
        {"type": "SpecificResource", "purpose": "identifying", "source": source.url}
        for source in annotation.sources
        if source.url and source.url.startswith(("http://", "https://"))
    ]
    prefix, suffix = quote_context(document, annotation)
    quote = {"type": "TextQuoteSelector", "exact": annotation.quote, "prefix": prefix, "suffix": suffix}
    return {
        "id": _absolute(base_url, urls.annotation_iri(annotation.id)),
        "type": "Annotation",
        "motivation": "commenting",
        **report_properties(annotation, urls, base_url, run.texts),
        "body": bodies,
        "target": [
            {
                "id": _absolute(base_url, urls.annotation(annotation)),
                "type": "SpecificResource",
                "source": page,
                "format": "text/html",
                "selector": quote,
            },
            {
                "type": "SpecificResource",
                "source": text_url,
                "format": "text/plain",
                # Positions are exact in the published text; the quote is the first target's.
                "selector": {"type": "TextPositionSelector", "start": annotation.span.start, "end": annotation.span.end},
            },
        ],
    }


def w3c_items(site: Site, urls: SiteUrls, base_url: str = "") -> list[dict[str, Any]]:
    """Every annotation in reading order, as W3C annotations (each with its own `@context`)."""
    return [w3c_annotation(a, site, urls, base_url) for a in site.in_reading_order()]


#: One encoder for every item: `json.dumps` with options makes a new one per call, a third
#: of the time of encoding a 1.7 KB item. It keeps no state between calls.
_ITEM_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=_COMPACT)


def _item_json(item: dict[str, Any]) -> str:
    """An item as it appears in the collection (made by `_item`, without `@context`)."""
    return _ITEM_ENCODER.encode(item)


class ItemCache:
    """Each annotation's collection item as JSON text, kept between `mkdocs serve` rebuilds.

    The key is everything the item is made of: the annotation (a frozen value: quote, place,
    note, links, figures), a hash of its document's text (the quote's prefix and suffix are
    chosen to be unique in it), the titles of its topics, the URL layout and the base URL.
    After an edit only the items whose key changed are computed again; items of annotations
    gone from the site are dropped at the end of each build, so the cache never outgrows it.
    """

    def __init__(self) -> None:
        self.items: dict[tuple[Any, ...], str] = {}
        self.hits = 0

    def texts(self, site: Site, urls: SiteUrls, base_url: str, run: ExportRun | None = None) -> list[str]:
        documents = {d.slug: hashlib.blake2b(d.text.encode("utf-8", "surrogatepass"), digest_size=16).digest() for d in site.documents}
        titles = {topic.id: topic.title for topic in site.topics}
        kept: dict[tuple[Any, ...], str] = {}
        texts = []
        run = run if run is not None else ExportRun()
        self.hits = 0
        for annotation in site.in_reading_order():
            key = (annotation, documents[annotation.document], tuple(titles.get(t) for t in annotation.topics), base_url, urls)
            text = self.items.get(key)
            if text is None:
                text = _item_json(_item(annotation, site, urls, base_url, run))
            else:
                self.hits += 1
            kept[key] = text
            texts.append(text)
        self.items = kept
        return texts


def w3c_collection(site: Site, urls: SiteUrls, base_url: str = "", items: list[str] | None = None, run: ExportRun | None = None) -> str:
    """Every annotation, in reading order, as one W3C AnnotationCollection page (JSON-LD).

    `items` are the items' JSON texts (from an `ItemCache`, under `mkdocs serve`); the
    collection is assembled around them as text, so a serve rebuild encodes only the items
    that changed."""
    return "".join(_collection_chunks(site, urls, base_url, items, run or ExportRun()))


def _collection_chunks(site: Site, urls: SiteUrls, base_url: str, items: list[str] | None, run: ExportRun) -> Iterator[str]:
    """`w3c_collection` in pieces, for a writer that never holds the whole text (7 MB at N = 100).

    Without `items` (a one-off build) each item is encoded as it is made, with no cache key:
    nothing but the piece being written is held. (Encoding every item's dicts in one
    `json.dumps` call was barely faster and held them all: +8 MiB peak RSS at N = 100.)"""
    ordered = site.in_reading_order() if items is None else None
    head = {
        "@context": w3c_context(urls, base_url),
        "id": _absolute(base_url, urls.export("annotations.jsonld")),
        "type": "AnnotationCollection",
        "label": "Annotations",
        "total": len(ordered) if ordered is not None else len(items or ()),
    }
    if site.exemptions:
        head[f"{REPORT_PREFIX}:notStatistics"] = not_statistics(site, urls, base_url)
    yield json.dumps(head, ensure_ascii=False, separators=_COMPACT)[:-1] + ',"first":{"type":"AnnotationPage","startIndex":0,"items":['
    if ordered is None:
        yield ",".join(items or ())
    else:
        for index, annotation in enumerate(ordered):
            yield ("," if index else "") + _item_json(_item(annotation, site, urls, base_url, run))
    yield "]}}"


def not_statistics(site: Site, urls: SiteUrls, base_url: str = "") -> list[dict[str, Any]]:
    """The `not_statistics` exemptions, each a target (as an annotation's) with its reason and file."""
    found = []
    for exemption in site.exemptions:
        document = site.document(exemption.document)
        paragraph = document.paragraph(exemption.span.paragraph)
        quote = document.text[exemption.span.start : exemption.span.end]
        prefix, suffix = _context(document, paragraph.text, exemption.span.start - paragraph.start, exemption.span.end - paragraph.start, quote)
        found.append({
            "type": "SpecificResource",
            "source": _absolute(base_url, urls.document(document.slug)),
            "selector": {"type": "TextQuoteSelector", "exact": quote, "prefix": prefix, "suffix": suffix},
            f"{REPORT_PREFIX}:reason": exemption.reason,
            **({f"{REPORT_PREFIX}:file": exemption.file} if exemption.file else {}),
        })
    return found


def statistics_rows(site: Site, urls: SiteUrls, base_url: str = "", run: ExportRun | None = None) -> list[dict[str, Any]]:
    """One row per statistic; every contributor string as plain text."""
    run = run if run is not None else ExportRun()
    rows = []
    for annotation in site.in_reading_order():
        if annotation.type != "statistic" or annotation.value is None:
            continue
        value = annotation.value
        rows.append({
            "id": annotation.id,
            "document": annotation.document,
            "paragraph": annotation.span.paragraph,
            "quote": annotation.quote,
            "value": value.exact,
            "min": value.minimum,
            "max": value.maximum,
            "approximate": value.approximate,
            "unit": text_of(annotation.unit, run.texts),
            "year": annotation.year,
            "series": text_of(annotation.series, run.texts),
            "note": run.markdown.plain(annotation.note),
            "url": _absolute(base_url, urls.annotation(annotation)),
            "iri": _absolute(base_url, urls.annotation_iri(annotation.id)),
        })
    return rows


def statistics_json(site: Site, urls: SiteUrls, base_url: str = "", rows: list[dict[str, Any]] | None = None) -> str:
    rows = statistics_rows(site, urls, base_url) if rows is None else rows
    return json.dumps(rows, ensure_ascii=False, separators=_COMPACT)


def statistics_csv(site: Site, urls: SiteUrls, base_url: str = "", rows: list[dict[str, Any]] | None = None) -> str:
    """The statistics for spreadsheets: numbers as numbers, text cells safe from formula injection."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=STATISTIC_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in statistics_rows(site, urls, base_url) if rows is None else rows:
        writer.writerow({key: csv_cell(key, row[key]) for key in STATISTIC_FIELDS})
    return out.getvalue()


def csv_cell(field: str, value: Any) -> Any:
    """A CSV cell: numeric columns as numbers (a negative number is not a formula);
    text that starts like a formula gets a leading apostrophe, as OWASP advises."""
    if value is None:
        return ""
    if field in NUMERIC_FIELDS:
        return _number(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _number(value: Any) -> Any:
    """Whole floats without '.0' (12814.0 -> 12814), so spreadsheets read integers."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def document_texts(site: Site, urls: SiteUrls) -> dict[str, str]:
    """Each seed as published text/plain: the resource the TextPositionSelectors count in."""
    return {urls.document_text(document.slug): document.text for document in site.documents}


def iter_exports(site: Site, urls: SiteUrls, base_url: str = "", cache: ItemCache | None = None,
                 markdown: SafeMarkdown | None = None) -> Iterator[tuple[str, str]]:
    """(path in the site, content) for every export, one at a time, so a caller that writes
    each as it comes never holds them all. `cache` (under `mkdocs serve`) keeps each
    annotation's item between rebuilds; `markdown` is the build's renderer (notes are rendered
    once per build for the pages and the exports)."""
    for path, chunks in export_chunks(site, urls, base_url, cache, markdown):
        yield path, "".join(chunks)


def export_chunks(site: Site, urls: SiteUrls, base_url: str, cache: ItemCache | None = None,
                  markdown: SafeMarkdown | None = None) -> Iterator[tuple[str, Iterable[str]]]:
    """`iter_exports` with each content in pieces: the collection is written item by item.
    Each content is made only when its pieces are read, so listing the paths costs nothing
    (`export_paths`)."""
    run = ExportRun(markdown) if markdown is not None else ExportRun()
    made: list[list[dict[str, Any]]] = []  # the statistics rows, made once for both formats

    def rows() -> list[dict[str, Any]]:
        if not made:
            made.append(statistics_rows(site, urls, base_url, run))
        return made[0]

    def collection() -> Iterator[str]:
        items = cache.texts(site, urls, base_url, run) if cache is not None else None
        yield from _collection_chunks(site, urls, base_url, items, run)

    yield urls.export("annotations.jsonld"), collection()
    yield urls.export(TERMS_FILE), _later(lambda: terms_document(urls, base_url))
    yield urls.export("statistics.csv"), _later(lambda: statistics_csv(site, urls, base_url, rows()))
    yield urls.export("statistics.json"), _later(lambda: statistics_json(site, urls, base_url, rows()))
    for path, text in document_texts(site, urls).items():
        yield path, (text,)


def export_paths(site: Site, urls: SiteUrls) -> list[str]:
    """The path in the site of every export, without making any."""
    return [path for path, _ in export_chunks(site, urls, "")]


def _later(make: Callable[[], str]) -> Iterator[str]:
    yield make()


def export_files(site: Site, urls: SiteUrls, base_url: str = "", cache: ItemCache | None = None,
                 markdown: SafeMarkdown | None = None) -> dict[str, str]:
    """Path in the site → content, for every export (written as UTF-8, so a seed stays byte-identical)."""
    return dict(iter_exports(site, urls, base_url, cache, markdown))


def write_exports(folder: Path, site: Site, urls: SiteUrls, base_url: str = "", cache: ItemCache | None = None,
                  markdown: SafeMarkdown | None = None) -> list[Path]:
    """Every export written under `folder` (the site directory) as UTF-8, exactly as its text
    (no newline translation: positions count in it); returns the files written. Each export
    is written as it is made, the collection item by item: its text (megabytes) is never
    held whole, which lowered the build's peak RSS by ~4 MiB at N = 100."""
    written = []
    for path, chunks in export_chunks(site, urls, base_url, cache, markdown):
        target = folder.joinpath(*path.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, chunks)  # whole or not at all: a build that fails midway leaves no truncated export
        written.append(target)
    return written


@dataclass(frozen=True)
class SiteUrlNotice:
    """What is wrong with `site_url` for the exports; `blocking` ones are warnings (strict fails)."""

    problem: Problem
    blocking: bool


def site_url_problem(site_url: str | None, config_file: str = "mkdocs.yml") -> SiteUrlNotice | None:
    """The exports' identifiers are absolute IRIs built from `site_url`.

    Missing, they are relative, which the W3C model does not allow: a warning. An example
    domain or the local preview server makes valid but placeholder IRIs: information only,
    so a template project and `mkdocs serve` still build strictly.
    """
    hint = "Set site_url in mkdocs.yml to the address where the site is published, e.g. https://owner.github.io/repo/."
    if not site_url or not site_url.strip():
        message = "site_url is not set, so the exported annotations have no absolute identifiers."
        return SiteUrlNotice(Problem(config_file, None, message, hint=hint), blocking=True)
    host = (urlsplit(site_url.strip()).hostname or "").lower()
    if not host or any(host == name or host.endswith(f".{name}") for name in EXAMPLE_HOSTS):
        message = f"site_url is {site_url}, a placeholder: the exported annotations' identifiers point there."
        return SiteUrlNotice(Problem(config_file, None, message, hint=hint), blocking=False)
    return None
