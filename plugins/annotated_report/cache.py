"""Work kept between builds of one process (`mkdocs serve`), and the plugin's own timings.

Two caches, both keyed by what their result depends on, never by time:

* the `Site`, by the content hash of every input file (seeds, sidecars, annotation files):
  a rebuild caused by a Markdown page or the theme reuses it whole;
* under serve, inside `build_site`: each document's prepared text (by its text's hash) and
  each annotation's placement and published `Annotation` (by the identity of its parsed
  entry, which `loading` reuses while its file is unchanged, and of the prepared text): an
  edit re-anchors only the annotations of the file it touched;
* each generated page's HTML, by a fingerprint of the values it is made from (for a report
  page: its document, its annotations, the annotations linked to or from them, the topics
  and terms it shows, and the URL layout): after an edit, only the pages it touches are
  rendered again.

Nothing here imports MkDocs; the plugin owns one `BuildCache` for its lifetime.
"""

from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import loading
from .anchoring import DocumentIndex
from .model import Annotation, Document, Problem, Site, Span
from .urls import SiteUrls

if TYPE_CHECKING:
    from .entries import Entry
    from .reanchor import Outcome

#: Normalized documents, by slug and a hash of their text: a rebuild after an annotation
#: edit matches quotes against the same prepared texts (normalizing is the costly part).
#: Kept only under `mkdocs serve` (see `keep_between_builds`): a one-off build frees them.
_indexes: dict[str, tuple[bytes, DocumentIndex]] = {}
_keep = False


def keep_between_builds(keep: bool) -> None:
    """Turn the process-wide cache of prepared documents on (serve) or off (build)."""
    global _keep
    _keep = keep
    loading.keep_parsed(keep)
    if not keep:
        _indexes.clear()
        _placed.clear()
        _placed_now.clear()
        forget_fingerprints()


def document_index(document: Document) -> DocumentIndex:
    """The document prepared for anchoring, reused while its text is unchanged."""
    if not _keep:
        return DocumentIndex(document)
    key = hashlib.blake2b(document.text.encode("utf-8", "surrogatepass"), digest_size=20).digest()
    cached = _indexes.get(document.slug)
    if cached is not None and cached[0] == key:
        index = cached[1]
        if index.strict.text is index.document.text:  # shared with the document it was made from: share the new one's
            index.strict = dataclasses.replace(index.strict, text=document.text)
        index.document = document  # the same text; the sidecar's metadata may differ
        return index
    index = DocumentIndex(document)
    _indexes[document.slug] = (key, index)
    return index


@dataclasses.dataclass(frozen=True)
class Placed:
    """What placing one annotation entry in its document gave: its span (None: left out),
    the problems and re-anchoring outcomes reported on the way, and the published annotation."""

    entry: Entry
    index: DocumentIndex
    span: Span | None
    problems: tuple[Problem, ...]
    reanchored: tuple[Outcome, ...]
    annotation: Annotation | None


#: Placements of the last build, by the id of their entry (kept alive by `Placed.entry`, so an
#: id cannot be reused for another entry while it is here), and those of the build under way.
_placed: dict[int, Placed] = {}
_placed_now: dict[int, Placed] = {}


def placement(entry: Entry, index: DocumentIndex, place: Callable[[Entry, DocumentIndex], Placed]) -> Placed:
    """The entry's placement, reused under serve while neither the entry (its file's text) nor
    its document's text changed: anchoring is a pure function of the two."""
    if not _keep:
        return place(entry, index)
    cached = _placed.get(id(entry))
    if cached is None or cached.entry is not entry or cached.index is not index:
        cached = place(entry, index)
    _placed_now[id(entry)] = cached
    return cached


def placements_done() -> None:
    """End of a build: keep only this build's placements (an entry gone stays gone)."""
    global _placed, _placed_now
    if _keep:
        _placed, _placed_now = _placed_now, {}


def files_fingerprint(folders: Iterable[Path]) -> str:
    """One hash over the path and content of every file below the folders (hidden ones too:
    they are cheap to hash, and a wrong cache hit is worse than a rebuild)."""
    digest = hashlib.blake2b(digest_size=20)
    for folder in folders:
        if not folder.is_dir():
            digest.update(b"\0missing\0" + str(folder).encode())
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path).encode() + b"\0")
            try:
                if path.is_symlink():  # never read through a link (it may leave the project): its target's identity will do
                    target = path.resolve()
                    stat = target.stat()
                    digest.update(f"{target}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
                else:
                    digest.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
            except OSError:
                digest.update(b"\0unreadable\0")
    return digest.hexdigest()


class _Shown:
    """The text each fingerprint is made of, computed once per `Site` rather than once per page:
    a type index alone lists thousands of annotations, and most of them are on other pages too.

    An annotation's `repr` is kept from build to build by the identity of the (frozen) object:
    under serve, `build_site` reuses the annotations whose file and document did not change.
    """

    def __init__(self, site: Site, previous: dict[int, tuple[Annotation, str]]) -> None:
        self.site = site
        self.reprs: dict[int, tuple[Annotation, str]] = {}
        for annotation in site.annotations:
            kept = previous.get(id(annotation))
            self.reprs[id(annotation)] = kept if kept is not None and kept[0] is annotation else (annotation, repr(annotation))
        self.terms = repr(site.terms)
        self.topics_and_terms = _digest([repr(site.topics), self.terms])  # every report page shows both: hashed once
        self.documents = [f"{d.slug}\0{d.title}\0{hash(d.text)}" for d in site.documents]
        self.tagged: dict[str, list[Annotation]] = {}
        self.of_type: dict[str, list[Annotation]] = {}
        for annotation in site.annotations:
            for topic_id in dict.fromkeys(annotation.topics):
                self.tagged.setdefault(topic_id, []).append(annotation)
            self.of_type.setdefault(annotation.type, []).append(annotation)

    def of(self, annotations: Iterable[Annotation]) -> str:
        """The annotations' reprs, in their order (what `repr` of the list would say, item by item)."""
        return "[" + ", ".join(self.reprs[id(a)][1] for a in annotations) + "]"


_shown: _Shown | None = None


def _shown_for(site: Site) -> _Shown:
    global _shown
    if _shown is None or _shown.site is not site:
        _shown = _Shown(site, _shown.reprs if _shown is not None else {})
    return _shown


def forget_fingerprints() -> None:
    """Drop the memo of the last site (a one-off build has no next build to share it with)."""
    global _shown
    _shown = None


def report_fingerprint(slug: str, site: Site, urls: SiteUrls) -> str:
    """Everything a report page shows, as one hash: a note lists the annotations linked to
    or from it (their type, words and place), its topics' titles, and glossary terms."""
    shown = _shown_for(site)
    document = site.document(slug)
    own = site.annotations_in(slug)
    linked = {other for a in own for other in a.related} | {b.id for a in own for b in site.backlinks(a.id)}
    parts = [repr(urls), _document(document), repr(sorted(document.metadata.items(), key=str)), shown.of(own)]
    parts += [shown.reprs[id(site.annotations_by_id[i])][1] for i in sorted(linked) if i in site.annotations_by_id]
    parts.append(shown.topics_and_terms)
    return _digest(parts)


def _document(document: Document) -> str:
    """What `repr(document)` says, without its cost: the paragraphs are cut from the text
    (`loading.split_paragraphs`), so the text stands for them, unescaped and last."""
    return f"{document.slug!r}{document.title!r}{document.source_file!r}\0{document.text}"


def _digest(parts: Iterable[str]) -> str:
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def page_fingerprint(page: str, section: str, site: Site, urls: SiteUrls) -> str | None:
    """What a generated page shows, as one hash; None for a page that is not worth caching.

    A topic page shows the annotations tagged with it; a type index the annotations of its
    type; the glossary its terms and where the documents use them.
    """
    if section == "reports":
        return report_fingerprint(page.removeprefix(urls.document_page("")), site, urls)
    shown = _shown_for(site)
    if section == "glossary":
        return _digest([repr(urls), shown.terms, *shown.documents])
    if section == "topics" and page != urls.topics_index_page():
        topic_id = page.removeprefix(urls.topic_page(""))
        tagged = shown.tagged.get(topic_id, [])
        return _digest([repr(urls), repr([t for t in site.topics if t.id == topic_id]), shown.of(tagged), *shown.documents])
    for kind in ("claim", "caveat", "allegation"):
        if page == urls.type_page(kind):
            return _digest([repr(urls), shown.of(shown.of_type.get(kind, [])), *shown.documents])
    return None


class BuildCache:
    """What one plugin object keeps from build to build."""

    def __init__(self, *, keep_pages: bool = False) -> None:
        #: Page HTML is kept only under `mkdocs serve`: a one-off build renders each page once.
        self.keep_pages = keep_pages
        self.site_key: str | None = None
        self.site: Site | None = None
        self.pages: dict[str, tuple[str, str]] = {}  # page -> (fingerprint, html)
        self.timings: dict[str, float] = {}
        self.hits = 0

    def site_for(self, key: str, build: Callable[[], Site]) -> Site:
        if self.site is None or key != self.site_key:
            self.site, self.site_key = build(), key
        return self.site

    def page(self, page: str, key: Callable[[], str | None], render: Callable[[], str]) -> str:
        if not self.keep_pages:
            return render()
        fingerprint = key()
        if fingerprint is None:
            return render()
        cached = self.pages.get(page)
        if cached is not None and cached[0] == fingerprint:
            self.hits += 1
            return cached[1]
        html = render()
        self.pages[page] = (fingerprint, html)
        return html

    def start_build(self) -> None:
        self.timings = {}
        self.hits = 0

    @contextmanager
    def timed(self, phase: str) -> Iterator[None]:
        """Adds the time spent inside to `timings[phase]` (milliseconds)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[phase] = self.timings.get(phase, 0.0) + (time.perf_counter() - start) * 1000

    def summary(self) -> str:
        phases = ", ".join(f"{name} {ms:.0f} ms" for name, ms in self.timings.items())
        return f"annotated-report timings: {phases}; total {sum(self.timings.values()):.0f} ms; {self.hits} page(s) from cache"


def return_freed_memory() -> None:
    """Give the pages of memory the build has freed back to the system, before the build's
    largest allocations: Material's search writes its index at `on_post_build`, and its
    entries, their JSON text and that text encoded then exist at once (the peak RSS).

    What a build frees (each page's HTML, the search text, the exports' JSON) stays in the
    C library's heap, counted in RSS, until that heap shrinks from its end; glibc's
    `malloc_trim` returns every free page inside it (8 MiB at N = 400, ~2 ms; elsewhere, as
    on musl, macOS or Windows, nothing is done). A `gc.collect()` first was measured: 0.6 MiB
    more for 23 ms."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if os.name != "posix":
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on; glibc has it
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim
