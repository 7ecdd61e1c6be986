"""What a report page says about its own state: a draft says annotation is in progress (with
its coverage), and a preview (`mkdocs serve`) lists the annotations left out and why — which a
published build never shows."""

from __future__ import annotations

from pathlib import Path

from helpers import build, make_project, write
from htmltext import parse, text, with_class

SEEDS = {"one": "The text counted 10 cases and 3 appeals in 2021.\n"}
GOOD = """\
document: one
annotations:
  - {id: cases, type: statistic, quote: "10 cases", value: 10, unit: cases, year: 2021, note: "Cases."}
"""
BROKEN = """\
document: one
annotations:
  - {id: appeals, type: statistic, quote: "42 judges retired", value: 42, unit: judges, note: "A quote not in the text."}
"""


def _project(tmp_path: Path, status: str) -> Path:
    root = make_project(tmp_path / status, {"good.yml": GOOD, "broken.yml": BROKEN}, seeds=SEEDS, with_cambodia=False, topics=None)
    write(root / "seeds" / "one.yml", f"title: One\nstatus: {status}\n")
    return root


def _notice(root: Path, name: str) -> str:
    page = parse((root / "site" / "reports" / "one" / "index.html").read_text(encoding="utf-8"))
    found = page.find(with_class(name))
    return " ".join(text(found).split()) if found is not None else ""


def test_a_draft_says_annotation_is_in_progress_with_its_coverage(tmp_path):
    root = _project(tmp_path, "draft")
    assert not build(root).aborted
    assert _notice(root, "ar-draft").startswith("Annotation in progress. This document is a draft: 1 of 2 numbers annotated (50%).")
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    complete = _project(tmp_path, "complete")
    build(complete)
    assert _notice(complete, "ar-draft") == ""
    assert "draft: annotation in progress" not in (complete / "site" / "index.html").read_text(encoding="utf-8")
    assert home  # the home page exists either way


def test_a_preview_lists_the_annotations_left_out_and_a_build_never_does(tmp_path):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    root = _project(tmp_path, "complete")
    assert build(root).warnings  # the typo is reported
    assert _notice(root, "ar-left-out") == ""  # a published build: nothing of the preview
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    notice = _notice(root, "ar-left-out")
    assert notice.startswith("Preview only (not in a published build): 1 annotation(s) of this document are not shown")
    assert "appeals (annotations/broken.yml:3)" in notice and "orphaned" in notice
