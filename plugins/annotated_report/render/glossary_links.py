"""Glossary terms in report text: one compiled matcher for every term, alias and plural.

The matcher is applied to each piece of text between annotation boundaries, so a link
never crosses a highlight and the paragraph's characters are unchanged: a link wraps
the report's own words, it adds none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from ..model import Document, Term
from ..textnorm import shorten
from ..urls import SiteUrls, relative
from .markdown_safe import plain_text


def plural_forms(name: str) -> set[str]:
    """The name and its regular English plurals ("NGO" → "NGOs", "policy" → "policies")."""
    forms = {name, f"{name}s"}
    if name.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(f"{name}es")
    if len(name) > 2 and name.endswith("y") and name[-2].lower() not in "aeiou":
        forms.add(f"{name[:-1]}ies")
    return forms


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    term: Term


class GlossaryMatcher:
    """Finds whole-word, case-insensitive occurrences of any term or alias; longest wins."""

    def __init__(self, terms: tuple[Term, ...] | list[Term]) -> None:
        self.by_form: dict[str, Term] = {}
        for term in terms:
            for name in (term.term, *term.aliases):
                for form in plural_forms(name):
                    self.by_form.setdefault(form.lower(), term)
        forms = sorted(self.by_form, key=len, reverse=True)
        alternatives = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in forms)
        self.pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE) if forms else None

    def occurrences(self, text: str) -> list[Occurrence]:
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(text):
            term = self.by_form.get(" ".join(match.group(0).split()).lower())
            if term is not None:
                found.append(Occurrence(match.start(), match.end(), term))
        return found

    def paragraphs_using(self, document: Document) -> dict[str, list[int]]:
        """For each term (by slug), the numbers of the paragraphs where it occurs."""
        used: dict[str, list[int]] = {}
        for paragraph in document.paragraphs:
            for occurrence in self.occurrences(paragraph.text):
                numbers = used.setdefault(occurrence.term.slug, [])
                if paragraph.number not in numbers:
                    numbers.append(paragraph.number)
        return used

    def linker(self, urls: SiteUrls, page_url: str):  # type: ignore[no-untyped-def]
        """A text renderer for `render_report`: escapes text and links every term in it."""
        tooltips = {term.slug: shorten(plain_text(term.definition), 220) for term in self.by_form.values()}
        glossary_url = urls.url(urls.glossary_page())

        def render(text: str) -> str:
            out: list[str] = []
            position = 0
            for occurrence in self.occurrences(text):
                out.append(escape(text[position : occurrence.start], quote=False))
                slug = occurrence.term.slug
                href = relative(page_url, f"{glossary_url}#{slug}")
                out.append(
                    f'<a class="ar-term" href="{escape(href)}" title="{escape(tooltips[slug])}" data-term="{slug}">'
                    f"{escape(text[occurrence.start : occurrence.end], quote=False)}</a>"
                )
                position = occurrence.end
            out.append(escape(text[position:], quote=False))
            return "".join(out)

        return render
