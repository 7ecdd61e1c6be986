"""The MkDocs adapter: wires MkDocs events to the core, and nothing else.

Every event handler says why it exists. The core (`build_site`, `render`, `pages`)
knows nothing of MkDocs, so another generator or the command-line tool can drive it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .build import build_site
from .config import AnnotatedReportConfig
from .model import Site
from .render.report import render_document
from .urls import SiteUrls

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

ASSETS = ("annotated-report.css", "annotated-report.js")
ASSET_DIR = "assets/annotated-report"


class AnnotatedReportPlugin(BasePlugin[AnnotatedReportConfig]):
    """Publishes every seed document as an annotated page."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.urls = SiteUrls()
        self.pages: dict[str, str] = {}  # src_uri of a generated report page -> document slug

    # Build the model once per build: `on_config` runs again on every `mkdocs serve` rebuild,
    # and the plugin object survives rebuilds, so all state is reset here.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.site = None
        self.pages = {}
        if not self.config.enabled:
            return config
        seeds = Path(self.config.seeds_dir)
        annotations = Path(self.config.annotations_dir)
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.urls = SiteUrls(directory_urls=config.use_directory_urls, reports_dir=self.config.reports_dir.strip("/"))
        self.site = build_site(seeds, annotations, root=root)
        for problem in self.site.problems:
            log.warning(str(problem))
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

    # Add the generated pages (one per document) and the CSS/JS shipped with the package.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.site is None:
            return files
        for document in self.site.documents:
            src_uri = self.urls.source_path(self.urls.document_page(document.slug))
            front = f"---\ntitle: {_yaml_string(document.title)}\ndescription: {_yaml_string(document.description)}\n---\n"
            files.append(File.generated(config, src_uri, content=front + f"<!-- generated from {document.source_file} -->\n"))
            self.pages[src_uri] = document.slug
        assets = resources.files(__package__).joinpath("assets")
        for name in ASSETS:
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=assets.joinpath(name).read_bytes()))
        return files

    # Replace a report page's body with the rendered report, before search indexes the page
    # (Material's search reads `page.content` later, in `on_page_context`).
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        slug = self.pages.get(page.file.src_uri)
        if slug is None or self.site is None:
            return html
        return render_document(self.site.document(slug), self.site, self.urls)


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)
