"""Machine-readable copies of the annotations, published beside the site.

* `annotations.jsonld`: a W3C Web Annotation collection, so other tools (Hypothesis and
  any client of the W3C model) can read the editors' work; each annotation targets its
  report page with a TextQuoteSelector (the report's own words and their context) and a
  TextPositionSelector (offsets in the document's text).
* `statistics.csv` / `statistics.json`: every statistic with its value, unit and year,
  for journalists who want the numbers in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .model import Annotation, Site
from .render.markdown_safe import plain_text
from .urls import EXPORT_DIR, SiteUrls

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Characters of context in a TextQuoteSelector's prefix and suffix (Hypothesis uses 32).
CONTEXT_LENGTH = 32


def _absolute(base_url: str, url: str) -> str:
    return f"{base_url.rstrip('/')}/{url}" if base_url else url


def w3c_annotation(annotation: Annotation, site: Site, urls: SiteUrls, base_url: str) -> dict[str, Any]:
    """One annotation in the W3C Web Annotation Data Model."""
    document = site.document(annotation.document)
    start, end = annotation.span.start, annotation.span.end
    paragraph = document.paragraph(annotation.span.paragraph)
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "classifying", "value": annotation.type},
    ]
    if annotation.note.strip():
        bodies.append({"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": annotation.note.strip()})
    bodies += [
        {"type": "TextualBody", "purpose": "tagging", "value": site.topic(topic_id).title}
        for topic_id in annotation.topics
    ]
    bodies += [
        {"type": "SpecificResource", "purpose": "linking", "source": _absolute(base_url, urls.annotation(site.annotation(other)))}
        for other in annotation.related
    ]
    bodies += [
        {"type": "SpecificResource", "purpose": "identifying", "source": source.url}
        for source in annotation.sources
        if source.url
    ]
    return {
        "@context": W3C_CONTEXT,
        "id": _absolute(base_url, urls.annotation(annotation)),
        "type": "Annotation",
        "motivation": "commenting",
        "body": bodies,
        "target": {
            "source": _absolute(base_url, urls.document(document.slug)),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": annotation.quote,
                    "prefix": paragraph.text[max(0, start - paragraph.start - CONTEXT_LENGTH) : start - paragraph.start],
                    "suffix": paragraph.text[end - paragraph.start : end - paragraph.start + CONTEXT_LENGTH],
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }


def w3c_collection(site: Site, urls: SiteUrls, base_url: str = "") -> str:
    """Every annotation, in reading order, as one W3C AnnotationCollection page (JSON-LD)."""
    items = [w3c_annotation(a, site, urls, base_url) for a in site.in_reading_order()]
    for item in items:
        del item["@context"]  # stated once, on the collection
    collection = {
        "@context": W3C_CONTEXT,
        "id": _absolute(base_url, f"{EXPORT_DIR}/annotations.jsonld"),
        "type": "AnnotationCollection",
        "label": "Annotations",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=1)


def statistics_rows(site: Site, urls: SiteUrls, base_url: str = "") -> list[dict[str, Any]]:
    rows = []
    for annotation in site.in_reading_order():
        if annotation.type != "statistic" or annotation.value is None:
            continue
        value = annotation.value
        rows.append({
            "id": annotation.id,
            "document": annotation.document,
            "paragraph": annotation.span.paragraph,
            "quote": annotation.quote,
            "value": value.exact,
            "min": value.minimum,
            "max": value.maximum,
            "approximate": value.approximate,
            "unit": annotation.unit or "",
            "year": annotation.year,
            "series": annotation.series or "",
            "note": plain_text(annotation.note),
            "url": _absolute(base_url, urls.annotation(annotation)),
        })
    return rows


def statistics_json(site: Site, urls: SiteUrls, base_url: str = "") -> str:
    return json.dumps(statistics_rows(site, urls, base_url), ensure_ascii=False, indent=1)


def statistics_csv(site: Site, urls: SiteUrls, base_url: str = "") -> str:
    rows = statistics_rows(site, urls, base_url)
    out = io.StringIO()
    fields = ["id", "document", "paragraph", "quote", "value", "min", "max", "approximate", "unit", "year", "series", "note", "url"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if row[key] is None else _number(row[key]) for key in fields})
    return out.getvalue()


def _number(value: Any) -> Any:
    """Whole floats without '.0' (12814.0 -> 12814), so spreadsheets read integers."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def export_files(site: Site, urls: SiteUrls, base_url: str = "") -> dict[str, str]:
    """Path in the site → content, for every export."""
    return {
        f"{EXPORT_DIR}/annotations.jsonld": w3c_collection(site, urls, base_url),
        f"{EXPORT_DIR}/statistics.csv": statistics_csv(site, urls, base_url),
        f"{EXPORT_DIR}/statistics.json": statistics_json(site, urls, base_url),
    }
