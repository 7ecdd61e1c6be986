"""Build real MkDocs sites in temporary folders, the way an editor's checkout looks."""

from __future__ import annotations

import logging
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from annotated_report.rules import RuleSettings

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "cambodia-2022-prosecution.txt"
SEED_SLUG = "cambodia-2022-prosecution"

#: For fixtures whose annotation types are chosen to exercise rendering (nesting, crossing,
#: escaping), not by the editorial guide: the editorial rules are tested in test_rules.py.
EDITORIAL_RULES_OFF: dict[str, bool] = {name: False for name in RuleSettings.names()}

MKDOCS_YML = """\
site_name: Test site
site_url: https://example.org/
use_directory_urls: {use_directory_urls}
theme:
  name: material
  features: [content.tooltips]
plugins:
  - search
  - annotated-report
markdown_extensions: [abbr, attr_list, md_in_html, toc]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def make_project(
    root: Path,
    annotations: dict[str, str] | None = None,
    *,
    seeds: dict[str, str] | None = None,
    with_cambodia: bool = True,
    use_directory_urls: bool = True,
    topics: str | None = "topics:\n  - {id: prosecutions, title: Prosecutions, description: Cases brought to court.}\n",
    rules: dict[str, bool] | None = None,
    status: str | None = "complete",
) -> Path:
    """Lay out mkdocs.yml, docs/, seeds/ and annotations/ under `root`; return `root`.

    `annotations` maps a path under annotations/ to YAML text (dedented). `seeds` maps a
    slug to the text of a seed document (a sidecar with a title is written for each).
    `rules` switches editorial rules in mkdocs.yml (e.g. `EDITORIAL_RULES_OFF`). `status` goes
    into each `seeds` sidecar: "complete" (the default here, so the whole-document rules apply to
    the texts the tests write), "draft", or None for a sidecar that does not say (a draft).
    """
    config = MKDOCS_YML.format(use_directory_urls=str(use_directory_urls).lower())
    if rules is not None:  # the plugin's `rules:` options (the editorial rules of rules.py)
        options = ", ".join(f"{name}: {str(on).lower()}" for name, on in rules.items())
        config = config.replace("  - annotated-report\n", f"  - annotated-report:\n      rules: {{{options}}}\n")
    write(root / "mkdocs.yml", config)
    write(root / "docs" / "index.md", "# Home\n\nA test site.\n")
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    if with_cambodia:
        shutil.copyfile(SEED, root / "seeds" / SEED.name)
        shutil.copyfile(SEED.with_suffix(".yml"), root / "seeds" / f"{SEED_SLUG}.yml")
    for slug, text in (seeds or {}).items():
        (root / "seeds" / f"{slug}.txt").write_text(text, encoding="utf-8")
        said = f"status: {status}\n" if status is not None else ""
        write(root / "seeds" / f"{slug}.yml", f"title: {slug.replace('-', ' ').title()}\n{said}")
    (root / "annotations").mkdir(parents=True, exist_ok=True)
    if topics is not None:
        write(root / "annotations" / "topics.yml", topics)
    for name, text in (annotations or {}).items():
        write(root / "annotations" / name, text)
    return root


@dataclass
class BuildResult:
    site_dir: Path
    warnings: list[str] = field(default_factory=list)
    aborted: bool = False

    def page(self, url_path: str) -> str:
        """The HTML of a built page, e.g. page('reports/cambodia-2022-prosecution/')."""
        path = self.site_dir / url_path
        if url_path.endswith("/") or not url_path:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build(root: Path, *, strict: bool = False) -> BuildResult:
    """Build the project at `root` in-process with MkDocs; collect every warning."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    site_dir = root / "site"
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    aborted = False
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
        try:
            mkdocs_build(config)
        except Abort:
            aborted = True
    finally:
        logger.removeHandler(handler)
    return BuildResult(site_dir=site_dir, warnings=handler.messages, aborted=aborted)
