"""The closed world: which files of the project are read, and how, with every refusal reported.

A build reads only regular files inside the project folder. A link (symlink) that leads
outside it, a dangling link, a device or a pipe is refused with a message, so a seed
linked to a system file can never end up on the site. Extensions match in any case
(`NOTES.YML`), hidden files and folders are skipped, and sizes are capped (see `limits`).
"""

from __future__ import annotations

import os
from pathlib import Path

from .limits import safe_repr
from .model import Problem


def display_path(path: Path, root: Path) -> str:
    """A path as editors see it in messages: relative to the project when possible (links not followed)."""
    absolute, absolute_root = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    if absolute.is_relative_to(absolute_root):
        return absolute.relative_to(absolute_root).as_posix()
    resolved, resolved_root = path.resolve(), root.resolve()  # links followed: a look at the disk, only when needed
    if resolved.is_relative_to(resolved_root):
        return resolved.relative_to(resolved_root).as_posix()
    return Path(os.path.relpath(absolute, absolute_root)).as_posix()


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, is inside the project folder."""
    return path.resolve().is_relative_to(root.resolve())


def listing(folder: Path, root: Path, suffixes: tuple[str, ...], problems: list[Problem], *, recursive: bool) -> list[Path]:
    """Regular files under `folder` whose name ends in one of `suffixes` (any case), sorted."""
    found: list[Path] = []
    visited: set[Path] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        real = current.resolve()
        if real in visited:  # a link back to a folder already read
            continue
        visited.add(real)
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as error:
            problems.append(Problem(display_path(current, root), None, f"the folder cannot be read ({safe_repr(error.strerror)})."))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            wanted = entry.name.lower().endswith(suffixes)
            if entry.is_symlink() and not _link_ok(path, root, wanted, problems):
                continue
            if path.is_dir():
                if recursive:
                    pending.append(path)
                elif wanted:
                    problems.append(Problem(display_path(path, root), None, "this is a folder, not a file; it was skipped.", hint="Rename the folder."))
            elif wanted:
                if path.is_file():
                    found.append(path)
                else:
                    problems.append(Problem(display_path(path, root), None, "this is not a regular file (a device or a pipe); it was skipped."))
    # A file reached twice (directly and through a link inside the project) is read once.
    unique: dict[Path, Path] = {}
    for path in sorted(found, key=lambda p: (p.is_symlink(), display_path(p, root))):
        unique.setdefault(path.resolve(), path)
    return sorted(unique.values(), key=lambda p: display_path(p, root))


def _link_ok(path: Path, root: Path, wanted: bool, problems: list[Problem]) -> bool:
    """A link is followed only when it leads to something that exists inside the project."""
    target = path.resolve()
    shown = display_path(path, root)
    if not target.exists():
        if wanted:
            problems.append(Problem(
                shown, None, "this is a link to something that does not exist; it was skipped.",
                hint="Remove the link or restore its target.",
            ))
        return False
    if not inside(path, root):
        if wanted or target.is_dir():
            problems.append(Problem(
                shown, None, f"this is a link to {safe_repr(str(target), 200)}, outside the project; it was not read.",
                hint="Only files inside the project are published: copy the file into the project instead of linking to it.",
            ))
        return False
    return True


def read_text(path: Path, shown: str, problems: list[Problem], *, limit: int) -> str | None:
    """The file's text (UTF-8, a leading byte-order mark removed), or None after saying why not."""
    try:
        size = path.stat().st_size
        if size > limit:
            problems.append(Problem(shown, None, f"the file is {size:,} bytes; the limit is {limit:,}.", hint="Split it into smaller files."))
            return None
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(shown, None, f"the file cannot be read ({safe_repr(error.strerror)})."))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.append(Problem(shown, line, f"the text is not UTF-8 (byte {error.start}).", hint="Save the file as UTF-8."))
        return None
    return text.removeprefix("\ufeff")
