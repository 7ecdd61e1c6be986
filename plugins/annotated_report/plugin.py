"""The MkDocs adapter: wires MkDocs events to the core, and nothing else.

Every event handler says why it exists. The core (`build_site`, `render`, `pages`)
knows nothing of MkDocs, so another generator or the command-line tool can drive it.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .build import build_site
from .cache import BuildCache, files_fingerprint, keep_between_builds, page_fingerprint
from .config import AnnotatedReportConfig
from .exports import ItemCache, site_url_problem, write_exports
from .model import Site
from .pages import GeneratedPage, generated_pages, in_nav, navigation, overview
from .pages.home import MARKER
from .rules import RuleSettings
from .urls import SiteUrls

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

ASSETS = ("annotated-report.css", "annotated-report-pages.css", "annotated-report.js")
ASSET_DIR = "assets/annotated-report"


class AnnotatedReportPlugin(BasePlugin[AnnotatedReportConfig]):
    """Publishes every seed document as an annotated page."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.urls = SiteUrls()
        self.pages: dict[str, GeneratedPage] = {}  # by the src_uri of its virtual file
        self.auto_nav = False
        self.root = Path.cwd()
        self.cache = BuildCache()
        self.full_html: dict[str, str] = {}  # a page's HTML while search reads its light one, by src_uri
        self.export_items: ItemCache | None = None  # each annotation's W3C item, kept under `mkdocs serve`
        self.fingerprints: dict[str, str | None] = {}  # what each generated page shows, this build (serve)

    # Defining `on_startup` makes MkDocs keep this object across `mkdocs serve` rebuilds,
    # so the cache below survives them (the work is redone only where an input changed).
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.cache = BuildCache(keep_pages=command == "serve")
        self.export_items = ItemCache() if command == "serve" else None
        keep_between_builds(command == "serve")

    def on_shutdown(self) -> None:
        keep_between_builds(False)

    # Build the model once per build: `on_config` runs again on every `mkdocs serve` rebuild,
    # so per-build state is reset here; the Site is reused when no input file changed.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.site = None
        self.pages = {}
        self.full_html = {}
        self.fingerprints = {}
        self.auto_nav = config.nav is None
        self.cache.start_build()
        if not self.config.enabled:
            return config
        seeds = Path(self.config.seeds_dir)
        annotations = Path(self.config.annotations_dir)
        self.root = root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.urls = SiteUrls(
            directory_urls=config.use_directory_urls,
            reports_dir=self.config.reports_dir.strip("/"),
            edit_base=_edit_base(config),
        )
        settings = RuleSettings.from_mapping(dict(self.config.rules))  # a plain value: the core never sees MkDocs
        with self.cache.timed("load"):
            key = f"{files_fingerprint((seeds, annotations))}:{settings!r}"  # the rules change what a build reports
            self.site = self.cache.site_for(key, lambda: build_site(seeds, annotations, root=root, rule_settings=settings))
        for problem in self.site.problems:
            log.warning(str(problem))
        if (notice := site_url_problem(config.site_url)) is not None:  # the exports' IRIs come from site_url
            (log.warning if notice.blocking else log.info)(str(notice.problem))
        if self.site.left_out:
            log.warning(
                f"{len(self.site.left_out)} annotation(s) left out of the site because of the problems above: "
                + ", ".join(self.site.left_out)
            )
        # Editors preview with `mkdocs serve`: rebuild when a seed or an annotation changes.
        for folder in (seeds, annotations):
            if folder.is_dir() and str(folder) not in config.watch:
                config.watch.append(str(folder))
        for name in ASSETS:
            path = f"{ASSET_DIR}/{name}"
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if path not in target:
                target.append(path)
        return config

    # Add the generated pages (reports, topics, glossary, indexes) and the data exports
    # (W3C annotations, statistics CSV/JSON) as virtual files, and the CSS/JS shipped with
    # the package. Without a `nav` in mkdocs.yml, lay out the navigation
    # in reading order instead of MkDocs' alphabetical one.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.site is None:
            return files
        with self.cache.timed("pages"):
            return self._add_files(files, config)

    def _add_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for page in generated_pages(self.site, self.urls):
            src_uri = self.urls.source_path(page.page)
            if files.get_file_from_path(src_uri) is not None:
                log.warning(f"docs/{src_uri} exists, so the generated page '{page.title}' was not added; rename or remove it.")
                continue
            front = _front_matter(page.title, page.description, searchable=page.searchable)
            # A page listed on an index page instead of the nav (pages/navigation.py) is marked so,
            # which keeps MkDocs from reporting it as missing from the nav.
            inclusion = InclusionLevel.UNDEFINED if in_nav(page, self.urls) else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src_uri, content=front + "<!-- generated by annotated-report -->\n", inclusion=inclusion))
            self.pages[src_uri] = page
        # The exports are written into site_dir now (it was cleaned before on_files) and listed
        # as files backed by what was written, which MkDocs then leaves in place: nothing holds
        # their megabytes of text for the rest of the build, and links to them still resolve.
        site_dir = Path(config.site_dir)
        for written in write_exports(site_dir, self.site, self.urls, config.site_url or "", self.export_items):
            files.append(File.generated(config, written.relative_to(site_dir).as_posix(), abs_src_path=str(written)))
        assets = resources.files(__package__).joinpath("assets")
        for name in ASSETS:
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=assets.joinpath(name).read_bytes()))
        if self.auto_nav:
            own = [f.src_uri for f in files.documentation_pages() if f.src_uri not in self.pages]
            config.nav = navigation(own, self.pages.values(), self.urls)
        return files

    # Replace a generated page's body with its HTML (and fill the home page's overview
    # marker) before search indexes the page: Material's search reads `page.content` later.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.site is None:
            return html
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            with self.cache.timed("render"):
                return self._render(generated)
        if MARKER in html:
            with self.cache.timed("render"):
                return html.replace(MARKER, overview(self.site, self.urls, page.url))
        return html

    def _render(self, generated: GeneratedPage) -> str:
        """Under `mkdocs serve`, a page comes from the cache when nothing it shows changed."""
        return self.cache.page(generated.page, lambda: self._fingerprint(generated), generated.render)

    def _fingerprint(self, generated: GeneratedPage) -> str | None:
        """Computed once per page and build: the page and its search text share it."""
        if generated.page not in self.fingerprints:
            assert self.site is not None
            self.fingerprints[generated.page] = page_fingerprint(generated.page, generated.section, self.site, self.urls)
        return self.fingerprints[generated.page]

    # Search reads a light HTML of the costly generated pages (their words at the ids they
    # lead to, `pages/search_html.py`) and the theme renders the full one. Both search plugins
    # (Material's and MkDocs' own; under `properdocs` too) index `page.content` in their
    # `on_page_context` at the default priority 0, and MkDocs renders the template after
    # every handler ran: so one handler swaps the light HTML in before them (50) and one puts
    # the full page back after them (-100, last). Material's search also strips
    # `data-search-*="…"` attributes from what it read; the full page has only bare ones,
    # which it keeps, so the restored page is exactly the page built.
    @event_priority(50)
    def _swap_in_search_html(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return context
        # "Edit this page" on a generated page opens the file an editor changes (a seed's
        # sidecar, the topics file), or no link at all: the virtual Markdown file is not in the repository.
        path = generated.edit_path
        exists = path is not None and (self.root / path).is_file()
        page.edit_url = self.urls.edit(path) if exists and path else None
        if generated.search_html is not None and page.content is not None:
            with self.cache.timed("render"):
                self.full_html[page.file.src_uri] = page.content
                page.content = self._search_html(generated)
        return context

    @event_priority(-100)
    def _restore_page_html(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        full = self.full_html.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    on_page_context = CombinedEvent(_swap_in_search_html, _restore_page_html)

    def _search_html(self, generated: GeneratedPage) -> str:
        """Under `mkdocs serve`, kept like the page's HTML, by the same fingerprint."""
        assert generated.search_html is not None
        return self.cache.page(f"{generated.page}#search", lambda: self._fingerprint(generated), generated.search_html)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is not None:
            log.debug(self.cache.summary())

    def timings(self) -> dict[str, float]:
        """Milliseconds spent in the plugin's own work during the last build, by phase
        (load, pages, render): for `annotated-report stats --timings` and the benchmark."""
        return dict(self.cache.timings)



def _edit_base(config: MkDocsConfig) -> str:
    """The project root in the repository's editor: MkDocs' `repo_url` + `edit_uri`, which
    point at docs/, made to point one folder up (seeds/ and annotations/ sit beside docs/)."""
    repo_url, edit_uri = config.repo_url, config.edit_uri
    if not repo_url or not edit_uri:
        return ""
    base = edit_uri if "://" in edit_uri else repo_url.rstrip("/") + "/" + edit_uri.lstrip("/")
    base = base.rstrip("/") + "/"
    docs = Path(config.docs_dir).name
    if base.endswith(f"/{docs}/"):
        base = base[: -len(docs) - 1]
    return base


def _front_matter(title: str, description: str, *, searchable: bool = True) -> str:
    """Front matter for a generated page, HTML-escaped: MkDocs' templates print both raw
    (the title in the navigation and `<title>`, the description in a `<meta>` attribute),
    and both come from contributors' YAML. JSON strings are valid YAML scalars.
    A page that only lists entries for notes indexed elsewhere is left out of Material's
    search (`search: exclude`), so the search plugin does not even parse it."""
    safe_title = json.dumps(html.escape(title, quote=False), ensure_ascii=False)
    safe_description = json.dumps(html.escape(description, quote=True), ensure_ascii=False)
    search = "" if searchable else "search:\n  exclude: true\n"
    return f"---\ntitle: {safe_title}\ndescription: {safe_description}\n{search}---\n"
