"""Data exports: the W3C annotation collection and the statistics as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

from annotated_report.build import build_site
from annotated_report.exports import ItemCache, statistics_csv, w3c_annotation, w3c_collection
from annotated_report.urls import SiteUrls
from helpers import REPO, SEED, build, make_project


@pytest.fixture(scope="module")
def site():
    return build_site(REPO / "seeds", REPO / "annotations", root=REPO)


@pytest.fixture(scope="module")
def collection(site):
    return json.loads(w3c_collection(site, SiteUrls(), "https://example.org/"))


def test_collection_holds_every_annotation_in_reading_order(site, collection):
    items = collection["first"]["items"]
    assert collection["type"] == "AnnotationCollection"
    # The W3C context first (the model requires it), then the prefix of the project's own terms.
    assert collection["@context"] == ["http://www.w3.org/ns/anno.jsonld", {"report": "https://example.org/exports/terms.jsonld#"}]
    assert collection["total"] == len(items) == len(site.annotations)
    assert [item["id"] for item in items] == [
        f"https://example.org/exports/annotations.jsonld#{a.id}" for a in site.in_reading_order()
    ]


def test_each_annotation_targets_the_page_by_quote_and_the_plain_text_by_position(site, collection):
    by_id = site.annotations_by_id
    for item in collection["first"]["items"]:
        annotation = by_id[item["id"].rsplit("#", 1)[1]]
        document = site.document(annotation.document)
        assert item["type"] == "Annotation" and item["motivation"] == "commenting"
        page, text = item["target"]
        # The highlight's page anchor is the first target's id, apart from the annotation's IRI.
        assert page["id"] == f"https://example.org/reports/{document.slug}/#{annotation.id}" != item["id"]
        assert page["source"] == f"https://example.org/reports/{document.slug}/" and page["format"] == "text/html"
        quote = page["selector"]
        assert quote["type"] == "TextQuoteSelector" and quote["exact"] == annotation.quote
        paragraph = document.paragraph(annotation.span.paragraph).text
        assert quote["prefix"] + quote["exact"] + quote["suffix"] in paragraph
        assert document.text.count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1
        assert text["source"] == f"https://example.org/reports/{document.slug}.txt" and text["format"] == "text/plain"
        # The plain text is targeted by position only: the quote is stated once, in the first target.
        position = text["selector"]
        assert position == {"type": "TextPositionSelector", "start": annotation.span.start, "end": annotation.span.end}
        assert document.text[position["start"] : position["end"]] == annotation.quote
        assert {"type": "TextualBody", "purpose": "classifying", "value": annotation.type} in item["body"]
        linked = {body["source"] for body in item["body"] if body.get("purpose") == "linking"}
        assert linked == {f"https://example.org/exports/annotations.jsonld#{r}" for r in annotation.related}


def test_statistics_csv_has_a_row_per_statistic_with_its_numbers(site):
    rows = list(csv.DictReader(io.StringIO(statistics_csv(site, SiteUrls()))))
    statistics = [a for a in site.in_reading_order() if a.type == "statistic"]
    assert [row["id"] for row in rows] == [a.id for a in statistics]
    for row, annotation in zip(rows, statistics):
        value = annotation.value
        if value.exact is not None:
            assert float(row["value"]) == value.exact
            if value.exact.is_integer():
                assert "." not in row["value"]  # spreadsheets read 38, not 38.0
        else:
            assert row["value"] == ""
            assert row["min"] == ("" if value.minimum is None else f"{value.minimum:g}")
            assert row["max"] == ("" if value.maximum is None else f"{value.maximum:g}")
        assert row["unit"] == (annotation.unit or "")
        assert row["year"] == ("" if annotation.year is None else str(annotation.year))


def test_a_built_site_publishes_and_links_the_exports(tmp_path):
    root = make_project(tmp_path, {"a.yml": """\
        document: cambodia-2022-prosecution
        annotations:
          - id: convictions-2021
            type: statistic
            quote: "The government convicted 38 traffickers"
            value: 38
            unit: traffickers convicted
            year: 2021
            note: "Thirty-*eight*."
        """})
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    exports = result.site_dir / "exports"
    collection = json.loads((exports / "annotations.jsonld").read_text(encoding="utf-8"))
    item = collection["first"]["items"][0]
    assert item["id"] == "https://example.org/exports/annotations.jsonld#convictions-2021"
    assert item["target"][0]["id"] == "https://example.org/reports/cambodia-2022-prosecution/#convictions-2021"
    # The identifier is a node of the collection itself: no file per annotation is written.
    assert item["id"].startswith(collection["id"] + "#")
    assert not (exports / "annotations").exists()
    assert sorted(p.name for p in exports.iterdir()) == ["annotations.jsonld", "statistics.csv", "statistics.json", "terms.jsonld"]
    assert (result.site_dir / "reports" / "cambodia-2022-prosecution.txt").read_bytes() == SEED.read_bytes()
    assert json.loads((exports / "statistics.json").read_text(encoding="utf-8"))[0]["value"] == 38
    assert "convictions-2021" in (exports / "statistics.csv").read_text(encoding="utf-8")
    statistics_page = result.page("statistics/")
    assert 'href="../exports/statistics.csv"' in statistics_page
    assert 'href="../exports/statistics.json"' in statistics_page


def test_what_the_w3c_model_lacks_is_carried_in_our_documented_terms(site, collection):
    """Value, unit, year, attribution, topics, parts: `report:` properties, each defined in exports/terms.jsonld."""
    from annotated_report.exports import REPORT_TERMS, terms_document

    by_id = site.annotations_by_id
    used = set()
    for item in collection["first"]["items"]:
        annotation = by_id[item["id"].rsplit("#", 1)[1]]
        ours = {key.removeprefix("report:"): value for key, value in item.items() if key.startswith("report:")}
        used |= set(ours)
        assert ours.get("attributedTo") == annotation.attributed_to
        assert ours.get("unit") == annotation.unit and ours.get("year") == annotation.year
        assert ours.get("topics", []) == list(annotation.topics)
        if annotation.value is not None:
            assert (ours.get("value"), ours.get("minimum"), ours.get("maximum")) == (annotation.value.exact, annotation.value.minimum, annotation.value.maximum)
        assert ours.get("parts", []) == [f"https://example.org/exports/annotations.jsonld#{part}" for part in annotation.parts]
        links = [body["source"] for body in item["body"] if body.get("purpose") == "linking"]
        assert links == [f"https://example.org/exports/annotations.jsonld#{other}" for other in annotation.related]
    assert {"attributedTo", "value", "unit", "year", "topics", "parts", "blocksComparison"} <= used
    terms = json.loads(terms_document(SiteUrls(), "https://example.org/"))
    assert {node["@id"] for node in terms["@graph"]} == {f"https://example.org/exports/terms.jsonld#{name}" for name in REPORT_TERMS}


def test_the_one_off_collection_is_the_cached_items_collection_and_each_items_json(site):
    """A one-off build encodes the collection in one call; `mkdocs serve` assembles it from
    each item's JSON (`ItemCache`). Both are the same text, and each item is `w3c_annotation`
    without its `@context` (stated once, on the collection)."""
    urls, base = SiteUrls(), "https://example.org/"
    one_off = w3c_collection(site, urls, base)
    assert one_off == w3c_collection(site, urls, base, ItemCache().texts(site, urls, base))
    items = json.loads(one_off)["first"]["items"]
    expected = [w3c_annotation(a, site, urls, base) for a in site.in_reading_order()]
    assert [next(iter(item)) for item in expected] == ["@context"] * len(expected)
    assert items == [{k: v for k, v in item.items() if k != "@context"} for item in expected]
    assert any(item.get("report:value") is not None for item in items)  # the repository's site has statistics

