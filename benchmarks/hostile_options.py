"""Issue #19's configuration and link cases, run as a maintainer or contributor would run them.

Each case lays out a fresh project (tests/helpers.make_project) in a temporary folder,
changes `mkdocs.yml` or the tree, then runs `mkdocs build --strict` and
`annotated-report check` as separate processes under `strace -f -e trace=open,openat`
(measurement only: the tests use canaries instead). For each it prints a Markdown row:
exit codes, wall time, the first line that says what went wrong, the files written outside
`site/` (and outside the default cache folder), and how many files outside the project
were opened that a plain build does not open.

    .venv/bin/python benchmarks/hostile_options.py [--only NAME] [--no-strace]

Cases that would write at the filesystem root (`reports_dir: /` and `''`) run in a mount
namespace where `/` is read-only (all but the case's folder; `unshare -m`, as root), so an
unfixed build fails to write there instead of writing there.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # helpers.make_project; the package is the one installed for this Python

from helpers import make_project  # noqa: E402

BIN = Path(sys.executable).parent
#: The temporary projects' parent, so `../..` from a project is this folder and no other.
BASE = Path(tempfile.gettempdir()) / "annotated-report-hostile"
OPEN = re.compile(r'open(?:at)?\((?:AT_FDCWD|\d+), "([^"]*)", ([A-Z_|]+)')


@dataclass
class Hostile:
    name: str
    options: str = ""  # lines added under `- annotated-report:`
    top: str = ""  # lines added at the top level of mkdocs.yml
    tree: Callable[[Path], None] | None = None
    read_only_root: bool = False


def _outside(tmp: Path) -> Path:
    return tmp / "outside"


def _self_loop(root: Path) -> None:
    os.symlink("self.yml", root / "annotations" / "self.yml")


def _two_loop(root: Path) -> None:
    os.symlink("d.yml", root / "annotations" / "c.yml")
    os.symlink("c.yml", root / "annotations" / "d.yml")


def _hard_link(root: Path) -> None:
    secret = root.parent / "outside" / "glossary.yml"
    secret.write_text("terms:\n  - term: SECRET-OUTSIDE\n    definition: Outside text.\n", encoding="utf-8")
    os.link(secret, root / "annotations" / "hard.yml")


CASES = [
    Hostile("reports_dir: ../x", options="reports_dir: ../x"),
    Hostile("reports_dir: ../seeds", options="reports_dir: ../seeds"),
    Hostile("reports_dir: /", options="reports_dir: /", read_only_root=True),
    Hostile("reports_dir: ''", options="reports_dir: ''", read_only_root=True),
    Hostile("reports_dir: ../../../../../../../tmp/far", options="reports_dir: ../../../../../../../../tmp/hostile-far"),
    Hostile("cache_dir: annotations", options="cache_dir: annotations"),
    Hostile("cache_dir: site", options="cache_dir: site"),
    Hostile("cache_dir: docs", options="cache_dir: docs"),
    Hostile("edit_uri: javascript://%0aalert()", top='repo_url: https://github.com/o/r\nedit_uri: "javascript://%0aalert()"'),
    Hostile('site_url: …"><script>', top='site_url: \'https://example.org/"><script>alert(1)</script>\''),
    Hostile("seeds_dir: ../..", options="seeds_dir: ../.."),
    Hostile("annotations_dir: /etc", options="annotations_dir: /etc"),
    Hostile("annotations_dir: /proc", options="annotations_dir: /proc"),
    Hostile("annotations/self.yml -> self.yml", tree=_self_loop),
    Hostile("c.yml -> d.yml -> c.yml", tree=_two_loop),
    Hostile("hard link to an outside file", tree=_hard_link),
]


def _lay_out(tmp: Path, case: Hostile) -> Path:
    root = make_project(tmp / "project", {"a.yml": "document: cambodia-2022-prosecution\nannotations: []\n"})
    (_outside(tmp)).mkdir(exist_ok=True)
    (_outside(tmp) / "secret.txt").write_text("outside\n", encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    if case.options:
        indented = "".join(f"      {line}\n" for line in case.options.splitlines())
        config = config.replace("  - annotated-report\n", "  - annotated-report:\n" + indented)
    if case.top:
        config = re.sub(r"^site_url: .*\n", "", config, flags=re.M) if case.top.startswith("site_url") else config
        config = case.top + "\n" + config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    if case.tree is not None:
        case.tree(root)
    return root


def _snapshot(tmp: Path) -> set[tuple[str, int]]:
    """Every file below the temporary folder with its modification time, except the built
    site and the default cache (a file written again with the same bytes counts as written)."""
    found = set()
    for path in tmp.rglob("*"):
        relative = path.relative_to(tmp).as_posix()
        published_cache = relative.startswith("project/site/") and path.name.startswith(("markdown-", ".gitignore"))
        if (relative.startswith(("project/site/", "project/.cache/")) and not published_cache) or relative == "trace" or path.is_dir():
            continue
        found.add((relative, path.lstat().st_mtime_ns))
    for extra in (Path("/cambodia-2022-prosecution"), Path("/cambodia-2022-prosecution.txt"), Path("/tmp/hostile-far")):
        if extra.exists():
            found.add((str(extra), 0))
    return found


def _run(command: list[str], root: Path, trace: Path | None, read_only_root: bool) -> tuple[int, float, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    full = command
    if trace is not None:
        full = ["strace", "-f", "-qq", "-e", "trace=open,openat", "-o", str(trace), *full]
    if read_only_root:  # the filesystem read-only but for the case's folder, in a mount namespace of its own
        script = 'mount --make-rprivate / && mount --bind "$0" "$0" && mount -o remount,bind,ro / && exec "$@"'
        full = ["unshare", "-m", "sh", "-c", script, str(root.parent), *full]
    start = time.perf_counter()
    try:
        done = subprocess.run(full, cwd=root, env=env, capture_output=True, text=True, timeout=120)
        code, output = done.returncode, done.stderr + done.stdout
    except subprocess.TimeoutExpired:
        code, output = -1, "timed out after 120 s"
    return code, time.perf_counter() - start, output


def _message(output: str) -> str:
    """The line that says what went wrong: a traceback's last line, an option's message, a warning."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    if any(line.startswith("Traceback") for line in lines):
        return "TRACEBACK: " + lines[-1]
    for pattern in ("the option ", "WARNING", "ERROR", "Error", "Aborted"):
        for line in lines:
            if pattern in line and "MkDocs 2.0" not in line:
                return line.replace("WARNING -  ", "").replace("annotated_report: ", "")
    return lines[-1] if lines else ""


def _hostile_links(site: Path) -> int:
    """`javascript:` links and the injected script in the built pages."""
    count = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        count += text.count('href="javascript:') + text.count('"><script>alert(1)')
    return count


def _opened_outside(trace: Path, root: Path, baseline: set[str]) -> set[str]:
    opened = set()
    if not trace.exists():
        return opened
    for line in trace.read_text(errors="replace").splitlines():
        match = OPEN.search(line)
        if match is None or "= -1" in line or re.search(r"O_WRONLY|O_RDWR|O_DIRECTORY", match.group(2)):
            continue  # files read, not written, not folders listed
        path = match.group(1)
        absolute = os.path.normpath(path if path.startswith("/") else os.path.join(root, path))
        if absolute.startswith(str(root)) or absolute.startswith((sys.prefix, str(REPO), "/usr/", "/lib", "/dev/", "/sys/")):
            continue
        opened.add(absolute.replace(str(root.parent), "TMP"))
    return opened - baseline


def _baseline(use_strace: bool) -> set[str]:
    if not use_strace:
        return set()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        root = _lay_out(tmp, Hostile("plain"))
        opened: set[str] = set()
        for command in ([str(BIN / "mkdocs"), "build", "--strict"], [str(BIN / "annotated-report"), "check"]):
            _run(command, root, tmp / "trace", False)
            opened |= _opened_outside(tmp / "trace", root, set())
        return opened


def measure(case: Hostile, baseline: set[str], use_strace: bool) -> str:
    BASE.mkdir(exist_ok=True)
    neighbour = BASE / "neighbour"  # what `seeds_dir: ../..` reaches: a checkout's worth of files
    if not neighbour.exists():
        shutil.copytree(REPO / "plugins", neighbour / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(REPO / "tests", neighbour / "tests", ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
    with tempfile.TemporaryDirectory(dir=BASE) as folder:
        tmp = Path(folder)
        root = _lay_out(tmp, case)
        before = _snapshot(tmp)
        cells = []
        outside_reads = 0
        for command in ([str(BIN / "mkdocs"), "build", "--strict"], [str(BIN / "annotated-report"), "check"]):
            trace = tmp / "trace" if use_strace else None
            code, seconds, output = _run(command, root, trace, case.read_only_root)
            if trace is not None:
                outside_reads = max(outside_reads, len(_opened_outside(trace, root, baseline)))
                trace.unlink(missing_ok=True)
            cells.append(f"{code} / {seconds:.1f} s: {_message(output)[:160]}".replace("|", "\\|"))
        written = sorted({name for name, _ in _snapshot(tmp) - before})
        shown = ", ".join(written[:3]) + (f" (+{len(written) - 3})" if len(written) > 3 else "") if written else "none"
        hostile = _hostile_links(root / "site")
        if any("SECRET-OUTSIDE" in page.read_text(errors="replace") for page in (root / "site").rglob("*.html")):
            shown = "outside text PUBLISHED; " + shown if written else "outside text PUBLISHED"
        for extra in (Path("/tmp/hostile-far"),):
            shutil.rmtree(extra, ignore_errors=True)
        return f"| {case.name} | {cells[0]} | {cells[1]} | {shown} | {outside_reads if use_strace else '-'} | {hostile} |"


_FLIPPER = """
import ctypes, os, sys
renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
a, b = os.fsencode(sys.argv[1]), os.fsencode(sys.argv[2])
while True:
    renameat2(-100, a, -100, b, 2)  # AT_FDCWD, RENAME_EXCHANGE: the two names swap atomically
"""


def swap_race(polls: int = 1000) -> str:
    """Under `mkdocs serve` a file swapped for a link between listing and reading: how many
    of `polls` loads published the outside glossary's term. Another process swaps the file
    and a link to the outside glossary as fast as it can (renameat2 RENAME_EXCHANGE)."""
    from annotated_report.loading import load  # the package of the Python running this script

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        root = make_project(tmp / "project", {"g.yml": "terms:\n  - term: Inside\n    definition: In.\n"})
        secret = tmp / "secret.yml"
        secret.write_text("terms:\n  - term: SECRET-OUTSIDE\n    definition: Outside.\n", encoding="utf-8")
        os.symlink(secret, root / "annotations" / ".swap")
        flipper = subprocess.Popen([sys.executable, "-c", _FLIPPER, str(root / "annotations" / "g.yml"), str(root / "annotations" / ".swap")])
        leaked, crashed, refused = 0, Counter[str](), 0
        time.sleep(1)  # the flipper is swapping by now
        start = time.perf_counter()
        try:
            for _ in range(polls):
                try:
                    loaded = load(root / "seeds", root / "annotations", root)
                except Exception as error:
                    crashed[f"{type(error).__name__}: {str(error).split(':')[0]}"] += 1
                    continue
                leaked += any(term.term == "SECRET-OUTSIDE" for term in loaded.terms)
                refused += any(problem.file == "annotations/g.yml" for problem in loaded.problems)
        finally:
            flipper.kill()
            flipper.wait()
        seconds = time.perf_counter() - start
        tracebacks = ", ".join(f"{count} × {kind}" for kind, count in crashed.items()) or "none"
        return (f"| file swapped for a link to an outside glossary while loading ({polls} loads, {seconds:.1f} s) "
                f"| outside term published in {leaked} of {polls} | refused with a message: {refused}; tracebacks: {tracebacks} | | | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--no-strace", action="store_true")
    arguments = parser.parse_args()
    use_strace = not arguments.no_strace and shutil.which("strace") is not None
    baseline = _baseline(use_strace)
    print("| case | `mkdocs build --strict`: exit / time: message | `annotated-report check`: exit / time: message "
          "| written outside site/ | outside files opened | `javascript:`/script in pages |")
    print("| --- | --- | --- | --- | --- | --- |")
    for case in CASES:
        if arguments.only and arguments.only not in case.name:
            continue
        print(measure(case, baseline, use_strace), flush=True)
    if not arguments.only or "swap" in arguments.only:
        print(swap_race(), flush=True)


if __name__ == "__main__":
    main()
