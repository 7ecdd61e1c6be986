"""The glossary: terms A–Z with definition, aliases, see-also links and where each is used."""

from __future__ import annotations

from html import escape

from ..model import Site
from ..render.glossary_links import GlossaryMatcher
from ..render.markdown_safe import render_markdown
from ..urls import SiteUrls, relative
from .base import GeneratedPage


def glossary_page(site: Site, urls: SiteUrls, matcher: GlossaryMatcher) -> GeneratedPage:
    page = urls.glossary_page()

    def render() -> str:
        page_url = urls.url(page)
        usage = {document.slug: matcher.paragraphs_using(document) for document in site.documents}
        by_name = {term.term: term for term in site.terms}
        letters = sorted({term.term[:1].upper() for term in site.terms})
        parts = ['<nav class="ar-glossary__letters" aria-label="Letters">']
        parts.extend(f'<a href="#letter-{letter.lower()}">{escape(letter)}</a> ' for letter in letters)
        parts.append('</nav><div class="ar-glossary">')
        current = ""
        for term in site.terms:
            letter = term.term[:1].upper()
            if letter != current:
                current = letter
                parts.append(f'<h2 class="ar-glossary__letter" id="letter-{letter.lower()}">{escape(letter)}</h2>')
            parts.append(f'<div class="ar-glossary__entry" data-term="{term.slug}">')
            parts.append(f'<h3 id="{term.slug}" class="ar-glossary__term">{escape(term.term)}</h3>')
            if term.aliases:
                parts.append(f'<p class="ar-glossary__aliases">Also: {", ".join(escape(a) for a in term.aliases)}</p>')
            parts.append(f'<div class="ar-glossary__definition">{render_markdown(term.definition)}</div>')
            if term.see_also:
                links = ", ".join(f'<a href="#{by_name[name].slug}">{escape(name)}</a>' for name in term.see_also if name in by_name)
                parts.append(f'<p class="ar-glossary__see-also">See also: {links}</p>')
            used = [
                (document, number)
                for document in site.documents
                for number in usage[document.slug].get(term.slug, [])
            ]
            if used:
                links = ", ".join(
                    f'<a class="ar-glossary__use" data-paragraph-link="{number}" '
                    f'href="{escape(relative(page_url, urls.document(document.slug) + f"#paragraph_{number}"))}">'
                    f"{escape(document.title)}, paragraph {number}</a>"
                    for document, number in used
                )
                parts.append(f'<p class="ar-glossary__used">Used in: {links}</p>')
            parts.append("</div>")
        parts.append("</div>")
        return "\n".join(parts)

    return GeneratedPage(page, "Glossary", "Acronyms and terms of art used in the reports, in plain language.", render, "glossary")
