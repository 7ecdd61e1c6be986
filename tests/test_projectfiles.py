"""projectfiles: the closed world (links, pipes, folders named like files) and reading once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotated_report import projectfiles
from annotated_report.projectfiles import display_path, fingerprint, listing, read_file, read_text, write_atomic
from canary import Watched


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
    assert read_text(path, "a.txt", problems, limit=100, root=tmp_path) == "Hello\n"
    assert read_text(path, "a.txt", problems, limit=3, root=tmp_path) is None
    assert [str(p) for p in problems] == ["a.txt: the file is 9 bytes; the limit is 3. Split it into smaller files."]


def test_read_text_names_the_line_of_a_bad_byte(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"ok\nok\ncaf\xe9\n")
    problems: list = []
    assert read_text(path, "a.txt", problems, limit=100, root=tmp_path) is None
    assert [str(p) for p in problems] == ["a.txt:3: the text is not UTF-8 (byte 9). Save the file as UTF-8."]


def test_display_path_outside_the_project_is_relative(tmp_path):
    assert display_path(tmp_path / "elsewhere" / "a.yml", tmp_path / "project") == "../elsewhere/a.yml"
    assert display_path(Path(tmp_path / "project" / "a.yml"), tmp_path / "project") == "a.yml"


# --- links in the tree: loops, hard links, swaps between listing and reading ---------------


def test_a_link_to_itself_and_a_loop_of_two_are_messages_not_crashes(tmp_path):
    os.symlink("self.yml", tmp_path / "self.yml")
    os.symlink("b.yml", tmp_path / "a.yml")
    os.symlink("a.yml", tmp_path / "b.yml")
    os.symlink("dir", tmp_path / "dir")  # a folder-looking loop, reported where folders are read
    (tmp_path / "real.yml").write_text("x: 1\n", encoding="utf-8")
    problems: list = []
    found = listing(tmp_path, tmp_path, (".yml",), problems, recursive=True)
    assert [display_path(p, tmp_path) for p in found] == ["real.yml"]
    loop = ("this is a link that leads round in a loop (back to itself, through other links or not); it was skipped. "
            "Remove the link, or point it at a file inside the project.")
    assert [str(p) for p in problems] == [f"{name}: {loop}" for name in ("a.yml", "b.yml", "dir", "self.yml")]
    problems = []
    assert read_text(tmp_path / "self.yml", "self.yml", problems, limit=100, root=tmp_path) is None
    assert [str(p) for p in problems] == [f"self.yml: {loop}"]


def test_a_hard_link_is_refused_with_its_count(tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text("secret: 1\n", encoding="utf-8")
    root = tmp_path / "project"
    root.mkdir()
    os.link(outside, root / "hard.yml")
    problems: list = []
    assert read_file(root / "hard.yml", root, "hard.yml", problems, limit=100) is None
    assert [str(p) for p in problems] == [
        "hard.yml: this file has 2 hard links: the same file is also elsewhere, perhaps outside the project; it was not read. "
        "Replace it with a copy of its own (copy it, delete the original name here, rename the copy)."
    ]


@pytest.fixture(params=["the kernel names the open file", "the name is followed again"])
def naming(request, monkeypatch):
    """Both ways `read_file` checks the open file: Linux's /proc/self/fd, and elsewhere the
    name followed again and compared by device and inode."""
    if request.param == "the name is followed again":
        def no_proc(path, *args, **kwargs):
            if str(path).startswith("/proc/self/fd/"):
                raise FileNotFoundError(path)
            return real_readlink(path, *args, **kwargs)

        real_readlink = os.readlink
        monkeypatch.setattr(projectfiles.os, "readlink", no_proc)
    return request.param


def _swapping_open(monkeypatch, swap):
    """`os.open` in projectfiles, with `swap()` run just before or just after it."""
    real_open = os.open

    def open_(path, flags, *args):
        return swap(lambda: real_open(path, flags, *args))

    monkeypatch.setattr(projectfiles.os, "open", open_)


def _project_with_outside(tmp_path):
    root = tmp_path / "project"
    (root / "annotations" / "sub").mkdir(parents=True)
    (root / "annotations" / "sub" / "g.yml").write_text("inside: 1\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "g.yml").write_text("SECRET: 1\n", encoding="utf-8")
    return root, outside


CHANGED = ("annotations/sub/g.yml: the file was replaced (by a link, or a folder on its way by a link) while it was being read; it was not read. "
           "Build again once the files stop changing; a link must lead to a file inside the project.")


def test_a_file_swapped_for_a_link_just_before_it_is_opened_is_not_read(tmp_path, monkeypatch, naming):
    root, outside = _project_with_outside(tmp_path)
    name = root / "annotations" / "sub" / "g.yml"

    def before(open_):
        name.unlink()
        os.symlink(outside / "g.yml", name)
        return open_()

    _swapping_open(monkeypatch, before)
    problems: list = []
    assert read_file(name, root, "annotations/sub/g.yml", problems, limit=100) is None
    assert [str(p) for p in problems] == [CHANGED]


def test_a_file_swapped_for_a_link_just_after_it_is_opened_is_not_read(tmp_path, monkeypatch, naming):
    root, outside = _project_with_outside(tmp_path)
    name = root / "annotations" / "sub" / "g.yml"

    def after(open_):
        handle = open_()
        name.unlink()
        os.symlink(outside / "g.yml", name)
        return handle

    _swapping_open(monkeypatch, after)
    problems: list = []
    assert read_file(name, root, "annotations/sub/g.yml", problems, limit=100) is None
    assert [str(p) for p in problems] == [CHANGED]


@pytest.mark.parametrize("swap_back", [False, True])
def test_a_folder_on_the_way_swapped_for_a_link_out_is_noticed_on_the_open_file(tmp_path, monkeypatch, swap_back, naming):
    # O_NOFOLLOW guards only the last step: the open file's identity catches the rest, even
    # when the folder is swapped back before the check.
    root, outside = _project_with_outside(tmp_path)
    sub = root / "annotations" / "sub"

    def swap_folder(open_):
        sub.rename(root / "annotations" / "kept")
        os.symlink(outside, sub)
        handle = open_()
        if swap_back:
            sub.unlink()
            (root / "annotations" / "kept").rename(sub)
        return handle

    _swapping_open(monkeypatch, swap_folder)
    problems: list = []
    assert read_file(sub / "g.yml", root, "annotations/sub/g.yml", problems, limit=100) is None
    assert [str(p) for p in problems] == [CHANGED]


def test_read_file_reads_an_ordinary_file_and_a_link_inside_the_project(tmp_path, naming):
    (tmp_path / "a.yml").write_text("x: 1\n", encoding="utf-8")
    os.symlink("a.yml", tmp_path / "b.yml")
    problems: list = []
    assert read_file(tmp_path / "a.yml", tmp_path, "a.yml", problems, limit=100) == b"x: 1\n"
    assert read_file(tmp_path / "b.yml", tmp_path, "b.yml", problems, limit=100) == b"x: 1\n"
    assert problems == []


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "p.yml")
    problems: list = []
    assert read_file(tmp_path / "p.yml", tmp_path, "p.yml", problems, limit=100) is None
    assert [str(p) for p in problems] == ["p.yml: this is not a regular file (a device or a pipe); it was skipped."]


# --- fingerprint: what a build would read, and nothing else ------------------------------------


def test_fingerprint_never_lists_or_opens_anything_outside_the_project(tmp_path):
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "secret.yml").write_text("secret\n", encoding="utf-8")
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "own.txt").write_text("own text\n", encoding="utf-8")
    os.symlink(outside / "deep" / "secret.yml", root / "seeds" / "linked.yml")
    os.symlink(outside / "deep", root / "seeds" / "folder")
    os.link(outside / "deep" / "secret.yml", root / "seeds" / "hard.yml")  # opened (to be refused), never hashed
    with Watched(outside) as watched:
        first = fingerprint([root / "seeds", root / "..", root / ".." / "outside"], root)
    assert watched.opened == []
    (outside / "deep" / "secret.yml").write_text("secret, changed\n", encoding="utf-8")
    assert fingerprint([root / "seeds", root / "..", root / ".." / "outside"], root) == first  # the build does not read it either


def test_fingerprint_changes_with_a_file_inside_and_with_a_new_refusal(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "own.txt").write_text("own text\n", encoding="utf-8")
    first = fingerprint([tmp_path / "seeds"], tmp_path)
    (tmp_path / "seeds" / "own.txt").write_text("own text, edited\n", encoding="utf-8")
    second = fingerprint([tmp_path / "seeds"], tmp_path)
    os.symlink("/nonexistent", tmp_path / "seeds" / "gone.txt")
    third = fingerprint([tmp_path / "seeds"], tmp_path)
    assert len({first, second, third}) == 3


def test_fingerprint_of_proc_or_a_loop_is_a_value_not_a_crash(tmp_path):
    os.symlink("loop", tmp_path / "loop")
    assert fingerprint([Path("/proc"), Path("/etc"), tmp_path / "loop"], tmp_path)


# --- writing whole or not at all -------------------------------------------------------------


def test_write_atomic_writes_text_and_bytes_with_ordinary_permissions(tmp_path):
    target = tmp_path / "out.json"
    write_atomic(target, ["caf\u00e9 ", b"bytes"])
    assert target.read_bytes() == "caf\u00e9 bytes".encode()
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_write_atomic_leaves_the_old_file_when_making_the_content_fails(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old, complete\n", encoding="utf-8")

    def chunks():
        yield "new, "
        raise RecursionError("a note too deep")

    with pytest.raises(RecursionError):
        write_atomic(target, chunks())
    assert target.read_text(encoding="utf-8") == "old, complete\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_write_atomic_replaces_a_link_instead_of_writing_through_it(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("outside\n", encoding="utf-8")
    (tmp_path / "site").mkdir()
    os.symlink(outside, tmp_path / "site" / "out.txt")
    write_atomic(tmp_path / "site" / "out.txt", ["new\n"])
    assert outside.read_text(encoding="utf-8") == "outside\n"
    assert not (tmp_path / "site" / "out.txt").is_symlink()
