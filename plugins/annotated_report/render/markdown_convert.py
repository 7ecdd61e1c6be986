"""Contributor Markdown → (unsanitized) HTML, in time linear in the text and at a bounded depth.

Notes, definitions and descriptions come from pull requests, so a hostile shape must not
stall or crash a build. Python-Markdown (used before) recursed once per nested list item
(`1. ` × 700 raised `RecursionError`) and rescanned text with regexes (a 20,000-character
note of `[` took over a minute). markdown-it-py is a CommonMark parser built to be linear:
every nested block or link counts towards `maxNesting`, so the depth of its recursion
is bounded by a constant whatever the text (a text nested deeper is shown as written,
escaped: no real note nests 9 quotes or 5 lists). It renders the notes in well under
half Python-Markdown's time, and CommonMark is where Zensical (Material's successor) is going.

The output is *not* safe: `markdown_safe.sanitize` cleans it (raw HTML is parsed here so
that the sanitizer, not the parser, decides what survives, as before).
"""

from __future__ import annotations

import html
import re
from types import MappingProxyType

import markdown_it
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, html_block

from ..limits import MAX_MARKDOWN_NESTING

#: How deep blocks and links may nest (see `limits`); real notes nest two or three deep.
MAX_NESTING = MAX_MARKDOWN_NESTING
#: A block opened this deep is one the parser no longer reads inside (see `convert`).
_DEEPEST = MAX_NESTING - 1
#: Bumped when `convert` changes its output for reasons `RECIPE` does not show otherwise.
FORMAT = 1
_PRESET = "commonmark"
_EXTRA_RULES = ("table",)
#: Tags that never open a raw HTML block (see `_html_block`).
_INLINE_ONLY_TAGS = ("script", "style", "textarea")
_OPTIONS = MappingProxyType({"maxNesting": MAX_NESTING, "html": True, "linkify": False, "typographer": False, "xhtmlOut": False})

#: What decides `convert`'s output besides the text: a kept rendering (`markdown_store`) is
#: reused only under the same recipe.
RECIPE = (
    f"markdown-it-py {markdown_it.__version__}; {_PRESET} + {', '.join(_EXTRA_RULES)}; "
    f"{', '.join(f'{name}={value}' for name, value in _OPTIONS.items())}; any link scheme, addresses as written; "
    f"no raw block for {', '.join(_INLINE_ONLY_TAGS)}; format {FORMAT}"
)


def _any_link(url: str) -> bool:
    """Every link destination is parsed as a link: the sanitizer drops unsafe schemes.

    markdown-it would otherwise leave `[x](javascript:…)` as literal text, showing the
    address to readers; Python-Markdown made it a link whose `href` nh3 removed, and the
    notes keep that behaviour (the words stay, the address goes).
    """
    return True


_INLINE_ONLY_START = re.compile(rf"<(?:{'|'.join(_INLINE_ONLY_TAGS)})(?=[\s/>]|\Z)", re.IGNORECASE)


def _html_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """CommonMark's raw HTML block, except for a line that opens a script, style or textarea.

    In CommonMark such a line is raw HTML up to its closing tag, so the Markdown after it on
    the line would show as written, `[x](javascript:…)` included, once the sanitizer drops the
    element. Python-Markdown set the element apart and read the rest as Markdown; parsed as
    inline HTML in a paragraph, the notes keep that reading.
    """
    if _INLINE_ONLY_START.match(state.src, state.bMarks[start_line] + state.tShift[start_line]):
        return False
    return html_block(state, start_line, end_line, silent)


def _address_as_written(url: str) -> str:
    """A link's address (and an autolink's text) as the contributor wrote it.

    markdown-it percent-encodes addresses and converts host names to punycode, a sixth of
    a typical note's time; Python-Markdown wrote them as they were (escaped for HTML, as
    the renderer does here), and browsers encode them when they follow the link.
    """
    return url


def _parser() -> MarkdownIt:
    parser = MarkdownIt(_PRESET, dict(_OPTIONS)).enable(list(_EXTRA_RULES))
    parser.validateLink = _any_link  # type: ignore[method-assign]
    parser.normalizeLink = _address_as_written  # type: ignore[method-assign]
    parser.normalizeLinkText = _address_as_written  # type: ignore[method-assign,assignment]
    parser.block.ruler.at("html_block", _html_block, {"alt": ["paragraph", "reference", "blockquote"]})
    parser.render("*a* [b](c)\n\n- d\n\n| e |\n| - |\n")  # compiles every rule chain now, not during a build
    return parser


#: Built and configured once here, then only read: `parse` keeps everything about one text
#: in the state objects it creates for that text (StateCore, StateBlock, StateInline, and
#: the `env` dict `convert` passes), and the renderer only reads its rules, so this object
#: holds nothing between texts or builds and is not a cache. Its rule chains are compiled
#: above, at import, not lazily during a build.
_PARSER = _parser()


def _as_written(text: str) -> str:
    """The text, escaped, in one paragraph: what a note shows when it cannot be parsed."""
    return f"<p>{html.escape(text, quote=False)}</p>"


def convert(text: str) -> str:
    """`text` as HTML (unsanitized), without a trailing newline; never raises.

    A text nested as deep as the parser goes (where it stops parsing and drops the rest of
    the block) or that the parser fails on all the same is shown as it was written, escaped,
    in one paragraph: a note that reads oddly is better than words lost or a build that
    stops with half its exports written.
    """
    try:
        env: dict[str, object] = {}
        tokens = _PARSER.parse(text, env)
        if any(token.nesting == 1 and token.level >= _DEEPEST for token in tokens):
            return _as_written(text)
        rendered: str = _PARSER.renderer.render(tokens, _PARSER.options, env)
    except Exception:  # a parser bug on some input (RecursionError included): the text still shows
        return _as_written(text)
    return rendered.rstrip("\n")
