"""From a composed node graph to plain Python data, and to the position of every value in it.

Two builders, one result:

- :func:`plain` builds only the data, for the common case of a file with nothing unusual in
  it; anything that needs a place or a second look (a problem, a merge key, a duplicate key, a
  number past the magnitude limit) stops it with :class:`Unusual`;
- :class:`LocatingBuilder` builds the data and records where each value and key was written,
  with a problem at its place for each fault. It runs where :func:`plain` stopped, and when a
  position is first asked of a file :func:`plain` built (a valid file never is asked).

Only safe types come out: scalars go through PyYAML's safe constructor, and collections are
built here. A node reached through several aliases is built once and shared, as
``yaml.safe_load`` does.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from engine.errors import Problem
from engine.load.limits import MAX_MAGNITUDE

#: A place in a document's data: keys and list indices from the top.
PathKey = tuple[str | int, ...]


class Position(NamedTuple):
    """A 1-based line and column; ``quoted`` marks a quoted scalar (its text starts one later).

    (A named tuple: a document may record one per value and key, and tuples are made fastest.)
    """

    line: int
    column: int
    quoted: bool = False


def dotted(loc: PathKey) -> str:
    """Render a path such as ``('cards', 3, 'effects')`` as ``cards[3].effects``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_QUOTES = ("'", '"')
#: Words YAML 1.1 reads as booleans that are text here (YAML 1.2, as editors read it).
_BOOL_WORDS = ("yes", "no", "on", "off")
#: What a YAML tag reads as, for messages about a value it cannot read.
_TAG_NAMES = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:binary": "base64 data",
}


def _constructor() -> Any:
    """PyYAML's safe constructor, for scalars other than text."""
    return yaml.SafeLoader("")


def _too_large(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and abs(value) > MAX_MAGNITUDE
    )


class Unusual(Exception):
    """The file holds something :func:`plain` leaves to :class:`LocatingBuilder`."""


def plain(root: yaml.Node) -> Any:
    """The data of ``root`` — as :class:`LocatingBuilder` would build it — or :class:`Unusual`
    when that builder must run instead (it would record a problem or a large number, or the
    file uses a merge key)."""
    constructor = _constructor()
    built: dict[int, Any] = {}

    def scalar(node: Any) -> Any:
        text = node.value
        if (
            node.tag == _INT_TAG
            and len(text) < 16  # (longer ones: past the limit, and int() may refuse them)
            and text.isdigit()
            and text.isascii()
            and text[0] != "0"
        ):
            value = int(text)  # (a plain decimal, the commonest number: as PyYAML reads it)
            if value > MAX_MAGNITUDE:
                raise Unusual
            return value
        if node.tag == _BOOL_TAG and str(text).lower() in _BOOL_WORDS:
            return str(text)
        try:
            value = constructor.construct_object(node, deep=True)
        except Exception as exc:  # the locating builder words it, at its place
            raise Unusual from exc
        if _too_large(value):
            raise Unusual
        return value

    def build(node: Any) -> Any:
        kind = type(node)
        if kind is ScalarNode and node.tag == _STR_TAG:  # most values: their text
            return node.value
        key = id(node)
        if key in built:
            return built[key]
        if kind is MappingNode:
            result: dict[str, Any] = {}
            built[key] = result
            for key_node, value_node in node.value:
                if type(key_node) is not ScalarNode or key_node.tag == _MERGE_TAG:
                    raise Unusual
                name = key_node.value
                if name in result:
                    raise Unusual
                if type(value_node) is ScalarNode and value_node.tag == _STR_TAG:
                    result[name] = value_node.value  # (the commonest value, inline)
                else:
                    result[name] = build(value_node)
            return result
        if kind is SequenceNode:
            items: list[Any] = []
            built[key] = items
            items.extend([build(item) for item in node.value])
            return items
        if kind is not ScalarNode:
            raise Unusual
        value = built[key] = scalar(node)
        return value

    return build(root)


class LocatingBuilder:
    """Turns a composed node graph into plain data, recording positions on the way.

    Positions below a node's second use (through an alias) fall back to that use's place.
    Faults are gathered in :attr:`problems`; a scalar an explicit tag cannot read gives a
    problem and None.
    """

    def __init__(self, path: str):
        self.path = path
        self.constructor = _constructor()
        self.problems: list[Problem] = []
        #: Where each value was written (a merged key's value: where the merge key was).
        self.values: dict[PathKey, Position] = {}
        #: Where each mapping key was written.
        self.keys: dict[PathKey, Position] = {}
        #: Numbers past ``MAX_MAGNITUDE`` and where they are (a scenario refuses them).
        self.large: list[tuple[PathKey, int | float]] = []
        self.built: dict[int, Any] = {}

    def _problem(self, node: yaml.Node, loc: PathKey, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.path, mark.line + 1, mark.column + 1, dotted(loc), message)
        )

    def build(self, node: yaml.Node, loc: PathKey) -> Any:
        """The data of ``node``, found at ``loc``."""
        mark = node.start_mark
        if isinstance(node, ScalarNode):
            quoted = node.style in _QUOTES
            self.values[loc] = Position(mark.line + 1, mark.column + 1, quoted)
            if node.tag == _STR_TAG:  # most values: their text, nothing to construct
                return node.value
        else:
            self.values[loc] = Position(mark.line + 1, mark.column + 1)
        key = id(node)
        if key in self.built:
            return self.built[key]
        if isinstance(node, MappingNode):
            result: dict[str, Any] = {}
            self.built[key] = result
            self._fill_mapping(node, loc, result)
            return result
        if isinstance(node, SequenceNode):
            items: list[Any] = []
            self.built[key] = items
            build = self.build
            items.extend([build(item, (*loc, i)) for i, item in enumerate(node.value)])
            return items
        value = self._scalar(node, loc)
        self.built[key] = value
        return value

    def _fill_mapping(self, node: yaml.MappingNode, loc: PathKey, result: dict[str, Any]) -> None:
        merges = []
        keys = self.keys
        build = self.build
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merges.append((key_node, value_node))
                continue
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, loc, "a key must be a name, not a list or a mapping")
                continue
            # Keys are names: take their text, so YAML 1.1 does not turn `on:` into True.
            key = key_node.value
            kmark = key_node.start_mark
            if key in result:
                self.problems.append(
                    Problem(
                        self.path,
                        kmark.line + 1,
                        kmark.column + 1,
                        dotted((*loc, key)),
                        f"duplicate key '{key}'; each key may appear once per mapping",
                    )
                )
                continue
            here = (*loc, key)
            keys[here] = Position(kmark.line + 1, kmark.column + 1)
            result[key] = build(value_node, here)
        # A merge key (`<<: *defaults`) adds the keys this mapping does not give itself; of
        # several merged mappings, the first to give a key wins (YAML's merge semantics).
        for key_node, value_node in merges:
            many = isinstance(value_node, SequenceNode)
            for i, source in enumerate(value_node.value if many else [value_node]):
                if not isinstance(source, MappingNode):
                    self._problem(
                        source, loc, "'<<' merges a mapping or a list of mappings into this one"
                    )
                    continue
                merged = self.build(source, (*loc, "<<", i))
                kmark = key_node.start_mark
                for key, value in merged.items():
                    if key not in result:
                        result[key] = value
                        keys[(*loc, key)] = Position(kmark.line + 1, kmark.column + 1)
                        self.values[(*loc, key)] = Position(kmark.line + 1, kmark.column + 1)

    def _scalar(self, node: yaml.Node, loc: PathKey) -> Any:
        if node.tag == _BOOL_TAG and str(node.value).lower() in _BOOL_WORDS:
            # YAML 1.2, as editors read it: only true and false are truth values; `yes`,
            # `no`, `on` and `off` are text (so `start: yes` is not silently 1).
            return str(node.value)
        try:
            value = self.constructor.construct_object(node, deep=True)
            if _too_large(value):
                self.large.append((loc, value))
            return value
        except yaml.YAMLError:
            raise
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError, IndexError):
            # An explicit tag with a value it cannot read (`!!int x`, `!!bool maybe`), a date
            # that does not exist, or a number past Python's digit limit.
            shown = str(node.value)
            shown = repr(shown[:40] + "…" if len(shown) > 40 else shown)
            what = _TAG_NAMES.get(node.tag, f"a {node.tag.rsplit(':', 1)[-1]} value")
            self._problem(node, loc, f"cannot read {shown} as {what}")
            return None


__all__ = ["LocatingBuilder", "PathKey", "Position", "Unusual", "dotted", "plain"]
