"""Where every generated page lives, and relative links between them.

Report HTML is inserted after MkDocs has resolved Markdown links, so the core computes
its own relative URLs. Keeping the layout in one place means a page never links to a
path that another module spells differently.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from .model import TYPE_PLURALS, Annotation


@dataclass(frozen=True)
class SiteUrls:
    """Site-root-relative URLs of generated pages, as MkDocs would write them."""

    directory_urls: bool = True
    reports_dir: str = "reports"

    def source_path(self, page: str) -> str:
        """The virtual Markdown file for a page, e.g. 'topics/pandemic' -> 'topics/pandemic.md'."""
        return f"{page}.md"

    def url(self, page: str) -> str:
        """The URL MkDocs gives the page: 'topics/x/' or 'topics/x.html'; 'topics/index' is
        'topics/' with directory URLs and 'topics/index.html' without."""
        if not self.directory_urls:
            return f"{page}.html"
        if page == "index" or page.endswith("/index"):
            return page.removesuffix("index")
        return f"{page}/"

    def document_page(self, slug: str) -> str:
        return f"{self.reports_dir}/{slug}"

    def document(self, slug: str) -> str:
        return self.url(self.document_page(slug))

    def annotation(self, annotation: Annotation) -> str:
        return f"{self.document(annotation.document)}#{annotation.id}"

    def topic_page(self, topic_id: str) -> str:
        return f"topics/{topic_id}"

    def topic(self, topic_id: str) -> str:
        return self.url(self.topic_page(topic_id))

    def topics_index_page(self) -> str:
        return "topics/index"

    def glossary_page(self) -> str:
        return "glossary"

    def glossary_entry(self, slug: str) -> str:
        return f"{self.url(self.glossary_page())}#{slug}"

    def type_page(self, annotation_type: str) -> str:
        return TYPE_PLURALS[annotation_type].lower()

    def type_index(self, annotation_type: str) -> str:
        return self.url(self.type_page(annotation_type))

    # --- open data (exports.py, pages/data.py) ---

    def document_text(self, slug: str) -> str:
        """The seed published as text/plain beside its page (TextPositionSelectors count in it)."""
        return f"{self.reports_dir}/{slug}.txt"

    def export(self, name: str) -> str:
        """A data export, e.g. 'statistics.csv' -> 'exports/statistics.csv'."""
        return f"exports/{name}"

    def annotation_iri(self, annotation_id: str) -> str:
        """The annotation's own address (a small JSON-LD file), apart from its highlight's anchor."""
        return self.export(f"annotations/{annotation_id}.jsonld")

    def data_page(self) -> str:
        return "data"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` (both site-root-relative, '#' allowed)."""
    target, _, fragment = to_url.partition("#")
    if target == from_url:
        return f"#{fragment}" if fragment else (posixpath.basename(target) or "./")
    # The folder the page is in ('' for a page at the root), never an absolute path:
    # relpath would resolve one against the process's working directory.
    folder = from_url.rstrip("/") if from_url.endswith("/") else posixpath.dirname(from_url)
    path = posixpath.relpath(target or ".", folder or ".")
    if (target.endswith("/") or not target) and not path.endswith("/"):
        path += "/"
    return f"{path}#{fragment}" if fragment else path
