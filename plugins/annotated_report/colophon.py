"""The `colophon:` option of the plugin read into a `model.Colophon`, one problem per bad field.

Why in the core: MkDocs (config.py, plugin.py) and the pages command (project.py, sitefiles.py)
read the same option from mkdocs.yml, and must say the same thing about the same mistake.
A bad field is left at its default and reported; it never stops the build (a strict build
fails on the warning).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from types import MappingProxyType
from urllib.parse import urlsplit

from .limits import safe_repr
from .model import Colophon, Problem

#: Where the option lives, for messages.
OPTION_PATH = "plugins → annotated-report → colophon"

_TEXT_FIELDS = ("publisher", "annotations_licence", "code_licence")


def _web_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _corrections_route(value: str) -> bool:
    """An http(s) address, or a mailto: link with an address (no placeholder domain)."""
    if value.startswith("mailto:"):
        address = value[len("mailto:"):].split("?", 1)[0]
        local, at, domain = address.partition("@")
        return bool(local) and bool(at) and "." in domain and not domain.endswith(("example.org", "example.com", "example.net"))
    return _web_address(value)


def read_colophon(value: object, config_file: str = "mkdocs.yml") -> tuple[Colophon, list[Problem]]:
    """The colophon `value` (the option as YAML gives it; None: not set) describes, and a
    problem for each field that is wrong (that field keeps its default)."""
    colophon = Colophon()
    if value is None:
        return colophon, []
    if not isinstance(value, Mapping):
        return colophon, [Problem(config_file, None, f"{OPTION_PATH} must be a mapping of fields, not {safe_repr(value)}.",
                                  hint="Write it as `colophon: {publisher: …, editors: […], reviewed: YYYY-MM-DD, corrections: https://…}`.")]
    known = {field.name for field in fields(Colophon)}
    problems: list[Problem] = []
    changes: dict[str, object] = {}

    def problem(name: str, message: str, hint: str) -> None:
        problems.append(Problem(config_file, None, f"{OPTION_PATH} → {name}: {message}", hint=hint))

    for key, raw in value.items():
        name = str(key)
        if name not in known:
            british = name.replace("license", "licence")  # the fields use the British spelling
            hint = (f"Did you mean `{british}`?" if british in known else "") + " The fields are: " + ", ".join(sorted(known)) + "."
            problem(safe_repr(name), "is not a colophon field.", hint.strip())
            continue
        try:
            changes[name] = _CHECKS[name](raw)
        except _Bad as bad:
            problem(name, bad.message, bad.hint)
    return replace(colophon, **changes), problems  # type: ignore[arg-type]


class _Bad(ValueError):
    """A field's value is wrong: what is wrong, and how to fix it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def _text(raw: object) -> str:
    if isinstance(raw, str) and raw.strip():
        return raw.strip()
    raise _Bad(f"must be non-empty text, not {safe_repr(raw)}.", "Write the name in quotes, or remove the line.")


def _editors(raw: object) -> tuple[str, ...]:
    names = [raw] if isinstance(raw, str) else raw
    if isinstance(names, list) and names and all(isinstance(n, str) and n.strip() for n in names):
        return tuple(n.strip() for n in names)
    raise _Bad(f"must be a name or a list of names, not {safe_repr(raw)}.", "Write e.g. `editors: [Ada Lovelace, The data desk]`.")


def _reviewed(raw: object) -> str:
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date):  # YAML reads an unquoted 2026-12-07 as a date
        return raw.isoformat()
    if isinstance(raw, str):
        try:
            return datetime.date.fromisoformat(raw.strip()).isoformat()
        except ValueError:
            pass
    raise _Bad(f"must be the date of the last review as YYYY-MM-DD, not {safe_repr(raw)}.", "Write e.g. `reviewed: 2026-12-07`.")


def _corrections(raw: object) -> str:
    if isinstance(raw, str) and _corrections_route(raw.strip()):
        return raw.strip()
    raise _Bad(f"must be where readers send corrections: an https:// address or a mailto: link with a real address, not {safe_repr(raw)}.",
               "Give e.g. the repository's issues page, https://github.com/OWNER/REPO/issues.")


def _licence_url(raw: object) -> str:
    if isinstance(raw, str) and _web_address(raw.strip()):
        return raw.strip()
    raise _Bad(f"must be an http(s) address, not {safe_repr(raw)}.", "Give the licence's page, e.g. https://creativecommons.org/licenses/by/4.0/.")


#: The check of each field (read-only).
_CHECKS: Mapping[str, Callable[[object], object]] = MappingProxyType({
    **{name: _text for name in _TEXT_FIELDS},
    "editors": _editors,
    "reviewed": _reviewed,
    "corrections": _corrections,
    "annotations_licence_url": _licence_url,
})
