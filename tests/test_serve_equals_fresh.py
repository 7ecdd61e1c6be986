"""What `mkdocs serve` shows after any edit is what a fresh build of the same files shows.

One plugin object builds again and again, as `mkdocs serve` runs it (its session keeps pages
by the inputs they declare, parsed files, placements, the Markdown store); after each edit of
every kind of input the whole served site (pages, exports, search index) is compared, byte
for byte, with a fresh build of a copy of the project.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from helpers import make_project, write

SEEDS = {
    "one": "The first report counted 10 convictions in 2021.\nIts second paragraph names NGOs.\n",
    "two": "The second report says 4 were for sex trafficking.\nAnd 6 for forced labor.\n",
}
ONE = """\
document: one
annotations:
  - id: convictions
    type: statistic
    quote: "10 convictions"
    value: 10
    unit: convictions
    year: 2021
    note: "All convictions."
    parts: [sex-convictions, labor-convictions]
    topics: [prosecutions]
  - id: ngos-named
    type: claim
    quote: "names NGOs"
    note: "A claim about NGOs."
    related: [labor-claim]
"""
TWO = """\
document: two
annotations:
  - id: sex-convictions
    type: statistic
    quote: "4 were for sex trafficking"
    value: 4
    unit: convictions
    year: 2021
    note: "Sex trafficking."
  - id: labor-convictions
    type: statistic
    quote: "6 for forced labor"
    value: 6
    unit: convictions
    year: 2021
    note: "Forced labor."
  - id: labor-claim
    type: claim
    quote: "And 6 for forced labor"
    note: "The rest."
"""
GLOSSARY = "terms:\n  - {term: NGO, definition: A non-governmental organization.}\n"
RULES = {"numbers_covered": False, "attribution_cues": False}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


#: Every kind of input, each edit made after the ones before it in the same serve session.
EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("a seed's text", lambda root: _replace(root / "seeds" / "one.txt", "The first report", "The first annual report")),
    ("a seed's sidecar", lambda root: _replace(root / "seeds" / "two.yml", "title: Two", "title: Two, retitled")),
    # The statistic in `one` lists this one in `parts`: its breakdown on the other report's page changes.
    ("a part in another document", lambda root: (
        _replace(root / "seeds" / "two.txt", "4 were", "3 were"),
        _replace(root / "annotations" / "two.yml", 'quote: "4 were for sex trafficking"\n    value: 4',
                 'quote: "3 were for sex trafficking"\n    value: 3'))),
    # `ngos-named` (document one) names this one in `related`: its link text on page one changes.
    ("a related annotation in another document", lambda root: _replace(root / "annotations" / "two.yml", "type: claim", "type: caveat")),
    ("a glossary definition", lambda root: _replace(root / "annotations" / "glossary.yml", "A non-governmental", "An independent non-governmental")),
    ("a topic", lambda root: _replace(root / "annotations" / "topics.yml", "title: Prosecutions", "title: Court cases")),
    ("the rule settings", lambda root: _replace(root / "mkdocs.yml", "attribution_cues: false", "attribution_cues: true")),
    ("a note", lambda root: _replace(root / "annotations" / "one.yml", "All convictions.", "All *convictions*, edited.")),
    ("an annotation file deleted", lambda root: (root / "annotations" / "glossary.yml").unlink()),
]


def _site(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _fresh(root: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    """A build of a copy in its own process: MkDocs keeps the serving plugin object for every
    config loaded in this one, so an in-process build would share the served session."""
    copy = tmp_path / f"fresh-{name}"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", ".cache"))
    mkdocs = Path(sys.executable).parent / "mkdocs"
    done = subprocess.run([str(mkdocs), "build", "-q", "-d", "site"], cwd=copy, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    return _site(copy)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "served", {"one.yml": ONE, "two.yml": TWO, "glossary.yml": GLOSSARY},
                        seeds=SEEDS, with_cambodia=False, rules=RULES)
    write(root / "docs" / "index.md", "# Home\n\n<!-- annotated-report:overview -->\n")
    return root


@contextmanager
def serving(root: Path) -> Iterator[Callable[[], Any]]:
    """Builds as `mkdocs serve` runs them: the first starts the session, each call of the
    function given builds again with the same plugin object and returns that build's config."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def rebuild() -> Any:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
        build(config)
        return config

    first = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    first.plugins.on_startup(command="serve", dirty=False)
    try:
        build(first)
        yield rebuild
    finally:
        first.plugins.on_shutdown()


def test_served_pages_equal_fresh_builds_after_every_kind_of_edit(project, tmp_path):
    with serving(project) as rebuild:
        assert _site(project) == _fresh(project, tmp_path, "start")
        for number, (name, edit) in enumerate(EDITS):
            edit(project)
            config = rebuild()
            served, fresh = _site(project), _fresh(project, tmp_path, str(number))
            assert served.keys() == fresh.keys(), name
            changed = [path for path in served if served[path] != fresh[path]]
            assert changed == [], f"after editing {name}, served pages differ from a fresh build: {changed}"
        session = config.plugins["annotated-report"].session
        assert session.keep and session.page_hits > 0  # pages were reused where no input changed


def test_the_breakdown_on_another_report_follows_an_edited_part(project):
    """The case that once stayed stale: a statistic's `parts` in another document."""
    with serving(project) as rebuild:
        page = project / "site" / "reports" / "one" / "index.html"
        assert "4 + 6 = 10: all 10 broken down." in page.read_text(encoding="utf-8")
        dict(EDITS)["a part in another document"](project)
        rebuild()
        assert "3 + 6 = 9 of 10 broken down; 1 unspecified." in page.read_text(encoding="utf-8")
