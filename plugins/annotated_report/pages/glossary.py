"""The glossary: terms A–Z with definition, aliases, see-also links and where each is used."""

from __future__ import annotations

from markupsafe import Markup

from ..model import Term
from ..render.html import html, join
from ..urls import SiteUrls
from .base import GeneratedPage, PageContext

#: Paragraph links listed under one term; the rest is counted (search finds every use).
MAX_USES = 40


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


def glossary_page(ctx: PageContext) -> GeneratedPage:
    site, urls, matcher = ctx.site, ctx.urls, ctx.matcher
    page = urls.glossary_page()

    def render() -> str:
        link = urls.linker(urls.url(page))
        usage = {document.slug: matcher.paragraphs_using(document) for document in site.documents}
        by_name = {term.term: term for term in site.terms}
        terms = sorted(site.terms, key=lambda term: (letter_of(term) == "#", letter_of(term), term.term.lower()))
        letters = list(dict.fromkeys(letter_of(term) for term in terms))
        parts: list[str] = [html('<nav class="ar-glossary__letters" aria-label="Letters">{0}</nav><div class="ar-glossary">',
            Markup("").join(html('<a href="#{0}">{1}</a> ', letter_id(letter), letter) for letter in letters))]
        current = ""
        for term in terms:
            slug = term.slug  # computed on each read: once per term, not per term × document
            letter = letter_of(term)
            if letter != current:
                current = letter
                parts.append(html('<h2 class="ar-glossary__letter" id="{0}">{1}</h2>', letter_id(letter), letter))
            parts.append(html('<div class="ar-glossary__entry" data-term="{0}">', slug))
            parts.append(html('<h3 id="{0}" class="ar-glossary__term">{1}</h3>', slug, term.term))
            if term.aliases:
                parts.append(html('<p class="ar-glossary__aliases">Also: {0}</p>', ", ".join(term.aliases)))
            parts.append(html('<div class="ar-glossary__definition">{0}</div>', Markup(ctx.markdown.html(term.definition))))
            if term.see_also:
                links = Markup(", ").join(
                    html('<a href="{0}">{1}</a>', link(urls.glossary_entry(by_name[name].slug)), name)
                    for name in term.see_also if name in by_name
                )
                parts.append(html('<p class="ar-glossary__see-also">See also: {0}</p>', links))
            # Grouped by document, the title once; at most `MAX_USES` paragraph links per
            # term, then a count: the page grows with terms × documents, not × paragraphs.
            used: list[Markup] = []
            shown = 0
            rest = 0
            for document in site.documents:
                every = usage[document.slug].get(slug)
                if not every:
                    continue
                numbers = every[: max(0, MAX_USES - shown)]
                rest += len(every) - len(numbers)
                if not numbers:
                    continue
                shown += len(numbers)
                href = link(urls.document(document.slug))
                # The paragraph links are the list's only markup: no class or data attribute
                # each (their href says where they go); the document is the item's first link.
                used.append(html('<li data-document="{0}"><a href="{1}">{2}</a>: {3}</li>',
                                 document.slug, href, document.title, _paragraph_links(href, numbers, urls)))
            if rest:
                used.append(html('<li class="ar-glossary__more" data-more="{0}">and {0} more paragraph(s)</li>', rest))
            if used:
                parts.append(html('<div class="ar-glossary__used"><p>Used in:</p><ul>{0}</ul></div>', Markup("").join(used)))
            parts.append("</div>")
        parts.append("</div>")
        return "\n".join(parts)

    return GeneratedPage(page, "Glossary", "Acronyms and terms of art used in the reports, in plain language.", render, "glossary")


def _paragraph_links(document_href: str, numbers: list[int], urls: SiteUrls) -> Markup:
    """'¶ 1, ¶ 4' as bare links. (A glossary lists terms × paragraphs, the largest list on the
    site: `html()` per link, which costs no `Markup` construction per value.)"""
    return join((html('<a href="{0}#{1}">¶ {2}</a>', document_href, urls.paragraph_id(n), int(n)) for n in numbers), ", ")
