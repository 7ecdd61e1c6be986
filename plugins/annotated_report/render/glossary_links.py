"""Glossary terms in report text: one compiled matcher for every term, alias and plural.

The matcher is applied to each piece of text between annotation boundaries, so a link
never crosses a highlight and the paragraph's characters are unchanged: a link wraps
the report's own words, it adds none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from ..model import Document, Term
from ..textnorm import shorten
from ..urls import SiteUrls
from .html import html
from .markdown_safe import plain_text

#: Whitespace that is not a single plain space: only then is a piece of text normalized.
_ODD_SPACE = re.compile(r"\s{2,}|[^\S ]")
_SPACES = re.compile(r"\s+")


def plural_forms(name: str) -> set[str]:
    """The name and its regular English plurals ("NGO" → "NGOs", "policy" → "policies")."""
    forms = {name, f"{name}s"}
    if name.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(f"{name}es")
    if len(name) > 2 and name.endswith("y") and name[-2].lower() not in "aeiou":
        forms.add(f"{name[:-1]}ies")
    return forms


def _trie_pattern(forms: list[str]) -> str:
    """One regex for many literal strings, sharing prefixes (a trie), longest first.

    The engine walks a character at most once per branch it enters, so a piece of text
    costs time proportional to its length times the length of the longest term. Chains
    without a branch become one literal; a trie deeper than `_MAX_DEPTH` branch points
    (a hostile glossary) falls back to a flat alternation of literals, longest first.
    """
    trie: dict[str, dict] = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict], depth: int) -> str:
        if depth > _MAX_DEPTH:
            raise RecursionError
        branches = []
        for char, child in sorted(node.items()):
            if not char:
                continue
            literal = char
            while len(child) == 1 and "" not in child:  # a chain: no branch, no end
                (char, child), = child.items()
                literal += char
            branches.append(re.escape(literal) + build(child, depth + 1))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    try:
        return build(trie, 0)
    except RecursionError:
        return "(?:" + "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True)) + ")"


_MAX_DEPTH = 60


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    term: Term


def _normalized(text: str) -> tuple[str, list[int] | None]:
    """`text` with every whitespace run as one space, and where each character came from
    (None when nothing changed). Matching runs on this, so a term's spaces are literal."""
    if not _ODD_SPACE.search(text):
        return text, None
    out: list[str] = []
    origin: list[int] = []
    position = 0
    for match in _SPACES.finditer(text):
        out.append(text[position : match.start()])
        origin.extend(range(position, match.start()))
        out.append(" ")
        origin.append(match.start())
        position = match.end()
    out.append(text[position:])
    origin.extend(range(position, len(text)))
    origin.append(len(text))
    return "".join(out), origin


class GlossaryMatcher:
    """Finds whole-word, case-insensitive occurrences of any term or alias; longest wins.

    One compiled pattern with no repetition inside a term: whitespace runs in the text
    are made single spaces first (with a map back), so matching stays linear.
    """

    def __init__(self, terms: tuple[Term, ...] | list[Term]) -> None:
        self.by_form: dict[str, Term] = {}
        self._anchors: dict[tuple[SiteUrls, str], dict[str, Markup]] = {}
        for term in terms:
            for name in (term.term, *term.aliases):
                for form in plural_forms(name):
                    self.by_form.setdefault(" ".join(form.split()).lower(), term)
        forms = [form for form in self.by_form if form]
        self.pattern = (
            re.compile(rf"(?<![\w-]){_trie_pattern(forms)}(?![\w-])", re.IGNORECASE) if forms else None
        )

    def occurrences(self, text: str) -> list[Occurrence]:
        if self.pattern is None:
            return []
        normalized, origin = _normalized(text)
        found = []
        for match in self.pattern.finditer(normalized):
            term = self.by_form.get(match.group(0).lower())
            if term is None or match.end() == match.start():
                continue
            if origin is None:
                found.append(Occurrence(match.start(), match.end(), term))
            else:
                found.append(Occurrence(origin[match.start()], origin[match.end() - 1] + 1, term))
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

    def linker(self, urls: SiteUrls, page_url: str) -> Callable[[str], str]:
        """A text renderer for `render_report`: escapes text and links every term in it.

        One renderer per page, called on the page's text in reading order: a term's first
        occurrence carries its definition as a tooltip (`title`), later ones only link to
        the glossary. Repeating the definition on every use made a report page several
        times the size of its text, and the search plugin parses all of it.
        """
        link = urls.linker(page_url)
        # Every report page sits at the same depth, so the opening tags are made once per depth.
        anchors = self._anchors.get((urls, link.root))
        if anchors is None:
            terms = {term.slug: term for term in self.by_form.values()}
            anchors = self._anchors[(urls, link.root)] = {
                slug: html('<a class="ar-term" href="{0}" title="{1}" data-term="{2}">',
                    link(urls.glossary_entry(slug)), _tooltip(term.definition), slug
                )
                for slug, term in terms.items()
            }
            anchors.update({
                f"{slug}\0again": html('<a class="ar-term" href="{0}" data-term="{1}">', link(urls.glossary_entry(slug)), slug)
                for slug in terms
            })
        shown: set[str] = set()

        def render(text: str) -> str:
            out: list[str] = []
            position = 0
            for occurrence in self.occurrences(text):
                slug = occurrence.term.slug
                out.append(escape(text[position : occurrence.start]))
                out.append(anchors[f"{slug}\0again"] if slug in shown else anchors[slug])
                shown.add(slug)
                out.append(escape(text[occurrence.start : occurrence.end]))
                out.append("</a>")
                position = occurrence.end
            out.append(escape(text[position:]))
            return "".join(out)

        return render


@lru_cache(maxsize=4096)
def _tooltip(definition: str) -> str:
    return shorten(plain_text(definition), 220)
