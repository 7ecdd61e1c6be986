"""The metadata each page carries in its `<head>`: link previews (Open Graph, Twitter card) and,
on report pages, the scholarly citation tags reference managers read (Zotero, Google Scholar:
`citation_*`, as Highwire Press defined them).

The core computes the tags as (name, content) pairs; an adapter only places them: the MkDocs
plugin inserts `meta_html(...)` into `<head>` of every page, and a generator given files
(Zensical, through `sitefiles.py`) puts the same pairs where its theme prints them.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urljoin

from ..model import Colophon, Document, Site
from ..render.html import escape_str
from ..urls import SiteUrls

#: Tags named with `property=` (Open Graph, RDFa); all others with `name=`.
_PROPERTY_PREFIX = "og:"


def absolute(site_url: str, page_url: str) -> str:
    """The page's address under `site_url` ('' when no site_url: a relative address would be wrong in a preview card)."""
    if not site_url:
        return ""
    return urljoin(site_url.rstrip("/") + "/", page_url)


def head_tags(page_url: str, title: str, description: str, *, site: Site, urls: SiteUrls, colophon: Colophon,
              site_url: str = "", site_name: str = "", reports: Mapping[str, Document] | None = None) -> list[tuple[str, str]]:
    """The (name, content) pairs for one page: Open Graph and Twitter card for every page;
    for a report page, the `citation_*` tags of the annotated edition (its editors as authors,
    the publisher, the date of the last review, its address). Tags without content are left out.

    `reports` (`report_pages`, made once per build by the caller): each document by its page's
    URL; looking every page up among all documents was quadratic in the documents."""
    document = (report_pages(site, urls) if reports is None else reports).get(page_url)
    address = absolute(site_url, page_url)
    tags: list[tuple[str, str]] = [
        ("og:title", title),
        ("og:description", description),
        ("og:type", "article" if document is not None else "website"),
        ("og:url", address),
        ("og:site_name", site_name),
        ("twitter:card", "summary"),
        ("twitter:title", title),
        ("twitter:description", description),
    ]
    if document is not None:
        tags += citation_tags(document, colophon, address, title)
    return [(name, content) for name, content in tags if content]


def citation_tags(document: Document, colophon: Colophon, address: str, title: str) -> list[tuple[str, str]]:
    """Highwire Press tags for the annotated edition of `document`: the editors are its authors
    (one `citation_author` each; the publisher when no editor is named), the date is the last
    review (YYYY/MM/DD, as Google Scholar asks)."""
    authors = list(colophon.editors) or ([colophon.publisher] if colophon.publisher else [])
    tags: list[tuple[str, str]] = [("citation_title", f"{title} (annotated)")]
    tags += [("citation_author", name) for name in authors]
    tags += [
        ("citation_publication_date", colophon.reviewed.replace("-", "/")),
        ("citation_publisher", colophon.publisher),
        ("citation_public_url", address),
        ("citation_abstract_html_url", address),
        ("citation_keywords", "; ".join(str(document.metadata[key]) for key in ("country", "report", "section") if document.metadata.get(key))),
    ]
    return tags


def report_pages(site: Site, urls: SiteUrls) -> dict[str, Document]:
    """Each document by the URL of its report page."""
    return {urls.document(document.slug): document for document in site.documents}


def meta_html(tags: list[tuple[str, str]]) -> str:
    """The tags as `<meta>` elements, escaped: titles and descriptions come from contributors' YAML."""
    return "".join(
        f'<meta {"property" if name.startswith(_PROPERTY_PREFIX) else "name"}="{escape_str(name)}" content="{escape_str(content)}">'
        for name, content in tags)
