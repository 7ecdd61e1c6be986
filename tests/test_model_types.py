"""The four types live in one table (model.TYPES); everything else is a view of it."""

from __future__ import annotations

import json
from importlib import resources

from annotated_report.model import ANNOTATION_TYPES, TYPE_DESCRIPTIONS, TYPE_PLURALS, TYPES
from annotated_report.render.notes import TYPE_LABELS, TYPE_MARKS
from annotated_report.urls import SiteUrls


def test_the_schema_enum_is_the_table_in_its_order():
    schema = json.loads(resources.files("annotated_report").joinpath("schema", "annotation-file.schema.json").read_text("utf-8"))
    entry = schema["properties"]["annotations"]["items"] if "annotations" in schema["properties"] else None
    found = []

    def walk(node):  # type: ignore[no-untyped-def]
        if isinstance(node, dict):
            if "type" in node.get("properties", {}) and "enum" in node["properties"]["type"]:
                found.append(node["properties"]["type"]["enum"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(entry if entry is not None else schema)
    walk(schema.get("$defs", {}))
    assert found and all(enum == list(TYPES) for enum in found)


def test_every_view_comes_from_the_table():
    assert tuple(TYPES) == ANNOTATION_TYPES
    for name, kind in TYPES.items():
        assert kind.name == name
        assert TYPE_LABELS[name] == kind.label and TYPE_MARKS[name] == kind.mark
        assert TYPE_PLURALS[name] == kind.plural and TYPE_DESCRIPTIONS[name] == kind.description
        assert SiteUrls().type_page(name) == kind.plural.lower()
    assert len({kind.mark for kind in TYPES.values()}) == len(TYPES)


def test_contributing_names_the_marks_the_site_shows():
    """CONTRIBUTING tells a newcomer which mark is which type: the marks of the table, in its order."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    (marks,) = re.findall(r"mark after it \(([^)]*):", text)
    assert marks.split(", ") == [kind.mark for kind in TYPES.values()]
