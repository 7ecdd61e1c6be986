"""The plugin's options in `mkdocs.yml`, each typed and documented."""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from .rules import CUE_LISTS, RuleSettings, cue_list


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

    rules = opt.SubConfig(RulesConfig)
    """Switch the editorial rules (docs/editorial-guide.md) one by one, e.g. `rules: {numbers_covered: false}`."""

    colophon = ColophonOption()
    """Who stands behind the publication, shown on the home, report and data pages, in each page's
    citation metadata and in the exports: `publisher`, `editors` (a name or a list), `reviewed`
    (YYYY-MM-DD, the last review of the notes), `corrections` (https:// or mailto:),
    `annotations_licence` + `annotations_licence_url`, `code_licence`."""
