"""The report page of one document."""

from __future__ import annotations

from ..model import Document
from ..render.report import render_document
from .base import GeneratedPage, PageContext
from .colophon import byline


def report_page(document: Document, ctx: PageContext) -> GeneratedPage:
    site, urls = ctx.site, ctx.urls
    page = urls.document_page(document.slug)

    def render() -> str:
        linker = ctx.matcher.linker(urls, urls.url(page))
        # The byline first: who annotated the report and when the notes were last reviewed.
        return str(byline(ctx.colophon)) + render_document(document, site, urls, markdown=ctx.markdown, text_renderer=linker, preview=ctx.preview,
                               terms_in=lambda annotation: ctx.matcher.terms_in(document, annotation),
                               colophon=ctx.colophon, site_url=ctx.site_url)

    sidecar = document.source_file.removesuffix(".txt") + ".yml" if document.source_file else None
    return GeneratedPage(page, document.title, document.description, render, "reports", sidecar)
