# ruff: noqa: F405  (names from the shared fixture, reader_site)
"""render/html.without_indentation: generated pages are written without the theme's
indentation and blank lines, and read, look and parse the same."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from annotated_report.render.html import without_indentation
from reader_site import *  # noqa: F403  (the shared fixture: constants, helpers, `site` and `flat`)

#: Elements whose whitespace is kept as written.
VERBATIM = ("pre", "code", "kbd", "textarea", "script", "style")


class Events(HTMLParser):
    """A page as a parser reads it: tags with their attributes exactly, comments, and text
    (each whitespace run as one space, except inside the verbatim elements: exactly)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[object, ...]] = []
        self.inside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, tuple(attrs)))
        if tag in VERBATIM:
            self.inside.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_data(self, data: str) -> None:
        if not self.inside:
            data = re.sub(r"[ \t\n\r\f]+", " ", data)
        if self.events and self.events[-1][0] == "text":
            data = str(self.events.pop()[1]) + data
        self.events.append(("text", data if self.inside else re.sub(" +", " ", data)))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))


def events(page: str) -> list[tuple[object, ...]]:
    parser = Events()
    parser.feed(page)
    parser.close()
    return parser.events


def outside_verbatim(page: str) -> str:
    return re.sub(r"<(pre|code|kbd|textarea|script|style)\b.*?</\1\s*>", "<verbatim/>", page, flags=re.DOTALL | re.IGNORECASE)


def test_indentation_and_blank_lines_go_and_verbatim_elements_keep_theirs():
    page = (
        '<nav>\n    <ul>\n\n      <li><a href="#a" title="x  y">A</a>\n      </li>\n  </ul>\n</nav>\n'
        "<pre>  x\n    y\n</pre>\n   <p>one \n\t two\u00a0\n\u00a0three</p>\n"
        '  <code>a\n   b</code> <script>\n  var s = 1;\n</script><textarea>\n  t</textarea>'
        "<KBD>k\n  k</KBD><style>\n  p {}\n</style>\n\n"
    )
    assert without_indentation(page) == (
        '<nav>\n<ul>\n<li><a href="#a" title="x  y">A</a>\n</li>\n</ul>\n</nav>\n'
        "<pre>  x\n    y\n</pre>\n<p>one \ntwo\u00a0\n\u00a0three</p>\n"  # a no-break space is text
        '<code>a\n   b</code> <script>\n  var s = 1;\n</script><textarea>\n  t</textarea>'
        "<KBD>k\n  k</KBD><style>\n  p {}\n</style>\n"
    )
    assert events(without_indentation(page)) == events(page)


def test_a_theme_page_parses_to_the_same_document_without_its_indentation(site):
    """The home page is the editor's own (written as the theme made it): the same page without
    indentation has the same tags, attributes, comments, scripts and words."""
    page = site.file(site.url("index")).read_text(encoding="utf-8")
    assert re.search(r"\n {4,}<", outside_verbatim(page)), "the theme indents its templates"
    lean = without_indentation(page)
    # Nearly all the theme's indentation goes (measured against the indentation itself, not the
    # page's length, which grows with the generated overview the page carries).
    indentation = sum(len(m) - 1 for m in re.findall(r"\n[ \t\r\f\n]+", outside_verbatim(page)))
    assert indentation > 0.15 * len(page)
    assert len(page) - len(lean) >= 0.9 * indentation, (len(page), len(lean), indentation)
    assert events(lean) == events(page)
    assert without_indentation(lean) == lean


@pytest.mark.parametrize("which", ["site", "flat"])
def test_generated_pages_are_written_without_indentation_and_editor_pages_as_made(request, which):
    built: BuiltSite = request.getfixturevalue(which)
    for page in (f"reports/{CAMBODIA}", "topics/index", "glossary", "claims", "data"):
        written = built.file(built.url(page)).read_text(encoding="utf-8")
        assert not re.search(r"\n[ \t\r\f\n]", outside_verbatim(written)), page
        assert "<h1" in written and "</html>" in written.rstrip()[-10:]
    assert re.search(r"\n {4,}<", outside_verbatim(built.file(built.url("index")).read_text(encoding="utf-8")))
