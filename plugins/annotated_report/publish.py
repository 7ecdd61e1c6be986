"""What a site contains, decided once for every generator: the publishing core.

`load(options, session)` builds the checked `Site`; `plan(site, options, session)` turns it into
a `SitePlan`: the generated pages (path, title, description, navigation place, body, search
records, the file an editor edits), the exports, the assets, the navigation and the home
page's overview. The adapters only hand that plan to a generator:

* `plugin.py`, for MkDocs 1.6 and ProperDocs: virtual files, page bodies, search records;
* `sitefiles.py` (`annotated-report pages`), for any generator that builds the files it is
  given (Zensical, plain MkDocs without the plugin): Markdown files with front matter and
  an HTML body, the assets and the exports, written into a build folder.

Nothing here imports MkDocs. What is kept between builds is the `Session` the adapter owns.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from .analysis import left_out_labels
from .build import build_site
from .exports import ItemCache, export_chunks, export_paths, site_url_problem
from .loading import Loaded, annotation_paths, parse_annotation_file
from .model import Annotation, Colophon, Document, Site
from .pages import GeneratedPage, PageContext, SearchRecord, generated_pages, in_nav, navigation
from .pages.head import head_tags, meta_html, report_pages
from .pages.home import MARKER, overview
from .projectfiles import fingerprint, inside, write_atomic
from .render.html import without_indentation
from .render.markdown_safe import RECIPE, SafeMarkdown
from .render.markdown_store import MarkdownStore
from .rules import RuleSettings
from .session import Session, without_collection
from .urls import SiteUrls
from .worker import MISSING, ForkedCalls

#: The CSS and JavaScript every page needs, shipped as package data, and where they go in the site.
ASSETS = ("annotated-report.css", "annotated-report-pages.css", "annotated-report.js")
ASSET_DIR = "assets/annotated-report"
#: Where the overview goes in docs/index.md: the block between the two comments is replaced by
#: the overview. Without the plugin or the pages command, what is written between them shows
#: (e.g. a notice that the site was built without its report), instead of a site that silently
#: lacks its report.
OVERVIEW_END = "<!-- /annotated-report:overview -->"


@dataclass(frozen=True)
class Options:
    """What the core needs from a generator's configuration, as plain values."""

    root: Path
    seeds_dir: Path
    annotations_dir: Path
    reports_dir: str = "reports"
    directory_urls: bool = True
    #: The start of an "edit this file" link at the project root ('' for none), see `edit_base`.
    edit_base: str = ""
    site_url: str = ""
    rule_settings: RuleSettings = field(default_factory=RuleSettings)
    cache: bool = True
    cache_dir: str = ".cache/plugin/annotated-report"
    colophon: Colophon = field(default_factory=Colophon)
    #: A second process parses and renders ahead where forking is safe (`load`, `SitePlan.start_output`).
    parallel: bool = False

    @property
    def urls(self) -> SiteUrls:
        return SiteUrls(directory_urls=self.directory_urls, reports_dir=self.reports_dir.strip("/"), edit_base=self.edit_base)


def edit_base(repo_url: str | None, edit_uri: str | None, docs_dir: str) -> str:
    """The project root in the repository's editor: `repo_url` + `edit_uri`, which point at
    docs/, made to point one folder up (seeds/ and annotations/ sit beside docs/)."""
    if not repo_url or not edit_uri:
        return ""
    base = edit_uri if "://" in edit_uri else repo_url.rstrip("/") + "/" + edit_uri.lstrip("/")
    base = base.rstrip("/") + "/"
    docs = Path(docs_dir).name
    if base.endswith(f"/{docs}/"):
        base = base[: -len(docs) - 1]
    return base


def load(options: Options, session: Session) -> Site:
    """The checked site, reused from the session while no input file and no rule setting changed.

    In a one-off build with `parallel`, a forked worker parses the annotation files from the
    last one back while this process parses them from the first: each file is parsed once
    where the two meet, and this process never waits (`FilesParsedAhead`)."""
    # Only a keeping session can reuse a site: a one-off build does not read every file twice.
    key = f"{fingerprint((options.seeds_dir, options.annotations_dir), options.root)}:{options.rule_settings!r}" if session.keep else None

    def build() -> Site:
        if session.keep:
            return build_site(options.seeds_dir, options.annotations_dir, root=options.root,
                              rule_settings=options.rule_settings, memo=session.build)
        ahead = FilesParsedAhead.start(options) if options.parallel else None
        try:
            return build_site(options.seeds_dir, options.annotations_dir, root=options.root,
                              rule_settings=options.rule_settings, parsed=ahead)
        finally:
            if ahead is not None:
                ahead.stop()

    with session.timed("load"), without_collection():
        return session.site_for(key, build)


class FilesParsedAhead(dict[str, tuple[bytes, Loaded]]):
    """`build_site`'s `parsed`: a file is taken from the worker when it has sent it, else parsed here."""

    def __init__(self, worker: ForkedCalls) -> None:
        super().__init__()
        self._worker = worker

    @classmethod
    def start(cls, options: Options) -> FilesParsedAhead | None:
        paths = annotation_paths(options.annotations_dir, options.root)
        if len(paths) < 4:
            return None
        calls = ((shown, partial(parse_annotation_file, path, shown, options.root)) for path, shown in reversed(paths))
        worker = ForkedCalls.start(calls)
        return cls(worker) if worker is not None else None

    def get(self, shown: str, default: Any = None) -> Any:
        found = self._worker.take(shown, wait=False)
        return default if found is MISSING or found is None else found

    def __setitem__(self, shown: str, parsed: tuple[bytes, Loaded]) -> None:
        """Not kept: a one-off build frees each file's parsed YAML once it has been placed."""

    def stop(self) -> None:
        self._worker.close(stop=True)


def open_markdown_store(options: Options, session: Session) -> str | None:
    """Reuse the notes rendered by earlier builds (`cache`, `cache_dir`): read from disk on the
    first build of the session and kept in memory across serve rebuilds. Returns a notice
    when the file was there but could not be used."""
    if not options.cache:
        session.markdown_store = None
        return None
    folder = options.root / options.cache_dir
    if not inside(folder, options.root):  # `options.validate_options` refuses it first; never write there all the same
        session.markdown_store = None
        return f"cache_dir {options.cache_dir!r} is outside the project: rendered notes are not kept."
    if session.markdown_store is None or session.markdown_store.folder != folder:
        session.markdown_store = MarkdownStore(folder, options.root, RECIPE)
    with session.timed("load"):
        return session.markdown_store.start_build()


def save_markdown_store(session: Session) -> str | None:
    """Write the notes this build rendered (exactly those: an edited note's old rendering
    leaves the file); a one-off session lets the store go."""
    store = session.markdown_store
    if store is None:
        return None
    with session.timed("render"):
        notice = store.save(prune=not session.keep)
    if not session.keep:
        session.markdown_store = None
    return notice


@dataclass
class SitePlan:
    """Everything the core adds to a site for one build (see the module's docstring)."""

    site: Site
    urls: SiteUrls
    pages: list[GeneratedPage]
    markdown: SafeMarkdown
    session: Session
    root: Path
    colophon: Colophon = field(default_factory=Colophon)
    site_url: str = ""
    #: Render ahead in a forked worker in one-off builds (`start_output`; `Options.parallel`).
    parallel: bool = False
    #: Each page's fingerprint this build (under a keeping session), made once for its HTML and its records.
    _fingerprints: dict[str, str] = field(default_factory=dict)
    #: The forked process making the pages ahead of the generator, and the exports (`start_output`).
    _worker: ForkedCalls | None = None
    _exports_pending: tuple[Path, str] | None = None
    #: The pages `unindented` gave this build (what the session keeps of them afterwards).
    _written: set[str] = field(default_factory=set)
    #: Each document by its report page's URL (`pages/head.report_pages`), made on first use.
    _reports: dict[str, Document] | None = None

    def source_path(self, page: GeneratedPage) -> str:
        return self.urls.source_path(page.page)

    def in_nav(self, page: GeneratedPage) -> bool:
        """False for a page listed on an index page instead (a topic page: on the topics index)."""
        return in_nav(page, self.urls)

    def navigation(self, own_pages: Iterable[str]) -> list[str | dict[str, list[str]]]:
        """The nav when the configuration has none: the editors' pages, then the generated ones
        in reading order (`pages/navigation.py`), as source paths."""
        return navigation(own_pages, self.pages, self.urls)

    def overview(self, page_url: str) -> str:
        return overview(self.site, self.urls, page_url, self.colophon)

    def fill_overview(self, text: str, page_url: str) -> str:
        """The editors' page (Markdown or HTML) with the overview in place of its marker, and
        what stands between the marker and `OVERVIEW_END` (a notice for generators that never
        ran the core) removed."""
        start = text.find(MARKER)
        if start < 0:
            return text
        end = text.find(OVERVIEW_END, start)
        stop = end + len(OVERVIEW_END) if end >= 0 else start + len(MARKER)
        with self.session.timed("render"):
            return text[:start] + self.overview(page_url) + text[stop:]

    def head_tags(self, page_url: str, title: str, description: str, site_name: str = "") -> list[tuple[str, str]]:
        """The link-preview and citation metadata of a page (`pages/head.py`), generated or the editors'."""
        if self._reports is None:
            self._reports = report_pages(self.site, self.urls)
        return head_tags(page_url, title, description, site=self.site, urls=self.urls, colophon=self.colophon,
                         site_url=self.site_url, site_name=site_name, reports=self._reports)

    def page_head_tags(self, page: GeneratedPage, site_name: str = "") -> list[tuple[str, str]]:
        """`head_tags` of a generated page (for a files adapter: front matter its template prints)."""
        return self.head_tags(self.urls.url(page.page), page.title, page.description, site_name)

    def with_head_of(self, output: str, page_url: str, generated: GeneratedPage | None, meta: Mapping[str, object],
                     page_title: str | None, site_name: str, site_description: str | None) -> str:
        """`with_head` for a page as a generator has it: a generated page's own title and
        description (its front matter holds them HTML-escaped), else the editors' page's."""
        title = generated.title if generated else str(meta.get("title") or page_title or site_name)
        description = (generated.description if generated else str(meta.get("description") or "")) or site_description or ""
        return self.with_head(output, page_url, title, description, site_name)

    def with_head(self, output: str, page_url: str, title: str, description: str, site_name: str = "") -> str:
        """The page's HTML with its `head_tags` as `<meta>` elements at the end of its `<head>`."""
        end = output.find("</head>")
        if end < 0:
            return output
        return output[:end] + meta_html(self.head_tags(page_url, title, description, site_name)) + output[end:]

    def unindented(self, page_url: str, output: str) -> str:
        """The page as written, `without_indentation`. Under a keeping session it is kept by
        page and a hash of the theme's output: a served rebuild writes most pages exactly as
        before, and hashing a page costs a fifth of scanning it."""
        if not self.session.keep:
            return without_indentation(output)
        digest = hashlib.blake2b(output.encode("utf-8", "surrogatepass"), digest_size=20).digest()
        kept = self.session.unindented.get(page_url)
        if kept is None or kept[0] != digest:
            kept = self.session.unindented[page_url] = (digest, without_indentation(output))
        self._written.add(page_url)
        return kept[1]

    def edit_url(self, page: GeneratedPage) -> str | None:
        """"Edit this page" on a generated page opens the file an editor changes (a seed's
        sidecar, the topics file), or nothing: the generated file is not in the repository."""
        path = page.edit_path
        if not path or not (self.root / path).is_file():
            return None
        return self.urls.edit(path)

    def search_records(self, page: GeneratedPage) -> list[SearchRecord]:
        """The page's search records; under a keeping session, kept like its HTML, by the same
        fingerprint (a note's words cost a sanitized rendering each)."""
        assert page.search_records is not None
        if self._worker is not None and (ahead := self._worker.take(f"records:{page.page}")) is not MISSING:
            return ahead  # type: ignore[return-value]
        fingerprint = self._fingerprints.get(page.page) if self.session.keep else None
        if fingerprint is None:
            return page.search_records()
        cached = self.session.records.get(page.page)
        if cached is None or cached[0] != fingerprint:
            cached = self.session.records[page.page] = (fingerprint, page.search_records())
        return cached[1]

    def render(self, page: GeneratedPage) -> str:
        """The page's HTML body. Under a keeping session it comes from the session when the
        inputs the page declares are those it was last rendered from; so what `mkdocs serve`
        shows after an edit is what a fresh build of the same files shows. In a one-off build
        it may come from the worker (`start_output`), which rendered it with the same code."""
        session = self.session
        with session.timed("render"):
            if self._worker is not None and (ahead := self._worker.take(f"html:{page.page}")) is not MISSING:
                return ahead  # type: ignore[return-value]
            if not session.keep or page.inputs is None:
                return body_of(page)
            fingerprint = self._fingerprints[page.page] = self.fingerprint(page)
            cached = session.pages.get(page.page)
            if cached is not None and cached[0] == fingerprint:
                session.page_hits += 1
                return cached[1]
            html = body_of(page)
            session.pages[page.page] = (fingerprint, html)
            return html

    def start_output(self, site_dir: Path, base_url: str, pages: Sequence[GeneratedPage], *, records: bool) -> list[Path]:
        """Begin writing the build's output: returns the exports' files in `site_dir`.

        In a one-off build with `parallel` a forked worker (`worker.py`) renders
        `pages` (and, with `records`, their search records) in that order, the order the
        generator will ask for them, then writes the exports, while the generator writes the
        pages it has: the exports' files are created empty now (a generator may list or copy
        them) and filled before `finish_output` returns. Otherwise the exports are written
        now. Either way the files are the same, byte for byte."""
        if self.parallel and not self.session.keep and pages:
            self._worker = ForkedCalls.start(self._ahead(pages, records, site_dir, base_url))
        if self._worker is None:
            return write_files(site_dir, self.exports(base_url))
        targets = [site_dir.joinpath(*path.split("/")) for path in export_paths(self.site, self.urls)]
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.touch()
        self._exports_pending = (site_dir, base_url)
        return targets

    def _ahead(self, pages: Sequence[GeneratedPage], records: bool, site_dir: Path, base_url: str) -> Iterator[tuple[str, Callable[[], object]]]:
        """The worker's calls, by key, in the order the parent takes them."""
        store = self.session.markdown_store
        mark = store.mark() if store is not None else (0, 0)  # read in the worker as it starts: the store at the fork
        for page in pages:
            yield f"html:{page.page}", partial(body_of, page)
            if records and page.search_records is not None:
                yield f"records:{page.page}", page.search_records
        yield "exports", lambda: [str(path) for path in write_files(site_dir, self.exports(base_url))]
        if store is not None:  # after the exports: they render notes too
            yield "store", partial(store.changes_since, mark)

    def finish_output(self) -> None:
        """End what `start_output` began: wait for the worker, count the notes it rendered as
        this build's (the Markdown store saves them), and write the exports if it did not.
        Pages gone since the last build leave the session's `unindented`."""
        if self.session.keep:
            self.session.unindented = {url: kept for url, kept in self.session.unindented.items() if url in self._written}
        worker, self._worker = self._worker, None
        if worker is None:
            return
        with self.session.timed("render"):
            exports = worker.take("exports")
            store = self.session.markdown_store
            changes = worker.take("store") if store is not None else MISSING
            if store is not None and changes is not MISSING:
                store.absorb(*changes)  # type: ignore[misc]
            worker.close()
            self.session.worker = {"cpu_ms": worker.cpu_ms, "private_kib": worker.private_kib}
            if exports is MISSING and self._exports_pending is not None:
                write_files(self._exports_pending[0], self.exports(self._exports_pending[1]))
            self._exports_pending = None

    def abandon_output(self) -> None:
        """The build failed: the worker, if one runs, is stopped and reaped, not left writing."""
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.close(stop=True)

    def fingerprint(self, page: GeneratedPage) -> str:
        """A hash of the `repr` of every input the page declares (an annotation's, hashed once
        per object: `Session.digest_of`)."""
        assert page.inputs is not None
        digest_of = self.session.digest_of
        parts = [digest_of(value) if isinstance(value, Annotation) else repr(value) for value in page.inputs()]
        return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()

    def assets(self) -> Iterator[tuple[str, bytes]]:
        """(path in the site, content) of the CSS and JavaScript every page loads."""
        folder = resources.files(__package__).joinpath("assets")
        for name in ASSETS:
            yield f"{ASSET_DIR}/{name}", folder.joinpath(name).read_bytes()

    def exports(self, base_url: str) -> Iterator[tuple[str, Iterable[str]]]:
        """(path in the site, content in pieces) of every export, one at a time."""
        return export_chunks(self.site, self.urls, base_url, self.session.export_items, self.markdown)


def body_of(page: GeneratedPage) -> str:
    """A generated page's HTML body as every generator gets it."""
    return str(page.render())


def plan(site: Site, options: Options, session: Session) -> SitePlan:
    """The site's plan for one build; its Markdown renderer reuses the session's store."""
    markdown = SafeMarkdown(session.markdown_store)
    if session.keep and session.export_items is None:
        session.export_items = ItemCache()
    urls = options.urls
    with session.timed("pages"):
        pages = generated_pages(PageContext.of(site, urls, markdown, preview=session.keep, colophon=options.colophon, site_url=options.site_url))
    return SitePlan(site, urls, pages, markdown, session, options.root, options.colophon, options.site_url, options.parallel)


def messages(site: Site, site_url: str) -> list[tuple[str, bool]]:
    """What the build tells the editor, as (message, blocking), in the order an editor reads
    them: every problem, the site_url notice, then the annotations left out."""
    found = [(str(problem), True) for problem in site.problems]
    if (notice := site_url_problem(site_url)) is not None:  # the exports' IRIs come from site_url
        found.append((str(notice.problem), notice.blocking))
    if site.left_out:
        found.append((f"{len(site.left_out)} annotation(s) left out of the site because of the problems above: "
                      + ", ".join(left_out_labels(site.left_out)), True))
    return found


def write_files(folder: Path, files: Iterable[tuple[str, Iterable[str]]]) -> list[Path]:
    """Each (path, content in pieces) written under `folder` as UTF-8, exactly as its text (no
    newline translation: positions count in it), through a temporary file renamed into place,
    so a build that fails midway never leaves a truncated file. Returns the files written."""
    written = []
    for path, chunks in files:
        target = folder.joinpath(*path.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, chunks)  # a new temporary name, never a link followed, the umask's permissions
        written.append(target)
    return written


def front_matter(page: GeneratedPage, *, search_exclude: bool, extra: dict[str, object] | None = None) -> str:
    """Front matter for a generated page, HTML-escaped: the themes print both raw (the title
    in the navigation and `<title>`, the description in a `<meta>` attribute), and both come
    from contributors' YAML. JSON strings are valid YAML scalars. `search_exclude` keeps the
    theme's search from parsing the page (`search: exclude`)."""
    lines = ["---",
             f"title: {json.dumps(html_lib.escape(page.title, quote=False), ensure_ascii=False)}",
             f"description: {json.dumps(html_lib.escape(page.description, quote=True), ensure_ascii=False)}"]
    if search_exclude:
        lines += ["search:", "  exclude: true"]
    for key, value in (extra or {}).items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n---\n"


__all__ = [
    "ASSETS",
    "ASSET_DIR",
    "OVERVIEW_END",
    "Options",
    "SitePlan",
    "edit_base",
    "front_matter",
    "load",
    "messages",
    "plan",
    "without_indentation",
    "write_files",
]
