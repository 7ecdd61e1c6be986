"""session.py and the plugin under `mkdocs serve`: a rebuild reuses what its edit did not touch,
and its site is the same, file for file, as a fresh build of the edited project."""

from __future__ import annotations

import shutil
from pathlib import Path

from annotated_report.projectfiles import fingerprint
from annotated_report.session import Session
from helpers import make_project

ONE = """\
document: one
annotations:
  - {id: one-claim, type: claim, quote: "first report", note: "Note one.", topics: [prosecutions]}
"""
TWO = """\
document: two
annotations:
  - {id: two-claim, type: claim, quote: "second report", note: "Note two."}
"""
SEEDS = {"one": "The first report text.\n", "two": "The second report text.\n"}


def serve_builds(root: Path, edit) -> tuple[Session, dict[str, bytes]]:  # type: ignore[no-untyped-def]
    """Two builds as `mkdocs serve` runs them: the same plugin object, config loaded twice."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def config():  # type: ignore[no-untyped-def]
        return load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    build(first)
    edit()
    second = config()
    build(second)
    session = second.plugins["annotated-report"].session  # before shutdown lets it go
    first.plugins.on_shutdown()
    return session, {p.relative_to(root / "site").as_posix(): p.read_bytes() for p in (root / "site").rglob("*.html")}


def fresh_build(root: Path) -> dict[str, bytes]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site")))
    return {p.relative_to(root / "site").as_posix(): p.read_bytes() for p in (root / "site").rglob("*.html")}


def test_a_rebuild_after_an_annotation_edit_renders_only_what_it_touched(tmp_path):
    root = make_project(tmp_path / "served", {"one.yml": ONE, "two.yml": TWO}, seeds=SEEDS, with_cambodia=False)

    def edit() -> None:
        path = root / "annotations" / "two.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("Note two.", "Note two, edited."), encoding="utf-8")

    session, served = serve_builds(root, edit)
    assert "Note two, edited." in served["reports/two/index.html"].decode()
    assert session.page_hits >= 2  # report one and the topic page were not rendered again
    # The same bytes as a fresh build of the edited project (search index and sitemap aside).
    copy = tmp_path / "fresh"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site"))
    assert fresh_build(copy) == served


def test_files_fingerprint_follows_content_not_time(tmp_path):
    folder = tmp_path / "annotations"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "x.yml").write_text("a: 1\n", encoding="utf-8")
    before = fingerprint([folder, tmp_path / "missing"], tmp_path)
    (folder / "a" / "x.yml").write_text("a: 1\n", encoding="utf-8")  # touched, same bytes
    assert fingerprint([folder, tmp_path / "missing"], tmp_path) == before
    (folder / "a" / "x.yml").write_text("a: 2\n", encoding="utf-8")
    assert fingerprint([folder, tmp_path / "missing"], tmp_path) != before


def test_a_one_off_session_keeps_nothing_from_an_earlier_build():
    session = Session()
    session.pages["p"] = ("key", "<p>x</p>")
    session.build.parsed["a.yml"] = (b"k", None)  # type: ignore[assignment]
    session.start_build()
    assert session.pages == {} and session.build.parsed == {}
    serving = Session(keep=True)
    serving.pages["p"] = ("key", "<p>x</p>")
    serving.start_build()
    assert serving.pages == {"p": ("key", "<p>x</p>")}
    serving.reset()
    assert serving.pages == {} and serving.keep
