"""The `colophon:` option read into a `Colophon`: each bad field one message (file, option path,
what is wrong, how to fix it) and its default kept; hostile values never raise."""

from __future__ import annotations

import datetime

import pytest

from annotated_report.colophon import OPTION_PATH, read_colophon
from annotated_report.model import Colophon

FULL = {
    "publisher": "The Example Newsroom",
    "editors": ["Ada Lovelace", "The data desk"],
    "reviewed": datetime.date(2026, 12, 7),  # YAML reads an unquoted date as a date
    "corrections": "https://github.com/owner/repo/issues",
    "annotations_licence": "CC BY 4.0",
    "annotations_licence_url": "https://creativecommons.org/licenses/by/4.0/",
    "code_licence": "MIT",
}


def test_a_full_colophon_is_read_as_written():
    colophon, problems = read_colophon(FULL)
    assert problems == []
    assert colophon == Colophon("The Example Newsroom", ("Ada Lovelace", "The data desk"), "2026-12-07",
                                "https://github.com/owner/repo/issues", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", "MIT")


def test_no_colophon_is_the_empty_one_and_claims_no_licence():
    colophon, problems = read_colophon(None)
    assert (colophon, problems) == (Colophon(), [])
    assert colophon.annotations_licence == "" and colophon.code_licence == ""


def test_one_editor_may_be_written_as_a_name_and_a_date_as_text():
    colophon, problems = read_colophon({"editors": "Ada Lovelace", "reviewed": "2026-01-31", "corrections": "mailto:fix@news.example.net.uk"})
    assert problems == []
    assert colophon.editors == ("Ada Lovelace",) and colophon.reviewed == "2026-01-31"


@pytest.mark.parametrize(("field", "value", "says", "hint"), [
    ("reviewed", "7 Dec 2026", "must be the date of the last review as YYYY-MM-DD", "reviewed: 2026-12-07"),
    ("reviewed", "2026-13-01", "must be the date of the last review as YYYY-MM-DD", "reviewed: 2026-12-07"),
    ("corrections", "mailto:someone@example.org", "mailto: link with a real address", "issues"),
    ("corrections", "javascript:alert(1)", "where readers send corrections", "issues"),
    ("corrections", "see the repository", "where readers send corrections", "issues"),
    ("annotations_licence_url", "creativecommons.org", "must be an http(s) address", "https://creativecommons.org"),
    ("editors", [], "must be a name or a list of names", "editors: ["),
    ("editors", ["Ada", 3], "must be a name or a list of names", "editors: ["),
    ("publisher", "", "must be non-empty text", "quotes"),
    ("publisher", {"name": "x"}, "must be non-empty text", "quotes"),
])
def test_each_bad_field_is_one_message_and_keeps_its_default(field, value, says, hint):
    colophon, problems = read_colophon({**FULL, field: value})
    (problem,) = problems
    assert problem.file == "mkdocs.yml"
    assert problem.message.startswith(f"{OPTION_PATH} → {field}: ") and says in problem.message, problem.message
    assert hint in (problem.hint or "")
    assert getattr(colophon, field) == getattr(Colophon(), field)
    assert colophon.publisher == FULL["publisher"] or field == "publisher"  # the other fields are kept


def test_two_bad_fields_are_two_messages():
    _, problems = read_colophon({"reviewed": "soon", "corrections": "later", "publisher": "Fine"})
    assert [p.message.split(":")[0] for p in problems] == [f"{OPTION_PATH} → reviewed", f"{OPTION_PATH} → corrections"]


def test_an_unknown_field_names_the_fields_and_the_british_spelling():
    _, problems = read_colophon({"annotations_license": "CC BY 4.0"}, "site.yml")
    (problem,) = problems
    assert str(problem).startswith(f"site.yml: {OPTION_PATH} → annotations_license: is not a colophon field.")
    assert "Did you mean `annotations_licence`?" in str(problem) and "reviewed" in str(problem)


@pytest.mark.parametrize("value", ["a string", 3, ["publisher"], True])
def test_a_colophon_that_is_not_a_mapping_is_one_message(value):
    colophon, problems = read_colophon(value)
    assert colophon == Colophon()
    (problem,) = problems
    assert "must be a mapping of fields" in problem.message


def test_hostile_values_are_cut_in_messages_and_never_raise():
    long = "<script>" + "x" * 10_000
    _, problems = read_colophon({"reviewed": long, long: 1, "editors": [long, None]})
    assert len(problems) == 3
    assert all(len(str(p)) < 1000 for p in problems)
