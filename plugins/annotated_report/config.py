"""The plugin's options in `mkdocs.yml`, each typed and documented."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


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
