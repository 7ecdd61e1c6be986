"""The generated part of the home page: what each report is and the way into it, the other ways
in, counts per type and topic, the texts' terms, the data, and the colophon."""

from __future__ import annotations

from markupsafe import Markup

from ..model import TYPES, Colophon, Document, Site
from ..render.html import html
from ..urls import Linker, SiteUrls
from .colophon import colophon_block, editors_text, long_date

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


def overview(site: Site, urls: SiteUrls, page_url: str, colophon: Colophon | None = None) -> str:
    """What the site is, in one screen: each report named by country, report, year and publisher,
    what was annotated and by whom, with the way into it; then the other ways in (topics,
    glossary, statistics, data), the counts per type and topic, the texts' terms, the data and
    the colophon."""
    colophon = colophon or Colophon()
    link = urls.linker(page_url)
    cards = Markup("").join(_document_card(document, site, urls, link, colophon) for document in site.documents)
    statistics = sum(1 for a in site.annotations if a.type == "statistic")
    ways = [_way(link(urls.url(urls.topics_index_page())), "Topics", len(site.topics), "The notes gathered by subject.")] if site.topics else []
    if site.terms:
        ways.append(_way(link(urls.url(urls.glossary_page())), "Glossary", len(site.terms), "Acronyms and terms of art, A–Z."))
    ways.append(_way(link(urls.type_index("statistic")), "Statistics", statistics, "Every figure with its unit, year and caveats."))
    ways.append(_way(link(urls.url(urls.data_page())), "Data", None, "The notes and figures as open data, and how to cite them."))
    lead = html('<div class="ar-home"><h2 id="documents">{0}</h2><ul class="ar-home__documents">{1}</ul>'
                '<nav class="ar-home__ways" aria-labelledby="ways-in"><h2 id="ways-in">Other ways in</h2><ul>{2}</ul></nav></div>',
                "The report" if len(site.documents) == 1 else "The reports", cards, Markup("").join(ways))
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
    parts = [lead, html('<div class="ar-overview"><h2 id="by-type">By type</h2><ul class="ar-overview__types">{0}</ul>', types)]
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
    parts.append(colophon_block(colophon))
    return "".join(parts)


def _way(href: str, name: str, count: int | None, about: str) -> Markup:
    """One of the other ways in: the whole card is its link's target area (a large tap target)."""
    number = html(' <span class="ar-count">{0}</span>', count) if count is not None else ""
    return html('<li><a href="{0}"><strong>{1}</strong>{2}<span class="ar-home__way-about">{3}</span></a></li>', href, name, number, about)


def _document_card(document: Document, site: Site, urls: SiteUrls, link: Linker, colophon: Colophon) -> Markup:
    """One report: where it comes from (country, report, publisher, year, section), its title
    as the way in, what it is about, and what the annotation covers, said in words."""
    meta = document.metadata
    origin = [str(meta[key]) for key in ("country", "report") if meta.get(key)]
    year = str(meta.get("year") or "")
    if year and not any(year in part for part in origin):
        origin.append(year)
    if meta.get("publisher"):
        origin.append(str(meta["publisher"]))
    section = str(meta.get("section") or "")
    if section and section not in document.title:  # the title usually names it already
        origin.append(f"section “{section}”")
    annotations = site.annotations_in(document.slug)
    counts = {name: 0 for name in TYPES}
    for annotation in annotations:
        counts[annotation.type] += 1
    share = coverage(document, site)
    kinds = Markup(", ").join(html('<span class="ar-type ar-type--{0}">{1} {2}</span>', name, counts[name],
                                   TYPES[name].plural.lower() if counts[name] != 1 else TYPES[name].label.lower())
                              for name in TYPES if counts[name])
    who = editors_text(colophon) or colophon.publisher
    by = html(" by {0}", who) if who else ""
    reviewed = html(', last reviewed <time datetime="{0}">{1}</time>', colophon.reviewed, long_date(colophon.reviewed)) if colophon.reviewed else ""
    draft = html('<p class="ar-draft-mark">Draft: annotation in progress.</p>') if document.status == "draft" else ""
    return html(
        '<li class="ar-home__document" data-document="{0}" data-status="{1}">'
        '<p class="ar-home__origin">{2}</p>'
        '<h3 class="ar-home__title"><a href="{3}">{4}</a></h3>'
        '<p class="ar-home__how">Its claims, figures, caveats and allegations are marked and explained{5}{6}: '
        "<span data-annotations>{7}</span> notes ({8}) on its <span data-paragraphs>{9}</span> paragraphs, "
        'covering <span data-coverage="{10}">{11}</span> of the text.</p>{12}'
        '<p><a class="md-button md-button--primary" href="{3}">Read the annotated text</a></p></li>',
        document.slug, document.status, " · ".join(origin), link(urls.document(document.slug)), document.title,
        by, reviewed, len(annotations), kinds, len(document.paragraphs), f"{share:.4f}", f"{share:.0%}", draft)
