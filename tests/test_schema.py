"""schema.validate: every JSON Schema error becomes a sentence that says what to change."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from annotated_report import schema, yamlfile
from annotated_report.loading import annotation_files
from helpers import REPO

ANNOTATIONS = schema.ANNOTATION_FILE


def entry(**fields):
    base = {"id": "convictions-2021", "type": "statistic", "quote": "The government convicted 38 traffickers", "value": 38}
    base.update(fields)
    return {key: value for key, value in base.items() if value is not None}


def errors_for(*entries, **top):
    data = {"document": "cambodia-2022-prosecution", "annotations": list(entries), **top}
    data = {key: value for key, value in data.items() if value is not None}
    return schema.validate(data, ANNOTATIONS)


def only(errors):
    assert len(errors) == 1, errors
    return errors[0]


def test_the_shipped_schemas_are_valid_json_schemas():
    for name in (schema.ANNOTATION_FILE, schema.DOCUMENT_FILE):
        Draft202012Validator.check_schema(schema.load(name))


def test_a_valid_file_has_no_errors():
    assert errors_for(
        entry(),
        entry(id="range", quote="seven to 15 years", value={"min": 7, "max": 15}, unit="years", year=2021),
        entry(id="claim-one", type="claim", value=None, note="*md*", topics=["prosecutions"], related=["range"],
              attributed_to="NGOs", sources=[{"title": "TIP", "url": "https://example.org/x"}], prefix="a", suffix="b"),
        topics=[{"id": "prosecutions", "title": "Prosecutions"}],
        terms=[{"term": "MOJ", "definition": "Ministry of Justice", "aliases": ["Ministry of Justice"], "see_also": ["x"]}],
        not_statistics=[{"quote": "two-star", "reason": "A rank."}],
    ) == []


def test_missing_required_field():
    error = only(errors_for(entry(quote=None)))
    assert error.path == ("annotations", 0)
    assert error.message == "missing required field 'quote'."
    assert "report's own words" in error.hint
    assert 'e.g. quote: "The government convicted 38 traffickers"' in error.hint


def test_missing_required_field_of_a_topic():
    error = only(schema.validate({"topics": [{"id": "pandemic"}]}, ANNOTATIONS))
    assert error.path == ("topics", 0)
    assert "'title'" in error.message


def test_unknown_field_with_did_you_mean():
    error = only(errors_for(entry(notes="A typo for note.")))
    assert error.path == ("annotations", 0, "notes")
    assert error.message == "unknown field 'notes'; did you mean 'note'?"


def test_unknown_field_without_a_close_match_lists_the_allowed_fields():
    error = only(errors_for(entry(colour="red")))
    assert "unknown field 'colour'" in error.message
    assert "allowed fields:" in error.message
    assert "quote" in error.message and "related" in error.message


def test_unknown_top_level_field():
    error = only(errors_for(entry(), annotation=[]))
    assert error.path == ("annotation",)
    assert "did you mean 'annotations'?" in error.message


def test_every_unknown_field_is_reported():
    # An editor with two typos in one entry should hear about both at once.
    errors = errors_for(entry(notes="x", topic=["prosecutions"]))
    reported = {error.path[-1] for error in errors}
    assert reported == {"notes", "topic"}, [e.message for e in errors]


def test_enum_typo_with_did_you_mean():
    error = only(errors_for(entry(type="statistc")))
    assert error.path == ("annotations", 0, "type")
    assert error.message == "'statistc' is not a valid type. Did you mean 'statistic'?"
    assert error.hint == "Use one of: claim, statistic, caveat, allegation."


def test_enum_far_from_every_option_has_no_guess():
    error = only(errors_for(entry(type="opinion")))
    assert "Did you mean" not in error.message
    assert "claim, statistic, caveat, allegation" in error.hint


@pytest.mark.parametrize(("field", "value"), [("quote", 38), ("attributed_to", 2021), ("unit", 12.5)])
def test_number_given_for_text_says_put_it_in_quotes(field, value):
    error = only(errors_for(entry(**{field: value})))
    assert error.path == ("annotations", 0, field)
    assert error.message == f"'{field}' should be text, not the number {value}."
    assert error.hint == f'Put the value in quotes, e.g. {field}: "{value}".'


def test_yes_no_read_as_boolean_is_explained():
    error = only(errors_for(entry(attributed_to=True)))
    assert "true" in error.message and "quote it" in error.message
    assert "Put the value in quotes" in error.hint


def test_wrong_type_for_a_list():
    error = only(errors_for(entry(topics="prosecutions")))
    assert error.message == "'topics' should be a list, e.g. [a, b], not the text 'prosecutions'."
    assert error.hint == 'e.g. topics: ["prosecutions"]'


def test_bad_id_pattern_suggests_a_slug():
    error = only(errors_for(entry(id="Convictions 2021")))
    assert error.path == ("annotations", 0, "id")
    assert "'Convictions 2021' is not a valid id" in error.message
    assert "lowercase letters, digits and single hyphens" in error.message
    assert error.hint == "Try 'convictions-2021'."


@pytest.mark.parametrize(("bad", "suggestion"), [("double--hyphen", "double-hyphen"), ("-leading", "leading"), ("under_score", "under-score")])
def test_id_pattern_variants(bad, suggestion):
    error = only(errors_for(entry(id=bad)))
    assert error.hint == f"Try '{suggestion}'."


def test_bad_id_in_a_related_list():
    error = only(errors_for(entry(related=["ok-id", "Not OK"])))
    assert error.path == ("annotations", 0, "related", 1)
    assert "'Not OK' is not a valid related" in error.message
    assert error.hint == "Try 'not-ok'."


def test_url_pattern():
    error = only(errors_for(entry(sources=[{"title": "TIP", "url": "www.state.gov/report"}])))
    assert error.path == ("annotations", 0, "sources", 0, "url")
    assert error.message == "'www.state.gov/report' is not a web address."
    assert "http://" in error.hint and "https://" in error.hint


@pytest.mark.parametrize("value", ["38", [7, 15], {"minimum": 7}, {}, True])
def test_value_must_be_a_number_or_a_range(value):
    error = only(errors_for(entry(value=value)))
    assert error.path == ("annotations", 0, "value")
    assert "'value' has the wrong form" in error.message
    assert error.hint == "e.g. value: 38"


def test_annotations_without_document():
    error = only(errors_for(entry(), document=None))
    assert error.path == ()
    assert "'annotations' but no 'document'" in error.message
    assert "document: <slug>" in error.hint


def test_not_statistics_without_document():
    error = only(schema.validate({"not_statistics": [{"quote": "two-star", "reason": "rank"}]}, ANNOTATIONS))
    assert "'not_statistics' but no 'document'" in error.message


def test_empty_text_field():
    error = only(errors_for(entry(quote="")))
    assert error.message == "'quote' is empty."


def test_year_out_of_range():
    error = only(errors_for(entry(year=21)))
    assert error.message.startswith("year 21 is out of range")
    assert "1900" in error.message and "2200" in error.message


def test_repeated_list_item():
    error = only(errors_for(entry(topics=["a", "a"])))
    assert error.message == "'topics' lists the same item twice."


def test_errors_come_in_document_order():
    entries = [entry(id=f"entry-{i}", value=i) for i in range(12)]
    entries[2]["type"] = "clam"
    entries[10]["type"] = "clam"
    paths = [error.path for error in errors_for(*entries)]
    assert paths == [("annotations", 2, "type"), ("annotations", 10, "type")]


def test_document_sidecar_schema():
    assert schema.validate({"title": "T", "year": 2022, "source_url": "https://x.org"}, schema.DOCUMENT_FILE) == []
    errors = schema.validate({"titel": "T"}, schema.DOCUMENT_FILE)
    messages = [error.message for error in errors]
    assert "missing required field 'title'." in messages
    assert "unknown field 'titel'; did you mean 'title'?" in messages


# --- the repository's own files ------------------------------------------------------------


def _repo_annotation_files() -> list[Path]:
    return annotation_files(REPO / "annotations")


def test_every_repository_annotation_file_validates():
    problems = []
    for path in _repo_annotation_files():
        data, duplicates = yamlfile.parse(path.read_text(encoding="utf-8"))
        shown = path.relative_to(REPO).as_posix()
        problems.extend(f"{shown}:{d.line}: duplicate key '{d.key}'" for d in duplicates)
        for error in schema.validate(data, ANNOTATIONS):
            problems.append(f"{shown}:{yamlfile.line_at(data, error.path)}: {error.message} {error.hint or ''}")
    assert problems == []


def test_every_repository_seed_sidecar_validates():
    sidecars = sorted((REPO / "seeds").glob("*.yml"))
    assert sidecars, "the repository has no seed metadata"
    for path in sidecars:
        data, duplicates = yamlfile.parse(path.read_text(encoding="utf-8"))
        assert duplicates == []
        assert schema.validate(data, schema.DOCUMENT_FILE) == [], path


def test_schema_examples_are_valid_for_their_field():
    """Each `examples` value must itself pass the field's schema (they are shown in hints)."""
    root = schema.load(ANNOTATIONS)
    checked = 0

    def visit(node, where):
        nonlocal checked
        if isinstance(node, dict):
            if "examples" in node:
                sub = {**{k: v for k, v in node.items() if k != "examples"}, "$defs": root["$defs"]}
                for example in node["examples"]:
                    errors = list(Draft202012Validator(sub).iter_errors(example))
                    assert errors == [], (where, example, [e.message for e in errors])
                    checked += 1
            for key, value in node.items():
                visit(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                visit(value, f"{where}/{index}")

    visit(root, "#")
    assert checked > 10
