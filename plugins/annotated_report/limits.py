"""Size limits on editors' files, and the one way to echo an editor's value in a message.

Where size is the attack (a note of 45,000 `[`, a YAML alias bomb, 1,500 topics), the
build refuses with a message instead of running for minutes or writing gigabytes. The
limits are far above what a real report needs; README.md lists them.
"""

from __future__ import annotations

import unicodedata

#: Bytes in one YAML file (annotations, topics, glossary, seed metadata).
MAX_YAML_BYTES = 5_000_000
#: Bytes in one seed text.
MAX_SEED_BYTES = 50_000_000
#: Values in one YAML file after aliases (`*name`) are expanded: stops alias bombs.
MAX_YAML_NODES = 200_000
#: Lists and mappings nested inside each other.
MAX_YAML_DEPTH = 50
#: Digits in a whole number (Python refuses to read more than 4,300).
MAX_INTEGER_DIGITS = 30
#: Characters in a note (Markdown rendering time grows with its length).
MAX_NOTE_CHARS = 20_000
#: Characters in any other text field (a quote, a title, a definition).
MAX_TEXT_CHARS = 5_000
#: Annotations whose quote starts in the same paragraph.
MAX_ANNOTATIONS_PER_PARAGRAPH = 100
#: Topics in the whole site (every page's navigation lists them).
MAX_TOPICS = 500
#: Glossary terms in the whole site.
MAX_TERMS = 2_000
#: Aliases (other spellings) of one glossary term.
MAX_ALIASES_PER_TERM = 50
#: Terms and aliases together in the whole site: every paragraph is matched against all of
#: them (2,000 terms x 90 aliases took 39 s to build).
MAX_GLOSSARY_NAMES = 10_000
#: Characters on `annotated-report`'s command line, all arguments together (click's parser
#: slows down with the number of words: 200,000 words took 6 s before any limit was checked).
MAX_COMMAND_LINE_CHARS = 50_000
#: Characters `annotated-report find` looks for (a quote is at most `MAX_TEXT_CHARS`).
MAX_FIND_CHARS = MAX_TEXT_CHARS
#: Characters of a query for which `find` and `new` still search for the closest passage
#: (a fuzzy search whose cost grows with the query times the text).
MAX_CLOSEST_CHARS = 1_000
#: Lines `annotated-report stats` prints per list (the JSON format lists them all).
MAX_STATS_LINES = 200
#: Occurrences of a quote examined to choose one by prefix/suffix.
MAX_OCCURRENCES = 1_000
#: Bytes of the cache of rendered Markdown read at the start of a build (a larger file is
#: ignored and replaced): ~1 KB a note, so 20,000 notes take ~20 MB.
MAX_CACHE_BYTES = 500_000_000
#: How deep a note's blocks (a quote: one level, a list: two) and links may nest before the
#: Markdown parser stops descending (`render/markdown_convert.py`; a note nested deeper is
#: shown as written). Half CommonMark's usual 20: the work on a run of unclosed brackets is
#: about its length × this, so a 20,000-character note of `![` takes half the time.
MAX_MARKDOWN_NESTING = 10

#: Annotation ids that the theme, the plugin or the reader's script use as page fragments:
#: an annotation with one of these ids would take over a link meant for them. (The others the
#: pages use, `paragraph_3`, `note_x`, Material's `__search`, cannot be ids: ids have no `_`.)
RESERVED_IDS = frozenset({"top", "content", "main", "search", "legend", "notes", "documents", "by-type", "by-topic", "glossary", "data", "over-time"})

#: Topic ids that would take the place of a page of their own (`topics/index` lists all topics).
RESERVED_TOPIC_IDS = frozenset({"index"})

#: Unicode categories shown as escapes in messages: controls, format characters (zero-width
#: characters, right-to-left overrides), line and paragraph separators, unassigned, surrogates.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cn", "Cs", "Co"})


def is_unsafe_char(char: str) -> bool:
    """A character that would break or forge a log line, or hide what it is."""
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


#: Invisible characters that real text uses: soft hyphen and the joiners of emoji and Indic scripts.
ALLOWED_FORMAT = frozenset("\u00ad\u200c\u200d")


def is_refused_in_text(char: str) -> bool:
    """A character no text field of an editor's file may hold (the schema refuses it, and the
    commands that write files refuse it before writing): unsafe, apart from tab, line breaks
    and the invisible characters real text uses."""
    return char not in "\t\n\r" and is_unsafe_char(char) and char not in ALLOWED_FORMAT


def clean(text: str) -> str:
    """`text` with every unsafe character written as an escape (`\\n`, `\\u202e`)."""
    # A printable text has no unsafe character: `str.isprintable` is False for every category
    # in `_UNSAFE_CATEGORIES` (tests/test_limits_clean.py), so no per-character look-up is needed.
    if text.isprintable() and not (text and unicodedata.combining(text[0])):
        return text
    out: list[str] = []
    for char in text:
        if char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif is_unsafe_char(char) or (not out and unicodedata.combining(char)):  # a lone accent would sit on the quote mark
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        else:
            out.append(char)
    return "".join(out)


def safe_repr(value: object, limit: int = 60) -> str:
    """An editor's value as it may appear in a message: escaped, and cut after `limit` characters."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = str(value).lower()
    elif isinstance(value, int):
        digits = len(str(abs(value))) if value.bit_length() < 10_000 else None
        text = str(value) if digits is not None and digits <= limit else "a number too long to show"
    else:
        text = str(value) if isinstance(value, float) else type(value).__name__
    if len(text) > limit:
        text = text[:limit] + f"… ({len(text):,} characters)"
    return clean(text)
