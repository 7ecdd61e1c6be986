"""The command-line companion on real project folders: exit codes, output formats, stubs, `new`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest

from annotated_report.cli import main
from helpers import EDITORIAL_RULES_OFF, REPO, SEED_SLUG, make_project

CLEAN = {
    "p2.yml": f"""\
        # yaml-language-server: $schema=whatever
        # Paragraph 2, kept as the editor wrote it.
        document: {SEED_SLUG}
        annotations:
          - id: convictions-2021
            type: statistic
            quote: "The government convicted 38 traffickers"   # the report's words
            value: 38
            unit: traffickers convicted
            topics: [prosecutions]
            note: |
              Of the 38, one was for sex trafficking.

          - id: no-database       # no topics and no note
            type: claim
            quote: 'The government did not maintain a centralized record'
        """,
}

BROKEN = {
    "p2.yml": f"""\
        document: {SEED_SLUG}
        annotations:
          - id: misquoted
            type: claim
            quote: "The gouvernment did not maintain a centralised record"
          - id: wrong-topic
            type: claim
            quote: "People's Republic of China"
            topics: [prosecution]
        """,
}


@pytest.fixture
def clean(tmp_path):
    # The stubs under test are about placement; the editorial rules have their own tests.
    return make_project(tmp_path / "clean", CLEAN, rules=EDITORIAL_RULES_OFF)


@pytest.fixture
def broken(tmp_path):
    return make_project(tmp_path / "broken", BROKEN)


def run(*args: str) -> tuple[int, str, str]:
    """The installed command in a subprocess (what an editor types)."""
    command = [str(Path(sys.executable).parent / "annotated-report"), *args]
    return _completed(subprocess.run(command, capture_output=True, text=True, timeout=120))


def run_in(folder: Path, *args: str) -> tuple[int, str, str]:
    command = [str(Path(sys.executable).parent / "annotated-report"), *args]
    return _completed(subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=folder))


def _completed(result: subprocess.CompletedProcess[str]) -> tuple[int, str, str]:
    return result.returncode, result.stdout, result.stderr


# --- the program itself ---------------------------------------------------------------------


def test_version_comes_from_the_installed_package():
    code, out, _ = run("--version")
    assert code == 0
    assert out.strip() == f"annotated-report {metadata.version('annotated-report')}"


@pytest.mark.parametrize("command", ["check", "find", "new", "stats", "import"])
def test_every_subcommand_has_help(command, capsys):
    assert main([command, "--help"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith(f"Usage: annotated-report {command}")
    assert len(out.splitlines()) > 4


@pytest.mark.parametrize("command", [["check"], ["stats"], ["find", "words"], ["new", "--type", "claim", "--quote", "x"]])
def test_outside_a_project_is_one_clear_line_and_exit_2(tmp_path, command):
    code, out, err = run_in(tmp_path, *command)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("annotated-report: error: not inside an annotated-report project: no mkdocs.yml in ")


def test_the_project_is_found_from_a_subfolder(clean):
    code, _, err = run_in(clean / "annotations", "check")
    assert code == 0, err
    assert "2 annotations in 1 document(s); no problems." in err


def test_folders_come_from_mkdocs_yml_despite_mkdocs_tags(tmp_path):
    root = make_project(tmp_path, CLEAN)
    (root / "seeds").rename(root / "texts")
    (root / "annotations").rename(root / "notes")
    (root / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: !ENV [SITE_NAME, Test]
        theme: {name: material}
        markdown_extensions:
          - pymdownx.emoji:
              emoji_index: !!python/name:material.extensions.emoji.twemoji
        plugins:
          - search
          - annotated-report:
              enabled: !ENV [ANNOTATIONS, true]
              seeds_dir: texts
              annotations_dir: notes
        """), encoding="utf-8")
    code, _, err = run_in(root / "notes", "check")
    assert code == 0, err
    assert "2 annotations in 1 document(s)" in err


# --- check ----------------------------------------------------------------------------------


def test_check_json(broken, capsys):
    assert main(["--root", str(broken), "check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    # The misquote is re-anchored (moved: a warning, shown at the report's words); the wrong topic is an error, left out.
    assert report["annotations"] == 1 and report["documents"] == 1
    by_id = {p["id"]: p for p in report["problems"]}
    assert by_id["wrong-topic"]["file"] == "annotations/p2.yml"
    assert by_id["wrong-topic"]["severity"] == "error"
    assert "did you mean 'prosecutions'" in by_id["wrong-topic"]["message"].lower()
    assert by_id["misquoted"]["kind"] == "moved" and by_id["misquoted"]["severity"] == "warning"
    assert by_id["misquoted"]["line"] == 5  # the `quote:` line
    assert report["left_out"] == ["wrong-topic (annotations/p2.yml:6)"]


def test_check_github_annotations(broken, capsys):
    assert main(["--root", str(broken), "check", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::warning file=annotations/p2.yml,line=5,title=annotated-report%3A misquoted::moved: quote not found")
    pattern = re.compile(r"^::error file=annotations/p2\.yml,line=\d+,title=annotated-report%3A wrong-topic::.*did you mean 'prosecutions'", re.IGNORECASE)
    assert pattern.match(lines[1])
    assert all("\n" not in line for line in lines)


def test_github_format_escapes_newlines_and_percent():
    from annotated_report.cli import _github_line, _Reported
    from annotated_report.model import Problem

    line = _github_line(_Reported(Problem("a,b:c.yml", 4, "50% off\nsecond line", id="x"), "error"))
    assert line == "::error file=a%2Cb%3Ac.yml,line=4,title=annotated-report%3A x::50%25 off%0Asecond line"


def test_check_clean_project(clean, capsys):
    assert main(["--root", str(clean), "check", "--format", "github"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "no problems" in err


# --- find -----------------------------------------------------------------------------------


def test_find_accepts_unquoted_words_and_names_covering_annotations(clean, capsys):
    assert main(["--root", str(clean), "find", "convicted", "38", "traffickers"]) == 0
    out, _ = capsys.readouterr()
    assert f"{SEED_SLUG}, paragraph 2:" in out
    assert "already annotated by: convictions-2021" in out
    assert "[convicted 38 traffickers]" in out
    assert '      quote: "convicted 38 traffickers"' in out
    assert "    - id: convicted-38-traffickers" in out


def test_find_takes_double_dashes_for_a_dash(tmp_path, capsys):
    seed = "The law \u2014 passed in 2008 \u2014 covers forced labor.\nA second law\u2014passed later.\n"
    root = make_project(tmp_path, seeds={"dash": seed}, with_cambodia=False)
    assert main(["--root", str(root), "find", "--", "law", "--", "passed"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("The words occur 2 times.")
    assert 'quote: "law \u2014 passed"' in out and 'quote: "law\u2014passed"' in out
    assert "context: “The [law \u2014 passed] in 2008 \u2014 covers forced labor.”" in out  # the report's own characters
    assert "id: law-passed\n" in out and "id: law-passed-2\n" in out
    assert main(["--root", str(root), "find", "covers forced labor..."]) == 1
    assert main(["--root", str(root), "find", "forced labor. A second"]) == 1  # never across paragraphs


def test_find_refuses_empty_words(clean, capsys):
    assert main(["--root", str(clean), "find", ""]) == 2
    _, err = capsys.readouterr()
    assert err == "annotated-report: error: find needs the words to look for, e.g. annotated-report find convicted 38 traffickers\n"


def test_find_not_found_gives_the_closest_passage(clean, capsys):
    assert main(["--root", str(clean), "find", "convicted 38 trafickers"]) == 1
    _, err = capsys.readouterr()
    assert "not found: convicted 38 trafickers" in err
    assert f"closest in {SEED_SLUG}, paragraph 2 (96% similar): “convicted 38 traffickers”" in err


def _stubs(out: str) -> list[str]:
    """The YAML stubs printed by `find`, as list entries under `annotations:`."""
    blocks, current = [], []
    for line in out.splitlines():
        if line.startswith("    - id:"):
            current = [line]
            blocks.append(current)
        elif current and line.startswith("      "):
            current.append(line)
        else:
            current = []
    return ["\n".join(line[2:] for line in block) for block in blocks]


def test_find_stubs_are_accepted_by_check_as_unique(clean, capsys):
    assert main(["--root", str(clean), "find", "NGOs reported"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("The words occur 3 times. Each match below shows its context, the quote in [brackets];")
    stubs = _stubs(out)
    assert len(stubs) == 3
    paragraphs = [int(n) for n in re.findall(rf"{SEED_SLUG}, paragraph (\d+):", out)]
    (clean / "annotations" / "found.yml").write_text(f"document: {SEED_SLUG}\nannotations:\n" + "\n".join(stubs) + "\n", encoding="utf-8")
    assert main(["--root", str(clean), "check", "--format", "json"]) == 0
    capsys.readouterr()
    from annotated_report.build import build_site

    site = build_site(clean / "seeds", clean / "annotations", root=clean)
    placed = sorted(a.span.paragraph for a in site.annotations if a.id.startswith("ngos-reported"))
    assert placed == sorted(paragraphs)


def test_find_context_never_cuts_words(clean, capsys):
    assert main(["--root", str(clean), "find", "NGOs reported"]) == 0
    out, _ = capsys.readouterr()
    seed_words = set((clean / "seeds" / f"{SEED_SLUG}.txt").read_text(encoding="utf-8").replace("\n", " ").split())
    for context in re.findall(r"context: “(.*)”", out):
        words = context.replace("[", " ").replace("]", " ").replace("…", " ").split()
        straight = {w.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"') for w in seed_words}
        assert all(w in seed_words or w in straight for w in words), context


# --- new ------------------------------------------------------------------------------------


def test_new_appends_and_keeps_every_other_byte(clean, capsys):
    path = clean / "annotations" / "p2.yml"
    before = path.read_text(encoding="utf-8")
    assert main(["--root", str(clean), "new", "--type", "statistic", "--quote", "64 cases", "--file", str(path)]) == 0
    out, _ = capsys.readouterr()
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)
    added = after[len(before):]
    assert added == '\n  - id: 64-cases\n    type: statistic\n    quote: "64 cases"\n    value: 64\n'
    assert "added 64-cases (statistic, paragraph 2) to annotations/p2.yml" in out
    assert main(["--root", str(clean), "check"]) == 0


def test_new_chooses_the_file_of_the_paragraph_and_a_fresh_id(clean, capsys):
    for _ in range(2):
        assert main(["--root", str(clean), "new", "--type", "claim", "--quote", "The government convicted 38 traffickers"]) == 0
    out, _ = capsys.readouterr()
    assert "added government-convicted-38-traffickers (claim" in out
    assert "added government-convicted-38-traffickers-2 (claim" in out
    text = (clean / "annotations" / "p2.yml").read_text(encoding="utf-8")
    assert text.count('quote: "The government convicted 38 traffickers"') == 3
    assert "# Paragraph 2, kept as the editor wrote it." in text and "# the report's words" in text
    assert main(["--root", str(clean), "check"]) == 0


def test_new_adds_a_prefix_for_repeated_words_and_creates_a_file(clean, capsys):
    target = clean / "annotations" / "extra" / "new.yml"
    assert main(["--root", str(clean), "new", "--type", "allegation", "--quote", "NGOs reported", "--file", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith(f"document: {SEED_SLUG}\nannotations:\n  - id: ngos-reported\n    type: allegation\n")
    assert "prefix:" in text or "suffix:" in text
    assert main(["--root", str(clean), "check"]) == 0


def test_new_with_a_quote_that_is_not_there(clean, capsys):
    path = clean / "annotations" / "p2.yml"
    before = path.read_text(encoding="utf-8")
    assert main(["--root", str(clean), "new", "--type", "claim", "--quote", "convicted 38 trafickers"]) == 1
    _, err = capsys.readouterr()
    assert "the quote is not in any document. Closest:" in err and "“convicted 38 traffickers”" in err
    assert path.read_text(encoding="utf-8") == before


# --- stats ----------------------------------------------------------------------------------


def test_stats_json(clean, capsys):
    assert main(["--root", str(clean), "stats", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (document,) = data["documents"]
    assert document == {"document": SEED_SLUG, "status": "complete", "annotations": 2, "types": {"claim": 1, "statistic": 1, "caveat": 0, "allegation": 0},
                        "numbers": {"found": 34, "annotated": 1, "percent": 2}}
    assert document["numbers"]["found"] - document["numbers"]["annotated"] == len(data["unannotated_numbers"])
    assert data["without_topics"] == ["no-database"]
    assert data["without_notes"] == ["no-database"]
    numbers = data["unannotated_numbers"]
    assert "38" not in [n["number"] for n in numbers if n["paragraph"] == 2 and "convicted 38" in n["context"]]
    assert {"document": SEED_SLUG, "paragraph": 2, "number": "64"} in [{k: n[k] for k in ("document", "paragraph", "number")} for n in numbers]


def test_stats_text_and_timings(clean, capsys):
    assert main(["--root", str(clean), "stats"]) == 0
    out, _ = capsys.readouterr()
    assert "annotations without topics: 1 (no-database)" in out
    assert re.search(r"^unannotated numbers: \d+$", out, re.MULTILINE)
    assert main(["--root", str(clean), "stats", "--timings"]) == 0
    out, _ = capsys.readouterr()
    phases = [re.split(r"%\s+", line, maxsplit=1)[1] for line in out.splitlines()]
    assert phases[:3] == ["load (read, parse, validate)", "anchor and check (build_site minus load)", "plan pages (generated_pages)"]
    assert f"render reports/{SEED_SLUG}/index" in phases or any(p.startswith("render reports/") for p in phases)
    assert phases[-1] == "total" and "100.0%" in out.splitlines()[-1]


# --- import ---------------------------------------------------------------------------------


def test_import_writes_stubs_and_reports_what_does_not_anchor(clean, tmp_path, capsys):
    source = tmp_path / "hypothesis.jsonld"
    source.write_text(json.dumps([
        {"target": [{"selector": [{"type": "TextQuoteSelector", "exact": "The government convicted 38 traffickers"}]}],
         "text": "Thirty-eight in all.", "tags": ["statistic"]},
        {"target": [{"selector": [{"type": "TextQuoteSelector", "exact": "words that are not in the report at all"}]}]},
    ]), encoding="utf-8")
    assert main(["--root", str(clean), "import", str(source)]) == 1  # one was not placed
    out, err = capsys.readouterr()
    assert 'quote: "The government convicted 38 traffickers"' in out
    assert "words that are not in the report at all" in out + err


# --- the README's example -------------------------------------------------------------------


def test_the_readme_example_is_new_and_passes_check_when_copied(tmp_path, capsys):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Adding an annotation") : readme.index("### The fields")]
    example = re.search(r"```yaml\n( *# (annotations/\S+)\n.*?) *```", section, re.DOTALL)
    assert example is not None
    body, target = textwrap.dedent(example.group(1)), example.group(2)
    root = tmp_path / "copy"
    for name in ("seeds", "annotations", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    assert not (root / target).exists()
    new_id = re.search(r"- id: ([a-z0-9-]+)", body).group(1)  # type: ignore[union-attr]
    assert main(["--root", str(root), "check"]) == 0
    assert new_id not in capsys.readouterr().out
    (root / target).write_text(body, encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 0
    _, err = capsys.readouterr()
    assert "no problems" in err
    from annotated_report.build import build_site

    site = build_site(root / "seeds", root / "annotations", root=root)
    assert new_id in site.annotations_by_id
    assert len(site.annotations) == len(build_site(REPO / "seeds", REPO / "annotations", root=REPO).annotations) + 1


# --- stubs that follow the editorial rules --------------------------------------------------


@pytest.fixture
def ruled(tmp_path):
    """The product's default editorial rules (no `rules:` options in mkdocs.yml)."""
    return make_project(tmp_path / "ruled", CLEAN)


def test_new_statistic_without_unit_leaves_a_placeholder_that_check_points_at(ruled, capsys):
    path = ruled / "annotations" / "p2.yml"
    before = path.read_text(encoding="utf-8")
    assert main(["--root", str(ruled), "new", "--type", "statistic", "--quote", "64 cases", "--file", str(path)]) == 0
    out, err = capsys.readouterr()
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)  # byte-preserving append, placeholder or not
    assert after[len(before):] == ('\n  - id: 64-cases\n    type: statistic\n    quote: "64 cases"\n    value: 64\n'
                                   '    unit:  # required (rule statistics_have_units): what the number counts, e.g. "traffickers convicted"\n')
    line = after.splitlines().index('    unit:  # required (rule statistics_have_units): what the number counts, e.g. "traffickers convicted"') + 1
    assert err == (f"to do: fill in unit (line {line}) in annotations/p2.yml; the editorial rules require it"
                   " and `annotated-report check` fails until then.\n")
    assert main(["--root", str(ruled), "check"]) == 1
    out, err = capsys.readouterr()
    # One mistake, one problem, at the placeholder's line (the rule's own message is not repeated);
    # an annotation with an error is left out of a plain build, and listed.
    id_line = after.splitlines().index("  - id: 64-cases") + 1
    assert out == (f'annotations/p2.yml:{line}: 64-cases: \'unit\' should be text, not empty. e.g. unit: "traffickers convicted"\n'
                   f"1 annotation(s) would be left out: 64-cases (annotations/p2.yml:{id_line})\n")
    assert err.endswith("1 problem(s).\n")
    path.write_text(after.replace("    unit:  # required", '    unit: "cases"  # was required'), encoding="utf-8")
    assert main(["--root", str(ruled), "check"]) == 0


def test_new_writes_the_fields_given_on_the_command_line(ruled, capsys):
    args = ["--root", str(ruled), "new", "--type", "statistic", "--quote", "convicted 440 traffickers",
            "--value", "440", "--unit", "traffickers convicted", "--year", "2020"]
    assert main(args) == 0
    _, err = capsys.readouterr()
    assert err == ""  # nothing left to do
    assert '    value: 440\n    unit: "traffickers convicted"\n    year: 2020\n' in (ruled / "annotations" / "p2.yml").read_text(encoding="utf-8")
    new_file = str(ruled / "annotations" / "new.yml")
    assert main(["--root", str(ruled), "new", "--type", "allegation", "--quote", "judges accepted bribes", "--attributed-to", "NGOs", "--file", new_file]) == 0
    capsys.readouterr()
    text = (ruled / "annotations" / "new.yml").read_text(encoding="utf-8")
    assert text.endswith('    type: allegation\n    quote: "judges accepted bribes"\n    attributed_to: "NGOs"\n')
    assert main(["--root", str(ruled), "check"]) == 0


def test_new_range_value_and_wrong_options(ruled, capsys):
    args = ["--root", str(ruled), "new", "--type", "statistic", "--quote", "seven to 15 years", "--value", "7-15", "--unit", "years"]
    assert main(args) == 0
    capsys.readouterr()
    assert '    value: {min: 7, max: 15}\n    unit: "years"\n' in (ruled / "annotations" / "p2.yml").read_text(encoding="utf-8")
    for extra, message in [
        (["--type", "claim", "--unit", "x"], "--unit only applies to statistics, and this is a claim."),
        (["--type", "statistic", "--value", "many"], "--value: 'many' is not a number or a range such as 7-15."),
        (["--type", "statistic", "--value", "15-7"], "--value: the range '15-7' runs backwards; give the smaller number first."),
        (["--type", "allegation", "--attributed-to", " "], "--attributed-to is empty: leave it out to get a placeholder to fill in later."),
    ]:
        assert main(["--root", str(ruled), "new", "--quote", "convicted 440 traffickers", *extra]) == 2
        assert capsys.readouterr().err == f"annotated-report: error: {message}\n"


def test_new_allegation_placeholder_and_rules_switched_off(ruled, tmp_path, capsys):
    new_file = ruled / "annotations" / "new.yml"
    assert main(["--root", str(ruled), "new", "--type", "allegation", "--quote", "judges accepted bribes", "--file", str(new_file)]) == 0
    _, err = capsys.readouterr()
    text = new_file.read_text(encoding="utf-8")
    assert text.endswith('    attributed_to:  # required (rule allegations_attributed): who makes the allegation, e.g. "NGOs"\n')
    assert err.startswith("to do: fill in attributed_to (line 6) in annotations/new.yml;")
    assert main(["--root", str(ruled), "check"]) == 1
    out, _ = capsys.readouterr()
    assert out == ("annotations/new.yml:6: judges-accepted-bribes: 'attributed_to' should be text, not empty. e.g. attributed_to: \"NGOs\"\n"
                   "1 annotation(s) would be left out: judges-accepted-bribes (annotations/new.yml:3)\n")  # faulty: off the site, and listed
    # A site that switches the rule off gets no placeholder (it would be an error there).
    off = make_project(tmp_path / "off", CLEAN, rules=EDITORIAL_RULES_OFF)
    assert main(["--root", str(off), "new", "--type", "allegation", "--quote", "judges accepted bribes", "--file", str(off / "annotations" / "new.yml")]) == 0
    _, err = capsys.readouterr()
    assert err == "" and "attributed_to" not in (off / "annotations" / "new.yml").read_text(encoding="utf-8")


def test_find_suggests_an_allegation_where_the_text_gives_the_passage_to_others(ruled, capsys):
    assert main(["--root", str(ruled), "find", "law enforcement did not adequately respond"]) == 0
    out, _ = capsys.readouterr()
    assert "  the text gives this passage to others (“NGOs reported”): the stub is an allegation; say who makes it.\n" in out
    (stub,) = _stubs(out)
    assert stub.endswith('    type: allegation\n    quote: "law enforcement did not adequately respond"\n'
                         '    attributed_to:  # required (rule allegations_attributed): who makes the allegation, e.g. "NGOs"')
    # An explicit type is kept; the cue still asks for attributed_to. A statistic asks for its unit.
    assert main(["--root", str(ruled), "find", "--type", "statistic", "six days to one month"]) == 0
    (stub,) = _stubs(capsys.readouterr().out)
    assert '  unit:  # required (rule statistics_have_units)' in stub
    assert '  attributed_to:  # required (rule attribution_cues; the text says "NGOs reported"): who says it, e.g. "NGOs"' in stub
    # The stub, filled in, satisfies the default rules.
    assert main(["--root", str(ruled), "find", "law enforcement did not adequately respond"]) == 0
    (stub,) = _stubs(capsys.readouterr().out)
    filled = stub.replace("attributed_to:  # required", 'attributed_to: "NGOs"  # was required')
    (ruled / "annotations" / "found.yml").write_text(f"document: {SEED_SLUG}\nannotations:\n{filled}\n", encoding="utf-8")
    assert main(["--root", str(ruled), "check"]) == 0
    # A passage in the report's own voice stays a claim.
    assert main(["--root", str(ruled), "find", "The government did not maintain"]) == 0
    (stub,) = _stubs(capsys.readouterr().out)
    assert "type: claim" in stub and "attributed_to" not in stub


def test_the_readme_lists_every_rule_option_with_its_description():
    """The README's options block is one line per `rules:` option, its comment the option's description in the table."""
    from annotated_report import rules

    options = rules.RuleSettings.options()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("      rules:  ") : readme.index("```", readme.index("      rules:  "))]
    listed = re.findall(r"^        ([a-z_]+): true  # (.*)$", block, re.MULTILINE)
    assert [name for name, _ in listed] == list(rules.RuleSettings.names())
    for name, comment in listed:
        doc = str(options[name][1])
        assert comment.removesuffix(" (default: false)") == doc[0].lower() + doc[1:].rstrip("."), name
    word_lists = re.findall(r"^        ([a-z_]+): \{(?:extend|replace): \[.*\]\}  # (.*)$", block, re.MULTILINE)
    assert [name for name, _ in word_lists] == list(rules.CUE_LISTS)
    from ruamel.yaml import YAML  # the block is valid YAML: it can be pasted into mkdocs.yml

    options = YAML(typ="safe").load(textwrap.dedent(readme[readme.index("plugins:\n  - search\n  - annotated-report:") :].split("```")[0]))
    written = options["plugins"][1]["annotated-report"]["rules"]
    assert set(written) == set(rules.RuleSettings.options())
    assert rules.RuleSettings.from_mapping(written).attribution_speakers[-1] == "shipowners"
