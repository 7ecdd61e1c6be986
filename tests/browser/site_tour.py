"""Screenshots of the project's own site for the README, and the reading audit in numbers.

    .venv/bin/python tests/browser/site_tour.py screenshots   # writes docs/screenshots/*.png
    .venv/bin/python tests/browser/site_tour.py audit         # axe-core table, popover placement

Both build the site from this checkout (mkdocs.yml, docs, seeds, annotations) into a
temporary folder, serve it on 127.0.0.1 and drive Debian's Chromium through Playwright.
The test suite runs the same `take_screenshots` into a temporary folder.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
from reading_checks import axe_violations, choose_reading_mode, popover_placements  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
MAX_BYTES = 300_000
# Page type -> path on the site ({report} and {topic} are filled in from the build).
PAGES = {
    "home": "",
    "report": "reports/{report}/",
    "topic": "topics/{topic}/",
    "topics index": "topics/",
    "glossary": "glossary/",
    "claims": "claims/",
    "caveats": "caveats/",
    "allegations": "allegations/",
    "statistics": "statistics/",
    "data": "data/",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served_project() -> Iterator[tuple[Path, str]]:
    """Build this checkout's site strictly into a temporary folder and serve it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("docs", "seeds", "annotations"):
            shutil.copytree(REPO / name, root / name)
        site_dir = root / "site"
        site_dir.mkdir()
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
        base_url = f"http://127.0.0.1:{server.server_address[1]}/"
        text = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("https://example.org/", base_url)
        (root / "mkdocs.yml").write_text(text, encoding="utf-8")
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield site_dir, base_url
        finally:
            server.shutdown()
            server.server_close()


def page_urls(site_dir: Path, base_url: str) -> dict[str, str]:
    report = sorted(p.parent.name for p in (site_dir / "reports").glob("*/index.html"))[0]
    topics = sorted(p.parent.name for p in (site_dir / "topics").glob("*/index.html"))
    # The topic with the most annotations makes the fullest picture.
    topic = max(topics, key=lambda t: (site_dir / "topics" / t / "index.html").read_text(encoding="utf-8").count("class=\"ar-e--"))
    return {kind: base_url + path.format(report=report, topic=topic) for kind, path in PAGES.items()}


def _open(context: Any, url: str) -> Any:
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def _local_only(route: Any, base_url: str, elsewhere: list[str]) -> None:
    """Let requests to the served site through; record and refuse any other host."""
    if route.request.url.startswith(base_url):
        route.continue_()
    else:
        elsewhere.append(route.request.url)
        route.abort()


def _note_in_middle(page: Any, annotation: str, block: str = "center") -> None:
    """Open a note the way a reader does: its highlight in view (mid-screen, or near the
    top, leaving the note room to open in full below it), Enter on it."""
    page.evaluate(f"document.getElementById('{annotation}').scrollIntoView({{block: 'center'}})")
    if block == "upper":
        page.evaluate(f"""() => {{ const line = document.getElementById('{annotation}').getClientRects()[0];
                          const roof = document.querySelector('.md-header').getBoundingClientRect().bottom;
                          window.scrollBy({{top: line.top - roof - innerHeight / 8, behavior: 'instant'}}); }}""")
    page.locator(f"mark#{annotation}").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".ar-popover:not([hidden])")


def take_screenshots(browser: Any, site_dir: Path, base_url: str, out: Path) -> list[Path]:
    """The README's pictures: the report (desktop, phone, light, dark), an open note
    (desktop and phone), a topic page, the glossary and the statistics page."""
    urls = page_urls(site_dir, base_url)
    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    # The note shown open: the first statistic of the second paragraph (a figure, a
    # chart series, related notes) — found from the page, not named here.
    pick = "document.querySelector('[data-paragraph=\"2\"] mark[data-type=\"statistic\"][id]').id"
    plan = [
        ("report-desktop-light.png", DESKTOP, "light", "report", None),
        ("report-desktop-dark.png", DESKTOP, "dark", "report", "text"),
        ("report-phone-light.png", PHONE, "light", "report", "text"),
        ("report-phone-dark.png", PHONE, "dark", "report", "text"),
        ("note-open-desktop.png", DESKTOP, "light", "report", "note"),
        ("note-open-phone.png", PHONE, "light", "report", "note"),
        ("topic.png", DESKTOP, "light", "topic", None),
        ("glossary.png", DESKTOP, "light", "glossary", None),
        ("statistics.png", DESKTOP, "light", "statistics", None),
    ]
    contexts: dict[tuple[str, str], Any] = {}
    for name, viewport, scheme, kind, action in plan:
        key = (str(viewport), scheme)
        if key not in contexts:
            contexts[key] = browser.new_context(viewport=viewport, color_scheme=scheme, reduced_motion="reduce")
        page = _open(contexts[key], urls[kind])
        if action == "note":  # the note opens below its highlight, all of it in view
            _note_in_middle(page, page.evaluate(pick), "upper")
        elif action == "text":  # the text itself, from the second paragraph on
            page.evaluate("document.querySelector('[data-paragraph=\"2\"]').previousElementSibling.scrollIntoView()")
        path = out / name
        page.screenshot(path=str(path), animations="disabled", caret="hide")
        page.close()
        shots.append(path)
    for context in contexts.values():
        context.close()
    return shots


def audit(browser: Any, site_dir: Path, base_url: str) -> str:
    """The axe-core table (serious/critical per page type, scheme and width) and the
    popover placement counts, as Markdown."""
    urls = page_urls(site_dir, base_url)
    widths = {"1280×800": DESKTOP, "375×812": PHONE}
    columns = [(scheme, label) for scheme in ("light", "dark") for label in widths]
    counts: dict[str, dict[tuple[str, str], str]] = {kind: {} for kind in PAGES}
    notes: list[str] = []
    console_errors: list[str] = []
    elsewhere: list[str] = []
    for scheme, label in columns:
        context = browser.new_context(viewport=widths[label], color_scheme=scheme, reduced_motion="reduce")
        context.route("**/*", lambda route: _local_only(route, base_url, elsewhere))
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
        page.on("pageerror", lambda error: console_errors.append(str(error)))
        for kind in PAGES:
            page.goto(urls[kind])
            page.wait_for_load_state("load")
            if kind == "report":  # all highlights (tints, badges, stacked tints) and a note open
                choose_reading_mode(page, "all")
                page.locator(".ar-report mark[data-annotation][id]").nth(3).focus()
                page.keyboard.press("Enter")
            found = axe_violations(page, ("serious", "critical", "moderate"))
            serious = sum(len(v["nodes"]) for v in found if v["impact"] == "serious")
            critical = sum(len(v["nodes"]) for v in found if v["impact"] == "critical")
            moderate = [v for v in found if v["impact"] == "moderate"]
            counts[kind][(scheme, label)] = f"{serious} / {critical} / {sum(len(v['nodes']) for v in moderate)}"
            for v in found:
                notes.append(f"- {kind}, {scheme} {label}: {v['impact']} `{v['id']}` ({len(v['nodes'])}): {v['nodes'][0][0]}")
        context.close()
    lines = ["| page type | " + " | ".join(f"{s} {w}" for s, w in columns) + " |", "|---" * (len(columns) + 1) + "|"]
    lines += [f"| {kind} | " + " | ".join(counts[kind][c] for c in columns) + " |" for kind in PAGES]
    lines.append("")
    lines.append("(serious / critical / moderate axe-core violations, nodes counted)")
    lines.append("")
    lines += notes or ["No violation of any of these impacts."]
    lines.append("")
    lines.append(f"Page loads: {len(PAGES) * len(columns)}; console errors: {len(console_errors)}; "
                 f"requests to another host: {len(elsewhere)}")
    lines += [f"- {message}" for message in console_errors + elsewhere]
    lines.append("")
    for label, viewport in widths.items():
        context = browser.new_context(viewport=viewport, reduced_motion="reduce")
        page = _open(context, urls["report"])
        rows = popover_placements(page)
        notes = len(rows) // 3
        by_position = {where: sum(r["ok"] for r in rows if r["where"] == where) for where in ("top", "middle", "bottom")}
        lines.append(
            f"- {label}: popover fully visible for {sum(r['ok'] for r in rows)} / {len(rows)} openings "
            f"({notes} notes; highlight below the header {by_position['top']}/{notes}, "
            f"mid-screen {by_position['middle']}/{notes}, at the bottom edge {by_position['bottom']}/{notes})"
        )
        context.close()
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["screenshots", "audit"])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with served_project() as (site_dir, base_url), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            if args.command == "screenshots":
                for path in take_screenshots(browser, site_dir, base_url, args.out):
                    size = path.stat().st_size
                    print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}  {size // 1000} KB")
                    if size >= MAX_BYTES:
                        sys.exit(f"{path} is {size} bytes: keep screenshots under {MAX_BYTES}")
            else:
                print(audit(browser, site_dir, base_url))
        finally:
            browser.close()


if __name__ == "__main__":
    main()
