"""Files for any generator (`sitefiles.py`, `annotated-report pages`): links rebased for the
Markdown file's folder, only changed files written, stale ones deleted, build folders that
could touch the editors' files refused, front matter escaped, edit links and the derived config."""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from annotated_report import sitefiles
from annotated_report.project import locate
from annotated_report.session import Session
from helpers import EDITORIAL_RULES_OFF, SEED_SLUG, make_project, write

OUT = Path(sitefiles.DEFAULT_OUT)
ANNOTATIONS = {"p.yml": f"""\
    document: {SEED_SLUG}
    annotations:
      - id: convictions-2021
        type: statistic
        quote: "The government convicted 38 traffickers"
        value: 38
        unit: traffickers convicted
        topics: [prosecutions]
        note: Of the 38, one was for sex trafficking.
    """}


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project", ANNOTATIONS, rules=EDITORIAL_RULES_OFF)


def run(root: Path, out: Path = OUT, session: Session | None = None) -> sitefiles.Result:
    config = sitefiles.read_generator_config(locate(root))
    return sitefiles.run(config, out, session or Session())


def front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text[4 : text.index("\n---\n", 4)])


# --- rebasing ---------------------------------------------------------------------------------


def test_links_are_rebased_from_the_page_url_to_the_markdown_files_folder():
    body = ('<a href="../../glossary/#tip">TIP</a> <a href="#note_x">n</a> <a href="./">here</a> '
            "<img src='../../assets/a.png' alt=''> <a href=../../data/>data</a> "
            '<a href="https://example.org/x">out</a> <a href="/abs/">abs</a> <a href="?q=1">q</a> <a href="mailto:a@b">m</a>')
    rebased = sitefiles.rebase(body, "reports/r.md", "reports/r/")
    assert rebased == ('<a href="../glossary/#tip">TIP</a> <a href="#note_x">n</a> <a href="r/">here</a> '
                       "<img src='../assets/a.png' alt=''> <a href=../data/>data</a> "
                       '<a href="https://example.org/x">out</a> <a href="/abs/">abs</a> <a href="?q=1">q</a> <a href="mailto:a@b">m</a>')


def test_only_attributes_of_start_tags_are_rebased_never_text_scripts_or_comments():
    body = ('<p title="href=&quot;../x/&quot;">href="../../x/"</p><!-- <a href="../../c/"> -->'
            '<script type="application/ld+json">{"a": "<a href=\'../../j/\'>"}</script>'
            '<a data-href="../../d/" href="../../e/">e</a>')
    assert sitefiles.rebase(body, "reports/r.md", "reports/r/") == body.replace('href="../../e/"', 'href="../e/"')


def test_a_page_whose_file_is_in_its_url_folder_is_unchanged():
    body = '<a href="../x/">x</a>'
    assert sitefiles.rebase(body, "glossary.md", "glossary.html") is body
    assert sitefiles.rebase(body, "topics/index.md", "topics/") is body


segment = st.sampled_from(["a", "b", "reports", "topics", "x-y"])


@given(st.lists(segment, min_size=0, max_size=3), st.lists(st.sampled_from(["..", "a", "b", "glossary"]), min_size=1, max_size=5),
       st.sampled_from(["", "/", "/#frag", "#frag", "?q=1"]))
def test_a_rebased_link_resolved_from_the_file_reaches_what_the_link_reached_from_the_url(folders, link_parts, tail):
    """What Zensical does with a relative link: resolve it from the .md file's folder. After
    rebasing, that is the place the link reached from the page's URL folder."""
    url_folder = "/".join([*folders, "page"])
    source = "/".join([*folders, "page.md"])
    link = "/".join(link_parts) + tail
    rebased = sitefiles.rebase(f'<a href="{link}">x</a>', source, url_folder + "/")
    moved = rebased[len('<a href="'): -len('">x</a>')]
    path, original_path = moved.split("#")[0].split("?")[0], link.split("#")[0].split("?")[0]
    assert posixpath.normpath(posixpath.join("/".join(folders), path)) == posixpath.normpath(posixpath.join(url_folder, original_path))
    assert moved[len(path):] == link[len(original_path):]  # query and fragment kept
    assert moved.endswith("/") == link.endswith("/") or tail != "/"


# --- writing --------------------------------------------------------------------------------


def files(folder: Path) -> dict[str, tuple[int, str]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, hashlib.sha1(p.read_bytes()).hexdigest())
            for p in folder.rglob("*") if p.is_file()}


def test_a_second_run_writes_nothing_and_an_edit_writes_only_what_it_changes(project):
    first = run(project)
    assert not first.messages or all(not blocking for _, blocking in first.messages), first.messages
    folder = project / OUT
    assert (folder / "reports" / f"{SEED_SLUG}.md").is_file() and (folder / "exports" / "annotations.jsonld").is_file()
    assert (folder / "index.md").is_file() and (folder / "assets/annotated-report/annotated-report.js").is_file()
    before = files(folder)
    again = run(project)
    assert again.written.changed == [] and again.written.deleted == [] and not again.config_changed
    assert files(folder) == before
    annotation = project / "annotations" / "p.yml"
    annotation.write_text(annotation.read_text(encoding="utf-8").replace("one was for sex trafficking", "one was for labour"), encoding="utf-8")
    edited = run(project)
    assert f"reports/{SEED_SLUG}.md" in edited.written.changed and "exports/annotations.jsonld" in edited.written.changed
    assert "glossary.md" not in edited.written.changed and "index.md" not in edited.written.changed
    assert not [name for name in os.listdir(folder / "reports") if name.endswith(".tmp")]


def test_files_no_longer_planned_are_deleted_and_only_inside_the_build_folder(project):
    run(project)
    folder = project / OUT
    assert (folder / "topics" / "prosecutions.md").is_file()
    stray = folder / "old" / "stale.md"
    write(stray, "old")
    write(project / ".annotated-report" / "keep.txt", "not in the build folder")
    write(project / "annotations" / "topics.yml", "topics:\n  - {id: other, title: Other}\n")
    (project / "annotations" / "p.yml").write_text((project / "annotations" / "p.yml").read_text().replace("[prosecutions]", "[other]"))
    result = run(project)
    assert "topics/prosecutions.md" in result.written.deleted and "old/stale.md" in result.written.deleted
    assert not (folder / "old").exists() and (folder / "topics" / "other.md").is_file()
    assert (project / ".annotated-report" / "keep.txt").is_file()


def test_the_editors_docs_are_copied_never_changed(project):
    write(project / "docs" / "index.md", "---\ntitle: Home\n---\n# Home\n\n<!-- annotated-report:overview -->\n\nNOTICE\n\n"
          "<!-- /annotated-report:overview -->\n\nEnd.\n")
    write(project / "docs" / "about" / "team.md", "# Team\n\n<!-- annotated-report:overview -->\n")
    before = files(project / "docs")
    run(project)
    assert files(project / "docs") == before
    home = (project / OUT / "index.md").read_text(encoding="utf-8")
    assert "NOTICE" not in home and 'class="ar-overview"' in home and home.endswith("End.\n")
    assert front(project / OUT / "index.md") == {"title": "Home", "edit_url": ""}  # theirs kept, ours added
    team = (project / OUT / "about" / "team.md").read_text(encoding="utf-8")
    assert f'href="../reports/{SEED_SLUG}/"' in team  # linked from the file's folder, as the generator resolves it


@pytest.mark.parametrize("out", ["docs", "docs/build", "seeds", "annotations/x", ".", "..", "../elsewhere", "site", ".git", "/tmp"])
def test_a_build_folder_that_could_touch_the_editors_files_is_refused(project, out):
    with pytest.raises(sitefiles.SiteFilesError, match="--out"):
        run(project, Path(out))


def test_a_folder_with_files_the_command_did_not_write_is_refused(project):
    write(project / "mine" / "notes.txt", "an editor's file")
    with pytest.raises(sitefiles.SiteFilesError, match="did not write"):
        run(project, Path("mine"))
    assert (project / "mine" / "notes.txt").read_text() == "an editor's file"
    run(project, Path("build/fresh"))  # a new folder is fine, and is its own afterwards
    run(project, Path("build/fresh"))


def test_a_link_inside_the_build_folder_is_replaced_never_written_through(project, tmp_path):
    run(project)
    outside = tmp_path / "outside"
    outside.mkdir()
    reports = project / OUT / "reports"
    for path in reports.iterdir():
        path.unlink()
    reports.rmdir()
    reports.symlink_to(outside, target_is_directory=True)
    run(project)
    assert list(outside.iterdir()) == []
    assert not reports.is_symlink() and (reports / f"{SEED_SLUG}.md").is_file()


def test_a_hand_written_config_or_a_docs_dir_outside_the_project_is_refused(project, tmp_path):
    write(project / sitefiles.CONFIG_NAME, "site_name: mine\n")
    with pytest.raises(sitefiles.SiteFilesError, match="not written by annotated-report pages"):
        run(project)
    assert (project / sitefiles.CONFIG_NAME).read_text() == "site_name: mine\n" and not (project / OUT).exists()
    (project / sitefiles.CONFIG_NAME).unlink()
    write(tmp_path / "elsewhere" / "secret.md", "secret")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + f"docs_dir: {tmp_path / 'elsewhere'}\n", encoding="utf-8")
    with pytest.raises(sitefiles.SiteFilesError, match="outside the project"):
        run(project)


# --- front matter, edit links, the derived config -------------------------------------------


def test_a_hostile_title_stays_text_in_the_front_matter(project):
    hostile = 'Evil"\n---\n</title><script>alert(1)</script> & co'
    (project / "seeds" / f"{SEED_SLUG}.yml").write_text(yaml.safe_dump({"title": hostile}), encoding="utf-8")
    run(project)
    page = project / OUT / "reports" / f"{SEED_SLUG}.md"
    meta = front(page)
    assert meta["title"] == 'Evil"\n---\n&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co'
    assert "<script>alert" not in page.read_text(encoding="utf-8").split("\n---\n", 1)[0]


def edit_urls(project: Path) -> dict[str, object]:
    return {name: front(project / OUT / name)["edit_url"] for name in ("index.md", f"reports/{SEED_SLUG}.md", "topics/index.md", "glossary.md")
            if (project / OUT / name).is_file()}


def test_edit_links_open_the_file_an_editor_changes(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "repo_url: https://github.com/o/r\nedit_uri: edit/main/docs/\n", encoding="utf-8")
    run(project)
    urls = edit_urls(project)
    assert urls["index.md"] == "https://github.com/o/r/edit/main/docs/index.md"
    assert urls[f"reports/{SEED_SLUG}.md"] == f"https://github.com/o/r/edit/main/seeds/{SEED_SLUG}.yml"
    assert urls["topics/index.md"] == ""  # no file makes the topics index: no link at all
    assert front(project / OUT / "topics" / "prosecutions.md")["edit_url"] == "https://github.com/o/r/edit/main/annotations/topics.yml"


def test_edit_links_follow_mkdocs_defaults_and_are_empty_without_a_repository(project):
    config = project / "mkdocs.yml"
    text = config.read_text()
    run(project)
    assert set(edit_urls(project).values()) == {""}
    config.write_text(text + "repo_url: https://github.com/o/r\n", encoding="utf-8")  # MkDocs' default edit_uri for GitHub
    run(project)
    assert edit_urls(project)["index.md"] == "https://github.com/o/r/edit/master/docs/index.md"
    assert edit_urls(project)[f"reports/{SEED_SLUG}.md"] == f"https://github.com/o/r/edit/master/seeds/{SEED_SLUG}.yml"


def test_search_exclusion_only_on_pages_search_should_skip(project):
    run(project)
    assert front(project / OUT / "claims.md").get("search") == {"exclude": True}
    assert "search" not in front(project / OUT / "reports" / f"{SEED_SLUG}.md")  # Zensical indexes its notes itself
    assert "search" not in front(project / OUT / "data.md")


def test_the_derived_config_inherits_mkdocs_yml_and_adds_the_nav_only_when_it_has_none(project):
    write(project / "docs" / "draft.md", "# Draft\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "exclude_docs: |\n  draft.md\n", encoding="utf-8")
    run(project)
    derived_text = (project / sitefiles.CONFIG_NAME).read_text(encoding="utf-8")
    assert derived_text.startswith("# generated by annotated-report pages; do not edit")
    derived = yaml.safe_load(derived_text)
    assert derived["INHERIT"] == "mkdocs.yml" and derived["docs_dir"] == sitefiles.DEFAULT_OUT and derived["site_dir"] == "site"
    assert derived["theme"] == {"custom_dir": f"{sitefiles.DEFAULT_OUT}/{sitefiles.OVERRIDES}"}
    assert derived["extra_javascript"] == ["assets/annotated-report/annotated-report.js"]
    assert derived["nav"][0] == "index.md" and {"Reports": [f"reports/{SEED_SLUG}.md"]} in derived["nav"]
    assert "draft.md" not in derived["nav"] and not (project / OUT / "draft.md").exists()
    assert (project / OUT / sitefiles.OVERRIDES / "partials" / "actions.html").is_file()
    config.write_text(config.read_text() + "nav:\n  - index.md\n", encoding="utf-8")
    assert run(project).config_changed
    assert "nav" not in yaml.safe_load((project / sitefiles.CONFIG_NAME).read_text(encoding="utf-8"))  # INHERIT would append to theirs


def test_a_generated_page_never_replaces_an_editors_page(project):
    write(project / "docs" / "glossary.md", "# Our glossary\n")
    write(project / "annotations" / "glossary.yml", "terms:\n  - {term: TIP, definition: Trafficking in Persons.}\n")
    result = run(project)
    assert any("glossary.md exists" in message for message, _ in result.messages)
    assert (project / OUT / "glossary.md").read_text(encoding="utf-8").endswith("# Our glossary\n")


# --- the command ----------------------------------------------------------------------------


def command(root: Path, *args: str, **options) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).parent / "annotated-report"), "pages", *args],
                          cwd=root, capture_output=True, text=True, timeout=120, **options)


def test_the_command_prints_problems_and_strict_fails_on_them(project):
    write(project / "annotations" / "bad.yml", f"document: {SEED_SLUG}\nannotations:\n  - {{id: gone, type: claim, quote: not in the text at all}}\n")
    plain = command(project)
    assert plain.returncode == 0, plain.stderr
    assert "gone" in plain.stdout and "bad.yml" in plain.stdout
    assert re.search(r"written, 0 deleted; zensical.yml written; \d+ problem\(s\)\.$", plain.stderr.splitlines()[-1]), plain.stderr
    strict = command(project, "--strict")
    assert strict.returncode == 1 and "Traceback" not in strict.stderr


def test_the_command_refuses_a_bad_build_folder_in_one_line(project):
    refused = command(project, "--out", "docs")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("annotated-report: error: --out docs overlaps") and refused.stderr.count("\n") == 1


def test_watch_rebuilds_after_an_edit_and_stops_cleanly_on_ctrl_c(project):
    page = project / OUT / "reports" / f"{SEED_SLUG}.md"
    watcher = subprocess.Popen([str(Path(sys.executable).parent / "annotated-report"), "pages", "--watch", "--interval", "0.1"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not ((project / sitefiles.CONFIG_NAME).is_file() and "one was for sex trafficking" in page.read_text(encoding="utf-8")):
            assert time.monotonic() < deadline and watcher.poll() is None
            time.sleep(0.1)
        config_time = (project / sitefiles.CONFIG_NAME).stat().st_mtime_ns
        annotation = project / "annotations" / "p.yml"
        annotation.write_text(annotation.read_text(encoding="utf-8").replace("sex trafficking", "forced labour"), encoding="utf-8")
        while "one was for forced labour" not in page.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline and watcher.poll() is None
            time.sleep(0.1)
        config = project / "mkdocs.yml"
        time.sleep(0.05)
        config.write_text(config.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
        while (project / sitefiles.CONFIG_NAME).stat().st_mtime_ns == config_time:  # touched, so zensical serve restarts
            assert time.monotonic() < deadline and watcher.poll() is None
            time.sleep(0.1)
    finally:
        watcher.send_signal(signal.SIGINT)
        _, err = watcher.communicate(timeout=30)
    assert watcher.returncode == 0, err
    assert "Traceback" not in err and "stopped watching" in err


def test_the_command_has_help(capsys):
    from annotated_report.cli import main

    assert main(["pages", "--help"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("Usage: annotated-report pages") and "--watch" in out and "--out" in out


def test_the_pages_command_runs_without_mkdocs(project):
    """The files adapter is for generators without MkDocs: it never imports it."""
    script = ("import sys; sys.modules['mkdocs'] = None; sys.modules['material'] = None\n"
              "from annotated_report.cli import main\nsys.exit(main(['pages', '--strict']))")
    done = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (project / OUT / "reports" / f"{SEED_SLUG}.md").is_file()


@pytest.mark.parametrize("line", ["use_directory_urls: maybe", "site_url: [a, b]", "docs_dir: 3"])
def test_a_configuration_value_of_the_wrong_kind_is_one_message(project, line):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    refused = command(project)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith("annotated-report: error: ") and line.split(":")[0] in refused.stderr


def test_the_sites_own_template_overrides_go_along_with_the_edit_link_override(project):
    write(project / "overrides" / "main.html", "{% extends 'base.html' %}\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"), encoding="utf-8")
    result = run(project)
    overrides = project / OUT / sitefiles.OVERRIDES
    assert (overrides / "main.html").read_text() == "{% extends 'base.html' %}\n"
    assert "page.meta.edit_url" in (overrides / "partials" / "actions.html").read_text(encoding="utf-8")
    assert not any("actions.html" in message for message, _ in result.messages)
    write(project / "overrides" / "partials" / "actions.html", "theirs\n")
    result = run(project)
    assert (overrides / "partials" / "actions.html").read_text() == "theirs\n"
    assert any("overrides the template of edit links" in message for message, _ in result.messages)
