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


def _failing_on_the_second_note(monkeypatch):
    """Rendering a note raises from the second one on, as a RecursionError in Markdown would."""
    from annotated_report import exports

    calls = []
    render = exports.note_html

    def note_html(annotation, page_url, *args):
        calls.append(annotation.id)
        if len(calls) > 1:
            raise RecursionError("maximum recursion depth exceeded")
        return render(annotation, page_url, *args)

    monkeypatch.setattr(exports, "note_html", note_html)
    return calls


def test_an_export_that_fails_midway_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    root = make_project(tmp_path / "project", {"one.yml": ONE, "two.yml": TWO}, seeds=SEEDS, with_cambodia=False)
    site, urls = _site(root), SiteUrls()
    folder = tmp_path / "site"
    write_exports(folder, site, urls, BASE)
    before = (folder / COLLECTION).read_bytes()
    calls = _failing_on_the_second_note(monkeypatch)
    with pytest.raises(RecursionError):
        write_exports(folder, site, urls, BASE)
    assert len(calls) == 2  # it failed in the middle of the collection
    assert (folder / COLLECTION).read_bytes() == before
    assert sorted(p.name for p in (folder / "exports").iterdir()) == ["annotations.jsonld", "statistics.csv", "statistics.json", "terms.jsonld"]


def test_a_build_that_fails_midway_leaves_no_truncated_export(tmp_path, monkeypatch):
    from helpers import build

    root = make_project(tmp_path / "project", {"one.yml": ONE, "two.yml": TWO}, seeds=SEEDS, with_cambodia=False)
    assert not build(root).aborted
    json.loads((root / "site" / COLLECTION).read_text(encoding="utf-8"))
    _failing_on_the_second_note(monkeypatch)
    with pytest.raises(RecursionError):
        build(root)
    exports = root / "site" / "exports"
    leftovers = [p.name for p in exports.iterdir() if p.name.startswith(".")] if exports.exists() else []
    assert leftovers == []  # no temporary file left behind
    if (root / "site" / COLLECTION).exists():  # MkDocs cleans the site first: none, or a whole one
        json.loads((root / "site" / COLLECTION).read_text(encoding="utf-8"))
