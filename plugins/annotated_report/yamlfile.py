"""Read YAML files keeping the line of every mapping key and list item.

Editors need "annotations/p2.yml:14" in an error, not "item 3 of list 1". PyYAML's C parser
composes the node graph; one walk over it then builds the values (mappings and lists that
remember where they came from), reports duplicate keys (which PyYAML would silently
overwrite), and refuses hostile input as it goes: aliases that expand too far, nesting too
deep, numbers too long or not finite. Each node is visited once however often aliases repeat
it, so an alias bomb of a few hundred bytes costs a few hundred steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from sys import intern
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import limits

try:  # libyaml's parser and composer, in C
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
#: Keys PyYAML rewrites before building a mapping (`<<: *defaults`, `=`).
_SPECIAL_KEYS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})


class LocatedDict(dict[str, Any]):
    """A mapping that knows its own line and the line of each key (1-based)."""

    __slots__ = ("key_lines", "line")
    line: int
    key_lines: dict[str, int]


class LocatedList(list[Any]):
    """A list that knows its own line and the line of each item (1-based)."""

    __slots__ = ("item_lines", "line")
    line: int
    item_lines: list[int]


@dataclass(frozen=True)
class DuplicateKey:
    key: str
    first_line: int
    line: int


class Refused(yaml.YAMLError):
    """Valid YAML that we will not read: too large, too deep, or a number that is not finite."""

    def __init__(self, line: int | None, message: str, hint: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


class _Loader(_BaseLoader):
    """PyYAML's safe loader with its tag resolution in one dictionary look-up and a loop.

    The C composer calls `resolve` for every node; PyYAML's own builds lists on each call.
    Same result: the safe loader has no path resolvers and no resolvers for any first
    character (checked below, else PyYAML's own is kept).
    """

    def resolve(self, kind: type[Node], value: str | None, implicit: Any) -> str:
        if kind is ScalarNode:
            if implicit[0]:  # plain (unquoted, untagged): true, 12, 1.5, null, 2021-01-01...
                for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):  # type: ignore[index]
                    if pattern.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


if _Loader.yaml_path_resolvers or None in _Loader.yaml_implicit_resolvers:  # pragma: no cover - not PyYAML's safe loader as we know it
    del _Loader.resolve


def parse(text: str) -> tuple[Any, list[DuplicateKey]]:
    """Parse one YAML document; raises `yaml.YAMLError` with a position on bad syntax."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        walk = _Walk(loader)
        data = walk.value(node, 1)
    finally:
        loader.dispose()
    return data, walk.duplicates


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


class _Walk:
    """One pass over the node graph: values with lines, duplicate keys, and the limits.

    Each list or mapping is built once and remembered with its expanded size and depth,
    so an alias (`*name`, the same node again) costs one look-up.
    """

    def __init__(self, loader: _Loader) -> None:
        self.loader = loader
        self.duplicates: list[DuplicateKey] = []
        self.built: dict[int, tuple[Any, int, int]] = {}  # id(node) -> (value, size, depth)
        self.open: set[int] = set()
        self.aliased = False  # whether an alias was followed (then a size is the aliases' doing)

    def value(self, node: Node, level: int) -> Any:
        if type(node) is ScalarNode:
            return self.scalar(node)
        return self.collection(node, level)[0]

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _INT:
            return _integer(self.loader, node)
        if tag == _FLOAT:
            return _float(self.loader, node)
        return self.loader.construct_object(node, deep=True)  # null, bool, timestamps; unknown tags raise

    def collection(self, node: Node, level: int) -> tuple[Any, int, int]:
        """(value, values after expanding aliases, nesting depth) of a list or mapping."""
        key = id(node)
        built = self.built.get(key)
        if built is not None:
            self.aliased = True  # the same node again: only an alias (*name) does that
            if level - 1 + built[2] > limits.MAX_YAML_DEPTH:
                raise _too_deep(node)
            return built
        if key in self.open:
            raise Refused(_line(node), "an alias refers to the value that contains it.", "Remove the alias (*name) from inside its own anchor (&name).")
        if level + (1 if node.value else 0) > limits.MAX_YAML_DEPTH:
            raise _too_deep(node)
        self.open.add(key)
        if type(node) is MappingNode and node.tag == _MAP:
            built = self.mapping(node, level)
        elif type(node) is SequenceNode and node.tag == _SEQ:
            built = self.sequence(node, level)
        else:  # !!set, !!omap, a tag of the editor's own: measured here, built (or refused) by PyYAML
            nodes = [child for pair in node.value for child in pair] if type(node) is MappingNode else node.value
            _, size, depth = self.children(nodes, level)
            built = (self.loader.construct_object(node, deep=True), size, depth)
        self.open.discard(key)
        if built[1] > limits.MAX_YAML_NODES:
            if self.aliased:
                raise Refused(
                    _line(node), f"this value expands to more than {limits.MAX_YAML_NODES:,} values (through aliases such as *name).",
                    "Write the values out instead of repeating aliases.",
                )
            raise Refused(
                _line(node), f"this value holds more than {limits.MAX_YAML_NODES:,} values, the limit for one file.",
                "Split it into several files (e.g. one per paragraph): each file has its own limit.",
            )
        self.built[key] = built
        return built

    def children(self, nodes: list[Node], level: int, skip: set[int] | None = None) -> tuple[list[Any], int, int]:
        """The values of `nodes` (the keys and values of a mapping, in turn), their total size and depth.

        Nodes in `skip` (`<<` and `=` keys, rewritten by `flatten_mapping`) are counted, not built.
        """
        values: list[Any] = []
        size = depth = 1
        for child in nodes:
            if type(child) is ScalarNode:
                size += 1
                if child.tag == _STR:  # most values: no call
                    values.append(child.value)
                elif skip and id(child) in skip:
                    values.append(None)
                else:
                    values.append(self.scalar(child))
            else:
                value, child_size, child_depth = self.collection(child, level + 1)
                values.append(value)
                size += child_size
                if child_depth >= depth:
                    depth = child_depth + 1
        if nodes and depth < 2:
            depth = 2  # scalars only
        return values, size, depth

    def sequence(self, node: SequenceNode, level: int) -> tuple[Any, int, int]:
        items, size, depth = self.children(node.value, level)
        result = LocatedList(items)
        result.line = _line(node)
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result, size, depth

    def mapping(self, node: MappingNode, level: int) -> tuple[Any, int, int]:
        pairs = node.value
        special = {id(key_node) for key_node, _ in pairs if key_node.tag in _SPECIAL_KEYS}
        values, size, depth = self.children([child for pair in pairs for child in pair], level, special)
        own: set[int] | None = None
        if special:
            # `<<: *defaults` merges another mapping's keys; those written here override them.
            own = {id(key_node) for key_node, _ in pairs if id(key_node) not in special}
            self.loader.flatten_mapping(node)
            pairs = node.value
            values = [self.value(child, level + 1) for pair in pairs for child in pair]  # built above: looked up
        result = LocatedDict()
        result.line = _line(node)
        key_lines: dict[str, int] = {}
        result.key_lines = key_lines
        own_lines: dict[str, int] = {}
        duplicates = self.duplicates
        for index, (key_node, _) in enumerate(pairs):
            key = values[2 * index]
            key = intern(key if isinstance(key, str) else str(key))  # one `id`, `quote`... for 5,000 entries, not 5,000
            line = key_node.start_mark.line + 1
            if own is None or id(key_node) in own:
                if key in own_lines:
                    duplicates.append(DuplicateKey(key, own_lines[key], line))
                own_lines[key] = line
            result[key] = values[2 * index + 1]
            key_lines[key] = line
        return result, size, depth


def _too_deep(node: Node) -> Refused:
    return Refused(
        _line(node), f"lists and mappings are nested more than {limits.MAX_YAML_DEPTH} deep.",
        "Check the indentation: annotation files are only a few levels deep.",
    )


def _integer(loader: _Loader, node: ScalarNode) -> int:
    text = node.value
    if len(text) > limits.MAX_INTEGER_DIGITS:
        digits = sum(char.isdigit() for char in text)
        if digits > limits.MAX_INTEGER_DIGITS:
            raise Refused(
                _line(node), f"a number of {digits:,} digits is too long (the limit is {limits.MAX_INTEGER_DIGITS}).",
                "Write a real figure, or put the value in quotes if it is text.",
            )
    return int(loader.construct_yaml_int(node))


def _float(loader: _Loader, node: ScalarNode) -> float:
    value = float(loader.construct_yaml_float(node))
    if not math.isfinite(value):
        raise Refused(
            _line(node),
            f"{limits.safe_repr(node.value)} is not a finite number (numbers above about 1e308, .nan and .inf are refused).",
            "Write a real figure, or put the value in quotes if it is text.",
        )
    return value


def line_at(data: Any, path: tuple[str | int, ...]) -> int | None:
    """The line of the deepest node on `path` that exists (a key's own line when it has one)."""
    line: int | None = getattr(data, "line", None)
    node = data
    for step in path:
        if isinstance(node, LocatedDict) and isinstance(step, str) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LocatedList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line


def syntax_hint(error: yaml.YAMLError) -> str:
    """A plain-language fix for the YAML mistakes editors make most."""
    text = str(error)
    if "mapping values are not allowed" in text:
        return 'A value that contains ": " must be in quotes, e.g. quote: "the report says: this".'
    if "found character '\\t'" in text or "found a tab" in text:
        return "YAML does not allow tabs for indentation; indent with spaces."
    if "found character that cannot start any token" in text:
        return (
            "A line starts with a character YAML cannot read: tabs are not allowed for indentation (use spaces), "
            "and a value starting with @ or ` must be in quotes."
        )
    if "could not find expected ':'" in text:
        return "A line is missing its \"key:\" or a quoted value is not closed."
    if "found unexpected end of stream" in text or "while scanning a quoted scalar" in text:
        return "A quoted value is not closed: check that every opening quote has its closing quote."
    if "did not find expected '-' indicator" in text or "expected <block end>" in text:
        return "Check the indentation: items of a list line up under each other, fields of an item too."
    if "found undefined alias" in text or "while scanning an alias" in text:
        return "A value starting with * must be quoted, e.g. note: \"*emphasis*\"."
    return "Check the indentation and quoting around this line."
