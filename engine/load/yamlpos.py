"""YAML loading that remembers where every value came from.

``yaml.safe_load`` throws positions away; authors need ``file:line:column`` for every fault.
We compose the node graph with the safe loader, build plain Python data from it ourselves
(so only safe types exist), and keep a table from each dotted path to its source position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine.errors import Problem

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column; ``quoted`` marks a quoted scalar (its text starts one later)."""

    line: int
    column: int
    quoted: bool = False


@dataclass
class LocatedDocument:
    """Parsed YAML data plus the position of every value (and of every mapping key)."""

    path: str
    data: Any
    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)

    def position(self, loc: PathKey, *, key: bool = False) -> Position:
        """The position of ``loc``; falls back to the nearest located ancestor."""
        table = self.keys if key else self.values
        probe = tuple(loc)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Position(1, 1))

    def problem(self, loc: PathKey, message: str, *, key: bool = False, offset: int = 0) -> Problem:
        """A :class:`Problem` at ``loc`` in this file (``offset`` shifts the column)."""
        pos = self.position(loc, key=key)
        column = pos.column + (1 if pos.quoted else 0) + offset
        return Problem(self.path, pos.line, column, dotted(loc), message)


def dotted(loc: PathKey) -> str:
    """Render a path such as ``('cards', 3, 'effects')`` as ``cards[3].effects``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _Builder:
    """Turns a composed node graph into plain data, recording positions on the way."""

    def __init__(self, doc: LocatedDocument):
        self.doc = doc
        self.constructor = yaml.SafeLoader("")
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, loc: PathKey) -> Any:
        mark = node.start_mark
        quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
        self.doc.values[loc] = Position(mark.line + 1, mark.column + 1, quoted)
        if isinstance(node, yaml.MappingNode):
            self.constructor.flatten_mapping(node)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                # Keys are names: take their text, so YAML 1.1 does not turn `on:` into True.
                if isinstance(key_node, yaml.ScalarNode):
                    key = key_node.value
                else:
                    key = str(self.constructor.construct_object(key_node, deep=True))
                kmark = key_node.start_mark
                if key in result:
                    self.problems.append(
                        Problem(
                            self.doc.path,
                            kmark.line + 1,
                            kmark.column + 1,
                            dotted((*loc, key)),
                            f"duplicate key '{key}'; each key may appear once per mapping",
                        )
                    )
                    continue
                self.doc.keys[(*loc, key)] = Position(kmark.line + 1, kmark.column + 1)
                result[key] = self.build(value_node, (*loc, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self.constructor.construct_object(node, deep=True)


def load_located(path: Path, display: str | None = None) -> tuple[LocatedDocument, list[Problem]]:
    """Parse ``path`` into a :class:`LocatedDocument`; syntax faults come back as problems."""
    name = display or str(path)
    doc = LocatedDocument(name, None)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return doc, [Problem(name, 1, 1, "", f"cannot read file: {exc}")]
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or str(exc)
        return doc, [Problem(name, line, col, "", f"malformed YAML: {what}")]
    except yaml.YAMLError as exc:
        return doc, [Problem(name, 1, 1, "", f"malformed YAML: {exc}")]
    if node is None:
        doc.data = {}
        doc.values[()] = Position(1, 1)
        return doc, []
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, ())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return doc, [Problem(name, line, col, "", f"malformed YAML: {exc}")]
    return doc, builder.problems
