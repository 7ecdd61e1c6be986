"""The project's own site built by every generator it supports, in temporary folders, with the
real commands: MkDocs and ProperDocs (the plugin), Zensical (`annotated-report pages`, then
`zensical build`), and Zensical on the editors' docs alone (no plugin, no pages command)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import REPO

SCRIPTS = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
#: Each generator's command, run at the project root, building into `site-<name>/` there.
COMMANDS: dict[str, list[list[str]]] = {
    "mkdocs": [[str(SCRIPTS / "mkdocs"), "build", "--strict", "-d", "site-mkdocs"]],
    "properdocs": [[str(SCRIPTS / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", "site-properdocs"]],
    # zensical.yml (derived) says `site_dir: site`; the build is moved to site-zensical/ afterwards.
    "zensical": [[str(SCRIPTS / "annotated-report"), "pages", "--strict"], [str(SCRIPTS / "zensical"), "build", "--clean", "-f", "zensical.yml"]],
}


def copy_project(root: Path, *, site_url: str | None = None, variant: str | None = None, repo_url: str | None = None) -> Path:
    """This repository's mkdocs.yml, docs, seeds and annotations under `root` (another
    `site_url`, Zensical's theme `variant`, or a `repo_url` with edit buttons, when given)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("docs", "seeds", "annotations"):
        shutil.copytree(REPO / name, root / name)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if site_url is not None:
        assert "site_url: https://example.org/" in text
        text = text.replace("site_url: https://example.org/", f"site_url: {site_url}")
    if variant is not None:
        assert "\ntheme:\n" in text
        text = text.replace("\ntheme:\n", f"\ntheme:\n  variant: {variant}\n")
    if repo_url is not None:
        assert "\n  features:\n" in text
        text = text.replace("\n  features:\n", "\n  features:\n    - content.action.edit\n") + f"repo_url: {repo_url}\nedit_uri: edit/main/docs/\n"
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root


def run(commands: list[list[str]], root: Path) -> str:
    """Run the commands one after the other at `root`; their output, or an assertion error with it."""
    output = ""
    for command in commands:
        done = subprocess.run(command, cwd=root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
        output += done.stdout
        assert done.returncode == 0, f"{' '.join(command)} failed:\n{output}"
    return output


def build_all(root: Path, names: tuple[str, ...] = ("mkdocs", "properdocs", "zensical")) -> dict[str, Path]:
    """Each generator's site of the project at `root` (the generators run side by side)."""
    running = {name: subprocess.Popen(COMMANDS[name][0], cwd=root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
               for name in names}
    sites = {}
    for name, process in running.items():
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, f"{name} failed:\n{output}"
        if len(COMMANDS[name]) > 1:
            run(COMMANDS[name][1:], root)
        sites[name] = root / f"site-{name}"
    if "zensical" in names:
        (root / "site").rename(root / "site-zensical")
    return sites


def build_zensical(root: Path) -> Path:
    """The project at `root` built with `annotated-report pages` and Zensical, into root/site."""
    run(COMMANDS["zensical"], root)
    return root / "site"


def build_zensical_without_pages(root: Path) -> Path:
    """The editors' docs as Zensical builds them from mkdocs.yml alone, into root/site."""
    run([[str(SCRIPTS / "zensical"), "build", "--clean", "-f", "mkdocs.yml"]], root)
    return root / "site"
