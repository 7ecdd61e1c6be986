"""Read seeds/ and annotations/ from disk into the model, reporting every file problem.

Loading validates each file against the published JSON Schema and keeps the line of
every entry and field, so later steps (anchoring, cross-reference checks) can point at
the field that is wrong. Nothing is anchored or cross-checked here: that is
`anchoring.py` and `checks.py`. Which files are read at all is `projectfiles.py`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import limits, schema, yamlfile
from .entries import Entry, entry_fields, exemption_fields
from .model import Document, LeftOut, Paragraph, Problem, Source, Term, Topic, Value, slugify
from .projectfiles import display_path, inside, listing, read_text

__all__ = ["Entry", "Loaded", "annotation_files", "display_path", "load", "load_documents", "split_paragraphs"]

#: Fields without which an exemption cannot be placed.
_EXEMPTION_ESSENTIAL = frozenset({"quote", "prefix", "suffix", "reason"})

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_LONE_CR = re.compile(r"\r(?!\n)")
_YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class BrokenFile:
    """A file that could not be read: where, and the line of its first error."""

    file: str
    line: int | None


@dataclass
class Loaded:
    """Everything read from disk in one pass."""

    documents: list[Document] = field(default_factory=list)
    annotations: list[Entry] = field(default_factory=list)
    exemptions: list[Entry] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    #: Every annotation id written in the files, published or not (to tell "left out" from "unknown").
    written_ids: set[str] = field(default_factory=set)
    #: Ids (annotations and topics) that a file would define if it could be read.
    broken_ids: dict[str, BrokenFile] = field(default_factory=dict)
    #: Documents that exist but are not published, and why (e.g. an empty text).
    unusable_documents: dict[str, str] = field(default_factory=dict)


def load(seeds_dir: Path, annotations_dir: Path, root: Path, parsed: dict[str, tuple[bytes, Loaded]] | None = None) -> Loaded:
    """Read every seed document and every YAML file under `annotations_dir`.

    `parsed` (a `Session`'s, under `mkdocs serve`): what each annotation file gave, by its path
    and a hash of its text, so a rebuild parses and validates only the files that changed."""
    loaded = Loaded()
    for folder, name in ((seeds_dir, "seeds"), (annotations_dir, "annotations")):
        if (folder.exists() or folder.is_symlink()) and not inside(folder, root):  # checked before anything below it is listed
            loaded.problems.append(Problem(
                display_path(folder, root), None, f"the {name} folder is outside the project; it was not read.",
                hint="Keep seeds/ and annotations/ inside the project folder.",
            ))
            return loaded
    loaded.documents = load_documents(seeds_dir, root, loaded.problems, loaded.unusable_documents)
    read: set[str] = set()
    for path, shown in annotation_paths(annotations_dir, root, loaded.problems):
        read.add(shown)
        _load_annotation_file(path, shown, loaded, root, parsed)
    if parsed is not None:
        for gone in set(parsed) - read:  # a deleted or renamed file: forget it
            del parsed[gone]
    _cap(loaded.topics, limits.MAX_TOPICS, "topics", loaded.problems)
    _cap(loaded.terms, limits.MAX_TERMS, "glossary terms", loaded.problems)
    _cap_names(loaded.terms, loaded.problems)
    return loaded


def annotation_files(annotations_dir: Path) -> list[Path]:
    """All `*.yml` / `*.yaml` files below the folder (any case), hidden ones skipped, in a stable order."""
    if not annotations_dir.is_dir():
        return []
    return listing(annotations_dir, annotations_dir.parent, _YAML_SUFFIXES, [], recursive=True)


def _cap(items: list[Any], limit: int, what: str, problems: list[Problem]) -> None:
    if len(items) > limit:
        first = items[limit]
        problems.append(Problem(
            first.file, first.line, f"the site has {len(items):,} {what}; the limit is {limit:,}, so this one and those after it were left out.",
            hint="Merge related entries.",
        ))
        del items[limit:]


def _cap_names(terms: list[Term], problems: list[Problem]) -> None:
    """Leave out the terms past `MAX_GLOSSARY_NAMES` terms and aliases (every paragraph is matched against all)."""
    names = 0
    for position, term in enumerate(terms):
        names += 1 + len(term.aliases)
        if names > limits.MAX_GLOSSARY_NAMES:
            total = sum(1 + len(t.aliases) for t in terms)
            problems.append(Problem(
                term.file, term.line,
                f"the glossary has {total:,} terms and aliases; the limit is {limits.MAX_GLOSSARY_NAMES:,}, so this term and those after it were left out.",
                hint="Keep the aliases readers meet in the text.",
            ))
            del terms[position:]
            return


# --- seeds -----------------------------------------------------------------------------------


def load_documents(seeds_dir: Path, root: Path, problems: list[Problem], unusable: dict[str, str] | None = None) -> list[Document]:
    """Every `seeds/<slug>.txt` as a `Document`; its `.yml` sidecar gives title and metadata."""
    documents: list[Document] = []
    if not seeds_dir.is_dir():
        problems.append(Problem(
            display_path(seeds_dir, root), None, "the seeds folder does not exist.",
            hint="Create it and put the report text there as <slug>.txt.",
        ))
        return documents
    files = listing(seeds_dir, root, (".txt", *_YAML_SUFFIXES), problems, recursive=False)
    texts = {path.name[:-4]: path for path in files if path.name.lower().endswith(".txt")}
    sidecars: dict[str, Path] = {}
    for path in files:
        if not path.name.lower().endswith(".txt"):
            stem = path.name.rsplit(".", 1)[0]
            sidecars.setdefault(stem, path)
            if stem not in texts and not (seeds_dir / f"{stem}.txt").is_symlink():  # a refused link is reported once
                problems.append(Problem(
                    display_path(path, root), None, f"metadata for a text that does not exist ({limits.safe_repr(stem)}.txt).",
                    hint="Add the text file or remove this file.",
                ))
    for stem, path in sorted(texts.items()):
        document = _load_document(path, stem, sidecars.get(stem), root, problems, unusable if unusable is not None else {})
        if document is not None:
            documents.append(document)
    documents.sort(key=lambda d: (d.metadata.get("order") if isinstance(d.metadata.get("order"), int) else 0, d.slug))
    return documents


def _load_document(path: Path, slug: str, sidecar: Path | None, root: Path, problems: list[Problem], unusable: dict[str, str]) -> Document | None:
    shown = display_path(path, root)
    if not _valid_slug(slug):
        problems.append(Problem(
            shown, None, f"'{limits.safe_repr(slug)}' cannot be used in a web address.",
            hint=f"Rename the file to {slugify(slug)}.txt (lowercase letters, digits, hyphens).",
        ))
        return None
    text = read_text(path, shown, problems, limit=limits.MAX_SEED_BYTES, root=root)
    if text is None:
        unusable[slug] = f"{shown} cannot be read"
        return None
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        problems.append(Problem(
            shown, line, "the text contains a NUL character (a zero byte), which is not report text.",
            hint="Remove it, or re-export the text as plain UTF-8.",
        ))
        unusable[slug] = f"{shown} contains a NUL character"
        return None
    lone_return = _LONE_CR.search(text)
    if lone_return is not None:  # a browser reads it as a line break: the page would differ from the seed
        line = text.count("\n", 0, lone_return.start()) + 1
        problems.append(Problem(
            shown, line, "the text has a carriage return (\\r) that does not end a line.",
            hint="Save the file with Unix (LF) or Windows (CRLF) line ends.",
        ))
        unusable[slug] = f"{shown} has a stray carriage return"
        return None
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        problems.append(Problem(shown, None, "the text is empty; it was not published.", hint="Paste the report's text, one paragraph per line."))
        unusable[slug] = f"{shown} is empty"
        return None
    metadata = _load_sidecar(path, sidecar, root, problems)
    title = str(metadata.get("title") or slug.replace("-", " ").capitalize())
    return Document(slug=slug, title=title, text=text, paragraphs=paragraphs, source_file=shown, metadata=metadata)


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """One paragraph per non-blank line, numbered from 1, with offsets into `text`."""
    paragraphs: list[Paragraph] = []
    offset = 0
    for line in text.split("\n"):
        content = line.removesuffix("\r")
        if content.strip():
            paragraphs.append(Paragraph.within(text, len(paragraphs) + 1, offset, offset + len(content)))  # no copy of the line
        offset += len(line) + 1
    return tuple(paragraphs)


def _load_sidecar(text_path: Path, sidecar: Path | None, root: Path, problems: list[Problem]) -> dict[str, Any]:
    if sidecar is None:
        if any(text_path.with_suffix(suffix).is_symlink() for suffix in _YAML_SUFFIXES):
            return {}  # a refused link, already reported
        problems.append(Problem(
            display_path(text_path, root), None, "no metadata file beside this text.",
            hint=f"Add {text_path.stem}.yml with at least `title: ...`.",
        ))
        return {}
    shown = display_path(sidecar, root)
    text = read_text(sidecar, shown, problems, limit=limits.MAX_YAML_BYTES, root=root)
    data = None if text is None else _parse(text, shown, problems)
    if data is None:
        return {}
    valid = dict(data) if isinstance(data, dict) else {}
    for error in schema.validate(data, schema.DOCUMENT_FILE):
        problems.append(Problem(shown, yamlfile.line_at(data, error.path), error.message, hint=error.hint))
        if error.path and isinstance(error.path[0], str):
            valid.pop(error.path[0], None)
    if valid.get("licence") and valid.get("license") and valid["licence"] != valid["license"]:
        problems.append(Problem(
            shown, yamlfile.line_at(data, ("license",)), "the text has two licences (`licence` and `license`), which differ.",
            hint="Keep one of the two fields: they are the same field, spelled two ways.",
        ))
    for key in ("year", "order"):  # 2021.0 is a whole number to JSON Schema: keep it one
        if isinstance(valid.get(key), float):
            valid[key] = int(valid[key])
    return valid


# --- annotation files -----------------------------------------------------------------------


def _parse(text: str, shown: str, problems: list[Problem]) -> Any:
    """The file's data, or None after reporting why it cannot be read."""
    try:
        data, duplicates = yamlfile.parse(text)
    except yamlfile.Refused as error:
        problems.append(Problem(shown, error.line, error.message, hint=error.hint))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(
            shown, _error_line(error, text), f"this is not valid YAML: {limits.safe_repr(_reason(error), 120)}.",
            hint=yamlfile.syntax_hint(error),
        ))
        return None
    for duplicate in duplicates:
        problems.append(Problem(
            shown, duplicate.line,
            f"'{limits.safe_repr(duplicate.key)}' appears twice in the same entry (first on line {duplicate.first_line}).",
            hint="Only the second would be kept: merge them into one.",
        ))
    return data


def _error_line(error: yaml.YAMLError, text: str) -> int | None:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    position = getattr(error, "position", None)  # a ReaderError (a character YAML refuses)
    return text.count("\n", 0, position) + 1 if isinstance(position, int) else None


def _reason(error: yaml.YAMLError) -> str:
    reason = getattr(error, "problem", None)
    if reason:
        return str(reason)
    if isinstance(error, yaml.reader.ReaderError):
        return f"the character {error.character!r} is not allowed"
    return str(error).splitlines()[0]


_SECTION = re.compile(r"^([A-Za-z_]+)\s*:")
_ID_LINE = re.compile(r"^[ \t-]*id\s*:\s*['\"]?([a-z0-9][a-z0-9-]*)['\"]?\s*(?:#.*)?$")


def _ids_in_broken_file(text: str) -> list[tuple[str, str, int]]:
    """(section, id, line) of every `id:` line, read without YAML: what the file would define."""
    found: list[tuple[str, str, int]] = []
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        top = _SECTION.match(line)
        if top:
            section = top.group(1)
            continue
        match = _ID_LINE.match(line)
        if match and section in {"annotations", "topics"}:
            found.append((section, match.group(1), number))
    return found


def _load_annotation_file(path: Path, shown: str, loaded: Loaded, root: Path, parsed: dict[str, tuple[bytes, Loaded]] | None) -> None:
    """Read the file once; reuse what it gave last time when its text is unchanged."""
    text = read_text(path, shown, loaded.problems, limit=limits.MAX_YAML_BYTES, root=root)
    if text is None:
        return
    if parsed is None:
        _read_annotation_file(text, shown, loaded)
        return
    key = _text_key(text)
    cached = parsed.get(shown)
    if cached is None or cached[0] != key:
        part = Loaded()
        _read_annotation_file(text, shown, part)
        cached = parsed[shown] = (key, part)
    _merge(loaded, cached[1])


def _text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()


def annotation_paths(annotations_dir: Path, root: Path, problems: list[Problem] | None = None) -> list[tuple[Path, str]]:
    """(path, path as shown) of every file `load` reads under `annotations_dir`, in its order;
    what cannot be listed is said in `problems`."""
    if not annotations_dir.is_dir():
        return []
    return [(path, display_path(path, root)) for path in listing(annotations_dir, root, _YAML_SUFFIXES, [] if problems is None else problems, recursive=True)]


def parse_annotation_file(path: Path, shown: str, root: Path) -> tuple[bytes, Loaded] | None:
    """What one file gives, keyed by a hash of its text as `load`'s `parsed` keeps it, or None
    when it cannot be read (`load` reads it again and says why): for parsing files ahead of
    `load` in another process."""
    text = read_text(path, shown, [], limit=limits.MAX_YAML_BYTES, root=root)
    if text is None:
        return None
    part = Loaded()
    _read_annotation_file(text, shown, part)
    return _text_key(text), part


def _merge(loaded: Loaded, part: Loaded) -> None:
    """Add one file's results, as if it had been read into `loaded` directly."""
    loaded.problems.extend(part.problems)
    loaded.annotations.extend(part.annotations)
    loaded.exemptions.extend(part.exemptions)
    loaded.topics.extend(part.topics)
    loaded.terms.extend(part.terms)
    loaded.left_out.extend(part.left_out)
    loaded.written_ids.update(part.written_ids)
    for found_id, broken in part.broken_ids.items():
        loaded.broken_ids.setdefault(found_id, broken)


def _read_annotation_file(text: str, shown: str, loaded: Loaded) -> None:
    """Parse the file, validate it, then take each section's entries."""
    reported = len(loaded.problems)
    data = _parse(text, shown, loaded.problems)
    if data is None and len(loaded.problems) > reported:
        _remember_broken(text, shown, loaded.problems[reported].line, loaded)
        return
    if data is None or (isinstance(data, dict) and not data):
        loaded.problems.append(Problem(shown, 1, "the file is empty.", hint="Add `document:` and `annotations:`, or delete the file."))
        return
    if not isinstance(data, dict):
        loaded.problems.append(Problem(
            shown, getattr(data, "line", 1), "the file should be a mapping with keys such as `document:` and `annotations:`.",
            hint="See the README for an example.",
        ))
        return
    bad = _validate(data, shown, loaded.problems)
    _take_entries(data, shown, bad, loaded)
    _take_topics_and_terms(data, shown, bad, loaded)


_DOCUMENT_LINE = re.compile(r"^document\s*:\s*['\"]?([a-z0-9][a-z0-9-]*)['\"]?\s*(?:#.*)?$", re.M)


def _remember_broken(text: str, shown: str, line: int | None, loaded: Loaded) -> None:
    """A file that cannot be parsed: remember what it would define, so that references to it are
    not reported one by one and each of its annotations is listed once as not loaded."""
    ids = _ids_in_broken_file(text)
    document_line = _DOCUMENT_LINE.search(text)
    document = document_line.group(1) if document_line else None
    where = f" at line {line}" if line is not None else ""
    reason = f"not loaded: {shown} has a YAML error{where}"
    for section, found_id, id_line in ids:
        loaded.broken_ids.setdefault(found_id, BrokenFile(shown, line))
        if section == "annotations":
            loaded.written_ids.add(found_id)
            loaded.left_out.append(LeftOut(shown, id_line, found_id, document, None, reason, unread=True))
    if not any(section == "annotations" for section, _, _ in ids) and re.search(r"^annotations\s*:", text, re.M):
        loaded.left_out.append(LeftOut(shown, None, None, document, None, reason, unread=True))


def _validate(data: dict[str, Any], shown: str, problems: list[Problem]) -> dict[tuple[str, int], set[str]]:
    """Report every schema error at the line of its field; return the broken fields of each entry."""
    bad_fields: dict[tuple[str, int], set[str]] = {}
    for error in schema.validate(data, schema.ANNOTATION_FILE):
        where = error.path
        entry_id = None
        if len(where) >= 2 and isinstance(where[0], str) and isinstance(where[1], int):
            bad_fields.setdefault((where[0], where[1]), set()).add(error.field or "")
            entry = data[where[0]][where[1]]
            entry_id = limits.safe_repr(entry["id"]) if isinstance(entry, dict) and isinstance(entry.get("id"), str) else None
        problems.append(Problem(shown, yamlfile.line_at(data, where), error.message, id=entry_id, hint=error.hint))
    return bad_fields


def _take_entries(data: dict[str, Any], shown: str, bad: dict[tuple[str, int], set[str]], loaded: Loaded) -> None:
    """Annotations and exemptions that passed the schema; any entry with an error is left out."""
    document = data.get("document") if _valid_slug(data.get("document")) else None
    document_line = yamlfile.line_at(data, ("document",))
    for section, target in (("annotations", loaded.annotations), ("not_statistics", loaded.exemptions)):
        items = data.get(section)
        if not isinstance(items, yamlfile.LocatedList):
            continue
        for index, item in enumerate(items):
            line = items.item_lines[index]
            item_id = item.get("id") if isinstance(item, dict) and _valid_slug(item.get("id")) else None
            if section == "annotations" and item_id is not None:
                loaded.written_ids.add(item_id)
            broken = bad.get((section, index), set())
            if item_id in limits.RESERVED_IDS and isinstance(item, yamlfile.LocatedDict):
                loaded.problems.append(Problem(
                    shown, item.key_lines.get("id", line), f"the id '{item_id}' is reserved: the site's pages use it for their own sections.",
                    id=item_id, hint=f"Choose a more specific id, e.g. '{item_id}-{document or 'note'}'.",
                ))
                broken = broken | {"id"}
            if not isinstance(item, dict) or document is None or (broken and (section == "annotations" or broken & _EXEMPTION_ESSENTIAL or "" in broken)):
                quote = item.get("quote") if isinstance(item, dict) else None
                loaded.left_out.append(LeftOut(
                    shown, line, item_id, document, quote if isinstance(quote, str) else None,
                    f"its entry at {shown}:{line} has an error (reported above)", exemption=section == "not_statistics"))
                continue
            lines = dict(item.key_lines) if isinstance(item, yamlfile.LocatedDict) else {}
            fields = entry_fields(item) if section == "annotations" else exemption_fields(item)
            target.append(Entry(fields, document, shown, line, document_line, lines))


def _take_topics_and_terms(data: dict[str, Any], shown: str, bad: dict[tuple[str, int], set[str]], loaded: Loaded) -> None:
    topics = data.get("topics")
    if isinstance(topics, yamlfile.LocatedList):
        for index, item in enumerate(topics):
            if isinstance(item, dict) and item.get("id") in limits.RESERVED_TOPIC_IDS and not bad.get(("topics", index)):
                loaded.problems.append(Problem(
                    shown, topics.item_lines[index], f"the topic id '{item['id']}' is reserved: topics/{item['id']}/ is the list of all topics.",
                    id=item["id"], hint="Choose another id, e.g. 'index-of-cases'.",
                ))
            elif isinstance(item, dict) and not bad.get(("topics", index)):
                description = str(item.get("description") or "")
                loaded.topics.append(Topic(id=item["id"], title=item["title"], description=description, file=shown, line=topics.item_lines[index]))
    terms = data.get("terms")
    if isinstance(terms, yamlfile.LocatedList):
        too_many: list[tuple[int, str, int]] = []  # (line, term, aliases) of terms past the alias limit
        for index, item in enumerate(terms):
            broken = bad.get(("terms", index), set())
            if isinstance(item, dict) and not broken & {"term", "definition", ""}:
                aliases = tuple(item.get("aliases") or ()) if "aliases" not in broken else ()
                if len(aliases) > limits.MAX_ALIASES_PER_TERM:
                    line = item.key_lines.get("aliases", terms.item_lines[index]) if isinstance(item, yamlfile.LocatedDict) else terms.item_lines[index]
                    too_many.append((line, str(item["term"]), len(aliases)))
                    aliases = aliases[: limits.MAX_ALIASES_PER_TERM]
                loaded.terms.append(Term(
                    term=item["term"], definition=item["definition"],
                    aliases=aliases,
                    see_also=tuple(item.get("see_also") or ()) if "see_also" not in broken else (),
                    file=shown, line=terms.item_lines[index],
                ))
        if too_many:  # one message for the file, at the first such term
            line, term, count = too_many[0]
            others = f" ({len(too_many) - 1:,} more terms in this file have too many too)" if len(too_many) > 1 else ""
            loaded.problems.append(Problem(
                shown, line, f"the term has {count:,} aliases; the limit is {limits.MAX_ALIASES_PER_TERM}, so those after it were left out{others}.",
                id=limits.safe_repr(term), hint="Keep the spellings readers meet in the text; make the others terms of their own.",
            ))


def _valid_slug(value: Any) -> bool:
    return isinstance(value, str) and _SLUG.fullmatch(value) is not None


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
