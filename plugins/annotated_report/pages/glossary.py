"""The glossary: terms A–Z with definition, aliases, see-also links and where each is used."""

from __future__ import annotations

from markupsafe import Markup

from ..model import Site, Term
from ..render.glossary_links import GlossaryMatcher
from ..render.markdown_safe import render_markdown
from ..urls import SiteUrls
from .base import GeneratedPage


def letter_of(term: Term) -> str:
    """The letter a term is filed under: its first letter or digit ('"Pig butchering" scam'
    is under P), or '#' when it has none."""
    for char in term.term:
        if char.isalnum():
            return char.upper()
    return "#"


def letter_id(letter: str) -> str:
    """An id for a letter heading: 'letter_a'; 'letter_u3b1' for a letter outside ASCII."""
    return f"letter_{letter.lower()}" if letter.isascii() and letter.isalnum() else f"letter_u{ord(letter):x}"


def glossary_page(site: Site, urls: SiteUrls, matcher: GlossaryMatcher) -> GeneratedPage:
    page = urls.glossary_page()

    def render() -> str:
        link = urls.linker(urls.url(page))
        usage = {document.slug: matcher.paragraphs_using(document) for document in site.documents}
        by_name = {term.term: term for term in site.terms}
        terms = sorted(site.terms, key=lambda term: (letter_of(term) == "#", letter_of(term), term.term.lower()))
        letters = list(dict.fromkeys(letter_of(term) for term in terms))
        parts: list[str] = [Markup('<nav class="ar-glossary__letters" aria-label="Letters">{0}</nav><div class="ar-glossary">').format(
            Markup("").join(Markup('<a href="#{0}">{1}</a> ').format(letter_id(letter), letter) for letter in letters))]
        current = ""
        for term in terms:
            letter = letter_of(term)
            if letter != current:
                current = letter
                parts.append(Markup('<h2 class="ar-glossary__letter" id="{0}">{1}</h2>').format(letter_id(letter), letter))
            parts.append(Markup('<div class="ar-glossary__entry" data-term="{0}">').format(term.slug))
            parts.append(Markup('<h3 id="{0}" class="ar-glossary__term">{1}</h3>').format(term.slug, term.term))
            if term.aliases:
                parts.append(Markup('<p class="ar-glossary__aliases">Also: {0}</p>').format(", ".join(term.aliases)))
            parts.append(Markup('<div class="ar-glossary__definition">{0}</div>').format(Markup(render_markdown(term.definition))))
            if term.see_also:
                links = Markup(", ").join(
                    Markup('<a href="{0}">{1}</a>').format(link(urls.glossary_entry(by_name[name].slug)), name)
                    for name in term.see_also if name in by_name
                )
                parts.append(Markup('<p class="ar-glossary__see-also">See also: {0}</p>').format(links))
            used = [
                (document, number)
                for document in site.documents
                for number in usage[document.slug].get(term.slug, [])
            ]
            if used:
                links = Markup(", ").join(
                    Markup('<a class="ar-glossary__use" data-paragraph-link="{0}" href="{1}">{2}, paragraph {0}</a>').format(
                        number, link(urls.paragraph(document.slug, number)), document.title)
                    for document, number in used
                )
                parts.append(Markup('<p class="ar-glossary__used">Used in: {0}</p>').format(links))
            parts.append("</div>")
        parts.append("</div>")
        return "\n".join(parts)

    return GeneratedPage(page, "Glossary", "Acronyms and terms of art used in the reports, in plain language.", render, "glossary")
