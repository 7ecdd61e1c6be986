"""The value every page builder returns, and small helpers they share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..model import Annotation, Colophon, Site, slugify
from ..render.glossary_links import GlossaryMatcher
from ..render.markdown_safe import SafeMarkdown
from ..urls import SiteUrls


@dataclass(frozen=True)
class PageContext:
    """What every page of one build is made from: the checked site, the one URL scheme, the
    build's Markdown renderer (each contributor text rendered and sanitized once) and its
    glossary matcher (each paragraph matched once, shared by report and glossary pages)."""

    site: Site
    urls: SiteUrls
    markdown: SafeMarkdown
    matcher: GlossaryMatcher
    #: A preview (`mkdocs serve`, `pages --watch`), never a published build: pages may show what
    #: only an editor needs (the annotations left out, and why).
    preview: bool = False
    colophon: Colophon = field(default_factory=Colophon)
    #: The address the site is published at (`site_url`), '' when unknown: citations and
    #: metadata give absolute addresses only with it.
    site_url: str = ""

    @classmethod
    def of(cls, site: Site, urls: SiteUrls, markdown: SafeMarkdown | None = None, *, preview: bool = False,
           colophon: Colophon | None = None, site_url: str = "") -> PageContext:
        markdown = markdown or SafeMarkdown()
        return cls(site, urls, markdown, GlossaryMatcher(site.terms, markdown), preview, colophon or Colophon(), site_url)


@dataclass(frozen=True)
class SearchRecord:
    """One result a search index should hold: the words under one heading of a page.

    `anchor` is the heading's id (None: the top of the page), `title` the heading's words
    (None: the page's title), `text` the words, plain (each search adapter escapes them as
    its index wants)."""

    anchor: str | None
    title: str | None
    text: str


@dataclass(frozen=True)
class GeneratedPage:
    """A page the plugin adds: `page` is its path without `.md` (e.g. 'topics/pandemic').

    `edit_path` is the project file an editor changes to change the page (a seed's sidecar,
    the topics file), for the theme's "edit this page" link; None when there is none.
    """

    page: str
    title: str
    description: str
    render: Callable[[], str]
    section: str
    edit_path: str | None = None
    #: False for pages whose every entry stands for a note indexed on its report page:
    #: the search plugin then skips the page instead of parsing it.
    searchable: bool = True
    #: What search indexes of the page (`pages/search.py`), from the model: each paragraph,
    #: note and term once, at the id it leads to. None: search reads the page's HTML itself.
    search_records: Callable[[], list[SearchRecord]] | None = None
    #: Everything the page shows, as values (`publish.py` hashes their `repr`): the page is
    #: rendered again under `mkdocs serve` exactly when one of them changed.
    inputs: Callable[[], tuple[object, ...]] | None = None


def count_by_type(annotations: Iterable[Annotation]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for annotation in annotations:
        counts[annotation.type] = counts.get(annotation.type, 0) + 1
    return counts


class IdMaker:
    """Ids for headings a page generates, unique on the page and unlike any annotation id.

    Generated ids contain an underscore (`by_ngos`), which annotation ids cannot, and do
    not start with one (the theme's own ids do: `__search`). A name with no Latin letters
    ('by_' + '') or one already given gets a number, so two groups never share an id.
    """

    def __init__(self) -> None:
        self.given: set[str] = set()

    def __call__(self, prefix: str, name: str) -> str:
        slug = slugify(name) if name else ""
        base = f"{prefix}_{slug}" if slug and slug != "item" else f"{prefix}_{len(self.given) + 1}"
        candidate, number = base, 2
        while candidate in self.given:
            candidate, number = f"{base}_{number}", number + 1
        self.given.add(candidate)
        return candidate
