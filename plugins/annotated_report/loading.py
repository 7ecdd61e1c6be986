"""Read seeds/ and annotations/ from disk into the model, reporting every file problem.

Loading validates each file against the published JSON Schema and keeps the line of
every entry, so later steps (anchoring, cross-reference checks) can point at it too.
Nothing is anchored or cross-checked here: that is `anchoring.py` and `checks.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import schema, yamlfile
from .model import Document, Paragraph, Problem, Source, Term, Topic, Value
from .textnorm import slugify

#: Fields without which an annotation cannot be placed: a schema error in one leaves it out.
ESSENTIAL_FIELDS = frozenset({"id", "type", "quote", "prefix", "suffix"})

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Entry:
    """An annotation or exemption as written in YAML, before it is anchored.

    `fields` holds only values that passed the schema (an invalid optional field is
    dropped after its problem is reported, so the annotation itself still publishes).
    """

    fields: dict[str, Any]
    document: str | None
    file: str
    line: int | None
    document_line: int | None = None  # where the file says `document:`

    @property
    def id(self) -> str | None:
        value = self.fields.get("id")
        return value if isinstance(value, str) else None


@dataclass
class Loaded:
    """Everything read from disk in one pass."""

    documents: list[Document] = field(default_factory=list)
    annotations: list[Entry] = field(default_factory=list)
    exemptions: list[Entry] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    #: Every annotation id written in the files, published or not (to tell "left out" from "unknown").
    written_ids: set[str] = field(default_factory=set)


def display_path(path: Path, root: Path) -> str:
    """A path as editors see it in messages: relative to the project when possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load(seeds_dir: Path, annotations_dir: Path, root: Path) -> Loaded:
    """Read every seed document and every YAML file under `annotations_dir`."""
    loaded = Loaded()
    loaded.documents = load_documents(seeds_dir, root, loaded.problems)
    for path in annotation_files(annotations_dir):
        _load_annotation_file(path, display_path(path, root), loaded)
    return loaded


def annotation_files(annotations_dir: Path) -> list[Path]:
    """All `*.yml` / `*.yaml` files below the folder, hidden ones skipped, in a stable order."""
    if not annotations_dir.is_dir():
        return []
    files = [*annotations_dir.rglob("*.yml"), *annotations_dir.rglob("*.yaml")]
    visible = [p for p in files if not any(part.startswith(".") for part in p.relative_to(annotations_dir).parts)]
    return sorted(visible, key=lambda p: p.relative_to(annotations_dir).as_posix())


# --- seeds -----------------------------------------------------------------------------------


def load_documents(seeds_dir: Path, root: Path, problems: list[Problem]) -> list[Document]:
    """Every `seeds/<slug>.txt` as a `Document`; its `.yml` sidecar gives title and metadata."""
    documents: list[Document] = []
    if not seeds_dir.is_dir():
        problems.append(Problem(display_path(seeds_dir, root), None, "the seeds folder does not exist.", hint="Create it and put the report text there as <slug>.txt."))
        return documents
    for sidecar in sorted(seeds_dir.glob("*.y*ml")):
        if not sidecar.with_suffix(".txt").exists():
            problems.append(Problem(display_path(sidecar, root), None, f"metadata for a text that does not exist ({sidecar.stem}.txt).", hint="Add the text file or remove this file."))
    for path in sorted(seeds_dir.glob("*.txt")):
        document = _load_document(path, root, problems)
        if document is not None:
            documents.append(document)
    documents.sort(key=lambda d: (d.metadata.get("order") if isinstance(d.metadata.get("order"), int) else 0, d.slug))
    return documents


def _load_document(path: Path, root: Path, problems: list[Problem]) -> Document | None:
    shown = display_path(path, root)
    slug = path.stem
    if not _valid_slug(slug):
        problems.append(Problem(shown, None, f"'{slug}' cannot be used in a web address.", hint=f"Rename the file to {slugify(slug)}.txt (lowercase letters, digits, hyphens)."))
        return None
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(shown, None, f"the text is not UTF-8 (byte {error.start}).", hint="Save the file as UTF-8."))
        return None
    metadata = _load_sidecar(path, root, problems)
    title = str(metadata.get("title") or slug.replace("-", " ").capitalize())
    return Document(slug=slug, title=title, text=text, paragraphs=split_paragraphs(text), source_file=shown, metadata=metadata)


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """One paragraph per non-blank line, numbered from 1, with offsets into `text`."""
    paragraphs: list[Paragraph] = []
    offset = 0
    for line in text.split("\n"):
        content = line.removesuffix("\r")
        if content.strip():
            paragraphs.append(Paragraph(number=len(paragraphs) + 1, start=offset, text=content))
        offset += len(line) + 1
    return tuple(paragraphs)


def _load_sidecar(text_path: Path, root: Path, problems: list[Problem]) -> dict[str, Any]:
    for suffix in (".yml", ".yaml"):
        sidecar = text_path.with_suffix(suffix)
        if sidecar.exists():
            break
    else:
        problems.append(Problem(display_path(text_path, root), None, "no metadata file beside this text.", hint=f"Add {text_path.stem}.yml with at least `title: ...`."))
        return {}
    shown = display_path(sidecar, root)
    data = _parse(sidecar, shown, problems)
    if data is None:
        return {}
    valid = dict(data) if isinstance(data, dict) else {}
    for error in schema.validate(data, schema.DOCUMENT_FILE):
        problems.append(Problem(shown, yamlfile.line_at(data, error.path), error.message, hint=error.hint))
        if error.path and isinstance(error.path[0], str):
            valid.pop(error.path[0], None)
    return valid


# --- annotation files -----------------------------------------------------------------------


def _parse(path: Path, shown: str, problems: list[Problem]) -> Any:
    """The file's data, or None after reporting why it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(shown, None, "the file is not UTF-8.", hint="Save it as UTF-8."))
        return None
    try:
        data, duplicates = yamlfile.parse(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        problems.append(Problem(shown, line, f"this is not valid YAML: {reason}.", hint=yamlfile.syntax_hint(error)))
        return None
    for duplicate in duplicates:
        problems.append(Problem(
            shown, duplicate.line,
            f"'{duplicate.key}' appears twice in the same entry (first on line {duplicate.first_line}).",
            hint="Only the second would be kept: merge them into one.",
        ))
    return data


def _load_annotation_file(path: Path, shown: str, loaded: Loaded) -> None:
    reported = len(loaded.problems)
    data = _parse(path, shown, loaded.problems)
    if data is None:
        if len(loaded.problems) > reported and _looks_like_annotations(path):
            loaded.left_out.append(f"every annotation in {shown}")
        return
    if not isinstance(data, dict):
        loaded.problems.append(Problem(shown, getattr(data, "line", 1), "the file should be a mapping with keys such as `document:` and `annotations:`.", hint="See the README for an example."))
        return
    # A broken entry is reported with its own errors; the rest of the file still loads.
    bad_fields: dict[tuple[str, int], set[str]] = {}
    for error in schema.validate(data, schema.ANNOTATION_FILE):
        where = error.path
        entry_id = None
        if len(where) >= 2 and isinstance(where[1], int):
            field_name = str(where[2]) if len(where) >= 3 else ""
            if error.message.startswith("missing required field"):
                field_name = error.message.split("'")[1]
            bad_fields.setdefault((str(where[0]), where[1]), set()).add(field_name)
            entry = data[where[0]][where[1]]
            entry_id = entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else None
        loaded.problems.append(Problem(shown, yamlfile.line_at(data, where), error.message, id=entry_id, hint=error.hint))

    document = data.get("document") if _valid_slug(data.get("document")) else None
    document_line = yamlfile.line_at(data, ("document",))
    for section, target, essential in (
        ("annotations", loaded.annotations, ESSENTIAL_FIELDS),
        ("not_statistics", loaded.exemptions, frozenset({"quote", "prefix", "suffix", "reason"})),
    ):
        items = data.get(section)
        if not isinstance(items, yamlfile.LocatedList):
            continue
        for index, item in enumerate(items):
            line = items.item_lines[index]
            if section == "annotations" and isinstance(item, dict) and isinstance(item.get("id"), str):
                loaded.written_ids.add(item["id"])
            if not isinstance(item, dict):  # the schema has said why
                loaded.left_out.append(f"the entry ({shown}:{line})")
                continue
            broken = bad_fields.get((section, index), set())
            if document is None or broken & essential or "" in broken:
                label = item.get("id") if isinstance(item.get("id"), str) else "the entry"
                loaded.left_out.append(f"{label} ({shown}:{line})")
                continue
            fields = {key: value for key, value in item.items() if key not in broken}
            target.append(Entry(fields, document, shown, line, document_line))

    for index, item in enumerate(data.get("topics") or []):
        if isinstance(item, dict) and not bad_fields.get(("topics", index), set()) & {"id", "title", ""}:
            loaded.topics.append(Topic(id=item["id"], title=item["title"], description=str(item.get("description") or ""), file=shown, line=data["topics"].item_lines[index]))
    for index, item in enumerate(data.get("terms") or []):
        if isinstance(item, dict) and not bad_fields.get(("terms", index), set()) & {"term", "definition", ""}:
            broken = bad_fields.get(("terms", index), set())
            loaded.terms.append(Term(
                term=item["term"], definition=item["definition"],
                aliases=tuple(item.get("aliases") or ()) if "aliases" not in broken else (),
                see_also=tuple(item.get("see_also") or ()) if "see_also" not in broken else (),
                file=shown, line=data["terms"].item_lines[index],
            ))


def _looks_like_annotations(path: Path) -> bool:
    return "annotations:" in path.read_text(encoding="utf-8", errors="replace")


def _valid_slug(value: Any) -> bool:
    return isinstance(value, str) and bool(_SLUG.match(value))


# --- field conversion (used when an entry becomes an Annotation) -----------------------------


def value_of(raw: Any, approximate: bool = False) -> Value | None:
    """A schema-valid `value` field as a `Value`."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, (int, float)):
        return Value(exact=float(raw), approximate=approximate)
    if isinstance(raw, dict):
        return Value(minimum=_number(raw.get("min")), maximum=_number(raw.get("max")), approximate=approximate)
    return None


def _number(raw: Any) -> float | None:
    return float(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None


def sources_of(raw: Any) -> tuple[Source, ...]:
    return tuple(Source(title=str(item["title"]), url=item.get("url")) for item in raw or () if isinstance(item, dict) and "title" in item)
