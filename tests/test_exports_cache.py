"""Under `mkdocs serve`, each annotation's W3C item is kept between rebuilds: an edit
recomputes only the items it changed, and the export is the same as a fresh build's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from annotated_report.build import build_site
from annotated_report.exports import ItemCache, export_files, w3c_collection
from annotated_report.urls import SiteUrls
from helpers import make_project

ONE = """\
document: one
annotations:
  - {id: one-claim, type: claim, quote: "first report", note: "Note one.", topics: [prosecutions]}
  - {id: one-caveat, type: caveat, quote: "report text", note: "A caveat.", related: [one-claim]}
"""
TWO = """\
document: two
annotations:
  - {id: two-claim, type: claim, quote: "second report", note: "Note two."}
"""
SEEDS = {"one": "The first report text.\n", "two": "The second report text.\n"}
BASE = "https://example.org/"
COLLECTION = "exports/annotations.jsonld"


def _site(root: Path):  # type: ignore[no-untyped-def]
    return build_site(root / "seeds", root / "annotations", root=root)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_recomputes_only_the_items_it_changed(tmp_path):
    root = make_project(tmp_path, {"one.yml": ONE, "two.yml": TWO}, seeds=SEEDS, with_cambodia=False)
    urls, cache = SiteUrls(), ItemCache()
    first = export_files(_site(root), urls, BASE, cache)
    assert cache.hits == 0
    assert export_files(_site(root), urls, BASE, cache) == first and cache.hits == 3  # nothing changed

    _replace(root / "annotations" / "two.yml", "Note two.", "Note two, edited.")
    site = _site(root)
    edited = export_files(site, urls, BASE, cache)
    assert cache.hits == 2  # the two items of one.yml
    assert edited == export_files(site, urls, BASE)  # the same as without a cache
    items = json.loads(edited[COLLECTION])["first"]["items"]
    assert "Note two, edited." in items[2]["body"][1]["value"]
    assert len(cache.items) == 3  # what the site no longer has is not kept


def test_a_topic_title_or_a_seed_change_invalidates_the_items_that_show_it(tmp_path):
    root = make_project(tmp_path, {"one.yml": ONE, "two.yml": TWO}, seeds=SEEDS, with_cambodia=False)
    urls, cache = SiteUrls(), ItemCache()
    export_files(_site(root), urls, BASE, cache)
    _replace(root / "annotations" / "topics.yml", "title: Prosecutions", "title: Court cases")
    site = _site(root)
    retitled = export_files(site, urls, BASE, cache)
    assert cache.hits == 2  # only one-claim is tagged
    assert {"type": "TextualBody", "purpose": "tagging", "value": "Court cases"} in json.loads(retitled[COLLECTION])["first"]["items"][0]["body"]

    # The seed of `two` changes around the quote: its prefix and suffix are taken from the new text.
    (root / "seeds" / "two.txt").write_text("Now the second report text is longer.\n", encoding="utf-8")
    site = _site(root)
    moved = export_files(site, urls, BASE, cache)
    assert cache.hits == 2
    assert moved == export_files(site, urls, BASE)
    (two,) = [i for i in json.loads(moved[COLLECTION])["first"]["items"] if i["id"].endswith("#two-claim")]
    assert two["target"][0]["selector"]["prefix"] == "Now the " and two["target"][1]["selector"]["start"] == 8


def test_the_collection_text_is_the_json_of_its_items(tmp_path):
    """Assembled as text around the cached items: still one valid JSON document, context once."""
    root = make_project(tmp_path, {"one.yml": ONE, "two.yml": TWO}, seeds=SEEDS, with_cambodia=False)
    site = _site(root)
    collection = json.loads(w3c_collection(site, SiteUrls(), BASE))
    assert collection["total"] == 3 and collection["first"]["startIndex"] == 0
    assert all("@context" not in item for item in collection["first"]["items"])
    assert collection["@context"][0] == "http://www.w3.org/ns/anno.jsonld"


def test_serve_rebuild_publishes_the_edited_export(tmp_path):
    """Two builds as `mkdocs serve` runs them; the export equals a fresh build's."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = make_project(tmp_path / "served", {"one.yml": ONE, "two.yml": TWO}, seeds=SEEDS, with_cambodia=False)

    def config():  # type: ignore[no-untyped-def]
        return load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    build(first)
    _replace(root / "annotations" / "two.yml", "Note two.", "Note two, edited.")
    second = config()
    build(second)
    items = second.plugins["annotated-report"].session.export_items  # the session's, before shutdown lets it go
    first.plugins.on_shutdown()
    assert items is not None and items.hits == 2
    served = (root / "site" / COLLECTION).read_bytes()
    assert b"Note two, edited." in served
    copy = tmp_path / "fresh"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site"))
    build(load_config(str(copy / "mkdocs.yml"), site_dir=str(copy / "site")))
    assert (copy / "site" / COLLECTION).read_bytes() == served
