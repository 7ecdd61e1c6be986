"""How to cite one note: a sentence on the page, and what BibTeX and CSL-JSON are made of.

Every part is optional: with no editors the publisher is the author, with neither the
citation has no author; with no `site_url` it has no address (a relative one is no use
outside the site). The values are contributor and configuration text: the caller escapes
them into HTML.

The sentence is in the page (it reads without JavaScript, and prints). BibTeX and CSL-JSON
are made by the page's script when a reader opens "Cite this note" (`citeFormats` in
`assets/annotated-report.js`, the one place that knows those formats, BibTeX's escapes
included), from each note's title and permalink and the fields every note of the report
shares (`shared_fields`), given once per page: carried by every note, they were a quarter
of a report page's bytes and a tenth of a build's time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model import TYPES, Annotation, Colophon, Document
from ..textnorm import shorten

#: Characters of the quote in a citation's title: enough to find the passage.
CITE_QUOTE_CHARS = 60
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Citation:
    """One note's citation: the sentence, and its own fields for the other formats."""

    text: str
    title: str
    url: str


def shared_fields(document: Document, colophon: Colophon) -> dict[str, Any]:
    """What every note's citation in `document` shares (as the script reads it): the authors,
    the container, the publisher, the date of the last review (`date`: [year, month, day],
    as far as given) and the annotations' licence."""
    date = _ISO_DATE.fullmatch(colophon.reviewed.strip()) if colophon.reviewed else None
    return {
        "authors": list(colophon.editors) or ([colophon.publisher] if colophon.publisher else []),
        "container": f"{document.title}, annotated edition",
        "publisher": colophon.publisher,
        "date": [int(part) for part in date.groups() if part] if date else [],
        "licence": colophon.annotations_licence,
    }


def cite(annotation: Annotation, number: int | None, document: Document, colophon: Colophon, permalink: str,
         shared: dict[str, Any] | None = None) -> Citation:
    """The citation of `annotation` (note `number` of `document`); `permalink` absolute or ''
    (`shared`: `shared_fields(document, colophon)`, made once per page by the caller)."""
    kind = TYPES[annotation.type].label
    title = f"Note{f' {number}' if number else ''} ({kind}): “{shorten(annotation.quote, CITE_QUOTE_CHARS)}”"
    shared = shared if shared is not None else shared_fields(document, colophon)
    authors: list[str] = shared["authors"]
    sentence = [f"{_names(authors)}. " if authors else "", f"{title}. In {shared['container']}."]
    if colophon.publisher and authors != [colophon.publisher]:
        sentence.append(f" {colophon.publisher}.")
    if shared["date"]:
        sentence.append(f" Reviewed {colophon.reviewed.strip()}.")
    if permalink:
        sentence.append(f" {permalink}.")
    if colophon.annotations_licence:
        sentence.append(f" Annotations licensed {colophon.annotations_licence}.")
    return Citation("".join(sentence), title, permalink)


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
