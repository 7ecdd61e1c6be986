"""Contributor Markdown → HTML → sanitizer: the one way annotation text becomes HTML.

Notes, definitions and descriptions are written by many people through pull requests.
They are rendered with Python-Markdown and then cleaned by Ammonia (through `nh3`) with
an allowlist, so no script, event handler, style or `javascript:` URL reaches a reader.
"""

from __future__ import annotations

import html as html_lib
import re
from functools import cache

import markdown
import nh3

from .markdown_store import FORMAT, MarkdownStore

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "i", "li", "ol", "p", "pre",
    "strong", "sub", "sup", "ul", "table", "thead", "tbody", "tr", "th", "td", "hr", "span",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

_INLINE_WRAPPER = ("<p>", "</p>")
_EXTENSIONS = ("sane_lists", "tables", "fenced_code")
_OUTPUT_FORMAT = "html"
#: What decides Python-Markdown's output besides the text: a kept rendering is reused only
#: under the same recipe (see `markdown_store`).
RECIPE = f"annotated-report {FORMAT}; Markdown {markdown.__version__}; {', '.join(_EXTENSIONS)}; {_OUTPUT_FORMAT}"


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(_EXTENSIONS), output_format=_OUTPUT_FORMAT)


_converter = _markdown()
#: Where renderings are kept between builds (set by the plugin for one build), or None.
_store: MarkdownStore | None = None


def use_store(store: MarkdownStore | None) -> None:
    """Reuse and keep renderings in `store` from now on (None: render every text)."""
    global _store
    _store = store


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


@cache
def render_markdown(text: str) -> str:
    """Block Markdown (paragraphs, lists, links) as safe HTML.

    Cached without a bound, for one build: a note is needed by the exports, its report page,
    the search text and the summaries of its entries, at different moments of the build, so
    a bounded cache smaller than the publication evicted every note before its next use
    (at 20,000 notes each was rendered three times). `forget_rendered` empties it when a
    build starts, so it holds one build's texts at most. Python-Markdown's output may come
    from the store of an earlier build (`use_store`); it is sanitized here either way.
    """
    store = _store
    rendered = store.get(text) if store is not None else None
    if rendered is None:
        _converter.reset()
        rendered = _converter.convert(text or "")
        if store is not None:
            store.put(text, rendered)
    return sanitize(rendered)


def forget_rendered() -> None:
    """Empties `render_markdown`'s cache: called when a build starts."""
    render_markdown.cache_clear()


def render_inline(text: str) -> str:
    """One line of Markdown as safe inline HTML (no wrapping paragraph), e.g. a title or tooltip."""
    html = render_markdown(text).strip()
    opening, closing = _INLINE_WRAPPER
    if html.startswith(opening) and html.endswith(closing) and html.count(opening) == 1:
        html = html[len(opening) : -len(closing)]
    return html


#: A tag in HTML that `sanitize` wrote (html5ever's serializer): attribute values are always
#: double-quoted with `"` escaped inside, text never holds a bare `<` or `>`, comments are gone.
#: So a tag runs from `<` to the first `>` outside quotes. Only for `sanitize`'s own output.
_SANITIZED_TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')


def plain_text(text: str) -> str:
    """Markdown reduced to its words, for tooltips, meta descriptions and search.

    The tags of the sanitized HTML (cached by `render_markdown`) are cut by a regex instead
    of a second nh3 pass with no tags allowed (a parse and a serialization per note, most of
    the cost of the search text of 5,000 notes); tests check both give the same words.
    """
    return " ".join(html_lib.unescape(_SANITIZED_TAG.sub("", render_markdown(text))).split())
