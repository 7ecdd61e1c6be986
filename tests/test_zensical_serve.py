"""`make serve-zensical`'s two processes on a copy of the project: `annotated-report pages --watch`
rewrites the files an annotation edit changes, and `zensical serve` serves the page again with
the edit, as `mkdocs serve` does with the plugin."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from generators import ENV, SCRIPTS, copy_project, run
from helpers import SEED_SLUG

pytestmark = pytest.mark.slow  # a preview server and a watcher (CI's `make test` runs it)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, what: str, processes: list[subprocess.Popen[str]], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        for process in processes:
            assert process.poll() is None, f"{process.args} stopped while waiting for {what}"
        assert time.monotonic() < deadline, f"no {what} after {seconds} s"
        time.sleep(0.2)


def test_an_annotation_edit_reaches_the_zensical_preview(tmp_path):
    root = copy_project(tmp_path / "project")
    run([[str(SCRIPTS / "annotated-report"), "pages"]], root)  # as make serve-zensical: zensical.yml first
    annotation = sorted((root / "annotations" / SEED_SLUG).glob("*.yml"))[0]
    text = annotation.read_text(encoding="utf-8")
    edited, count = re.subn(r"(note: \|\n)( +)", r"\1\2zebrafish-lantern ", text, count=1)  # the first note's first words
    assert count == 1
    port = free_port()
    url = f"http://127.0.0.1:{port}/reports/{SEED_SLUG}/"
    watcher = subprocess.Popen([str(SCRIPTS / "annotated-report"), "pages", "--watch", "--interval", "0.2"], cwd=root, env=ENV,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    server = subprocess.Popen([str(SCRIPTS / "zensical"), "serve", "-f", "zensical.yml", "-a", f"127.0.0.1:{port}"], cwd=root, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    processes = [watcher, server]
    try:
        wait_for(lambda: 'class="ar-report"' in fetch(url), "report page", processes)
        assert "zebrafish-lantern" not in fetch(url)
        annotation.write_text(edited, encoding="utf-8")
        wait_for(lambda: "zebrafish-lantern" in fetch(url), "edited note on the served page", processes)
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert "Traceback" not in (watcher.stderr.read() if watcher.stderr else "")
