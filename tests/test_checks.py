"""checks: cross-reference and statistic checks, each at the line of the field that is wrong."""

from __future__ import annotations

from annotated_report import checks
from annotated_report.entries import Entry
from annotated_report.loading import BrokenFile
from annotated_report.model import Annotation, Span, Topic, Value


def annotation(id_: str, **fields) -> Annotation:
    defaults = {"type": "claim", "document": "doc", "quote": "38 traffickers", "span": Span("doc", 1, 0, 14), "file": "a.yml", "line": 3}
    return Annotation(id=id_, **{**defaults, **fields})


LINES = {"x": {"id": 3, "type": 4, "quote": 5, "topics": 6, "related": 7, "value": 8}}


def context(**changes) -> checks.Context:
    base = {"topic_ids": {"prosecutions"}, "written_ids": {"x", "y", "faulty"}, "broken_ids": {}, "lines": LINES}
    return checks.Context(**{**base, **changes})


def test_references_that_exist_pass_untouched():
    problems: list = []
    ((checked, own), _) = checks.check_references([annotation("x", topics=("prosecutions",), related=("y",)), annotation("y")], context(), problems)
    assert own == [] and problems == []
    assert checked.related == ("y",) and checked.topics == ("prosecutions",)


def test_unknown_topic_and_related_are_the_annotations_own_errors_at_their_lines():
    problems: list = []
    ((checked, own),) = checks.check_references([annotation("x", topics=("prosecutons",), related=("nowhere", "x"))], context(), problems)
    assert [str(p) for p in own] == [
        "a.yml:6: x: unknown topic 'prosecutons'. Did you mean 'prosecutions'? "
        "Use a topic id from a topics file, or define it there (topics: [{id, title, description}]).",
        "a.yml:7: x: related id 'nowhere' is not an annotation. Use the id of an annotation in any file under annotations/.",
        "a.yml:7: x: `related` names the annotation itself. Remove it from the list.",
    ]
    assert problems == []
    assert checked.topics == () and checked.related == ()


def test_a_link_into_a_file_with_a_yaml_error_is_dropped_quietly_and_is_not_an_own_error():
    """That file's YAML error is the one message: a link into it is not a second one."""
    problems: list = []
    broken = {"gone": BrokenFile("b.yml", 12), "lost-topic": BrokenFile("t.yml", None)}
    ((checked, own),) = checks.check_references([annotation("x", topics=("lost-topic",), related=("gone",))], context(broken_ids=broken), problems)
    assert own == [] and problems == []
    assert checked.topics == () and checked.related == ()


def test_a_link_to_an_annotation_left_out_for_its_own_problem_is_dropped_quietly():
    problems: list = []
    ((checked, own),) = checks.check_references([annotation("x", related=("faulty",))], context(), problems)
    assert own == [] and problems == [] and checked.related == ()


def test_a_statistic_whose_value_contradicts_its_quote_points_at_the_value_line():
    (problem,) = checks.check_statistic(annotation("x", type="statistic", value=Value(exact=83)), LINES["x"])
    assert str(problem) == (
        "a.yml:8: x: value 83 does not match the number in the quote (38). Make `value` equal the number the report gives (ranges: {min, max})."
    )


def test_a_statistic_without_value_points_at_its_type_line():
    (problem,) = checks.check_statistic(annotation("x", type="statistic"), LINES["x"])
    assert (problem.line, problem.message) == (4, "a statistic needs a `value`.")


def test_statistic_fields_on_a_claim_point_at_the_first_of_them():
    (problem,) = checks.check_statistic(annotation("x", value=Value(exact=38)), LINES["x"])
    assert (problem.line, problem.message) == (8, "value only apply to statistics, and this is a claim.")


def test_unique_ids_keeps_the_first_and_names_the_second():
    first = Entry({"id": "x", "type": "claim", "quote": "a"}, "doc", "a.yml", 3)
    second = Entry({"id": "x", "type": "claim", "quote": "b"}, "doc", "b.yml", 9)
    problems: list = []
    left_out: list = []
    assert checks.unique_ids([first, second], problems, left_out) == [first]
    assert [str(p) for p in problems] == [
        "b.yml:9: x: the id is already used at a.yml:3. Ids must be unique across all annotation files: rename this one (e.g. 'x-2')."
    ]
    assert [str(entry) for entry in left_out] == ["x (b.yml:9)"]


def test_unique_topics():
    problems: list = []
    kept = checks.unique_topics([Topic("t", "T", file="a.yml", line=2), Topic("t", "Again", file="b.yml", line=5)], problems)
    assert [t.title for t in kept] == ["T"]
    assert [str(p) for p in problems] == ["b.yml:5: t: topic 't' is already defined at a.yml:2. Remove or rename one of them."]


def test_did_you_mean():
    assert checks.did_you_mean("prosecutons", ["prosecutions", "victims"]) == " Did you mean 'prosecutions'?"
    assert checks.did_you_mean("zzz", ["prosecutions"]) == ""


def test_did_you_mean_names_every_id_as_close_as_the_closest():
    """`prosecuted-cases-202` (a digit short) is as close to 2020 as to 2021: both are offered,
    not whichever difflib happened to rank first; a farther one (2019) is not."""
    known = {"prosecuted-cases-2021", "prosecuted-cases-2020", "prosecuted-cases-2019", "x"}
    problems: list = []
    entries = [annotation("x", related=("prosecuted-cases-202",))] + [annotation(i) for i in sorted(known - {"x"})]
    ((_, own), *_rest) = checks.check_references(entries, context(written_ids=known), problems)
    assert [p.message for p in own] == [
        "related id 'prosecuted-cases-202' is not an annotation. Did you mean 'prosecuted-cases-2020' or 'prosecuted-cases-2021'?"
    ]
    broken = {"prosecuted-cases-2020": BrokenFile("b.yml", 4)}
    message = checks._did_you_mean_id("prosecuted-cases-202", {"prosecuted-cases-2021"}, broken)
    assert message == (" Did you mean 'prosecuted-cases-2020' or 'prosecuted-cases-2021'?"
                       " 'prosecuted-cases-2020' is in b.yml, which has a YAML error at line 4.")
    assert checks.did_you_mean("prosecutions", ["prosecution", "prosecutors", "other"]) == " Did you mean 'prosecution'?"
    many = [f"case-{n}" for n in range(8)]
    assert checks.did_you_mean("case-x", many) == " Did you mean 'case-0', 'case-1', 'case-2', 'case-3', 'case-4' (or 3 more as close)?"
    assert checks.did_you_mean("zzz", many) == ""
