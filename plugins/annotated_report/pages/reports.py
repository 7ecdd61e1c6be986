"""The report page of one document."""

from __future__ import annotations

from ..model import Document, Site
from ..render.glossary_links import GlossaryMatcher
from ..render.report import render_document
from ..urls import SiteUrls
from .base import GeneratedPage


def report_page(document: Document, site: Site, urls: SiteUrls, matcher: GlossaryMatcher) -> GeneratedPage:
    page = urls.document_page(document.slug)

    def render() -> str:
        linker = matcher.linker(urls, urls.url(page))
        return render_document(document, site, urls, text_renderer=linker)

    sidecar = document.source_file.removesuffix(".txt") + ".yml" if document.source_file else None
    return GeneratedPage(page, document.title, document.description, render, "reports", sidecar)
