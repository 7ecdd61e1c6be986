"""Cross-reference checks: what the schema cannot see because it spans entries or files.

Each check reports `Problem`s at the line of the field concerned and returns what can still
be published: a duplicate id is left out; an unknown topic or related id is the annotation's
own error (build.py leaves it out); a link into a broken file or to an annotation left out
is dropped, since that other problem is the one to fix.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from . import numbers
from .entries import Entry
from .limits import safe_repr
from .loading import BrokenFile
from .model import Annotation, LeftOut, Problem, Term, Topic

#: Equally close suggestions named in one "Did you mean" (more are counted, not listed).
MAX_SUGGESTIONS = 5


def closest(word: str, options: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """Every option as close to `word` as the closest one (difflib's ratio, at least
    `cutoff`), sorted: a typo for `prosecuted-cases-2020` is offered both 2019 and 2021."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    scored: list[tuple[float, str]] = []
    for option in dict.fromkeys(options):
        matcher.set_seq1(option)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            ratio = matcher.ratio()
            if ratio >= cutoff:
                scored.append((ratio, option))
    if not scored:
        return []
    best = max(ratio for ratio, _ in scored)
    return sorted(option for ratio, option in scored if ratio == best)


def _suggestion(close: list[str]) -> str:
    """' Did you mean 'a'?', ' Did you mean 'a' or 'b'?', with a count past `MAX_SUGGESTIONS`."""
    if not close:
        return ""
    named = [f"'{safe_repr(option)}'" for option in close[:MAX_SUGGESTIONS]]
    more = len(close) - len(named)
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + (", " if more else " or ") + named[-1]
    return f" Did you mean {listed}{f' (or {more} more as close)' if more else ''}?"


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """' Did you mean 'x'?' naming every option as close to `word` as the closest, else ''."""
    return _suggestion(closest(word, options))


def left_out_entry(entry: Entry, reason: str) -> LeftOut:
    """What the site keeps of an entry it leaves out: where it is, its passage and why."""
    quote = entry.fields.get("quote")
    return LeftOut(entry.file, entry.line, entry.id, entry.document, quote if isinstance(quote, str) else None, reason, exemption=entry.id is None)


def unique_ids(entries: list[Entry], problems: list[Problem], left_out: list[LeftOut]) -> list[Entry]:
    """Keep the first entry with each id; every later one is reported and left out."""
    first: dict[str, Entry] = {}
    kept: list[Entry] = []
    for entry in entries:
        entry_id = entry.id or ""
        if entry_id in first:
            seen = first[entry_id]
            problems.append(Problem(
                entry.file, entry.line, f"the id is already used at {seen.file}:{seen.line}.", id=entry_id,
                hint=f"Ids must be unique across all annotation files: rename this one (e.g. '{entry_id}-2').",
            ))
            left_out.append(left_out_entry(entry, f"its id is taken by {first[entry_id].file}:{first[entry_id].line}"))
            continue
        first[entry_id] = entry
        kept.append(entry)
    return kept


def unique_topics(topics: list[Topic], problems: list[Problem]) -> list[Topic]:
    seen: dict[str, Topic] = {}
    for topic in topics:
        if topic.id in seen:
            other = seen[topic.id]
            problems.append(Problem(
                topic.file, topic.line, f"topic '{topic.id}' is already defined at {other.file}:{other.line}.",
                id=topic.id, hint="Remove or rename one of them.",
            ))
            continue
        seen[topic.id] = topic
    return list(seen.values())


def unique_terms(terms: list[Term], problems: list[Problem]) -> list[Term]:
    """Each term and alias may name only one entry (case-insensitive), or links would be ambiguous."""
    owner: dict[str, Term] = {}
    kept: list[Term] = []
    for term in terms:
        clash = next((owner[name.lower()] for name in (term.term, *term.aliases) if name.lower() in owner), None)
        if clash is not None:
            problems.append(Problem(
                term.file, term.line,
                f"glossary term or alias of '{safe_repr(term.term)}' is already used by '{safe_repr(clash.term)}' ({clash.file}:{clash.line}).",
                id=safe_repr(term.term), hint="Merge the two entries, or remove the shared alias from one.",
            ))
            continue
        for name in (term.term, *term.aliases):
            owner[name.lower()] = term
        kept.append(term)
    return kept


def check_see_also(terms: list[Term], problems: list[Problem]) -> list[Term]:
    """Drop `see_also` names that are not glossary terms (matching is case-insensitive)."""
    by_name = {name.lower(): term.term for term in terms for name in (term.term, *term.aliases)}
    checked: list[Term] = []
    for term in terms:
        kept: list[str] = []
        for name in term.see_also:
            target = by_name.get(name.lower())
            if target is None:
                problems.append(Problem(
                    term.file, term.line, f"see_also names '{safe_repr(name)}', which is not a glossary term.{did_you_mean(name, by_name)}",
                    id=term.term, hint="Add it to the glossary or fix the spelling.",
                ))
            elif target != term.term:
                kept.append(target)
        checked.append(dataclasses.replace(term, see_also=tuple(kept)))
    return checked


@dataclass(frozen=True)
class Context:
    """What the reference checks compare against."""

    topic_ids: set[str]
    #: Every annotation id written in a file, published or not.
    written_ids: set[str]
    #: Ids a file would define if it could be read, and that file.
    broken_ids: Mapping[str, BrokenFile]
    #: The line of each field, by annotation id.
    lines: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


def check_references(annotations: list[Annotation], context: Context, problems: list[Problem]) -> list[tuple[Annotation, list[Problem]]]:
    """Each annotation with unknown topics and related ids dropped, and its own errors.

    A reference into a file with a YAML error (its ids are known only from its lines) or to an
    annotation left out for a problem of its own is dropped without a second problem: the
    other file's error, or the other annotation's, is the one to fix.
    """
    known = {annotation.id for annotation in annotations}
    checked: list[tuple[Annotation, list[Problem]]] = []
    for annotation in annotations:
        lines = context.lines.get(annotation.id, {})

        def problem(name: str, message: str, hint: str, annotation: Annotation = annotation, lines: Mapping[str, int] = lines) -> Problem:
            return Problem(annotation.file, lines.get(name, annotation.line), message, id=annotation.id, hint=hint)

        own: list[Problem] = []
        topics = []
        for topic in annotation.topics:
            if topic in context.topic_ids:
                topics.append(topic)
            elif topic in context.broken_ids:
                continue  # its file has a YAML error, reported once: one mistake, one problem
            else:
                own.append(problem(
                    "topics", f"unknown topic '{topic}'.{did_you_mean(topic, context.topic_ids)}",
                    "Use a topic id from a topics file, or define it there (topics: [{id, title, description}]).",
                ))
        related = []
        for other in annotation.related:
            if other == annotation.id:
                own.append(problem("related", "`related` names the annotation itself.", "Remove it from the list."))
            elif other in known:
                related.append(other)
            elif other in context.broken_ids or other in context.written_ids:
                continue  # left out for a problem of its own, which is reported: one mistake, one problem
            else:
                own.append(problem(
                    "related", f"related id '{other}' is not an annotation.{_did_you_mean_id(other, known, context.broken_ids)}",
                    "Use the id of an annotation in any file under annotations/.",
                ))
        if len(topics) != len(annotation.topics) or len(related) != len(annotation.related):  # only ever drops ids
            annotation = dataclasses.replace(annotation, topics=tuple(topics), related=tuple(related))
        checked.append((annotation, own))  # unchanged: the same object (no copy of every annotation)
    return checked


def _did_you_mean_id(word: str, known: set[str], broken: Mapping[str, BrokenFile]) -> str:
    """The close id, among published ones and those of files that cannot be read: a typo
    for an id in a broken file is told where that id is, not left without a suggestion."""
    close = closest(word, [*known, *broken])
    where = "".join(
        f" '{safe_repr(option)}' {_in_broken(broken[option])}" if len(close) > 1 else f" It {_in_broken(broken[option])}"
        for option in close[:MAX_SUGGESTIONS] if option in broken and option not in known
    )
    return _suggestion(close) + where


def _in_broken(broken: BrokenFile) -> str:
    where = f" at line {broken.line}" if broken.line is not None else ""
    return f"is in {broken.file}, which has a YAML error{where}."


def check_statistic(annotation: Annotation, lines: Mapping[str, int] | None = None) -> list[Problem]:
    """A statistic needs a value that is one of the numbers in its quote; others need none."""
    def problem(message: str, hint: str, name: str = "value") -> Problem:
        return Problem(annotation.file, (lines or {}).get(name, annotation.line), message, id=annotation.id, hint=hint)

    if annotation.type != "statistic":
        extra = [name for name in ("value", "unit", "year", "series") if getattr(annotation, name) is not None]
        if extra:
            message = f"{', '.join(extra)} only apply to statistics, and this is a {annotation.type}."
            return [problem(message, "Change `type` to statistic, or remove these fields.", extra[0])]
        return []
    value = annotation.value
    if value is None:
        return [problem("a statistic needs a `value`.", "Give the number, e.g. value: 38, or a range, e.g. value: {min: 7, max: 15}.", "type")]
    found: list[Problem] = []
    if value.minimum is not None and value.maximum is not None and value.minimum > value.maximum:
        found.append(problem(f"the range's min ({value.minimum:g}) is larger than its max ({value.maximum:g}).", "Swap them."))
    tokens = numbers.numbers_in(annotation.quote)
    if not tokens:
        found.append(problem("the quote of this statistic contains no number.", "Quote the words that hold the number, e.g. \"38 traffickers\".", "quote"))
    elif not any(numbers.value_matches(value, token) for token in tokens):
        written = ", ".join(token.text for token in tokens)
        found.append(problem(
            f"value {value} does not match the number in the quote ({written}).", "Make `value` equal the number the report gives (ranges: {min, max}).",
        ))
    return found
