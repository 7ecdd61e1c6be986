"""The `annotated-report` command: the same checks as the site build, without building it.

    annotated-report check            every problem as file:line: id: message (exit 1 if any)
    annotated-report stats            counts per document, type and topic
    annotated-report find "words"     where words occur, with a ready-to-paste quote/prefix
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .anchoring import DocumentIndex
from .build import build_site
from .loading import load_documents
from .model import ANNOTATION_TYPES, Problem, Site
from .rules import settings_from_mkdocs_yml
from .textnorm import normalize_quote, shorten


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="annotated-report", description="Check and explore annotated reports.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: current)")
    parser.add_argument("--seeds", type=Path, default=None, help="seeds folder (default: ROOT/seeds)")
    parser.add_argument("--annotations", type=Path, default=None, help="annotations folder (default: ROOT/annotations)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="report every problem in seeds/ and annotations/")
    commands.add_parser("stats", help="count annotations per document, type and topic")
    find = commands.add_parser("find", help="find words in the documents and print a quote to paste")
    find.add_argument("words", help="the words to look for (plain quotes and hyphens are fine)")
    args = parser.parse_args(argv)

    root: Path = args.root
    seeds = args.seeds or root / "seeds"
    annotations = args.annotations or root / "annotations"
    if args.command == "find":
        return _find(seeds, root, args.words)
    settings, rule_problems = settings_from_mkdocs_yml(root / "mkdocs.yml")  # the site's own rule switches
    site = build_site(seeds, annotations, root=root, rule_settings=settings)
    site = dataclasses.replace(site, problems=(*rule_problems, *site.problems))
    if args.command == "stats":
        print(_stats(site))
        return 0
    return _check(site)


def _check(site: Site) -> int:
    for problem in site.problems:
        print(problem)
    if site.left_out:
        print(f"{len(site.left_out)} annotation(s) would be left out: {', '.join(site.left_out)}")
    count = len(site.problems)
    summary = f"{len(site.annotations)} annotations in {len(site.documents)} document(s); "
    print(summary + (f"{count} problem(s)." if count else "no problems."), file=sys.stderr)
    return 1 if count else 0


def _stats(site: Site) -> str:
    lines = []
    for document in site.documents:
        annotations = site.annotations_in(document.slug)
        types = Counter(a.type for a in annotations)
        lines.append(f"{document.slug}: {len(annotations)} annotations")
        lines.extend(f"  {kind}: {types.get(kind, 0)}" for kind in ANNOTATION_TYPES)
    topics = Counter(topic for annotation in site.annotations for topic in annotation.topics)
    lines.append("topics:")
    lines.extend(f"  {topic.id}: {topics.get(topic.id, 0)}" for topic in site.topics)
    lines.append(f"glossary terms: {len(site.terms)}")
    return "\n".join(lines)


def _find(seeds: Path, root: Path, words: str) -> int:
    problems: list[Problem] = []
    found = 0
    needle = normalize_quote(words)
    for document in load_documents(seeds, root, problems):
        index = DocumentIndex(document)
        starts = index.occurrences(needle)
        for start in starts:
            found += 1
            original = index.original(start, start + len(needle))
            number = index.paragraph_at(index.strict.original_range(start, start + len(needle))[0])
            print(f"{document.slug}, paragraph {number}:")
            print(f'  quote: "{original}"')
            if len(starts) > 1:
                before = index.loose[max(0, start - 40) : start].split(" ", 1)[-1].strip()
                print(f'  prefix: "{before}"    # the quote occurs more than once')
    if not found:
        print(f"not found: {shorten(words)}", file=sys.stderr)
    return 0 if found else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
