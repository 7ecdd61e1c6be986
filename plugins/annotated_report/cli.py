"""`annotated-report`: the editors' command-line companion (the same checks as the site build).

    annotated-report check [--format text|json|github] [--fix]
    annotated-report find WORDS...
    annotated-report new --type T --quote "..." [--value V] [--unit U] [--year Y] [--attributed-to WHO] [--file F] [--document D]
    annotated-report stats [--format json] [--timings]
    annotated-report import FILE.jsonld [--write]
    annotated-report pages [--out DIR] [--strict] [--watch] [--interval S]

Run it anywhere inside a project: the project is the nearest folder upwards holding
mkdocs.yml. Exit codes: 0 fine, 1 problems found (or nothing found), 2 usage or project error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import click

from . import analysis, importing, limits, loading, reanchor, sitefiles, stubs
from .anchoring import Anchored, DocumentIndex, anchor, closest_passage, context_words
from .build import build_site
from .model import ANNOTATION_TYPES, Problem, Site
from .project import NotAProject, Project, locate, settings_from_mkdocs_yml
from .rules import RuleSettings, attribution_cue_at
from .session import Session
from .textnorm import normalize_quote, shorten
from .yamlwrite import WriteRefused, check_value


def _version() -> str:
    try:
        return metadata.version("annotated-report")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        return "unknown"


@dataclass
class _State:
    root: Path | None
    seeds: Path | None
    annotations: Path | None

    def project(self) -> Project:
        try:
            project = locate(self.root)
        except NotAProject as error:
            if self.root is None or self.seeds is None:
                raise click.ClickException(str(error)) from error
            project = Project(self.root, self.seeds, self.annotations or self.root / "annotations", None)
        if self.seeds is not None or self.annotations is not None:
            project = Project(project.root, self.seeds or project.seeds, self.annotations or project.annotations, project.config_file)
        return project


def _terminal(text: str) -> str:
    """Text for a terminal: each control character, escape sequence start (ESC, CSI), bidi
    override or zero-width character written as an escape (`\\u001b`), line by line. Inside
    the YAML and JSON we print such an escape means the same character, so a stub stays
    ready to paste."""
    return "\n".join(limits.clean(line) for line in text.split("\n"))


def _json(data: Any) -> str:
    """JSON for a terminal or a tool: like `json.dumps(..., ensure_ascii=False)`, with every
    character that is not printable (C1 controls such as CSI, bidi overrides) as a JSON escape."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "\n".join(line if line.isprintable() else "".join(_json_char(c) for c in line) for line in text.split("\n"))


def _json_char(char: str) -> str:
    if char.isprintable():
        return char
    return json.dumps(char)[1:-1]  # JSON's own escape (a surrogate pair above U+FFFF)


def _echo(message: Any = "", err: bool = False) -> None:
    """`click.echo`, with whatever came from a seed, a file name or an editor's YAML made safe
    for the terminal (a seed could otherwise clear the screen or retitle the window)."""
    click.echo(_terminal(str(message)), err=err)


class _Fail(click.ClickException):
    """A one-line error (exit 2) printed as 'annotated-report: error: …'."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        _echo(f"annotated-report: error: {self.format_message()}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), "--version", prog_name="annotated-report", message="%(prog)s %(version)s")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Project folder (default: the nearest folder upwards with mkdocs.yml).")
@click.option("--seeds", type=click.Path(path_type=Path, file_okay=False), default=None, help="Seeds folder (default: from mkdocs.yml).")
@click.option("--annotations", type=click.Path(path_type=Path, file_okay=False), default=None, help="Annotations folder (default: from mkdocs.yml).")
@click.pass_context
def cli(context: click.Context, root: Path | None, seeds: Path | None, annotations: Path | None) -> None:
    """Check and explore an annotated report: the same checks as the site build, without building it."""
    context.obj = _State(root, seeds, annotations)


def _project(context: click.Context) -> Project:
    try:
        return context.find_object(_State).project()  # type: ignore[union-attr]
    except click.ClickException as error:
        raise _Fail(error.message) from error


def _settings(project: Project) -> RuleSettings:
    """The editorial rules the project's mkdocs.yml switches on (the defaults without one)."""
    return settings_from_mkdocs_yml(project.config_file)[0] if project.config_file else RuleSettings()


def _site(project: Project) -> Site:
    """The checked Site, with the editorial rules switched as the project's mkdocs.yml says."""
    settings, rule_problems = settings_from_mkdocs_yml(project.config_file) if project.config_file else (None, [])
    site = build_site(project.seeds, project.annotations, root=project.root, rule_settings=settings)
    return dataclasses.replace(site, problems=(*rule_problems, *site.problems)) if rule_problems else site


# --- check ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reported:
    problem: Problem
    severity: str  # "error" | "warning"
    kind: str | None = None  # moved / orphaned / changed-figure


def _checked(site: Site) -> tuple[list[_Reported], list[reanchor.Outcome]]:
    """Every problem of the build with its severity, and the re-anchoring outcomes (for --fix)."""
    return [_Reported(p, p.severity, p.kind) for p in site.problems], list(site.reanchored)


def _github_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def _github_line(item: _Reported) -> str:
    problem = item.problem
    parts = [f"file={_github_escape(problem.file, property_value=True)}"]
    if problem.line:
        parts.append(f"line={problem.line}")
    title = f"annotated-report: {problem.id}" if problem.id else "annotated-report"
    parts.append(f"title={_github_escape(title, property_value=True)}")
    message = problem.message + (f" {problem.hint}" if problem.hint else "")
    return f"::{item.severity} {','.join(parts)}::{_github_escape(message)}"


def _fix(project: Project, site: Site, outcomes: list[reanchor.Outcome]) -> list[str]:
    """Rewrite the quotes of moved annotations in their files; return what was done."""
    done: list[str] = []
    documents = {d.slug: d for d in site.documents}
    for outcome in outcomes:
        if outcome.kind != "moved" or outcome.span is None or outcome.new is None:
            continue
        entry = outcome.entry
        index = DocumentIndex(documents[entry.document or ""])
        needle = normalize_quote(outcome.new)
        start = next((s for s in index.occurrences(needle) if index.to_span(s, s + len(needle)) == outcome.span), None)
        context = stubs.unique_context(index, outcome.new, start, start + len(needle)) if start is not None else None
        values: dict[str, str | None] = {"quote": outcome.new}
        # The old prefix/suffix are kept when they still pick the new passage.
        placed = anchor(index, outcome.new, entry.fields.get("prefix"), entry.fields.get("suffix"))
        if not (isinstance(placed, Anchored) and placed.warning is None and placed.span == outcome.span):
            if context is None:
                done.append(f"{entry.file}:{entry.line}: {entry.id}: not fixed: no prefix/suffix picks the new passage; fix it by hand.")
                continue
            values["prefix"] = context.prefix
            values["suffix"] = context.suffix
            values = {k: v for k, v in values.items() if v is not None or entry.fields.get(k) is not None}
        try:
            changed = stubs.set_fields_in_file(project.root / entry.file, entry.file, entry.id or "", values)
        except WriteRefused as error:
            done.append(f"{entry.file}:{entry.line}: {entry.id}: not fixed: {str(error).removeprefix(entry.file + ': ')}")
            continue
        how = "fixed" if changed else "already fixed (its quote is an alias of one fixed above)"
        done.append(f"{entry.file}:{entry.line}: {entry.id}: {how}: quote is now “{limits.clean(shorten(outcome.new, 100))}”.")
    return done


@cli.command()
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text for people, json for tools, github for GitHub Actions annotations (::error file=…,line=…::).")
@click.option("--fix", is_flag=True, help="Rewrite the quotes of moved annotations (after a revised seed) in place.")
@click.pass_context
def check(context: click.Context, output: str, fix: bool) -> None:
    """Report every problem in seeds/ and annotations/ (exit 1 if any).

    When a seed was revised, a quote that is gone is re-anchored: `moved` (a warning; --fix
    rewrites it), `changed-figure` (a number differs: an error) or `orphaned` (an error).
    """
    project = _project(context)
    site = _site(project)
    reported, outcomes = _checked(site)
    if fix and any(o.kind == "moved" for o in outcomes):
        for line in _fix(project, site, outcomes):
            _echo(line, err=True)
        site = _site(project)
        reported, outcomes = _checked(site)
    if output == "json":
        click.echo(_json({
            "problems": [
                {"file": r.problem.file, "line": r.problem.line, "id": r.problem.id, "severity": r.severity, "kind": r.kind,
                 "message": r.problem.message, "hint": r.problem.hint}
                for r in reported
            ],
            "left_out": [str(entry) for entry in site.left_out],
            "annotations": len(site.annotations),
            "documents": len(site.documents),
        }))
    elif output == "github":
        for item in reported:
            _echo(_github_line(item))
    else:
        for item in reported:
            _echo(str(item.problem))
        if site.left_out:
            _echo(f"{len(site.left_out)} annotation(s) would be left out: {', '.join(analysis.left_out_labels(site.left_out))}")
    count = len(reported)
    moved = sum(item.kind == "moved" for item in reported)
    summary = f"{len(site.annotations)} annotations in {len(site.documents)} document(s); "
    summary += f"{count} problem(s)." if count else "no problems."
    if moved and not fix:
        summary += f" {moved} moved quote(s) can be rewritten with `annotated-report check --fix`."
    _echo(summary, err=True)
    context.exit(1 if count else 0)


# --- find ----------------------------------------------------------------------------------


def _needles(words: str) -> list[str]:
    """The normalized search text, and variants for `--` typed for a dash."""
    needle = normalize_quote(words)
    variants = [needle]
    if "--" in needle:
        variants += [needle.replace(" -- ", "-").replace("--", "-"), needle.replace("--", "-")]
    return list(dict.fromkeys(v for v in variants if v))


def _closest(indexes: list[DocumentIndex], needle: str) -> list[tuple[str, tuple[int, str, float]]] | None:
    """The documents' closest passages to `needle`, best first; None when the needle is too
    long for the fuzzy search (its cost grows with the needle times the text)."""
    if len(needle) > limits.MAX_CLOSEST_CHARS:
        return None
    closest = [(index.document.slug, closest_passage(index, needle)) for index in indexes]
    return sorted(((slug, found) for slug, found in closest if found is not None), key=lambda item: -item[1][2])


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("words", nargs=-1, required=True)
@click.option("--type", "kind", type=click.Choice(ANNOTATION_TYPES), default=None,
              help="Type written in the stub (default: claim, or allegation where the text gives the passage to others).")
@click.pass_context
def find(context: click.Context, words: tuple[str, ...], kind: str | None) -> None:
    """Find WORDS in the documents and print a ready-to-paste YAML stub for each match.

    Quotes are optional (find convicted 38 traffickers). Plain ' " - ... stand for curly
    quotes, dashes and ellipses; use `--` before words that start with a dash, and `--`
    inside the words for a dash (find -- a -- b). Fields the editorial rules require
    (a statistic's unit, who makes an allegation) are written empty, with what to put.
    """
    text = " ".join(words)
    if len(text) > limits.MAX_FIND_CHARS:
        raise _Fail(f"the words to find are {len(text):,} characters; a quote is at most {limits.MAX_FIND_CHARS:,}. Look for a shorter passage.")
    _refuse_controls("the words to find", text)
    if not normalize_quote(text):
        raise _Fail("find needs the words to look for, e.g. annotated-report find convicted 38 traffickers")
    project = _project(context)
    site = _site(project)
    settings = _settings(project)
    taken = set(loading.load(project.seeds, project.annotations, project.root).written_ids) | set(site.annotations_by_id)
    matches: list[tuple[DocumentIndex, str, int]] = []
    indexes = [DocumentIndex(document) for document in site.documents]
    seen: set[tuple[str, int, int]] = set()
    for needle in _needles(text):  # "--" may stand for a dash with or without spaces around it
        for index in indexes:
            for start in index.occurrences(needle):
                if (index.document.slug, start, len(needle)) not in seen:
                    seen.add((index.document.slug, start, len(needle)))
                    matches.append((index, needle, start))
    matches.sort(key=lambda match: ([i.document.slug for i in indexes].index(match[0].document.slug), match[2]))
    if not matches:
        _echo(f"not found: {shorten(text)}", err=True)
        ranked = _closest(indexes, _needles(text)[-1])
        if ranked is None:
            _echo(f"  (the words are too long to look for a close passage: over {limits.MAX_CLOSEST_CHARS:,} characters)", err=True)
        for slug, (paragraph, passage, score) in (ranked or [])[:3]:
            _echo(f"  closest in {slug}, paragraph {paragraph} ({score:.0f}% similar): “{passage}”", err=True)
        if ranked == []:
            _echo("  no passage is close to these words.", err=True)
        context.exit(1)
    if len(matches) > 1:
        _echo(f"The words occur {len(matches)} times. Each match below shows its context, the quote in [brackets];"
                   " its stub has the shortest prefix or suffix that picks it.\n")
    new_ids: set[str] = set()
    for index, needle, start in matches:
        end = start + len(needle)
        span = index.to_span(start, end)
        original = index.document.text[span.start : span.end]
        _echo(f"{index.document.slug}, paragraph {span.paragraph}:")
        _echo(f"  context: “{context_words(index, start, end)}”")
        covering = [a.id for a in site.annotations_in(index.document.slug) if a.span.start < span.end and span.start < a.span.end]
        _echo(f"  already annotated by: {', '.join(covering)}" if covering else "  not annotated yet")
        unique = stubs.unique_context(index, original, start, end)
        annotation_id = stubs.fresh_id(original, taken | new_ids)
        new_ids.add(annotation_id)
        if unique is None:
            _echo("  (no prefix or suffix of up to 12 words picks this occurrence; quote more words)")
            unique = stubs.Context()
        cue = attribution_cue_at(index.document, span)
        stub_kind = kind or ("allegation" if cue and settings.attribution_cues else "claim")
        if cue and stub_kind == "allegation" and kind is None:
            _echo(f"  the text gives this passage to others (“{cue}”): the stub is an allegation; say who makes it.")
        placeholders = stubs.rule_placeholders(stub_kind, settings, cue)
        stub = stubs.entry_text(stubs.stub_fields(annotation_id, stub_kind, original, unique, placeholders=placeholders), dash_column=4)
        _echo("  stub (under annotations: in a file with document: " + index.document.slug + "):")
        _echo(stub.rstrip("\n"))
        _echo("")


# --- new -----------------------------------------------------------------------------------


def _default_file(project: Project, site: Site, document: str, paragraph: int) -> Path:
    """The file already holding this paragraph's annotations, else the document's first file."""
    files = Counter(a.file for a in site.annotations if a.document == document and a.span.paragraph == paragraph)
    if files:
        return project.root / files.most_common(1)[0][0]
    same_document = sorted({a.file for a in site.annotations if a.document == document})
    if same_document:
        return project.root / same_document[0]
    return project.annotations / f"{document}.yml"


@cli.command()
@click.option("--type", "kind", type=click.Choice(ANNOTATION_TYPES), required=True, help="claim, statistic, caveat or allegation.")
@click.option("--quote", required=True, help="The report's words (plain quotes and hyphens are fine).")
@click.option("--file", "file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="YAML file to append to (default: the file holding the paragraph's annotations).")
@click.option("--document", default=None, help="Document slug (needed only when the words are in several documents).")
@click.option("--value", "value_text", default=None, help="A statistic's value: a number (38) or a range (7-15). Default: the number in the quote.")
@click.option("--unit", default=None, help='What a statistic counts, e.g. "traffickers convicted".')
@click.option("--year", type=click.IntRange(1900, 2200), default=None, help="The year a statistic refers to.")
@click.option("--attributed-to", "attributed_to", default=None, help='Who makes an allegation (or a claim the text gives to others), e.g. "NGOs".')
@click.pass_context
def new(context: click.Context, kind: str, quote: str, file: Path | None, document: str | None,
        value_text: str | None, unit: str | None, year: int | None, attributed_to: str | None) -> None:
    """Append a well-formed annotation for QUOTE, with a fresh id; the file's comments and layout are kept.

    A field the editorial rules require and not given here (a statistic's --unit, an
    allegation's --attributed-to) is written empty with a comment saying what to put, and
    a reminder names its line: `check` fails at that line until it is filled in.
    """
    for option, given_value in (("--quote", quote), ("--unit", unit), ("--attributed-to", attributed_to), ("--document", document)):
        _refuse_controls(option, given_value)
    if not normalize_quote(quote):
        raise _Fail("--quote is empty: give the report's words.")
    given: dict[str, Any] = {"unit": _given_text("--unit", unit), "attributed_to": _given_text("--attributed-to", attributed_to)}
    if value_text is not None:
        try:
            given["value"] = stubs.parse_value(value_text)
        except ValueError as error:
            raise _Fail(f"--value: {error}") from error
    given["year"] = year
    statistic_only = [name for name, v in (("--value", value_text), ("--unit", unit), ("--year", year)) if v is not None]
    if statistic_only and kind != "statistic":
        raise _Fail(f"{', '.join(statistic_only)} only appl{'ies' if len(statistic_only) == 1 else 'y'} to statistics, and this is a {kind}.")
    project = _project(context)
    site = _site(project)
    needle = normalize_quote(quote)
    indexes = [DocumentIndex(d) for d in site.documents if document is None or d.slug == document]
    if document is not None and not indexes:
        raise _Fail(f"no document '{document}' in {project.seeds}.")
    if len(quote) > limits.MAX_TEXT_CHARS:
        raise _Fail(f"--quote is {len(quote):,} characters; a quote is at most {limits.MAX_TEXT_CHARS:,}.")
    hits = [(index, start) for index in indexes for start in index.occurrences(needle)]
    if not hits:
        ranked = _closest(indexes, needle) or []
        hint = f" Closest: {ranked[0][0]}, paragraph {ranked[0][1][0]}: “{ranked[0][1][1]}”." if ranked else ""
        raise click.ClickException(f"the quote is not in any document.{hint}")
    slugs = sorted({index.document.slug for index, _ in hits})
    if len(slugs) > 1:
        raise _Fail(f"the quote is in several documents ({', '.join(slugs)}); choose one with --document.")
    index, start = hits[0]
    end = start + len(needle)
    original = index.original(start, end)
    unique = stubs.unique_context(index, original, start, end) or stubs.Context()
    if len(hits) > 1:
        _echo(f"note: the quote occurs {len(hits)} times; the first one was chosen (add prefix/suffix to pick another).", err=True)
    span = index.to_span(start, end)
    taken = loading.load(project.seeds, project.annotations, project.root).written_ids
    annotation_id = stubs.fresh_id(original, taken)
    placeholders = stubs.rule_placeholders(kind, _settings(project), attribution_cue_at(index.document, span))
    fields = stubs.stub_fields(annotation_id, kind, original, unique, given=given, placeholders=placeholders)
    path = file if file is not None else _default_file(project, site, index.document.slug, span.paragraph)
    path = path if path.is_absolute() else (Path.cwd() / path)
    shown = loading.display_path(path, project.root)
    if not path.resolve().is_relative_to(project.annotations.resolve()) or path.suffix.lower() not in (".yml", ".yaml"):
        raise _Fail(f"--file {shown}: an annotation file is a .yml file inside {loading.display_path(project.annotations, project.root)}/;"
                    " `new` writes nowhere else.")
    try:
        text = stubs.append_to_file(path, shown, index.document.slug, [fields])
    except WriteRefused as error:
        raise click.ClickException(str(error)) from None
    _echo(f"added {annotation_id} ({kind}, paragraph {span.paragraph}) to {shown}:")
    _echo(stubs.entry_text(fields).rstrip("\n"))
    empty = stubs.placeholder_lines(text, annotation_id)
    todo = [f"{name} (line {line})" for name, line in empty.items()]
    if kind == "statistic" and "value" not in fields:
        todo.insert(0, "value (no number in the quote: add `value:` or use --value)")
    if todo:
        where = ", ".join(todo)
        _echo(f"to do: fill in {where} in {shown}; the editorial rules require it and `annotated-report check` fails until then.", err=True)


def _refuse_controls(option: str, value: str | None) -> None:
    """A value with a control character (or bytes that are not UTF-8) is refused before
    anything is read: it could not be written into an annotation file."""
    if value is not None:
        try:
            check_value(option, value)
        except WriteRefused as error:
            raise _Fail(str(error)) from None


def _given_text(option: str, value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise _Fail(f"{option} is empty: leave it out to get a placeholder to fill in later.")
    return value.strip() if value is not None else None


# --- stats ---------------------------------------------------------------------------------


def _unannotated_numbers(site: Site) -> list[dict[str, Any]]:
    """Numbers (not years, days or times) neither inside a statistic whose value matches them nor exempted.

    The tokens come in text order, so one sweep finds each one's paragraph (a long text
    costs its length, not numbers x paragraphs)."""
    found = []
    for document in site.documents:
        paragraphs = document.paragraphs
        next_paragraph = 0
        for token in analysis.uncovered_tokens(site, document):
            while next_paragraph < len(paragraphs) and paragraphs[next_paragraph].end <= token.start:
                next_paragraph += 1
            paragraph = paragraphs[next_paragraph] if next_paragraph < len(paragraphs) and paragraphs[next_paragraph].start <= token.start else None
            found.append({
                "document": document.slug, "paragraph": paragraph.number if paragraph else None, "number": token.text,
                "context": shorten(document.text[max(0, token.start - 40) : token.end + 40].split(" ", 1)[-1], 100),
            })
    return found


def _stats_data(site: Site) -> dict[str, Any]:
    topics = Counter(topic for annotation in site.annotations for topic in annotation.topics)
    return {
        "documents": [
            {"document": d.slug, "status": d.status, "annotations": len(site.annotations_in(d.slug)),
             "types": {kind: sum(a.type == kind for a in site.annotations_in(d.slug)) for kind in ANNOTATION_TYPES},
             "numbers": {"found": (c := analysis.coverage(site, d)).numbers, "annotated": c.covered, "percent": c.percent}}
            for d in site.documents
        ],
        "topics": {topic.id: topics.get(topic.id, 0) for topic in site.topics},
        "glossary_terms": len(site.terms),
        "without_topics": [a.id for a in site.in_reading_order() if not a.topics],
        "without_notes": [a.id for a in site.in_reading_order() if not a.note.strip()],
        "unannotated_numbers": _unannotated_numbers(site),
        "problems": len(site.problems),
    }


def _stats_text(data: dict[str, Any]) -> str:
    lines = []
    for document in data["documents"]:
        counted = document["numbers"]
        lines.append(f"{document['document']} ({document['status']}): {document['annotations']} annotations; "
                     f"numbers annotated: {counted['annotated']} of {counted['found']} ({counted['percent']}%)")
        lines.extend(f"  {kind}: {count}" for kind, count in document["types"].items())
    lines.append("topics:")
    lines.extend(f"  {topic}: {count}" for topic, count in data["topics"].items())
    lines.append(f"glossary terms: {data['glossary_terms']}")
    limit = limits.MAX_STATS_LINES
    for key, label in (("without_topics", "annotations without topics"), ("without_notes", "annotations without a note")):
        ids = data[key]
        more = f", and {len(ids) - limit:,} more" if len(ids) > limit else ""
        lines.append(f"{label}: {len(ids)}" + (f" ({', '.join(ids[:limit])}{more})" if ids else ""))
    numbers_found = data["unannotated_numbers"]
    lines.append(f"unannotated numbers: {len(numbers_found)}")
    lines.extend(f"  {n['document']}, paragraph {n['paragraph']}: {n['number']} — “{n['context']}”" for n in numbers_found[:limit])
    if len(numbers_found) > limit:
        lines.append(f"  … and {len(numbers_found) - limit:,} more (the first {limit} are shown; `stats --format json` lists them all).")
    return "\n".join(lines)


def _timings(project: Project) -> list[tuple[str, float]]:
    """Milliseconds per core phase: load, anchor and check, render of each generated page."""
    from .pages import PageContext, generated_pages  # rendering is only needed here
    from .urls import SiteUrls

    phases: list[tuple[str, float]] = []
    began = time.perf_counter()
    loading.load(project.seeds, project.annotations, project.root)
    loaded_at = time.perf_counter()
    phases.append(("load (read, parse, validate)", (loaded_at - began) * 1000))
    site = build_site(project.seeds, project.annotations, root=project.root)
    built_at = time.perf_counter()
    phases.append(("anchor and check (build_site minus load)", max(0.0, (built_at - loaded_at) - (loaded_at - began)) * 1000))
    pages = generated_pages(PageContext.of(site, SiteUrls()))
    phases.append(("plan pages (generated_pages)", (time.perf_counter() - built_at) * 1000))
    for page in pages:
        start = time.perf_counter()
        page.render()
        phases.append((f"render {page.page}", (time.perf_counter() - start) * 1000))
    return phases


@cli.command()
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--timings", is_flag=True, help="Time each core phase (load, anchor/check, render of each page).")
@click.pass_context
def stats(context: click.Context, output: str, timings: bool) -> None:
    """Count annotations per document, type and topic; list unannotated numbers and missing topics or notes."""
    project = _project(context)
    if timings:
        phases = _timings(project)
        total = sum(ms for _, ms in phases) or 1.0
        if output == "json":
            _echo(json.dumps({"phases": [{"phase": n, "ms": round(ms, 3), "share": round(ms / total, 4)} for n, ms in phases],
                                   "total_ms": round(total, 3)}, indent=2))
        else:
            for name, ms in phases:
                _echo(f"{ms:9.1f} ms  {ms / total:6.1%}  {name}")
            _echo(f"{total:9.1f} ms  100.0%  total")
        return
    data = _stats_data(_site(project))
    if output == "json":
        click.echo(_json(data))
    else:
        _echo(_stats_text(data))


# --- pages ---------------------------------------------------------------------------------


@cli.command()
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path(sitefiles.DEFAULT_OUT), show_default=True,
              help="The build folder (inside the project; the command owns it: files it did not plan there are deleted).")
@click.option("--strict", is_flag=True, help="Exit 1 on any problem with the annotations (as `mkdocs build --strict`).")
@click.option("--watch", is_flag=True, help="Keep the files up to date while seeds/, annotations/, docs/ or mkdocs.yml change (Ctrl+C stops).")
@click.option("--interval", type=click.FloatRange(0.05, 60), default=0.5, show_default=True, help="Seconds between two looks for changes (--watch).")
@click.pass_context
def pages(context: click.Context, out: Path, strict: bool, watch: bool, interval: float) -> None:
    """Write the site as files for any generator: `zensical build -f zensical.yml` then publishes it.

    The editors' docs/ (copied, never changed), the generated pages as Markdown with an HTML
    body, the assets and the exports go into the build folder; zensical.yml (generated) at the
    project root inherits mkdocs.yml and points at it.
    """
    project = _project(context)
    if not watch:
        result = _pages_run(project, out, Session())
        context.exit(2 if result is None else 1 if strict and result.blocking else 0)
    try:
        _watch(project, out, Session(keep=True), interval)
    except KeyboardInterrupt:
        _echo("annotated-report pages: stopped watching.", err=True)


def _pages_run(project: Project, out: Path, session: Session, *, touch_config: bool = False) -> sitefiles.Result | None:
    """One run, told as `check` tells problems, then a one-line summary; None when it could not run."""
    try:
        config = sitefiles.read_generator_config(project)
        result = sitefiles.run(config, out, session, touch_config=touch_config)
    except (sitefiles.SiteFilesError, NotAProject) as error:
        _echo(f"annotated-report: error: {error}", err=True)
        return None
    except OSError as error:  # the build folder or the derived config could not be written
        _echo(f"annotated-report: error: cannot write {error.filename or 'the files'}: {error.strerror or error}.", err=True)
        return None
    for message, _ in result.messages:
        _echo(message)
    for notice in result.notices:
        _echo(notice, err=True)
    written = result.written
    shown = result.folder.relative_to(project.root.resolve()).as_posix()
    problems = result.blocking
    _echo(f"{result.pages} generated page(s) and {written.files} file(s) in {shown}: {len(written.changed)} written, "
               f"{len(written.deleted)} deleted; {sitefiles.CONFIG_NAME} {'written' if result.config_changed else 'unchanged'}; "
               + (f"{problems} problem(s)." if problems else "no problems."), err=True)
    return result


def _watch(project: Project, out: Path, session: Session, interval: float) -> None:
    """Poll the inputs (sizes and modification times: cheap), and run again through the same
    session when one changed; a changed mkdocs.yml also touches the derived configuration,
    which `zensical serve` watches (it does not watch the file it inherits)."""
    watched = _watched(project)
    before = _snapshot(watched)  # before the first run: an edit made during it is seen
    _pages_run(project, out, session)
    _echo(f"annotated-report pages: watching {project.root} (Ctrl+C stops).", err=True)
    while True:
        time.sleep(interval)
        now = _snapshot(watched)
        if now == before:
            continue
        config_changed = project.config_file is not None and now.get(project.config_file) != before.get(project.config_file)
        if config_changed:  # docs_dir may have moved
            watched = _watched(project)
            now = _snapshot(watched)
        before = now
        _pages_run(project, out, session, touch_config=config_changed)


def _watched(project: Project) -> list[Path]:
    """The folders and files the site is made from: seeds, annotations, the editors' docs, mkdocs.yml."""
    docs = project.root / "docs"
    if project.config_file is None:
        return [project.seeds, project.annotations, docs]
    with contextlib.suppress(sitefiles.SiteFilesError, NotAProject):  # the run says what is wrong; meanwhile docs/ is watched
        docs = sitefiles.read_generator_config(project).docs_dir
    return [project.seeds, project.annotations, docs, project.config_file]


def _snapshot(watched: list[Path]) -> dict[Path, tuple[int, int]]:
    """(size, modification time) of every file and folder watched."""
    found: dict[Path, tuple[int, int]] = {}
    for folder in watched:
        for path in (folder.rglob("*") if folder.is_dir() else [folder]):
            try:
                stat = path.stat()
            except OSError:
                continue
            found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


# --- import --------------------------------------------------------------------------------


@cli.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--write", is_flag=True,
              help="Append the annotations to the files they came from (our own export names them), else to "
                   "annotations/imported/<document>.yml, instead of printing them. Existing files keep every byte.")
@click.pass_context
def import_(context: click.Context, file: Path, write: bool) -> None:
    """Import annotations from a W3C Web Annotation file (JSON-LD), e.g. an export of this site.

    Ids are kept when the file is this kind of site's export, and replaced (and reported)
    only where they are taken."""
    project = _project(context)
    code = importing.run(file, project.root, sys.stdout, seeds_dir=project.seeds, annotations_dir=project.annotations, write=write)
    context.exit(int(code))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run the command and return its exit code (for tests and `python -m`)."""
    args = list(argv) if argv is not None else sys.argv[1:]
    size = sum(len(arg) + 1 for arg in args)
    if size > limits.MAX_COMMAND_LINE_CHARS:
        _echo(f"annotated-report: error: the command line is {size:,} characters; the limit is {limits.MAX_COMMAND_LINE_CHARS:,}"
              f" (a quote is at most {limits.MAX_TEXT_CHARS:,}).", err=True)
        return 2
    try:
        result = cli.main(args=args, prog_name="annotated-report", standalone_mode=False)
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.ClickException as error:
        if type(error) is click.ClickException:  # our own one-line refusals (a file's name, a value): escaped
            _echo(f"Error: {error.format_message()}", err=True)
        else:
            error.show()
        return int(error.exit_code)
    except click.exceptions.Abort:
        _echo("aborted.", err=True)
        return 1
    return int(result) if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
