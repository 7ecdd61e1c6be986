"""Read YAML files keeping the line of every mapping key and list item.

Editors need "annotations/p2.yml:14" in an error, not "item 3 of list 1". PyYAML's
constructor is extended so that mappings and lists remember where they came from, and
duplicate keys (which PyYAML would silently overwrite) are reported instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import yaml

from . import limits

try:  # the C parser is much faster; the Python constructor on top keeps our hooks
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class LocatedDict(dict[str, Any]):
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LocatedList(list[Any]):
    """A list that knows its own line and the line of each item (1-based)."""

    line: int = 0
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


class _LocatingLoader(_BaseLoader):
    duplicates: list[DuplicateKey]

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        digits = sum(char.isdigit() for char in str(node.value))
        if digits > limits.MAX_INTEGER_DIGITS:
            raise Refused(
                node.start_mark.line + 1, f"a number of {digits:,} digits is too long (the limit is {limits.MAX_INTEGER_DIGITS}).",
                "Write a real figure, or put the value in quotes if it is text.",
            )
        return int(super().construct_yaml_int(node))

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise Refused(
                node.start_mark.line + 1,
                f"{limits.safe_repr(node.value)} is not a finite number (numbers above about 1e308, .nan and .inf are refused).",
                "Write a real figure, or put the value in quotes if it is text.",
            )
        return float(value)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LocatedDict:  # type: ignore[override]
        # Keys written in this mapping (not merged in with `<<: *anchor`, which may be overridden).
        own_keys = {id(key_node) for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge"}
        self.flatten_mapping(node)
        result = LocatedDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        own_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            line = key_node.start_mark.line + 1
            if id(key_node) in own_keys:
                if key in own_lines:
                    self.duplicates.append(DuplicateKey(key, own_lines[key], line))
                own_lines[key] = line
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = line
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LocatedList:
        result = LocatedList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _LocatingLoader.construct_mapping)
_LocatingLoader.add_constructor("tag:yaml.org,2002:seq", _LocatingLoader.construct_sequence)
_LocatingLoader.add_constructor("tag:yaml.org,2002:int", _LocatingLoader.construct_yaml_int)
_LocatingLoader.add_constructor("tag:yaml.org,2002:float", _LocatingLoader.construct_yaml_float)


def parse(text: str) -> tuple[Any, list[DuplicateKey]]:
    """Parse one YAML document; raises `yaml.YAMLError` with a position on bad syntax."""
    loader = _LocatingLoader(text)
    loader.duplicates = []
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        _check_size(node)
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    return data, loader.duplicates


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def _check_size(root: yaml.Node) -> None:
    """Refuse before building anything when aliases expand too far or nesting is too deep.

    Each node's expanded size and depth is computed once (aliases share nodes), without
    recursion, so a bomb of a few hundred bytes costs a few hundred steps.
    """
    done: dict[int, tuple[int, int]] = {}
    started: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            children = _children(node)
            size = 1 + sum(done[id(child)][0] for child in children)
            depth = 1 + max((done[id(child)][1] for child in children), default=0)
            line = node.start_mark.line + 1
            if size > limits.MAX_YAML_NODES:
                raise Refused(
                    line, f"this value expands to more than {limits.MAX_YAML_NODES:,} values (through aliases such as *name).",
                    "Write the values out instead of repeating aliases.",
                )
            if depth > limits.MAX_YAML_DEPTH:
                raise Refused(
                    line, f"lists and mappings are nested more than {limits.MAX_YAML_DEPTH} deep.",
                    "Check the indentation: annotation files are only a few levels deep.",
                )
            done[key] = (size, depth)
            continue
        if key in done:
            continue
        if key in started:
            raise Refused(
                node.start_mark.line + 1, "an alias refers to the value that contains it.", "Remove the alias (*name) from inside its own anchor (&name).",
            )
        started.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))


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
