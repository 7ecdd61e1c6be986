"""options: the maintainer's mkdocs.yml is input too, checked before anything is read or written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotated_report.limits import is_unsafe_char
from annotated_report.options import validate_options


def problems(tmp_path: Path, **changes: object) -> list[str]:
    """The messages for a project at `tmp_path/project` with the defaults and `changes`."""
    root = tmp_path / "project"
    for folder in ("seeds", "annotations", "docs"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    options: dict[str, object] = {
        "root": root, "site_dir": root / "site", "docs_dir": root / "docs", "seeds_dir": "seeds", "annotations_dir": "annotations",
        "reports_dir": "reports", "cache_dir": ".cache/plugin/annotated-report", "cache": True,
        "site_url": "https://example.org/", "repo_url": None, "edit_uri": None,
    }
    options.update(changes)
    return [str(problem) for problem in validate_options(**options)]  # type: ignore[arg-type]


def test_the_defaults_and_ordinary_values_are_fine(tmp_path):
    assert problems(tmp_path) == []
    assert problems(tmp_path, reports_dir="reports/2022/", repo_url="https://github.com/o/r", edit_uri="edit/main/docs/") == []
    assert problems(tmp_path, edit_uri="https://gitlab.com/o/r/-/edit/main/docs/", site_url="http://localhost:8000/") == []
    assert problems(tmp_path, edit_uri="src/default/docs/?mode=edit", cache_dir=".cache") == []


@pytest.mark.parametrize(("value", "wrong"), [
    ("../x", "has a '.' or '..' folder"),
    ("../seeds", "has a '.' or '..' folder"),
    ("a/../../b", "has a '.' or '..' folder"),
    ("/".join([".."] * 12) + "/tmp/far", "has a '.' or '..' folder"),
    ("/", "is empty: report pages would be written at the top of the filesystem."),
    ("", "is empty"),
    ("/srv/www", "is an absolute path"),
    ("C:/x", "is an absolute path"),
    ("a\\..\\b", "has a character that is not allowed"),
    ("rep\norts", "has a character that is not allowed"),
    ("a//b", "has a character that is not allowed"),
    ("my reports", "has a character that is not allowed"),
])
def test_reports_dir_stays_a_plain_folder_under_the_site(tmp_path, value, wrong):
    [message] = problems(tmp_path, reports_dir=value)
    assert message.startswith("mkdocs.yml: the option reports_dir (")
    assert wrong in message
    assert message.endswith("Set reports_dir to a plain folder name under the site, such as reports (letters, digits, '-', '_', '.', '~'; '/' between folders).")  # noqa: E501
    assert message.isprintable()


def test_reports_dir_through_a_link_in_an_old_site_folder_is_refused(tmp_path):
    (tmp_path / "project" / "site").mkdir(parents=True)
    os.symlink(tmp_path, tmp_path / "project" / "site" / "out")
    assert problems(tmp_path, reports_dir="out/reports") == [
        "mkdocs.yml: the option reports_dir ('out/reports') leads outside the site folder through a link. "
        "Set reports_dir to a plain folder name under the site, such as reports (letters, digits, '-', '_', '.', '~'; '/' between folders)."
    ]


@pytest.mark.parametrize("option", ["seeds_dir", "annotations_dir"])
@pytest.mark.parametrize(("value", "wrong"), [
    ("../..", "leads outside the project (to "),
    ("/etc", "leads outside the project (to /etc)"),
    ("/proc", "leads outside the project (to /proc)"),
    ("/", "leads outside the project (to /)"),
    ("", "is empty: the build would read the whole project."),
    (".", "is the project folder itself"),
    ("site", "overlaps the site folder (site_dir)"),
])
def test_input_folders_stay_inside_the_project(tmp_path, option, value, wrong):
    [message] = problems(tmp_path, **{option: value})
    assert message.startswith(f"mkdocs.yml: the option {option} ('{value}') {wrong}")
    assert message.endswith(f"Set {option} to a folder inside the project, relative to mkdocs.yml (e.g. {option.removesuffix('_dir')}).")


def test_an_input_folder_linked_outside_is_refused_by_where_it_leads(tmp_path):
    root = tmp_path / "project"
    (root / "annotations").mkdir(parents=True)
    os.symlink("/etc", root / "linked")
    assert problems(tmp_path, annotations_dir="linked") == [
        "mkdocs.yml: the option annotations_dir ('linked') leads outside the project (to /etc): nothing outside it is read. "
        "Set annotations_dir to a folder inside the project, relative to mkdocs.yml (e.g. annotations)."
    ]


def test_a_folder_linked_in_a_loop_is_a_message_not_a_crash(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    os.symlink("loop", root / "loop")
    assert problems(tmp_path, annotations_dir="loop", cache_dir="loop/cache") == [
        "mkdocs.yml: the option annotations_dir ('loop') is a link that leads round in a loop. "
        "Set annotations_dir to a folder inside the project, relative to mkdocs.yml (e.g. annotations).",
        "mkdocs.yml: the option cache_dir ('loop/cache') is a link that leads round in a loop. "
        "Set cache_dir to a folder of its own inside the project, such as .cache/plugin/annotated-report, or set `cache: false`.",
    ]


@pytest.mark.parametrize(("value", "wrong"), [
    ("annotations", "is the annotations_dir folder: its .gitignore of '*' would hide the editors' new files from git."),
    ("annotations/cache", "is inside the annotations_dir folder: its .gitignore of '*' would hide the editors' new files from git."),
    ("seeds", "is the seeds_dir folder: its .gitignore of '*' would hide the editors' new files from git."),
    ("site", "is the site_dir folder: the cache would be published on the site, unsanitized."),
    ("site/.cache", "is inside the site_dir folder: the cache would be published on the site, unsanitized."),
    ("docs", "is the docs_dir folder: the cache would be published on the site, unsanitized."),
    (".", "is the project folder itself"),
    ("", "is empty"),
    ("../cache", "leads outside the project"),
    ("/tmp/cache", "leads outside the project (to /tmp/cache)"),
])
def test_the_cache_has_a_folder_of_its_own(tmp_path, value, wrong):
    [message] = problems(tmp_path, cache_dir=value)
    assert message.startswith(f"mkdocs.yml: the option cache_dir ('{value}') {wrong}")
    assert message.endswith("Set cache_dir to a folder of its own inside the project, such as .cache/plugin/annotated-report, or set `cache: false`.")


def test_a_cache_folder_above_the_editors_folders_is_refused(tmp_path):
    assert problems(tmp_path, seeds_dir="content/seeds", cache_dir="content") == [
        "mkdocs.yml: the option cache_dir ('content') holds the seeds_dir folder: its .gitignore of '*' would hide the editors' new files from git. "
        "Set cache_dir to a folder of its own inside the project, such as .cache/plugin/annotated-report, or set `cache: false`."
    ]


def test_cache_dir_is_not_checked_when_the_cache_is_off(tmp_path):
    assert problems(tmp_path, cache_dir="annotations", cache=False) == []


@pytest.mark.parametrize("option", ["site_url", "repo_url", "edit_uri"])
@pytest.mark.parametrize(("value", "wrong"), [
    ("javascript://%0aalert()", "is a javascript: address; only http and https links are published."),
    ("JavaScript:alert(1)", "is a javascript: address"),
    ("data:text/html,x", "is a data: address"),
    ("ftp://example.org/", "is a ftp: address"),
    ("https://example.org/\"><script>alert(1)</script>", "contains the character “\"”"),
    ("https://example.org/'onmouseover=x", "contains the character “'”"),
    ("https://example.org/<x>", "contains the character “<”"),
    ("https://example.org/&#106;", "contains the character “&”"),
    ("https://exa mple.org/", "contains an invisible character (U+0020)"),
    ("java\tscript:alert(1)", "contains an invisible character (U+0009)"),
    ("https://example.org/\u202e", "contains an invisible character (U+202E)"),
    ("https:///path", "has no host after the scheme."),
])
def test_addresses_are_http_or_https_without_characters_that_break_out(tmp_path, option, value, wrong):
    [message] = problems(tmp_path, **{option: value})
    assert message.startswith(f"mkdocs.yml: the option {option} (")
    assert wrong in message
    assert message.isprintable()


def test_a_relative_edit_uri_is_fine_but_not_one_a_browser_reads_as_a_scheme(tmp_path):
    assert problems(tmp_path, edit_uri="edit/main/") == []
    [message] = problems(tmp_path, edit_uri="1javascript:alert(1)/x")
    assert "starts like a 1javascript: address" in message
    [message] = problems(tmp_path, site_url="example.org")
    assert message == (
        "mkdocs.yml: the option site_url ('example.org') is not a complete web address (it has no https://). "
        "Set site_url to a web address starting with https:// (or http://)."
    )


def test_every_mistake_is_reported_at_once(tmp_path):
    found = problems(tmp_path, reports_dir="../x", cache_dir="site", edit_uri="javascript:x", seeds_dir="/etc")
    assert [message.split("(")[0] for message in found] == [
        "mkdocs.yml: the option edit_uri ", "mkdocs.yml: the option seeds_dir ",
        "mkdocs.yml: the option reports_dir ", "mkdocs.yml: the option cache_dir ",
    ]


_ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from(["", "/", ".", "..", "../..", "/proc", "site", "docs", "\\", "//x"])


@given(
    seeds=_ANY_TEXT, annotations=_ANY_TEXT, reports=_ANY_TEXT, cache_dir=_ANY_TEXT,
    site_url=_ANY_TEXT | st.none(), repo_url=_ANY_TEXT | st.none(), edit_uri=_ANY_TEXT | st.none(),
)
def test_any_text_in_any_option_is_messages_never_a_crash(tmp_path_factory, seeds, annotations, reports, cache_dir, site_url, repo_url, edit_uri):
    root = tmp_path_factory.getbasetemp() / "any-option"
    found = validate_options(
        root=root, site_dir=root / "site", docs_dir=root / "docs", seeds_dir=seeds.replace("\0", ""), annotations_dir=annotations.replace("\0", ""),
        reports_dir=reports, cache_dir=cache_dir.replace("\0", ""), cache=True, site_url=site_url, repo_url=repo_url, edit_uri=edit_uri,
    )
    for problem in found:  # one line each, every control or format character escaped (limits.clean)
        assert not any(is_unsafe_char(char) for char in str(problem)), problem
        assert problem.message.startswith("the option ") and problem.hint
