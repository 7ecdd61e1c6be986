"""The data page: what each export holds, its format and licence, how to cite it, and a
schema.org `Dataset` (each statistic an `Observation`) for search engines and data portals."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from ..exports import CONTEXT_LENGTH, STATISTIC_FIELDS, text_of
from ..model import Annotation, Colophon, Document, Site
from ..urls import SiteUrls, relative
from .base import GeneratedPage, PageContext
from .colophon import colophon_block, editors_text
from .head import absolute

TITLE = "Data"
DESCRIPTION = "The annotations and statistics as open data: formats, licences, how to cite them."
REPOSITORY_LICENCE = "see the repository's licence"  # only when the colophon names no licence


def json_for_script(data: Any) -> str:
    """JSON safe inside `<script>`: `<`, `>` and `&` escaped, so no `</script>` or `<!--` can end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # read by programs: no indentation
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def data_page(ctx: PageContext) -> GeneratedPage:
    site, urls, colophon = ctx.site, ctx.urls, ctx.colophon
    page = urls.data_page()

    def render() -> str:
        page_url = urls.url(page)

        def link(target: str, label: str) -> str:
            return f'<a href="{escape(relative(page_url, target))}">{escape(label)}</a>'

        statistics = _statistics(site)
        texts = "".join(
            f"<li>{link(urls.document_text(d.slug), f'{d.slug}.txt')} — {escape(d.title)}: "
            f"{len(d.text):,} characters, {len(d.paragraphs)} paragraphs; licence: {escape(_text_licence(d))}</li>"
            for d in site.documents
        )
        columns = ", ".join(f"<code>{name}</code>" for name in STATISTIC_FIELDS)
        citations = "".join(f"<li>{escape(_citation(d, site, colophon, absolute(ctx.site_url, urls.document(d.slug))))}</li>" for d in site.documents)
        return (
            f"<p>Everything on this site is also published as data, rebuilt with the site: "
            f"{len(site.annotations)} annotations on {len(site.documents)} document(s), {len(statistics)} statistics.</p>"
            '<h2 id="exports">What is published</h2>'
            '<table data-ar-table="exports"><thead><tr><th>File</th>\n<th>Format</th>\n<th>What it holds</th></tr>\n</thead><tbody>'
            f'<tr data-export="annotations"><td>{link(urls.export("annotations.jsonld"), "annotations.jsonld")}</td>\n'
            "<td>JSON-LD, <code>application/ld+json</code></td>\n"
            f"<td>A W3C Web Annotation collection of all {len(site.annotations)} annotations, in reading order. "
            "Each has its own identifier, <code>exports/annotations.jsonld#&lt;id&gt;</code> (its entry in this "
            "file), its type as a <code>classifying</code> body, its note as the sanitized HTML the site shows "
            "(<code>text/html</code>), its topics as <code>tagging</code> bodies and its related annotations as "
            "<code>linking</code> bodies.</td></tr>\n"
            f'<tr data-export="statistics-csv"><td>{link(urls.export("statistics.csv"), "statistics.csv")}</td>\n'
            "<td>CSV, UTF-8, <code>text/csv</code></td>\n"
            f"<td>{len(statistics)} statistics, one per row; columns {columns}. Numbers stay numbers; a text cell that "
            "starts with <code>=</code>, <code>+</code>, <code>-</code>, <code>@</code>, a tab or a carriage return gets a "
            "leading <code>'</code> so that spreadsheets do not run it as a formula.</td></tr>\n"
            f'<tr data-export="statistics-json"><td>{link(urls.export("statistics.json"), "statistics.json")}</td>\n'
            "<td>JSON, <code>application/json</code></td>\n<td>The same rows, unaltered, as a list of objects.</td></tr>\n"
            f'<tr data-export="texts"><td>one per document</td>\n<td>plain text, UTF-8, <code>text/plain</code></td>\n'
            f"<td>Each report text exactly as published (byte for byte the source file): <ul>{texts}</ul></td></tr>\n"
            "</tbody></table>"
            '<h2 id="selectors">How the annotations point at the text</h2>'
            "<p>Each annotation has two targets, the same passage in two forms. The report page is targeted by a "
            "<code>TextQuoteSelector</code>: the report's own words (<code>exact</code>) with up to "
            f"{CONTEXT_LENGTH} characters before and after them from the same paragraph (<code>prefix</code>, "
            "<code>suffix</code>; longer where a passage repeats), so a client such as Hypothesis finds it in the "
            "page's text (notes and letters added by the site carry <code>data-note</code> and are not report text). "
            "The plain text of the document is targeted by a <code>TextPositionSelector</code>: <code>start</code> "
            "and <code>end</code> count Unicode code points from the beginning of that file (0-based, end excluded; "
            "paragraphs are its lines, each line break one character); the quote is the first target's.</p>"
            '<h2 id="licence">Licence</h2>'
            f"<p>The report texts: as stated for each document above. The annotations, notes and statistics: "
            f"{escape(_annotation_licence(site, colophon))}.</p>"
            '<h2 id="cite">How to cite</h2>'
            f"<ul>{citations}</ul>"
            "<p>Cite a single annotation by its identifier (<code>exports/annotations.jsonld#&lt;id&gt;</code>) "
            "or its link on the report page.</p>"
            f"{colophon_block(colophon)}"
            f'<script type="application/ld+json">{json_for_script(dataset(site, urls, page_url, colophon))}</script>'
        )

    return GeneratedPage(page, TITLE, DESCRIPTION, render, "indexes")


def _statistics(site: Site) -> list[Annotation]:
    return [a for a in site.in_reading_order() if a.type == "statistic" and a.value is not None]


def _text_licence(document: Document) -> str:
    value = document.licence
    return text_of(value) if value else "see the original publisher's terms"


def _annotation_licence(site: Site, colophon: Colophon | None = None) -> str:
    """A document sidecar's `annotations_license` when one is given, else the colophon's licence."""
    for document in site.documents:
        value = document.metadata.get("annotations_license")
        if value:
            return text_of(value)
    if colophon is not None and colophon.annotations_licence:
        return ", ".join(part for part in (colophon.annotations_licence, colophon.annotations_licence_url) if part)
    return REPOSITORY_LICENCE


def _citation(document: Document, site: Site, colophon: Colophon | None = None, address: str = "") -> str:
    """'Editors (reviewed YYYY-MM-DD). Annotations (N) on “Title”, from Publisher, Report. Site publisher. Address.'"""
    meta = document.metadata
    origin = ", ".join(text_of(meta[key]) for key in ("publisher", "report") if meta.get(key))
    count = len(site.annotations_in(document.slug))
    colophon = colophon or Colophon()
    who = editors_text(colophon)
    lead = (f"{who} (reviewed {colophon.reviewed}). " if who and colophon.reviewed else f"{who}. " if who else "")
    tail = "".join(f" {part}." for part in (colophon.publisher if colophon.publisher != who else "", address) if part)
    return lead + f"Annotations ({count}) on “{text_of(document.title)}”" + (f", from {origin}" if origin else "") + "." + tail


def dataset(site: Site, urls: SiteUrls, page_url: str, colophon: Colophon | None = None) -> dict[str, Any]:
    """schema.org JSON-LD: the Dataset with a distribution per export, and an Observation
    per statistic (linked back with `subjectOf`). URLs are relative to the data page.

    The colophon gives the Dataset its `publisher` (an Organization), its `creditText` (the
    credit CC BY asks for: editors and publisher, as written; schema.org's `creator` would have
    to say whether each name is a Person or an Organization, which the option does not), the
    licence's address as `license` and the last review as `dateModified`."""
    colophon = colophon or Colophon()

    def url(target: str) -> str:
        return relative(page_url, target)

    statistics = _statistics(site)
    distribution = [
        {"@type": "DataDownload", "name": "Annotations (W3C Web Annotation)", "encodingFormat": "application/ld+json",
         "contentUrl": url(urls.export("annotations.jsonld"))},
        {"@type": "DataDownload", "name": "Statistics (CSV)", "encodingFormat": "text/csv", "contentUrl": url(urls.export("statistics.csv"))},
        {"@type": "DataDownload", "name": "Statistics (JSON)", "encodingFormat": "application/json", "contentUrl": url(urls.export("statistics.json"))},
    ] + [
        {"@type": "DataDownload", "name": f"Text: {text_of(d.title)}", "encodingFormat": "text/plain", "contentUrl": url(urls.document_text(d.slug))}
        for d in site.documents
    ]
    based_on = []
    for document in site.documents:
        work: dict[str, Any] = {"@type": "CreativeWork", "name": text_of(document.title)}
        source = document.metadata.get("source_url")
        if isinstance(source, str) and source.startswith(("http://", "https://")):
            work["url"] = source
        if document.metadata.get("publisher"):
            work["publisher"] = {"@type": "Organization", "name": text_of(document.metadata["publisher"])}
        if document.licence:
            work["license"] = text_of(document.licence)
        based_on.append(work)
    measured = sorted({_measure(a) for a in statistics})
    graph: list[dict[str, Any]] = [{
        "@type": "Dataset",
        "@id": "#dataset",
        "name": "Annotations and statistics: " + "; ".join(text_of(d.title) for d in site.documents),
        "description": (
            f"{len(site.annotations)} annotations (claims, statistics, caveats, allegations) on "
            f"{len(site.documents)} public report text(s), and the {len(statistics)} statistics they mark, "
            "each with its value, unit, year and the report's own words."
        ),
        "url": url(urls.url(urls.data_page())),
        "isBasedOn": based_on,
        "license": colophon.annotations_licence_url or _annotation_licence(site, colophon),
        "variableMeasured": measured,
        "distribution": distribution,
    }]
    if colophon.publisher:
        graph[0]["publisher"] = {"@type": "Organization", "name": colophon.publisher}
    credit = ", ".join(part for part in (editors_text(colophon), colophon.publisher) if part)
    if credit:
        graph[0]["creditText"] = f"Annotations by {credit}" + (f", {colophon.annotations_licence}" if colophon.annotations_licence else "")
    if colophon.reviewed:
        graph[0]["dateModified"] = colophon.reviewed
    documents = {document.slug: document for document in site.documents}  # `Site.document` walks them all
    for annotation in statistics:
        graph.append(observation(annotation, site, urls, page_url, documents[annotation.document]))
    return {"@context": "https://schema.org", "@graph": graph}


def _measure(annotation: Annotation) -> str:
    return text_of(annotation.unit or annotation.series or "value")


def observation(annotation: Annotation, site: Site, urls: SiteUrls, page_url: str, document: Document | None = None) -> dict[str, Any]:
    """One statistic as a schema.org Observation (a QuantitativeValue observed at a date).

    What is measured is said once, as `variableMeasured` (schema.org takes text there); a
    `measuredProperty` repeating it was wrong-typed (schema.org wants a `Property`) and cost
    ~30 bytes per statistic."""
    value = annotation.value
    assert value is not None
    document = document or site.document(annotation.document)
    place = relative(page_url, urls.annotation(annotation))
    measure = _measure(annotation)
    item: dict[str, Any] = {
        "@type": "Observation",
        "@id": place,
        "name": annotation.quote,
        "variableMeasured": measure,
        "subjectOf": {"@id": "#dataset"},
        "url": place,
    }
    if value.exact is not None:
        item["value"] = _number(value.exact)
    if value.minimum is not None:
        item["minValue"] = _number(value.minimum)
    if value.maximum is not None:
        item["maxValue"] = _number(value.maximum)
    if annotation.unit:
        item["unitText"] = text_of(annotation.unit)
    if annotation.year is not None:
        item["observationDate"] = str(annotation.year)
    country = document.metadata.get("country")
    if country:
        item["observationAbout"] = {"@type": "Country", "name": text_of(country)}
    return item


def _number(number: float) -> float | int:
    return int(number) if float(number).is_integer() else number
