"""schema.fast: the compiled check agrees with jsonschema, and a valid project never needs jsonschema.

`schema.validate` returns no errors for data the compiled check passes, and asks jsonschema
(`schema.explain`) otherwise. So the check must never pass data jsonschema refuses, and
should refuse only data with an error or with text the invisible-character check must read.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from annotated_report import schema, yamlfile
from annotated_report.loading import annotation_files
from annotated_report.schema import fast
from bad_input_cases import CASES
from helpers import REPO, build, make_project


def _texts(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [text for value in data.values() for text in _texts(value)]
    if isinstance(data, list):
        return [text for value in data for text in _texts(value)]
    return [data] if isinstance(data, str) else []


def assert_agrees(data: Any, name: str) -> bool:
    """The check passes `data` exactly when jsonschema finds nothing and no text needs a closer look."""
    passed = schema._check(name)(data)
    errors = schema.explain(data, name)
    if passed:
        assert errors == [], data
    else:
        assert errors or not all(schema._plain_text(text) for text in _texts(data)), data
    return passed


def _schema_of(path: str) -> str | None:
    if not path.lower().endswith((".yml", ".yaml")):
        return None
    return schema.DOCUMENT_FILE if path.startswith("seeds/") else schema.ANNOTATION_FILE


def test_the_check_agrees_with_jsonschema_on_every_file_of_the_bad_input_matrix():
    verdicts = []
    for case in CASES:
        for path, content in case.files.items():
            name = _schema_of(path)
            if name is None or not isinstance(content, str):
                continue
            try:
                data, _ = yamlfile.parse(content)
            except yaml.YAMLError:
                continue
            if data is not None:
                verdicts.append(assert_agrees(data, name))
    # Both ways are exercised: files the check passes and at least 50 it refuses.
    assert verdicts.count(True) >= 1
    assert verdicts.count(False) >= 50


def test_the_repository_files_pass_the_check():
    files = annotation_files(REPO / "annotations")
    assert files
    for path in files:
        data, _ = yamlfile.parse(path.read_text(encoding="utf-8"))
        assert assert_agrees(data, schema.ANNOTATION_FILE), path
    for path in (REPO / "seeds").glob("*.yml"):
        data, _ = yamlfile.parse(path.read_text(encoding="utf-8"))
        assert assert_agrees(data, schema.DOCUMENT_FILE), path


# --- generated files: mostly valid, with a wrong value here and there ------------------------

ANYTHING = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 3000), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "text", "Bad Id", "x" * 5001, "a\u202eb", "tab\tand\nline", "bell\x07", "zero\u200bwidth", "1e5"]),
    st.lists(st.sampled_from(["a", "b", 1]), max_size=3), st.dictionaries(st.sampled_from(["min", "max", "mn"]), st.integers(), max_size=2),
)
IDS = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
TEXTS = st.one_of(st.text(min_size=1, max_size=12), st.sampled_from(["The government convicted 38 traffickers", "line\nbreak", "\u00e9 \u00a0ok"]))
URLS = st.sampled_from(["https://example.org/a", "http://x", "ftp://x", "javascript:alert(1)"])


def files(wild: bool) -> tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]:
    """(annotation files, sidecars): valid ones, or (`wild`) with a wrong value anywhere."""

    def maybe(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.one_of(valid, valid, valid, ANYTHING) if wild else valid

    urls = URLS if wild else URLS.filter(lambda url: url.startswith("http"))
    sources = st.lists(maybe(st.fixed_dictionaries({"title": maybe(TEXTS)}, optional={"url": maybe(urls)})), max_size=2)
    numbers = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False))
    values = st.one_of(numbers, st.dictionaries(st.sampled_from(["min", "max"]), numbers, min_size=1))
    optional: dict[str, st.SearchStrategy[Any]] = {
        "prefix": maybe(TEXTS), "suffix": maybe(TEXTS), "note": maybe(st.text(max_size=30)), "attributed_to": maybe(TEXTS),
        "topics": maybe(st.lists(maybe(IDS), max_size=3, unique=not wild)), "related": maybe(st.lists(IDS, max_size=3, unique=not wild)),
        "sources": maybe(sources), "value": maybe(values), "unit": maybe(TEXTS), "year": maybe(st.one_of(st.integers(1900, 2200), st.just(2021.0))),
        "series": maybe(IDS), "parts": maybe(st.lists(IDS, min_size=1, max_size=2, unique=not wild)), "approximate": maybe(st.booleans()),
        "blocks_comparison": maybe(st.booleans()),
    }
    if wild:
        optional |= {"colour": ANYTHING, "year": st.integers(1850, 2250), "parts": st.lists(IDS, max_size=2)}
    annotation = st.fixed_dictionaries(
        {"id": maybe(IDS), "type": maybe(st.sampled_from(["claim", "statistic", "caveat", "allegation"])), "quote": maybe(TEXTS)}, optional=optional,
    )
    exemption = st.fixed_dictionaries({"quote": maybe(TEXTS), "reason": maybe(TEXTS)}, optional={"prefix": maybe(TEXTS), "suffix": maybe(TEXTS)})
    topic = st.fixed_dictionaries({"id": maybe(IDS), "title": maybe(TEXTS)}, optional={"description": maybe(st.text(max_size=20))})
    term = st.fixed_dictionaries(
        {"term": maybe(TEXTS), "definition": maybe(TEXTS)},
        optional={"aliases": maybe(st.lists(TEXTS, max_size=3, unique=not wild)), "see_also": maybe(st.lists(TEXTS, max_size=2, unique=not wild))},
    )
    entries = {"annotations": maybe(st.lists(maybe(annotation), max_size=3)), "not_statistics": maybe(st.lists(exemption, max_size=2))}
    glossary = {"topics": maybe(st.lists(topic, max_size=2)), "terms": maybe(st.lists(term, max_size=2))}
    annotation_file = st.one_of(
        st.fixed_dictionaries({"document": maybe(IDS)}, optional=entries),
        st.fixed_dictionaries({}, optional=glossary),
        st.fixed_dictionaries({}, optional={**entries, **glossary, "document": maybe(IDS), "notes": ANYTHING}) if wild else st.nothing(),
    )
    sidecar_fields = (
        {"description": maybe(TEXTS), "year": maybe(st.integers()), "order": maybe(st.integers()), "source_url": maybe(URLS), "publsher": TEXTS}
        if wild else {"description": TEXTS, "year": st.integers(), "order": st.integers(), "source_url": st.just("https://example.org/")}
    )
    return annotation_file, st.fixed_dictionaries({"title": maybe(TEXTS)}, optional=sidecar_fields)


VALID_FILE, VALID_SIDECAR = files(wild=False)
WILD_FILE, WILD_SIDECAR = files(wild=True)


@given(st.one_of(VALID_FILE, WILD_FILE))
def test_the_check_agrees_with_jsonschema_on_generated_annotation_files(data):
    assert_agrees(data, schema.ANNOTATION_FILE)


@given(st.one_of(VALID_SIDECAR, WILD_SIDECAR))
def test_the_check_agrees_with_jsonschema_on_generated_sidecars(data):
    assert_agrees(data, schema.DOCUMENT_FILE)


@given(VALID_FILE)
def test_a_generated_valid_file_passes_the_check_unless_its_text_needs_a_closer_look(data):
    assert schema.explain(data, schema.ANNOTATION_FILE) == [] or not all(schema._plain_text(text) for text in _texts(data))
    assert schema._check(schema.ANNOTATION_FILE)(data) == all(schema._plain_text(text) for text in _texts(data))


def test_a_valid_entry_passes_and_each_kind_of_mistake_is_refused():
    check = schema._check(schema.ANNOTATION_FILE)
    good = {
        "id": "a-1", "type": "statistic", "quote": "38 traffickers", "value": {"min": 7}, "year": 2021.0, "topics": ["x", "y"],
        "sources": [{"title": "T", "url": "https://x"}],
    }
    assert check({"document": "doc", "annotations": [good]})
    for wrong in ({"id": "A"}, {"type": "clam"}, {"quote": ""}, {"year": 1899}, {"year": True}, {"value": {}}, {"value": "38"}, {"topics": ["x", "x"]},
                  {"sources": [{"url": "https://x"}]}, {"note": "x" * 20_001}, {"colour": "red"}, {"quote": "a\u202eb"}, {"parts": []}):
        assert not check({"document": "doc", "annotations": [{**good, **wrong}]}), wrong
    assert not check({"annotations": [good]})  # annotations need a document


def test_a_keyword_the_check_does_not_know_is_refused_when_compiling():
    with pytest.raises(ValueError, match="patternProperties"):
        fast.compile_check({"type": "object", "patternProperties": {"^x": {}}}, str.isprintable)


# --- jsonschema is imported only for a file with an error ------------------------------------

SCRIPT = textwrap.dedent(
    """
    import logging, sys
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    build(load_config(sys.argv[1], site_dir=sys.argv[2]))
    print(sorted(name for name in ("jsonschema", "referencing", "rpds") if name in sys.modules))
    """
)


def _modules_after_build(root) -> str:
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(root / "mkdocs.yml"), str(root / "site")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_valid_project_builds_without_importing_jsonschema(tmp_path):
    root = make_project(tmp_path, {"a.yml": "document: cambodia-2022-prosecution\nannotations:\n  - id: a\n    type: claim\n    quote: The government\n"})
    assert _modules_after_build(root) == "[]"


def test_a_file_with_an_error_still_gets_jsonschemas_message(tmp_path):
    root = make_project(tmp_path, {"a.yml": "document: cambodia-2022-prosecution\nannotations:\n  - id: a\n    type: clam\n    quote: The government\n"})
    assert "'jsonschema'" in _modules_after_build(root)
    assert any("'clam' is not a valid type. Did you mean 'claim'?" in warning for warning in build(root).warnings)


def test_text_that_no_subschema_describes_is_still_checked():
    # Our schemas describe every value; a schema that does not must not let invisible characters through.
    loose = fast.compile_check({"type": "object", "properties": {"a": {"type": "array"}}}, schema._plain_text)
    assert loose({"a": [["fine"]], "b": {"c": "fine"}})
    assert not loose({"a": [["bell\x07"]]})
    assert not loose({"b": {"c": ["bell\x07"]}})
    assert not fast.compile_check({}, schema._plain_text)(["bell\x07"])
