"""HTML escaped by construction: the one way render/ and pages/ put values into markup.

`html(template, *values)` fills a trusted literal template with values, each escaped
unless it is already `Markup` (HTML we built, or sanitized contributor Markdown). It is
markupsafe's `Markup.format` with the escaping done up front by markupsafe's own C
escape, called directly for plain strings and integers: `markupsafe.escape` wraps every
value in a `Markup` object first, which made escaping most of the rendering time of a
report page (half a million values per 100-document build).
"""

from __future__ import annotations

from markupsafe import Markup, escape

try:  # the function markupsafe.escape itself calls (C when built, else pure Python)
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - markupsafe without its C extension
    from markupsafe._native import _escape_inner

__all__ = ["Markup", "escape", "escape_str", "html", "join"]


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
