"""The `parallel` option: a forked worker parses and renders ahead, and a build is the same with
it or without it, byte for byte, even when the worker fails (`worker.py`, `publish.py`)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import REPO

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or os.uname().sysname != "Linux", reason="the worker forks on Linux only")


# --- ForkedCalls ------------------------------------------------------------------------------
# Each check runs in a fresh interpreter: pytest may hold threads (the browser tests' servers),
# and `ForkedCalls` never forks while another thread runs.


def _fresh(code: str, cwd: Path | None = None) -> str:
    """Run `code` in a new Python process (this interpreter, this package); its standard output."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_results_are_taken_by_key_once_in_any_order():
    assert _fresh("""
        from annotated_report.worker import MISSING, ForkedCalls
        worker = ForkedCalls.start([("a", lambda: 1), ("b", lambda: "two"), ("c", lambda: [3, {"x": None}])])
        taken = [worker.take("c"), worker.take("a"), worker.take("b")]
        again, unknown = worker.take("a") is MISSING, worker.take("never sent") is MISSING
        worker.close()
        print(taken, again, unknown, worker.failure, worker.private_kib > 0, worker.cpu_ms >= 0)
    """).split() == ["[[3,", "{'x':", "None}],", "1,", "'two']", "True", "True", "None", "True", "True"]


def test_a_failing_call_is_reported_and_what_follows_it_is_missing():
    assert _fresh("""
        from annotated_report.worker import MISSING, ForkedCalls
        def fails():
            raise ValueError("a page that cannot be rendered")
        worker = ForkedCalls.start([("first", lambda: 1), ("second", fails), ("third", lambda: 3)])
        print(worker.take("first"), worker.take("second") is MISSING, worker.take("third") is MISSING)
        worker.close()
        print(worker.failure)
    """) == "1 True True\nValueError: a page that cannot be rendered\n"


def test_a_child_that_is_stopped_leaves_nothing_to_wait_for():
    assert _fresh("""
        import time
        from annotated_report.worker import MISSING, ForkedCalls
        worker = ForkedCalls.start([("slow", lambda: time.sleep(60))])
        started = time.monotonic()
        worker.close(stop=True)
        print(worker.take("slow") is MISSING, time.monotonic() - started < 10)
    """) == "True True\n"


def test_without_waiting_a_result_not_yet_sent_is_missing():
    assert _fresh("""
        import time
        from annotated_report.worker import MISSING, ForkedCalls
        worker = ForkedCalls.start([("late", lambda: time.sleep(0.5) or "done")])
        started = time.monotonic()
        early = worker.take("late", wait=False) is MISSING
        quick = time.monotonic() - started < 0.3
        print(early, quick, worker.take("late"))
        worker.close()
    """) == "True True done\n"


def test_no_fork_while_another_thread_runs():
    assert _fresh("""
        import threading
        from annotated_report.worker import ForkedCalls
        release = threading.Event()
        other = threading.Thread(target=release.wait)
        other.start()
        refused = ForkedCalls.start([("a", lambda: 1)]) is None
        release.set()
        other.join()
        alone = ForkedCalls.start([("a", lambda: 1)])
        print(refused, alone.take("a"))
        alone.close()
    """) == "True 1\n"


# --- a whole build, with and without the worker -------------------------------------------------


def _corpus(root: Path, documents: int = 5) -> Path:
    """The benchmark's corpus (every type, nested and crossing quotes, topics, a glossary,
    links across documents), small."""
    spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.corpus(root, documents)
    return root / "plugin"


def _build(project: Path, *, parallel: bool, before: str = "") -> tuple[dict[str, bytes], dict[str, float]]:
    """Every file of a fresh build in a new process (its site and its cache of rendered notes),
    and the session's record of the worker (empty when none ran); `before` runs first there."""
    config_file = project / "mkdocs.yml"
    base = config_file.read_text(encoding="utf-8").split("  - annotated-report")[0]
    config_file.write_text(base + f"  - annotated-report:\n      parallel: {str(parallel).lower()}\n", encoding="utf-8")
    for folder in ("site", ".cache"):
        shutil.rmtree(project / folder, ignore_errors=True)
    worker = _fresh(before + """
        import json, logging
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        config = load_config("mkdocs.yml", site_dir="site")
        build(config)
        print(json.dumps(config.plugins["annotated-report"].session.worker))
    """, cwd=project)
    files = {path.relative_to(project).as_posix(): path.read_bytes()
             for folder in ("site", ".cache") for path in (project / folder).rglob("*") if path.is_file()}
    return files, json.loads(worker)


def test_a_parallel_build_is_the_same_site_byte_for_byte(tmp_path):
    project = _corpus(tmp_path)
    one_process, no_worker = _build(project, parallel=False)
    two_processes, worker = _build(project, parallel=True)
    assert no_worker == {}
    assert worker["private_kib"] > 0, "the worker ran"
    assert sorted(two_processes) == sorted(one_process)
    assert [name for name in one_process if one_process[name] != two_processes[name]] == []
    assert any(name.startswith(".cache/") for name in two_processes), "the notes the worker rendered are saved"


def test_when_the_worker_fails_the_build_makes_what_it_did_not_send(tmp_path):
    project = _corpus(tmp_path)
    expected, _ = _build(project, parallel=False)
    files, worker = _build(project, parallel=True, before="""
        import os
        from annotated_report import publish
        parent, body_of = os.getpid(), publish.body_of
        def fails_in_the_worker(page):
            if os.getpid() != parent and page.page.startswith("reports/doc-0002"):
                raise RuntimeError("the worker stops here")
            return body_of(page)
        publish.body_of = fails_in_the_worker
    """)
    assert worker, "the worker ran"
    assert sorted(files) == sorted(expected)
    assert [name for name in expected if expected[name] != files[name]] == []  # the pages after the failure, the exports


def test_files_parsed_ahead_are_used_only_while_their_text_is_the_same(tmp_path):
    project = _corpus(tmp_path, documents=4)
    assert _fresh("""
        from pathlib import Path
        from annotated_report.build import build_site
        from annotated_report.loading import Loaded, _text_key
        from annotated_report.publish import FilesParsedAhead
        from annotated_report.worker import ForkedCalls
        seeds, annotations, root = Path("seeds"), Path("annotations"), Path(".")
        expected = build_site(seeds, annotations, root=root)
        shown = "annotations/doc-0001.yml"

        def ahead(key):
            # the file "parsed" ahead as one with nothing in it, under `key`
            worker = ForkedCalls.start([(shown, lambda: (key, Loaded()))])
            worker.join()  # sent: `get` takes it without waiting
            return FilesParsedAhead(worker)

        stale = ahead(b"not the hash of the file's text")
        print(build_site(seeds, annotations, root=root, parsed=stale) == expected)
        stale.stop()
        current = ahead(_text_key((annotations / "doc-0001.yml").read_text(encoding="utf-8")))
        print(len(build_site(seeds, annotations, root=root, parsed=current).annotations) < len(expected.annotations))
        current.stop()
    """, cwd=project) == "True\nTrue\n"


def test_a_build_that_fails_stops_the_worker(tmp_path):
    project = _corpus(tmp_path)
    _build(project, parallel=False)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("parallel: false", "parallel: true"), encoding="utf-8")
    shutil.rmtree(project / "site")
    assert _fresh("""
        import logging, os, time
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from annotated_report import publish
        logging.getLogger("mkdocs").setLevel(logging.CRITICAL)
        render = publish.SitePlan.render
        def fails_here(plan, page):
            if page.page.startswith("reports/doc-0001"):
                raise RuntimeError("another plugin's error, as MkDocs sees it")
            return render(plan, page)
        publish.SitePlan.render = fails_here
        try:
            build(load_config("mkdocs.yml", site_dir="site"))
        except Exception as error:
            print(type(error).__name__)
        time.sleep(0.5)
        with open(f"/proc/{os.getpid()}/task/{os.getpid()}/children") as children:
            print(repr(children.read().strip()))
    """, cwd=project).split() == ["RuntimeError", "''"]


def test_the_pages_command_writes_the_same_files_with_the_option(tmp_path):
    project = _corpus(tmp_path, documents=4)
    command = [str(Path(sys.executable).parent / "annotated-report"), "pages"]

    def written(parallel: bool) -> dict[str, bytes]:
        config = project / "mkdocs.yml"
        base = config.read_text(encoding="utf-8").split("  - annotated-report")[0]
        config.write_text(base + f"  - annotated-report:\n      parallel: {str(parallel).lower()}\n", encoding="utf-8")
        shutil.rmtree(project / ".annotated-report", ignore_errors=True)
        done = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        folder = project / ".annotated-report"
        return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}

    one, two = written(False), written(True)
    assert sorted(one) == sorted(two) and [name for name in one if one[name] != two[name]] == []


def test_an_editors_mistake_gets_the_same_message_with_the_option(tmp_path):
    """A typo in one file, a bad field in another: each message names the same file, line and
    fix whether the file was parsed here or by the worker."""
    project = _corpus(tmp_path, documents=6)
    broken = project / "annotations" / "doc-0004.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("    type: claim\n", "    type: claim\n    tpye: claim\n", 1), encoding="utf-8")
    typo = project / "annotations" / "doc-0001.yml"
    typo.write_text(typo.read_text(encoding="utf-8").replace("annotations:\n", "annotations:\n  - id: [unclosed\n", 1), encoding="utf-8")

    def messages(parallel: bool) -> list[str]:
        config = project / "mkdocs.yml"
        base = config.read_text(encoding="utf-8").split("  - annotated-report")[0]
        config.write_text(base + f"  - annotated-report:\n      parallel: {str(parallel).lower()}\n", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "site"], cwd=project, capture_output=True, text=True,
                              timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        return [line for line in done.stderr.splitlines() if "annotations/" in line]

    one, two = messages(False), messages(True)
    assert any("doc-0001.yml" in line for line in one) and any("doc-0004.yml" in line and "tpye" in line for line in one), one
    assert two == one
