"""The generated part of the home page: documents, coverage, counts per type and topic."""

from __future__ import annotations

from markupsafe import Markup

from ..model import TYPES, Document, Site
from ..render.html import html
from ..urls import SiteUrls

#: Where the overview goes in docs/index.md (or any page): an HTML comment, invisible without the plugin.
MARKER = "<!-- annotated-report:overview -->"


def coverage(document: Document, site: Site) -> float:
    """The share of the document's characters (paragraph text) inside at least one annotation."""
    total = sum(len(p.text) for p in document.paragraphs)
    covered = 0
    last_end = -1
    for start, end in sorted((a.span.start, a.span.end) for a in site.annotations_in(document.slug)):
        if end <= last_end:
            continue
        covered += end - max(start, last_end)
        last_end = end
    return covered / total if total else 0.0


def overview(site: Site, urls: SiteUrls, page_url: str) -> str:
    """Documents with their coverage, then links to every type index, topic and the glossary."""
    link = urls.linker(page_url)
    rows = []
    for document in site.documents:
        share = coverage(document, site)
        draft = html(' <small class="ar-draft-mark">draft: annotation in progress</small>') if document.status == "draft" else ""
        rows.append(html(
            '<tr data-document="{0}" data-status="{7}"><td><a href="{1}">{2}</a>{8}</td>\n<td>{3}</td>\n<td>{4}</td>\n'
            '<td data-coverage="{5}">{6}</td></tr>\n',
document.slug, link(urls.document(document.slug)), document.title, len(document.paragraphs),
                 len(site.annotations_in(document.slug)), f"{share:.4f}", f"{share:.0%}", document.status, draft))
    type_counts = {name: 0 for name in TYPES}
    topic_counts = {topic.id: 0 for topic in site.topics}
    for annotation in site.annotations:
        type_counts[annotation.type] += 1
        for topic_id in annotation.topics:
            if topic_id in topic_counts:
                topic_counts[topic_id] += 1
    types = Markup("").join(
        html(
'<li><a href="{0}"><span class="ar-type ar-type--{1}">{2}</span></a> '
               '<span class="ar-count" data-type-count="{1}">{3}</span> — {4}</li>',

            link(urls.type_index(name)), name, kind.plural, type_counts[name], kind.description)
        for name, kind in TYPES.items()
    )
    topics = Markup("").join(
        html('<li><a href="{0}">{1}</a> <span class="ar-count">{2}</span></li>',
            link(urls.topic(topic.id)), topic.title, topic_counts[topic.id])
        for topic in site.topics
    )
    parts = [html(
        '<div class="ar-overview"><h2 id="documents">Documents</h2>'
        '<table data-ar-table="documents"><thead><tr><th>Document</th>\n<th>Paragraphs</th>\n<th>Annotations</th>\n'
        '<th title="Share of the text inside at least one annotation">Annotated</th></tr>\n</thead><tbody>{0}</tbody></table>'
        '<h2 id="by-type">By type</h2><ul class="ar-overview__types">{1}</ul>',
Markup("").join(rows), types)]
    if topics:
        parts.append(html('<h2 id="by-topic">By topic</h2><ul class="ar-overview__topics">{0}</ul>', topics))
    if site.terms:
        parts.append(html(
            '<h2 id="glossary">Glossary</h2><p>The <a href="{0}">glossary</a> explains {1} acronyms and terms of art; '
            "they are linked wherever they occur in the text.</p>",
link(urls.url(urls.glossary_page())), len(site.terms)))
    licences = [html("<li>{0}: {1}</li>", document.title, document.licence) for document in site.documents if document.licence]
    if licences:
        parts.append(html('<h2 id="texts">The texts</h2><p>Each text is reproduced character for character, under its own terms:</p>'
                          "<ul>{0}</ul>", Markup("").join(licences)))
    parts.append(html(
        '<h2 id="data">Data</h2><p>The annotations as a <a href="{0}">W3C Web Annotation collection</a> '
        '(JSON-LD), and every statistic as <a href="{1}">CSV</a> or <a href="{2}">JSON</a>. '
        '<a href="{3}">About the data</a>: formats, licence, how to cite.</p></div>',
        link(urls.export("annotations.jsonld")), link(urls.export("statistics.csv")), link(urls.export("statistics.json")),
        link(urls.url(urls.data_page()))))
    return "".join(parts)
