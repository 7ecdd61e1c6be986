"""The generated part of the home page: documents, coverage, counts per type and topic."""

from __future__ import annotations

from html import escape

from ..exports import EXPORT_DIR
from ..model import ANNOTATION_TYPES, TYPE_DESCRIPTIONS, Document, Site
from ..render.notes import TYPE_LABELS
from ..urls import SiteUrls, relative

#: Where the overview goes in docs/index.md (or any page): an HTML comment, invisible without the plugin.
MARKER = "<!-- annotated-report:overview -->"


def coverage(document: Document, site: Site) -> float:
    """The share of the document's characters (paragraph text) inside at least one annotation."""
    total = sum(len(p.text) for p in document.paragraphs)
    covered = 0
    last_end = -1
    for start, end in sorted((a.span.start, a.span.end) for a in site.annotations if a.document == document.slug):
        if end <= last_end:
            continue
        covered += end - max(start, last_end)
        last_end = end
    return covered / total if total else 0.0


def overview(site: Site, urls: SiteUrls, page_url: str) -> str:
    """Documents with their coverage, then links to every type index, topic and the glossary."""
    rows = []
    for document in site.documents:
        annotations = site.annotations_in(document.slug)
        share = coverage(document, site)
        href = escape(relative(page_url, urls.document(document.slug)))
        rows.append(
            f'<tr data-document="{document.slug}"><td><a href="{href}">{escape(document.title)}</a></td>'
            f"<td>{len(document.paragraphs)}</td><td>{len(annotations)}</td>"
            f'<td data-coverage="{share:.4f}">{share:.0%}</td></tr>'
        )
    types = "".join(
        f'<li><a href="{escape(relative(page_url, urls.type_index(kind)))}">'
        f'<span class="ar-type ar-type--{kind}">{TYPE_LABELS[kind]}s</span></a> '
        f'<span class="ar-count" data-type-count="{kind}">{sum(1 for a in site.annotations if a.type == kind)}</span> — '
        f"{escape(TYPE_DESCRIPTIONS[kind])}</li>"
        for kind in ANNOTATION_TYPES
    )
    topics = "".join(
        f'<li><a href="{escape(relative(page_url, urls.topic(topic.id)))}">{escape(topic.title)}</a> '
        f'<span class="ar-count">{sum(1 for a in site.annotations if topic.id in a.topics)}</span></li>'
        for topic in site.topics
    )
    glossary = (
        f'<p>The <a href="{escape(relative(page_url, urls.url(urls.glossary_page())))}">glossary</a> explains '
        f"{len(site.terms)} acronyms and terms of art; they are linked wherever they occur in the text.</p>"
        if site.terms else ""
    )
    return (
        '<div class="ar-overview">'
        '<h2 id="documents">Documents</h2>'
        '<table data-ar-table="documents"><thead><tr><th>Document</th><th>Paragraphs</th><th>Annotations</th>'
        f'<th title="Share of the text inside at least one annotation">Annotated</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        f'<h2 id="by-type">By type</h2><ul class="ar-overview__types">{types}</ul>'
        + (f'<h2 id="by-topic">By topic</h2><ul class="ar-overview__topics">{topics}</ul>' if topics else "")
        + (f'<h2 id="glossary">Glossary</h2>{glossary}' if glossary else "")
        + '<h2 id="data">Data</h2><p>The annotations as a '
        f'<a href="{escape(relative(page_url, f"{EXPORT_DIR}/annotations.jsonld"))}">W3C Web Annotation collection</a> '
        f'(JSON-LD), and every statistic as <a href="{escape(relative(page_url, f"{EXPORT_DIR}/statistics.csv"))}">CSV</a> '
        f'or <a href="{escape(relative(page_url, f"{EXPORT_DIR}/statistics.json"))}">JSON</a>. '
        f'<a href="{escape(relative(page_url, urls.url(urls.data_page())))}">About the data</a>: formats, licence, how to cite.</p>'
        + "</div>"
    )
