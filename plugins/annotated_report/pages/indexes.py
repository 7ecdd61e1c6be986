"""Index pages by type: claims, caveats and allegations (grouped by who says so), and the
statistics page: charts (each beside the caveats that qualify its figures), then a table
per document. Entries are compact; the notes themselves live on the report pages."""

from __future__ import annotations

from markupsafe import Markup

from ..analysis import comparable_series, repeated_years, statistics_series
from ..model import TYPES, Annotation, Site, format_number
from ..render.html import html
from ..render.notes import annotation_link
from ..textnorm import shorten
from ..urls import Linker, SiteUrls
from .base import GeneratedPage, IdMaker, PageContext
from .entries import by_document, entry_list, index_entry

#: The heading for claims and allegations with no `attributed_to`.
REPORT_ITSELF = "The report itself"


def type_page(annotation_type: str, ctx: PageContext) -> GeneratedPage:
    site, urls, markdown = ctx.site, ctx.urls, ctx.markdown
    page = urls.type_page(annotation_type)
    kind = TYPES[annotation_type]

    def render() -> str:
        link = urls.linker(urls.url(page))
        documents = {document.slug: document for document in site.documents}
        annotations = [a for a in site.in_reading_order() if a.type == annotation_type]
        parts: list[str] = [html("<p>{0} {1} in all.</p>", kind.description, len(annotations))]
        if annotation_type in ("claim", "allegation"):
            # Grouped by who says so, across documents: each entry names its document.
            groups: dict[str, list[Annotation]] = {}
            for annotation in annotations:
                groups.setdefault(annotation.attributed_to or REPORT_ITSELF, []).append(annotation)
            order = sorted(groups, key=lambda who: (who == REPORT_ITSELF, -len(groups[who]), who.lower()))
            ids = IdMaker()
            group_ids = {who: ids("by", who) for who in order}
            parts.append(html('<p class="ar-who">Who says what: {0}</p>', Markup(", ").join(
                html('<a href="#{0}">{1}</a> ({2})', group_ids[who], who, len(groups[who])) for who in order)))
            for who in order:
                parts.append(html('<h2 id="{0}" data-search-exclude>{1}</h2>', group_ids[who], who))
                parts.append(entry_list([
                    index_entry(a, documents[a.document], urls, link, markdown, with_context=False, with_title=True) for a in groups[who]
                ]))
        else:
            # A caveat qualifies the words around it: shown in context, under its document.
            ids = IdMaker()
            parts += by_document(annotations, site, urls, link, ids, lambda a, document: index_entry(
                a, document, urls, link, markdown, with_context=True, with_title=False))
        return "\n".join(parts)

    return GeneratedPage(page, kind.plural, kind.description, render, "indexes", searchable=False)


# --- statistics -----------------------------------------------------------------------------------

def caveats_on(members: list[Annotation], site: Site) -> list[Annotation]:
    """Caveats linked (either way) to any figure of a series, once each, in reading order."""
    ids = {a.id for a in members}
    found: dict[str, Annotation] = {}
    for member in members:
        for other_id in member.related:
            other = site.annotations_by_id.get(other_id)
            if other is not None and other.type == "caveat":
                found[other.id] = other
        for other in site.backlinks(member.id):
            if other.type == "caveat" and other.id not in ids:
                found[other.id] = other
    return sorted(found.values(), key=lambda a: (a.document, a.span.start, a.id))


def statistics_page(ctx: PageContext) -> GeneratedPage:
    site, urls = ctx.site, ctx.urls
    page = urls.type_page("statistic")
    kind = TYPES["statistic"]

    def render() -> str:
        link = urls.linker(urls.url(page))
        statistics = [a for a in site.in_reading_order() if a.type == "statistic"]
        parts: list[str] = [html("<p>{0} {1} in all.</p>", kind.description, len(statistics))]
        parts.append(html(
            '<p class="ar-downloads">Download: <a href="{0}" download>CSV</a> · <a href="{1}" download>JSON</a> · '
            '<a href="{2}">about the data</a></p>',
            link(urls.export("statistics.csv")), link(urls.export("statistics.json")), link(urls.url(urls.data_page()))))
        charted = comparable_series(statistics, site)
        charts = [_chart_block(members, site, urls, link) for members in charted.values()]
        # Series not drawn because a year repeats are named (the other reasons are build messages).
        skipped = [(name, years) for name, members in statistics_series(statistics).items()
                   if name not in charted and (years := repeated_years(members))]
        if charts or skipped:
            parts.append('<h2 id="over-time">Over time</h2>')
        if charts:
            parts.append(html(
                "<p>Measures the text gives for more than one year. "
                "Read the caveats beside each chart before comparing: the years were not always counted the same way.</p>"
                '<div class="ar-charts">{0}</div>',
Markup("").join(charts)))
        if skipped:
            parts.append(html('<p class="ar-not-charted">Not charted, because a year has more than one figure: {0}.</p>',
                Markup("; ").join(html("{0} ({1})", name, ", ".join(map(str, years[:5])) + ("…" if len(years) > 5 else ""))
                                  for name, years in skipped)))
        parts.append('<h2 id="all-figures">All figures</h2><p>One table per document.'
                     '<span class="ar-sort-hint"> Select a column heading to sort.</span></p>')
        parts.append('<div class="ar-entries" data-search-exclude>')
        by_document: dict[str, list[Annotation]] = {}
        for annotation in statistics:
            by_document.setdefault(annotation.document, []).append(annotation)
        for document in site.documents:
            rows = by_document.get(document.slug)
            if rows:
                parts.append(html(
                    '<table class="ar-statistics" data-ar-table="statistics" data-document="{0}" data-sortable>'
                    '<caption><a href="{1}">{2}</a></caption>\n'
                    "<thead><tr><th>Value</th><th>Unit</th><th>Year</th><th>Passage</th></tr></thead>"
                    "<tbody>{3}</tbody></table>",
document.slug, link(urls.document(document.slug)), document.title,
                         Markup("").join(_statistic_row(a, urls, link) for a in rows)))
        parts.append("</div>")
        return "\n".join(parts)

    return GeneratedPage(page, "Statistics", "Every figure in the reports, with its unit and year, charted and in tables.", render, "indexes", searchable=False)


def _statistic_row(annotation: Annotation, urls: SiteUrls, link: Linker) -> Markup:
    """Value, unit, year, passage. The row's annotation is the link's fragment; the labels a
    phone shows before each cell come from the stylesheet (one per column, not per cell)."""
    value = annotation.value
    sort_value = None if value is None else (value.exact if value.exact is not None else value.minimum if value.minimum is not None else value.maximum)
    return html(
        '<tr><td data-sort="{0}">{1}</td><td>{2}</td><td data-sort="{3}">{3}</td><td><a href="{4}">¶ {5}: “{6}”</a></td></tr>\n',
        _sort_key(sort_value), str(value) if value else "", annotation.unit or "",
        "" if annotation.year is None else annotation.year, link(urls.annotation(annotation)),
        annotation.span.paragraph, shorten(annotation.quote, 80),
    )


def _sort_key(number: float | None) -> str:
    """A number the table script reads with `Number()`: no thousands separators, no '.0'."""
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def _chart_block(series: list[Annotation], site: Site, urls: SiteUrls, link: Linker) -> Markup:
    """The chart and, beside it, the caveats that qualify its figures."""
    caveats = caveats_on(series, site)
    aside = Markup("")
    if caveats:
        aside = html('<aside class="ar-chart__caveats"><p>Read with:</p><ul>{0}</ul></aside>',
            Markup("").join(html("<li>{0}</li>", annotation_link(c, urls, link)) for c in caveats))
    return html('<div class="ar-chart-block" data-series="{0}">{1}{2}</div>', series[0].series or "", _chart(series), aside)


def _chart(series: list[Annotation]) -> Markup:
    """A horizontal bar per year, labelled with its value: inline SVG, no script, no network."""
    bar_height, gap, label_width, width = 22, 8, 48, 320
    largest = max(a.value.exact for a in series if a.value and a.value.exact is not None) or 1
    height = len(series) * (bar_height + gap)
    bars = []
    for row, annotation in enumerate(series):
        value = annotation.value.exact if annotation.value and annotation.value.exact is not None else 0
        y = row * (bar_height + gap)
        length = max(2, (width - label_width - 60) * value / largest)
        bars.append(html(
            '<text x="0" y="{0}" class="ar-chart__year">{1}</text>'
            '<rect x="{2}" y="{3}" width="{4}" height="{5}" class="ar-chart__bar"/>'
            '<text x="{6}" y="{0}" class="ar-chart__value">{7}</text>',
            f"{y + bar_height * 0.7:.0f}", annotation.year, label_width, y, f"{length:.1f}", bar_height,
            f"{label_width + length + 6:.1f}", format_number(value)))
    title = series[-1].unit or series[-1].series or ""
    summary = "; ".join(f"{a.year}: {a.value}" for a in series)
    return html(
        '<figure class="ar-chart"><svg role="img" viewBox="0 0 {0} {1}" width="{0}" height="{1}" '
        'aria-label="{2}: {3}"><title>{2}: {3}</title>{4}</svg><figcaption>{2}</figcaption></figure>',
width, height, title, summary, Markup("").join(bars))
