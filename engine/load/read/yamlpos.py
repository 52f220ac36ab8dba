"""YAML loading that remembers where every value came from.

``yaml.safe_load`` throws positions away; authors need ``file:line:column`` for every fault.
We compose the node graph with the safe resolver (:mod:`engine.load.read.compose`: libyaml
where it is available), build plain Python data from it ourselves (so only safe types exist,
:mod:`engine.load.read.construct`), and keep a table from each dotted path to its source
position — worked out when a position is first asked for, which a valid file never is.

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

from engine.errors import Problem
from engine.load.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES
from engine.load.read.compose import Budget, LimitExceeded, chosen, compose
from engine.load.read.construct import LocatingBuilder, PathKey, Position, Unusual, dotted, plain


@dataclass
class LocatedDocument:
    """Parsed YAML data plus the position of every value (and of every mapping key).

    Ask positions through :meth:`position` (or :meth:`problem`): the tables are filled when
    first needed, from the text the data was built from.
    """

    path: str
    data: Any
    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)
    #: Numbers past ``MAX_MAGNITUDE`` and where they are (a scenario refuses them).
    large: list[tuple[PathKey, int | float]] = field(default_factory=list)
    #: The text and the backend to find the positions with, until they are found.
    unlocated: tuple[str, str] | None = field(default=None, repr=False, compare=False)

    def position(self, loc: PathKey, *, key: bool = False) -> Position:
        """The position of ``loc``; falls back to the nearest located ancestor."""
        if self.unlocated is not None:
            self._locate(*self.unlocated)
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

    def _locate(self, text: str, backend: str) -> None:
        """Fill the tables: compose ``text`` again and build it, this time recording where
        each value is. (It composed within the limits before, so it does again.)"""
        self.unlocated = None
        try:
            node = compose(text, Budget(), backend)
            if node is not None:
                builder = LocatingBuilder(self.path)
                builder.build(node, ())
                self.values, self.keys = builder.values, builder.keys
        except (yaml.YAMLError, LimitExceeded, RecursionError):  # pragma: no cover - cannot
            pass  # (the first reading succeeded); positions fall back to the file's start


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
_PARSED: dict[tuple[str, str, bytes], _Parsed] = {}
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
    backend = chosen()
    key = (name, backend, hashlib.blake2b(data, digest_size=16).digest())
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
    doc, problems, bounded = _parse(text, name, budget, backend)
    if not bounded:
        _keep(key, _Parsed(doc, tuple(problems), before - budget.nodes))
    return doc, problems


def _keep(key: tuple[str, str, bytes], parsed: _Parsed) -> None:
    _PARSED.pop(key, None)
    _PARSED[key] = parsed
    total = sum(p.nodes for p in _PARSED.values())
    while total > _PARSED_NODES and _PARSED:
        total -= _PARSED.pop(next(iter(_PARSED))).nodes


def _parse(
    text: str, name: str, budget: Budget, backend: str | None = None
) -> tuple[LocatedDocument, list[Problem], bool]:
    """Parse ``text`` (composed by ``backend``, see :mod:`engine.load.read.compose`); the flag
    says whether a limit stopped it (the result then depends on the budget it had)."""
    doc = LocatedDocument(name, None)
    try:
        node = compose(text, budget, backend)
    except LimitExceeded as exc:
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
    try:
        doc.data = plain(node)
    except (Unusual, RecursionError):  # the locating builder says what it is, and where
        pass
    else:
        doc.unlocated = (text, chosen(backend))
        return doc, [], False
    builder = LocatingBuilder(name)
    doc.values, doc.keys, doc.large = builder.values, builder.keys, builder.large
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
