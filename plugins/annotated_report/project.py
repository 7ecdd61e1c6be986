"""Find the project an editor is working in, without importing MkDocs.

The command-line tool may be run from any folder of a checkout (`annotations/`, a
subfolder of it): the project is the nearest folder upwards holding `mkdocs.yml`, and
the plugin's `seeds_dir` / `annotations_dir` options are read from it with a plain YAML
read that ignores MkDocs' own tags (`!ENV`, `!!python/name:`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model import Problem
from .options import validate_options
from .rules import RuleSettings

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
#: The plugin's default `cache_dir` (config.py says the same to MkDocs).
DEFAULT_CACHE_DIR = ".cache/plugin/annotated-report"
PLUGIN_NAME = "annotated-report"


class NotAProject(Exception):
    """Raised with a one-line, editor-facing explanation."""


@dataclass(frozen=True)
class Project:
    root: Path
    seeds: Path
    annotations: Path
    config_file: Path | None


class _TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads any unknown tag (`!ENV [X, default]`, `!!python/...`) as None."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def read_config(config_file: Path) -> dict[str, Any]:
    """The whole mkdocs.yml as plain values (empty when it is not a mapping)."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise NotAProject(f"{config_file} cannot be read as YAML: {str(error).splitlines()[0]}") from error
    return data if isinstance(data, dict) else {}


def plugin_options(config_file: Path) -> dict[str, Any]:
    """The `annotated-report` plugin's options in an mkdocs.yml (empty when none are given)."""
    return _plugin_options(read_config(config_file))


def _plugin_options(data: dict[str, Any]) -> dict[str, Any]:
    plugins = data.get("plugins")
    for item in plugins or ():
        if isinstance(item, dict) and PLUGIN_NAME in item:
            options = item[PLUGIN_NAME]
            return dict(options) if isinstance(options, dict) else {}
    if isinstance(plugins, dict) and isinstance(plugins.get(PLUGIN_NAME), dict):
        return dict(plugins[PLUGIN_NAME])
    return {}


def find_config(start: Path) -> Path | None:
    """The nearest mkdocs.yml in `start` or a folder above it."""
    start = Path(os.path.realpath(start))  # never RuntimeError on a loop of links
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def locate(root: Path | None = None, *, cwd: Path | None = None) -> Project:
    """The project at `root` (when given) or around the current folder; `NotAProject` if none."""
    if root is not None:
        root = Path(os.path.realpath(root))
        config = next((root / name for name in CONFIG_NAMES if (root / name).is_file()), None)
        if config is None and not (root / "seeds").is_dir():
            raise NotAProject(f"{root} is not an annotated-report project: it has no mkdocs.yml and no seeds/ folder.")
    else:
        here = Path(os.path.realpath(cwd or Path.cwd()))
        config = find_config(here)
        if config is None:
            raise NotAProject(f"not inside an annotated-report project: no mkdocs.yml in {here} or above (run it in the project or pass --root).")
        root = config.parent
    settings = read_config(config) if config is not None else {}
    options = _plugin_options(settings)
    problems = validate_options(  # the same verdict on mkdocs.yml as the site build's
        root=root, site_dir=Path(_text(settings, "site_dir", "site")), docs_dir=Path(_text(settings, "docs_dir", "docs")),
        seeds_dir=_given(options, "seeds_dir", "seeds"), annotations_dir=_given(options, "annotations_dir", "annotations"),
        reports_dir=_given(options, "reports_dir", "reports"), cache_dir=_given(options, "cache_dir", DEFAULT_CACHE_DIR),
        cache=options.get("cache") is not False, site_url=settings.get("site_url"), repo_url=settings.get("repo_url"),
        edit_uri=settings.get("edit_uri"), edit_uri_template=settings.get("edit_uri_template"),
        config_file=config.name if config is not None else "mkdocs.yml",
    )
    if problems:
        raise NotAProject("mkdocs.yml cannot be used safely:\n" + "\n".join(map(str, problems)))
    seeds = root / str(_given(options, "seeds_dir", "seeds"))
    annotations = root / str(_given(options, "annotations_dir", "annotations"))
    if not seeds.is_dir():
        raise NotAProject(f"the seeds folder {seeds} does not exist (set `seeds_dir` of the annotated-report plugin in mkdocs.yml).")
    return Project(root=root, seeds=seeds, annotations=annotations, config_file=config)


def _given(options: dict[str, Any], key: str, default: str) -> Any:
    """A plugin option as written, or its default when absent (or an `!ENV` tag, read as None)."""
    value = options.get(key)
    return default if value is None else value


def _text(settings: dict[str, Any], key: str, default: str) -> str:
    """A top-level path option as MkDocs reads it (an `!ENV` tag, read as None here, gives the default)."""
    value = settings.get(key)
    return value if isinstance(value, str) and value else default


def settings_from_mkdocs_yml(path: Path) -> tuple[RuleSettings, list[Problem]]:
    """The `rules:` options of the annotated-report plugin in `mkdocs.yml`, for the CLI.

    Read with the same tolerant YAML read as the rest of the project's options
    (`plugin_options`), so the command-line tool applies the same rules as the
    site without importing MkDocs. No file: the defaults.
    """
    if not path.is_file():
        return RuleSettings(), []
    try:
        options = plugin_options(path)
    except NotAProject as error:
        return RuleSettings(), [Problem(path.name, None, f"cannot read the rule options: {error}", hint="Fix the YAML; the default rules apply meanwhile.")]
    rules = options.get("rules")
    try:
        return RuleSettings.from_mapping(rules if isinstance(rules, dict) else None), []
    except ValueError as error:
        return RuleSettings(), [Problem(path.name, None, f"plugins → annotated-report → rules: {error}", hint="The default rules apply until this is fixed.")]
