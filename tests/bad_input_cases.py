# ruff: noqa: E501  (the matrix holds exact messages, one case per line, as they are printed)
"""The bad-input matrix: hostile or broken files, each with the exact problems it must give.

Used by tests/test_bad_input.py, which runs `annotated-report check` on each case and compares
what it prints with the messages here; `python tests/bad_input_cases.py` prints the matrix as a
Markdown table (input, message, result) for the issue's closing note.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SEED = "First paragraph, with the word alpha and 38 traffickers.\nSecond paragraph: beta and gamma, alpha again.\n"

Content = str | bytes | Callable[[Path], None]


def entry(body: str, head: str = "document: doc\nannotations:\n") -> str:
    return head + body


def claim(extra: str = "", quote: str = "word alpha", id_: str = "a") -> str:
    return entry(f"  - id: {id_}\n    type: claim\n    quote: {quote}\n{extra}")


def statistic(extra: str, unit: str = "    unit: traffickers convicted\n") -> str:
    """A statistic with a unit (the editorial rules ask for one), then `extra` fields."""
    return entry(f"  - id: a\n    type: statistic\n    quote: 38 traffickers\n{unit}{extra}")


_LINK_BASE: list[Path] = [Path("/nonexistent")]

#: Stands for a folder outside the project (holding `hostname` and `etc/`) in link targets and messages.
OUTSIDE = "OUTSIDE"


def hard_link(target: str) -> Callable[[Path], None]:
    """A second name (a hard link) for `target` (which may start with OUTSIDE)."""
    def make(path: Path) -> None:
        path.unlink(missing_ok=True)
        os.link(target.replace(OUTSIDE, str(_LINK_BASE[0])), path)

    return make


def link(target: str) -> Callable[[Path], None]:
    """A symbolic link to `target` (which may start with OUTSIDE)."""
    def make(path: Path) -> None:
        path.unlink(missing_ok=True)
        os.symlink(target.replace(OUTSIDE, str(_LINK_BASE[0])), path)

    return make


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, Content]
    problems: list[str]
    published: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    seed: str | bytes | None = SEED


def alias_bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for name, previous in zip("bcdefg", "abcdef"):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


def many_on_one_paragraph(count: int) -> str:
    return entry("".join(f"  - id: a{i}\n    type: claim\n    quote: word alpha\n" for i in range(count)))


CASES: list[Case] = []


def case(name: str, files: dict[str, Content], problems: list[str], published: list[str] | None = None, left_out: list[str] | None = None, seed: str | bytes | None = SEED) -> None:
    CASES.append(Case(name, files, problems, published or [], left_out or [], seed))


# --- the matrix (problems as printed: file:line: id: message hint) ----------------------------

case("an empty file", {"annotations/a.yml": ""}, ['annotations/a.yml:1: the file is empty. Add `document:` and `annotations:`, or delete the file.'])
case("a file of only a comment", {"annotations/a.yml": "# nothing yet\n"}, ['annotations/a.yml:1: the file is empty. Add `document:` and `annotations:`, or delete the file.'])
case("a list instead of a mapping", {"annotations/a.yml": "- id: a\n  type: claim\n"}, ['annotations/a.yml:1: the file should be a mapping with keys such as `document:` and `annotations:`. See the README for an example.'])
case("topics: 5 and terms: true", {"annotations/a.yml": "topics: 5\nterms: true\n"}, ["annotations/a.yml:1: 'topics' should be a list, e.g. [a, b], not the number 5.", "annotations/a.yml:2: 'terms' should be a list, e.g. [a, b], not true (YAML reads yes/no/on/off as true/false; quote it to keep it as text)."])
case("document: a number", {"annotations/a.yml": "document: 5\nannotations: []\n"}, ['annotations/a.yml:1: \'document\' should be text, not the number 5. Put the value in quotes, e.g. document: "5".'])
case("annotations: a mapping", {"annotations/a.yml": "document: doc\nannotations: {id: a}\n"}, ["annotations/a.yml:2: 'annotations' should be a list, e.g. [a, b], not a mapping."])
case("an entry that is text", {"annotations/a.yml": entry("  - just text\n")}, ["annotations/a.yml:3: 'annotations' should be a mapping of `key: value` lines, not the text 'just text'."], left_out=['the entry (annotations/a.yml:3)'])
case("id: a number", {"annotations/a.yml": claim(id_="12")}, ['annotations/a.yml:3: \'id\' should be text, not the number 12. Put the value in quotes, e.g. id: "12".'], left_out=['the entry (annotations/a.yml:3)'])
case("id: a list", {"annotations/a.yml": claim(id_="[a, b]")}, ["annotations/a.yml:3: 'id' should be text, not a list."], left_out=['the entry (annotations/a.yml:3)'])
case("type: unknown", {"annotations/a.yml": entry("  - id: a\n    type: clam\n    quote: word alpha\n")}, ["annotations/a.yml:4: a: 'clam' is not a valid type. Did you mean 'claim'? Use one of: claim, statistic, caveat, allegation."], left_out=['a (annotations/a.yml:3)'])
case("type: a number", {"annotations/a.yml": entry("  - id: a\n    type: 3\n    quote: word alpha\n")}, ["annotations/a.yml:4: a: '3' is not a valid type. Use one of: claim, statistic, caveat, allegation."], left_out=['a (annotations/a.yml:3)'])
case("quote: a number", {"annotations/a.yml": claim(quote="38")}, ['annotations/a.yml:5: a: \'quote\' should be text, not the number 38. Put the value in quotes, e.g. quote: "38".'], left_out=['a (annotations/a.yml:3)'])
case("quote: a mapping", {"annotations/a.yml": claim(quote="{a: b}")}, ['annotations/a.yml:5: a: \'quote\' should be text, not a mapping. e.g. quote: "The government convicted 38 traffickers"'], left_out=['a (annotations/a.yml:3)'])
case("quote: empty", {"annotations/a.yml": claim(quote="''")}, ["annotations/a.yml:5: a: 'quote' is empty. The report's own words, copied from the text; plain quotes and hyphens may stand for curly quotes and dashes."], left_out=['a (annotations/a.yml:3)'])
case("quote: missing", {"annotations/a.yml": entry("  - id: a\n    type: claim\n")}, ['annotations/a.yml:3: a: missing required field \'quote\'. The report\'s own words, copied from the text; plain quotes and hyphens may stand for curly quotes and dashes. e.g. quote: "The government convicted 38 traffickers"'], left_out=['a (annotations/a.yml:3)'])
case("prefix: a list", {"annotations/a.yml": claim("    prefix: [a]\n")}, ["annotations/a.yml:6: a: 'prefix' should be text, not a list."], left_out=['a (annotations/a.yml:3)'])
case("suffix: true", {"annotations/a.yml": claim("    suffix: yes\n")}, ['annotations/a.yml:6: a: \'suffix\' should be text, not true (YAML reads yes/no/on/off as true/false; quote it to keep it as text). Put the value in quotes, e.g. suffix: "true".'], left_out=['a (annotations/a.yml:3)'])
case("note: a number", {"annotations/a.yml": claim("    note: 5\n")}, ['annotations/a.yml:6: a: \'note\' should be text, not the number 5. Put the value in quotes, e.g. note: "5".'], left_out=['a (annotations/a.yml:3)'])
case("topics: text", {"annotations/a.yml": claim("    topics: prosecutions\n")}, ['annotations/a.yml:6: a: \'topics\' should be a list, e.g. [a, b], not the text \'prosecutions\'. e.g. topics: ["prosecutions"]'], left_out=['a (annotations/a.yml:3)'])
case("topics: a bad id", {"annotations/a.yml": claim("    topics: [Bad Topic]\n")}, ["annotations/a.yml:6: a: 'Bad Topic' is not a valid topics: use lowercase letters, digits and single hyphens. Try 'bad-topic'."], left_out=['a (annotations/a.yml:3)'])
case("topics: repeated", {"annotations/a.yml": claim("    topics: [x, x]\n")}, ["annotations/a.yml:6: a: 'topics' lists the same item twice. Remove the repeated item."], left_out=['a (annotations/a.yml:3)'])
case("related: a number", {"annotations/a.yml": claim("    related: 4\n")}, ['annotations/a.yml:6: a: \'related\' should be a list, e.g. [a, b], not the number 4. e.g. related: ["convictions-2020"]'], left_out=['a (annotations/a.yml:3)'])
case("attributed_to: a list", {"annotations/a.yml": claim("    attributed_to: [NGOs]\n")}, ['annotations/a.yml:6: a: \'attributed_to\' should be text, not a list. e.g. attributed_to: "NGOs"'], left_out=['a (annotations/a.yml:3)'])
case("sources: text", {"annotations/a.yml": claim("    sources: https://example.org\n")}, ['annotations/a.yml:6: a: \'sources\' should be a list, e.g. [a, b], not the text \'https://example.org\'. e.g. sources: [{"title": "2022 Trafficking in Persons Report: Cambodia", "url": "https://www.state.gov/reports/2022-trafficking-in-persons-report/cambodia/"}]'], left_out=['a (annotations/a.yml:3)'])
case("sources: no title", {"annotations/a.yml": claim("    sources: [{url: 'https://example.org'}]\n")}, ["annotations/a.yml:6: a: missing required field 'title'. What the source is."], left_out=['a (annotations/a.yml:3)'])
case("sources: a javascript: url", {"annotations/a.yml": claim("    sources: [{title: x, url: 'javascript:alert(1)'}]\n")}, ["annotations/a.yml:6: a: 'javascript:alert(1)' is not a web address. It must start with http:// or https://."], left_out=['a (annotations/a.yml:3)'])
case("value: text", {"annotations/a.yml": statistic("    value: thirty-eight\n")}, ["annotations/a.yml:7: a: 'value' has the wrong form (the text 'thirty-eight'). e.g. value: 38"], left_out=['a (annotations/a.yml:3)'])
case("value: an empty range", {"annotations/a.yml": statistic("    value: {}\n")}, ["annotations/a.yml:7: a: 'value' has the wrong form (a mapping). e.g. value: 38"], left_out=['a (annotations/a.yml:3)'])
case("value: a range with a typo", {"annotations/a.yml": statistic("    value: {mn: 7}\n")}, ["annotations/a.yml:7: a: 'value' has the wrong form (a mapping). e.g. value: 38"], left_out=['a (annotations/a.yml:3)'])
case("value: contradicts its quote", {"annotations/a.yml": statistic("    value: 83\n")}, ['annotations/a.yml:7: a: value 83 does not match the number in the quote (38). Make `value` equal the number the report gives (ranges: {min, max}).'], left_out=['a (annotations/a.yml:3)'])
case("value: above 1e308", {"annotations/a.yml": statistic("    value: 1.0e+309\n")}, ['annotations/a.yml:7: 1.0e+309 is not a finite number (numbers above about 1e308, .nan and .inf are refused). Write a real figure, or put the value in quotes if it is text.'], left_out=['1 annotation in annotations/a.yml not loaded because of the error above'])
case("value: .nan", {"annotations/a.yml": statistic("    value: {min: .nan}\n")}, ['annotations/a.yml:7: .nan is not a finite number (numbers above about 1e308, .nan and .inf are refused). Write a real figure, or put the value in quotes if it is text.'], left_out=['1 annotation in annotations/a.yml not loaded because of the error above'])
case("value: -.inf", {"annotations/a.yml": statistic("    value: {max: -.inf}\n")}, ['annotations/a.yml:7: -.inf is not a finite number (numbers above about 1e308, .nan and .inf are refused). Write a real figure, or put the value in quotes if it is text.'], left_out=['1 annotation in annotations/a.yml not loaded because of the error above'])
case("value: 5,000 digits", {"annotations/a.yml": statistic("    value: " + "9" * 5000 + "\n")}, ['annotations/a.yml:7: a number of 5,000 digits is too long (the limit is 30). Write a real figure, or put the value in quotes if it is text.'], left_out=['1 annotation in annotations/a.yml not loaded because of the error above'])
case("unit: a number", {"annotations/a.yml": statistic("    value: 38\n    unit: 5\n", unit="")}, ['annotations/a.yml:7: a: \'unit\' should be text, not the number 5. Put the value in quotes, e.g. unit: "5".'], left_out=['a (annotations/a.yml:3)'])
case("year: text", {"annotations/a.yml": statistic("    value: 38\n    year: '2021'\n")}, ["annotations/a.yml:8: a: 'year' should be a whole number, not the text '2021'. e.g. year: 2021"], left_out=['a (annotations/a.yml:3)'])
case("year: out of range", {"annotations/a.yml": statistic("    value: 38\n    year: 21\n")}, ['annotations/a.yml:8: a: year 21 is out of range (1900–2200).'], left_out=['a (annotations/a.yml:3)'])
case("year: 2021.0", {"annotations/a.yml": statistic("    value: 38\n    year: 2021.0\n")}, [], published=['a'])
case("series: a bad id", {"annotations/a.yml": statistic("    value: 38\n    series: Convictions Per Year\n")}, ["annotations/a.yml:8: a: 'Convictions Per Year' is not a valid series: use lowercase letters, digits and single hyphens. Try 'convictions-per-year'."], left_out=['a (annotations/a.yml:3)'])
case("approximate: text", {"annotations/a.yml": statistic("    value: 38\n    approximate: maybe\n")}, ["annotations/a.yml:8: a: 'approximate' should be true or false, not the text 'maybe'."], left_out=['a (annotations/a.yml:3)'])
case("statistic fields on a claim", {"annotations/a.yml": claim("    value: 38\n")}, ['annotations/a.yml:6: a: value only apply to statistics, and this is a claim. Change `type` to statistic, or remove these fields.'], left_out=['a (annotations/a.yml:3)'])
case("parts: text", {"annotations/a.yml": statistic("    value: 38\n    parts: sex-2021\n")}, ['annotations/a.yml:8: a: \'parts\' should be a list, e.g. [a, b], not the text \'sex-2021\'. e.g. parts: ["sex-trafficking-convictions-2021", "forced-labor-convictions-2021"]'], left_out=['a (annotations/a.yml:3)'])
case("blocks_comparison: text", {"annotations/a.yml": claim("    blocks_comparison: sometimes\n")}, ["annotations/a.yml:6: a: 'blocks_comparison' should be true or false, not the text 'sometimes'."], left_out=['a (annotations/a.yml:3)'])
case("not_statistics: reason a number", {"annotations/a.yml": "document: doc\nnot_statistics:\n  - quote: 38 traffickers\n    reason: 5\n"}, ['annotations/a.yml:4: \'reason\' should be text, not the number 5. Put the value in quotes, e.g. reason: "5".'], left_out=["an exemption (annotations/a.yml:3)"])
case("not_statistics: reason missing", {"annotations/a.yml": "document: doc\nnot_statistics:\n  - quote: 38 traffickers\n"}, ['annotations/a.yml:3: missing required field \'reason\'. Why this number is not a statistic. e.g. reason: "A military rank, not a quantity."'], left_out=["an exemption (annotations/a.yml:3)"])
case("a term whose aliases are text", {"annotations/g.yml": "terms:\n  - term: NGO\n    definition: A group.\n    aliases: NGOs\n"}, ['annotations/g.yml:4: \'aliases\' should be a list, e.g. [a, b], not the text \'NGOs\'. e.g. aliases: ["NGOs", "non-governmental organization"]'])
case("a term whose see_also names no term", {"annotations/g.yml": "terms:\n  - term: NGO\n    definition: A group.\n    see_also: [Nothing]\n"}, ["annotations/g.yml:2: NGO: see_also names 'Nothing', which is not a glossary term. Add it to the glossary or fix the spelling."])
case("a topic description that is a list", {"annotations/t.yml": "topics:\n  - id: x\n    title: X\n    description: [a]\n"}, ["annotations/t.yml:4: x: 'description' should be text, not a list."])
case("a sidecar year as text", {"seeds/doc.yml": "title: Doc\nyear: twenty\n"}, ["seeds/doc.yml:2: 'year' should be a whole number, not the text 'twenty'."])
case("a sidecar source_url that is not a web address", {"seeds/doc.yml": "title: Doc\nsource_url: ftp://example.org/x\n"}, ["seeds/doc.yml:2: 'ftp://example.org/x' is not a web address. It must start with http:// or https://."])
case("a sidecar with an unknown field", {"seeds/doc.yml": "title: Doc\npublsher: Someone\n"}, ["seeds/doc.yml:2: unknown field 'publsher'; did you mean 'publisher'?"])
case("an unknown field with a close known one", {"annotations/a.yml": claim("    qoute: x\n")}, ["annotations/a.yml:6: a: unknown field 'qoute'; did you mean 'quote'?"], left_out=['a (annotations/a.yml:3)'])
case("an unknown field with none close", {"annotations/a.yml": claim("    colour: red\n")}, ["annotations/a.yml:6: a: unknown field 'colour'; allowed fields: approximate, attributed_to, blocks_comparison, id, note, parts, prefix, quote, related, series, sources, suffix, topics, type, unit, value, year."], left_out=['a (annotations/a.yml:3)'])
case("an unknown top-level key", {"annotations/a.yml": claim().replace("document:", "documnet:")}, ["annotations/a.yml:1: this file has 'annotations' but no 'document' saying which text they belong to. Add a line `document: <slug>` naming a file in seeds/ (without .txt).", "annotations/a.yml:1: unknown field 'documnet'; did you mean 'document'?"], left_out=['a (annotations/a.yml:3)'])
case("a topic without title", {"annotations/t.yml": "topics:\n  - id: x\n"}, ['annotations/t.yml:2: x: missing required field \'title\'. The topic\'s name as readers see it. e.g. title: "Prosecutions and convictions"'])
case("a term with a number as definition", {"annotations/g.yml": "terms:\n  - term: NGO\n    definition: 5\n"}, ['annotations/g.yml:3: \'definition\' should be text, not the number 5. Put the value in quotes, e.g. definition: "5".'])
case("non-UTF-8 bytes", {"annotations/a.yml": b"document: doc\nannotations:\n  - id: a\n    note: caf\xe9\n"}, ['annotations/a.yml:4: the text is not UTF-8 (byte 50). Save the file as UTF-8.'])
case("a byte-order mark", {"annotations/a.yml": "\ufeff" + claim()}, [], published=['a'])
case("CRLF line ends", {"annotations/a.yml": claim().replace("\n", "\r\n")}, [], published=['a'])
case("a tab for indentation", {"annotations/a.yml": entry("  - id: a\n\ttype: claim\n    quote: word alpha\n")}, ['annotations/a.yml:4: this is not valid YAML: found a tab character that violates indentation. YAML does not allow tabs for indentation; indent with spaces.'], left_out=['1 annotation in annotations/a.yml not loaded because of the error above'])
case("an alias bomb", {"annotations/a.yml": alias_bomb()}, ['annotations/a.yml:6: this value expands to more than 200,000 values (through aliases such as *name). Write the values out instead of repeating aliases.'])
case("an alias inside itself", {"annotations/a.yml": "x: &a [*a]\n"}, ['annotations/a.yml:1: an alias refers to the value that contains it. Remove the alias (*name) from inside its own anchor (&name).'])
case("lists nested 300 deep", {"annotations/a.yml": "x: " + "[" * 300 + "]" * 300 + "\n"}, ['annotations/a.yml:1: lists and mappings are nested more than 50 deep. Check the indentation: annotation files are only a few levels deep.'])
case("a 10 MB note", {"annotations/a.yml": claim("    note: " + "x" * 10_000_000 + "\n")}, ['annotations/a.yml: the file is 10,000,086 bytes; the limit is 5,000,000. Split it into smaller files.'])
case("a note of 45,000 [", {"annotations/a.yml": claim("    note: '" + "[" * 45_000 + "'\n")}, ["annotations/a.yml:6: a: 'note' is 45,000 characters long; the limit is 20,000. Shorten it; long explanations belong in a linked source."], left_out=['a (annotations/a.yml:3)'])
case("1,500 topics", {"annotations/t.yml": "topics:\n" + "".join(f"  - {{id: t{i}, title: T}}\n" for i in range(1500))}, ['annotations/t.yml:502: the site has 1,500 topics; the limit is 500, so this one and those after it were left out. Merge related entries.'])
case("a one-character quote", {"annotations/a.yml": claim(quote="a")}, ['annotations/a.yml:5: a: the quote occurs 18 times (the quote is in [brackets]): paragraph 1 (“First p[a]ragraph, with the word…”); paragraph 1 (“First par[a]graph, with the word…”); paragraph 1 (“First paragr[a]ph, with the word…”); paragraph 1 (“…with the word [a]lpha and 38 traffickers.”) and 14 more. Add a prefix or suffix to choose one.'], left_out=['a (annotations/a.yml:3)'])
case("a quote equal to a paragraph", {"annotations/a.yml": claim(quote="'Second paragraph: beta and gamma, alpha again.'")}, [], published=['a'])
case("a quote of one zero-width space", {"annotations/a.yml": claim(quote='"\\u200b"')}, ["annotations/a.yml:5: a: 'quote' contains the invisible character U+200B (\\u200b). Remove it: control characters and direction overrides are not allowed in these files."], left_out=['a (annotations/a.yml:3)'])
case("a quote of one non-breaking space", {"annotations/a.yml": claim(quote='"\\u00a0"')}, ["annotations/a.yml:5: a: the quote is empty. Copy the report's words into `quote:`."], left_out=['a (annotations/a.yml:3)'])
case("a quote with a right-to-left override", {"annotations/a.yml": claim(quote='"word \\u202ealpha"')}, ["annotations/a.yml:5: a: 'quote' contains the invisible character U+202E (word \\u202ealpha). Remove it: control characters and direction overrides are not allowed in these files."], left_out=['a (annotations/a.yml:3)'])
case("a quote with a non-breaking space for a space", {"annotations/a.yml": claim(quote='"word\\u00a0alpha"')}, [], published=['a'])
case("a composed accent against a decomposed seed", {"annotations/a.yml": claim(quote='"caf\\u00e9 alpha"')}, [], published=['a'], seed="Un cafe\u0301 alpha ici.\n")
case("a decomposed accent against a composed seed", {"annotations/a.yml": claim(quote='"cafe\\u0301 alpha"')}, [], published=['a'], seed="Un caf\u00e9 alpha ici.\n")
case("an id with an accent", {"annotations/a.yml": claim(id_="caf\u00e9")}, ["annotations/a.yml:3: café: 'café' is not a valid id: use lowercase letters, digits and single hyphens. Try 'cafe'."], left_out=['the entry (annotations/a.yml:3)'])
case("an id ending in a newline", {"annotations/a.yml": claim(id_='"a\\n"')}, ["annotations/a.yml:3: a\\n: 'a\\n' is not a valid id: use lowercase letters, digits and single hyphens. Try 'a'."], left_out=['the entry (annotations/a.yml:3)'])
case("an id with a right-to-left override", {"annotations/a.yml": claim(id_='"a\\u202eb"')}, ["annotations/a.yml:3: a\\u202eb: 'a\\u202eb' is not a valid id: use lowercase letters, digits and single hyphens. Try 'ab'."], left_out=['the entry (annotations/a.yml:3)'])
case("a document slug ending in a newline", {"annotations/a.yml": claim().replace("document: doc", 'document: "doc\\n"')}, ["annotations/a.yml:1: 'doc\\n' is not a valid document: use lowercase letters, digits and single hyphens. Try 'doc'."], left_out=['a (annotations/a.yml:3)'])
case("an id the pages use", {"annotations/a.yml": claim(id_="search")}, ["annotations/a.yml:3: search: the id 'search' is reserved: the site's pages use it for their own sections. Choose a more specific id, e.g. 'search-doc'."], left_out=['search (annotations/a.yml:3)'])
case("a title with control characters", {"seeds/doc.yml": 'title: "A\\x07B\\x1b[31m"\n'}, ["seeds/doc.yml:1: 'title' contains the invisible character U+0007 (A\\u0007B\\u001b[31m). Remove it: control characters and direction overrides are not allowed in these files."])
case("a title that is a list", {"seeds/doc.yml": "title: [a]\n"}, ['seeds/doc.yml:1: \'title\' should be text, not a list. e.g. title: "Cambodia 2022: Prosecution"'])
case("a *.YML file", {"annotations/A.YML": claim()}, [], published=['a'])
case("a folder named x.yml", {"annotations/x.yml/inner.yml": claim()}, [], published=['a'])
case("a folder named x.txt in seeds", {"seeds/x.txt/inner": "text"}, ['seeds/x.txt: this is a folder, not a file; it was skipped. Rename the folder.'])
case("an empty seed", {"annotations/a.yml": claim()}, ["annotations/a.yml:1: document 'doc' is not published: seeds/doc.txt is empty. Fix the text first. Everything in this file was left out.", "seeds/doc.txt: the text is empty; it was not published. Paste the report's text, one paragraph per line."], left_out=['a (annotations/a.yml:3)'], seed="")
case("a seed with a NUL byte", {}, ['seeds/doc.txt:1: the text contains a NUL character (a zero byte), which is not report text. Remove it, or re-export the text as plain UTF-8.'], seed="First\0 paragraph.\n")
case("a seed with a byte-order mark", {"annotations/a.yml": claim(quote="First paragraph")}, [], published=['a'], seed="\ufeffFirst paragraph.\n")
case("a seed with a lone carriage return", {}, ['seeds/doc.txt:1: the text has a carriage return (\\r) that does not end a line. Save the file with Unix (LF) or Windows (CRLF) line ends.'], seed="First\rparagraph.\n")
case("a seed with CRLF line ends", {"annotations/a.yml": claim()}, [], published=['a'], seed=SEED.replace("\n", "\r\n"))
case("a non-UTF-8 seed", {}, ['seeds/doc.txt:1: the text is not UTF-8 (byte 3). Save the file as UTF-8.'], seed=b"Caf\xe9.\n")
case("a seed linked to a system file", {"seeds/evil.txt": link("OUTSIDE/hostname"), "seeds/evil.yml": "title: Evil\n"}, ['seeds/evil.txt: this is a link to OUTSIDE/hostname, outside the project; it was not read. Only files inside the project are published: copy the file into the project instead of linking to it.'])
case("a sidecar linked to a system file", {"seeds/doc.yml": link("OUTSIDE/hostname")}, ['seeds/doc.yml: this is a link to OUTSIDE/hostname, outside the project; it was not read. Only files inside the project are published: copy the file into the project instead of linking to it.'])
case("an annotation file linked outside", {"annotations/out.yml": link("OUTSIDE/hostname")}, ['annotations/out.yml: this is a link to OUTSIDE/hostname, outside the project; it was not read. Only files inside the project are published: copy the file into the project instead of linking to it.'])
case("an annotations folder linked outside", {"annotations/ext": link("OUTSIDE/etc")}, ['annotations/ext: this is a link to OUTSIDE/etc, outside the project; it was not read. Only files inside the project are published: copy the file into the project instead of linking to it.'])
case("a dangling link", {"annotations/gone.yml": link("/nonexistent/x.yml")}, ['annotations/gone.yml: this is a link to something that does not exist; it was skipped. Remove the link or restore its target.'])
case("a topic id the pages use", {"annotations/t.yml": "topics:\n  - {id: index, title: Index}\n"}, ["annotations/t.yml:2: index: the topic id 'index' is reserved: topics/index/ is the list of all topics. Choose another id, e.g. 'index-of-cases'."])
case("a note with a bell character (Markdown is sanitized)", {"annotations/a.yml": claim('    note: "ring \\x07 bell"\n')}, [], published=["a"])
case("a note with a right-to-left override", {"annotations/a.yml": claim('    note: "a \\u202e b"\n')}, ["annotations/a.yml:6: a: 'note' contains the invisible character U+202E (a \\u202e b). Remove it: control characters and direction overrides are not allowed in these files."], left_out=["a (annotations/a.yml:3)"])
case("a link inside the project", {"annotations/real/a.yml": claim(), "annotations/alias.yml": link("real/a.yml")}, [], published=['a'])
case("a quote of one combining accent", {"annotations/a.yml": claim(quote='"\\u0301"')}, ["annotations/a.yml:5: a: the quote has no visible characters (\\u0301). Copy the report's words into `quote:`."], left_out=['a (annotations/a.yml:3)'])
case("a quote found 1,200 times", {"annotations/a.yml": claim(quote="alpha")}, ['annotations/a.yml:5: a: the quote occurs 1,200 times; a quote must be long enough to be found in one place or a few. Quote more of the sentence: a few words rather than a character or a common word.'], left_out=['a (annotations/a.yml:3)'], seed="alpha " * 1200 + "\n")
case("a quote found 1,200 times, with a prefix", {"annotations/a.yml": claim("    prefix: omega\n", quote="alpha")}, [], published=['a'], seed="alpha " * 1200 + "omega alpha.\n")
case("a pipe named like an annotation file", {"annotations/p.yml": lambda path: os.mkfifo(path)}, ['annotations/p.yml: this is not a regular file (a device or a pipe); it was skipped.'])


case("a link to itself", {"annotations/self.yml": link("self.yml")}, ['annotations/self.yml: this is a link that leads round in a loop (back to itself, through other links or not); it was skipped. Remove the link, or point it at a file inside the project.'])
case("two links to each other", {"annotations/a.yml": link("b.yml"), "annotations/b.yml": link("a.yml")}, ['annotations/a.yml: this is a link that leads round in a loop (back to itself, through other links or not); it was skipped. Remove the link, or point it at a file inside the project.', 'annotations/b.yml: this is a link that leads round in a loop (back to itself, through other links or not); it was skipped. Remove the link, or point it at a file inside the project.'])
case("a folder linked to itself", {"annotations/sub": link("sub")}, ['annotations/sub: this is a link that leads round in a loop (back to itself, through other links or not); it was skipped. Remove the link, or point it at a file inside the project.'])
case("a seed linked to itself", {"seeds/loop.txt": link("loop.txt")}, ['seeds/loop.txt: this is a link that leads round in a loop (back to itself, through other links or not); it was skipped. Remove the link, or point it at a file inside the project.'])
case("a hard link to an outside glossary", {"annotations/g.yml": hard_link("OUTSIDE/glossary.yml")}, ['annotations/g.yml: this file has 2 hard links: the same file is also elsewhere, perhaps outside the project; it was not read. Replace it with a copy of its own (copy it, delete the original name here, rename the copy).'])
case("a seed hard-linked to an outside text", {"seeds/doc.txt": hard_link("OUTSIDE/hostname")}, ['seeds/doc.txt: this file has 2 hard links: the same file is also elsewhere, perhaps outside the project; it was not read. Replace it with a copy of its own (copy it, delete the original name here, rename the copy).'])


@dataclass(frozen=True)
class Printed:
    """What `annotated-report check` printed for a case, and what the run touched outside the project."""

    problems: list[str]
    published: int
    left_out: list[str]
    exit_code: int
    output: str
    opened_outside: list[str]


_LEFT_OUT = re.compile(r"^[\d,]+ annotation\(s\) would be left out: (.*)$")
_SUMMARY = re.compile(r"^([\d,]+) annotations in [\d,]+ document\(s\); ")


def run(case_: Case, tmp: Path) -> Printed:
    """Lay out the case's project under `tmp`, run `annotated-report check` on it (in this
    process, as an editor would in theirs), and return what it printed, read back line by line."""
    from click.testing import CliRunner

    from annotated_report.cli import cli
    from canary import Watched

    outside = lay_out_outside(tmp)
    root = tmp / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "annotations").mkdir()
    if case_.seed is not None:
        (root / "seeds" / "doc.txt").write_bytes(case_.seed if isinstance(case_.seed, bytes) else case_.seed.encode())
        (root / "seeds" / "doc.yml").write_text("title: Doc\n", encoding="utf-8")
    for name, content in case_.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            _LINK_BASE[0] = outside
            content(path)
        else:
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with Watched(outside) as watched:
        result = CliRunner().invoke(cli, ["--root", str(root), "check"])
    shown = str(outside.resolve())
    lines = [line.replace(shown, OUTSIDE) for line in result.stdout.splitlines()]
    left_out: list[str] = []
    if lines and (match := _LEFT_OUT.match(lines[-1])):
        left_out = re.split(r"(?<=\)), ", match.group(1))
        lines.pop()
    summary = _SUMMARY.match(result.stderr.splitlines()[-1]) if result.stderr else None
    published = int(summary.group(1).replace(",", "")) if summary else -1
    return Printed(lines, published, left_out, result.exit_code, result.stdout + result.stderr, sorted(set(watched.opened)))


def lay_out_outside(tmp: Path) -> Path:
    """A folder outside the project: a text, a glossary, an `etc/`, and canary pipes named like
    inputs (a read of one would wait for a writer; the kernel's report of opens catches it first)."""
    outside = tmp / "outside"
    (outside / "etc").mkdir(parents=True)
    (outside / "hostname").write_text("a file outside the project\n", encoding="utf-8")
    (outside / "glossary.yml").write_text("terms:\n  - term: SECRET-OUTSIDE\n    definition: Outside text.\n", encoding="utf-8")
    for name in ("canary.yml", "canary.txt", "etc/canary.yml"):
        os.mkfifo(outside / name)
    return outside


# --- configuration and links, through a real MkDocs build and `annotated-report check` ------------


@dataclass(frozen=True)
class ConfigCase:
    """A hostile or careless mkdocs.yml (or tree); `refused`: building is impossible (the build
    stops with the messages, `check` exits 2); otherwise the file is skipped with a warning."""

    name: str
    messages: list[str]
    options: str = ""  # lines under `- annotated-report:`
    top: str = ""  # top-level lines of mkdocs.yml
    tree: Callable[[Path], None] | None = None
    refused: bool = True


_REPORTS_FIX = "Set reports_dir to a plain folder name under the site, such as reports (letters, digits, '-', '_', '.', '~'; '/' between folders)."
_CACHE_FIX = "Set cache_dir to a folder of its own inside the project, such as .cache/plugin/annotated-report, or set `cache: false`."
_URL_FIX = "Set {0} to a web address starting with https:// (or http://)."
_EDIT_FIX = "Set edit_uri to a web address starting with https:// (or http://), or a path relative to repo_url such as edit/main/docs/."


def _input_fix(option: str) -> str:
    return f"Set {option} to a folder inside the project, relative to mkdocs.yml (e.g. {option.removesuffix('_dir')})."


def _tree_link(name: str, target: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        os.symlink(target.replace(OUTSIDE, str(root.parent / "outside")), root / name)

    return make


def _tree_hard_link(name: str, target: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        os.link(target.replace(OUTSIDE, str(root.parent / "outside")), root / name)

    return make


CONFIG_CASES = [
    ConfigCase("reports_dir: ../x", ["mkdocs.yml: the option reports_dir ('../x') has a '.' or '..' folder: report pages must be written inside the site folder. " + _REPORTS_FIX], options="reports_dir: ../x"),
    ConfigCase("reports_dir: ../seeds", ["mkdocs.yml: the option reports_dir ('../seeds') has a '.' or '..' folder: report pages must be written inside the site folder. " + _REPORTS_FIX], options="reports_dir: ../seeds"),
    ConfigCase("reports_dir: /", ["mkdocs.yml: the option reports_dir ('/') is empty: report pages would be written at the top of the filesystem. " + _REPORTS_FIX], options="reports_dir: /"),
    ConfigCase("reports_dir: ''", ["mkdocs.yml: the option reports_dir ('') is empty: report pages would be written at the top of the filesystem. " + _REPORTS_FIX], options="reports_dir: ''"),
    ConfigCase("reports_dir: ../../…/tmp/far", ["mkdocs.yml: the option reports_dir ('../../../../../../../../../../tmp/far') has a '.' or '..' folder: report pages must be written inside the site folder. " + _REPORTS_FIX], options="reports_dir: ../../../../../../../../../../tmp/far"),
    ConfigCase("reports_dir: /srv/www", ["mkdocs.yml: the option reports_dir ('/srv/www') is an absolute path: report pages must be written inside the site folder. " + _REPORTS_FIX], options="reports_dir: /srv/www"),
    ConfigCase("cache_dir: annotations", ["mkdocs.yml: the option cache_dir ('annotations') is the annotations_dir folder: its .gitignore of '*' would hide the editors' new files from git. " + _CACHE_FIX], options="cache_dir: annotations"),
    ConfigCase("cache_dir: seeds", ["mkdocs.yml: the option cache_dir ('seeds') is the seeds_dir folder: its .gitignore of '*' would hide the editors' new files from git. " + _CACHE_FIX], options="cache_dir: seeds"),
    ConfigCase("cache_dir: site", ["mkdocs.yml: the option cache_dir ('site') is the site_dir folder: the cache would be published on the site, unsanitized. " + _CACHE_FIX], options="cache_dir: site"),
    ConfigCase("cache_dir: docs", ["mkdocs.yml: the option cache_dir ('docs') is the docs_dir folder: the cache would be published on the site, unsanitized. " + _CACHE_FIX], options="cache_dir: docs"),
    ConfigCase("cache_dir: .", ["mkdocs.yml: the option cache_dir ('.') is the project folder itself: the cache would hide the whole project from git (it writes a .gitignore of '*'). " + _CACHE_FIX], options="cache_dir: ."),
    ConfigCase("cache_dir: ../cache", ["mkdocs.yml: the option cache_dir ('../cache') leads outside the project (to TMP/cache): nothing is written outside it but the site. " + _CACHE_FIX], options="cache_dir: ../cache"),
    ConfigCase("edit_uri: javascript://%0aalert()", ["mkdocs.yml: the option edit_uri ('javascript://%0aalert()') is a javascript: address; only http and https links are published. " + _EDIT_FIX], top='repo_url: https://github.com/o/r\nedit_uri: "javascript://%0aalert()"'),
    ConfigCase("edit_uri: JavaScript:alert(1)", ["mkdocs.yml: the option edit_uri ('JavaScript:alert(1)') is a javascript: address; only http and https links are published. " + _EDIT_FIX], top='repo_url: https://github.com/o/r\nedit_uri: "JavaScript:alert(1)"'),
    ConfigCase("site_url: …\"><script>", ["mkdocs.yml: the option site_url ('https://example.org/\"><script>alert(1)</script>') contains the character “\"”, which would break out of the links made from it (or hide what they lead to). " + _URL_FIX.format("site_url")], top="site_url: 'https://example.org/\"><script>alert(1)</script>'"),
    ConfigCase("seeds_dir: ../..", ["mkdocs.yml: the option seeds_dir ('../..') leads outside the project (to TMP/..): nothing outside it is read. " + _input_fix("seeds_dir")], options="seeds_dir: ../.."),
    ConfigCase("seeds_dir: ../outside", ["mkdocs.yml: the option seeds_dir ('../outside') leads outside the project (to TMP/outside): nothing outside it is read. " + _input_fix("seeds_dir")], options="seeds_dir: ../outside"),
    ConfigCase("annotations_dir: /etc", ["mkdocs.yml: the option annotations_dir ('/etc') leads outside the project (to /etc): nothing outside it is read. " + _input_fix("annotations_dir")], options="annotations_dir: /etc"),
    ConfigCase("annotations_dir: /proc", ["mkdocs.yml: the option annotations_dir ('/proc') leads outside the project (to /proc): nothing outside it is read. " + _input_fix("annotations_dir")], options="annotations_dir: /proc"),
    ConfigCase("annotations_dir: a link out", ["mkdocs.yml: the option annotations_dir ('linked') leads outside the project (to TMP/outside): nothing outside it is read. " + _input_fix("annotations_dir")], options="annotations_dir: linked", tree=_tree_link("linked", OUTSIDE)),
    ConfigCase("site_dir: annotations", ["mkdocs.yml: the option annotations_dir ('annotations') overlaps the site folder (site_dir), which every build empties and writes. " + _input_fix("annotations_dir")], top="site_dir: annotations"),
    ConfigCase("annotations/self.yml -> self.yml", ["annotations/self.yml: this is a link that leads round in a loop (back to itself, through other links or not); it was skipped. Remove the link, or point it at a file inside the project."], tree=_tree_link("annotations/self.yml", "self.yml"), refused=False),
    ConfigCase("annotations/g.yml hard-linked outside", ["annotations/g.yml: this file has 2 hard links: the same file is also elsewhere, perhaps outside the project; it was not read. Replace it with a copy of its own (copy it, delete the original name here, rename the copy)."], tree=_tree_hard_link("annotations/g.yml", OUTSIDE + "/glossary.yml"), refused=False),
    ConfigCase("annotations/out.yml -> outside", ["annotations/out.yml: this is a link to TMP/outside/glossary.yml, outside the project; it was not read. Only files inside the project are published: copy the file into the project instead of linking to it."], tree=_tree_link("annotations/out.yml", OUTSIDE + "/glossary.yml"), refused=False),
]


@dataclass(frozen=True)
class Built:
    """What a strict MkDocs build and `annotated-report check` printed, and what they touched."""

    build_error: str | None
    build_warnings: list[str]
    check_exit: int
    check_output: str
    written_outside_site: list[str]  # or deleted, as `mkdocs build` empties `site_dir` first
    opened_outside: list[str]
    published_outside: bool


def run_config(case_: ConfigCase, tmp: Path) -> Built:
    """Lay out a project with the case's mkdocs.yml and tree; build it strictly with MkDocs, then
    run `annotated-report check`, both in this process; TMP stands for `tmp` in what they print."""
    import logging

    from click.testing import CliRunner
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    from annotated_report.cli import cli
    from canary import Watched
    from helpers import make_project

    outside = lay_out_outside(tmp)
    root = make_project(tmp / "project", {"a.yml": "document: cambodia-2022-prosecution\nannotations: []\n"})
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    if case_.options:
        config = config.replace("  - annotated-report\n", "  - annotated-report:\n" + "".join(f"      {line}\n" for line in case_.options.splitlines()))
    if case_.top:
        if case_.top.startswith("site_url"):
            config = re.sub(r"^site_url: .*\n", "", config, flags=re.M)
        config = case_.top + "\n" + config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    if case_.tree is not None:
        case_.tree(root)
    before = _files_outside_site(tmp)
    warnings: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warnings.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    error: str | None = None
    with Watched(outside) as watched:
        try:
            mkdocs_build(load_config(str(root / "mkdocs.yml"), strict=True))  # site_dir as mkdocs.yml says (default: site/)
        except Abort as aborted:
            error = f"Aborted: {aborted}"
        except MkDocsException as stopped:
            error = str(stopped)
        finally:
            logger.removeHandler(handler)
        checked = CliRunner().invoke(cli, ["--root", str(root), "check"])
    site_text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (root / "site").rglob("*") if p.is_file()) if (root / "site").exists() else ""
    real_tmp = str(Path(os.path.realpath(tmp)))

    def shown(text: str) -> str:
        return text.replace(real_tmp, "TMP").replace(str(tmp), "TMP").replace(str(Path(real_tmp).parent), "TMP/..")

    return Built(
        build_error=shown(error) if error is not None else None,
        build_warnings=[shown(w) for w in warnings],
        check_exit=checked.exit_code,
        check_output=shown(checked.stdout + checked.stderr),
        written_outside_site=_changes(before, _files_outside_site(tmp)),
        opened_outside=sorted(set(watched.opened)),
        published_outside="SECRET-OUTSIDE" in site_text,
    )


def _changes(before: set[str], after: set[str]) -> list[str]:
    """Files written (new or changed) and files deleted, between two `_files_outside_site`."""
    names_after = {entry.rsplit("@", 1)[0] for entry in after}
    deleted = {entry.rsplit("@", 1)[0] for entry in before} - names_after
    return sorted(after - before) + [f"deleted: {name}" for name in sorted(deleted)]


def _files_outside_site(tmp: Path) -> set[str]:
    """Every file under `tmp` and at the places a hostile option aims at, except the built site
    and the default cache, with its modification time (a file written again counts)."""
    found = set()
    for path in [*tmp.rglob("*"), *(Path(p) for p in ("/cambodia-2022-prosecution", "/cambodia-2022-prosecution.txt", "/tmp/far", "/srv/www"))]:
        if not path.exists() or path.is_dir():
            continue
        name = path.relative_to(tmp).as_posix() if path.is_relative_to(tmp) else str(path)
        if not name.startswith(("project/site/", "project/.cache/")):
            found.add(f"{name}@{path.lstat().st_mtime_ns}")
    return found


def markdown_table() -> str:
    """The matrix as a Markdown table: input, the problems it gives, and what is published."""
    rows = ["| Input | Message | Result |", "| --- | --- | --- |"]
    for case_ in CASES:
        messages = "<br>".join(f"`` {problem} ``".replace("|", "\\|") for problem in case_.problems) or "(none)"
        if case_.published and not case_.left_out:
            result = f"published: {', '.join(case_.published)}"
        elif case_.left_out:
            result = f"left out: {len(case_.left_out)}" + (f"; published: {', '.join(case_.published)}" if case_.published else "")
        else:
            result = "refused (nothing published from it)"
        rows.append(f"| {case_.name} | {messages} | {result} |")
    rows.extend(_EXTRA_ROWS)
    for config_case in CONFIG_CASES:
        messages = "<br>".join(f"`` {message} ``".replace("|", "\\|") for message in config_case.messages)
        result = ("`mkdocs build` stops (nothing read or written); `check` exits 2" if config_case.refused
                  else "skipped with a warning (a strict build fails); `check` exits 1")
        rows.append(f"| {config_case.name} | {messages} | {result} |")
    return "\n".join(rows) + "\n"


#: Cases tested on their own in test_bad_input.py (long outputs), summarized.
_EXTRA_ROWS = [
    "| 5,000 annotations on one paragraph | `` annotations/a.yml:303: a100: paragraph 1 of doc has 5,000 annotations; the limit is 100, so this one and the 4,899 after it "
    "were left out. Merge annotations that say the same thing, or annotate the passage once. `` | the first 100 published; 4,900 left out and listed |",
    "| a 1 MB note reused by YAML aliases in 200 annotations | `` annotations/a.yml:6: a0: 'note' is 1,000,000 characters long; the limit is 20,000. Shorten it; "
    "long explanations belong in a linked source. `` (one per annotation) | all 200 left out and listed |",
    "| `annotations_dir` given as `../elsewhere/annotations` | `` ../elsewhere/annotations: the annotations folder is outside the project; it was not read. "
    "Keep seeds/ and annotations/ inside the project folder. `` | refused |",
    "| a real MkDocs build with seeds linked outside, an alias bomb, `.nan`, deep nesting, a quote forging a log line | each its warning, on one line, no escape codes | "
    "plain build completes without the outside text anywhere in `site/`; `--strict` aborts |",
]


if __name__ == "__main__":
    sys.stdout.write(markdown_table())


# --- Markdown shapes (issue 19, item 3): hostile notes at the length limit --------------------
# Appended as a block of its own: the notes, definitions and descriptions of these shapes must
# render without a traceback, a recursion error or a crawl (render/markdown_convert.py). The
# texts are used by tests/test_markdown_convert.py and benchmarks/markdown_parsers.py; the
# families follow the issue and cmark's pathological tests.

from annotated_report.limits import MAX_NOTE_CHARS  # noqa: E402


def _filled(unit: str, head: str = "", tail: str = "") -> str:
    """`unit` repeated to a note of exactly MAX_NOTE_CHARS characters (between head and tail)."""
    room = MAX_NOTE_CHARS - len(head) - len(tail)
    return head + (unit * (room // len(unit) + 1))[:room] + tail


def _lines(make: Callable[[int], str]) -> str:
    """Lines make(0), make(1), ... while they fit in MAX_NOTE_CHARS characters."""
    out: list[str] = []
    size = 0
    for depth in range(MAX_NOTE_CHARS):
        line = make(depth) + "\n"
        if size + len(line) > MAX_NOTE_CHARS:
            break
        out.append(line)
        size += len(line)
    return "".join(out)


MARKDOWN_SHAPES: dict[str, str] = {
    "`1. ` × 700 (2,100 characters)": "1. " * 700,
    "`1. ` one line": _filled("1. "),
    "`1.` one a line": _filled("1.\n"),
    "`- ` one line": _filled("- "),
    "`- a` nested, 2 more spaces a line": _lines(lambda depth: "  " * depth + "- a"),
    "`1. a` nested, 3 more spaces a line": _lines(lambda depth: "   " * depth + "1. a"),
    "`- a` nested, 4 more spaces a line": _lines(lambda depth: "    " * depth + "- a"),
    "`[`": _filled("["),
    "`]`": _filled("]"),
    "`![`": _filled("!["),
    "`[` × n `a` `]` × n": "[" * (MAX_NOTE_CHARS // 2 - 1) + "ab" + "]" * (MAX_NOTE_CHARS // 2 - 1),
    "`[a](`": _filled("[a]("),
    "`[a](<b`": _filled("[a](<b"),
    '`[a](b "c`': _filled('[a](b "c'),
    "`[a](b)` (many links)": _filled("[a](b) "),
    "`[a][b]` (undefined references)": _filled("[a][b] "),
    "`[a]: b` (many definitions)": _filled("[a]: b\n"),
    "`*`": _filled("*"),
    "`*a`": _filled("*a"),
    "`a*`": _filled("a* "),
    "`_`": _filled("_"),
    "`_a `": _filled("_a "),
    "`a_ `": _filled("a_ "),
    "`*a_ `": _filled("*a_ "),
    "`a**b` then `c* `": _filled("c* ", head="a**b" * 2000),
    "`[ a_`": _filled("[ a_"),
    "`*a **a ` … `b` … ` a** a*`": "*a **a " * 1428 + "b" + " a** a*" * 1428,
    "`>`": _filled(">"),
    "`> `": _filled("> "),
    "`> - ` (quotes and lists)": _filled("> - "),
    "`` ` ``": _filled("`"),
    "backtick runs of growing length": "".join(f"e{'`' * n}" for n in range(1, 199)),
    "`|` only": _filled("|"),
    "a table 2,499 columns wide": "| a " * 2499 + "|\n" + "|---" * 2499 + "|\n",
    "a table of 2,000 rows": "| a | b |\n|---|---|\n" + _filled("| 1 | 2 |\n", head="| a | b |\n|---|---|\n")[22:],
    "`<`": _filled("<"),
    "`<a `": _filled("<a "),
    '`<a href="`': _filled('<a href="'),
    "`<!--`": _filled("<!--"),
    "`<div>`": _filled("<div>"),
    "`<![CDATA[`": _filled("<![CDATA["),
    "`&#`": _filled("&#"),
    "`\\`": _filled("\\"),
    "line breaks only": _filled("\n"),
    "`    ` (indented code)": _filled("    a\n"),
    "```` ``` ```` (fences)": _filled("```\n"),
}

_MARKDOWN_ROW = (
    f"| a note of each of the {len(MARKDOWN_SHAPES)} hostile Markdown shapes of `MARKDOWN_SHAPES` (brackets, images, list markers, nested lists, emphasis runs, "
    "quotes, links, backticks, tables, HTML), up to 20,000 characters | (none) | all published, the export whole (a real build in "
    "tests/test_markdown_convert.py); none recurses past a fixed depth; times in benchmarks/markdown_parsers.py |"
)
_EXTRA_ROWS.append(_MARKDOWN_ROW)
if __name__ == "__main__":  # the table was printed above, before this block was read: this is its last row
    sys.stdout.write(_MARKDOWN_ROW + "\n")
