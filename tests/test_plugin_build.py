"""The MkDocs plugin and the command-line tool, exercised through real builds and commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.config import load_config

from annotated_report.cli import main as cli_main
from helpers import REPO, SEED_SLUG, build, make_project
from htmltext import parse, report_text, with_attr

REPORT = f"reports/{SEED_SLUG}/"

GOOD_AND_BAD = {
    "p2.yml": f"""\
        document: {SEED_SLUG}
        annotations:
          - id: misquoted
            type: statistic
            quote: "The government convicted 39 traffickers"
            value: 39
          - id: convictions-2021
            type: statistic
            quote: "The government convicted 38 traffickers"
            value: 38
            topics: [prosecutions]
            note: Convictions under the anti-trafficking law.
          - id: prc
            type: claim
            quote: "People's Republic of China (PRC)"
            note: The **PRC** is named as a partner in investigations.
        """,
}


@pytest.fixture(scope="module")
def mixed_project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("mixed"), GOOD_AND_BAD)


@pytest.fixture(scope="module")
def lenient_build(mixed_project):
    return build(mixed_project, strict=False)


# --- strict and lenient builds --------------------------------------------------------------


def test_strict_build_with_a_bad_annotation_aborts_and_says_where(tmp_path):
    result = build(make_project(tmp_path, GOOD_AND_BAD), strict=True)
    assert result.aborted
    (warning,) = [w for w in result.warnings if "misquoted" in w and "not found" in w]
    # Re-anchoring happens in the build too: the closest passage has another figure, so it is never taken.
    assert "annotations/p2.yml:5: misquoted: changed-figure: quote not found in cambodia-2022-prosecution" in warning
    assert "the closest passage (paragraph 2) has 38 where the quote has 39" in warning
    assert "A figure is never re-anchored automatically" in warning  # the hint


def test_lenient_build_publishes_the_good_annotations(lenient_build):
    assert not lenient_build.aborted
    page = parse(lenient_build.page(REPORT))
    ids = {element.get("id") for element in page.iter() if element.get("id")}
    assert {"convictions-2021", "prc"} <= ids
    assert "misquoted" not in ids
    assert page.find(with_attr("data-annotation", "misquoted")) is None
    (prc,) = page.find_all(with_attr("data-annotation", "prc"))
    assert report_text(prc) == "People\u2019s Republic of China (PRC)"


def test_lenient_build_warns_what_was_left_out(lenient_build):
    left_out = [w for w in lenient_build.warnings if "left out" in w]
    assert len(left_out) == 1
    assert "1 annotation(s) left out of the site" in left_out[0]
    assert "misquoted (annotations/p2.yml:3)" in left_out[0]
    # And the reason is there as well, located.
    assert any("annotations/p2.yml:5: misquoted: changed-figure: quote not found" in w for w in lenient_build.warnings)


def test_a_clean_project_builds_strict_without_warnings(tmp_path):
    root = make_project(
        tmp_path,
        {"tiny.yml": "document: tiny\nannotations:\n  - {id: whole, type: claim, quote: The whole text.}\n"},
        seeds={"tiny": "The whole text.\n"},
        with_cambodia=False,
    )
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    assert result.warnings == []
    assert (result.site_dir / "reports" / "tiny" / "index.html").is_file()


# --- assets ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["annotated-report.css", "annotated-report-pages.css", "annotated-report.js"])
def test_assets_are_copied_and_linked(lenient_build, name):
    built = lenient_build.site_dir / "assets" / "annotated-report" / name
    assert built.is_file()
    shipped = resources.files("annotated_report").joinpath("assets", name).read_bytes()
    assert built.read_bytes() == shipped and shipped
    page = parse(lenient_build.page(REPORT))
    attribute = "href" if name.endswith(".css") else "src"
    tag = "link" if name.endswith(".css") else "script"
    references = [e.get(attribute) for e in page.find_all(lambda e: e.tag == tag and (e.get(attribute) or "").endswith(name))]
    assert len(references) == 1, references
    target = (lenient_build.site_dir / REPORT / urlsplit(references[0]).path).resolve()
    assert target == built.resolve()


# --- configuration ----------------------------------------------------------------------------


def test_enabled_false_builds_a_site_without_report_pages(tmp_path):
    root = make_project(tmp_path, GOOD_AND_BAD)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  - annotated-report\n", "  - annotated-report:\n      enabled: false\n"), encoding="utf-8")
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    assert (result.site_dir / "index.html").is_file()
    assert not (result.site_dir / "reports").exists()
    assert not (result.site_dir / "assets" / "annotated-report").exists()
    assert not any("misquoted" in warning for warning in result.warnings)


def _configured(root: Path):
    config = load_config(str(root / "mkdocs.yml"))
    return config.plugins.on_config(config)


def test_on_config_watches_seeds_and_annotations(mixed_project):
    config = _configured(mixed_project)
    watched = {Path(path).resolve() for path in config.watch}
    assert (mixed_project / "seeds").resolve() in watched
    assert (mixed_project / "annotations").resolve() in watched
    assert "assets/annotated-report/annotated-report.css" in config.extra_css
    assert "assets/annotated-report/annotated-report.js" in [str(script) for script in config.extra_javascript]


def test_on_config_twice_adds_nothing_twice(mixed_project):
    # `mkdocs serve` runs on_config again on every rebuild, with the same plugin object.
    config = load_config(str(mixed_project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    config = config.plugins.on_config(config)
    assert len(config.watch) == len(set(config.watch))
    watched = {Path(path).resolve() for path in config.watch}
    assert {(mixed_project / "seeds").resolve(), (mixed_project / "annotations").resolve()} <= watched
    assert len(config.extra_css) == len(set(config.extra_css))
    assert len(config.extra_javascript) == len({str(s) for s in config.extra_javascript})


def test_folders_are_found_from_the_config_file_not_the_working_directory(mixed_project, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = _configured(mixed_project)
    site = config.plugins["annotated-report"].session.site
    assert site is not None
    assert {document.slug for document in site.documents} == {SEED_SLUG}
    assert any(problem.file == "annotations/p2.yml" for problem in site.problems)


# --- search -----------------------------------------------------------------------------------


def test_search_index_contains_the_report_text_and_notes(lenient_build):
    index = json.loads((lenient_build.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    on_report = [doc for doc in index["docs"] if doc["location"].startswith(REPORT)]
    assert on_report
    everything = " ".join(doc["text"] for doc in on_report)
    assert "The government convicted 38 traffickers" in everything
    assert "Citing resource constraints, prosecutors and investigating judges" in everything
    assert "Convictions under the anti-trafficking law." in everything


# --- the command-line tool --------------------------------------------------------------------


def test_cli_check_reports_problems_and_fails(mixed_project, capsys):
    assert cli_main(["--root", str(mixed_project), "check"]) == 1
    out, err = capsys.readouterr()
    # The CLI re-anchors a quote that is not found: a different figure is never taken for it.
    assert "annotations/p2.yml:5: misquoted: changed-figure: quote not found in cambodia-2022-prosecution" in out
    assert "has 38 where the quote has 39" in out
    assert "would be left out: misquoted (annotations/p2.yml:3)" in out
    assert "problem(s)" in err


def test_cli_check_passes_a_clean_project(tmp_path, capsys):
    root = make_project(
        tmp_path,
        {"tiny.yml": "document: tiny\nannotations:\n  - {id: whole, type: claim, quote: The whole text.}\n"},
        seeds={"tiny": "The whole text.\n"},
        with_cambodia=False,
    )
    assert cli_main(["--root", str(root), "check"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "no problems" in err


def test_cli_find_prints_a_quote_to_paste(mixed_project, capsys):
    assert cli_main(["--root", str(mixed_project), "find", "People's Republic of China"]) == 0
    out, _ = capsys.readouterr()
    assert f"{SEED_SLUG}, paragraph 2:" in out
    assert '  quote: "People\u2019s Republic of China"' in out
    assert "prefix" not in out


def test_cli_find_suggests_a_prefix_for_repeated_words(mixed_project, capsys):
    assert cli_main(["--root", str(mixed_project), "find", "NGOs reported"]) == 0
    out, _ = capsys.readouterr()
    assert out.count('quote: "NGOs reported"') == 3
    assert out.count("prefix:") + out.count("suffix:") == 3


def test_cli_find_not_found(mixed_project, capsys):
    assert cli_main(["--root", str(mixed_project), "find", "zebra quantum"]) == 1
    _, err = capsys.readouterr()
    assert "not found: zebra quantum" in err


def test_cli_stats(mixed_project, capsys):
    assert cli_main(["--root", str(mixed_project), "stats"]) == 0
    out, _ = capsys.readouterr()
    assert f"{SEED_SLUG} (complete): 2 annotations; numbers annotated: 1 of 34 (2%)" in out
    assert "statistic: 1" in out and "claim: 1" in out
    assert "prosecutions: 1" in out


# --- the repository itself, with the real commands ---------------------------------------------


def test_the_repository_builds_strict_with_mkdocs_and_properdocs(tmp_path):
    scripts = Path(sys.executable).parent
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    commands = {
        "mkdocs": [str(scripts / "mkdocs"), "build", "--strict", "-d", str(tmp_path / "mkdocs-site")],
        "properdocs": [str(scripts / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / "properdocs-site")],
    }
    running = {
        name: subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for name, command in commands.items()
    }
    for name, process in running.items():
        output, _ = process.communicate(timeout=120)
        assert process.returncode == 0, f"{name} build --strict failed:\n{output}"
        page = tmp_path / f"{name}-site" / "reports" / SEED_SLUG / "index.html"
        assert page.is_file(), output
        assert parse(page.read_text(encoding="utf-8")).find(with_attr("data-paragraph")) is not None
