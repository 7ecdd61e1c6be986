"""The core (loading, anchoring, checking, rendering, pages) runs without MkDocs.

Another generator or a pre-build step must be able to drive it, so only `plugin.py` and
`config.py` may import MkDocs. The check runs in a fresh interpreter in which importing
`mkdocs` (or `material`) fails, and renders every generated page of the real repository.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "annotated_report"
ADAPTER = {"plugin.py", "config.py"}

SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.modules["mkdocs"] = None      # any `import mkdocs...` now raises ImportError
    sys.modules["material"] = None
    from annotated_report.build import build_site
    from annotated_report.pages import PageContext, generated_pages, overview
    from annotated_report.urls import SiteUrls
    from annotated_report import cli
    repo = Path(sys.argv[1])
    site = build_site(repo / "seeds", repo / "annotations", root=repo)
    urls = SiteUrls()
    pages = generated_pages(PageContext.of(site, urls))
    total = sum(len(page.render()) for page in pages) + len(overview(site, urls, ""))
    assert not [name for name, module in sys.modules.items() if name.split(".")[0] == "mkdocs" and module is not None]
    print(len(site.annotations), len(pages), total)
    """
)


def test_core_modules_do_not_import_mkdocs():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name in ADAPTER and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(PACKAGE)}: {name}" for name in names if name.split(".")[0] in {"mkdocs", "material"}]
    assert offenders == []


def test_the_whole_site_renders_with_mkdocs_unimportable():
    repo = PACKAGE.parent.parent
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(repo)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    annotations, pages, size = (int(part) for part in result.stdout.split())
    assert annotations > 0 and pages > 1 and size > 10_000
