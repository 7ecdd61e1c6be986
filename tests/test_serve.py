"""`mkdocs serve` survives an editor's mistake: break a YAML file, fix it, the page recovers.

The server runs as a subprocess on a free loopback port in a temporary project; the test
polls over HTTP with a bounded loop and always stops the server it started.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import SEED_SLUG, make_project

GOOD = f"""\
document: {SEED_SLUG}
annotations:
  - id: convictions-2021
    type: statistic
    quote: "The government convicted 38 traffickers"
    value: 38
"""
BROKEN = GOOD.replace("    type: statistic", "   type: statistic")  # one space off: invalid YAML

DEADLINE_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, condition: Callable[[str], bool], server: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, "mkdocs serve stopped"
        page = _get(url)
        if page is not None and condition(page):
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} did not reach the expected state within {DEADLINE_SECONDS} s")


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    root = make_project(tmp_path, {"p2.yml": GOOD})
    port = _free_port()
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    server = subprocess.Popen(
        [mkdocs, "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", str(root / "mkdocs.yml")],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        yield root, f"http://127.0.0.1:{port}/reports/{SEED_SLUG}/", server
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


def test_a_broken_file_and_its_fix_are_picked_up_by_serve(served):
    root, url, server = served
    marker = 'data-annotation="convictions-2021"'
    _wait_for(url, lambda page: marker in page, server)

    (root / "annotations" / "p2.yml").write_text(BROKEN, encoding="utf-8")
    page = _wait_for(url, lambda page: marker not in page, server)
    assert "The government convicted 38 traffickers" in page  # the report text is still there

    (root / "annotations" / "p2.yml").write_text(GOOD, encoding="utf-8")
    _wait_for(url, lambda page: marker in page, server)
    assert server.poll() is None
