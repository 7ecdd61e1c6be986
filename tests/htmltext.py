"""A tiny DOM on top of the standard library's `html.parser`, for reading built pages.

Tests read HTML through this tree, never with regular expressions: character references
are decoded the way a browser decodes them, and `text(element, skip=...)` gives an
element's text content minus chosen descendants (e.g. everything marked `data-note`).

The tree builder also records every tag that does not balance (an end tag with no
matching open element, an element still open at the end), so a test can assert that a
fragment is well-formed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements that never have content or an end tag.
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
})


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)
    line: int = 0

    def has(self, name: str) -> bool:
        return name in self.attrs

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self) -> Iterator[Element]:
        """This element and every descendant element, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, predicate: Callable[[Element], bool]) -> list[Element]:
        return [element for element in self.iter() if element is not self and predicate(element)]

    def find(self, predicate: Callable[[Element], bool]) -> Element | None:
        found = self.find_all(predicate)
        return found[0] if found else None

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def is_descendant_of(self, other: Element) -> bool:
        return any(ancestor is other for ancestor in self.ancestors())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self.stack: list[Element] = [self.root]
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), parent=self.stack[-1], line=self.getpos()[0])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), parent=self.stack[-1], line=self.getpos()[0])
        self.stack[-1].children.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack[-1].tag == tag and len(self.stack) > 1:
            self.stack.pop()
            return
        open_tags = [element.tag for element in self.stack[1:]]
        self.errors.append(f"line {self.getpos()[0]}: </{tag}> closes nothing open here (open: {open_tags})")
        if tag in open_tags:  # recover like a lenient parser: close up to the matching element
            while self.stack[-1].tag != tag:
                self.stack.pop()
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def close(self) -> None:
        super().close()
        for element in self.stack[1:]:
            self.errors.append(f"<{element.tag}> (line {element.line}) is never closed")


def parse(html: str) -> Element:
    """The document tree of `html` (a whole page or a fragment); see `tag_errors`."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def tag_errors(html: str) -> list[str]:
    """Every tag that does not balance in `html` (empty when the fragment is well-formed)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.errors


def text(element: Element, *, skip: Callable[[Element], bool] | None = None) -> str:
    """The text content of `element`, leaving out descendants for which `skip` is true."""
    out: list[str] = []

    def walk(node: Element) -> None:
        for child in node.children:
            if isinstance(child, str):
                out.append(child)
            elif skip is None or not skip(child):
                walk(child)

    walk(element)
    return "".join(out)


def is_note(element: Element) -> bool:
    """Anything the plugin adds that is not report text carries `data-note`."""
    return element.has("data-note")


def report_text(element: Element) -> str:
    """A paragraph's text as a reader would copy it, minus markers and notes."""
    return text(element, skip=is_note)


def with_attr(name: str, value: str | None = None) -> Callable[[Element], bool]:
    """A predicate: the element has attribute `name` (with `value`, when given)."""
    if value is None:
        return lambda element: element.has(name)
    return lambda element: element.get(name) == value


def with_class(name: str) -> Callable[[Element], bool]:
    return lambda element: name in element.classes
