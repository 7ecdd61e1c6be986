"""Under `mkdocs serve`, loading parses and validates only the annotation files whose text changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotated_report import loading, yamlfile

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copytree(REPO / "annotations", tmp_path / "annotations")
    return tmp_path


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts handed to the YAML parser, in order (the real parser still runs)."""
    seen: list[str] = []
    real = yamlfile.parse

    def counting(text: str):  # type: ignore[no-untyped-def]
        seen.append(text)
        return real(text)

    monkeypatch.setattr(yamlfile, "parse", counting)
    return seen


def _load(root: Path, kept: dict | None = None) -> loading.Loaded:  # type: ignore[type-arg]
    return loading.load(root / "seeds", root / "annotations", root, parsed=kept)


def _summary(loaded: loading.Loaded) -> tuple[object, ...]:
    return (loaded.problems, loaded.annotations, loaded.exemptions, loaded.topics, loaded.terms,
            loaded.left_out, sorted(loaded.written_ids), loaded.broken_ids)


def test_a_rebuild_parses_only_the_edited_file_and_gives_what_a_fresh_load_gives(project, parsed):
    files = sorted((project / "annotations").rglob("*.yml"))
    assert len(files) >= 2
    kept: dict = {}  # type: ignore[type-arg]
    first = _load(project, kept)
    annotation_parses = len(parsed)
    assert annotation_parses >= len(files)
    texts = {path.read_text(encoding="utf-8") for path in files}
    parsed.clear()
    assert _summary(_load(project, kept)) == _summary(first)
    assert not texts & set(parsed)  # no annotation file parsed again (only the seeds' sidecars)
    edited = files[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nbogus_section: 1\n", encoding="utf-8")
    parsed.clear()
    again = _load(project, kept)
    assert [text for text in parsed if text in texts or "bogus_section" in text] == [edited.read_text(encoding="utf-8")]
    assert _summary(again) == _summary(_load(project))
    assert any("bogus_section" in problem.message for problem in again.problems)


def test_a_deleted_file_is_forgotten(project, parsed):
    kept: dict = {}  # type: ignore[type-arg]
    _load(project, kept)
    (gone,) = [path for path in (project / "annotations").rglob("*.yml") if path.name == "topics.yml"]
    assert "annotations/topics.yml" in kept
    gone.unlink()
    after = _load(project, kept)
    assert "annotations/topics.yml" not in kept
    assert not after.topics


def test_a_one_off_build_keeps_nothing(project, parsed):
    _load(project)
    count = len(parsed)
    _load(project)
    assert len(parsed) == 2 * count  # nothing passed in, nothing kept
