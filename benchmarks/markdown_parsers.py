"""Python-Markdown (the notes' parser until issue 19) against markdown-it-py (`render/markdown_convert.py`).

Three sets of texts, each converted by both parsers (conversion only, then conversion +
`sanitize`, the cost a build pays per note):

* **real**: every `note`, `definition` and `description` in this project's annotations/;
* **bench**: the same fields of `bench.py`'s generated corpus (N documents, default 100:
  5,000 notes, 20 topic descriptions, 100 definitions);
* **shapes**: each hostile family of `tests/bad_input_cases.py` (MARKDOWN_SHAPES), 20,000
  characters, each run in its own process with a time limit (Python-Markdown takes minutes
  or recurses on some of them).

It also compares the two sanitized outputs of every real and bench text, and prints the
texts whose HTML differs (ignoring whitespace between tags). Run: `.venv/bin/python
benchmarks/markdown_parsers.py [--documents 100] [--limit 90]`.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import markdown
import yaml

from annotated_report.render.markdown_convert import convert
from annotated_report.render.markdown_safe import sanitize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from bad_input_cases import MARKDOWN_SHAPES  # noqa: E402
from bench import corpus  # noqa: E402

FIELDS = ("note", "definition", "description")


#: One or two of each construct a note may use, to list where the two parsers' output differs.
FEATURES = [
    "*em* _em_ **strong** __strong__ ***both*** a*b*c a_b_c snake_case_word",
    "`code` ``a ` b`` \\*not em\\* \\[not a link]",
    '[link](https://example.org/a?b=1&c=2 "title") [rel](../topics/x/) [anchor](#note_x) [mail](mailto:a@example.org)',
    "[ref][r] and [r]\n\n[r]: https://example.org/r",
    "<https://example.org/auto> <a@example.org> https://example.org/bare",
    "[x](https://例え.jp/café) [sp](<https://example.org/a b>)",
    "- one\n- two\n\n1. first\n2. second",
    "1. first\n- other kind",
    "1. first\n\n- other kind",
    "3. third\n4. fourth",
    "- tight\n- list\n\n- loose\n\n- list",
    "A paragraph\n- then a list without a blank line",
    "A paragraph\n1. then an ordered list",
    "- a\n  - nested by two spaces",
    "- a\n    - nested by four spaces",
    "- a\n\n    para in item",
    "* star\n+ plus",
    "| a | b |\n|:--|--:|\n| *1* | [2](https://x.example/) |",
    "a | b\n--|--\n1 | 2",
    "```python\nprint('<b>')\n```",
    "    indented code",
    "> quoted *text*\n> more\n\nafter",
    "text\n\n---\n\n***",
    "# Heading\n\nSetext\n======",
    "line one  \nline two\\\nline three",
    "&copy; &amp; &#169; &#xA9; & < >",
    "x<sup>2</sup> H<sub>2</sub>O <abbr title='Non-governmental organization'>NGO</abbr> a<br>b <del>old</del>",
    "<!-- hidden -->Shown",
    "<div>\n*in a div*\n</div>",
    "<p>raw paragraph</p>\n\ntext",
    "<script>alert(1)</script> *after*",
    "![alt](https://x.example/i.png) text",
    "Smart \"quotes\" -- dashes --- and ... ellipsis",
    "trailing spaces   \n",
    "tab\tseparated\n\n\tindented by tab",
]


def python_markdown() -> Callable[[str], str]:
    """Python-Markdown as `markdown_safe` configured it before issue 19."""
    converter = markdown.Markdown(extensions=["sane_lists", "tables", "fenced_code"], output_format="html")

    def convert_old(text: str) -> str:
        converter.reset()
        return str(converter.convert(text))

    return convert_old


PARSERS: dict[str, Callable[[], Callable[[str], str]]] = {"Python-Markdown": python_markdown, "markdown-it-py": lambda: convert}


def markdown_fields(folder: Path) -> Iterator[str]:
    """Every Markdown field of every YAML file under `folder`."""
    def walk(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in FIELDS and isinstance(value, str):
                    yield value
                else:
                    yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    for path in sorted(folder.rglob("*.yml")):
        yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")))


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def convert_all(function: Callable[[str], str], texts: list[str], *, clean: bool) -> None:
    for text in texts:
        html = function(text)
        if clean:
            sanitize(html)


def totals(name: str, texts: list[str], runs: int) -> None:
    print(f"\n{name}: {len(texts):,} texts, {sum(map(len, texts)):,} characters (best of {runs})")
    for parser, make in PARSERS.items():
        function = make()
        alone = best_of(runs, partial(convert_all, function, texts, clean=False))
        cleaned = best_of(runs, partial(convert_all, function, texts, clean=True))
        print(f"  {parser:16} convert {alone * 1000:8.1f} ms ({alone / len(texts) * 1e6:6.1f} µs a text)   "
              f"convert + sanitize {cleaned * 1000:8.1f} ms")


_BETWEEN_TAGS = re.compile(r">\s+<")


def differences(name: str, texts: list[str], shown: int) -> None:
    """The texts whose sanitized HTML differs between the parsers (whitespace between tags ignored)."""
    old, new = python_markdown(), convert
    differing = []
    for text in dict.fromkeys(texts):
        before, after = (_BETWEEN_TAGS.sub("><", sanitize(parse(text)).strip()) for parse in (old, new))
        if before != after:
            differing.append((text, before, after))
    print(f"\n{name}: {len(differing)} of {len(dict.fromkeys(texts))} distinct texts render differently")
    for text, before, after in differing[:shown]:
        print(f"  text: {text!r}\n   old: {before!r}\n   new: {after!r}")


CHILD = r"""
import json, sys, time
parser, text = sys.argv[1], sys.stdin.read()
sys.path.insert(0, sys.argv[2])
from markdown_parsers import PARSERS
function = PARSERS[parser]()
start = time.perf_counter()
try:
    function(text)
    outcome = "ok"
except BaseException as error:
    outcome = type(error).__name__
print(json.dumps({"seconds": time.perf_counter() - start, "outcome": outcome}))
"""


def shape_time(parser: str, text: str, limit: float) -> str:
    """How one parser fares on one text, in a process of its own cut off after `limit` seconds."""
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, parser, str(Path(__file__).parent)], input=text,
                              capture_output=True, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f} s (stopped)"
    if done.returncode != 0:
        return f"crashed ({done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode})"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    seconds = f"{result['seconds']:.3f} s"
    return seconds if result["outcome"] == "ok" else f"{result['outcome']} after {seconds}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100, help="size of bench.py's corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=float, default=90, help="seconds a parser may take on one shape")
    parser.add_argument("--shown", type=int, default=40, help="differing texts printed per set")
    parser.add_argument("--skip-shapes", action="store_true")
    args = parser.parse_args()

    real = list(markdown_fields(ROOT / "annotations"))
    with tempfile.TemporaryDirectory(prefix="ar-markdown-") as folder:
        corpus(Path(folder), args.documents)
        bench = list(markdown_fields(Path(folder) / "plugin" / "annotations"))
    totals("real (annotations/)", real, args.runs)
    totals(f"bench corpus (N={args.documents})", bench, args.runs)
    differences("constructs (FEATURES)", FEATURES, len(FEATURES))
    differences("real", real, args.shown)
    differences("bench corpus", bench, args.shown)
    if args.skip_shapes:
        return
    print(f"\nshapes (each in its own process, stopped after {args.limit:.0f} s)")
    print(f"  {'shape':44} {'chars':>6}  {'Python-Markdown':>26}  {'markdown-it-py':>26}")
    for name, text in MARKDOWN_SHAPES.items():
        print(f"  {name:44} {len(text):>6}  " + "  ".join(f"{shape_time(p, text, args.limit):>26}" for p in PARSERS), flush=True)


if __name__ == "__main__":
    main()
