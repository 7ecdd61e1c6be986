"""The plugin's options in `mkdocs.yml`, each typed and documented."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class RulesConfig(Config):
    """Options under `rules:`: the editorial rules of docs/editorial-guide.md.

    Each rule about a single annotation is on by default; `numbers_covered`, a rule about a
    whole report, is off until a site switches it on.

    The same names as `rules.RuleSettings`, which the plugin fills from these options (the core
    never sees MkDocs' config objects).
    """

    numbers_covered = opt.Type(bool, default=False)
    """Every number in a text (years aside) is a statistic whose value matches it, or a `not_statistics` exemption with a reason."""

    allegations_attributed = opt.Type(bool, default=True)
    """Every allegation says who makes it (`attributed_to`)."""

    statistics_have_units = opt.Type(bool, default=True)
    """Every statistic says what it counts (`unit`)."""

    caveats_linked = opt.Type(bool, default=True)
    """Every caveat lists in `related` what it qualifies, including at least one statistic."""

    attribution_cues = opt.Type(bool, default=True)
    """A passage whose sentence says "NGOs reported", "according to", "reportedly"… is an allegation or has `attributed_to`."""

    ruled_out_words = opt.Type(bool, default=True)
    """Warn about words the guide rules out ("oddly", "clearly", "gravest"…) in notes, definitions and topic descriptions."""

    parts_add_up = opt.Type(bool, default=True)
    """A statistic's `parts` are statistics whose values add up to no more than its own."""

    comparable_series = opt.Type(bool, default=True)
    """A `series` qualified by a caveat with `blocks_comparison: true` is not charted, and the build warns."""


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
