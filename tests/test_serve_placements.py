"""Under `mkdocs serve`, `build_site` re-anchors only the annotations whose file or document
changed (the session's placements), and its site equals a fresh build's after every kind of edit."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from annotated_report.build import BuildMemo, build_site
from annotated_report.model import Site
from helpers import make_project
from test_session import fresh_build, serve_builds

REPO = Path(__file__).resolve().parent.parent
OTHER = """\
document: other
annotations:
  - {id: other-claim, type: claim, quote: "second report", note: "Note two.", related: [cases-not-advanced]}
  - {id: other-caveat, type: caveat, quote: "report text", note: "A caveat."}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copytree(REPO / "annotations", tmp_path / "annotations")
    (tmp_path / "seeds" / "other.txt").write_text("The second report text.\n\nA paragraph more.\n", encoding="utf-8")
    (tmp_path / "seeds" / "other.yml").write_text("title: Other\n", encoding="utf-8")
    (tmp_path / "annotations" / "other.yml").write_text(OTHER, encoding="utf-8")
    return tmp_path


@pytest.fixture
def serving() -> BuildMemo:
    return BuildMemo()


def _build(root: Path, memo: BuildMemo | None = None) -> Site:
    return build_site(root / "seeds", root / "annotations", root=root, memo=memo)


def _summary(site: Site) -> tuple[object, ...]:
    return (site.documents, site.annotations, site.topics, site.terms, site.exemptions, site.problems, site.left_out, site.reanchored)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same_as_fresh(root: Path, served: Site) -> None:
    assert _summary(served) == _summary(_build(root))  # a one-off build: nothing reused


def test_an_annotation_edit_reanchors_only_its_file(project, serving):
    first = {a.id: a for a in _build(project, serving).annotations}
    _replace(project / "annotations" / "other.yml", "A caveat.", "A caveat, edited.")
    second = _build(project, serving)
    for annotation in second.annotations:
        if annotation.file == "annotations/other.yml":
            assert annotation is not first[annotation.id]
        elif annotation.id != "cases-not-advanced":  # the checks may copy an annotation they change; none here
            assert annotation is first[annotation.id]
    assert second.annotation("other-caveat").note == "A caveat, edited."
    assert second.annotation("cases-not-advanced") is first["cases-not-advanced"]
    _same_as_fresh(project, second)


def test_a_seed_edit_reanchors_that_document_only(project, serving):
    first = {a.id: a for a in _build(project, serving).annotations}
    _replace(project / "seeds" / "other.txt", "The second", "Before it, the second")
    second = _build(project, serving)
    assert second.annotation("other-claim").span.start == first["other-claim"].span.start + len("Before it, ")
    assert second.annotation("other-claim") is not first["other-claim"]
    assert all(a is first[a.id] for a in second.annotations if a.document != "other")
    _same_as_fresh(project, second)


# Each edit, then a build with an unrelated edit: problems found while placing an annotation
# (a quote not found, re-anchored, ambiguous) are reported again when its placement is reused.
EDITS: dict[str, Callable[[Path], None]] = {
    "quote no longer in the text": lambda root: _replace(root / "annotations" / "other.yml", '"report text"', '"report texts"'),
    "quote found twice": lambda root: _replace(root / "seeds" / "other.txt", "A paragraph more.", "A report text more."),
    "seed rewritten under its annotations": lambda root: _replace(root / "seeds" / "other.txt", "second report text", "second reports text"),
    "id used twice": lambda root: _replace(root / "annotations" / "other.yml", "id: other-caveat", "id: cases-not-advanced"),
    "link to an id that goes": lambda root: _replace(root / "annotations" / "other.yml", "[cases-not-advanced]", "[other-caveat]"),
    "file deleted": lambda root: (root / "annotations" / "other.yml").unlink(),
    "seed deleted": lambda root: (root / "seeds" / "other.txt").unlink(),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_every_kind_of_edit_gives_what_a_fresh_build_gives(project, serving, name):
    _build(project, serving)
    EDITS[name](project)
    _same_as_fresh(project, _build(project, serving))
    if (project / "annotations" / "other.yml").exists():
        _replace(project / "annotations" / "other.yml", "Note two.", "Note two, again.")
    else:
        _replace(project / "annotations" / "topics.yml", "title:", "title: ", )
    third = _build(project, serving)
    _same_as_fresh(project, third)


def test_a_one_off_build_keeps_no_placements(project):
    _build(project)  # no memo passed: nothing can be kept
    memo = BuildMemo()
    _build(project, memo)
    assert memo.placements and memo.parsed and memo.indexes  # what a serving session keeps


GLOSSARY = "terms:\n  - {term: Report, definition: A published text.}\n"


@pytest.mark.parametrize("edit", ["seed", "sidecar", "annotation", "topics", "glossary"])
def test_a_served_site_equals_a_fresh_build_after_each_edit(tmp_path, edit):
    one = "document: one\nannotations:\n  - {id: one-claim, type: claim, quote: \"first report\", note: \"Note one.\", topics: [prosecutions]}\n"
    two = "document: two\nannotations:\n  - {id: two-claim, type: caveat, quote: \"second report\", note: \"Note two.\", related: [one-claim]}\n"
    seeds = {"one": "The first report text.\n", "two": "The second report text.\n"}
    root = make_project(tmp_path / "served", {"one.yml": one, "two.yml": two, "glossary.yml": GLOSSARY}, seeds=seeds, with_cambodia=False)
    edits = {
        "seed": lambda: _replace(root / "seeds" / "one.txt", "The first", "Now the first"),
        "sidecar": lambda: _replace(root / "seeds" / "one.yml", "title: One", "title: One, retitled"),
        "annotation": lambda: _replace(root / "annotations" / "one.yml", "Note one.", "Note one, edited."),
        "topics": lambda: _replace(root / "annotations" / "topics.yml", "title: Prosecutions", "title: Court cases"),
        "glossary": lambda: _replace(root / "annotations" / "glossary.yml", "A published text.", "A text made public."),
    }
    _, served = serve_builds(root, edits[edit])
    copy = tmp_path / "fresh"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site"))
    assert fresh_build(copy) == served
