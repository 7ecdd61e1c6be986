"""Exports are as safe as the site: sanitized notes, plain strings, CSV without formulas,
and a warning when the exports' identifiers would not point at the real site."""

from __future__ import annotations

import csv
import io
import json
import logging

import pytest

from annotated_report.build import build_site
from annotated_report.exports import csv_cell, export_files, site_url_problem, statistics_csv, statistics_rows
from annotated_report.urls import SiteUrls
from helpers import build, make_project

HOSTILE_SEED = "=SUM(A1:A9) was typed by 12 people in 2020.\n-3 degrees and 40 workers; +7 more; @home 5 stayed.\n"

HOSTILE = """\
document: hostile
annotations:
  - id: typed
    type: statistic
    quote: "=SUM(A1:A9) was typed by 12 people"
    value: 12
    unit: "=HYPERLINK(\\"https://evil.example\\", \\"click\\")"
    series: sums
    year: 2020
    topics: [evil]
    note: |
      Safe **bold** and a [good link](https://example.com/ok).
      <script>alert('note')</script><iframe src="https://evil.example/"></iframe>
      <img src="x" onerror="alert(1)"> and [bad](javascript:alert(2)) and <a href="javascript:alert(3)">worse</a>
      <b onclick="alert(4)">clicked</b>
  - id: workers
    type: statistic
    quote: "40 workers"
    value: 40
    unit: "-workers"
    note: "+1 formula-looking note"
  - id: more
    type: statistic
    quote: "+7 more"
    value: 7
    unit: "\\tTabbed"
  - id: caveat-1
    type: caveat
    quote: "-3 degrees"
    note: "<svg onload=alert(5)></svg>See [the figure](#typed)."
"""

EVIL_TOPIC = """\
topics:
  - id: evil
    title: "<script>alert('t')</script>Evil <img src=x onerror=alert(8)> topic"
"""

MARKUP = ("<script", "<iframe", "<img", "<svg", "onerror", "onload", "onclick", "javascript:", "alert(")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("hostile"), {"hostile.yml": HOSTILE}, seeds={"hostile": HOSTILE_SEED}, with_cambodia=False,
                        topics=EVIL_TOPIC)
    site = build_site(root / "seeds", root / "annotations", root=root)
    assert {a.id for a in site.annotations} == {"typed", "workers", "more", "caveat-1"}, site.problems
    return site


def test_hostile_notes_never_reach_an_export_as_markup(hostile_site):
    files = export_files(hostile_site, SiteUrls(), "https://site.test/")
    exports = {path: text for path, text in files.items() if path.startswith("exports/")}
    assert sorted(exports) == ["exports/annotations.jsonld", "exports/statistics.csv", "exports/statistics.json", "exports/terms.jsonld"]
    for path, text in exports.items():
        lowered = text.lower()
        for bad in MARKUP:
            assert bad not in lowered, (path, bad)


def test_the_commenting_body_is_the_sanitized_html_the_site_shows(hostile_site):
    collection = json.loads(export_files(hostile_site, SiteUrls(), "https://site.test/")["exports/annotations.jsonld"])
    items = {item["id"].rsplit("#", 1)[1]: item for item in collection["first"]["items"]}
    (typed,) = [b for b in items["typed"]["body"] if b["purpose"] == "commenting"]
    assert typed["format"] == "text/html"
    assert "<strong>bold</strong>" in typed["value"]
    assert 'href="https://example.com/ok"' in typed["value"]
    assert "<b>clicked</b>" in typed["value"]
    assert "text/markdown" not in json.dumps(collection)
    tags = [b["value"] for b in items["typed"]["body"] if b["purpose"] == "tagging"]
    assert tags == ["Evil topic"]  # a topic title as plain text, its markup gone
    # A link within the page is made absolute against the highlight's page, not the export's folder.
    (caveat,) = [b for b in items["caveat-1"]["body"] if b["purpose"] == "commenting"]
    assert 'href="https://site.test/reports/hostile/#typed"' in caveat["value"]


def test_statistics_strings_are_plain_text(hostile_site):
    rows = {row["id"]: row for row in statistics_rows(hostile_site, SiteUrls())}
    assert rows["typed"]["note"] == "Safe bold and a good link. and bad and worse clicked"
    assert rows["typed"]["unit"] == '=HYPERLINK("https://evil.example", "click")'  # text, neutralized in the CSV
    assert rows["workers"]["note"] == "+1 formula-looking note"


def test_csv_neutralizes_formulas_keeps_numbers_and_round_trips(hostile_site):
    text = statistics_csv(hostile_site, SiteUrls())
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = statistics_rows(hostile_site, SiteUrls())
    assert [row["id"] for row in rows] == [row["id"] for row in expected] == ["typed", "workers", "more"]
    for read, original in zip(rows, expected):
        for field, value in read.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")) or field in ("paragraph", "value", "min", "max", "year"), (field, value)
            want = original[field]
            if want is None:
                assert value == ""
            elif isinstance(want, bool):
                assert value == str(want)
            elif isinstance(want, (int, float)):
                assert float(value) == want and "'" not in value
            else:
                # The one documented change: a leading apostrophe before a formula-like start.
                assert value == (f"'{want}" if want.startswith(("=", "+", "-", "@", "\t", "\r")) else want), field
    typed = rows[0]
    assert typed["quote"] == "'=SUM(A1:A9) was typed by 12 people"
    assert typed["unit"].startswith("'=HYPERLINK") and typed["series"] == "sums"
    assert rows[1]["unit"] == "'-workers" and rows[1]["note"] == "'+1 formula-looking note"
    assert rows[2]["unit"] == "Tabbed"  # plain text: surrounding whitespace goes; a tab start is covered below


@pytest.mark.parametrize(("field", "value", "cell"), [
    ("value", -3, -3), ("min", -2.5, -2.5), ("value", 12.0, 12), ("year", 2020, 2020),
    ("unit", "-3 degrees", "'-3 degrees"), ("note", "=1+1", "'=1+1"), ("note", "@x", "'@x"),
    ("note", "\tx", "'\tx"), ("note", "\rx", "'\rx"), ("note", "plain", "plain"), ("note", None, ""),
])
def test_csv_cell(field, value, cell):
    assert csv_cell(field, value) == cell


@pytest.mark.parametrize(("site_url", "blocking"), [
    (None, True), ("", True), ("https://example.org/", False), ("http://www.example.com/x/", False),
    ("https://example.net", False), ("http://localhost:8000/", False), ("http://127.0.0.1:8000/", False),
])
def test_site_url_problem(site_url, blocking):
    notice = site_url_problem(site_url)
    assert notice is not None and notice.blocking is blocking
    assert "site_url" in notice.problem.message and "mkdocs.yml" in (notice.problem.hint or "")


@pytest.mark.parametrize("site_url", ["https://annotated.example-news.org/", "https://owner.github.io/repo/", "https://notexample.org/"])
def test_a_real_site_url_is_no_problem(site_url):
    assert site_url_problem(site_url) is None


def test_the_build_says_when_site_url_is_missing(tmp_path):
    root = make_project(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_url: https://example.org/\n", ""), encoding="utf-8")
    result = build(root, strict=True)
    assert result.aborted
    assert any("site_url is not set" in warning for warning in result.warnings), result.warnings


def test_an_example_site_url_is_information_not_a_strict_failure(tmp_path):
    class Collect(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.INFO)
            self.infos: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno == logging.INFO:
                self.infos.append(record.getMessage())

    handler = Collect()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        result = build(make_project(tmp_path), strict=True)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert not result.aborted and not result.warnings, result.warnings
    assert any("site_url is https://example.org/, a placeholder" in message for message in handler.infos), handler.infos
