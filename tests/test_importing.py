"""Import W3C annotations (e.g. a Hypothesis export) as YAML stubs that the build accepts."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotated_report import importing
from annotated_report.build import build_site
from annotated_report.exports import w3c_collection
from annotated_report.rules import RuleSettings
from annotated_report.urls import SiteUrls
from helpers import EDITORIAL_RULES_OFF, REPO, SEED, SEED_SLUG, build, make_project, write

PAGE = f"https://other.example/reports/{SEED_SLUG}/"


def quote_target(exact, prefix=None, suffix=None, source=PAGE):
    selector = {"type": "TextQuoteSelector", "exact": exact}
    if prefix is not None:
        selector["prefix"] = prefix
    if suffix is not None:
        selector["suffix"] = suffix
    return [{"source": source, "selector": [{"type": "RangeSelector"}, selector]}]


def w3c(exact, *, prefix=None, suffix=None, tags=(), note=None, fmt="text/plain", source=PAGE, id="https://hyp.example/a/1"):
    body = [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in tags]
    if note is not None:
        body.append({"type": "TextualBody", "purpose": "commenting", "format": fmt, "value": note})
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "id": id, "type": "Annotation",
            "body": body, "target": quote_target(exact, prefix, suffix, source)}


def run_import(root: Path, data, name="in.jsonld") -> tuple[int, str]:
    path = root / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    out = io.StringIO()
    code = importing.run(path, root, out)
    return code, out.getvalue()


def save_and_build(root: Path, yaml_text: str):
    """Build with the editorial rules off: imported stubs are for review, and the rules then
    ask the editor for what the W3C model does not carry (`unit`, `attributed_to`)."""
    write(root / "annotations" / "imported.yml", yaml_text)
    return build_site(root / "seeds", root / "annotations", root=root, rule_settings=RuleSettings(**EDITORIAL_RULES_OFF))


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path, rules=EDITORIAL_RULES_OFF)


def test_a_collection_becomes_stubs_the_build_accepts(project, capsys):
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": [
            w3c("The government convicted 38 traffickers", tags=["Statistic"], fmt="text/html",
                note='<p>Thirty-<em>eight</em>, see <a href="https://a.example/x">this</a>.<script>alert(1)</script></p>'),
            w3c("these words are not in the report at all", tags=["claim"], id="https://hyp.example/a/2"),
            # "convicted" occurs four times: the prefix chooses the third.
            w3c("convicted", prefix="it also ", suffix=" 440 traffickers", tags=["caveat"], id="https://hyp.example/a/3"),
            w3c("penalties of seven to 15 years' imprisonment", note="Typed with a straight apostrophe.", id="https://hyp.example/a/4"),
        ]},
    }
    code, yaml_text = run_import(project, collection)
    err = capsys.readouterr().err
    assert code == 1  # one was not imported, and says so
    assert "in.jsonld item 1: " in err and "not placed in cambodia-2022-prosecution: quote not found" in err
    assert "# Not imported" in yaml_text and "item 1" in yaml_text  # also in the output, nothing silent
    assert "3 annotation(s) to review, 1 not imported" in err
    assert "<script" not in yaml_text and "alert" not in yaml_text

    site = save_and_build(project, yaml_text)
    assert not site.problems, [str(p) for p in site.problems]
    by_quote = {a.quote: a for a in site.annotations}
    stat = by_quote["The government convicted 38 traffickers"]
    assert stat.type == "statistic" and stat.value.exact == 38
    assert stat.note == "Thirty-*eight*, see [this](https://a.example/x)."
    text = SEED.read_text(encoding="utf-8")
    (third,) = [a for a in site.annotations if a.quote == "convicted"]
    assert third.type == "caveat" and third.span.start == text.index("it also convicted") + len("it also ")
    assert "penalties of seven to 15 years’ imprisonment" in by_quote  # the report's own characters
    assert by_quote["penalties of seven to 15 years’ imprisonment"].type == "claim"  # no tag: a placeholder


def test_prefix_and_suffix_are_written_only_when_needed(project):
    items = [
        w3c("convicted", prefix="it also ", suffix=" 440 traffickers", id="a"),
        w3c("The government convicted 38 traffickers", prefix="something else entirely ", suffix=" nope", id="b"),
    ]
    code, yaml_text = run_import(project, items)
    assert code == 0
    first, second = yaml_text.split("  - id: ")[1:]
    assert "prefix:" in first or "suffix:" in first
    assert "prefix:" not in second and "suffix:" not in second
    assert not save_and_build(project, yaml_text).problems


def test_page_context_that_crosses_headings_still_disambiguates(project):
    # A client's prefix is taken from the page's text, where a heading sits between paragraphs.
    text = SEED.read_text(encoding="utf-8")
    start = text.index("convicted a two-star")
    prefix = "Paragraph 3" + text[start - 20 : start]
    code, yaml_text = run_import(project, [w3c("convicted", prefix=prefix, suffix=" a two-star military")])
    assert code == 0
    site = save_and_build(project, yaml_text)
    assert not site.problems and site.annotations[0].span.start == start


def test_the_document_is_chosen_by_source_else_searched(tmp_path, capsys):
    root = make_project(tmp_path, seeds={"other-report": "The government convicted 38 traffickers, again.\n"}, rules=EDITORIAL_RULES_OFF)
    shared = "The government convicted 38 traffickers"
    code, yaml_text = run_import(root, [
        w3c(shared, source=PAGE, id="one"),
        w3c(shared, source="https://elsewhere.example/page", id="two"),
        w3c(shared, source="https://x.example/reports/other-report.txt", id="three"),
    ])
    err = capsys.readouterr().err
    assert code == 1 and "item 1: " in err and "is in several documents" in err
    first, second = yaml_text.split("---\n")
    assert f"document: {SEED_SLUG}" in first and "document: other-report" in second
    for part in (first, second):
        write(root / "annotations" / "imported.yml", part)
        site = build_site(root / "seeds", root / "annotations", root=root)
        assert not site.problems and len(site.annotations) == 1


def test_fresh_ids_are_unique_across_existing_annotations(tmp_path):
    root = make_project(tmp_path, {"a.yml": """\
        document: cambodia-2022-prosecution
        annotations:
          - id: the-government-convicted-38-traffickers-including
            type: claim
            quote: "The government maintained law enforcement efforts"
        """})
    code, yaml_text = run_import(root, [
        w3c("The government convicted 38 traffickers, including", id="1"),
        w3c("The government convicted 38 traffickers, including one", id="2"),
    ])
    assert code == 0
    site = save_and_build(root, yaml_text)
    assert not site.problems, [str(p) for p in site.problems]
    assert len({a.id for a in site.annotations}) == 3


@pytest.mark.parametrize("data", [
    [w3c("The government convicted 38 traffickers")],
    w3c("The government convicted 38 traffickers"),
    {"type": "AnnotationPage", "items": [w3c("The government convicted 38 traffickers")]},
    {"rows": [{"id": "h1", "text": "A *Hypothesis* note", "tags": ["stats"], "target": quote_target("The government convicted 38 traffickers")}]},
])
def test_the_shapes_other_tools_export(project, data):
    code, yaml_text = run_import(project, data)
    assert code == 0
    site = save_and_build(project, yaml_text)
    assert not site.problems and [a.quote for a in site.annotations] == ["The government convicted 38 traffickers"]


@pytest.mark.parametrize(("content", "message"), [
    ("not json", "not JSON"),
    ("[" * 100 + "]" * 100, "nested"),
    (b"\xff\xfe".decode("latin-1"), "not JSON"),
    ('{"hello": 1}', "no annotations found"),
    ('{"type": "AnnotationCollection", "first": "https://x.example/page1"}', "first page is a link"),
    ('[1, "a", null, {"target": 5}, {"target": {"selector": "x"}}, {"target": {"selector": {"type": "TextQuote"}}}]', "no TextQuoteSelector"),
])
def test_hostile_or_broken_input_gives_messages_not_tracebacks(project, capsys, content, message):
    code, _ = run_import(project, content)
    err = capsys.readouterr().err
    assert code in (1, 2) and message in err
    assert "Traceback" not in err


def test_a_too_large_file_is_refused(project, capsys, monkeypatch):
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 100)
    code, _ = run_import(project, [w3c("The government convicted 38 traffickers")] * 5)
    assert code == 2 and "the limit is 100" in capsys.readouterr().err


def test_every_item_that_is_not_an_annotation_is_named(project, capsys):
    code, yaml_text = run_import(project, [1, {"target": {"selector": {"type": "TextQuoteSelector", "exact": 3}}}, w3c("convicted 440 traffickers")])
    err = capsys.readouterr().err
    assert code == 1
    assert "item 0: not an annotation" in err and "item 1: its TextQuoteSelector has no `exact` text" in err
    assert not save_and_build(project, yaml_text).problems


def test_strange_characters_stay_valid_yaml(project):
    note = "line\u2028break \x85 nel \ufeff bom \x07 bell \"quoted\" \\ back: # not a comment\n- not a list"
    code, yaml_text = run_import(project, [w3c("convicted 440 traffickers", note=note)])
    assert code == 0
    site = save_and_build(project, yaml_text)
    assert not site.problems, [str(p) for p in site.problems]
    assert "\"quoted\"" in site.annotations[0].note and "# not a comment" in site.annotations[0].note


def test_our_own_export_imports_back_to_the_same_places(tmp_path):
    """Our export carries what the W3C model has no term for (`report:` properties and
    linking bodies), so importing it into a fresh project gives back the same annotations,
    and the product's default editorial rules accept them as they accept the originals."""
    site = build_site(REPO / "seeds", REPO / "annotations", root=REPO)
    exported = w3c_collection(site, SiteUrls(), "https://example.org/")
    root = make_project(tmp_path, topics=(REPO / "annotations" / "topics.yml").read_text(encoding="utf-8"))
    code, yaml_text = run_import(root, exported)
    assert code == 0
    assert "# no tag named a type" not in yaml_text and "# links to" not in yaml_text and "# topics this" not in yaml_text
    write(root / "annotations" / "imported.yml", yaml_text)
    again = build_site(root / "seeds", root / "annotations", root=root, rule_settings=RuleSettings())
    assert not again.problems, [str(p) for p in again.problems][:5]
    assert len(again.annotations) == len(site.annotations)
    back = {(a.span.start, a.span.end): a for a in again.annotations}
    new_id = {a.id: back[(a.span.start, a.span.end)].id for a in site.annotations}
    for original in site.annotations:
        copy = back[(original.span.start, original.span.end)]
        assert (copy.document, copy.quote, copy.type, copy.value, copy.unit, copy.year, copy.series, copy.attributed_to) == (
            original.document, original.quote, original.type, original.value, original.unit, original.year, original.series, original.attributed_to,
        ), original.id
        assert copy.topics == original.topics, original.id
        assert copy.related == tuple(new_id[other] for other in original.related), original.id
        assert copy.parts == tuple(new_id[part] for part in original.parts), original.id
        assert copy.blocks_comparison == original.blocks_comparison, original.id
        assert (copy.id, copy.note, copy.sources) == (original.id, original.note, original.sources)
    assert [(e.document, e.span, e.reason) for e in again.exemptions] == [(e.document, e.span, e.reason) for e in site.exemptions]
    assert "note: |\n" in yaml_text  # a note of several lines is a block, as editors write it


def test_import_write_of_our_own_export_rebuilds_the_same_site(tmp_path):
    """Export → import --write into an empty annotations folder → build: the same site, byte for byte."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("mkdocs.yml", "docs", "seeds", "annotations"):
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copyfile
        copy(REPO / name, root / name)
    first = build(root, strict=True)
    assert not first.aborted and not first.warnings, first.warnings
    before = root / "site-before"
    first.site_dir.rename(before)
    export = root / "export.jsonld"
    shutil.copyfile(before / "exports" / "annotations.jsonld", export)
    for path in (root / "annotations").iterdir():
        if path.name not in ("topics.yml", "glossary.yml"):  # what the W3C export does not carry
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    done = subprocess.run([str(Path(sys.executable).parent / "annotated-report"), "import", "--write", str(export)],
                          capture_output=True, text=True, cwd=root, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and "0 not imported" in done.stderr and "fresh id" not in done.stderr
    assert sorted(p.name for p in (root / "annotations" / SEED_SLUG).iterdir()) == sorted(p.name for p in (REPO / "annotations" / SEED_SLUG).iterdir())
    second = build(root, strict=True)
    assert not second.aborted and not second.warnings, second.warnings
    for page in [*sorted((before / "reports").rglob("*.html")), *sorted((before / "exports").iterdir())]:
        assert (second.site_dir / page.relative_to(before)).read_bytes() == page.read_bytes(), page


def test_taken_ids_get_fresh_ones_and_are_reported(project, capsys):
    """Importing an export into a project that has its ids already: fresh ids, each reported, links follow."""
    write(project / "annotations" / "mine.yml", f"""\
        document: {SEED_SLUG}
        annotations:
          - {{id: yes, type: claim, quote: "convicted 440 traffickers"}}
        """.replace("id: yes", 'id: "convictions-2021"'))
    iri = "https://example.org/exports/annotations.jsonld#"
    first = w3c("The government convicted 38 traffickers", tags=["claim"], id=iri + "convictions-2021")
    first["body"].append({"type": "SpecificResource", "purpose": "linking", "source": iri + "top"})
    second = w3c("People's Republic of China", tags=["claim"], id=iri + "top")  # reserved for the page's own anchor
    second["body"].append({"type": "SpecificResource", "purpose": "linking", "source": iri + "convictions-2021"})
    code, yaml_text = run_import(project, [first, second])
    err = capsys.readouterr().err
    assert code == 0
    assert "item 0: the id 'convictions-2021' is taken; imported as 'government-convicted-38-traffickers'." in err
    assert "item 1: the id 'top' is reserved; imported as 'people-s-republic-china'." in err
    assert "2 given a fresh id" in err
    site = save_and_build(project, yaml_text)
    assert not site.problems, [str(p) for p in site.problems]
    assert site.annotation("government-convicted-38-traffickers").related == ("people-s-republic-china",)


def test_a_number_of_5000_digits_is_text_not_a_traceback(project, capsys):
    item = w3c("The government convicted 38 traffickers", tags=["statistic"])
    text = json.dumps([item]).replace('"type": "Annotation"', '"type": "Annotation", "report:value": ' + "9" * 5000)
    code, yaml_text = run_import(project, text)
    assert code == 0 and "    value: 38\n" in yaml_text  # the number is not read as one; the quote's is
    assert "Traceback" not in capsys.readouterr().err


def test_a_plain_w3c_export_without_our_terms_still_imports(project, capsys):
    """A Hypothesis-style item: tags only. Tags naming a project topic become `topics`; a
    statistic's value is read from its quote; nothing of ours is invented."""
    item = w3c("The government convicted 38 traffickers", tags=["statistic", "Prosecutions"], note="Plain.")
    code, yaml_text = run_import(project, [item])
    assert code == 0
    assert "    value: 38\n" in yaml_text and "    topics: [prosecutions]\n" in yaml_text
    assert "unit:" not in yaml_text and "attributed_to:" not in yaml_text and "related:" not in yaml_text


def test_our_terms_from_a_hostile_file_are_checked(project, capsys):
    item = w3c("The government convicted 38 traffickers", tags=["statistic"], id="https://x.example/a/1")
    item.update({"report:value": "38; rm -rf", "report:year": True, "report:unit": "<script>alert(1)</script>traffickers\u2028",
                 "report:topics": ["prosecutions", "no-such-topic"], "report:attributedTo": ["not", "text"]})
    item["body"].append({"type": "SpecificResource", "purpose": "linking", "source": "https://x.example/a/elsewhere"})
    code, yaml_text = run_import(project, [item])
    assert code == 0
    assert "    value: 38\n" in yaml_text  # from the quote: the property was not a number
    assert "year:" not in yaml_text and "attributed_to:" not in yaml_text and "script" not in yaml_text and "alert" not in yaml_text
    assert "    topics: [prosecutions]\n" in yaml_text
    assert "# topics this project does not define: no-such-topic" in yaml_text
    assert "# links to annotations not imported from this file: https://x.example/a/elsewhere" in yaml_text
    site = save_and_build(project, yaml_text)
    assert not site.problems, [str(p) for p in site.problems]


def test_python_dash_m_works(project):
    path = project / "one.jsonld"
    path.write_text(json.dumps([w3c("convicted 440 traffickers")]), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "annotated_report.importing", str(path), str(project)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "quote: \"convicted 440 traffickers\"" in done.stdout


def test_many_misses_are_all_reported(project, capsys):
    items = [w3c(f"no such words number {n}", id=str(n)) for n in range(importing.MAX_HINTS + 5)]
    code, yaml_text = run_import(project, items)
    err = capsys.readouterr().err
    assert code == 1 and yaml_text.count("in.jsonld item ") == len(items)
    assert err.count("not placed in cambodia-2022-prosecution: quote not found") == len(items)
    assert "closest text" in err.splitlines()[0] or "no passage there is close" in err.splitlines()[0]
