"""`write_exports` writes each export piece by piece (the collection item by item, so a build
never holds them all): the files are the very texts `export_files` returns."""

from __future__ import annotations

import json

import pytest

from annotated_report.exports import ItemCache, export_files, write_exports
from annotated_report.urls import SiteUrls
from helpers import make_project
from test_exports_cache import BASE, COLLECTION, ONE, SEEDS, TWO, _site


@pytest.mark.parametrize("annotations", [{"one.yml": ONE, "two.yml": TWO}, {}], ids=["three annotations", "none"])
@pytest.mark.parametrize("cached", [False, True], ids=["build", "serve"])
def test_the_written_exports_are_the_exports(tmp_path, annotations, cached):
    root = make_project(tmp_path / "project", annotations, seeds=SEEDS, with_cambodia=False)
    site, urls = _site(root), SiteUrls()
    expected = export_files(site, urls, BASE)
    written = write_exports(tmp_path / "site", site, urls, BASE, ItemCache() if cached else None)
    assert {path.relative_to(tmp_path / "site").as_posix() for path in written} == set(expected)
    for path in written:
        assert path.read_bytes() == expected[path.relative_to(tmp_path / "site").as_posix()].encode("utf-8")
    collection = json.loads(expected[COLLECTION])
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(site.annotations) == (3 if annotations else 0)
