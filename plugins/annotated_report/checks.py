"""Cross-reference checks: what the schema cannot see because it spans entries or files.

Each check appends `Problem`s and returns what can still be published: a duplicate id
is left out, an unknown topic or related id is dropped from the annotation that named it.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable

from . import numbers
from .loading import Entry
from .model import Annotation, Problem, Term, Topic


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """' Did you mean 'x'?' when one option is close to `word`, else ''."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def unique_ids(entries: list[Entry], problems: list[Problem], left_out: list[str]) -> list[Entry]:
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
            left_out.append(f"{entry_id} ({entry.file}:{entry.line})")
            continue
        first[entry_id] = entry
        kept.append(entry)
    return kept


def unique_topics(topics: list[Topic], problems: list[Problem]) -> list[Topic]:
    seen: dict[str, Topic] = {}
    for topic in topics:
        if topic.id in seen:
            other = seen[topic.id]
            problems.append(Problem(topic.file, topic.line, f"topic '{topic.id}' is already defined at {other.file}:{other.line}.", id=topic.id, hint="Remove or rename one of them."))
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
                term.file, term.line, f"glossary term or alias of '{term.term}' is already used by '{clash.term}' ({clash.file}:{clash.line}).",
                id=term.term, hint="Merge the two entries, or remove the shared alias from one.",
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
                problems.append(Problem(term.file, term.line, f"see_also names '{name}', which is not a glossary term.{did_you_mean(name, by_name)}", id=term.term, hint="Add it to the glossary or fix the spelling."))
            elif target != term.term:
                kept.append(target)
        checked.append(dataclasses.replace(term, see_also=tuple(kept)))
    return checked


def check_references(
    annotations: list[Annotation], topic_ids: set[str], left_out_ids: set[str], problems: list[Problem]
) -> list[Annotation]:
    """Drop unknown topics and related ids (each reported), keep the rest of the annotation."""
    known = {annotation.id for annotation in annotations}
    checked: list[Annotation] = []
    for annotation in annotations:
        topics = []
        for topic in annotation.topics:
            if topic in topic_ids:
                topics.append(topic)
            else:
                problems.append(Problem(
                    annotation.file, annotation.line, f"unknown topic '{topic}'.{did_you_mean(topic, topic_ids)}", id=annotation.id,
                    hint="Use a topic id from a topics file, or define it there (topics: [{id, title, description}]).",
                ))
        related = []
        for other in annotation.related:
            if other == annotation.id:
                problems.append(Problem(annotation.file, annotation.line, "`related` names the annotation itself.", id=annotation.id, hint="Remove it from the list."))
            elif other in known:
                related.append(other)
            elif other in left_out_ids:
                problems.append(Problem(annotation.file, annotation.line, f"related annotation '{other}' was left out of the site because of its own problem.", id=annotation.id, hint=f"Fix '{other}' first."))
            else:
                problems.append(Problem(
                    annotation.file, annotation.line, f"related id '{other}' is not an annotation.{did_you_mean(other, known)}", id=annotation.id,
                    hint="Use the id of an annotation in any file under annotations/.",
                ))
        checked.append(dataclasses.replace(annotation, topics=tuple(topics), related=tuple(related)))
    return checked


def check_statistic(annotation: Annotation) -> list[Problem]:
    """A statistic needs a value that is one of the numbers in its quote; others need none."""
    def problem(message: str, hint: str) -> Problem:
        return Problem(annotation.file, annotation.line, message, id=annotation.id, hint=hint)

    if annotation.type != "statistic":
        extra = [name for name in ("value", "unit", "year", "series") if getattr(annotation, name) is not None]
        if extra:
            return [problem(f"{', '.join(extra)} only apply to statistics, and this is a {annotation.type}.", "Change `type` to statistic, or remove these fields.")]
        return []
    value = annotation.value
    if value is None:
        return [problem("a statistic needs a `value`.", "Give the number, e.g. value: 38, or a range, e.g. value: {min: 7, max: 15}.")]
    found: list[Problem] = []
    if value.minimum is not None and value.maximum is not None and value.minimum > value.maximum:
        found.append(problem(f"the range's min ({value.minimum:g}) is larger than its max ({value.maximum:g}).", "Swap them."))
    tokens = numbers.numbers_in(annotation.quote)
    if not tokens:
        found.append(problem("the quote of this statistic contains no number.", "Quote the words that hold the number, e.g. \"38 traffickers\"."))
    elif not any(numbers.value_matches(value, token) for token in tokens):
        written = ", ".join(token.text for token in tokens)
        found.append(problem(f"value {value} does not match the number in the quote ({written}).", "Make `value` equal the number the report gives (ranges: {min, max})."))
    return found
