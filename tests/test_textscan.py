"""The shared scans of the editorial rules (textscan.py) give what the rules computed before.

The rules used to split a paragraph into sentences once per annotation and to match their
word lists with `re.IGNORECASE` on the text itself. These tests hold the faster forms to the
old ones: the same sentences, the same cue for every passage, the same words, over every
Unicode character where folding is concerned, the repository's seed and a benchmark corpus.
"""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_report import analysis, rules
from annotated_report.build import build_site
from annotated_report.model import Document, Span
from annotated_report.textscan import FOLDS_UNLIKE_LOWER, Phrases, fold, sentences
from helpers import REPO

# --- the old forms, as rules.py wrote them before the scans were shared ---------------------------

_OLD_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘'])")
_OLD_CONTRAST = re.compile(r",\s+but\s+", re.IGNORECASE)
_DEFAULTS = rules.RuleSettings()
_OLD_ATTRIBUTION = re.compile(
    r"\b(?:"
    + "|".join(re.escape(p) for p in sorted(rules.ATTRIBUTION_PHRASES, key=len, reverse=True))
    + r"|(?:" + "|".join(re.escape(s) for s in sorted(rules.ATTRIBUTION_SPEAKERS, key=len, reverse=True)) + r")"
    + r"\s+(?:" + "|".join(re.escape(v) for v in sorted(rules.ATTRIBUTION_VERBS, key=len, reverse=True)) + r")"
    + r")\b",
    re.IGNORECASE,
)
_OLD_RULED_OUT = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in rules.RULED_OUT_WORDS) + r")\b", re.IGNORECASE)


def _old_sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _OLD_SENTENCE_END.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _old_cue(document: Document, span: Span) -> str | None:
    paragraph = document.paragraph(span.paragraph)
    start, end = span.start - paragraph.start, span.end - paragraph.start
    for s_start, s_end in _old_sentences(paragraph.text):
        if s_end <= start or s_start >= end:
            continue
        for match in _OLD_ATTRIBUTION.finditer(paragraph.text, s_start, min(s_end, end)):
            if _OLD_CONTRAST.search(paragraph.text, match.end(), start) is None:
                return match.group(0)
    return None


# --- folding: a lowercased copy matched case-sensitively is the case-insensitive match ------------

_ALL = "".join(map(chr, range(sys.maxunicode + 1)))


def test_lowercasing_keeps_every_offset_but_for_the_listed_characters():
    changed = {c for c in _ALL if len(c.lower()) != 1}
    assert changed <= set(FOLDS_UNLIKE_LOWER)


def test_the_regex_case_folding_is_lowercasing_but_for_the_listed_characters():
    """For every literal a lowercase pattern can hold, `re.IGNORECASE` matches exactly the
    characters that lowercase to it (the listed ones aside); `\\w`, `\\s` and `\\d` (and so `\\b`)
    say the same of a character and of its lowercase."""
    lowered = {c: c.lower() for c in _ALL if len(c.lower()) == 1}
    for literal in (chr(c) for c in range(128) if not chr(c).isupper()):
        by_regex = set(re.findall(re.escape(literal), _ALL, re.IGNORECASE)) - set(FOLDS_UNLIKE_LOWER)
        by_lower = {c for c, low in lowered.items() if low == literal} - set(FOLDS_UNLIKE_LOWER)
        assert by_regex == by_lower, repr(literal)
    for category in (r"\w", r"\s", r"\d"):
        members = set(re.findall(category, _ALL))
        assert [c for c, low in lowered.items() if (c in members) != (low in members)] == [], category


def test_a_pattern_with_a_capital_is_refused():
    try:
        Phrases(r"\bNGOs\b")
    except ValueError as error:
        assert "lowercase" in str(error)
    else:
        raise AssertionError("an uppercase pattern was accepted")


_PIECES = st.sampled_from([
    *rules.RULED_OUT_WORDS, *rules.ATTRIBUTION_SPEAKERS, *rules.ATTRIBUTION_VERBS, *rules.ATTRIBUTION_PHRASES,
    "OBVIOUSLY", "Sadly", "ngos REPORTED", "ſurely", "İ", "ı", "K", "ß", "é", " ", "  ", "\t", "\n", ", but ", ",", ".", "! ",
    "x", "_", "7", "’", "“", "NGOs\u00a0said", "reportedly.", "Of Course",
])
_TEXTS = st.lists(_PIECES, max_size=14).map("".join)


@given(_TEXTS, st.integers(0, 120), st.integers(0, 120))
@settings(max_examples=400, deadline=None)
def test_the_rules_patterns_match_as_the_case_insensitive_ones(text, pos, endpos):
    folded = fold(text)
    for new, old in ((_DEFAULTS.attribution(), _OLD_ATTRIBUTION), (rules._RULED_OUT, _OLD_RULED_OUT), (rules._CONTRAST, _OLD_CONTRAST)):
        assert [(m.span(), folded.matched(m)) for m in new.finditer(folded, pos, endpos)] == [
            (m.span(), m.group(0)) for m in old.finditer(text, pos, endpos)]
        found = new.search(folded, pos, endpos)
        expected = old.search(text, pos, endpos)
        assert (found and found.span()) == (expected and expected.span())
    assert rules.ruled_out_words(text) == [m.group(0) for m in _OLD_RULED_OUT.finditer(text)]


# --- sentences: split once per paragraph, looked up by bisection ---------------------------------

_SENTENCE_PIECES = st.sampled_from(["Word", "word", ".", "!", "?", " ", "  ", "\t", "A", "“", '"', "‘", "'", "e.g.", "x"])


@given(st.lists(_SENTENCE_PIECES, max_size=30).map("".join), st.integers(-2, 60), st.integers(-2, 60))
@settings(max_examples=400, deadline=None)
def test_sentences_and_their_overlap_are_the_old_split(text, start, end):
    split = sentences(text)
    old = list(_old_sentences(text))
    assert list(zip(split.starts, split.ends, strict=True)) == old
    assert [old[i] for i in split.overlapping(start, end)] == [s for s in old if not (s[1] <= start or s[0] >= end)]


def _same_cues(site_root: Path, spans_per_paragraph: int) -> int:
    """Every annotation's cue and those of random passages equal the old per-passage computation."""
    site = build_site(site_root / "seeds", site_root / "annotations", root=site_root)
    for annotation in site.annotations:
        assert rules.attribution_cue(annotation, site.document(annotation.document)) == _old_cue(site.document(annotation.document), annotation.span)
    candidates = [a for a in site.annotations if a.type != "allegation" and not (a.attributed_to or "").strip()]
    assert rules._cues(site, candidates, _DEFAULTS, rules.RuleMemo()) == [_old_cue(site.document(a.document), a.span) for a in candidates]
    rng = random.Random(7)
    checked = 0
    for document in site.documents:
        for paragraph in document.paragraphs:
            for _ in range(spans_per_paragraph):
                start = rng.randrange(paragraph.start, paragraph.end + 1)
                span = Span(document.slug, paragraph.number, start, rng.randrange(start, paragraph.end + 1))
                assert rules.attribution_cue_at(document, span) == _old_cue(document, span), span
                checked += 1
    return checked


def test_cues_are_the_old_ones_on_the_repository():
    assert _same_cues(REPO, 30) > 0


def test_cues_are_the_old_ones_on_a_benchmark_corpus(tmp_path):
    spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.corpus(tmp_path, 2)
    site = build_site(tmp_path / "plugin" / "seeds", tmp_path / "plugin" / "annotations", root=tmp_path / "plugin")
    assert any(rules.attribution_cue_problems(site)), "the corpus gives passages to others"
    assert _same_cues(tmp_path / "plugin", 10) > 0


# --- numbers: coverage looked up by position -----------------------------------------------------


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 30)), max_size=12), st.integers(0, 60), st.integers(0, 20))
def test_spans_around_a_passage_are_those_that_contain_it(spans, start, length):
    items = [(Span("d", 1, s, s + n), k) for k, (s, n) in enumerate(spans)]
    end = start + length
    assert sorted(analysis.Within(items).around(start, end)) == [k for span, k in items if span.start <= start and end <= span.end]


@given(st.text(alphabet="ab\n", max_size=40), st.integers(0, 45))
def test_a_line_found_by_bisection_is_the_counted_line(text, offset):
    from bisect import bisect_left

    assert bisect_left(rules._line_ends(text), offset) + 1 == text.count("\n", 0, offset) + 1


# --- serve: a document's cues are reused while its text and passages are unchanged ---------------


def test_a_second_check_recomputes_the_cues_of_changed_documents_only(tmp_path, monkeypatch):
    import dataclasses

    from annotated_report.loading import split_paragraphs

    spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.corpus(tmp_path, 3)
    project = tmp_path / "plugin"
    site = build_site(project / "seeds", project / "annotations", root=project)
    first, *others = site.documents
    assert "according to" in first.text
    # The same offsets, other words: a passage the text gave to others is now the report's own.
    text = first.text.replace("according to", "accordinG xo")
    changed = dataclasses.replace(site, documents=(dataclasses.replace(first, text=text, paragraphs=split_paragraphs(text)), *others))
    computed: list[str] = []
    original = rules._document_cues
    monkeypatch.setattr(rules, "_document_cues", lambda document, spans, cues: computed.append(document.slug) or original(document, spans, cues))

    memo = rules.RuleMemo()
    cold = rules.attribution_cue_problems(site, memo=memo)
    assert sorted(computed) == sorted(d.slug for d in site.documents)
    computed.clear()
    assert rules.attribution_cue_problems(site, memo=memo) == cold and computed == []
    warm = rules.attribution_cue_problems(changed, memo=memo)
    assert computed == [first.slug]
    assert warm == rules.attribution_cue_problems(changed) != cold, "without a memo, everything is computed"
    computed.clear()
    other_words = rules.RuleSettings(attribution_phrases=())
    assert rules.attribution_cue_problems(changed, other_words, memo) != warm, "other word lists, other cues"
    assert sorted(computed) == sorted(d.slug for d in site.documents)


def test_a_second_check_rescans_only_the_texts_it_has_not_seen(monkeypatch):
    import dataclasses

    site = build_site(REPO / "seeds", REPO / "annotations", root=REPO)
    assert site.annotations
    edited = dataclasses.replace(site.annotations[0], note="Sadly, this note was edited.")
    changed = dataclasses.replace(site, annotations=(edited, *site.annotations[1:]))
    scanned: list[str] = []
    original = rules.ruled_out_words
    monkeypatch.setattr(rules, "ruled_out_words", lambda text: scanned.append(text) or original(text))

    memo = rules.RuleMemo()
    cold = rules.ruled_out_word_problems(site, memo)
    texts = [a.note for a in site.annotations] + [t.definition for t in site.terms] + [t.description for t in site.topics]
    assert scanned == texts, "a build scans every text, repeated or not"
    scanned.clear()
    assert rules.ruled_out_word_problems(site, memo) == cold and scanned == []
    warm = rules.ruled_out_word_problems(changed, memo)
    assert scanned == ["Sadly, this note was edited."]
    assert warm == rules.ruled_out_word_problems(changed) != cold
