"""The data page: what the exports hold, and schema.org JSON-LD that parses, with an
Observation per statistic, that no contributor text can break out of."""

from __future__ import annotations

import json
import posixpath

import pytest

from annotated_report.pages.data import json_for_script
from helpers import EDITORIAL_RULES_OFF, build, make_project
from htmltext import parse, text, with_attr

ANNOTATIONS = """\
document: cambodia-2022-prosecution
annotations:
  - id: convictions-2021
    type: statistic
    quote: "The government convicted 38 traffickers"
    value: 38
    unit: "traffickers </script><script>alert(1)</script> convicted"
    year: 2021
    series: convictions
    note: "Thirty-eight. <!-- a comment --> &amp; more"
  - id: convictions-2020
    type: statistic
    quote: "convicted 440 traffickers"
    value: 440
    unit: traffickers convicted
    year: 2020
    series: convictions
  - id: penalty-adult
    type: statistic
    quote: "seven to 15 years"
    value: {min: 7, max: 15}
    unit: years' imprisonment
  - id: data-incomplete
    type: caveat
    quote: "overall law enforcement data was incomplete"
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("data-page"), {"a.yml": ANNOTATIONS}, rules=EDITORIAL_RULES_OFF)
    result = build(root, strict=True)
    assert not result.aborted and not result.warnings, result.warnings
    return result


def ld_scripts(html: str):
    return parse(html).find_all(lambda e: e.tag == "script" and e.get("type") == "application/ld+json")


def test_the_json_ld_parses_and_has_an_observation_per_statistic(built):
    html = built.page("data/")
    (script,) = ld_scripts(html)
    raw = text(script)
    assert "</" not in raw and "<script" not in raw.lower()
    data = json.loads(raw)
    assert data["@context"] == "https://schema.org"
    graph = data["@graph"]
    (dataset,) = [node for node in graph if node["@type"] == "Dataset"]
    observations = [node for node in graph if node["@type"] == "Observation"]
    assert len(observations) == 3
    by_id = {node["@id"].rsplit("#", 1)[1]: node for node in observations}
    assert by_id["convictions-2021"]["value"] == 38 and by_id["convictions-2021"]["observationDate"] == "2021"
    assert by_id["convictions-2021"]["unitText"] == "traffickers convicted"  # markup removed, words kept
    assert by_id["convictions-2020"]["value"] == 440 and by_id["convictions-2020"]["observationDate"] == "2020"
    assert by_id["penalty-adult"]["minValue"] == 7 and by_id["penalty-adult"]["maxValue"] == 15 and "value" not in by_id["penalty-adult"]
    assert all(node["subjectOf"] == {"@id": "#dataset"} for node in observations)
    # What is measured is said once, as text where schema.org takes text (not as a `measuredProperty`).
    assert by_id["convictions-2021"]["variableMeasured"] == "traffickers convicted"
    assert all("measuredProperty" not in node for node in observations)
    assert by_id["convictions-2021"]["observationAbout"] == {"@type": "Country", "name": "Cambodia"}
    assert by_id["convictions-2021"]["name"] == "The government convicted 38 traffickers"
    assert dataset["isBasedOn"][0]["license"] == "Public domain (a work of the U.S. Government)"
    # Every distribution entry and observation link resolves to a built file.
    formats = {entry["encodingFormat"] for entry in dataset["distribution"]}
    assert formats == {"application/ld+json", "text/csv", "application/json", "text/plain"}
    for entry in dataset["distribution"]:
        assert (built.site_dir / posixpath.normpath(posixpath.join("data", entry["contentUrl"]))).is_file(), entry
    for node in observations:
        page, _, anchor = node["url"].partition("#")
        target = built.site_dir / posixpath.normpath(posixpath.join("data", page)) / "index.html"
        assert f'id="{anchor}"' in target.read_text(encoding="utf-8")


def test_the_page_says_what_each_export_holds_its_licence_and_how_to_cite(built):
    root = parse(built.page("data/"))
    for name in ("annotations", "statistics-csv", "statistics-json", "texts"):
        assert root.find(with_attr("data-export", name)) is not None, name
    body = text(root)
    assert "4 annotations on 1 document(s), 3 statistics" in body
    assert "Public domain (a work of the U.S. Government)" in body
    # The seed's sidecar states the annotations' licence (seeds/cambodia-2022-prosecution.yml).
    assert "The annotations, notes and statistics: Creative Commons Attribution 4.0 International (CC BY 4.0)" in body
    assert "Unicode code points" in body and "TextQuoteSelector" in body
    assert "Annotations (4) on “Cambodia 2022: Prosecution”, from U.S. Department of State, 2022 Trafficking in Persons Report." in body
    links = {a.get("href") for a in root.find_all(lambda e: e.tag == "a")}
    assert {"../exports/annotations.jsonld", "../exports/statistics.csv", "../exports/statistics.json",
            "../reports/cambodia-2022-prosecution.txt"} <= links


def test_without_an_annotations_licence_the_page_points_to_the_repository(tmp_path):
    root = make_project(tmp_path, seeds={"memo": "One paragraph.\n"}, with_cambodia=False, rules=EDITORIAL_RULES_OFF)
    result = build(root, strict=True)
    assert not result.aborted and not result.warnings, result.warnings
    assert "The annotations, notes and statistics: see the repository's licence." in text(parse(result.page("data/")))


def test_home_and_statistics_pages_link_to_the_data_page(built):
    assert 'href="data/"' in built.page("")
    assert 'href="../data/"' in built.page("statistics/")


def test_the_json_ld_stays_out_of_search(built):
    index = json.loads((built.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    data_docs = [doc for doc in index["docs"] if doc["location"].startswith("data/")]
    assert data_docs, "the data page is searchable"
    assert not any("@graph" in doc["text"] or "schema.org" in doc["text"] for doc in data_docs)


@pytest.mark.parametrize("hostile", ["</script><script>alert(1)</script>", "<!--", "a & b", "\u2028", "]]>"])
def test_json_for_script_cannot_end_the_script(hostile):
    rendered = json_for_script({"x": hostile})
    assert "<" not in rendered and ">" not in rendered and "&" not in rendered and "\u2028" not in rendered
    assert json.loads(rendered) == {"x": hostile}
