"""YAML loading that remembers where every value came from.

``yaml.safe_load`` throws positions away; authors need ``file:line:column`` for every fault.
We compose the node graph with the safe loader, build plain Python data from it ourselves
(so only safe types exist), and keep a table from each dotted path to its source position.

Any bytes at all give a document or located problems, never an exception: reading is bounded
by :mod:`engine.load.limits` (bytes, values with aliases counted as what they stand for,
nesting), an alias is built once and shared, and a value an explicit tag cannot read
(``!!int x``) is a problem at its place.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from engine.errors import Problem
from engine.load.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_FILES, MAX_MAGNITUDE, MAX_NODES

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
    #: Numbers past ``MAX_MAGNITUDE`` and where they are (a scenario refuses them).
    large: list[tuple[PathKey, int | float]] = field(default_factory=list)

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


class _LimitExceeded(Exception):
    """A limit of :mod:`engine.load.limits` was passed at ``mark``."""

    def __init__(self, mark: yaml.Mark, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message


@dataclass
class Budget:
    """What the files of one scenario may still use, all of them together (see
    :mod:`engine.load.limits`). One file read on its own gets a fresh budget."""

    bytes: int = MAX_FILE_BYTES
    nodes: int = MAX_NODES
    files: int = MAX_FILES


_EventParser: Any
try:  # libyaml parses about eight times faster; PyYAML's own parser serves without it
    from yaml._yaml import CParser as _EventParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _EventParser = None


class _BoundedComposer:
    """Composes parser events into nodes within the limits (PyYAML's composer, bounded).

    PyYAML composes an alias as the very node it names (shared, not copied); this composer
    also counts each alias as the values it stands for, so a file of nested aliases runs out
    of budget at once, and refuses an alias inside the value it names (``&a [*a]``) and
    nesting past :data:`~engine.load.limits.MAX_DEPTH` (composing is recursive).
    """

    get_single_node = Composer.get_single_node
    compose_document = Composer.compose_document
    compose_scalar_node = Composer.compose_scalar_node
    compose_sequence_node = Composer.compose_sequence_node
    compose_mapping_node = Composer.compose_mapping_node

    def _bound(self, budget: Budget) -> None:
        self.anchors: dict[str, Any] = {}
        self.budget = budget
        self.depth = 0
        #: The expanded size of each anchored node, once composed.
        self.sizes: dict[int, int] = {}

    def _spend(self, count: int, mark: yaml.Mark) -> None:
        self.budget.nodes -= count
        if self.budget.nodes < 0:
            raise _LimitExceeded(
                mark,
                f"too many values: a scenario may hold {MAX_NODES:,} (all its files together, "
                "an alias counting as every value it stands for)",
            )

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            node = self.anchors.get(event.anchor)
            if node is not None:
                size = self.sizes.get(id(node))
                if size is None:
                    raise _LimitExceeded(
                        event.start_mark,
                        f"recursive alias '*{event.anchor}': it stands for a value that "
                        "contains it",
                    )
                self._spend(size, event.start_mark)
            return Composer.compose_node(self, parent, index)  # type: ignore[arg-type]
        event = self.peek_event()  # type: ignore[attr-defined]
        if self.depth >= MAX_DEPTH:
            raise _LimitExceeded(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
        self.depth += 1
        before = self.budget.nodes
        self._spend(1, event.start_mark)
        node = Composer.compose_node(self, parent, index)  # type: ignore[arg-type]
        self.depth -= 1
        if getattr(event, "anchor", None) is not None:
            self.sizes[id(node)] = before - self.budget.nodes
        return node


def _loader(text: str, budget: Budget) -> Any:
    """A safe loader over ``text`` that composes within ``budget``."""
    loader = _FastLoader(text) if _FastLoader is not None else _PlainLoader(text)
    loader._bound(budget)
    return loader


class _PlainLoader(_BoundedComposer, yaml.SafeLoader):
    """PyYAML's safe loader, bounded."""


if _EventParser is not None:

    class _FastLoaderClass(_BoundedComposer, _EventParser, SafeConstructor, Resolver):  # type: ignore[misc, valid-type]
        """libyaml's parser, PyYAML's safe constructor and resolver, bounded."""

        def __init__(self, text: str):
            _EventParser.__init__(self, text)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        def dispose(self) -> None:
            pass

    _FastLoader: Any = _FastLoaderClass
else:  # pragma: no cover
    _FastLoader = None


_MERGE_TAG = "tag:yaml.org,2002:merge"
_BOOL_TAG = "tag:yaml.org,2002:bool"
#: What a YAML tag reads as, for messages about a value it cannot read.
_TAG_NAMES = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:binary": "base64 data",
}


class _Builder:
    """Turns a composed node graph into plain data, recording positions on the way.

    A node reached through several aliases is built once and shared, as ``yaml.safe_load``
    does; positions below its second use fall back to the alias's own place.
    """

    def __init__(self, doc: LocatedDocument):
        self.doc = doc
        self.constructor = yaml.SafeLoader("")
        self.problems: list[Problem] = []
        self.built: dict[int, Any] = {}

    def _problem(self, node: yaml.Node, loc: PathKey, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.doc.path, mark.line + 1, mark.column + 1, dotted(loc), message)
        )

    def build(self, node: yaml.Node, loc: PathKey) -> Any:
        mark = node.start_mark
        quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
        self.doc.values[loc] = Position(mark.line + 1, mark.column + 1, quoted)
        if id(node) in self.built:
            return self.built[id(node)]
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            self.built[id(node)] = result
            self._fill_mapping(node, loc, result)
            return result
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            self.built[id(node)] = items
            items.extend(self.build(item, (*loc, i)) for i, item in enumerate(node.value))
            return items
        value = self._scalar(node, loc)
        self.built[id(node)] = value
        return value

    def _fill_mapping(self, node: yaml.MappingNode, loc: PathKey, result: dict[str, Any]) -> None:
        merges = []
        for key_node, value_node in node.value:
            kmark = key_node.start_mark
            if key_node.tag == _MERGE_TAG:
                merges.append((key_node, value_node))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, loc, "a key must be a name, not a list or a mapping")
                continue
            # Keys are names: take their text, so YAML 1.1 does not turn `on:` into True.
            key = key_node.value
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
        # A merge key (`<<: *defaults`) adds the keys this mapping does not give itself; of
        # several merged mappings, the first to give a key wins (YAML's merge semantics).
        for key_node, value_node in merges:
            many = isinstance(value_node, yaml.SequenceNode)
            for i, source in enumerate(value_node.value if many else [value_node]):
                if not isinstance(source, yaml.MappingNode):
                    self._problem(
                        source, loc, "'<<' merges a mapping or a list of mappings into this one"
                    )
                    continue
                merged = self.build(source, (*loc, "<<", i))
                kmark = key_node.start_mark
                for key, value in merged.items():
                    if key not in result:
                        result[key] = value
                        self.doc.keys[(*loc, key)] = Position(kmark.line + 1, kmark.column + 1)
                        self.doc.values[(*loc, key)] = Position(kmark.line + 1, kmark.column + 1)

    def _scalar(self, node: yaml.Node, loc: PathKey) -> Any:
        if node.tag == _BOOL_TAG and str(node.value).lower() in ("yes", "no", "on", "off"):
            # YAML 1.2, as editors read it: only true and false are truth values; `yes`,
            # `no`, `on` and `off` are text (so `start: yes` is not silently 1).
            return str(node.value)
        try:
            value = self.constructor.construct_object(node, deep=True)
            if (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and abs(value) > MAX_MAGNITUDE
            ):
                self.doc.large.append((loc, value))
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


def _hint(what: str) -> str:
    """What an author most likely meant, for the parser's commonest complaints."""
    if "mapping values are not allowed" in what:
        return (
            "; a ': ' inside a value starts a new key: quote the text "
            '(text: "Strike: now") or write it as a block (text: >)'
        )
    if "tab" in what or "'\\t'" in what:
        return "; YAML indents with spaces, never tabs"
    return ""


def _decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (a byte-order mark is dropped), or UTF-16/32 with their mark."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8")


def _line_col(data: bytes | str, offset: int) -> tuple[int, int]:
    before = data[:offset]
    newline = b"\n" if isinstance(before, bytes) else "\n"
    line = before.count(newline) + 1  # type: ignore[arg-type]
    return line, offset - (before.rfind(newline) + 1) + 1  # type: ignore[arg-type]


#: Text given on standard input (``wargame validate -``), by the path it stands in for.
_STDIN: dict[Path, bytes] = {}

#: The name a file read from standard input has in messages.
STDIN_NAME = "<stdin>"


def stand_in_for_stdin(data: bytes, folder: Path) -> Path:
    """A path under ``folder`` that reads as ``data``: a scenario given on standard input.

    Its includes are looked for in ``folder`` (the working directory), and messages name it
    ``<stdin>``. Only this process sees it.
    """
    path = folder.resolve() / STDIN_NAME
    _STDIN[path] = data
    return path


def read_bounded(path: Path, name: str, budget: Budget) -> tuple[bytes | None, list[Problem]]:
    """The bytes of ``path`` if they fit ``budget``; otherwise a problem saying why not."""
    limit = budget.bytes
    try:
        if path in _STDIN:
            data = _STDIN[path][: limit + 1]
        else:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, [Problem(name, 1, 1, "", f"cannot read file: {reason}")]
    if len(data) > limit:
        if limit == MAX_FILE_BYTES:
            message = f"the file is larger than {MAX_FILE_BYTES:,} bytes, the limit for a scenario"
        else:
            message = (
                f"a scenario's files may hold {MAX_FILE_BYTES:,} bytes together; "
                "this one goes past it"
            )
        return None, [Problem(name, 1, 1, "", message)]
    budget.bytes -= len(data)
    return data, []


@dataclass(frozen=True)
class _Parsed:
    doc: LocatedDocument
    problems: tuple[Problem, ...]
    #: Values composed (aliases counted as they stand for): what a reuse must spend too.
    nodes: int


#: Files parsed lately, by name and content. The verdict and the loader both read a
#: scenario's root, and tests and studies load the same includes again and again; a file is
#: parsed once while it is unchanged. Results that depend on the budget are not kept.
_PARSED: dict[tuple[str, bytes], _Parsed] = {}
#: Keep at most this many values' worth of parsed files (a few tens of MB).
_PARSED_NODES = 2 * MAX_NODES


def load_located(
    path: Path, display: str | None = None, budget: Budget | None = None
) -> tuple[LocatedDocument, list[Problem]]:
    """Parse ``path`` into a :class:`LocatedDocument`; syntax faults come back as problems.

    Never raises: an unreadable file, a malformed one, or one past a limit (``budget``, shared
    by the files of one scenario; a fresh one by default) gives located problems instead.
    The document may be shared with other callers: treat it as read-only.
    """
    name = display or str(path)
    budget = budget if budget is not None else Budget()
    data, problems = read_bounded(path, name, budget)
    if data is None:
        return LocatedDocument(name, None), problems
    key = (name, hashlib.blake2b(data, digest_size=16).digest())
    hit = _PARSED.get(key)
    if hit is not None and hit.nodes <= budget.nodes:
        budget.nodes -= hit.nodes
        return hit.doc, list(hit.problems)
    try:
        text = _decode(data)
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        byte = data[exc.start : exc.start + 1].hex()
        message = f"not UTF-8 text: byte 0x{byte} cannot be read ({exc.reason})"
        return LocatedDocument(name, None), [Problem(name, line, col, "", message)]
    before = budget.nodes
    doc, problems, bounded = _parse(text, name, budget)
    if not bounded:
        _keep(key, _Parsed(doc, tuple(problems), before - budget.nodes))
    return doc, problems


def _keep(key: tuple[str, bytes], parsed: _Parsed) -> None:
    _PARSED.pop(key, None)
    _PARSED[key] = parsed
    total = sum(p.nodes for p in _PARSED.values())
    while total > _PARSED_NODES and _PARSED:
        total -= _PARSED.pop(next(iter(_PARSED))).nodes


def _parse(text: str, name: str, budget: Budget) -> tuple[LocatedDocument, list[Problem], bool]:
    """Parse ``text``; the flag says whether a limit stopped it (the result then depends on
    the budget it had)."""
    doc = LocatedDocument(name, None)
    try:
        loader = _loader(text, budget)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except _LimitExceeded as exc:
        return doc, [Problem(name, exc.mark.line + 1, exc.mark.column + 1, "", exc.message)], True
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or str(exc)
        return doc, [Problem(name, line, col, "", f"malformed YAML: {what}{_hint(what)}")], False
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        if isinstance(exc.character, int):
            what = f"character U+{exc.character:04X} is not allowed in YAML"
        else:
            what = str(exc).split("\n", 1)[0]
        return doc, [Problem(name, line, col, "", f"malformed YAML: {what}")], False
    except yaml.YAMLError as exc:
        return doc, [Problem(name, 1, 1, "", f"malformed YAML: {exc}")], False
    except RecursionError:  # a safety net: the depth limit comes first
        return doc, [Problem(name, 1, 1, "", f"nested more than {MAX_DEPTH} levels deep")], True
    if node is None:
        doc.data = {}
        doc.values[()] = Position(1, 1)
        return doc, [], False
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, ())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = getattr(exc, "problem", None) or str(exc)
        doc.data = None
        return doc, [Problem(name, line, col, "", f"malformed YAML: {what}")], False
    except RecursionError:
        doc.data = None
        return doc, [Problem(name, 1, 1, "", f"nested more than {MAX_DEPTH} levels deep")], True
    return doc, builder.problems, False
