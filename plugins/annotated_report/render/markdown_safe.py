"""Contributor Markdown → HTML → sanitizer: the one way annotation text becomes HTML.

Notes, definitions and descriptions are written by many people through pull requests.
They are rendered with markdown-it-py (`markdown_convert`: linear, bounded depth, never
raises) and then cleaned by Ammonia (through `nh3`) with an allowlist, so no script, event
handler, style or `javascript:` URL reaches a reader.
"""

from __future__ import annotations

import html as html_lib
import re

import nh3

from .markdown_convert import RECIPE as CONVERTER_RECIPE
from .markdown_convert import convert
from .markdown_fast import inline_html
from .markdown_store import FORMAT, MarkdownStore

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "i", "li", "ol", "p", "pre",
    "strong", "sub", "sup", "ul", "table", "thead", "tbody", "tr", "th", "td", "hr", "span",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

_INLINE_WRAPPER = ("<p>", "</p>")
#: What decides the converter's output besides the text: a kept rendering is reused only
#: under the same recipe (see `markdown_store`).
RECIPE = f"annotated-report {FORMAT}; {CONVERTER_RECIPE}"


def sanitize(html: str) -> str:
    """Keep only allowlisted tags, attributes and URL schemes; external links get rel=noopener."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


class SafeMarkdown:
    """Contributor Markdown as safe HTML, each text rendered once per build.

    One object per build (`publish.Build` owns it): a note is needed by the exports, its
    report page, the search records and the summaries of its entries, at different moments
    of the build, so its sanitized HTML is kept here until the build ends and the object is
    dropped; nothing outlives the build but what `store` keeps (the converter's output,
    never sanitized HTML: it is sanitized here on every build).
    """

    def __init__(self, store: MarkdownStore | None = None) -> None:
        self.store = store
        self._html: dict[str, str] = {}
        self._plain: dict[str, str] = {}

    def html(self, text: str) -> str:
        """Block Markdown (paragraphs, lists, links) as safe HTML."""
        found = self._html.get(text)
        if found is None and (found := inline_html(text)) is not None:  # one line of prose: known without parsing
            self._html[text] = found
        if found is None:
            rendered = self.store.get(text) if self.store is not None else None
            if rendered is None:
                rendered = self._convert(text)
                if self.store is not None:
                    self.store.put(text, rendered)
            found = self._html[text] = sanitize(rendered)
        return found

    def _convert(self, text: str) -> str:
        """Markdown to (unsanitized) HTML."""
        return convert(text or "")

    def inline(self, text: str) -> str:
        """One line of Markdown as safe inline HTML (no wrapping paragraph), e.g. a title or tooltip."""
        html = self.html(text).strip()
        opening, closing = _INLINE_WRAPPER
        if html.startswith(opening) and html.endswith(closing) and html.count(opening) == 1:
            html = html[len(opening) : -len(closing)]
        return html

    def plain(self, text: str) -> str:
        """Markdown reduced to its words, for tooltips, meta descriptions and search.

        The tags of the sanitized HTML are cut by a regex instead of a second nh3 pass with
        no tags allowed (a parse and a serialization per note, most of the cost of the search
        text of 5,000 notes); tests check both give the same words.
        """
        found = self._plain.get(text)
        if found is None:
            found = self._plain[text] = " ".join(html_lib.unescape(_SANITIZED_TAG.sub("", self.html(text))).split())
        return found


def render_markdown(text: str) -> str:
    """`SafeMarkdown.html` of one text, with nothing kept (tests and one-off callers)."""
    return SafeMarkdown().html(text)


def render_inline(text: str) -> str:
    """`SafeMarkdown.inline` of one text, with nothing kept."""
    return SafeMarkdown().inline(text)


def plain_text(text: str) -> str:
    """`SafeMarkdown.plain` of one text, with nothing kept."""
    return SafeMarkdown().plain(text)


#: A tag in HTML that `sanitize` wrote (html5ever's serializer): attribute values are always
#: double-quoted with `"` escaped inside, text never holds a bare `<` or `>`, comments are gone.
#: So a tag runs from `<` to the first `>` outside quotes. Only for `sanitize`'s own output.
_SANITIZED_TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')

