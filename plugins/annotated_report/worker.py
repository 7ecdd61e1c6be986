"""Calls run ahead in a forked process, their results taken in the parent by key.

A cold build is one process on one core: the generator renders each page's template, and the
core renders each generated page's body just before. Both are CPU work of about the same size
(~1 s each at 100 documents), and a build machine has two cores or more. So a one-off build
forks once its plan is made: the child makes the generated pages' bodies and search records in
the order the generator asks for them, then the exports, and sends each result down a pipe; a
thread of the parent reads the pipe into a dict, and the parent takes each result from there
when it needs it (waiting if the child has not reached it yet).

The child runs the same code on a copy of the same plan, so what it sends is what the parent
would have made: `tests/test_worker.py` builds sites both ways and compares every file. When
the child fails (an exception, a crash, a kill), `take` answers `MISSING` and the caller makes
that result itself: a worker can make a build faster, never different. `ForkedCalls.start`
returns None wherever a fork is not safe and cheap: without `os.fork` (Windows), when another
thread is running (a fork copies locks that thread may hold), or off Linux (macOS forks are
unsafe with system frameworks loaded).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Final

#: `take`'s answer for a key the child did not send (it failed, or never had the call).
MISSING: Final = object()
_HEADER = struct.Struct("<Q")
#: Keys of the child's own reports, apart from the callers' keys.
_FAILED, _MEMORY = "\0failed", "\0memory"


class ForkedCalls:
    """A forked child running `calls` in order; the parent takes each result by its key."""

    def __init__(self, pid: int, read_fd: int) -> None:
        self._pid = pid
        self._results: dict[str, object] = {}
        self._arrived = threading.Condition()
        self._ended = False
        self.failure: str | None = None  # what the child reported before it stopped, if it failed
        self.private_kib = 0  # the child's private memory at its end (copied-on-write pages and its own heap)
        self.cpu_ms = 0.0  # the child's CPU time
        self._reader = threading.Thread(target=self._read, args=(read_fd,), name="annotated-report worker pipe", daemon=True)
        self._reader.start()  # last: it sets the attributes above

    @classmethod
    def start(cls, calls: Iterable[tuple[str, Callable[[], object]]]) -> ForkedCalls | None:
        """Fork a child that runs each call and sends (key, result); None where forking is not safe."""
        if not sys.platform.startswith("linux") or not hasattr(os, "fork") or threading.active_count() > 1:
            return None
        read_fd, write_fd = os.pipe()
        gc.freeze()  # the objects both share stay out of the collector: fewer pages copied on write
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            gc.unfreeze()
            return None
        if pid == 0:  # the child never returns from here
            os.close(read_fd)
            _run_child(calls, write_fd)
        gc.unfreeze()
        os.close(write_fd)
        return cls(pid, read_fd)

    def take(self, key: str, *, wait: bool = True) -> object:
        """The result sent for `key` (handed over once), waiting until it arrives; `MISSING`
        when the child ended without it (or, with `wait=False`, has not sent it yet)."""
        with self._arrived:
            while wait and key not in self._results and not self._ended:
                self._arrived.wait()
            return self._results.pop(key, MISSING)

    def join(self) -> None:
        """Wait until the child has sent everything it will send (its end of the pipe closed)."""
        self._reader.join()

    def close(self, *, stop: bool = False) -> None:
        """Wait for the child to end (`stop`: end it now, its work is no longer needed) and reap
        it; results not taken are dropped."""
        if stop:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
        self._reader.join()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)
        self._results.clear()

    def _read(self, read_fd: int) -> None:
        with os.fdopen(read_fd, "rb") as stream:
            try:
                while header := stream.read(_HEADER.size):
                    if len(header) < _HEADER.size:
                        break
                    (size,) = _HEADER.unpack(header)
                    frame = stream.read(size)
                    if len(frame) < size:
                        break
                    key, value = pickle.loads(frame)
                    if key == _FAILED:
                        self.failure = str(value)
                    elif key == _MEMORY:
                        self.private_kib, self.cpu_ms = value
                    else:
                        with self._arrived:
                            self._results[key] = value
                            self._arrived.notify_all()
            except Exception as error:  # a damaged frame: the parent makes what is missing itself
                self.failure = f"the worker's results could not be read ({type(error).__name__})"
            finally:
                with self._arrived:
                    self._ended = True
                    self._arrived.notify_all()


def _run_child(calls: Iterable[tuple[str, Callable[[], object]]], write_fd: int) -> None:
    """The child: run the calls in order, send each result, report its memory, and exit without
    running the parent's exit handlers or flushing its buffers (they are the parent's)."""
    status = 0
    try:
        with os.fdopen(write_fd, "wb", buffering=1 << 20) as stream:
            def send(key: str, value: object) -> None:
                frame = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
                stream.write(_HEADER.pack(len(frame)))
                stream.write(frame)

            try:
                for key, call in calls:
                    send(key, call())
                    stream.flush()
            except BaseException as error:  # reported, then the parent makes the rest itself
                send(_FAILED, f"{type(error).__name__}: {error}")
                status = 1
            send(_MEMORY, (private_kib(), time.process_time() * 1000))
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def private_kib() -> int:
    """This process's private resident memory in KiB (Linux' smaps_rollup), 0 when unknown."""
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as rollup:
            return sum(int(line.split()[1]) for line in rollup if line.startswith(("Private_Clean:", "Private_Dirty:")))
    except (OSError, ValueError, IndexError):
        return 0
