"""Rendered notes are kept on disk between builds (`cache`, `cache_dir`): a second build
renders only what changed, writes the same site, and a damaged, planted or misplaced cache
file can neither break the build nor put unsanitized HTML on the site."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from annotated_report.render import markdown_safe
from annotated_report.render.markdown_safe import RECIPE
from annotated_report.render.markdown_store import MarkdownStore, text_key
from helpers import build, make_project

NOTE_ONE = "The *first* note, with a [source](https://example.org/one)."
NOTE_TWO = "The second note.\n\n- a list item\n- another"
ANNOTATIONS = {
    "one.yml": f"""\
        document: one
        annotations:
          - id: one-claim
            type: claim
            quote: "first report"
            note: {json.dumps(NOTE_ONE)}
          - id: one-other
            type: claim
            quote: "report text"
            note: {json.dumps(NOTE_TWO)}
        """,
}
SEEDS = {"one": "The first report text.\n"}
FOLDER = Path(".cache/plugin/annotated-report")


@pytest.fixture(autouse=True)
def full_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store keeps what the full path (markdown-it-py) renders; one line of prose never needs
    it (`markdown_fast`, tested against the full path in test_markdown_fast.py). These tests
    are about the store, so every note takes the full path here."""
    monkeypatch.setattr(markdown_safe, "inline_html", lambda text: None)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", ANNOTATIONS, seeds=SEEDS, with_cambodia=False, topics=None)


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the Markdown converter converts for the plugin, in order (the real converter still runs)."""
    seen: list[str] = []
    real = markdown_safe.SafeMarkdown._convert

    def counting(self: markdown_safe.SafeMarkdown, text: str) -> str:
        seen.append(text)
        return real(self, text)

    monkeypatch.setattr(markdown_safe.SafeMarkdown, "_convert", counting)
    return seen


def _site_files(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _cache_file(root: Path) -> Path:
    files = list((root / FOLDER).glob("markdown-*.json"))
    assert len(files) == 1, files
    return files[0]


def _stored(root: Path) -> dict[str, str]:
    return json.loads(_cache_file(root).read_text(encoding="utf-8"))["rendered"]


def _plant(root: Path, rendered: dict[str, str]) -> Path:
    """A cache file as this version writes it, with the given renderings by text."""
    store = MarkdownStore(root / FOLDER, root, RECIPE)
    store.folder.mkdir(parents=True, exist_ok=True)
    payload = {"format": 1, "recipe": RECIPE, "rendered": {text_key(text): html for text, html in rendered.items()}}
    store.path.write_text(json.dumps(payload), encoding="utf-8")
    return store.path


def _edit_note_one(root: Path) -> str:
    """Edit the first note in its file, as an editor would; the note's new text."""
    path = root / "annotations" / "one.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("*first* note", "*edited* note"), encoding="utf-8")
    return NOTE_ONE.replace("*first* note", "*edited* note")


def _report(root: Path) -> str:
    return (root / "site" / "reports" / "one" / "index.html").read_text(encoding="utf-8")


def test_a_second_build_converts_no_note_again_and_writes_the_same_site(project, conversions, caplog):
    first = build(project, strict=True)
    assert not first.warnings
    assert conversions.count(NOTE_ONE) == 1 and conversions.count(NOTE_TWO) == 1
    site = _site_files(project)
    assert set(_stored(project)) >= {text_key(NOTE_ONE), text_key(NOTE_TWO)}
    assert (project / FOLDER / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    conversions.clear()
    with caplog.at_level(logging.DEBUG, logger="mkdocs"):
        again = build(project, strict=True)
    assert not again.warnings
    assert conversions == []
    assert _site_files(project) == site
    reused = [r.getMessage() for r in caplog.records if "rendered note(s) from .cache/plugin/annotated-report" in r.getMessage()]
    assert len(reused) == 1 and re.search(r"; ([0-9]+) rendered note", reused[0]).group(1) == str(len(_stored(project)))


def test_an_edited_note_is_converted_again_and_its_old_rendering_leaves_the_file(project, conversions):
    build(project, strict=True)
    edited = _edit_note_one(project)
    conversions.clear()
    build(project, strict=True)
    assert conversions == [edited]
    assert "<em>edited</em> note" in _report(project)
    stored = _stored(project)
    assert text_key(edited) in stored and text_key(NOTE_TWO) in stored
    assert text_key(NOTE_ONE) not in stored


def test_a_fresh_build_and_a_cached_build_give_the_same_site(project, tmp_path):
    build(project, strict=True)
    build(project, strict=True)
    cached = _site_files(project)
    fresh = make_project(tmp_path / "fresh", ANNOTATIONS, seeds=SEEDS, with_cambodia=False, topics=None)
    (fresh / "mkdocs.yml").write_text(
        (fresh / "mkdocs.yml").read_text(encoding="utf-8").replace("  - annotated-report\n", "  - annotated-report:\n      cache: false\n"),
        encoding="utf-8",
    )
    build(fresh, strict=True)
    assert not (fresh / ".cache").exists()
    assert _site_files(fresh) == cached


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all",
        b"\xff\xfe\x00 not utf-8",
        b"[" * 100_000,
        b"[]",
        json.dumps({"format": 99, "recipe": RECIPE, "rendered": {}}).encode(),
        json.dumps({"format": 1, "recipe": "another Markdown", "rendered": {}}).encode(),
        json.dumps({"format": 1, "recipe": RECIPE, "rendered": []}).encode(),
        json.dumps({"format": 1, "recipe": RECIPE, "rendered": {"short": "<p>x</p>"}}).encode(),
        json.dumps({"format": 1, "recipe": RECIPE, "rendered": {"0" * 32: 42}}).encode(),
    ],
    ids=["text", "not-utf8", "deep", "list", "format", "recipe", "entries-list", "bad-key", "bad-value"],
)
def test_a_damaged_cache_file_is_ignored_said_and_replaced(project, tmp_path, content, caplog):
    build(project, strict=True)
    expected = _site_files(project)
    path = _cache_file(project)
    path.write_bytes(content)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        result = build(project, strict=True)
    assert not result.aborted and not result.warnings
    assert _site_files(project) == expected
    assert any(str(path) in record.getMessage() and "ignored" in record.getMessage() for record in caplog.records)
    assert text_key(NOTE_ONE) in _stored(project)  # written anew


def test_a_planted_rendering_is_used_but_still_sanitized(project):
    _plant(project, {NOTE_ONE: '<p>PLANTED <script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">go</a></p>'})
    build(project, strict=True)
    page = _report(project)
    assert "PLANTED" in page  # the store is read (which is why .cache/ stays out of the repository)
    assert "alert(1)" not in page and "javascript:" not in page and "onclick" not in page
    search = (project / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "alert(1)" not in search and "javascript:" not in search


def test_a_cache_file_linked_from_outside_the_project_is_not_read(project, tmp_path, caplog):
    outside = _plant(tmp_path, {NOTE_ONE: "<p>FROM OUTSIDE</p>"})
    target = MarkdownStore(project / FOLDER, project, RECIPE).path
    target.parent.mkdir(parents=True)
    target.symlink_to(outside)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build(project, strict=True)
    assert "FROM OUTSIDE" not in _report(project)
    assert "<em>first</em> note" in _report(project)
    assert any("not a regular file inside the project" in record.getMessage() for record in caplog.records)
    assert not target.is_symlink() and text_key(NOTE_ONE) in _stored(project)  # the link was replaced, not followed
    assert "FROM OUTSIDE" in outside.read_text(encoding="utf-8")


def _options(root: Path, options: str) -> None:
    path = root / "mkdocs.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - annotated-report\n", f"  - annotated-report:\n{options}"), encoding="utf-8")


@pytest.mark.parametrize("cache_dir", ["../elsewhere", "/tmp/annotated-report-cache", "link"])
def test_a_cache_dir_outside_the_project_stops_the_build_with_a_message(project, tmp_path, cache_dir):
    if cache_dir == "link":
        (tmp_path / "elsewhere").mkdir()
        (project / "link").symlink_to(tmp_path / "elsewhere")
    _options(project, f"      cache_dir: {cache_dir}\n")
    result = build(project)
    assert result.aborted
    assert [message for message in result.warnings if re.search(r"the option cache_dir \('.+'\) leads outside the project.*cache: false", message)]
    assert not (tmp_path / "elsewhere").exists() or not any((tmp_path / "elsewhere").iterdir())


def test_cache_false_reads_and_writes_nothing(project, conversions):
    _plant(project, {NOTE_ONE: "<p>STALE</p>"})
    _options(project, "      cache: false\n")
    build(project, strict=True)
    assert "STALE" not in _report(project)
    assert conversions.count(NOTE_ONE) == 1  # without the store, still once per build (exports, page, search)
    assert json.loads(_cache_file(project).read_text(encoding="utf-8"))["rendered"] == {text_key(NOTE_ONE): "<p>STALE</p>"}


def test_a_cache_that_cannot_be_written_is_said_and_the_build_goes_on(project, caplog):
    (project / ".cache").mkdir()
    (project / ".cache" / "plugin").write_text("a file where the folder would go", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        result = build(project, strict=True)
    assert not result.aborted and not result.warnings
    assert "<em>first</em> note" in _report(project)
    assert any("could not be written" in record.getMessage() for record in caplog.records)


NOTE_THREE = "A note on *another* report."
SECOND_DOCUMENT = f"""\
document: two
annotations:
  - id: two-claim
    type: claim
    quote: "second report"
    note: {json.dumps(NOTE_THREE)}
"""


def test_under_serve_the_store_is_kept_in_memory_and_a_rebuild_forgets_no_note(project, conversions):
    """A rebuild takes the untouched report from memory, so it renders only the edited
    note; the file still holds every note, so the next session starts warm."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    (project / "seeds" / "two.txt").write_text("The second report text.\n", encoding="utf-8")
    (project / "seeds" / "two.yml").write_text("title: Two\n", encoding="utf-8")
    (project / "annotations" / "two.yml").write_text(SECOND_DOCUMENT, encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        mkdocs_build(config)
        _cache_file(project).unlink()  # a rebuild does not read the disk again
        edited = _edit_note_one(project)
        conversions.clear()
        mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))
        assert conversions == [edited]
        assert "<em>edited</em> note" in _report(project)
        assert {text_key(edited), text_key(NOTE_TWO), text_key(NOTE_THREE)} <= set(_stored(project))
    finally:
        config.plugins.on_shutdown()


def test_after_serve_a_one_off_build_renders_its_notes_and_keeps_only_them(project, conversions):
    """Serving and then building in the same process (MkDocs keeps the plugin object): the
    build keeps no page from the session, and its file holds exactly its own texts."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config)
    config.plugins.on_shutdown()
    edited = _edit_note_one(project)
    conversions.clear()
    build(project, strict=True)
    assert conversions == [edited]
    stored = _stored(project)
    assert text_key(edited) in stored and text_key(NOTE_TWO) in stored and text_key(NOTE_ONE) not in stored
