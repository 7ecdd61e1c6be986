"""A canary for "nothing outside the project is read": the kernel reports every open below a folder.

`Watched(folder)` asks Linux (inotify, through ctypes: no strace, no extra package) to report
each file or folder opened below `folder` while the `with` block runs; `opened` lists them.
Opening a folder to list it counts, as does opening a file without reading it. A test that
needs the canary is skipped where inotify does not exist (not Linux).
"""

from __future__ import annotations

import ctypes
import os
import struct
from pathlib import Path
from types import TracebackType

import pytest

_IN_OPEN = 0x20
_IN_ACCESS = 0x01
_IN_NONBLOCK = os.O_NONBLOCK
_IN_CLOEXEC = os.O_CLOEXEC
_EVENT = struct.Struct("iIII")


class Watched:
    """Every open (and read) below `folder` during the block, as paths relative to it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.opened: list[str] = []
        self._fd = -1
        self._watches: dict[int, Path] = {}

    def __enter__(self) -> Watched:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            self._fd = libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC)
        except (OSError, AttributeError):
            self._fd = -1
        if self._fd < 0:  # a check that cannot run must not pass quietly: this one needs Linux's inotify
            pytest.fail("inotify is not available here, so nothing can tell whether a file outside the project was opened; run the suite on Linux")
        add = libc.inotify_add_watch
        add.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        for folder in [self.folder, *(p for p in self.folder.rglob("*") if p.is_dir() and not p.is_symlink())]:
            watch = add(self._fd, os.fsencode(folder), _IN_OPEN | _IN_ACCESS)
            if watch < 0:
                raise OSError(ctypes.get_errno(), "inotify_add_watch failed", str(folder))
            self._watches[watch] = folder
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        try:
            while True:
                try:
                    data = os.read(self._fd, 65536)
                except BlockingIOError:
                    break
                offset = 0
                while offset < len(data):
                    watch, _mask, _cookie, length = _EVENT.unpack_from(data, offset)
                    name = data[offset + _EVENT.size: offset + _EVENT.size + length].rstrip(b"\0").decode(errors="replace")
                    offset += _EVENT.size + length
                    folder = self._watches.get(watch, self.folder)
                    self.opened.append((folder / name).relative_to(self.folder).as_posix() if name else folder.relative_to(self.folder).as_posix())
        finally:
            os.close(self._fd)
