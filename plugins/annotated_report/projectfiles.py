"""The closed world: which files of the project are read, how, and how outputs are written.

A build reads only regular files inside the project folder. A link (symlink) that leads
outside it, a dangling link, a loop of links, a device or a pipe is refused with a message,
so a seed linked to a system file can never end up on the site. Links that stay inside the
project are followed (a file reached twice is read once). Extensions match in any case
(`NOTES.YML`), hidden files and folders are skipped, and sizes are capped (see `limits`).

Listing only decides what to try; `read_file` decides what is read. It opens the file
without following a last link (`O_NOFOLLOW`), without waiting on a pipe (`O_NONBLOCK`), and
checks the file it has open, not the name: a regular file, one link to it (a hard link
would be a way to publish a file from elsewhere), within the size limit, and still the file
the name leads to inside the project. A file swapped for a link between the listing and
the read is refused, never published.

Outputs are written whole or not at all (`write_atomic`): a failed build leaves the
previous file, never a truncated one.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from .limits import MAX_SEED_BYTES, safe_repr
from .model import Problem

#: How every file of the project is opened: no link followed at the last step, no wait on a pipe.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 20


def real_path(path: Path) -> Path:
    """`path` with every link followed; a loop or a missing part is left as it is (unlike
    `Path.resolve`, which raises RuntimeError on a loop). OSError only when a link on the way
    is swapped for a file while it is followed."""
    return Path(os.path.realpath(path))


def display_path(path: Path, root: Path) -> str:
    """A path as editors see it in messages: relative to the project when possible (links not followed)."""
    absolute, absolute_root = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    if absolute.is_relative_to(absolute_root):
        return absolute.relative_to(absolute_root).as_posix()
    resolved, resolved_root = inside_name(path), inside_name(root)  # links followed: a look at the disk, only when needed
    if resolved.is_relative_to(resolved_root):
        return resolved.relative_to(resolved_root).as_posix()
    return Path(os.path.relpath(absolute, absolute_root)).as_posix()


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, is inside the project folder (False when it cannot be told)."""
    try:
        return real_path(path).is_relative_to(real_path(root))
    except OSError:  # a link swapped while it was followed
        return False


def inside_name(path: Path) -> Path:
    """What `path` leads to, to tell two names of one file apart; `path` itself when a link on
    the way changes while it is followed (`read_file` then refuses it)."""
    try:
        return real_path(path)
    except OSError:
        return path


def loops(path: Path) -> bool:
    """Whether the links on the way to `path` go round in a loop (`self.yml -> self.yml`)."""
    try:
        os.stat(path)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def listing(folder: Path, root: Path, suffixes: tuple[str, ...] | None, problems: list[Problem], *, recursive: bool) -> list[Path]:
    """Regular files under `folder` whose name ends in one of `suffixes` (any case; None: every
    file), sorted. Nothing outside the project is listed: not `folder` itself, not a folder a link leads to."""
    if not inside(folder, root):
        problems.append(Problem(
            display_path(folder, root), None, "this folder is outside the project; it was not read.",
            hint="Keep seeds/ and annotations/ inside the project folder.",
        ))
        return []
    found: list[Path] = []
    visited: set[Path] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            real = real_path(current)
            if real in visited:  # a link back to a folder already read
                continue
            visited.add(real)
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as error:
            problems.append(Problem(display_path(current, root), None, f"the folder cannot be read ({safe_repr(error.strerror)})."))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            wanted = suffixes is None or entry.name.lower().endswith(suffixes)
            try:
                kind = _kind(entry, path, root, wanted, recursive, problems)
            except OSError as error:  # a file that changed or vanished while being listed
                problems.append(Problem(display_path(path, root), None, f"this cannot be read ({safe_repr(error.strerror)}); it was skipped."))
                continue
            if kind == "folder":
                if recursive:
                    pending.append(path)
                elif wanted:
                    problems.append(Problem(display_path(path, root), None, "this is a folder, not a file; it was skipped.", hint="Rename the folder."))
            elif wanted and kind == "file":
                found.append(path)
            elif wanted and kind == "other":
                problems.append(Problem(display_path(path, root), None, "this is not a regular file (a device or a pipe); it was skipped."))
    # A file reached twice (directly and through a link inside the project) is read once.
    unique: dict[Path, Path] = {}
    for path in sorted(found, key=lambda p: (p.is_symlink(), display_path(p, root))):
        unique.setdefault(inside_name(path), path)
    return sorted(unique.values(), key=lambda p: display_path(p, root))


def _kind(entry: os.DirEntry[str], path: Path, root: Path, wanted: bool, recursive: bool, problems: list[Problem]) -> str | None:
    """'folder', 'file' or 'other' for what the entry is (links inside the project followed);
    None for a link that is not followed, reported when it may matter (a wanted name, a
    folder out of the project, a loop where folders are read)."""
    if entry.is_symlink():
        problem = link_problem(path, root)
        if problem is not None:
            if wanted or real_path(path).is_dir() or (recursive and loops(path)):
                problems.append(problem)
            return None
    mode = os.stat(path).st_mode  # the link's target: inside the project
    return "folder" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def link_problem(path: Path, root: Path) -> Problem | None:
    """Why the link at `path` is not followed (a loop, nothing, outside the project), or None."""
    shown = display_path(path, root)
    if loops(path):
        return Problem(
            shown, None, "this is a link that leads round in a loop (back to itself, through other links or not); it was skipped.",
            hint="Remove the link, or point it at a file inside the project.",
        )
    target = real_path(path)
    if not os.path.lexists(target) or not target.exists():
        return Problem(shown, None, "this is a link to something that does not exist; it was skipped.", hint="Remove the link or restore its target.")
    if not target.is_relative_to(real_path(root)):
        return Problem(
            shown, None, f"this is a link to {safe_repr(str(target), 200)}, outside the project; it was not read.",
            hint="Only files inside the project are published: copy the file into the project instead of linking to it.",
        )
    return None


def read_file(path: Path, root: Path, shown: str, problems: list[Problem], *, limit: int) -> bytes | None:
    """The file's bytes, checked on the open file itself, or None after saying why not."""
    try:
        if os.path.islink(path) and (problem := link_problem(path, root)) is not None:
            problems.append(problem)
            return None
        target, real_root = os.path.realpath(path), os.path.realpath(root)  # strings: this runs for every file
        if not _within(target, real_root):  # a folder on the way leads out
            problems.append(Problem(shown, None, f"this leads to {safe_repr(target, 200)}, outside the project; it was not read."))
            return None
        handle = os.open(target, _READ_FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP:  # the last step became a link since it was looked at
            problems.append(_changed(shown))
        else:
            problems.append(Problem(shown, None, f"the file cannot be read ({safe_repr(error.strerror)})."))
        return None
    try:
        return _read_open(handle, path, real_root, shown, problems, limit)
    except OSError as error:
        problems.append(Problem(shown, None, f"the file cannot be read ({safe_repr(error.strerror)})."))
        return None
    finally:
        os.close(handle)


def _read_open(handle: int, path: Path, real_root: str, shown: str, problems: list[Problem], limit: int) -> bytes | None:
    opened = os.fstat(handle)
    if not stat.S_ISREG(opened.st_mode):
        problems.append(Problem(shown, None, "this is not a regular file (a device or a pipe); it was skipped."))
        return None
    # The file open is still the one the name leads to, inside the project: a name swapped for
    # a link (or a folder on the way swapped for one) since it was checked is refused.
    if not _still_inside(handle, opened, path, real_root):
        problems.append(_changed(shown))
        return None
    if opened.st_nlink > 1:
        problems.append(Problem(
            shown, None, f"this file has {opened.st_nlink} hard links: the same file is also elsewhere, perhaps outside the project; it was not read.",
            hint="Replace it with a copy of its own (copy it, delete the original name here, rename the copy).",
        ))
        return None
    if opened.st_size > limit:
        problems.append(_too_large(shown, opened.st_size, limit))
        return None
    chunks: list[bytes] = []
    size = 0
    while size <= limit and (chunk := os.read(handle, min(_CHUNK, limit + 1 - size))):
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:  # it grew while being read
        problems.append(_too_large(shown, size, limit))
        return None
    return b"".join(chunks)


def _still_inside(handle: int, opened: os.stat_result, path: Path, real_root: str) -> bool:
    """Whether the open file is inside the project. Linux names the open file itself
    (`/proc/self/fd/N`, one call); elsewhere the name is followed again and must lead to the
    same file (device and inode: with one link to it, no other name can share them)."""
    try:
        named = os.readlink(f"/proc/self/fd/{handle}")
    except OSError:
        named = None
    if named is not None and named.startswith("/"):  # " (deleted)" and other forms fail the check below
        return _within(named, real_root) and not named.endswith(" (deleted)")
    try:
        again = os.path.realpath(path)
        now = os.stat(again)
    except OSError:
        return False
    return _within(again, real_root) and (now.st_dev, now.st_ino) == (opened.st_dev, opened.st_ino)


def _within(path: str, folder: str) -> bool:
    """`Path.is_relative_to` for two real paths as strings, without pathlib's parsing."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _changed(shown: str) -> Problem:
    return Problem(
        shown, None, "the file was replaced (by a link, or a folder on its way by a link) while it was being read; it was not read.",
        hint="Build again once the files stop changing; a link must lead to a file inside the project.",
    )


def _too_large(shown: str, size: int, limit: int) -> Problem:
    return Problem(shown, None, f"the file is {size:,} bytes; the limit is {limit:,}.", hint="Split it into smaller files.")


def read_text(path: Path, shown: str, problems: list[Problem], *, limit: int, root: Path) -> str | None:
    """The file's text (UTF-8, a leading byte-order mark removed), or None after saying why not."""
    data = read_file(path, root, shown, problems, limit=limit)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.append(Problem(shown, line, f"the text is not UTF-8 (byte {error.start}).", hint="Save the file as UTF-8."))
        return None
    return text.removeprefix("\ufeff")


def fingerprint(folders: Sequence[Path], root: Path) -> str:
    """One hash over what a build would read below `folders`: each file's place and content, and
    every refusal (a link out, a loop), through the same listing and reading as the build, so
    nothing outside the project is opened or hashed. Under `mkdocs serve`, a rebuild whose
    fingerprint is unchanged can reuse the last Site."""
    digest = hashlib.blake2b(digest_size=20)
    for folder in folders:
        digest.update(b"\0folder\0" + str(folder).encode("utf-8", "surrogatepass"))
        problems: list[Problem] = []
        if not inside(folder, root) or not folder.is_dir():
            digest.update(b"\0outside or missing\0")
            continue
        for path in listing(folder, root, None, problems, recursive=True):
            shown = display_path(path, root)
            data = read_file(path, root, shown, problems, limit=MAX_SEED_BYTES)
            digest.update(shown.encode("utf-8", "surrogatepass") + b"\0")
            digest.update(b"\0unread\0" if data is None else hashlib.blake2b(data, digest_size=20).digest())
        for problem in problems:
            digest.update(str(problem).encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def write_atomic(path: Path, chunks: Iterable[str | bytes], *, fsync: bool = False) -> None:
    """Write `chunks` (text as UTF-8) to `path` whole or not at all: into a new temporary file
    beside it, then renamed over it. If making the chunks fails, the temporary file is removed
    and `path` is left as it was (absent, or the previous build's file), never truncated."""
    handle, temporary = _create_beside(path)
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                out.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            if fsync:
                out.flush()
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create_beside(path: Path) -> tuple[int, Path]:
    """A new, empty, hidden file in `path`'s folder, with the permissions an ordinary new file
    gets (the umask applies, unlike `tempfile.mkstemp`'s 0600, which a web server may not read)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))
