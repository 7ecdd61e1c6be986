"""A generated page's HTML exists only while its page is written (plugin.py): MkDocs reads
every page before it writes any, so HTML made at `on_page_content` would all be held at once.

A probe plugin rides along in a real build and looks at `page.content` at each event.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority

from annotated_report.pages.home import MARKER
from annotated_report.plugin import PLACEHOLDER, AnnotatedReportPlugin
from helpers import make_project, write
from test_session import ONE, SEEDS, TWO, fresh_build


class Probe(BasePlugin):  # type: ignore[type-arg]
    """Records what another plugin sees of the generated pages, event by event."""

    def __init__(self, ours: AnnotatedReportPlugin) -> None:
        self.ours = ours
        self.pages: list[Any] = []  # every page, from `on_env` on
        self.seen_in_page_content: dict[str, str] = {}
        self.searched: dict[str, str] = {}
        self.others_while_writing: list[set[str]] = []  # per page written: the generated pages holding more than the placeholder
        self.written: dict[str, tuple[str, str]] = {}  # page -> (page.content, output) in on_post_page
        self.held_while_reading: dict[str, str] = {}
        self.generated_pages: set[str] = set()  # from `on_env` on (the plugin lets its own list go after the build)

    def generated(self, page: Any) -> bool:
        return page.file.src_uri in self.generated_pages

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        self.seen_in_page_content[page.file.src_uri] = html
        return html

    @event_priority(-1000)
    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        # Every page has been read, none written: nothing of the generated pages is held yet.
        self.pages = [file.page for file in files.documentation_pages()]
        self.generated_pages = set(self.ours.generated)
        self.held_while_reading = {p.file.src_uri: p.content for p in self.pages if self.generated(p) and p.content != PLACEHOLDER}
        return env

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        self.searched[page.file.src_uri] = page.content  # what a search plugin (priority 0) reads
        return context

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:  # before ours (-100)
        self.written[page.file.src_uri] = (page.content, output)
        others = {p.file.src_uri for p in self.pages if p is not page and self.generated(p) and p.content != PLACEHOLDER}
        self.others_while_writing.append(others)
        return output


def probed_build(root: Path, *, command: str = "build") -> tuple[Probe, AnnotatedReportPlugin, Any]:
    """A build as the `mkdocs` command runs it (`on_startup` first: the plugin object is shared
    by every config loaded in this process, as MkDocs keeps it for `mkdocs serve`)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    ours = config.plugins["annotated-report"]
    config.plugins.on_startup(command=command, dirty=False)
    probe = Probe(ours)
    config.plugins["probe"] = probe
    build(config)
    return probe, ours, config


def project(root: Path) -> Path:
    root = make_project(root, {"one.yml": ONE, "two.yml": TWO}, seeds=SEEDS, with_cambodia=False)
    write(root / "docs" / "index.md", f"# Home\n\nA test site.\n\n{MARKER}\n")
    return root


def test_only_the_page_being_written_holds_its_html(tmp_path):
    probe, ours, _ = probed_build(project(tmp_path / "site"))
    generated = sorted(probe.generated_pages)
    assert len(generated) >= 4  # two reports, a topic page, the glossary, the indexes
    assert probe.held_while_reading == {}
    assert set(probe.written) >= set(generated)
    assert probe.others_while_writing and all(others == set() for others in probe.others_while_writing)
    for src_uri in generated:
        content, output = probe.written[src_uri]
        assert content != PLACEHOLDER and content in output  # the page written is the full page
    # After the build: nothing of any generated page is held, by the pages or the plugin.
    assert all(p.content == PLACEHOLDER for p in probe.pages if probe.generated(p))
    assert ours.plan is None and ours.session.pages == {}
    assert ours.generated == {} and ours.session.site is None  # nor the site they were made from


def test_other_plugins_see_the_placeholder_then_the_page(tmp_path):
    probe, _, _ = probed_build(project(tmp_path / "site"))
    report = "reports/one.md"
    assert probe.seen_in_page_content[report] == PLACEHOLDER
    searched, (written, _) = probe.searched[report], probe.written[report]
    assert "first report" in searched and searched == written  # the full page from on_page_context on: no swap
    # The editor's own page is theirs: its HTML (with the overview filled in) stays on the page.
    home = next(p for p in probe.pages if p.file.src_uri == "index.md")
    assert MARKER not in home.content and "A test site." in home.content
    assert probe.seen_in_page_content["index.md"] == home.content


def test_the_site_is_the_same_built_once_or_rebuilt_under_serve(tmp_path):
    root = project(tmp_path / "served")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    probe, ours, first = probed_build(root, command="serve")
    served_once = {p.relative_to(root / "site").as_posix(): p.read_bytes() for p in (root / "site").rglob("*.html")}
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site")))  # the rebuild, same plugin object
    served_twice = {p.relative_to(root / "site").as_posix(): p.read_bytes() for p in (root / "site").rglob("*.html")}
    session = ours.session  # before shutdown lets it go
    first.plugins.on_shutdown()
    # Under serve the session keeps each page's HTML by fingerprint (that is its job), the pages do not.
    assert session.page_hits > 0 and session.pages
    assert all(p.content == PLACEHOLDER for p in probe.pages if probe.generated(p))
    copy = tmp_path / "fresh"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site"))
    assert served_once == served_twice == fresh_build(copy)
