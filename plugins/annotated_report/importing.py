"""W3C annotations from another tool (e.g. a Hypothesis export) → YAML stubs for review.

    annotated-report import [--write] FILE.jsonld        (or: python -m annotated_report.importing FILE)

Each annotation's TextQuoteSelector is re-found in our documents with the same
normalization as the build (`anchoring.anchor`): in the document its target's source names
when that is one of our report pages or texts, else in every document. Prefix and suffix
choose among repeats and are written into the stub only when the quote alone is ambiguous.
The type comes from the tags (claim, statistic, caveat, allegation or a synonym); the note
from the commenting body, as plain Markdown-ish text (HTML is sanitized first). Ids are
made from the quote (`stubs.fresh_id`, the one id generator), except that our own export's
ids (`…/annotations.jsonld#<id>`) are kept unless taken or reserved (then a fresh one is
reported). What our own export carries beyond the W3C model (its `report:` properties, see
`exports.REPORT_TERMS`: value, unit, year, attributed_to, topic ids, parts, the note's
Markdown, sources, the file, and the collection's not_statistics) comes back as those
fields, and `linking` bodies that point at another annotation of the same file become
`related`, so a site's export imports back as the annotations it was made from.
Another tool's tags that name one of the project's topics (by id or title) become
`topics`. Whatever cannot be placed is listed, with the file, the item's index and why, as
comments in the output and on stderr: nothing is dropped silently.

Output is one annotation file per document (several are separated by `---` lines, each
headed by the path to save it as); `annotated-report check` accepts it once saved. With
`--write` (`write_files`) the entries are appended to the files they came from, or to
`imported/<document>.yml`, through the round-trip writer (`yamlwrite`).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

import nh3

from . import limits, loading
from .anchoring import Anchored, DocumentIndex, Failure, anchor
from .exports import REPORT_PREFIX
from .model import Document, Span, Topic, slugify
from .numbers import numbers_in
from .render.markdown_safe import sanitize
from .stubs import NewEntry, append_to_file, entries_text, fresh_id
from .textnorm import normalize_quote
from .yamlwrite import WriteRefused, plain_id, refused_character

#: Limits on hostile or mistaken input: a larger file or list is refused with a message.
MAX_FILE_BYTES = 20_000_000
MAX_ITEMS = 10_000
MAX_QUOTE_CHARS = 5_000
MAX_CONTEXT_CHARS = 500
MAX_NOTE_CHARS = 20_000
MAX_DEPTH = 40
#: Shorter contexts tried when another tool's prefix/suffix does not match our paragraph.
MAX_RETRIES = 24
#: Items whose misses get the build's "closest passage" hint (a fuzzy search, costly on long quotes).
MAX_HINTS = 25

#: Tag (lowercased) → our type. Tags name a type in many ways across tools and newsrooms.
TYPE_SYNONYMS: dict[str, str] = {
    **{name: "claim" for name in ("claim", "claims", "assertion", "statement", "fact", "finding", "judgement", "judgment")},
    **{name: "statistic" for name in ("statistic", "statistics", "stat", "stats", "figure", "figures", "number", "numbers", "data", "datum")},
    **{name: "caveat" for name in ("caveat", "caveats", "limitation", "limitations", "hedge", "uncertainty", "qualification", "data-gap")},
    **{name: "allegation" for name in ("allegation", "allegations", "alleged", "accusation", "accusations", "reported-by-others")},
}
#: What an annotation id looks like (the schema's pattern).
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Stub:
    """One annotation ready to review."""

    id: str
    type: str
    type_guessed: bool
    document: str
    quote: str
    prefix: str | None
    suffix: str | None
    note: str
    value: float | None
    origin: str
    minimum: float | None = None
    maximum: float | None = None
    approximate: bool = False
    unit: str = ""
    year: int | None = None
    series: str = ""
    attributed_to: str = ""
    topics: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    blocks_comparison: bool = False
    #: (title, url or None) of each source.
    sources: tuple[tuple[str, str | None], ...] = ()
    #: The file under the annotations folder the item says it came from ("" when none or unsafe).
    file: str = ""
    #: Things the editor should know about this stub (written as comments above it).
    remarks: tuple[str, ...] = ()
    #: The id is the one our own export gave it (so no comment says where it came from).
    id_kept: bool = False


@dataclass(frozen=True)
class ImportedExemption:
    """A `not_statistics` entry of our own export, placed in one of our documents."""

    document: str
    quote: str
    prefix: str | None
    suffix: str | None
    reason: str
    file: str = ""


@dataclass
class Imported:
    stubs: list[Stub] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)  # "file item N: why"
    exemptions: list[ImportedExemption] = field(default_factory=list)
    #: Ids that were taken and replaced by fresh ones: "file item N: id 'x' is taken; imported as 'x-2'".
    renamed: list[str] = field(default_factory=list)


def run(file: Path, root: Path, out: TextIO, *, seeds_dir: Path | None = None, annotations_dir: Path | None = None,
        write: bool = False) -> int:
    """Write stubs for `file` to `out` (or, with `write`, into the annotation files); 0 when
    everything was placed, 1 when some were not (or a file could not be written), 2 when the
    file is unusable."""
    seeds_dir = seeds_dir or root / "seeds"
    annotations_dir = annotations_dir or root / "annotations"
    shown = limits.clean(str(file))
    data, error = _read(file)
    if error is not None:
        print(f"{shown}: {error}", file=sys.stderr)
        return 2
    loaded = loading.load(seeds_dir, annotations_dir, root)
    documents = loaded.documents
    if not documents:
        print(f"{shown}: no documents to import into ({seeds_dir} has no texts).", file=sys.stderr)
        return 2
    taken = set(loaded.written_ids) | {entry.id for entry in loaded.annotations if entry.id}
    result = import_annotations(data, documents, taken, shown, topics=loaded.topics)
    failed: list[str] = []
    if write:
        written, failed = write_files(result, root, annotations_dir)
        for line in written + failed:
            print(line, file=sys.stderr)
    else:
        out.write(to_yaml(result))
    placed, missed = len(result.stubs), len(result.reports)
    for report in result.renamed + result.reports:
        print(limits.clean(report), file=sys.stderr)
    print(f"{shown}: {placed} annotation(s) {'imported' if write else 'to review'}, {missed} not imported"
          + (f", {len(result.renamed)} given a fresh id" if result.renamed else "") + ".", file=sys.stderr)
    return 1 if missed or failed else 0


def _read(file: Path) -> tuple[Any, str | None]:
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}."
        text = file.read_bytes().decode("utf-8-sig")
    except OSError as error:
        return None, f"cannot read the file ({error.strerror or error})."
    except UnicodeDecodeError as error:
        return None, f"the file is not UTF-8 (byte {error.start})."
    try:
        data = json.loads(text, parse_int=_integer, parse_constant=_not_a_number)
    except json.JSONDecodeError as error:
        return None, f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}."
    except RecursionError:
        return None, "the JSON is nested too deeply."
    except ValueError as error:  # pragma: no cover - the hooks above refuse what json would
        return None, f"not usable JSON: {limits.clean(str(error))[:200]}."
    if _depth(data) > MAX_DEPTH:
        return None, f"the JSON is nested more than {MAX_DEPTH} levels deep."
    return data, None


def _integer(text: str) -> int | str:
    """A JSON integer; one longer than any figure (Python refuses 4,300+ digits) stays text,
    which no field reads as a number."""
    return int(text) if len(text) <= limits.MAX_INTEGER_DIGITS + 1 else text


def _not_a_number(text: str) -> str:
    """NaN and Infinity are not JSON; kept as text, which no field reads as a number."""
    return text


def _depth(value: Any) -> int:
    """Nesting depth, without recursion (hostile input may nest thousands of levels)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            return level
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((child, level + 1) for child in children)
    return deepest


def annotation_items(data: Any) -> tuple[list[Any], str | None]:
    """The annotations in a list, an AnnotationCollection (`first.items`), an AnnotationPage,
    a Hypothesis API result (`rows`) or a single annotation."""
    if isinstance(data, list):
        items = data
    elif isinstance(data, dict):
        kind = data.get("type")
        first = data.get("first")
        if isinstance(first, dict) and isinstance(first.get("items"), list):
            items = list(first["items"])
            following = first.get("next")
            if following:
                return items, "the collection has more pages than this file holds (`next`); only the first was read."
        elif isinstance(first, str):
            return [], "the collection's first page is a link, not included in the file; export the annotations themselves."
        elif isinstance(data.get("items"), list):
            items = data["items"]
        elif isinstance(data.get("rows"), list):
            items = data["rows"]
        elif kind == "Annotation" or "target" in data:
            items = [data]
        else:
            return [], "no annotations found: expected a list, an AnnotationCollection or an Annotation."
    else:
        return [], "no annotations found: expected a list, an AnnotationCollection or an Annotation."
    if len(items) > MAX_ITEMS:
        return items[:MAX_ITEMS], f"{len(items)} annotations; only the first {MAX_ITEMS} were read (the limit)."
    return items, None


def import_annotations(data: Any, documents: list[Document], taken: set[str], shown: str, *, topics: Sequence[Topic] = ()) -> Imported:
    """Place every annotation in `data`, or say why not."""
    result = Imported()
    items, note = annotation_items(data)
    if note:
        result.reports.append(f"{shown}: {note}")
    indexes = {document.slug: DocumentIndex(document) for document in documents}
    used = set(taken)
    placed_items: list[dict[str, Any]] = []
    for number, item in enumerate(items):
        where = f"{shown} item {number}"
        placed = _place_item(item, indexes, where, hints=number < MAX_HINTS)
        if isinstance(placed, str):
            result.reports.append(f"{where}: {placed}")
            continue
        stub = _stub(item, placed, used, where, topics)
        kept = _own_id(item)
        if kept is not None and kept != stub.id:
            result.renamed.append(f"{where}: the id '{kept}' is {'reserved' if kept in limits.RESERVED_IDS else 'taken'}; imported as '{stub.id}'.")
        used.add(stub.id)
        result.stubs.append(stub)
        placed_items.append(item)
    result.stubs = _linked(result.stubs, placed_items)
    result.exemptions = _exemptions(data, indexes, shown, result.reports)
    return result


def _own_id(item: Any) -> str | None:
    """The annotation id our own export gives an item (`…/annotations.jsonld#<id>`), if valid."""
    iri = item.get("id") if isinstance(item, dict) else None
    if not isinstance(iri, str) or "#" not in iri:
        return None
    fragment = iri.rsplit("#", 1)[1]
    return fragment if len(fragment) <= 100 and _ID.fullmatch(fragment) else None


def _exemptions(data: Any, indexes: dict[str, DocumentIndex], shown: str, reports: list[str]) -> list[ImportedExemption]:
    """The `not_statistics` entries of our own export (`report:notStatistics`), placed again."""
    listed = data.get(f"{REPORT_PREFIX}:notStatistics") if isinstance(data, dict) else None
    if not isinstance(listed, list):
        return []
    found: list[ImportedExemption] = []
    for number, entry in enumerate(listed[:MAX_ITEMS]):
        where = f"{shown} not-statistics entry {number}"
        reason = _text(entry.get(f"{REPORT_PREFIX}:reason"), limits.MAX_TEXT_CHARS) if isinstance(entry, dict) else ""
        placed = _place_item({"target": entry}, indexes, where) if isinstance(entry, dict) else "not an object."
        if isinstance(placed, str) or not reason:
            reports.append(f"{where}: {placed if isinstance(placed, str) else 'it has no reason.'}")
            continue
        quote = placed.document.text[placed.span.start : placed.span.end]
        found.append(ImportedExemption(placed.document.slug, quote, placed.prefix, placed.suffix, reason,
                                       _safe_file(entry.get(f"{REPORT_PREFIX}:file"))))
    return found


def _linked(stubs: list[Stub], items: list[dict[str, Any]]) -> list[Stub]:
    """`related` from linking bodies and `parts` from `report:parts`, each IRI that names
    another annotation of the file turned into that annotation's new id; others remarked."""
    new_id = {item["id"]: stub.id for stub, item in zip(stubs, items, strict=True) if isinstance(item.get("id"), str)}
    linked: list[Stub] = []
    for stub, item in zip(stubs, items, strict=True):
        links = [body.get("source") for body in _bodies(item) if body.get("purpose") == "linking"]
        parts = _report(item, "parts")
        parts = parts if isinstance(parts, list) else []
        related = tuple(dict.fromkeys(new_id[link] for link in links if isinstance(link, str) and link in new_id))
        part_ids = tuple(dict.fromkeys(new_id[part] for part in parts if isinstance(part, str) and part in new_id))
        missing = [str(x) for x in [*links, *parts] if not (isinstance(x, str) and x in new_id)]
        remarks = stub.remarks
        if missing:
            remarks += (f"links to annotations not imported from this file: {', '.join(_printable(m)[:200] for m in missing[:10])}",)
        linked.append(replace(stub, related=related, parts=part_ids if stub.type == "statistic" else (), remarks=remarks))
    return linked


@dataclass(frozen=True)
class _Placed:
    document: Document
    index: DocumentIndex
    span: Span
    prefix: str | None
    suffix: str | None


def _place_item(item: Any, indexes: dict[str, DocumentIndex], where: str, *, hints: bool = True) -> _Placed | str:
    if not isinstance(item, dict):
        return f"not an annotation (a JSON {type(item).__name__})."
    found = _quote_selector(item)
    if isinstance(found, str):
        return found
    source, exact, prefix, suffix = found
    if len(exact) > MAX_QUOTE_CHARS:
        return f"the quote is {len(exact):,} characters; the limit is {MAX_QUOTE_CHARS:,}."
    prefix = prefix[-MAX_CONTEXT_CHARS:] if prefix else None
    suffix = suffix[:MAX_CONTEXT_CHARS] if suffix else None
    named = _document_named(source, indexes)
    needle = normalize_quote(exact)
    # Searching every document: only those that hold the words (anchor's "closest passage"
    # search is fuzzy and costly, and its answer is not needed there).
    candidates = [indexes[named]] if named else [i for i in indexes.values() if _holds(i, needle)]
    if named and not hints and not _holds(indexes[named], needle):
        return f"not placed in {named}: quote not found."
    placements: list[_Placed] = []
    failures: list[tuple[str, Failure]] = []
    for index in candidates:
        result = _anchor_with_context(index, exact, prefix, suffix)
        if isinstance(result, Failure):
            failures.append((index.document.slug, result))
        else:
            placements.append(_Placed(index.document, index, result, *_needed_context(index, exact, result)))
    if len(placements) == 1:
        return placements[0]
    if len(placements) > 1:
        return f"the quote “{_short(exact)}” is in several documents ({', '.join(p.document.slug for p in placements)}); its source does not say which."
    if named:
        failure = failures[0][1]
        return f"not placed in {named}: {failure.message}"
    return f"the quote “{_short(exact)}” was not found in any document ({', '.join(indexes)})."


def _holds(index: DocumentIndex, needle: str) -> bool:
    """Does the document hold the words (within a paragraph, across two, or in other capitals)?"""
    lowered = index.lowered
    return bool(needle) and (bool(index.occurrences(needle)) or bool(index.occurrences(needle, index.loose))
                             or (lowered is not None and bool(index.occurrences(needle.lower(), lowered))))


def _quote_selector(item: dict[str, Any]) -> tuple[str, str, str | None, str | None] | str:
    """(source, exact, prefix, suffix) of the first TextQuoteSelector among the targets."""
    targets = item.get("target")
    targets = targets if isinstance(targets, list) else [targets]
    for target in targets:
        if not isinstance(target, dict):
            continue
        source = target.get("source") if isinstance(target.get("source"), str) else ""
        selectors = target.get("selector")
        selectors = selectors if isinstance(selectors, list) else [selectors]
        for selector in selectors:
            if isinstance(selector, dict) and selector.get("type") == "TextQuoteSelector":
                exact = selector.get("exact")
                if not isinstance(exact, str) or not exact.strip():
                    return "its TextQuoteSelector has no `exact` text."
                prefix, suffix = selector.get("prefix"), selector.get("suffix")
                return (
                    str(source),
                    exact,
                    prefix if isinstance(prefix, str) else None,
                    suffix if isinstance(suffix, str) else None,
                )
    return "no TextQuoteSelector in its target (a page note or a reply has no quote to place)."


def _document_named(source: str, indexes: dict[str, DocumentIndex]) -> str | None:
    """The document a target's source names: a path segment equal to a slug, or slug.html / slug.txt."""
    if not source:
        return None
    try:
        path = urlsplit(source).path
    except ValueError:
        return None
    for segment in reversed([s for s in path.split("/") if s]):
        name = re.sub(r"\.(html?|txt)$", "", segment)
        if name in indexes:
            return name
    return None


def _anchor_with_context(index: DocumentIndex, exact: str, prefix: str | None, suffix: str | None) -> Span | Failure:
    """Anchor with the given context; when another tool's context reaches past the paragraph
    (its page text holds headings between paragraphs), retry with the words nearest the quote."""
    first = anchor(index, exact, prefix, suffix)
    if isinstance(first, Anchored):
        return first.span
    if len(index.occurrences(normalize_quote(exact))) < 2:
        return first  # not a repeat: shorter context cannot help
    for shorter_prefix, shorter_suffix in _shorter_contexts(prefix, suffix):
        result = anchor(index, exact, shorter_prefix, shorter_suffix)
        if isinstance(result, Anchored) and result.warning is None:
            return result.span
    return first


def _shorter_contexts(prefix: str | None, suffix: str | None) -> list[tuple[str | None, str | None]]:
    before = (prefix or "").split()
    after = (suffix or "").split()
    tries: list[tuple[str | None, str | None]] = []
    for count in range(max(len(before), len(after)) - 1, 0, -1):
        p = " ".join(before[-count:]) if before else None
        s = " ".join(after[:count]) if after else None
        tries += [(p, s), (p, None), (None, s)]
    return tries[:MAX_RETRIES]


def _needed_context(index: DocumentIndex, exact: str, span: Span) -> tuple[str | None, str | None]:
    """No context when the quote alone is unique; else the fewest words before (or after)
    the quote, taken from our own text, that place it where it was found."""
    alone = anchor(index, exact)
    if isinstance(alone, Anchored) and alone.span == span:
        return None, None
    text = index.document.text
    paragraph = index.document.paragraph(span.paragraph)
    before = text[paragraph.start : span.start].split()
    after = text[span.end : paragraph.end].split()
    for count in range(1, 16):
        if count <= len(before):
            prefix = " ".join(before[-count:])
            placed = anchor(index, exact, prefix)
            if isinstance(placed, Anchored) and placed.span == span and placed.warning is None:
                return prefix, None
        if count <= len(after):
            suffix = " ".join(after[:count])
            placed = anchor(index, exact, None, suffix)
            if isinstance(placed, Anchored) and placed.span == span and placed.warning is None:
                return None, suffix
    return (" ".join(before[-15:]) or None), (" ".join(after[:15]) or None)


def _report(item: dict[str, Any], name: str) -> Any:
    """One of our own `report:` properties (see exports.REPORT_TERMS), or None."""
    return item.get(f"{REPORT_PREFIX}:{name}")


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value == value and abs(value) < 1e15 else None


def _text(value: Any, limit: int = 500) -> str:
    return _printable(_plain(value))[:limit].strip() if isinstance(value, str) else ""


def _series(value: Any) -> str:
    """A series id as our export writes it; anything else made into one (never invented from nothing)."""
    text = _text(value, 100)
    return slugify(text) if text else ""


def _stub(item: dict[str, Any], placed: _Placed, used: set[str], where: str, topics: Sequence[Topic] = ()) -> Stub:
    quote = placed.document.text[placed.span.start : placed.span.end]
    tags = _tags(item)
    types = {TYPE_SYNONYMS[tag] for tag in tags if tag in TYPE_SYNONYMS}
    kind = types.pop() if len(types) == 1 else ""
    value = minimum = maximum = None
    approximate = False
    if kind == "statistic":
        value, minimum, maximum = (_number(_report(item, name)) for name in ("value", "minimum", "maximum"))
        approximate = _report(item, "approximate") is True
        if value is None and minimum is None and maximum is None:
            values = [t.value for t in numbers_in(quote) if t.value is not None and not t.is_year]
            value = values[0] if len(set(values)) == 1 else None
        if value is None and minimum is None and maximum is None:
            kind = ""  # a statistic needs its value; the editor chooses
    year = _report(item, "year")
    year = year if isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 2200 else None
    topic_ids, remarks = _topics(item, tags, topics)
    origin = item.get("id") if isinstance(item.get("id"), str) else ""
    statistic = kind == "statistic"
    kept = _own_id(item)
    identifier = kept if kept is not None and kept not in used and kept not in limits.RESERVED_IDS else fresh_id(quote, used)
    return Stub(
        minimum=minimum,
        maximum=maximum,
        approximate=approximate and statistic,
        unit=_text(_report(item, "unit")) if statistic else "",
        year=year if statistic else None,
        series=_series(_report(item, "series")) if statistic else "",
        attributed_to=_text(_report(item, "attributedTo")),
        topics=topic_ids,
        blocks_comparison=_report(item, "blocksComparison") is True and kind == "caveat",
        remarks=remarks,
        sources=_sources(item),
        file=_safe_file(_report(item, "file")),
        id=identifier,
        id_kept=identifier == kept,
        type=kind or "claim",
        type_guessed=not kind,
        document=placed.document.slug,
        quote=quote,
        prefix=placed.prefix,
        suffix=placed.suffix,
        note=_note(item),
        value=value,
        origin=f"{where}" + (f" ({_printable(origin)[:200]})" if origin else ""),
    )


def _topics(item: dict[str, Any], tags: list[str], topics: Sequence[Topic]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Topic ids from `report:topics`, or tags naming a project topic by id or title; ids
    this project does not define are remarked, not written (the build would refuse them)."""
    known = {topic.id for topic in topics}
    by_name = {**{_tag(topic.title): topic.id for topic in topics}, **{_tag(topic.id): topic.id for topic in topics}}
    listed = _report(item, "topics")
    if isinstance(listed, list):
        wanted = [str(t) for t in listed[:100] if isinstance(t, str)]
        unknown = [t for t in wanted if t not in known]
        remark = (f"topics this project does not define: {', '.join(_printable(t)[:80] for t in unknown)}",) if unknown else ()
        return tuple(dict.fromkeys(t for t in wanted if t in known)), remark
    return tuple(dict.fromkeys(by_name[tag] for tag in tags if tag in by_name)), ()


def _tag(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def _tags(item: dict[str, Any]) -> list[str]:
    tags: list[str] = []
    raw = item.get("tags")
    if isinstance(raw, list):
        tags += [t for t in raw if isinstance(t, str)]
    for body in _bodies(item):
        if body.get("purpose") in ("tagging", "classifying") and isinstance(body.get("value"), str):
            tags.append(body["value"])
    return [_tag(tag) for tag in tags[:100]]


def _bodies(item: dict[str, Any]) -> list[dict[str, Any]]:
    body = item.get("body")
    bodies = body if isinstance(body, list) else [body]
    found: list[dict[str, Any]] = []
    for entry in bodies[:100]:
        if isinstance(entry, dict) and entry.get("type") == "Choice" and isinstance(entry.get("items"), list):
            found += [choice for choice in entry["items"][:1] if isinstance(choice, dict)]  # the preferred one
        elif isinstance(entry, dict):
            found.append(entry)
    return found


def _sources(item: dict[str, Any]) -> tuple[tuple[str, str | None], ...]:
    """`report:sources` of our own export (title and URL), else each `identifying` body's URL."""
    listed = _report(item, "sources")
    if isinstance(listed, list):
        found = []
        for source in listed[:100]:
            title = _text(source.get("title"), limits.MAX_TEXT_CHARS) if isinstance(source, dict) else ""
            url = source.get("url") if isinstance(source, dict) else None
            if title:
                found.append((title, url if isinstance(url, str) and url.startswith(("http://", "https://")) and _printable(url) == url else None))
        return tuple(found)
    urls = [body.get("source") for body in _bodies(item) if body.get("purpose") == "identifying"]
    return tuple((url, url) for url in urls if isinstance(url, str) and url.startswith(("http://", "https://")) and _printable(url) == url)[:100]


def _safe_file(value: Any) -> str:
    """A path our export names for an entry, when it is a plain relative .yml path inside the
    project (no `..`, no hidden or odd names); else "" (the entry goes to `imported/`)."""
    if not isinstance(value, str) or len(value) > 300 or not value.endswith((".yml", ".yaml")):
        return ""
    parts = value.split("/")
    if not all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", part) for part in parts):
        return ""
    return value


def _note(item: dict[str, Any]) -> str:
    """The note: its Markdown from our own export (`report:note`), else the commenting body
    as Markdown-ish plain text; never raw HTML."""
    own = _report(item, "note")
    if isinstance(own, str) and own.strip() and refused_character(own) is None:
        return own[:MAX_NOTE_CHARS]
    parts: list[str] = []
    for body in _bodies(item):
        value = body.get("value")
        if not isinstance(value, str) or body.get("purpose") in ("tagging", "classifying"):
            continue
        if body.get("purpose") not in (None, "commenting", "describing"):
            continue
        parts.append(html_to_text(value) if body.get("format") == "text/html" else _plain(value))
    if isinstance(item.get("text"), str):  # Hypothesis's API format
        parts.append(_plain(item["text"]))
    note = "\n\n".join(part for part in parts if part)
    return note[:MAX_NOTE_CHARS]


def _plain(text: str) -> str:
    """Markdown or plain text with any HTML tags removed (scripts with their content)."""
    cleaned = html_lib.unescape(nh3.clean(text, tags=set()))
    return "\n".join(line.rstrip() for line in cleaned.strip().splitlines())


_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}


class _Markdownish(HTMLParser):
    """Sanitized HTML → text with Markdown's marks for emphasis, links, lists and paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _MARKS:
            self.parts.append(_MARKS[tag])
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))
            self.parts.append("[")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _MARKS:
            self.parts.append(_MARKS[tag])
        elif tag == "a":
            href = self.links.pop() if self.links else None
            self.parts.append(f"]({href})" if href else "]")
        elif tag in ("p", "ul", "ol", "blockquote", "pre", "table", "tr"):
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _Markdownish()
    parser.feed(sanitize(html))
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", text))
    return text.strip()


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return _printable(text if len(text) <= limit else text[: limit - 1] + "…")


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in text)


# --- YAML ---------------------------------------------------------------------------------

def stub_entry(stub: Stub) -> NewEntry:
    """A stub as an entry for the writer: fields in the order the editorial guide lists them,
    remarks as comments above it, where it came from after its id."""
    fields: dict[str, Any] = {"id": stub.id, "type": stub.type, "quote": stub.quote}
    if stub.prefix:
        fields["prefix"] = stub.prefix
    if stub.suffix:
        fields["suffix"] = stub.suffix
    if stub.value is not None:
        fields["value"] = stub.value
    elif stub.minimum is not None or stub.maximum is not None:
        fields["value"] = {name: n for name, n in (("min", stub.minimum), ("max", stub.maximum)) if n is not None}
    if stub.approximate:
        fields["approximate"] = True
    optional = (("unit", stub.unit), ("year", stub.year), ("series", stub.series), ("attributed_to", stub.attributed_to),
                ("topics", list(stub.topics)), ("related", list(stub.related)), ("parts", list(stub.parts)))
    fields.update({name: value for name, value in optional if value})
    if stub.blocks_comparison:
        fields["blocks_comparison"] = True
    if stub.sources:
        fields["sources"] = [{"title": title, **({"url": url} if url else {})} for title, url in stub.sources]
    if stub.note:
        fields["note"] = stub.note
    remarks = stub.remarks + (("no tag named a type: choose claim, statistic, caveat or allegation",) if stub.type_guessed else ())
    return NewEntry(fields, remarks, None if stub.id_kept else "from " + stub.origin)


def exemption_entry(exemption: ImportedExemption) -> dict[str, Any]:
    fields: dict[str, Any] = {"quote": exemption.quote}
    fields.update({name: value for name, value in (("prefix", exemption.prefix), ("suffix", exemption.suffix)) if value})
    return {**fields, "reason": exemption.reason}


def to_yaml(result: Imported) -> str:
    """One annotation file per document; the reports of what was not imported as comments."""
    by_document: dict[str, list[Stub]] = {}
    for stub in result.stubs:
        by_document.setdefault(stub.document, []).append(stub)
    exempt: dict[str, list[ImportedExemption]] = {}
    for exemption in result.exemptions:
        exempt.setdefault(exemption.document, []).append(exemption)
    files: list[str] = []
    for slug in dict.fromkeys([*by_document, *exempt]):
        text = f"# annotations/imported/{slug}.yml — imported for review: check each type, note and id.\n"
        text += f"document: {plain_id(slug)}\n"
        if slug in by_document:
            text += "annotations:\n" + entries_text([stub_entry(stub) for stub in by_document[slug]])
        if slug in exempt:
            text += "not_statistics:\n" + entries_text([exemption_entry(e) for e in exempt[slug]])
        files.append(text)
    missed = ""
    if result.reports:
        missed = "# Not imported (fix the source or add these by hand):\n" + "".join(f"# {_printable(' '.join(r.split()))}\n" for r in result.reports)
    if not files:
        return missed or "# Nothing to import.\n"
    return "---\n".join(files) + missed


def write_files(result: Imported, root: Path, annotations_dir: Path) -> tuple[list[str], list[str]]:
    """Append the imported entries to the annotation files they came from (as our export names
    them, when inside `annotations_dir`), else to `imported/<document>.yml`; through the one
    writer, so existing files keep every byte. Returns (what was written, what failed)."""
    groups: dict[Path, tuple[str, list[NewEntry], list[dict[str, Any]]]] = {}

    def group(document: str, file: str) -> tuple[str, list[NewEntry], list[dict[str, Any]]]:
        path = _target(root, annotations_dir, file, document)
        if path in groups and groups[path][0] != document:  # a hostile export naming one file for two documents
            path = annotations_dir / "imported" / f"{document}.yml"
        return groups.setdefault(path, (document, [], []))

    for stub in result.stubs:
        group(stub.document, stub.file)[1].append(stub_entry(stub))
    for exemption in result.exemptions:
        group(exemption.document, exemption.file)[2].append(exemption_entry(exemption))
    written: list[str] = []
    failed: list[str] = []
    for path, (document, entries, exemptions) in groups.items():
        shown = loading.display_path(path, root)
        try:
            if entries:
                append_to_file(path, shown, document, entries)
            if exemptions:
                append_to_file(path, shown, document, exemptions, section="not_statistics")
        except WriteRefused as error:
            failed.append(str(error))
            continue
        counts = [f"{len(entries)} annotation(s)" if entries else "",
                  f"{len(exemptions)} not_statistics entr{'y' if len(exemptions) == 1 else 'ies'}" if exemptions else ""]
        written.append(f"{shown}: wrote {' and '.join(c for c in counts if c)}.")
    return written, failed


def _target(root: Path, annotations_dir: Path, file: str, document: str) -> Path:
    """The file an entry goes to: the one the export names when it is inside the annotations
    folder (links followed before deciding), else `imported/<document>.yml`."""
    if file and (root / file).resolve().is_relative_to(annotations_dir.resolve()):
        return root / file
    return annotations_dir / "imported" / f"{document}.yml"


def main(argv: list[str] | None = None) -> int:
    """`python -m annotated_report.importing FILE [ROOT]` until the CLI offers `import`."""
    args = sys.argv[1:] if argv is None else argv
    if not args or len(args) > 2:
        print("usage: python -m annotated_report.importing FILE.jsonld [PROJECT_ROOT]", file=sys.stderr)
        return 2
    return run(Path(args[0]), Path(args[1]) if len(args) > 1 else Path("."), sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
