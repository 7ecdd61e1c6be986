"""Index pages by type: claims, caveats and allegations (grouped by who says so), and the
statistics page: charts (each beside the caveats that qualify its figures), then a table
per document. Entries are compact; the notes themselves live on the report pages."""

from __future__ import annotations

from markupsafe import Markup

from ..analysis import blocking_caveats, comparable_series, repeated_years, statistics_series
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
        numbers = CaveatNumbers()
        blocked = _blocked(statistics, charted, site)
        parts.append('<h2 id="over-time">Over time</h2>')
        if charts:
            parts.append(html(
                "<p>Measures the text gives for more than one year. "
                "Read the caveats beside each chart before comparing: the years were not always counted the same way.</p>"
                '<div class="ar-charts">{0}</div>',
Markup("").join(charts)))
        parts.append(_not_charted(statistics, charted, blocked, site, urls, link, with_charts=bool(charts)))
        parts.append('<h2 id="all-figures">All figures</h2><p>One table per document. '
                     '<span class="ar-caveat-mark ar-caveat-mark--example" aria-hidden="true">!</span> marks a figure a caveat qualifies: '
                     "select it to read the caveat before comparing the figure with another."
                     '<span class="ar-sort-hint"> Select a column heading to sort; the marks stay with their figures.</span></p>')
        parts.append('<div class="ar-entries" data-search-exclude>')
        by_document: dict[str, list[Annotation]] = {}
        for annotation in statistics:
            by_document.setdefault(annotation.document, []).append(annotation)
        for document in site.documents:
            rows = by_document.get(document.slug)
            if rows:
                # No class: the theme styles (and wraps) `table:not([class])`; our rules select `data-ar-table`.
                body = Markup("").join(_statistic_row(a, _row_caveats(a, blocked, site), numbers, urls, link) for a in rows)
                parts.append(html(
                    '<table data-ar-table="statistics" data-document="{0}" data-sortable>'
                    '<caption><a href="{1}">{2}</a></caption>\n'
                    "<thead><tr><th>Value</th><th>Unit</th><th>Year</th><th>Passage</th></tr></thead>"
                    "<tbody>{3}</tbody></table>",
document.slug, link(urls.document(document.slug)), document.title, body))
                parts.append(_caveat_key(numbers.take_new(), urls, link))
        parts.append("</div>")
        return "\n".join(parts)

    return GeneratedPage(page, "Statistics", "Every figure in the reports, with its unit and year, charted and in tables.", render, "indexes", searchable=False)


class CaveatNumbers:
    """The number each caveat gets on one statistics page (1, 2, … in the order the tables
    first show it), so a row's mark and the key under its table say the same number."""

    def __init__(self) -> None:
        self.given: dict[str, int] = {}
        self._new: list[Annotation] = []

    def __call__(self, caveat: Annotation) -> int:
        if caveat.id not in self.given:
            self.given[caveat.id] = len(self.given) + 1
            self._new.append(caveat)
        return self.given[caveat.id]

    def take_new(self) -> list[tuple[int, Annotation]]:
        """The caveats numbered since the last call (those the table just written introduced)."""
        new, self._new = self._new, []
        return [(self.given[c.id], c) for c in new]


def _blocked(statistics: list[Annotation], charted: dict[str, list[Annotation]], site: Site) -> dict[str, list[Annotation]]:
    """The series kept out of the charts by a caveat that says their figures are not comparable,
    with those caveats (`analysis.blocking_caveats`, the rule the charts obey)."""
    found: dict[str, list[Annotation]] = {}
    for name, members in statistics_series(statistics).items():
        if name not in charted and len({a.year for a in members}) >= 2 and (caveats := blocking_caveats(site, members)):
            found[name] = caveats
    return found


def _row_caveats(annotation: Annotation, blocked: dict[str, list[Annotation]], site: Site) -> list[Annotation]:
    """The caveats a row is marked with: those linked to its figure, and for a figure of a series
    not charted because its years are not comparable, that series' blocking caveats (so sorting
    by value never sets two such years side by side without the mark)."""
    caveats = {c.id: c for c in caveats_on([annotation], site)}
    for caveat in blocked.get(annotation.series or "", []):
        caveats.setdefault(caveat.id, caveat)
    return sorted(caveats.values(), key=lambda a: (a.document, a.span.start, a.id))


def _not_charted(statistics: list[Annotation], charted: dict[str, list[Annotation]], blocked: dict[str, list[Annotation]],
                 site: Site, urls: SiteUrls, link: Linker, *, with_charts: bool) -> Markup:
    """Why a measure is not drawn: its years repeat, or a caveat (linked) says they are not
    comparable; with no chart at all, the caveats that say the report's years cannot be compared."""
    sentences: list[Markup] = []
    for name, members in statistics_series(statistics).items():
        if name in charted:
            continue
        if name in blocked:
            sentences.append(html("<li><strong>{0}</strong> ({1}): not comparable from year to year, as {2} says.</li>",
                name, ", ".join(sorted({str(a.year) for a in members})),
                Markup(" and ").join(_caveat_links(blocked[name], urls, link))))
        elif years := repeated_years(members):
            sentences.append(html("<li><strong>{0}</strong>: more than one figure for {1}, and one bar a year would mix different counts.</li>",
                name, ", ".join(map(str, years[:5])) + ("…" if len(years) > 5 else "")))
    if sentences:
        return html('<div class="ar-not-charted"><p>Not charted:</p><ul>{0}</ul></div>', Markup("").join(sentences))
    if with_charts:
        return Markup("")
    blocking = [c for c in site.in_reading_order() if c.type == "caveat" and c.blocks_comparison]
    if blocking:
        return html('<div class="ar-not-charted"><p>No figure is charted over time: the report warns that its figures for '
                    "different years cannot be compared. Read why:</p><ul>{0}</ul></div>",
                    Markup("").join(html("<li>{0}</li>", anchor) for anchor in _caveat_links(blocking, urls, link)))
    return html('<div class="ar-not-charted"><p>No figure is charted over time: no measure is given for two years or more '
                "counted the same way.</p></div>")


def caveat_labels(caveats: list[Annotation], start: int = 80) -> dict[str, str]:
    """Each caveat's words, shortened, but never so short that two different caveats read alike
    (several start "some of the cases reported in 2020…"): lengthened until they differ."""
    length = start
    while True:
        labels = {c.id: shorten(c.quote, length) for c in caveats}
        if len(set(labels.values())) == len(labels) or length > max((len(c.quote) for c in caveats), default=0):
            return labels
        length += 40


def _caveat_links(caveats: list[Annotation], urls: SiteUrls, link: Linker) -> list[Markup]:
    labels = caveat_labels(caveats)
    return [html('<a class="ar-link ar-link--caveat" href="{0}" data-annotation-link="{1}">Caveat: “{2}”</a>',
                 link(urls.annotation(c)), c.id, labels[c.id]) for c in caveats]


def _caveat_key(numbered: list[tuple[int, Annotation]], urls: SiteUrls, link: Linker) -> Markup:
    """Under a table: what each of its new marks stands for, by number."""
    if not numbered:
        return Markup("")
    links = _caveat_links([c for _, c in numbered], urls, link)
    return html('<ol class="ar-caveat-key" aria-label="Caveats marked in the table">{0}</ol>', Markup("").join(
        html('<li value="{0}"><span class="ar-caveat-mark" aria-hidden="true">!{0}</span> {1}{2}</li>', number,
             anchor, html(" <em>(not comparable across years)</em>") if c.blocks_comparison else "")
        for (number, c), anchor in zip(numbered, links, strict=True)))


def _statistic_row(annotation: Annotation, caveats: list[Annotation], numbers: CaveatNumbers, urls: SiteUrls, link: Linker) -> Markup:
    """Value (with a mark per caveat that qualifies it), unit, year, passage. The row's
    annotation is the link's fragment; the labels a phone shows before each cell come from
    the stylesheet (one per column, not per cell)."""
    value = annotation.value
    sort_value = None if value is None else (value.exact if value.exact is not None else value.minimum if value.minimum is not None else value.maximum)
    marks = html('<span class="ar-caveat-marks">{0}</span>', Markup("").join(_caveat_mark(c, numbers(c), urls, link) for c in caveats)) if caveats else ""
    return html(
        '<tr><td data-sort="{0}">{1}{7}</td><td>{2}</td><td data-sort="{3}">{3}</td><td><a href="{4}">¶ {5}: “{6}”</a></td></tr>\n',
        _sort_key(sort_value), str(value) if value else "", annotation.unit or "",
        "" if annotation.year is None else annotation.year, link(urls.annotation(annotation)),
        annotation.span.paragraph, shorten(annotation.quote, 80), marks,
    )


def _caveat_mark(caveat: Annotation, number: int, urls: SiteUrls, link: Linker) -> Markup:
    """'!2' beside a figure, a link to the caveat's note; its name says what it is ('Caveat 2,
    not comparable across years: “…”'), the visible mark stays short."""
    what = "not comparable across years" if caveat.blocks_comparison else "on this figure"
    return html('<a class="ar-caveat-mark{0}" href="{1}" aria-label="Caveat {2}, {3}: “{4}”">!{2}</a>',
                " ar-caveat-mark--blocks" if caveat.blocks_comparison else "", link(urls.annotation(caveat)), number, what,
                shorten(caveat.quote, 80))


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
