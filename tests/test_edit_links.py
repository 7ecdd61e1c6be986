"""Edit links: with `repo_url` and `edit_uri`, a report page edits its seed's sidecar, a
topic page the topics file, each note its YAML file at its line; without them, none."""

from __future__ import annotations

from helpers import build, make_project
from htmltext import parse, with_attr, with_class

ANNOTATIONS = {"one.yml": """\
document: one
annotations:
  - id: one-claim
    type: claim
    quote: "first report"
    note: "Note one."
    topics: [prosecutions]
"""}


def edit_button(page) -> str | None:  # type: ignore[no-untyped-def]
    found = page.find(lambda e: e.tag == "a" and "md-content__button" in e.classes)
    return None if found is None else found.get("href")


def test_generated_pages_and_notes_link_to_the_files_an_editor_changes(tmp_path):
    root = make_project(tmp_path, ANNOTATIONS, seeds={"one": "The first report text.\n"}, with_cambodia=False)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("features: [content.tooltips]", "features: [content.tooltips, content.action.edit]")
    (root / "mkdocs.yml").write_text(config + "repo_url: https://github.com/o/r\nedit_uri: edit/main/docs/\n", encoding="utf-8")
    result = build(root, strict=True)
    assert not result.aborted and result.warnings == []
    base = "https://github.com/o/r/edit/main/"
    report = parse(result.page("reports/one/"))
    assert edit_button(report) == f"{base}seeds/one.yml"
    (note,) = report.find_all(with_attr("data-annotation-note", "one-claim"))
    (link,) = note.find(with_class("ar-note__edit")).find_all(lambda e: e.tag == "a")
    assert link.get("href") == f"{base}annotations/one.yml#L3"
    assert edit_button(parse(result.page("topics/prosecutions/"))) == f"{base}annotations/topics.yml"
    assert edit_button(parse(result.page("claims/"))) is None  # made from many files: no single one to edit
    assert edit_button(parse(result.page(""))) == f"{base}docs/index.md"


def test_without_a_repository_there_are_no_edit_links(tmp_path):
    root = make_project(tmp_path, ANNOTATIONS, seeds={"one": "The first report text.\n"}, with_cambodia=False)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("[content.tooltips]", "[content.tooltips, content.action.edit]"), encoding="utf-8")
    result = build(root, strict=True)
    report = parse(result.page("reports/one/"))
    assert edit_button(report) is None
    assert report.find(with_class("ar-note__edit")) is None
