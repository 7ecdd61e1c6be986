# ruff: noqa: E501  (the matrix holds exact messages, one case per line, as they are printed)
"""The bad-input matrix: hostile or broken files, each with the exact problems it must give.

Used by tests/test_bad_input.py; `python tests/bad_input_cases.py` prints the matrix as a
Markdown table (input, message, result) for the issue's closing note.
"""

from __future__ import annotations

import os
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
case("value: above 1e308", {"annotations/a.yml": statistic("    value: 1.0e+309\n")}, ['annotations/a.yml:7: 1.0e+309 is not a finite number (numbers above about 1e308, .nan and .inf are refused). Write a real figure, or put the value in quotes if it is text.'], left_out=['a (annotations/a.yml:3)'])
case("value: .nan", {"annotations/a.yml": statistic("    value: {min: .nan}\n")}, ['annotations/a.yml:7: .nan is not a finite number (numbers above about 1e308, .nan and .inf are refused). Write a real figure, or put the value in quotes if it is text.'], left_out=['a (annotations/a.yml:3)'])
case("value: -.inf", {"annotations/a.yml": statistic("    value: {max: -.inf}\n")}, ['annotations/a.yml:7: -.inf is not a finite number (numbers above about 1e308, .nan and .inf are refused). Write a real figure, or put the value in quotes if it is text.'], left_out=['a (annotations/a.yml:3)'])
case("value: 5,000 digits", {"annotations/a.yml": statistic("    value: " + "9" * 5000 + "\n")}, ['annotations/a.yml:7: a number of 5,000 digits is too long (the limit is 30). Write a real figure, or put the value in quotes if it is text.'], left_out=['a (annotations/a.yml:3)'])
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
case("a tab for indentation", {"annotations/a.yml": entry("  - id: a\n\ttype: claim\n    quote: word alpha\n")}, ['annotations/a.yml:4: this is not valid YAML: found a tab character that violates indentation. YAML does not allow tabs for indentation; indent with spaces.'], left_out=['a (annotations/a.yml:3)'])
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


def run(case_: Case, tmp: Path) -> tuple[list[str], list[str], list[str]]:
    """Lay out the case's project under `tmp`, build it, return (problems, published ids, left out)."""
    from annotated_report.build import build_site

    outside = tmp / "outside"
    (outside / "etc").mkdir(parents=True)
    (outside / "hostname").write_text("a file outside the project\n", encoding="utf-8")
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
    site = build_site(root / "seeds", root / "annotations", root)
    shown = str(outside.resolve())
    return [str(problem).replace(shown, OUTSIDE) for problem in site.problems], [a.id for a in site.annotations], [str(entry) for entry in site.left_out]


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
