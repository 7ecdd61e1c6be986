"""A shortcut for the commonest note: one line of prose with *emphasis* and [links](https://…).

Most notes are a sentence or three with an emphasised phrase and a link to a source. For
those, the full path (markdown-it-py's parse and render, then nh3's parse and serialization)
is most of a note's cost, and its result is known in advance: the text escaped, in one
paragraph, with `<em>` and `<a href rel>` where the note asks for them. `inline_html` gives
that result for a text made only of what it fully understands, and None for anything else
(then the full path runs). `tests/test_markdown_fast.py` checks, on generated texts full of
the characters Markdown treats specially, that it is either None or exactly what
`sanitize(convert(text))` gives: the reference implementation.
"""

from __future__ import annotations

import re

#: Characters that never start anything in Markdown or HTML inside a line of prose, with the
#: exceptions handled below (`*` for emphasis, `[]()` for links). Anything else (`\\`, `` ` ``,
#: `<`, `>`, `&`, `_`, `!`, `|`, `~`, `#`, a no-break space, control characters, a tab, a line
#: break) sends the text down the full path.
_PLAIN = r"[A-Za-z0-9 .,;:?'\"%$@/+=^{}-]|[\u00a1-\ud7ff\ue000-\ufffd](?<![\u00a0\u2028\u2029\ufeff])"
#: A piece of prose: no specials, not starting or ending with a space.
_URL = r"https?://[A-Za-z0-9._~:/?#@$'+,;=%-]+"
#: Emphasis CommonMark reads the same whatever surrounds it: opened after a space (or at the
#: start) before a letter or digit, closed after one before a space, the end or punctuation.
_EMPHASIS = r"(?<![^ (])\*(?P<em>[A-Za-z0-9](?:[^*\[\]()\\`<>&_!|~#\n\t\u00a0]*[A-Za-z0-9])?)\*(?=$|[ .,;:?)])"
_LINK = rf"\[(?P<text>[A-Za-z0-9][A-Za-z0-9 .,;:?'\"%$@/+=-]*)\]\((?P<url>{_URL})\)"
_TOKEN = re.compile(rf"{_EMPHASIS}|{_LINK}")
_STARTS_A_BLOCK = re.compile(r"[0-9]+[.)]|[-+*>=#]")
_SAFE_TEXT = re.compile(rf"(?:{_PLAIN}|[()])*")


def inline_html(text: str) -> str | None:
    """The sanitized HTML of `text` when it is one line of prose, emphasis and web links; else None."""
    text = text.removesuffix("\n")
    if not text or text[0] == " " or text[-1] == " " or _STARTS_A_BLOCK.match(text) or "  " in text:
        return None
    parts: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        before = text[position : match.start()]
        if not _SAFE_TEXT.fullmatch(before):
            return None
        parts.append(before)  # as nh3 writes text: no `&`, `<` or `>` get here, quotes stay as they are
        if match.group("em") is not None:
            words = match.group("em")
            if not _SAFE_TEXT.fullmatch(words):
                return None
            parts.append(f"<em>{words}</em>")
        else:
            parts.append(f'<a href="{match.group("url")}" rel="noopener noreferrer">{match.group("text")}</a>')
        position = match.end()
    rest = text[position:]
    if not _SAFE_TEXT.fullmatch(rest):
        return None
    parts.append(rest)
    return "<p>" + "".join(parts) + "</p>"

