"""Typed entries: an annotation or exemption as written in YAML, after the schema passed it.

The schema guarantees each field's type, so the conversion here only copies and
narrows (a YAML `2021.0` year becomes `2021`); code after loading reads typed fields
instead of `dict.get` on untyped data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict, cast

from .model import AnnotationType


class SourceFields(TypedDict, total=False):
    title: str
    url: str


class RangeFields(TypedDict, total=False):
    min: float
    max: float


class AnnotationFields(TypedDict, total=False):
    """One item of `annotations:` (see schema/annotation-file.schema.json)."""

    id: str
    type: AnnotationType
    quote: str
    prefix: str
    suffix: str
    note: str
    topics: list[str]
    related: list[str]
    attributed_to: str
    sources: list[SourceFields]
    value: float | RangeFields
    unit: str
    year: int
    series: str
    parts: list[str]
    approximate: bool
    blocks_comparison: bool


class ExemptionFields(TypedDict, total=False):
    """One item of `not_statistics:`."""

    quote: str
    prefix: str
    suffix: str
    reason: str


@dataclass(frozen=True)
class Entry:
    """An annotation or exemption before it is anchored, with the line of each of its fields."""

    fields: AnnotationFields | ExemptionFields
    document: str | None
    file: str
    line: int | None
    document_line: int | None = None  # where the file says `document:`
    field_lines: dict[str, int] = field(default_factory=dict, hash=False, compare=False)

    @property
    def id(self) -> str | None:
        value = self.fields.get("id")
        return value if isinstance(value, str) else None

    def line_of(self, name: str) -> int | None:
        """The line of field `name` (the entry's own line when the field is not written)."""
        return self.field_lines.get(name, self.line)


def entry_fields(item: dict[str, Any]) -> AnnotationFields:
    fields = cast(AnnotationFields, dict(item))
    if isinstance(item.get("year"), float):
        fields["year"] = int(item["year"])
    return fields


def exemption_fields(item: dict[str, Any]) -> ExemptionFields:
    return cast(ExemptionFields, dict(item))
