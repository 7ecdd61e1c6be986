"""Real-browser tests: one headless Chromium, one built site, one local HTTP server per session.

The site is built with the plugin from the real seed text and the annotations below
(a nested pair, a crossing pair, a related link across paragraphs), with Material's
instant navigation on, then served from 127.0.0.1. Pages may not reach the network:
any request to another host is answered with an empty response, so Material's web
fonts neither leak out nor log errors.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

from helpers import EDITORIAL_RULES_OFF, REPO, SEED, SEED_SLUG, build, make_project

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPORT_PATH = f"reports/{SEED_SLUG}/"

# law-2008 contains penalty-adult (nested); ngos-practice and labor-law overlap
# partially (crossing); labor-law's related link points into another paragraph.
ANNOTATIONS = """\
document: cambodia-2022-prosecution
annotations:
  - id: law-2008
    type: claim
    quote: "The 2008 Law on the Suppression of Human Trafficking and Commercial Sexual Exploitation
      criminalized sex trafficking and labor trafficking and prescribed penalties of seven to 15 years’ imprisonment"
    note: "The **2008 law** is the main statute. See [the penalties](#penalty-adult)."
    topics: [prosecutions]
    related: [penalty-adult]
  - id: penalty-adult
    type: statistic
    quote: "seven to 15 years"
    value: {min: 7, max: 15}
    unit: years' imprisonment
    note: Adult victims.
  - id: ngos-practice
    type: allegation
    quote: "NGOs reported that, in practice, the government did not issue criminal penalties"
    note: NGO reports of labor cases that never reached the criminal courts.
  - id: labor-law
    type: caveat
    quote: "the government did not issue criminal penalties under the anti-trafficking law for labor traffickers"
    note: Labor trafficking was handled under the labor law, so it is missing from these figures.
    related: [convictions-2020]
  - id: data-incomplete
    type: caveat
    quote: "overall law enforcement data was incomplete"
    note: There was no central database of investigations.
  - id: convictions-2020
    type: statistic
    quote: "convicted 440 traffickers"
    value: 440
    unit: traffickers
    note: The 2020 figure, which included cases from prior years.
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a closed page's requests
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """(site_dir, base_url): the server starts first, so that site_url can name its port.

    Material's instant navigation only follows links found in sitemap.xml, whose URLs it
    moves to the current scheme and host name but not port: they must match as built.
    """
    # A rendering fixture (types chosen to exercise the page, not by the guide): editorial rules off.
    root = make_project(tmp_path_factory.mktemp("browser-site"), {"sample.yml": ANNOTATIONS}, rules=EDITORIAL_RULES_OFF)
    site_dir = root / "site"
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _Server(("127.0.0.1", 0), handler)
    base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "features: [content.tooltips]" in text and "site_url: https://example.org/" in text
    text = text.replace("[content.tooltips]", "[content.tooltips, navigation.instant]")
    config.write_text(text.replace("https://example.org/", base_url), encoding="utf-8")

    result = build(root, strict=True)
    assert not result.aborted and not result.warnings, result.warnings
    assert result.site_dir == site_dir
    assert 'class="ar-report"' in result.page(REPORT_PATH)

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site_dir, base_url
    server.shutdown()
    server.server_close()


def _serve(site_dir: Path) -> tuple[_Server, str]:
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _Server(("127.0.0.1", 0), handler)
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def project_site(tmp_path_factory):
    """(site_dir, base_url) of this repository's own site: its mkdocs.yml (system fonts,
    search separator, light and dark palettes), docs, seeds and annotations, built strict
    once per session and served from 127.0.0.1."""
    root = tmp_path_factory.mktemp("project-site")
    for name in ("docs", "seeds", "annotations"):
        shutil.copytree(REPO / name, root / name)
    site_dir = root / "site"
    site_dir.mkdir()
    server, base_url = _serve(site_dir)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: https://example.org/" in text
    (root / "mkdocs.yml").write_text(text.replace("https://example.org/", base_url), encoding="utf-8")
    result = build(root, strict=True)
    assert not result.aborted and not result.warnings, result.warnings
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site_dir, base_url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def zensical_sites(tmp_path_factory):
    """variant -> (site_dir, base_url): this repository's site built with `annotated-report pages`
    and Zensical in its `classic` or `modern` theme, each built on first use and served."""
    from generators import build_zensical, copy_project

    made: dict[str, tuple[Path, str]] = {}
    servers: list[_Server] = []

    def site(variant: str) -> tuple[Path, str]:
        if variant not in made:
            root = tmp_path_factory.mktemp(f"zensical-{variant}") / "project"
            (root / "site").mkdir(parents=True)
            server, base_url = _serve(root / "site")
            build_zensical(copy_project(root, site_url=base_url, variant=variant))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
            made[variant] = (root / "site", base_url)
        return made[variant]

    yield site
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_dir(served_site) -> Path:
    return served_site[0]


@pytest.fixture(scope="session")
def base_url(served_site) -> str:
    return served_site[1]


@pytest.fixture(scope="session")
def report_url(base_url) -> str:
    return base_url + REPORT_PATH


@pytest.fixture(scope="session")
def seed_paragraphs() -> list[str]:
    """The report's paragraphs as published: one line of the seed file each."""
    return SEED.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's Chromium "
            "(run `apt-get install chromium`; never `playwright install`).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


def _offline(route):
    """Answer every request that is not for the local server with an empty body."""
    if route.request.url.startswith("http://127.0.0.1:"):
        route.continue_()
    else:
        route.fulfill(status=200, body="", content_type="text/css")


@pytest.fixture
def new_page(browser):
    """Make pages in fresh contexts; each page's console errors must stay empty."""
    contexts, pages = [], []

    def make(**context_options):
        options = {"viewport": {"width": 1200, "height": 800}, "reduced_motion": "reduce"}
        context = browser.new_context(**{**options, **context_options})
        context.route("**/*", _offline)
        context.set_default_timeout(5000)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        contexts.append(context)
        pages.append(page)
        return page

    yield make
    errors = [error for page in pages for error in page.errors]
    for context in contexts:
        context.close()
    assert not errors, f"errors in the browser console: {errors}"


@pytest.fixture
def page(new_page, report_url):
    """The report page, loaded, with JavaScript on."""
    page = new_page()
    page.goto(report_url, wait_until="domcontentloaded")
    page.wait_for_selector(".ar-report.ar-js")
    return page
