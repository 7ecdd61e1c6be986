"""What one process keeps from build to build: one object, owned by an adapter, passed in.

The MkDocs plugin owns a `Session` for its lifetime (one per `mkdocs serve`, a fresh one per
one-off build); the `pages --watch` command owns one while it watches. Nothing else in the
package keeps state between calls: a function that reuses earlier work takes the session
(or the part of it it needs) as an argument, so what a build reuses is visible at the call.

Every cache here is keyed by what its value is made of, never by time:

* `build`: what `build_site` keeps (`build.BuildMemo`: parsed files, prepared documents,
  placements);
* `site`: the checked `Site`, by a hash of every input file and the rule settings;
* `pages`: each generated page's HTML, by a hash of the inputs the page declares, and
  `unindented`: each as written, by a hash of the theme's output around it;
* `digests`: a hash of each annotation's `repr` (what page fingerprints are made of), by object identity;
* `markdown_store`: notes' rendered Markdown on disk (`cache_dir`), and `export_items`, each
  annotation's W3C item as JSON.

`keep=False` (a one-off build) keeps only the site and the Markdown store for the one build.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .build import BuildMemo
from .exports import ItemCache
from .model import Site
from .pages import SearchRecord
from .render.markdown_store import MarkdownStore


@dataclass
class Session:
    """Everything kept between builds of one process (see the module's docstring)."""

    #: True under `mkdocs serve` or `pages --watch`: this object builds again.
    keep: bool = False
    build: BuildMemo = field(default_factory=BuildMemo)
    site_key: str | None = None
    site: Site | None = None
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    records: dict[str, tuple[str, list[SearchRecord]]] = field(default_factory=dict)
    #: Each generated page as written (`SitePlan.unindented`), by URL, with a hash of the theme's output it came from.
    unindented: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    #: A hash of each annotation's `repr` by the object's identity, this build's and the last one's.
    digests: dict[int, tuple[Any, str]] = field(default_factory=dict)
    digests_before: dict[int, tuple[Any, str]] = field(default_factory=dict)
    markdown_store: MarkdownStore | None = None
    export_items: ItemCache | None = None
    #: Milliseconds of the plugin's own work in the last build, by phase (load, pages, render).
    timings: dict[str, float] = field(default_factory=dict)
    #: Pages of the last build that came from `pages` unchanged.
    page_hits: int = 0
    #: The last build's worker process (`worker.py`): its CPU milliseconds and private memory (KiB).
    worker: dict[str, float] = field(default_factory=dict)

    def reset(self) -> None:
        """Forget everything: the one reset (after `mkdocs serve`, the object builds one-off)."""
        keep = self.keep
        self.__init__()  # type: ignore[misc]
        self.keep = keep

    def start_build(self) -> None:
        """A new build: its own timings; a one-off session keeps nothing from an earlier build."""
        self.timings = {}
        self.page_hits = 0
        self.worker = {}
        self.digests_before, self.digests = self.digests, {}  # what no page of this build uses is let go after it
        if not self.keep:
            keep_store = self.markdown_store
            self.reset()
            self.markdown_store = keep_store

    def digest_of(self, annotation: Any) -> str:
        """A hash of the annotation's `repr`, made once per object (under serve, `build_site`
        reuses the annotations whose file and document did not change)."""
        kept = self.digests.get(id(annotation))
        if kept is None or kept[0] is not annotation:
            kept = self.digests_before.get(id(annotation))
            if kept is None or kept[0] is not annotation:
                kept = (annotation, hashlib.blake2b(repr(annotation).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest())
            self.digests[id(annotation)] = kept
        return kept[1]

    def end_build(self) -> None:
        """The build's pages are written: a one-off session lets its site and what was made
        from it go (under serve they are what the next build reuses)."""
        if not self.keep:
            self.site, self.site_key, self.digests_before, self.digests = None, None, {}, {}

    def site_for(self, key: str | None, build: Callable[[], Site]) -> Site:
        """The checked site, reused while no input file and no rule setting changed (`key`, a
        fingerprint of them; None: build it)."""
        if key is None or self.site is None or key != self.site_key:
            self.site, self.site_key = build(), key
        return self.site

    @contextmanager
    def timed(self, phase: str) -> Iterator[None]:
        """Adds the time spent inside to `timings[phase]` (milliseconds)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[phase] = self.timings.get(phase, 0.0) + (time.perf_counter() - start) * 1000

    def summary(self, store: MarkdownStore | None = None) -> str:
        """The build's timings and reuse, for `mkdocs build -v` (`store`: the Markdown store it used)."""
        phases = ", ".join(f"{name} {ms:.0f} ms" for name, ms in self.timings.items())
        reused = f"; {store.hits} rendered note(s) from {store.folder.relative_to(store.root).as_posix()}" if store is not None else ""
        return (f"annotated-report timings: {phases}; total {sum(self.timings.values()):.0f} ms; "
                f"{self.page_hits} page(s) from the session{reused}")


@contextmanager
def without_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while the site is built from its files.

    Loading allocates about a million objects that live for the whole build and form no
    cycles (parsed YAML, entries, annotations, prepared texts); each full collection traced
    them all in vain: five at N = 100, ~0.1 s. Reference counting still frees what loading
    drops; the collector runs again afterwards (unless the caller had paused it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def return_freed_memory() -> None:
    """Give the pages of memory the build has freed back to the system, before the build's
    largest allocations: Material's search writes its index at `on_post_build`, and its
    entries, their JSON text and that text encoded then exist at once (the peak RSS).

    What a build frees (each page's HTML, the exports' JSON) stays in the C library's heap,
    counted in RSS, until that heap shrinks from its end; glibc's `malloc_trim` returns every
    free page inside it (8 MiB at N = 400, ~2 ms; elsewhere, as on musl, macOS or Windows,
    nothing is done)."""
    trim = malloc_trim()
    if trim is not None:
        trim(0)


def malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim` in the C library the interpreter runs on, or None elsewhere."""
    if os.name != "posix":
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim
