"""The plugin's options in `mkdocs.yml`, each typed and documented, and how they become the
core's plain `publish.Options`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from . import publish
from .colophon import read_colophon
from .model import Colophon, Problem
from .options import validate_options
from .rules import CUE_LISTS, RuleSettings, cue_list

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class WordList(BaseConfigOption[Any]):
    """A word list of the rules (`rules.CUE_LISTS`): `{extend: [...]}` or `{replace: [...]}`; empty keeps the default."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.default = None

    def run_validation(self, value: object) -> object:
        if value is None:
            return None
        try:
            cue_list(self.name, value)
        except ValueError as error:
            raise ValidationError(str(error)) from error
        return value  # the settings read it with the same function (`RuleSettings.from_mapping`)


class ColophonOption(BaseConfigOption[Any]):
    """The `colophon:` mapping, passed on as written: `colophon.read_colophon` checks it and
    reports one warning per bad field (so the pages command, which reads mkdocs.yml without
    MkDocs, says the same), instead of one MkDocs error for the whole option."""

    def __init__(self) -> None:
        super().__init__()
        self.default = None

    def run_validation(self, value: object) -> object:
        return value


def _rule_option(name: str, default: object) -> BaseConfigOption[Any]:
    return WordList(name) if name in CUE_LISTS else opt.Type(bool, default=default)


#: Options under `rules:`: the editorial rules of docs/editorial-guide.md, derived from the one
#: table of them (`rules.RuleSettings`: names, defaults, descriptions), which the plugin fills
#: from these options (the core never sees MkDocs' config objects).
RulesConfig: type[Config] = type("RulesConfig", (Config,), {
    "__doc__": "Options under `rules:`: " + "; ".join(f"`{name}`: {description}" for name, (_, description) in RuleSettings.options().items()),
    **{name: _rule_option(name, default) for name, (default, _) in RuleSettings.options().items()},
})


class AnnotatedReportConfig(Config):
    """Options under `plugins: - annotated-report:`."""

    enabled = opt.Type(bool, default=True)
    """Turn the plugin off without removing it (e.g. `enabled: !ENV [ANNOTATIONS, true]`)."""

    seeds_dir = opt.Dir(exists=True, default="seeds")
    """Folder of report texts (`<slug>.txt`, one paragraph per line) and their `<slug>.yml` metadata."""

    annotations_dir = opt.Dir(exists=False, default="annotations")
    """Folder of annotation YAML files (any depth), topics and glossary files."""

    reports_dir = opt.Type(str, default="reports")
    """Where report pages go in the site: `<reports_dir>/<slug>/`."""

    cache = opt.Type(bool, default=True)
    """Keep rendered notes between builds in `cache_dir`, so a build renders only the notes that changed."""

    cache_dir = opt.Type(str, default=".cache/plugin/annotated-report")
    """Where (inside the project; relative to `mkdocs.yml`) the rendered notes are kept, as Material's plugins keep theirs."""

    parallel = opt.Type(bool, default=False)
    """Use a second process (one-off builds on Linux): it parses annotation files while this one
    does, then renders the generated pages and the exports while MkDocs writes the pages. The
    output is the same; a cold build takes about a quarter less time and about 40 MiB more
    memory at 100 documents (docs/performance.md)."""

    rules = opt.SubConfig(RulesConfig)
    """Switch the editorial rules (docs/editorial-guide.md) one by one, e.g. `rules: {numbers_covered: false}`."""

    colophon = ColophonOption()
    """Who stands behind the publication, shown on the home, report and data pages, in each page's
    citation metadata and in the exports: `publisher`, `editors` (a name or a list), `reviewed`
    (YYYY-MM-DD, the last review of the notes), `corrections` (https:// or mailto:),
    `annotations_licence` + `annotations_licence_url`, `code_licence`."""

def colophon_of(plugin: AnnotatedReportConfig, config: MkDocsConfig) -> tuple[Colophon, list[Problem]]:
    """The `colophon:` option read by the core (`colophon.read_colophon`): one problem per bad field."""
    return read_colophon(plugin.colophon, Path(config.config_file_path or "mkdocs.yml").name)


def core_options(plugin: AnnotatedReportConfig, config: MkDocsConfig, colophon: Colophon | None = None) -> publish.Options:
    """The plugin's and MkDocs' options as the plain values the core reads (it never sees MkDocs' objects)."""
    root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    return publish.Options(
        root=root, seeds_dir=Path(plugin.seeds_dir), annotations_dir=Path(plugin.annotations_dir),
        reports_dir=plugin.reports_dir, directory_urls=config.use_directory_urls,
        edit_base=publish.edit_base(config.repo_url, config.edit_uri, config.docs_dir), site_url=config.site_url or "",
        rule_settings=RuleSettings.from_mapping(dict(plugin.rules)), cache=plugin.cache, cache_dir=plugin.cache_dir,
        colophon=colophon or Colophon(), parallel=plugin.parallel)


def unsafe_options(options: publish.Options, config: MkDocsConfig) -> list[Problem]:
    """`options.validate_options` on this configuration: paths inside the project or the site,
    a cache folder of its own, http(s) addresses."""
    return validate_options(
        root=options.root, site_dir=Path(config.site_dir), docs_dir=Path(config.docs_dir), seeds_dir=options.seeds_dir,
        annotations_dir=options.annotations_dir, reports_dir=options.reports_dir, cache_dir=options.cache_dir, cache=options.cache,
        site_url=config.site_url, repo_url=config.repo_url, edit_uri=config.edit_uri, edit_uri_template=config.edit_uri_template,
        config_file=Path(config.config_file_path or "mkdocs.yml").name)
