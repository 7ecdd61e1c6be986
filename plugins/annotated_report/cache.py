"""Work kept between builds of one process (`mkdocs serve`), and the plugin's own timings.

Two caches, both keyed by what their result depends on, never by time:

* the `Site`, by the content hash of every input file (seeds, sidecars, annotation files):
  a rebuild caused by a Markdown page or the theme reuses it whole;
* each generated page's HTML, by a fingerprint of the values it is made from (for a report
  page: its document, its annotations, the annotations linked to or from them, the topics
  and terms it shows, and the URL layout): after an edit, only the pages it touches are
  rendered again.

Nothing here imports MkDocs; the plugin owns one `BuildCache` for its lifetime.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import loading
from .anchoring import DocumentIndex
from .model import Document, Site
from .urls import SiteUrls

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


def report_fingerprint(slug: str, site: Site, urls: SiteUrls) -> str:
    """Everything a report page shows, as one hash: a note lists the annotations linked to
    or from it (their type, words and place), its topics' titles, and glossary terms."""
    document = site.document(slug)
    own = site.annotations_in(slug)
    linked = {other for a in own for other in a.related} | {b.id for a in own for b in site.backlinks(a.id)}
    parts = [repr(urls), repr(document), repr(sorted(document.metadata.items(), key=str)), repr(own)]
    parts += [repr(site.annotations_by_id[i]) for i in sorted(linked) if i in site.annotations_by_id]
    parts += [repr(site.topics), repr(site.terms)]
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=20).hexdigest()


def _digest(parts: Iterable[str]) -> str:
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _documents(site: Site) -> list[str]:
    """What other pages show of each document: its slug, title and (hashed) text."""
    return [f"{d.slug}\0{d.title}\0{hash(d.text)}" for d in site.documents]


def page_fingerprint(page: str, section: str, site: Site, urls: SiteUrls) -> str | None:
    """What a generated page shows, as one hash; None for a page that is not worth caching.

    A topic page shows the annotations tagged with it; a type index the annotations of its
    type; the glossary its terms and where the documents use them.
    """
    if section == "reports":
        return report_fingerprint(page.removeprefix(urls.document_page("")), site, urls)
    if section == "glossary":
        return _digest([repr(urls), repr(site.terms), *_documents(site)])
    if section == "topics" and page != urls.topics_index_page():
        topic_id = page.removeprefix(urls.topic_page(""))
        tagged = [a for a in site.annotations if topic_id in a.topics]
        return _digest([repr(urls), repr([t for t in site.topics if t.id == topic_id]), repr(tagged), *_documents(site)])
    for kind in ("claim", "caveat", "allegation"):
        if page == urls.type_page(kind):
            return _digest([repr(urls), repr([a for a in site.annotations if a.type == kind]), *_documents(site)])
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
