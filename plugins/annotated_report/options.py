"""The maintainer's options, checked before anything is read or written: configuration is input too.

A typo or a hostile line in `mkdocs.yml` must not make a build read outside the project,
write outside the site, hide the editors' files from git or publish a `javascript:` link.
Each option is checked here once, for both the MkDocs plugin (`on_config`) and the
command-line tool (`project.locate`), and every mistake is one message naming the option,
its value, what is wrong and how to fix it. Building is impossible while any remains.

No MkDocs import: the values are plain strings and paths, resolved against the project
folder (the folder of `mkdocs.yml`) the way MkDocs resolves them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from .limits import is_unsafe_char, safe_repr
from .model import Problem
from .projectfiles import loops, real_path
from .urls import URL_BREAKERS, WEB_SCHEMES

__all__ = ["validate_options"]

#: One folder name in `reports_dir`: it becomes part of every report page's address.
_URL_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


def validate_options(
    *,
    root: Path,
    site_dir: Path,
    docs_dir: Path,
    seeds_dir: str | Path,
    annotations_dir: str | Path,
    reports_dir: str,
    cache_dir: str | Path,
    cache: bool,
    site_url: str | None,
    repo_url: str | None,
    edit_uri: str | None,
    edit_uri_template: str | None = None,
    config_file: str = "mkdocs.yml",
) -> list[Problem]:
    """Every problem with the options, in the order they appear in mkdocs.yml; empty when all is well.

    Relative paths are taken from `root` (MkDocs may already have made them absolute).
    Nothing is opened: only the paths' names and links are looked at.
    """
    report = _Report(config_file)
    project = real_path(root)
    site, docs = real_path(_under(root, site_dir)), real_path(_under(root, docs_dir))
    report.url("site_url", site_url, relative_allowed=False)
    report.url("repo_url", repo_url, relative_allowed=False)
    report.url("edit_uri", edit_uri, relative_allowed=True)
    report.url("edit_uri_template", edit_uri_template, relative_allowed=True)
    inputs: dict[str, Path] = {}
    for name, value in (("seeds_dir", seeds_dir), ("annotations_dir", annotations_dir)):
        folder = report.input_folder(name, value, root, project, site)
        if folder is not None:
            inputs[name] = folder
    report.reports_dir(reports_dir, site)
    if cache:
        report.cache_dir(cache_dir, root, project, {"site_dir": site, "docs_dir": docs, **inputs})
    return report.problems


class _Report:
    """The problems found so far, each worded the same way."""

    def __init__(self, config_file: str) -> None:
        self.config_file = config_file
        self.problems: list[Problem] = []

    def add(self, option: str, value: object, wrong: str, fix: str) -> None:
        shown = f"'{safe_repr(str(value), 120)}'" if isinstance(value, (str, Path)) else safe_repr(value)
        self.problems.append(Problem(self.config_file, None, f"the option {option} ({shown}) {wrong}", hint=fix))

    # --- folders the build reads ---

    def input_folder(self, option: str, value: str | Path, root: Path, project: Path, site: Path) -> Path | None:
        fix = f"Set {option} to a folder inside the project, relative to mkdocs.yml (e.g. {option.removesuffix('_dir')})."
        if not isinstance(value, (str, Path)) or not str(value).strip():
            self.add(option, value, "is empty: the build would read the whole project.", fix)
            return None
        if _has_unsafe(str(value)):
            self.add(option, value, "contains a control character.", fix)
            return None
        folder = real_path(_under(root, Path(value)))
        if loops(folder):
            self.add(option, value, "is a link that leads round in a loop.", fix)
            return None
        if not folder.is_relative_to(project):
            self.add(option, value, f"leads outside the project (to {safe_repr(str(folder), 120)}): nothing outside it is read.", fix)
            return None
        if folder == project:
            self.add(option, value, "is the project folder itself: the build would read every file in it.", fix)
            return None
        if _overlap(folder, site):
            self.add(option, value, "overlaps the site folder (site_dir), which every build empties and writes.", fix)
            return None
        return folder

    # --- where report pages go ---

    def reports_dir(self, value: str, site: Path) -> None:
        fix = "Set reports_dir to a plain folder name under the site, such as reports (letters, digits, '-', '_', '.', '~'; '/' between folders)."
        if not isinstance(value, str):
            self.add("reports_dir", value, "should be text.", fix)
            return
        if not value.strip("/"):
            self.add("reports_dir", value, "is empty: report pages would be written at the top of the filesystem.", fix)
            return
        if value.startswith("/") or re.match(r"[A-Za-z]:", value):
            self.add("reports_dir", value, "is an absolute path: report pages must be written inside the site folder.", fix)
            return
        segments = value.rstrip("/").split("/")
        if any(segment in {".", ".."} for segment in segments):
            self.add("reports_dir", value, "has a '.' or '..' folder: report pages must be written inside the site folder.", fix)
            return
        if not all(_URL_SEGMENT.fullmatch(segment) for segment in segments):
            wrong = "has a character that is not allowed in a web address's folder (a space, a backslash, a control character…) or an empty folder ('//')."
            self.add("reports_dir", value, wrong, fix)
            return
        if not real_path(site / value).is_relative_to(site):  # a link inside an old site folder
            self.add("reports_dir", value, "leads outside the site folder through a link.", fix)

    # --- the cache of rendered notes ---

    def cache_dir(self, value: str | Path, root: Path, project: Path, others: dict[str, Path]) -> None:
        fix = "Set cache_dir to a folder of its own inside the project, such as .cache/plugin/annotated-report, or set `cache: false`."
        if not isinstance(value, (str, Path)) or not str(value).strip():
            self.add("cache_dir", value, "is empty: the cache would be written at the top of the project.", fix)
            return
        if _has_unsafe(str(value)):
            self.add("cache_dir", value, "contains a control character.", fix)
            return
        folder = real_path(_under(root, Path(value)))
        if loops(folder):
            self.add("cache_dir", value, "is a link that leads round in a loop.", fix)
            return
        if not folder.is_relative_to(project):
            self.add("cache_dir", value, f"leads outside the project (to {safe_repr(str(folder), 120)}): nothing is written outside it but the site.", fix)
            return
        if folder == project:
            self.add("cache_dir", value, "is the project folder itself: the cache would hide the whole project from git (it writes a .gitignore of '*').", fix)
            return
        for option, other in others.items():
            if _overlap(folder, other):
                where = "is" if folder == other else "is inside" if folder.is_relative_to(other) else "holds"
                harm = (
                    "the cache would be published on the site, unsanitized" if option in {"site_dir", "docs_dir"}
                    else "its .gitignore of '*' would hide the editors' new files from git"
                )
                self.add("cache_dir", value, f"{where} the {option} folder: {harm}.", fix)
                return

    # --- addresses printed into every page ---

    def url(self, option: str, value: str | None, *, relative_allowed: bool) -> None:
        if value is None or value == "":
            return
        fix = (
            f"Set {option} to a web address starting with https:// (or http://)"
            + (", or a path relative to repo_url such as edit/main/docs/." if relative_allowed else ".")
        )
        if not isinstance(value, str):
            self.add(option, value, "should be text.", fix)
            return
        bad = next((char for char in value if char in URL_BREAKERS or char.isspace() or is_unsafe_char(char)), None)
        if bad is not None:
            what = f"the character “{bad}”" if bad.isprintable() and not bad.isspace() else f"an invisible character (U+{ord(bad):04X})"
            self.add(option, value, f"contains {what}, which would break out of the links made from it (or hide what they lead to).", fix)
            return
        parts = urlsplit(value)
        if parts.scheme:
            if parts.scheme.lower() not in WEB_SCHEMES:
                self.add(option, value, f"is a {safe_repr(parts.scheme)}: address; only http and https links are published.", fix)
            elif not parts.netloc:
                self.add(option, value, "has no host after the scheme.", fix)
            return
        first = value.split("/", 1)[0]
        if ":" in first:  # a browser reads what comes before ':' as a scheme, whatever Python says
            self.add(option, value, f"starts like a {safe_repr(first.split(':', 1)[0])}: address; only http and https links are published.", fix)
        elif not relative_allowed:
            self.add(option, value, "is not a complete web address (it has no https://).", fix)


def _under(root: Path, path: str | Path) -> Path:
    """`path` as MkDocs reads it: relative to the folder of mkdocs.yml."""
    return Path(os.path.abspath(root / path))


def _overlap(one: Path, other: Path) -> bool:
    return one.is_relative_to(other) or other.is_relative_to(one)


def _has_unsafe(text: str) -> bool:
    return any(is_unsafe_char(char) for char in text)
