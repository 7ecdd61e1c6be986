"""projectfiles: the closed world (links, pipes, folders named like files) and reading once."""

from __future__ import annotations

import os
from pathlib import Path

from annotated_report.projectfiles import display_path, listing, read_text


def test_listing_matches_extensions_in_any_case_and_skips_hidden(tmp_path):
    for name in ("a.yml", "B.YML", "c.yaml", ".hidden.yml", "notes.txt", ".drafts/d.yml", "sub/e.Yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    problems: list = []
    found = listing(tmp_path, tmp_path, (".yml", ".yaml"), problems, recursive=True)
    assert [display_path(p, tmp_path) for p in found] == ["B.YML", "a.yml", "c.yaml", "sub/e.Yaml"]
    assert problems == []


def test_links_out_dangling_links_and_pipes_are_reported_not_listed(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "outside.yml").write_text("x: 1\n", encoding="utf-8")
    os.symlink(tmp_path / "outside.yml", root / "out.yml")
    os.symlink(tmp_path, root / "up")
    os.symlink(root / "missing.yml", root / "gone.yml")
    os.mkfifo(root / "pipe.yml")
    (root / "real.yml").write_text("x: 1\n", encoding="utf-8")
    os.symlink(root / "real.yml", root / "again.yml")  # inside: followed, but read once
    problems: list = []
    found = listing(root, root, (".yml",), problems, recursive=True)
    assert [display_path(p, root) for p in found] == ["real.yml"]
    assert sorted((p.file, p.message.split(";")[0].split(",")[0]) for p in problems) == [
        ("gone.yml", "this is a link to something that does not exist"),
        ("out.yml", f"this is a link to {(tmp_path / 'outside.yml').resolve()}"),
        ("pipe.yml", "this is not a regular file (a device or a pipe)"),
        ("up", f"this is a link to {tmp_path.resolve()}"),
    ]


def test_a_folder_named_like_a_file_is_reported_when_not_descending(tmp_path):
    (tmp_path / "x.txt").mkdir()
    problems: list = []
    assert listing(tmp_path, tmp_path, (".txt",), problems, recursive=False) == []
    assert [(p.file, p.message) for p in problems] == [("x.txt", "this is a folder, not a file; it was skipped.")]


def test_read_text_strips_a_byte_order_mark_and_caps_the_size(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfHello\n")
    problems: list = []
    assert read_text(path, "a.txt", problems, limit=100) == "Hello\n"
    assert read_text(path, "a.txt", problems, limit=3) is None
    assert [str(p) for p in problems] == ["a.txt: the file is 9 bytes; the limit is 3. Split it into smaller files."]


def test_read_text_names_the_line_of_a_bad_byte(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"ok\nok\ncaf\xe9\n")
    problems: list = []
    assert read_text(path, "a.txt", problems, limit=100) is None
    assert [str(p) for p in problems] == ["a.txt:3: the text is not UTF-8 (byte 9). Save the file as UTF-8."]


def test_display_path_outside_the_project_is_relative(tmp_path):
    assert display_path(tmp_path / "elsewhere" / "a.yml", tmp_path / "project") == "../elsewhere/a.yml"
    assert display_path(Path(tmp_path / "project" / "a.yml"), tmp_path / "project") == "a.yml"
