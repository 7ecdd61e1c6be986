"""How to cite one note: a sentence, BibTeX and CSL-JSON, from the colophon and the permalink.

Every part is optional: with no editors the publisher is the author, with neither the
citation has no author; with no `site_url` it has no address (a relative one is no use
outside the site). The values are contributor and configuration text: the caller escapes
them into HTML; here BibTeX's own special characters are made harmless.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..model import TYPES, Annotation, Colophon, Document
from ..textnorm import shorten

#: Characters of the quote in a citation's title: enough to find the passage.
CITE_QUOTE_CHARS = 60
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_BIBTEX_SPECIAL = re.compile(r"[\\{}%&$#_^~]")
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


@dataclass(frozen=True)
class Citation:
    """One note's citation in three forms (each a plain string)."""

    text: str
    bibtex: str
    csl_json: str


def cite(annotation: Annotation, number: int | None, document: Document, colophon: Colophon, permalink: str) -> Citation:
    """The citation of `annotation` (note `number` of `document`); `permalink` absolute or ''."""
    kind = TYPES[annotation.type].label
    title = f"Note{f' {number}' if number else ''} ({kind}): “{shorten(annotation.quote, CITE_QUOTE_CHARS)}”"
    container = f"{document.title}, annotated edition"
    authors = list(colophon.editors) or ([colophon.publisher] if colophon.publisher else [])
    date = _ISO_DATE.fullmatch(colophon.reviewed.strip()) if colophon.reviewed else None
    licence = f"Annotations licensed {colophon.annotations_licence}" if colophon.annotations_licence else ""

    sentence = [f"{_names(authors)}. " if authors else "", f"{title}. In {container}."]
    if colophon.publisher and authors != [colophon.publisher]:
        sentence.append(f" {colophon.publisher}.")
    if date:
        sentence.append(f" Reviewed {date.group(0)}.")
    if permalink:
        sentence.append(f" {permalink}.")
    if licence:
        sentence.append(f" {licence}.")

    fields = [("author", " and ".join(authors)), ("title", title), ("howpublished", container),
              ("publisher", colophon.publisher), ("year", date.group(1) if date else ""),
              ("url", permalink), ("note", licence)]
    bibtex = "@misc{" + _bibtex_key(annotation.id) + ",\n" + ",\n".join(
        f"  {name} = {{{_bibtex_url(value) if name == 'url' else _bibtex_value(value)}}}" for name, value in fields if value) + "\n}"

    csl: dict[str, Any] = {"id": annotation.id, "type": "entry", "title": title, "container-title": container}
    if authors:
        csl["author"] = [{"literal": name} for name in authors]
    if colophon.publisher:
        csl["publisher"] = colophon.publisher
    if date:
        csl["issued"] = {"date-parts": [[int(part) for part in date.groups() if part]]}
    if permalink:
        csl["URL"] = permalink
    if licence:
        csl["license"] = colophon.annotations_licence
    return Citation("".join(sentence), bibtex, json.dumps([csl], ensure_ascii=False))


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _bibtex_key(annotation_id: str) -> str:
    return "note:" + re.sub(r"[^A-Za-z0-9_:-]", "-", annotation_id)


def _bibtex_url(url: str) -> str:
    """A URL field is read verbatim (biber, the url package): only braces and spaces would break it."""
    return "".join(char for char in url if char not in "{} \t\r\n")


def _bibtex_value(value: str) -> str:
    """A value BibTeX reads literally: its special characters escaped, no line breaks."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES.get(m.group(0), "\\" + m.group(0)), " ".join(value.split()))
