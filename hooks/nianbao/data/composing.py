"""YAML text → node tree, within resource limits.

PyYAML's composer expands nothing (an alias is the same node object twice) but has no
limits: a few kilobytes of anchors and aliases make a tree whose traversal never ends, a
deep nesting crashes its C recursion (100,000 "[" end the process with a segmentation
fault), and a million values fill memory. Here the tree is built from the parser's events,
every limit checked as it grows, so that nothing beyond them is ever built. Scalars stay
as the text the author wrote (no implicit typing).
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

try:  # libyaml is ~10x faster; its nodes carry the same marks
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML wheel
    _Base = yaml.SafeLoader

LIBYAML = _Base is not yaml.SafeLoader
"""Whether the C parser is used (its error positions count bytes, not characters)."""

_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _Loader(_Base):
    """The parser, with YAML 1.1's implicit typing switched off: the schema reads the raw
    text, and skipping the resolver (a Python call per scalar) halves the time of a load."""

    def resolve(self, kind, value, implicit):
        return _TAGS[kind]

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


# Resource limits. A real report is about 10 KB, 600 YAML nodes, 6 levels deep, and its
# longest text about 4,000 characters; the limits leave a wide margin above that and stop
# an alias bomb (a few KB that expand to gigabytes) or a deeply nested file before they
# cost memory or time.
MAX_FILE_BYTES = 1_048_576
"""Size of one data file on disk."""
MAX_DEPTH = 20
"""Nesting of mappings and lists."""
MAX_NODES = 20_000
"""Values in one file, counted with every alias (``*name``) expanded."""
MAX_TEXT = 1_000_000
"""Characters in one file, counted with every alias expanded."""
MAX_SCALAR = 20_000
"""Characters in one value (a narrative section is the longest)."""


class LimitExceeded(Exception):
    """A data file beyond one of the resource limits; ``message`` says which, in Chinese."""

    def __init__(self, mark, message: str, code: str):
        super().__init__(message)
        self.line, self.column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        self.message = message
        self.code = code


@dataclass
class _Open:
    """A mapping or list being composed."""

    node: yaml.Node
    anchor: str | None
    nodes: int = 1
    chars: int = 0
    key: yaml.Node | None = None


def compose_text(text: str) -> yaml.Node | None:
    """The node tree of a one-document YAML text, built from the parser's events with every
    limit checked as it grows, so that nothing is expanded, nested or kept beyond them.
    PyYAML's own composer has no limits and recurses in C (deep nesting crashes it)."""
    loader = _Loader(text)
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        root = _compose_document(loader)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream", None, "but found another document", event.start_mark
            )
        return root
    finally:
        loader.dispose()


_ALIAS_BOMB = (
    f"别名（*）展开后的内容超过上限（{MAX_NODES:,} 个值或 {MAX_TEXT:,} 个字）；"
    "请不要用锚点（&）和别名（*）重复大量内容，直接写出每个值"
)


def _compose_document(loader) -> yaml.Node:
    anchors: dict[str, tuple[yaml.Node, int, int] | None] = {}
    stack: list[_Open] = []
    total_nodes = total_chars = 0
    while True:
        event = loader.get_event()
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise LimitExceeded(
                    event.start_mark, f"嵌套超过 {MAX_DEPTH} 层；数据文件不需要这么深的结构，请检查括号和缩进", "L16"
                )
            kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
            node = kind(_TAGS[kind], [], event.start_mark, event.end_mark, flow_style=event.flow_style)
            _define(anchors, event, None)
            stack.append(_Open(node, event.anchor))
            total_nodes += 1
            if total_nodes > MAX_NODES:
                raise LimitExceeded(event.start_mark, _ALIAS_BOMB, "L17")
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            done = stack.pop()
            node, nodes, chars = done.node, done.nodes, done.chars
            node.end_mark = event.end_mark
            if done.anchor is not None:
                anchors[done.anchor] = (node, nodes, chars)
        else:
            node, nodes, chars = _leaf(event, anchors)
            total_nodes += nodes
            total_chars += chars
            if total_nodes > MAX_NODES or total_chars > MAX_TEXT:
                raise LimitExceeded(event.start_mark, _ALIAS_BOMB, "L17")
        if not stack:
            return node
        _attach(stack[-1], node, nodes, chars, event)


def _leaf(event, anchors) -> tuple[yaml.Node, int, int]:
    """A scalar, or the node an alias names, with its expanded size (values, characters)."""
    if isinstance(event, yaml.AliasEvent):
        if event.anchor not in anchors:
            raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
        entry = anchors[event.anchor]
        if entry is None:
            raise LimitExceeded(
                event.start_mark, f"别名「*{event.anchor}」指向包含它自身的内容，无法展开；请直接写出内容", "L17"
            )
        return entry
    if len(event.value) > MAX_SCALAR:
        raise LimitExceeded(
            event.start_mark,
            f"一个值长达 {len(event.value):,} 个字，超过上限 {MAX_SCALAR:,} 个字；请缩短，全文可放在原文出处",
            "L18",
        )
    node = yaml.ScalarNode(_TAGS[yaml.ScalarNode], event.value, event.start_mark, event.end_mark, style=event.style)
    _define(anchors, event, (node, 1, len(event.value)))
    return node, 1, len(event.value)


def _define(anchors: dict, event, entry) -> None:
    if event.anchor is None:
        return
    if event.anchor in anchors:
        raise yaml.composer.ComposerError(None, None, f"found duplicate anchor {event.anchor!r}", event.start_mark)
    anchors[event.anchor] = entry


def _attach(parent: _Open, node: yaml.Node, nodes: int, chars: int, event) -> None:
    parent.nodes += nodes
    parent.chars += chars
    if isinstance(parent.node, yaml.SequenceNode):
        parent.node.value.append(node)
    elif parent.key is None:
        if not isinstance(node, yaml.ScalarNode):
            mark = event.start_mark if isinstance(event, yaml.AliasEvent) else node.start_mark
            what = "列表" if isinstance(node, yaml.SequenceNode) else "「键: 值」映射"
            raise LimitExceeded(mark, f"键应为一段文字，但写成了{what}；每一项应写成「键: 值」，键是简单的文字", "L19")
        parent.key = node
    else:
        parent.node.value.append((parent.key, node))
        parent.key = None
