"""`make bench`: an annotated site against a plain MkDocs build of the same text.

For each size N (default 25, 100, 400) the script generates, in a temporary folder, a
realistic corpus: N documents of ~40 KB of report-like text (every sentence unique), 50
annotations per document of all four types (nested and crossing, notes of a few
sentences, each its own text, topics, related links within and across documents), 20 topics and a 100-term
glossary whose terms occur in the text. It lays it out twice:

* **plugin**: seeds + annotations, built with Material, search and annotated-report;
* **plain**: the same paragraphs as Markdown pages, built with Material and search.

Builds run alternately (plain, plugin, plain, plugin, ...), each in its own Python
process, so the peak RSS of the process is that build's (read with `os.wait4`). It prints
the median wall time of the build itself (measured inside the child, after imports), the
peak RSS, the bytes written to `site/`, and the ratios, and the share of the plugin build spent
in the plugin's own timed phases (its `timings()`: load, pages, render). The plugin's builds
in the table are cold: its cache of rendered notes (`.cache/`) is removed before each, as
on a CI machine without a cache. A second line gives warm builds, with the cache an earlier
build left (a local build, `mkdocs serve` started again, CI restoring `.cache/`). At N = 100 it also measures the
`mkdocs serve` rebuild: a second build in the same process with the same plugin objects
(as `mkdocs serve` does, since the plugin defines `on_startup`), after one annotation file
(plugin) or one page (plain) was edited.

At N = 100 a Zensical line follows: the same corpus through `annotated-report pages` and
`zensical build` against a plain Zensical build of the same text, both cold, wall time of the
commands as `make build-zensical` runs them.

Under each size a line gives the peak memory of the build's process tree (the summed PSS,
sampled every 20 ms), the honest figure for a build that runs more than one process. At
N = 100 a `parallel` line gives builds with the `parallel: true` option (a forked worker
parses and renders ahead) against plain: time, peak RSS of the build process, and the tree.

The package is byte-compiled first (`byte_compile_package`), as an installed package is.

The last line is `ratio@100: <wall> memory@100: <rss> tree-memory@100: <pss> scaling: <t(400)/t(100) plugin>`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

DOCS_PER_TOPIC = 20
TOPICS = 20
TERMS = 100
ANNOTATIONS_PER_DOCUMENT = 50
PARAGRAPHS = 20
SENTENCES = 13

AGENCIES = ["the ministry of justice", "the national police", "the labor inspectorate", "provincial courts",
            "the anti-trafficking committee", "border officials", "the prosecutor's office", "local authorities"]
VERBS = ["recorded", "investigated", "reported", "identified", "prosecuted", "referred", "convicted", "registered"]
NOUNS = ["cases of forced labor", "suspected traffickers", "victims of sex trafficking", "complaints",
         "labor disputes", "raids on entertainment venues", "child victims", "recruitment agencies"]
PLACES = ["in the northern provinces", "along the eastern border", "in the capital", "in fishing ports",
          "on plantations", "in special economic zones", "in garment factories", "in rural districts"]
TAILS = ["according to observers", "although data were incomplete", "compared with the previous year",
         "despite continued official complicity", "as civil society organizations noted",
         "while courts remained closed for months", "but few cases reached a verdict", "the government said"]
WHO = ["NGOs", "media reports", "an international organization", "civil society observers", "victims",
       "foreign governments", "labor unions", "researchers", "journalists", "a UN body"]
WORDS_A = ["debt", "labor", "border", "victim", "court", "police", "migrant", "child", "online", "casino",
           "bonded", "domestic", "maritime", "garment", "brick", "sexual", "financial", "judicial", "consular", "rural"]
WORDS_B = ["bondage", "broker", "screening", "referral", "shelter", "compound", "inspection", "scam",
           "recruitment", "complicity", "repatriation", "hotline", "mediation", "fines", "protocol"]


def _terms() -> list[str]:
    pairs = [f"{a} {b}" for a in WORDS_A for b in WORDS_B]
    return random.Random(7).sample(pairs, TERMS)


def _sentence(rng: random.Random, doc: int, serial: int, terms: list[str]) -> tuple[str, int, int]:
    year = 2015 + rng.randrange(8)
    count = 10 + rng.randrange(990)
    term = terms[(doc * 31 + serial) % len(terms)]
    text = (
        f"In {year} {rng.choice(AGENCIES)} {rng.choice(VERBS)} {count} {rng.choice(NOUNS)} (file D{doc}-{serial}) "
        f"{rng.choice(PLACES)} involving {term}, {rng.choice(TAILS)}."
    )
    return text, year, count


def _note(kind: str, doc: int, group: int, year: int, count: int) -> str:
    """A note of a few sentences with emphasis and a link, its own text (as in a real
    publication), so no note is rendered once and reused."""
    return (f"The report gives this {kind} about {NOUNS[(doc + group) % len(NOUNS)]} in {year} "
            f"({count} in file D{doc}-{group}) without a source. *Earlier reports* used another "
            f"method, so the [figures](https://example.org/method/{doc}/{group}/{kind}) are not "
            "comparable. Read the caveat first.")


def corpus(root: Path, documents: int) -> dict[str, int]:
    """Write seeds, annotations, docs and both mkdocs.yml files under root/plugin and root/plain."""
    rng = random.Random(documents)
    terms = _terms()
    plugin, plain = root / "plugin", root / "plain"
    for project in (plugin, plain):
        (project / "docs").mkdir(parents=True)
        (project / "docs" / "index.md").write_text("# Reports\n\nThe reports, annotated.\n", encoding="utf-8")
    (plugin / "seeds").mkdir()
    (plugin / "annotations").mkdir()
    (plain / "docs" / "reports").mkdir()
    base = "site_name: Bench\nsite_url: https://example.org/\ntheme:\n  name: material\nplugins:\n  - search\n"
    (plain / "mkdocs.yml").write_text(base, encoding="utf-8")
    (plugin / "mkdocs.yml").write_text(base + "  - annotated-report\n", encoding="utf-8")
    topics = [f"topic-{k}" for k in range(TOPICS)]
    (plugin / "annotations" / "topics.yml").write_text(
        "topics:\n" + "".join(
            f"  - id: {t}\n    title: Topic {k}\n    description: What the reports say about theme {k}, across years.\n"
            for k, t in enumerate(topics)), encoding="utf-8")
    (plugin / "annotations" / "glossary.yml").write_text(
        "terms:\n" + "".join(
            f"  - term: {t}\n    definition: A term of art ({t}) used in the reports, explained in plain words.\n"
            for t in terms), encoding="utf-8")
    annotation_count = 0
    for doc in range(documents):
        slug = f"doc-{doc:04d}"
        paragraphs: list[list[tuple[str, int, int]]] = []
        serial = 0
        for _ in range(PARAGRAPHS):
            sentences = []
            for _ in range(SENTENCES):
                sentences.append(_sentence(rng, doc, serial, terms))
                serial += 1
            paragraphs.append(sentences)
        lines = [" ".join(s for s, _, _ in sentences) for sentences in paragraphs]
        (plugin / "seeds" / f"{slug}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (plugin / "seeds" / f"{slug}.yml").write_text(  # a finished publication, as before documents had a status
            f'title: "Country report {doc}"\nyear: 2022\nstatus: complete\n', encoding="utf-8")
        (plain / "docs" / "reports" / f"{slug}.md").write_text(
            f"# Country report {doc}\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
        entries = []
        for group in range((ANNOTATIONS_PER_DOCUMENT + 3) // 4):
            p = group % PARAGRAPHS
            s = 2 * (group // PARAGRAPHS) * 3
            (first, year, count), (second, _, _) = paragraphs[p][s], paragraphs[p][s + 1]
            ids = [f"d{doc}-g{group}-{kind}" for kind in ("claim", "stat", "caveat", "alleg")]
            marker = first.index("(file")
            stat_quote = first[first.index(str(count), len(f"In {year}")):marker + first[marker:].index(")") + 1]
            crossing = first[marker:] + " " + second[: second.index(" ", 10)]
            topic = topics[(doc + group) % TOPICS]
            other = topics[(doc + group + 1 + group % 7) % TOPICS]
            cross_doc = f", d{doc - 1}-g{group}-claim" if doc > 0 else ""
            entries += [
                dict(id=ids[0], type="claim", quote=first, note=_note("claim", doc, group, year, count), topics=[topic, other], related=[ids[1], ids[3]]),
                dict(id=ids[1], type="statistic", quote=stat_quote, value=count, year=year, unit="cases",
                     series=f"series-{group % 10}", note=_note("statistic", doc, group, year, count), topics=[topic], related=[ids[0]]),
                dict(id=ids[2], type="caveat", quote=crossing, note=_note("caveat", doc, group, year, count), topics=[topic], related=[ids[1]]),
                dict(id=ids[3], type="allegation", quote=second, note=_note("allegation", doc, group, year, count), topics=[other],
                     attributed_to=WHO[(doc + group) % len(WHO)], related=[ids[0]], extra=cross_doc),
            ]
        entries = entries[:ANNOTATIONS_PER_DOCUMENT]
        kept = {entry["id"] for entry in entries}
        for entry in entries:
            entry["related"] = [other for other in entry["related"] if other in kept]
        annotation_count += len(entries)
        out = [f"document: {slug}\nannotations:\n"]
        for entry in entries:
            extra = entry.pop("extra", "")
            out.append(f"  - id: {entry['id']}\n    type: {entry['type']}\n    quote: {json.dumps(entry['quote'])}\n")
            for key in ("value", "year", "unit", "series", "attributed_to"):
                if key in entry:
                    out.append(f"    {key}: {json.dumps(entry[key])}\n")
            out.append(f"    note: {json.dumps(entry['note'])}\n    topics: [{', '.join(entry['topics'])}]\n")
            related = ", ".join(entry["related"]) + extra
            out.append(f"    related: [{related.lstrip(', ')}]\n")
        (plugin / "annotations" / f"{slug}.yml").write_text("".join(out), encoding="utf-8")
    return {"annotations": annotation_count}


CHILD = r"""
import json, logging, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.getLogger("mkdocs").setLevel(logging.ERROR)
project, mode, edit = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
def config():
    return load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
start = time.perf_counter()
measured = config()
if mode == "serve":
    measured.plugins.on_startup(command="serve", dirty=False)
build(measured)
seconds = time.perf_counter() - start
if mode == "serve":
    path = project / edit
    path.write_text(path.read_text(encoding="utf-8").replace("Read the caveat first.", "Read the caveat, then the note.", 1), encoding="utf-8")
    start = time.perf_counter()
    measured = config()
    build(measured)
    seconds = time.perf_counter() - start
plugin = measured.plugins.get("annotated-report")
own = sum(plugin.timings().values()) / 1000 if plugin is not None else 0.0
print(json.dumps({"seconds": seconds, "own": own}))
"""


def run_build(project: Path, mode: str = "build", edit: str = "") -> tuple[float, float, float, float]:
    """(seconds of the build, peak RSS in MiB, seconds of the plugin's own timed work, peak
    memory of the process tree in MiB) of one build in a fresh Python process."""
    process = subprocess.Popen([sys.executable, "-c", CHILD, str(project), mode, edit], stdout=subprocess.PIPE)
    assert process.stdout is not None
    sampler = TreeMemory(process.pid)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"build of {project} failed ({process.returncode})")
    rss = usage.ru_maxrss / 1024  # KiB on Linux
    result = json.loads(output.decode().strip().splitlines()[-1])
    return result["seconds"], rss, result["own"], sampler.peak_mib


class TreeMemory:
    """The peak of the summed PSS (proportional set size) of a process and its descendants,
    sampled every 20 ms: the memory a build holds when it runs in more than one process (the
    `parallel` option's worker shares the pages it did not write, each counted once). A
    process's peak RSS (`ru_maxrss`) is its own only; with several processes it says nothing
    of their sum."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kib, self._done = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(0.02):
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(pid) for pid in _tree(self.pid)))


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
            for child in children.read().split():
                found += _tree(int(child))
    except OSError:
        pass
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
    except OSError:
        return 0


def site_bytes(project: Path) -> int:
    return sum(path.stat().st_size for path in (project / "site").rglob("*") if path.is_file())


def zensical_build(project: Path, *, pages: bool) -> float:
    """Seconds of one cold Zensical build of `project` (its cache cleaned), as `make build-zensical`
    runs it: with `pages`, `annotated-report pages` first writes the core's plan as files and the
    derived zensical.yml; without, Zensical builds the plain Markdown pages from mkdocs.yml."""
    binaries = Path(sys.executable).parent
    start = time.perf_counter()
    if pages:
        subprocess.run([str(binaries / "annotated-report"), "pages"], cwd=project, check=True, capture_output=True)
    config = "zensical.yml" if pages else "mkdocs.yml"
    subprocess.run([str(binaries / "zensical"), "build", "--clean", "-f", config], cwd=project, check=True, capture_output=True)
    return time.perf_counter() - start


def measure_zensical(root: Path, runs: int) -> tuple[float, float]:
    """Medians of `runs` alternate cold Zensical builds: (plain, plugin through `pages`)."""
    plain, plugin = [], []
    for _ in range(runs):
        forget_cache(root / "plain")
        plain.append(zensical_build(root / "plain", pages=False))
        forget_cache(root / "plugin")
        shutil.rmtree(root / "plugin" / ".annotated-report", ignore_errors=True)
        plugin.append(zensical_build(root / "plugin", pages=True))
    return statistics.median(plain), statistics.median(plugin)


def forget_cache(project: Path) -> None:
    """Remove the plugin's cache of rendered notes (`.cache/`), so the next build is cold."""
    shutil.rmtree(project / ".cache", ignore_errors=True)


def measure(root: Path, runs: int, *, warm: bool = False, names: tuple[str, str] = ("plain", "plugin")) -> dict[str, dict[str, float]]:
    """Medians of `runs` alternate builds of the two projects `names` under `root`; the
    plugin's are cold (no `.cache/`) unless `warm`."""
    results: dict[str, dict[str, list[float]]] = {name: {"seconds": [], "rss": [], "own": [], "tree": []} for name in names}
    for _ in range(runs):
        for name in names:
            if not warm:
                forget_cache(root / name)
            seconds, rss, own, tree = run_build(root / name)
            results[name]["seconds"].append(seconds)
            results[name]["rss"].append(rss)
            results[name]["own"].append(own)
            results[name]["tree"].append(tree)
    return {
        name: {key: statistics.median(values) for key, values in v.items()} | {"bytes": site_bytes(root / name)}
        for name, v in results.items()
    }


def parallel_copy(root: Path) -> str:
    """The plugin's project again as `parallel/`, with the `parallel: true` option."""
    shutil.copytree(root / "plugin", root / "parallel", ignore=shutil.ignore_patterns("site", ".cache"))
    config = root / "parallel" / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - annotated-report\n", "  - annotated-report:\n      parallel: true\n"),
                      encoding="utf-8")
    return "parallel"


def byte_compile_package() -> None:
    """Write the package's bytecode first, as `pip install` does for an installed package: the
    editable install has none, and where PYTHONDONTWRITEBYTECODE is set (some CI and coding
    environments) every build would compile the plugin's ~50 modules again (~45 ms)."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("annotated_report")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        compileall.compile_dir(folder, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 100, 400])
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind per size (400 gets one fewer)")
    parser.add_argument("--serve-runs", type=int, default=3)
    parser.add_argument("--warm-runs", type=int, default=2, help="builds of each kind with the cache of rendered notes kept (0: none)")
    parser.add_argument("--zensical-runs", type=int, default=3, help="Zensical builds of each kind at N = 100 (0: none)")
    parser.add_argument("--parallel-runs", type=int, default=3, help="builds with the `parallel` option at N = 100 (0: none)")
    args = parser.parse_args()
    byte_compile_package()
    print(f"{'N':>4} {'annot.':>6} {'plain s':>8} {'plugin s':>8} {'ratio':>6} {'plain MiB':>9} {'plugin MiB':>10} "
          f"{'ratio':>6} {'plain MB':>8} {'plugin MB':>9} {'ratio':>6}", flush=True)
    times: dict[int, dict[str, dict[str, float]]] = {}
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="ar-bench-") as folder:
            root = Path(folder)
            counts = corpus(root, n)
            result = measure(root, max(1, args.runs - (1 if n >= 400 else 0)))
            times[n] = result
            plain, plugin = result["plain"], result["plugin"]
            print(f"{n:>4} {counts['annotations']:>6} {plain['seconds']:>8.2f} {plugin['seconds']:>8.2f} "
                  f"{plugin['seconds'] / plain['seconds']:>6.2f} {plain['rss']:>9.0f} {plugin['rss']:>10.0f} "
                  f"{plugin['rss'] / plain['rss']:>6.2f} {plain['bytes'] / 1e6:>8.1f} {plugin['bytes'] / 1e6:>9.1f} "
                  f"{plugin['bytes'] / plain['bytes']:>6.2f}", flush=True)
            print(f"     plugin's own work (its timed phases): {plugin['own']:.2f} s, "
                  f"{100 * plugin['own'] / plugin['seconds']:.0f} % of the build", flush=True)
            print(f"     memory of the process tree (peak summed PSS): plain {plain['tree']:.0f} MiB, plugin {plugin['tree']:.0f} MiB, "
                  f"ratio {plugin['tree'] / plain['tree']:.2f}", flush=True)
            if args.warm_runs:
                run_build(root / "plugin")  # fills the cache of rendered notes
                warm = measure(root, args.warm_runs, warm=True)
                wp, wa = warm["plain"], warm["plugin"]
                print(f"     warm (rendered notes kept in .cache/): plain {wp['seconds']:.2f} s, plugin {wa['seconds']:.2f} s, "
                      f"ratio {wa['seconds'] / wp['seconds']:.2f}, RSS ratio {wa['rss'] / wp['rss']:.2f}, "
                      f"own work {wa['own']:.2f} s ({100 * wa['own'] / wa['seconds']:.0f} %)", flush=True)
            if n == 100:
                serve = {"plain": [], "plugin": [], "own": []}  # type: dict[str, list[float]]
                for _ in range(args.serve_runs):
                    forget_cache(root / "plugin")
                    serve["plain"].append(run_build(root / "plain", "serve", "docs/reports/doc-0050.md")[0])
                    seconds, _, own, _ = run_build(root / "plugin", "serve", "annotations/doc-0050.yml")
                    serve["plugin"].append(seconds)
                    serve["own"].append(own)
                sp, sa = statistics.median(serve["plain"]), statistics.median(serve["plugin"])
                print(f"serve rebuild @100 after one edit: plain {sp:.2f} s, plugin {sa:.2f} s, ratio {sa / sp:.2f} "
                      f"(plugin's own work {statistics.median(serve['own']):.2f} s)", flush=True)
                if args.parallel_runs:
                    both = measure(root, args.parallel_runs, names=("plain", parallel_copy(root)))
                    bp, bq = both["plain"], both["parallel"]
                    print(f"parallel @100 (option `parallel: true`), cold: plain {bp['seconds']:.2f} s, plugin {bq['seconds']:.2f} s, "
                          f"ratio {bq['seconds'] / bp['seconds']:.2f}; peak RSS ratio {bq['rss'] / bp['rss']:.2f}, "
                          f"process tree (PSS) {bp['tree']:.0f} / {bq['tree']:.0f} MiB, ratio {bq['tree'] / bp['tree']:.2f}", flush=True)
                if args.zensical_runs:
                    zp, za = measure_zensical(root, args.zensical_runs)
                    print(f"zensical @100, cold: plain {zp:.2f} s, pages + zensical {za:.2f} s, ratio {za / zp:.2f}", flush=True)
    at = times.get(100)
    wall = at["plugin"]["seconds"] / at["plain"]["seconds"] if at else float("nan")
    rss = at["plugin"]["rss"] / at["plain"]["rss"] if at else float("nan")
    scaling = times[400]["plugin"]["seconds"] / times[100]["plugin"]["seconds"] if 400 in times and at else float("nan")
    plain_scaling = times[400]["plain"]["seconds"] / times[100]["plain"]["seconds"] if 400 in times and at else float("nan")
    print(f"plain scaling t(400)/t(100): {plain_scaling:.2f}")
    tree = at["plugin"]["tree"] / at["plain"]["tree"] if at else float("nan")
    print(f"ratio@100: {wall:.2f} memory@100: {rss:.2f} tree-memory@100: {tree:.2f} scaling: {scaling:.2f}")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"(bench took {time.perf_counter() - started:.0f} s)", file=sys.stderr)
