"""HTML escaped by construction: the one way render/ and pages/ put values into markup.

`html(template, *values)` fills a trusted literal template with values, each escaped
unless it is already `Markup` (HTML we built, or sanitized contributor Markdown). It is
markupsafe's `Markup.format` with the escaping done up front by markupsafe's own C
escape, called directly for plain strings and integers: `markupsafe.escape` wraps every
value in a `Markup` object first, which made escaping most of the rendering time of a
report page (half a million values per 100-document build).
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

try:  # the function markupsafe.escape itself calls (C when built, else pure Python)
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - markupsafe without its C extension
    from markupsafe._native import _escape_inner

__all__ = ["Markup", "escape", "escape_str", "html", "join", "without_indentation"]


def escape_str(text: str) -> str:
    """`str(markupsafe.escape(text))` for a plain string, without the Markup object."""
    return _escape_inner(text)


def _filled(value: object) -> str:
    kind = type(value)
    if kind is str:
        return _escape_inner(value)  # type: ignore[arg-type]
    if kind is Markup:
        return value  # type: ignore[return-value]
    if kind is int:
        return str(value)  # digits and a sign: nothing to escape
    return escape(value)


#: `Markup(text)` for a plain `str` without `Markup.__new__`, a Python function (it asks the
#: value for `__html__` and an encoding): it was a third of the time of `html()`. The result
#: is the same object; only ever given the plain string an escaping step just made.
_as_markup = str.__new__


def html(template: str, *values: object) -> Markup:
    """`template.format(*values)` with every value escaped; numbers are formatted by the caller."""
    return _as_markup(Markup, template.format(*map(_filled, values)))


def join(parts: object, separator: str = "") -> Markup:
    """Parts (each escaped unless Markup) joined by a trusted separator."""
    return _as_markup(Markup, separator.join(map(_filled, parts)))  # type: ignore[call-overload]


#: Elements whose whitespace is shown as written (Material styles `code`, `kbd` and `pre` with
#: `white-space: pre-wrap`) or is not text at all (scripts, styles, form text).
_VERBATIM = re.compile(r"<(pre|code|kbd|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
#: A line break and the whitespace after it: indentation and blank lines (HTML's own
#: whitespace characters only; a no-break space is text).
_LINE_START = re.compile(r"\n[ \t\n\r\f]+")


def without_indentation(page: str) -> str:
    """A written page with every line break's following indentation and blank lines removed,
    except inside elements whose whitespace shows (`pre`, `code`, `kbd`, `textarea`) or is
    code (`script`, `style`).

    A run of whitespace that holds a line break renders as that line break alone (both
    collapse to one space, or to nothing at a line's edge), so the page reads, looks and
    parses the same. The theme's templates indent every navigation item: on a report page
    that was a seventh of the file at N = 100 and a fifth at N = 400 (the navigation lists
    every report on every page), written again for each page.
    """
    out: list[str] = []
    done = 0
    for match in _VERBATIM.finditer(page):
        out.append(_LINE_START.sub("\n", page[done : match.start()]))
        out.append(match.group(0))
        done = match.end()
    out.append(_LINE_START.sub("\n", page[done:]))
    return "".join(out)
