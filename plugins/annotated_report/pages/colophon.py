"""Who stands behind the publication, as HTML: a one-line byline for report pages and a fuller
colophon for the home and data pages. Both come from the one `model.Colophon` (the plugin's
`colophon:` option), so the pages never disagree about who edited what, when."""

from __future__ import annotations

import datetime

from markupsafe import Markup

from ..model import Colophon
from ..render.html import html


def long_date(iso_date: str) -> str:
    """'2026-12-07' -> '7 December 2026' (unambiguous in every English locale); as given if not a date."""
    try:
        day = datetime.date.fromisoformat(iso_date)
    except ValueError:
        return iso_date
    return f"{day.day} {day:%B %Y}"


def editors_text(colophon: Colophon) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = list(colophon.editors)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def _corrections(colophon: Colophon, label: str) -> Markup:
    return html('<a href="{0}" rel="noopener">{1}</a>', colophon.corrections, label) if colophon.corrections else Markup("")


def _licence(colophon: Colophon) -> Markup:
    if colophon.annotations_licence_url:
        return html('<a href="{0}" rel="license noopener">{1}</a>', colophon.annotations_licence_url, colophon.annotations_licence)
    return html("{0}", colophon.annotations_licence)


def byline(colophon: Colophon) -> Markup:
    """One line under a report's title: who annotated it, when the notes were last reviewed,
    where to send a correction. Empty when the colophon names nobody and no date."""
    parts: list[Markup] = []
    who = editors_text(colophon)
    if who and colophon.publisher and colophon.publisher != who:
        parts.append(html("Annotated by {0} for {1}", who, colophon.publisher))
    elif who or colophon.publisher:
        parts.append(html("Annotated by {0}", who or colophon.publisher))
    if colophon.reviewed:
        parts.append(html('notes reviewed <time datetime="{0}">{1}</time>', colophon.reviewed, long_date(colophon.reviewed)))
    if colophon.corrections:
        parts.append(html("found an error? {0}", _corrections(colophon, "Send a correction")))
    if not parts:
        return Markup("")
    return html('<p class="ar-byline">{0}.</p>', Markup(" · ").join(parts))


def colophon_block(colophon: Colophon, heading_id: str = "colophon") -> Markup:
    """The colophon as a short list under its own heading: publisher, editors, last review,
    corrections, licences. Fields not set are left out (a missing field is a build message)."""
    rows: list[tuple[str, Markup]] = []
    if colophon.publisher:
        rows.append(("Published by", html("{0}", colophon.publisher)))
    if colophon.editors:
        rows.append(("Editors" if len(colophon.editors) > 1 else "Editor", html("{0}", editors_text(colophon))))
    if colophon.reviewed:
        rows.append(("Notes last reviewed", html('<time datetime="{0}">{1}</time>', colophon.reviewed, long_date(colophon.reviewed))))
    if colophon.corrections:
        rows.append(("Corrections", html("Found an error? {0}.",
                                         _corrections(colophon, "Tell the editors"))))
    notes_licence = _licence(colophon) if colophon.annotations_licence else html("see the repository's licence")
    software = html(" The software: {0}.", colophon.code_licence) if colophon.code_licence else ""
    rows.append(("Licences", html("Notes, topics, glossary and data: {0}.{1} Each report text keeps its own terms.", notes_licence, software)))
    items = Markup("").join(html("<dt>{0}</dt><dd>{1}</dd>", name, value) for name, value in rows)
    return html('<section class="ar-colophon" aria-labelledby="{0}"><h2 id="{0}">Colophon</h2><dl>{1}</dl></section>', heading_id, items)
