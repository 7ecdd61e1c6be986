"""Glossary terms in report text: one compiled matcher for every term, alias and plural.

The matcher is applied to each piece of text between annotation boundaries, so a link
never crosses a highlight and the paragraph's characters are unchanged: a link wraps
the report's own words, it adds none.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from itertools import pairwise
from typing import NamedTuple

from ..model import Annotation, Document, Term
from ..textnorm import shorten
from ..urls import SiteUrls
from .html import escape_str, html
from .markdown_safe import SafeMarkdown

#: Whitespace other than a plain space: with it, or with two spaces in a row, a text is normalized.
_OTHER_SPACE = re.compile(r"[^\S ]")
_SPACES = re.compile(r"\s+")
_WORDISH = re.compile(r"[\w-]")


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


class Occurrence(NamedTuple):
    start: int
    end: int
    term: Term
    slug: str  # the term's slug, made once per matcher (`Term.slug` is computed on each use)


def _normalized(text: str) -> tuple[str, list[int] | None]:
    """`text` with every whitespace run as one space, and where each character came from
    (None when nothing changed). Matching runs on this, so a term's spaces are literal."""
    # Every whitespace character but the space is unprintable: `isprintable` (a C loop) answers
    # for nearly every paragraph, the regex only for text with some other unprintable character.
    if "  " not in text and (text.isprintable() or not _OTHER_SPACE.search(text)):
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


def _clean_piece(text: str, left: int, right: int) -> bool:
    r"""Whether matching `text[left:right]` alone sees, at its edges, what matching the whole
    text sees there. In the piece, `(?<![\w-])` passes at its start and `(?![\w-])` at its
    end; in the whole text they pass too when the character before `left` (after `right`)
    is no word character or hyphen. And where the piece starts (ends) with whitespace, no
    term can start (end) there: a term's form has no space at either end."""
    return (
        (left == 0 or text[left].isspace() or not _WORDISH.match(text, left - 1))
        and (right == len(text) or text[right - 1].isspace() or not _WORDISH.match(text, right))
    )


class GlossaryMatcher:
    """Finds whole-word, case-insensitive occurrences of any term or alias; longest wins.

    One compiled pattern with no repetition inside a term: whitespace runs in the text
    are made single spaces first (with a map back), so matching stays linear. The text
    is lowercased once and matched case-sensitively against the lowercased forms (several
    times faster than a case-insensitive pattern); the rare text whose lowercase has
    another length (e.g. "İ"), or depends on context (a capital sigma), is matched with
    the case-insensitive pattern instead.
    A paragraph's occurrences are found once per build and shared by the glossary page
    ("used in") and the report page.
    """

    def __init__(self, terms: tuple[Term, ...] | list[Term], markdown: SafeMarkdown | None = None) -> None:
        self.markdown = markdown or SafeMarkdown()
        self.by_form: dict[str, Term] = {}
        self._anchors: dict[tuple[SiteUrls, str], dict[str, str]] = {}
        #: Each paragraph's occurrences as (start, end, entry) triples of 4-byte integers (a
        #: seed is at most `limits.MAX_SEED_BYTES` characters; a list of Occurrence tuples took
        #: ~150 bytes per occurrence: 3.9 MB at N = 100, 8-byte integers 3.2 MiB at N = 400),
        #: by a digest of the paragraph's text (`_key`), not the text: `Paragraph.text` is a
        #: fresh slice on each read, so keying by it kept a copy of every paragraph (4 MiB
        #: at N = 100, 16 MiB at N = 400) to the end of the build.
        self._in_paragraph: dict[bytes, array[int]] = {}
        #: The same arrays by (document, paragraph number, start, end), for `terms_in`: one build's site.
        self._by_place: dict[tuple[str, int, int, int], array[int]] = {}
        for term in terms:
            for name in (term.term, *term.aliases):
                for form in plural_forms(name):
                    self.by_form.setdefault(" ".join(form.split()).lower(), term)
        entry_of: dict[int, int] = {}  # by the Term object's identity: two terms may be equal
        self._entries: list[tuple[Term, str]] = []
        self._found: dict[str, int] = {}
        for form, term in self.by_form.items():
            if id(term) not in entry_of:
                entry_of[id(term)] = len(self._entries)
                self._entries.append((term, term.slug))
            self._found[form] = entry_of[id(term)]
        forms = [form for form in self.by_form if form]
        trie = _trie_pattern(forms) if forms else ""
        self.pattern = re.compile(rf"(?<![\w-]){trie}(?![\w-])", re.IGNORECASE) if forms else None
        self._lower_pattern = re.compile(rf"(?<![\w-]){trie}(?![\w-])") if forms else None

    def occurrences(self, text: str) -> list[Occurrence]:
        entries = self._entries
        return [Occurrence(start, end, *entries[entry]) for start, end, entry in self._scan(text)]

    def _scan(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, entry) of each occurrence, in the original text's offsets."""
        if self.pattern is None or self._lower_pattern is None:
            return []
        normalized, origin = _normalized(text)
        lowered = normalized.lower()
        # Final sigma is the one letter whose lowercase depends on the letters around it.
        plain_case = len(lowered) == len(normalized) and "Σ" not in normalized
        matches = self._lower_pattern.finditer(lowered) if plain_case else self.pattern.finditer(normalized)
        known = self._found
        found = []
        for match in matches:
            start, end = match.span()
            entry = known.get(match.group(0).lower())
            if entry is None or end == start:
                continue
            if origin is None:
                found.append((start, end, entry))
            else:
                found.append((origin[start], origin[end - 1] + 1, entry))
        return found

    def in_paragraph(self, text: str) -> list[Occurrence]:
        """`occurrences(text)`, found once per build for each paragraph text."""
        packed = self._packed(text)
        entries = self._entries
        return [Occurrence(packed[at], packed[at + 1], *entries[packed[at + 2]]) for at in range(0, len(packed), 3)]

    def _packed(self, text: str) -> array[int]:
        """The paragraph's occurrences as they are kept: (start, end, entry) × n, flat."""
        key = _key(text)
        packed = self._in_paragraph.get(key)
        if packed is None:
            packed = self._in_paragraph[key] = array("i", [number for found in self._scan(text) for number in found])
        return packed

    def paragraphs_using(self, document: Document) -> dict[str, list[int]]:
        """For each term (by slug), the numbers of the paragraphs where it occurs."""
        used: dict[str, list[int]] = {}
        entries = self._entries
        for paragraph in document.paragraphs:
            packed = self._packed(paragraph.text)  # read in place: no `Occurrence` per use
            number = paragraph.number
            for at in range(2, len(packed), 3):
                numbers = used.setdefault(entries[packed[at]][1], [])
                if number not in numbers:
                    numbers.append(number)
        return used

    def terms_in(self, document: Document, annotation: Annotation) -> list[Term]:
        """The glossary terms the annotation's passage uses, once each, in reading order:
        its note lists them, since the words of a highlight are never links."""
        paragraph = next((p for p in document.paragraphs if p.number == annotation.span.paragraph), None)
        if paragraph is None:
            return []
        left, right = annotation.span.start - paragraph.start, annotation.span.end - paragraph.start
        seen: dict[int, Term] = {}
        # A paragraph's notes ask in turn: its occurrences by place, not by a digest of its text each time.
        place = (document.slug, paragraph.number, paragraph.start, paragraph.end)
        packed = self._by_place.get(place)
        if packed is None:
            packed = self._by_place[place] = self._packed(paragraph.text)
        for at in range(0, len(packed), 3):
            if packed[at] >= left and packed[at + 1] <= right:
                term = self._entries[packed[at + 2]][0]
                seen.setdefault(id(term), term)
        return list(seen.values())

    def pieces_occurrences(self, text: str, cuts: list[int]) -> list[list[Occurrence]]:
        """The occurrences in each piece of `text` between consecutive `cuts`, offsets in
        the piece, exactly as `occurrences(piece)` finds them.

        A link never crosses a highlight, so each piece is matched on its own; but most
        pieces are found from the paragraph's occurrences (found once): a piece with clean
        edges (`_clean_piece`) that no occurrence crosses reads the same either way. Only
        the others are matched again.
        """
        whole = self.in_paragraph(text)
        result: list[list[Occurrence]] = []
        index = 0
        for left, right in pairwise(cuts):
            while index < len(whole) and whole[index].end <= left:
                index += 1
            inside: list[Occurrence] = []
            position = index
            while position < len(whole) and whole[position].end <= right:
                inside.append(whole[position])
                position += 1
            crossed = (index < len(whole) and whole[index].start < left) or (
                position < len(whole) and whole[position].start < right)
            if crossed or not _clean_piece(text, left, right):
                result.append(self.occurrences(text[left:right]))
            else:
                result.append([o._replace(start=o.start - left, end=o.end - left) for o in inside] if left else inside)
        return result

    def linker(self, urls: SiteUrls, page_url: str) -> TermLinker:
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
                slug: html('<a href="{0}" title="{1}">', link(urls.glossary_entry(slug)), shorten(self.markdown.plain(term.definition), 220))
                for slug, term in terms.items()
            }
            anchors.update({f"{slug}\0again": html('<a href="{0}">', link(urls.glossary_entry(slug))) for slug in terms})
        return TermLinker(self, anchors)

    def _entry_slug(self, entry: int) -> str:
        return self._entries[entry][1]


class TermLinker:
    """Escapes a page's report text and links each glossary term in it (see `GlossaryMatcher.linker`).

    A link is the report's own words inside `<a href>` to the glossary entry (its slug is
    the link's fragment): no class or data attribute, since the report text holds no other
    links (the letters after highlights sit in `[data-note]`).
    """

    def __init__(self, matcher: GlossaryMatcher, anchors: dict[str, str]) -> None:
        self.matcher = matcher
        self.anchors = anchors
        self.shown: set[str] = set()

    def __call__(self, text: str) -> str:
        return self._render(text, self.matcher.occurrences(text))

    def pieces(self, text: str, cuts: list[int], plain: list[bool] | None = None) -> list[str]:
        """Each piece of a paragraph between consecutive cuts, rendered as `self(piece)` would;
        a piece whose `plain` flag is set (text inside a highlight) only escaped, and its
        terms do not count as the page's first use (the one with the definition).

        `GlossaryMatcher.pieces_occurrences` in one pass over the paragraph's kept occurrences
        (flat integers, offsets in the paragraph): a piece with clean edges that no occurrence
        crosses is rendered from them in place, with no `Occurrence` made or shifted; only the
        others are matched again alone. Tests check it against rendering every piece alone.
        """
        matcher = self.matcher
        packed = matcher._packed(text)
        count = len(packed)
        rendered: list[str] = []
        index = 0
        for number, (left, right) in enumerate(pairwise(cuts)):
            while index < count and packed[index + 1] <= left:
                index += 3
            if plain is not None and plain[number]:
                rendered.append(escape_str(text[left:right]))
                continue
            position = index
            while position < count and packed[position + 1] <= right:
                position += 3
            crossed = (index < count and packed[index] < left) or (position < count and packed[position] < right)
            if crossed or not _clean_piece(text, left, right):
                piece = text[left:right]
                rendered.append(self._render(piece, matcher.occurrences(piece)))
            elif position == index:
                rendered.append(escape_str(text[left:right]))
            else:
                rendered.append(self._render_kept(text, left, right, packed[index:position]))
        return rendered

    def _render_kept(self, text: str, left: int, right: int, found: array[int]) -> str:
        """`text[left:right]` with the kept occurrences `found` (paragraph offsets) linked."""
        slug_of = self.matcher._entry_slug
        out: list[str] = []
        position = left
        for at in range(0, len(found), 3):
            start, end = found[at], found[at + 1]
            out += (escape_str(text[position:start]), self._opening(slug_of(found[at + 2])), escape_str(text[start:end]), "</a>")
            position = end
        out.append(escape_str(text[position:right]))
        return "".join(out)

    def _render(self, text: str, found: list[Occurrence]) -> str:
        if not found:
            return escape_str(text)
        out: list[str] = []
        position = 0
        for start, end, _term, slug in found:
            out += (escape_str(text[position:start]), self._opening(slug), escape_str(text[start:end]), "</a>")
            position = end
        out.append(escape_str(text[position:]))
        return "".join(out)

    def _opening(self, slug: str) -> str:
        """The link's opening tag: with the definition on the term's first use on the page."""
        if slug in self.shown:
            return self.anchors[f"{slug}\0again"]
        self.shown.add(slug)
        return self.anchors[slug]


def _key(text: str) -> bytes:
    """A paragraph's text as a cache key: a SHA-256 digest (32 bytes instead of the text; a
    collision-resistant hash, so two texts never share occurrences). ~1.5 ms per MB of text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()

