"""annotated-report: publish a public report with its annotations as an MkDocs site.

The core (`build_site` and the `render` package) does not import MkDocs; `plugin.py`
adapts it to MkDocs (and ProperDocs), and `cli.py` to the command line.
"""

from __future__ import annotations

from .build import build_site
from .model import Annotation, Document, Problem, Site, Span

__all__ = ["Annotation", "Document", "Problem", "Site", "Span", "build_site"]
__version__ = "0.1.0"
