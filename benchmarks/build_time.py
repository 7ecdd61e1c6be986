"""Build time of an annotated site against a plain MkDocs build of the same pages.

Run by hand (not part of the tests):

    .venv/bin/python benchmarks/build_time.py            # the repository's site, and 10 copies
    .venv/bin/python benchmarks/build_time.py --copies 1 5 20 --repeat 5

For each size N the script lays out two projects in a temporary folder:

* **annotated**: N copies of every seed document (each with a copy of its annotations under
  fresh ids) and the repository's topics and glossary, built with the plugin;
* **plain**: the same report texts as ordinary Markdown pages (one per document, with the
  docs/ pages), built with the same theme and search plugin but without annotated-report.

It prints the median wall time of each build (in-process, `mkdocs.commands.build.build`)
and their ratio.
"""

from __future__ import annotations

import argparse
import logging
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent
ID_LINE = re.compile(r"^(\s*-?\s*id:\s*)([a-z0-9-]+)", re.MULTILINE)
RELATED = re.compile(r"^(\s*related:\s*)\[([^\]]*)\]", re.MULTILINE)
DOCUMENT = re.compile(r"^document:\s*(\S+)", re.MULTILINE)


def _mkdocs_yml(plugin: bool) -> str:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if not plugin:
        text = re.sub(r"  - annotated-report:\n(      .*\n)*", "", text)
    return text


def annotated_project(root: Path, copies: int) -> Path:
    shutil.copytree(REPO / "docs", root / "docs")
    (root / "mkdocs.yml").write_text(_mkdocs_yml(plugin=True), encoding="utf-8")
    (root / "seeds").mkdir()
    (root / "annotations").mkdir()
    for name in ("topics.yml", "glossary.yml"):
        if (REPO / "annotations" / name).exists():
            shutil.copy(REPO / "annotations" / name, root / "annotations" / name)
    for copy in range(copies):
        suffix = "" if copy == 0 else f"-copy-{copy}"
        for seed in sorted((REPO / "seeds").glob("*.txt")):
            shutil.copy(seed, root / "seeds" / f"{seed.stem}{suffix}.txt")
            meta = seed.with_suffix(".yml").read_text(encoding="utf-8")
            (root / "seeds" / f"{seed.stem}{suffix}.yml").write_text(meta.replace("title: \"", f"title: \"{copy} "), encoding="utf-8")
        for source in sorted((REPO / "annotations").rglob("*.yml")):
            text = source.read_text(encoding="utf-8")
            if not DOCUMENT.search(text):
                continue
            text = DOCUMENT.sub(lambda m: f"document: {m.group(1)}{suffix}", text)
            text = ID_LINE.sub(lambda m: f"{m.group(1)}{m.group(2)}{suffix}", text)
            text = RELATED.sub(lambda m: m.group(1) + "[" + ", ".join(f"{i.strip()}{suffix}" for i in m.group(2).split(",") if i.strip()) + "]", text)
            target = root / "annotations" / f"copy{copy}" / source.relative_to(REPO / "annotations")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return root


def plain_project(root: Path, copies: int) -> Path:
    shutil.copytree(REPO / "docs", root / "docs")
    (root / "mkdocs.yml").write_text(_mkdocs_yml(plugin=False), encoding="utf-8")
    for copy in range(copies):
        for seed in sorted((REPO / "seeds").glob("*.txt")):
            paragraphs = seed.read_text(encoding="utf-8").splitlines()
            page = root / "docs" / "reports" / f"{seed.stem}-{copy}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"# {seed.stem} {copy}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return root


def time_build(root: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
        start = time.perf_counter()
        build(config)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    print(f"{'documents':>9} {'annotations':>11} {'plain (s)':>10} {'annotated (s)':>13} {'ratio':>6}")
    for copies in args.copies:
        with tempfile.TemporaryDirectory() as folder:
            annotated = annotated_project(Path(folder) / "annotated", copies)
            plain = plain_project(Path(folder) / "plain", copies)
            count = sum(len(ID_LINE.findall(p.read_text(encoding="utf-8"))) for p in (annotated / "annotations").rglob("*.yml") if DOCUMENT.search(p.read_text(encoding="utf-8")))
            plain_time = time_build(plain, args.repeat)
            annotated_time = time_build(annotated, args.repeat)
            documents = copies * len(list((REPO / "seeds").glob("*.txt")))
            print(f"{documents:>9} {count:>11} {plain_time:>10.2f} {annotated_time:>13.2f} {annotated_time / plain_time:>6.2f}")


if __name__ == "__main__":
    main()
