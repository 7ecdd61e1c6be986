"""Where every generated page lives, every fragment shape, and links between pages.

Report HTML is inserted after MkDocs has resolved Markdown links, so the core computes
its own relative URLs. Keeping the layout in one place means a page never links to a
path that another module (or the script, which reads the shapes from data attributes)
spells differently.

Links are cheap: a page computes its way back to the site root once (`Linker.root`, e.g.
'../../') and every link from it is that prefix plus the target's site-root-relative URL,
so there is no `relpath` per link.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

from .limits import is_unsafe_char
from .model import TYPES, Annotation

#: Generated ids contain an underscore; annotation ids cannot (`[a-z0-9-]+`), so they never collide.
PARAGRAPH_PREFIX = "paragraph_"
NOTE_PREFIX = "note_"
EXPORT_DIR = "exports"
#: The only schemes of a link made from configuration (an edit link, a canonical address).
WEB_SCHEMES = frozenset({"http", "https"})
#: Characters that end an HTML attribute or start markup or a character reference.
URL_BREAKERS = frozenset("\"'<>`&\\")


def is_web_address(url: str) -> bool:
    """Whether `url` is an absolute http(s) address that can be printed into an attribute as it
    is: `options.validate_options` explains any other value; this is the last check before a
    link is made, should a value reach it another way."""
    if any(char in URL_BREAKERS or char.isspace() or is_unsafe_char(char) for char in url):
        return False
    parts = urlsplit(url)
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


@dataclass(frozen=True)
class SiteUrls:
    """Site-root-relative URLs of generated pages, as MkDocs would write them."""

    directory_urls: bool = True
    reports_dir: str = "reports"
    #: The start of an "edit this file" link, e.g. 'https://github.com/o/r/edit/main/'
    #: (MkDocs' repo_url + edit_uri, made to point at the project root); '' for none.
    edit_base: str = ""

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

    # Report pages and the places in them.
    def document_page(self, slug: str) -> str:
        return f"{self.reports_dir}/{slug}"

    def document(self, slug: str) -> str:
        return self.url(self.document_page(slug))

    @staticmethod
    def paragraph_id(number: int) -> str:
        return f"{PARAGRAPH_PREFIX}{number}"

    @staticmethod
    def note_id(annotation_id: str) -> str:
        return f"{NOTE_PREFIX}{annotation_id}"

    def paragraph(self, slug: str, number: int) -> str:
        return f"{self.document(slug)}#{self.paragraph_id(number)}"

    def annotation(self, annotation: Annotation) -> str:
        """The permalink: the first highlight of the annotation carries its id."""
        return f"{self.document(annotation.document)}#{annotation.id}"

    def note(self, annotation: Annotation) -> str:
        return f"{self.document(annotation.document)}#{self.note_id(annotation.id)}"

    # Topics, glossary, type indexes.
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
        return TYPES[annotation_type].plural.lower()

    def type_index(self, annotation_type: str) -> str:
        return self.url(self.type_page(annotation_type))

    # --- open data (exports.py, pages/data.py) ---

    def document_text(self, slug: str) -> str:
        """The seed published as text/plain beside its page (TextPositionSelectors count in it)."""
        return f"{self.reports_dir}/{slug}.txt"

    def export(self, name: str) -> str:
        """A data export, e.g. 'statistics.csv' -> 'exports/statistics.csv'."""
        return f"{EXPORT_DIR}/{name}"

    def annotation_iri(self, annotation_id: str) -> str:
        """The annotation's identifier, apart from its highlight's anchor: its node in the collection.

        A fragment of `exports/annotations.jsonld` (whose item carries it as `id`), not a file
        of its own: one small file per annotation doubled the export's bytes and wrote
        thousands of files on every build.
        """
        return f"{self.export('annotations.jsonld')}#{annotation_id}"

    def data_page(self) -> str:
        return "data"

    # Editing.
    def edit(self, path: str, line: int | None = None) -> str | None:
        """Where to edit a project file (e.g. 'annotations/x.yml') at a line, if configured."""
        if not self.edit_base or not path or not is_web_address(self.edit_base):
            return None
        return f"{self.edit_base}{path}" + (f"#L{line}" if line else "")

    def linker(self, page_url: str) -> Linker:
        return Linker(page_url)


class Linker:
    """Links from one page: the way back to the site root is computed once per page."""

    def __init__(self, page_url: str) -> None:
        self.page_url = page_url
        folder = page_url.rstrip("/") if page_url.endswith("/") else posixpath.dirname(page_url)
        self.root = "../" * (folder.count("/") + 1) if folder else ""

    def __call__(self, to_url: str) -> str:
        target, hash_, fragment = to_url.partition("#")
        if target == self.page_url and hash_:
            return f"#{fragment}"
        return f"{self.root}{target}{hash_}{fragment}" or "./"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` (both site-root-relative, '#' allowed)."""
    return Linker(from_url)(to_url)
