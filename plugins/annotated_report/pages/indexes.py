"""Index pages by type: claims, caveats and allegations (grouped by who says so), and the
statistics table with a small chart for every measure the text gives for several years."""

from __future__ import annotations

from html import escape

from ..exports import EXPORT_DIR
from ..model import TYPE_DESCRIPTIONS, TYPE_PLURALS, Annotation, Site, format_number
from ..rules import chartable_series
from ..textnorm import shorten, slugify
from ..urls import SiteUrls, relative
from .base import GeneratedPage, annotation_card

#: The heading for claims and allegations with no `attributed_to`.
REPORT_ITSELF = "The report itself"


def type_page(annotation_type: str, site: Site, urls: SiteUrls) -> GeneratedPage:
    page = urls.type_page(annotation_type)
    title = TYPE_PLURALS[annotation_type]

    def render() -> str:
        page_url = urls.url(page)
        annotations = [a for a in site.in_reading_order() if a.type == annotation_type]
        parts = [f"<p>{escape(TYPE_DESCRIPTIONS[annotation_type])} {len(annotations)} in all.</p>"]
        if annotation_type in ("claim", "allegation"):
            groups: dict[str, list[Annotation]] = {}
            for annotation in annotations:
                groups.setdefault(annotation.attributed_to or REPORT_ITSELF, []).append(annotation)
            order = sorted(groups, key=lambda who: (who == REPORT_ITSELF, -len(groups[who]), who.lower()))
            parts.append('<p class="ar-who">Who says what: ' + ", ".join(
                f'<a href="#{_group_id(who)}">{escape(who)}</a> ({len(groups[who])})' for who in order) + "</p>")
            for who in order:
                parts.append(f'<h2 id="{_group_id(who)}">{escape(who)}</h2>')
                parts.extend(annotation_card(a, site, urls, page_url) for a in groups[who])
        else:
            parts.extend(annotation_card(a, site, urls, page_url) for a in annotations)
        return "\n".join(parts)

    return GeneratedPage(page, title, TYPE_DESCRIPTIONS[annotation_type], render, "indexes")


def statistics_page(site: Site, urls: SiteUrls) -> GeneratedPage:
    page = urls.type_page("statistic")

    def render() -> str:
        page_url = urls.url(page)
        statistics = [a for a in site.in_reading_order() if a.type == "statistic"]
        rows = "".join(_statistic_row(a, site, urls, page_url) for a in statistics)
        table = (
            '<table data-ar-table="statistics" data-sortable>'
            "<thead><tr><th>Value</th><th>Unit</th><th>Year</th><th>Quote</th><th>Document</th><th>Link</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
        charts = [_chart(members) for members in chartable_series(site).values()]  # rules.py: no chart across a non-comparability caveat
        chart_html = (
            '<h2 id="over-time">Over time</h2><p>Measures the text gives for more than one year. '
            "Read the caveats before comparing: the years were not always counted the same way.</p>"
            f'<div class="ar-charts">{"".join(charts)}</div>'
            if charts else ""
        )
        intro = f"<p>{escape(TYPE_DESCRIPTIONS['statistic'])} {len(statistics)} in all. Select a column heading to sort.</p>"
        downloads = (
            f'<p class="ar-downloads">Download: <a href="{escape(relative(page_url, f"{EXPORT_DIR}/statistics.csv"))}" download>CSV</a> · '
            f'<a href="{escape(relative(page_url, f"{EXPORT_DIR}/statistics.json"))}" download>JSON</a> · '
            f'<a href="{escape(relative(page_url, urls.url(urls.data_page())))}">about the data</a></p>'
        )
        return intro + table + downloads + chart_html

    return GeneratedPage(page, "Statistics", "Every figure in the reports, with its unit and year, in one sortable table.", render, "indexes")


def comparable_series(statistics: list[Annotation]) -> dict[str, list[Annotation]]:
    """Statistics of one `series` with exact values in two or more years, oldest first."""
    by_series: dict[str, list[Annotation]] = {}
    for annotation in statistics:
        if annotation.series and annotation.year is not None and annotation.value is not None and annotation.value.exact is not None:
            by_series.setdefault(annotation.series, []).append(annotation)
    return {
        series: sorted(members, key=lambda a: a.year or 0)
        for series, members in by_series.items()
        if len({a.year for a in members}) >= 2
    }


def _statistic_row(annotation: Annotation, site: Site, urls: SiteUrls, page_url: str) -> str:
    value = annotation.value
    sort_value = "" if value is None else (value.exact if value.exact is not None else value.minimum if value.minimum is not None else value.maximum)
    document = site.document(annotation.document)
    href = escape(relative(page_url, urls.annotation(annotation)))
    return (
        f'<tr data-annotation-row="{annotation.id}">'
        f'<td data-sort="{sort_value}">{escape(str(value)) if value else ""}</td>'
        f"<td>{escape(annotation.unit or '')}</td>"
        f'<td data-sort="{annotation.year or ""}">{annotation.year or ""}</td>'
        f"<td>“{escape(shorten(annotation.quote, 80))}”</td>"
        f"<td>{escape(document.title)}, ¶ {annotation.span.paragraph}</td>"
        f'<td><a href="{href}">in context</a></td></tr>'
    )


def _chart(series: list[Annotation]) -> str:
    """A horizontal bar per year, labelled with its value: inline SVG, no script, no network."""
    bar_height, gap, label_width, width = 22, 8, 48, 320
    largest = max(a.value.exact for a in series if a.value and a.value.exact is not None) or 1
    height = len(series) * (bar_height + gap)
    bars = []
    for row, annotation in enumerate(series):
        value = annotation.value.exact if annotation.value and annotation.value.exact is not None else 0
        y = row * (bar_height + gap)
        length = max(2, (width - label_width - 60) * value / largest)
        bars.append(
            f'<text x="0" y="{y + bar_height * 0.7:.0f}" class="ar-chart__year">{annotation.year}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" class="ar-chart__bar"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + bar_height * 0.7:.0f}" class="ar-chart__value">{format_number(value)}</text>'
        )
    title = escape(series[-1].unit or series[-1].series or "")
    summary = "; ".join(f"{a.year}: {a.value}" for a in series)
    return (
        f'<figure class="ar-chart"><svg role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{title}: {escape(summary)}"><title>{title}: {escape(summary)}</title>{"".join(bars)}</svg>'
        f"<figcaption>{title}</figcaption></figure>"
    )


def _group_id(who: str) -> str:
    return f"by-{slugify(who)}"
