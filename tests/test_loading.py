"""loading: seeds and annotation files from disk, every file problem reported and located."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from annotated_report.loading import annotation_files, load, split_paragraphs
from helpers import SEED


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def project(tmp_path: Path, files: dict[str, str | bytes], *, seed: bool = True) -> Path:
    (tmp_path / "seeds").mkdir(exist_ok=True)
    (tmp_path / "annotations").mkdir(exist_ok=True)
    if seed:
        write(tmp_path / "seeds" / "doc.txt", "First paragraph, with the word alpha.\nSecond paragraph: beta and gamma.\n")
        write(tmp_path / "seeds" / "doc.yml", "title: A document\n")
    for name, text in files.items():
        write(tmp_path / name, text)
    return tmp_path


def load_project(root: Path):
    return load(root / "seeds", root / "annotations", root)


def problems_in(loaded, file: str) -> list:
    return [problem for problem in loaded.problems if problem.file == file]


# --- split_paragraphs -----------------------------------------------------------------------


def test_split_paragraphs_offsets_and_numbers():
    text = "One.\nTwo two.\nThree."
    paragraphs = split_paragraphs(text)
    assert [(p.number, p.start, p.text) for p in paragraphs] == [(1, 0, "One."), (2, 5, "Two two."), (3, 14, "Three.")]
    assert paragraphs[-1].end == len(text)  # no trailing newline: the last paragraph still counts


def test_split_paragraphs_skips_blank_and_whitespace_only_lines():
    text = "\n\nOne.\n \t \n\nTwo.\n\n"
    paragraphs = split_paragraphs(text)
    assert [(p.number, p.text) for p in paragraphs] == [(1, "One."), (2, "Two.")]
    for paragraph in paragraphs:
        assert text[paragraph.start : paragraph.end] == paragraph.text


def test_split_paragraphs_crlf():
    text = "One.\r\n\r\nTwo.\r\nThree.\r\n"
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == ["One.", "Two.", "Three."]
    for paragraph in paragraphs:
        assert text[paragraph.start : paragraph.end] == paragraph.text
    assert paragraphs[1].start == text.index("Two.")


def test_split_paragraphs_keeps_leading_spaces_and_the_lines_own_characters():
    text = "  indented line\u2014with a dash\nnext"
    paragraphs = split_paragraphs(text)
    assert paragraphs[0].text == "  indented line\u2014with a dash"


def test_split_paragraphs_empty():
    assert split_paragraphs("") == ()
    assert split_paragraphs("\n \n") == ()


def test_split_paragraphs_of_the_real_seed():
    text = SEED.read_text(encoding="utf-8")
    paragraphs = split_paragraphs(text)
    assert len(paragraphs) == 7
    assert [p.text for p in paragraphs] == [line for line in text.split("\n") if line.strip()]
    for paragraph in paragraphs:
        assert text[paragraph.start : paragraph.end] == paragraph.text


# --- seeds ----------------------------------------------------------------------------------


def test_a_seed_and_its_sidecar(tmp_path):
    loaded = load_project(project(tmp_path, {}))
    assert loaded.problems == []
    (document,) = loaded.documents
    assert document.slug == "doc"
    assert document.title == "A document"
    assert document.source_file == "seeds/doc.txt"
    assert len(document.paragraphs) == 2


def test_seed_without_sidecar(tmp_path):
    loaded = load_project(project(tmp_path, {"seeds/lonely-text.txt": "Alone.\n"}))
    (problem,) = problems_in(loaded, "seeds/lonely-text.txt")
    assert "no metadata file" in problem.message
    assert "lonely-text.yml" in problem.hint
    # The text is still published, with a title made from its name.
    assert "Lonely text" in [d.title for d in loaded.documents]


def test_sidecar_without_text(tmp_path):
    loaded = load_project(project(tmp_path, {"seeds/orphan.yml": "title: Orphan\n"}))
    (problem,) = problems_in(loaded, "seeds/orphan.yml")
    assert "does not exist (orphan.txt)" in problem.message


def test_sidecar_with_unknown_field(tmp_path):
    loaded = load_project(project(tmp_path, {"seeds/doc.yml": "title: A document\npublsher: Someone\nyear: 2022\n"}))
    (problem,) = problems_in(loaded, "seeds/doc.yml")
    assert problem.line == 2
    assert problem.message == "unknown field 'publsher'; did you mean 'publisher'?"
    (document,) = loaded.documents
    assert document.title == "A document"
    assert "publsher" not in document.metadata
    assert document.metadata["year"] == 2022


def test_sidecar_with_wrong_type_drops_only_that_field(tmp_path):
    loaded = load_project(project(tmp_path, {"seeds/doc.yml": "title: A document\nyear: twenty\norder: 2\n"}))
    (problem,) = problems_in(loaded, "seeds/doc.yml")
    assert problem.line == 2
    assert "'year' should be a whole number" in problem.message
    (document,) = loaded.documents
    assert "year" not in document.metadata
    assert document.metadata["order"] == 2


def test_sidecar_with_a_yaml_error(tmp_path):
    loaded = load_project(project(tmp_path, {"seeds/doc.yml": 'title: "unclosed\n'}))
    (problem,) = problems_in(loaded, "seeds/doc.yml")
    assert "not valid YAML" in problem.message
    assert [d.title for d in loaded.documents] == ["Doc"]


def test_non_utf8_seed(tmp_path):
    loaded = load_project(project(tmp_path, {"seeds/latin.txt": "Caf\xe9 au lait.\n".encode("latin-1"), "seeds/latin.yml": "title: Latin\n"}))
    (problem,) = problems_in(loaded, "seeds/latin.txt")
    assert "not UTF-8 (byte 3)" in problem.message
    assert "UTF-8" in problem.hint
    assert [d.slug for d in loaded.documents] == ["doc"]


@pytest.mark.parametrize(("name", "suggestion"), [("Bad Name", "bad-name"), ("report_2022", "report-2022"), ("-dash", "dash")])
def test_invalid_slug_file_name(tmp_path, name, suggestion):
    loaded = load_project(project(tmp_path, {f"seeds/{name}.txt": "Text.\n", f"seeds/{name}.yml": "title: T\n"}))
    (problem,) = problems_in(loaded, f"seeds/{name}.txt")
    assert f"'{name}' cannot be used in a web address" in problem.message
    assert f"{suggestion}.txt" in problem.hint
    assert [d.slug for d in loaded.documents] == ["doc"]


def test_missing_seeds_folder(tmp_path):
    loaded = load(tmp_path / "nowhere", tmp_path / "annotations", tmp_path)
    (problem,) = loaded.problems
    assert problem.file == "nowhere"
    assert "does not exist" in problem.message


def test_documents_are_ordered_by_order_then_slug(tmp_path):
    loaded = load_project(project(tmp_path, {
        "seeds/aaa.txt": "A.\n", "seeds/aaa.yml": "title: A\norder: 3\n",
        "seeds/zzz.txt": "Z.\n", "seeds/zzz.yml": "title: Z\norder: 1\n",
    }))
    assert [d.slug for d in loaded.documents] == ["doc", "zzz", "aaa"]


# --- annotation files -----------------------------------------------------------------------

GOOD = """\
document: doc
annotations:
  - id: {id}
    type: claim
    quote: alpha
"""


def test_annotation_files_are_found_in_subfolders_and_hidden_ones_skipped(tmp_path):
    root = project(tmp_path, {
        "annotations/top.yml": GOOD.format(id="top-level"),  # not "top": reserved for the page's own #top
        "annotations/a/b/deep.yml": GOOD.format(id="deep"),
        "annotations/other.yaml": GOOD.format(id="other"),
        "annotations/.hidden.yml": GOOD.format(id="hidden-file"),
        "annotations/.drafts/draft.yml": GOOD.format(id="hidden-folder"),
        "annotations/notes.txt": "not yaml",
    })
    files = [p.relative_to(root / "annotations").as_posix() for p in annotation_files(root / "annotations")]
    assert files == ["a/b/deep.yml", "other.yaml", "top.yml"]
    loaded = load_project(root)
    assert sorted(entry.id for entry in loaded.annotations) == ["deep", "other", "top-level"]
    assert {entry.file for entry in loaded.annotations} == {"annotations/a/b/deep.yml", "annotations/other.yaml", "annotations/top.yml"}


def test_missing_annotations_folder_is_no_problem(tmp_path):
    root = project(tmp_path, {})
    (root / "annotations").rmdir()
    loaded = load_project(root)
    assert loaded.problems == [] and loaded.annotations == []


def test_entries_keep_their_line_and_document(tmp_path):
    loaded = load_project(project(tmp_path, {"annotations/p.yml": GOOD.format(id="first") + "  - id: second\n    type: claim\n    quote: beta\n"}))
    assert [(e.id, e.line, e.document, e.file) for e in loaded.annotations] == [
        ("first", 3, "doc", "annotations/p.yml"),
        ("second", 6, "doc", "annotations/p.yml"),
    ]


def test_yaml_syntax_error_leaves_out_the_whole_file(tmp_path):
    text = GOOD.format(id="fine") + "  - id: broken\n    type: claim\n    quote: the report says: this\n"
    loaded = load_project(project(tmp_path, {"annotations/bad.yml": text, "annotations/good.yml": GOOD.format(id="good")}))
    (problem,) = problems_in(loaded, "annotations/bad.yml")
    assert problem.line == 8
    assert "not valid YAML" in problem.message
    assert "mapping values are not allowed" in problem.message
    assert 'must be in quotes' in problem.hint
    # The ids the broken file would define are read from its lines: each is counted as left out.
    assert [str(entry) for entry in loaded.left_out] == ["fine (annotations/bad.yml:3)", "broken (annotations/bad.yml:6)"]
    assert loaded.broken_ids["broken"].file == "annotations/bad.yml" and loaded.broken_ids["broken"].line == 8
    assert [entry.id for entry in loaded.annotations] == ["good"]
    assert str(problem).startswith("annotations/bad.yml:8: this is not valid YAML")


def test_yaml_syntax_error_in_a_topics_file_leaves_out_no_annotations(tmp_path):
    loaded = load_project(project(tmp_path, {"annotations/topics.yml": "topics:\n  - id: a\n    title: A: B\n"}))
    assert len(problems_in(loaded, "annotations/topics.yml")) == 1
    assert [str(entry) for entry in loaded.left_out] == []


def test_non_utf8_annotation_file(tmp_path):
    loaded = load_project(project(tmp_path, {"annotations/latin.yml": "document: doc\nnote: caf\xe9\n".encode("latin-1")}))
    (problem,) = problems_in(loaded, "annotations/latin.yml")
    assert "not UTF-8" in problem.message


def test_file_that_is_not_a_mapping(tmp_path):
    loaded = load_project(project(tmp_path, {"annotations/list.yml": "- id: a\n  type: claim\n"}))
    (problem,) = problems_in(loaded, "annotations/list.yml")
    assert problem.line == 1
    assert "should be a mapping" in problem.message


def test_file_without_document(tmp_path):
    text = "annotations:\n  - id: orphan\n    type: claim\n    quote: alpha\n"
    loaded = load_project(project(tmp_path, {"annotations/nodoc.yml": text}))
    (problem,) = problems_in(loaded, "annotations/nodoc.yml")
    assert "no 'document'" in problem.message
    assert loaded.annotations == []
    assert [str(entry) for entry in loaded.left_out] == ["orphan (annotations/nodoc.yml:2)"]


def test_file_with_an_invalid_document_slug(tmp_path):
    text = "document: Cambodia Report\nannotations:\n  - id: orphan\n    type: claim\n    quote: alpha\n"
    loaded = load_project(project(tmp_path, {"annotations/bad-doc.yml": text}))
    (problem,) = problems_in(loaded, "annotations/bad-doc.yml")
    assert problem.line == 1
    assert "'Cambodia Report' is not a valid document" in problem.message
    assert loaded.annotations == []
    assert [str(entry) for entry in loaded.left_out] == ["orphan (annotations/bad-doc.yml:3)"]


def test_duplicate_key_in_an_entry(tmp_path):
    text = GOOD.format(id="twice") + "    note: one\n    note: two\n"
    loaded = load_project(project(tmp_path, {"annotations/dup.yml": text}))
    (problem,) = problems_in(loaded, "annotations/dup.yml")
    assert problem.line == 7
    assert "'note' appears twice in the same entry (first on line 6)" in problem.message
    (entry,) = loaded.annotations
    assert entry.fields["note"] == "two"


@pytest.mark.parametrize(
    ("broken_fields", "message_part"),
    [
        ("    type: clam\n    quote: alpha\n", "not a valid type"),
        ("    type: claim\n    quote: alpha\n    prefix: 12\n", "'prefix' should be text"),
        ("    type: claim\n    quote: ''\n", "'quote' is empty"),
        ("    type: claim\n    quote: alpha\n    suffix: [a, b]\n", "'suffix' should be text"),
        ("    type: claim\n", "missing required field 'quote'"),
    ],
)
def test_entry_with_an_essential_field_error_is_left_out(tmp_path, broken_fields, message_part):
    text = "document: doc\nannotations:\n  - id: broken\n" + broken_fields + "  - id: fine\n    type: claim\n    quote: beta\n"
    loaded = load_project(project(tmp_path, {"annotations/e.yml": text}))
    (problem,) = problems_in(loaded, "annotations/e.yml")
    assert problem.id == "broken"
    assert message_part in problem.message
    assert [entry.id for entry in loaded.annotations] == ["fine"]
    assert [str(entry) for entry in loaded.left_out] == ["broken (annotations/e.yml:3)"]


def test_entry_missing_its_id_is_left_out(tmp_path):
    text = "document: doc\nannotations:\n  - type: claim\n    quote: alpha\n"
    loaded = load_project(project(tmp_path, {"annotations/e.yml": text}))
    (problem,) = problems_in(loaded, "annotations/e.yml")
    assert problem.line == 3
    assert problem.message == "missing required field 'id'."
    assert loaded.annotations == []
    assert [str(entry) for entry in loaded.left_out] == ["the entry (annotations/e.yml:3)"]


@pytest.mark.parametrize(
    ("extra", "dropped", "line"),
    [
        ("    year: '2021'\n", "year", 7),
        ("    sources:\n      - title: TIP\n        url: www.state.gov\n", "sources", 9),
        ("    topics: [Bad Topic]\n", "topics", 7),
        ("    notes: a typo for note\n", "notes", 7),
        ("    value: 'thirty-eight'\n", "value", 7),
    ],
)
def test_entry_with_an_error_in_any_field_is_left_out(tmp_path, extra, dropped, line):
    # As the README says: a plain build leaves every faulty annotation out and lists it.
    text = GOOD.format(id="kept") + "    note: Still published.\n" + extra + "  - id: fine\n    type: claim\n    quote: beta\n"
    loaded = load_project(project(tmp_path, {"annotations/e.yml": text}))
    (problem,) = problems_in(loaded, "annotations/e.yml")
    assert problem.id == "kept"
    assert problem.line == line  # the line of the wrong field, not of `- id:`
    assert [entry.id for entry in loaded.annotations] == ["fine"]
    assert [str(entry) for entry in loaded.left_out] == ["kept (annotations/e.yml:3)"]
    assert dropped in text


def test_topics_and_terms_are_loaded_with_lines(tmp_path):
    text = """\
    topics:
      - id: pandemic
        title: The pandemic
      - id: Bad Id
        title: Dropped
    terms:
      - term: MOJ
        definition: Ministry of Justice.
        aliases: [Ministry of Justice]
      - term: NGO
        definition: Non-governmental organization.
        see_also: [MOJ, MOJ]
    """
    loaded = load_project(project(tmp_path, {"annotations/meta.yml": text}))
    assert [(t.id, t.line) for t in loaded.topics] == [("pandemic", 2)]
    assert [(t.term, t.line, t.aliases, t.see_also) for t in loaded.terms] == [
        ("MOJ", 7, ("Ministry of Justice",), ()),
        ("NGO", 10, (), ()),
    ]
    lines = sorted(problem.line for problem in problems_in(loaded, "annotations/meta.yml"))
    assert lines == [4, 12]


def test_problem_paths_are_relative_to_the_project(tmp_path):
    loaded = load_project(project(tmp_path, {"annotations/sub/x.yml": "document: doc\nannotations:\n  - id: X\n    type: claim\n    quote: alpha\n"}))
    (problem,) = loaded.problems
    assert problem.file == "annotations/sub/x.yml"
    assert str(problem).startswith("annotations/sub/x.yml:3: ")


def test_sidecar_whole_numbers_written_with_a_decimal_point_stay_whole(tmp_path):
    loaded = load_project(project(tmp_path, {"seeds/doc.yml": "title: A document\nyear: 2021.0\norder: 2.0\n"}))
    assert loaded.problems == []
    (document,) = loaded.documents
    assert (document.metadata["year"], type(document.metadata["year"])) == (2021, int)
    assert (document.metadata["order"], type(document.metadata["order"])) == (2, int)


def test_annotation_year_written_with_a_decimal_point_is_a_whole_year(tmp_path):
    text = "document: doc\nannotations:\n  - id: s\n    type: statistic\n    quote: alpha\n    year: 2021.0\n"
    (entry,) = load_project(project(tmp_path, {"annotations/s.yml": text})).annotations
    assert (entry.fields["year"], type(entry.fields["year"])) == (2021, int)
    assert entry.line_of("year") == 6 and entry.line_of("unit") == 3
