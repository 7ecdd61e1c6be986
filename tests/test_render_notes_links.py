# ruff: noqa: F405  (names from the shared fixture, reader_site)
"""Links between notes on the report pages: both ways, once each, across documents."""

from __future__ import annotations

import re

import pytest

from htmltext import Element, text, with_class
from reader_site import *  # noqa: F403  (the shared fixture: constants, helpers, `site` and `flat`)

# --- 5. cross-links both ways ---------------------------------------------------------------------------


def note_on_report(built: BuiltSite, annotation_id: str) -> tuple[str, Element]:
    url = built.report(BY_ID[annotation_id]["document"])
    report = built.tree(url).find(with_class("ar-report"))
    (note,) = report.find_all(lambda e: e.tag == "li" and e.get("data-annotation-note") == annotation_id)
    return url, note


def linked(note: Element) -> dict[str, tuple[Element, list[str]]]:
    """The note's one list of links to other notes: target id -> (link, relations named)."""
    blocks = note.find_all(with_class("ar-note__links"))
    assert len(blocks) <= 1, "a note has one list of links"
    found: dict[str, tuple[Element, list[str]]] = {}
    for block in blocks:
        assert squash(text(block.find(lambda e: e.tag == "p"))) == "Linked:"
        for item in block.find_all(lambda e: e.tag == "li"):
            (link,) = item.find_all(lambda e: e.tag == "a")
            target = link.get("href").rpartition("#")[2]
            assert target not in found, f"{target} listed twice"
            assert link.get("data-type") == BY_ID[target]["type"]
            # Its type, its note number and where it is (another document's by its slug), so two
            # different notes never read alike, then its first words.
            where = re.escape(f"¶ {BY_ID[target]['paragraph']}") if "paragraph" in BY_ID[target] else "¶ [0-9]+"
            label = re.match(rf"{BY_ID[target]['type'].capitalize()}(?: [0-9]+ \(| \([a-z0-9-]+, ){where}\): \u201c", squash(text(link)))
            assert label and squash(text(link)).endswith("\u201d"), squash(text(link))
            # The other passage named by its first words (about 50 characters, cut at a word).
            shown, quote = squash(text(link))[label.end() : -1], squash(BY_ID[target]["quote"])
            if shown.endswith("\u2026"):
                assert len(shown) <= 51 and quote.startswith(shown[:-1]) and quote[len(shown) - 1] in " ,;:", shown  # at a word
            else:
                assert shown == quote
            named = squash(text(item))[len(squash(text(link))):]
            assert named.startswith(" (") and named.endswith(")"), named
            relations = named[2:-1].split(", ")
            found[target] = (link, relations)
    return found


@pytest.mark.parametrize(("source", "target"), RELATED)
def test_related_links_go_both_ways(site, source, target):
    kind = BY_ID[source]["type"]
    url, note = note_on_report(site, source)
    forward = linked(note)
    assert target in forward
    assert ("qualifies" if kind == "caveat" else "related") in forward[target][1]
    assert site.resolve(url, forward[target][0].get("href")) == (site.report(BY_ID[target]["document"]), target)
    assert site.broken(url, forward[target][0].get("href")) is None
    other_url, other = note_on_report(site, target)
    back = linked(other)
    assert source in back
    assert ("qualified by" if kind == "caveat" else "referred to by") in back[source][1]
    assert ("referred to by" if kind == "caveat" else "qualified by") not in back[source][1]
    assert site.resolve(other_url, back[source][0].get("href")) == (site.report(BY_ID[source]["document"]), source)
    assert site.broken(other_url, back[source][0].get("href")) is None


def test_each_linked_note_is_listed_once_with_every_relation_named(site):
    # Exactly the relations the fixture implies, for every note: no more, no fewer, no repeats.
    for annotation in ANNOTATIONS:
        expected: dict[str, list[str]] = {}
        for other in annotation.get("related", []):
            expected.setdefault(other, []).append("qualifies" if annotation["type"] == "caveat" else "related")
        for source, target in RELATED:
            if target == annotation["id"]:
                relation = "qualified by" if BY_ID[source]["type"] == "caveat" else "referred to by"
                if relation not in expected.setdefault(source, []):
                    expected[source].append(relation)
        _, note = note_on_report(site, annotation["id"])
        assert {target: relations for target, (_, relations) in linked(note).items()} == expected, annotation["id"]


def test_a_pair_linked_both_ways_is_listed_once(site):
    both = [(a, b) for a, b in RELATED if (b, a) in RELATED]
    assert both, "the fixture has a pair related both ways"
    for source, target in both:
        _, note = note_on_report(site, source)
        assert len(note.find_all(lambda e, t=target: e.tag == "a" and (e.get("href") or "").endswith(f"#{t}"))) == 1


@pytest.mark.parametrize("which", ["site", "flat"])
def test_a_cross_document_related_link_opens_the_other_report(request, which):
    built: BuiltSite = request.getfixturevalue(which)
    assert BY_ID["gov-cooperation"]["document"] != BY_ID["other-ngos-mous"]["document"]
    for source, target in (("gov-cooperation", "other-ngos-mous"), ("other-ngos-mous", "gov-cooperation")):
        url, note = note_on_report(built, source)
        links = [a for a in note.find(with_class("ar-note__links")).find_all(lambda e: e.tag == "a") if a.get("href").endswith(f"#{target}")]
        assert links
        for link in links:
            path, fragment = built.resolve(url, link.get("href"))
            assert path == built.report(BY_ID[target]["document"]) != url
            assert fragment == target and built.broken(url, link.get("href")) is None


