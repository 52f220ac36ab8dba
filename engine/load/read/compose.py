"""YAML text to a node graph, within the limits, by the fastest means that gives the same answer.

Three ways to compose, one result (the same graph, positions and messages):

- :data:`LIBYAML` — libyaml parses *and composes* in C, then one walk over the graph counts its
  values (an alias as every value it stands for) and its depth. Within the limits, that graph
  is the one the streaming composer below would build from the same events; past a limit, or
  on any fault of the text, the streaming composer runs instead, so every problem is found and
  worded exactly as it is there. A file larger than :data:`LIBYAML_MAX_CHARS` is streamed
  straight away: composing it whole could cost far more than the limits allow before the walk
  could refuse it.
- :data:`STREAM` — libyaml parses, PyYAML's composer, bounded, composes event by event and
  stops at the first limit, at its place.
- :data:`PYTHON` — PyYAML's own parser under the same bounded composer: the only way where
  PyYAML was built without libyaml. Its wording of a few syntax errors differs from libyaml's
  (``expected <block end>, but found ...`` for ``did not find expected key``).

The environment variable :data:`BACKEND_ENV` picks one (for tests and benchmarks that compare
them); otherwise the fastest available is used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode, SequenceNode
from yaml.resolver import Resolver

from engine.load.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_FILES, MAX_NODES

#: libyaml composes in C (the default where PyYAML has libyaml).
LIBYAML = "libyaml"
#: libyaml parses; PyYAML's bounded composer composes (the exact path of :data:`LIBYAML`).
STREAM = "stream"
#: PyYAML's pure-Python parser and bounded composer (the default without libyaml).
PYTHON = "python"
BACKENDS = (LIBYAML, STREAM, PYTHON)

#: Set to one of :data:`BACKENDS` to choose how YAML is composed.
BACKEND_ENV = "WARGAME_YAML"

#: Longer texts skip the C composer. Every value takes at least one character, so a text this
#: long composes into at most about this many nodes (a fraction of a second and a few tens of
#: MB at worst); real scenario files are a tenth of it.
LIBYAML_MAX_CHARS = 128 * 1024


@dataclass
class Budget:
    """What the files of one scenario may still use, all of them together (see
    :mod:`engine.load.limits`). One file read on its own gets a fresh budget."""

    bytes: int = MAX_FILE_BYTES
    nodes: int = MAX_NODES
    files: int = MAX_FILES


class LimitExceeded(Exception):
    """A limit of :mod:`engine.load.limits` was passed at ``mark``."""

    def __init__(self, mark: yaml.Mark, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message


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
            raise LimitExceeded(
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
                    raise LimitExceeded(
                        event.start_mark,
                        f"recursive alias '*{event.anchor}': it stands for a value that "
                        "contains it",
                    )
                self._spend(size, event.start_mark)
            return Composer.compose_node(self, parent, index)  # type: ignore[arg-type]
        event = self.peek_event()  # type: ignore[attr-defined]
        if self.depth >= MAX_DEPTH:
            raise LimitExceeded(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
        self.depth += 1
        before = self.budget.nodes
        self._spend(1, event.start_mark)
        node = Composer.compose_node(self, parent, index)  # type: ignore[arg-type]
        self.depth -= 1
        if getattr(event, "anchor", None) is not None:
            self.sizes[id(node)] = before - self.budget.nodes
        return node


class _PlainLoader(_BoundedComposer, yaml.SafeLoader):
    """PyYAML's safe loader, bounded."""


_CParser: Any
try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None


#: The tag each plain scalar resolved to (ids, keys and numbers recur), up to a bound.
_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_TAGS_KEPT = 20_000

if _CParser is not None:

    class _StreamLoader(_BoundedComposer, _CParser, SafeConstructor, Resolver):  # type: ignore[misc, valid-type]
        """libyaml's parser, PyYAML's safe constructor and resolver, bounded."""

        def __init__(self, text: str):
            _CParser.__init__(self, text)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        def dispose(self) -> None:
            pass

    class _CLoader(_CParser, SafeConstructor, Resolver):  # type: ignore[misc, valid-type]
        """libyaml's parser and composer with the safe resolver: ``yaml.CSafeLoader``."""

        def __init__(self, text: str):
            _CParser.__init__(self, text)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            """``Resolver.resolve`` without what this loader never has (path resolvers,
            resolvers for any first character), remembering what each plain scalar reads
            as: libyaml's composer asks it of every node, and it was a third of composing."""
            if kind is ScalarNode:
                if not implicit[0]:
                    return self.DEFAULT_SCALAR_TAG
                tag = _PLAIN_TAGS.get(value)
                if tag is None:
                    tag = self.DEFAULT_SCALAR_TAG
                    for candidate, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                        if regexp.match(value):
                            tag = candidate
                            break
                    if len(_PLAIN_TAGS) < _PLAIN_TAGS_KEPT:
                        _PLAIN_TAGS[value] = tag
                return tag
            if kind is SequenceNode:
                return self.DEFAULT_SEQUENCE_TAG
            return self.DEFAULT_MAPPING_TAG

    # What the resolve above leaves out must be absent, or it would read some values otherwise.
    assert None not in Resolver.yaml_implicit_resolvers and not Resolver.yaml_path_resolvers


def chosen(backend: str | None = None) -> str:
    """The backend to use: ``backend``, else :data:`BACKEND_ENV`, else the fastest available.
    Where PyYAML has no libyaml, that is always :data:`PYTHON`."""
    name = backend or os.environ.get(BACKEND_ENV, "")
    if name not in BACKENDS:  # (unset, or a name this version does not know)
        name = LIBYAML
    return PYTHON if _CParser is None else name


def compose(text: str, budget: Budget, backend: str | None = None) -> yaml.Node | None:
    """The node graph of ``text`` (None for an empty document), its values spent from
    ``budget``.

    Raises :class:`LimitExceeded` past a limit (where it was passed), or PyYAML's error for a
    fault in the text — the same, whichever ``backend`` (see :func:`chosen`) composes.
    """
    name = chosen(backend)
    if name == LIBYAML and len(text) <= LIBYAML_MAX_CHARS:
        node, spent = _compose_in_c(text, budget.nodes)
        if spent is not None:
            budget.nodes -= spent
            return node
    loader: Any = _PlainLoader(text) if name == PYTHON else _StreamLoader(text)
    loader._bound(budget)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    finally:
        loader.dispose()


def _compose_in_c(text: str, allowed: int) -> tuple[yaml.Node | None, int | None]:
    """libyaml's graph of ``text`` and the values the bounded composer would spend on it,
    or ``(None, None)`` when that composer must answer instead (a fault or a limit)."""
    try:
        node = _CLoader(text).get_single_node()
    except Exception:  # any fault: the streaming composer finds it and words it
        return None, None
    if node is None:
        return None, 0
    return node, _Measure(allowed).spent(node)


class _Past(Exception):
    """A limit is passed: the streaming composer will say which, and where."""


class _Measure:
    """What the bounded composer would spend on a composed graph, or that it would stop.

    It composes in document order (a key before its value), so the first time a node is met
    it is composed — costing one value, its children and what their aliases stand for — and
    every later time it is an alias, costing the values it stands for.
    """

    def __init__(self, allowed: int):
        self.allowed = allowed
        self.total = 0
        #: Expanded sizes of nodes composed; None while a node is being composed.
        self.sizes: dict[int, int | None] = {}

    def spent(self, root: yaml.Node) -> int | None:
        """Values spent on ``root``, or None past a limit (depth, values, recursive alias)."""
        try:
            self._walk(root, 1)
        except (_Past, RecursionError):
            return None
        return self.total

    def _walk(self, node: yaml.Node, depth: int) -> None:
        key = id(node)
        if key in self.sizes:  # an alias
            size = self.sizes[key]
            if size is None:  # to a node that contains it
                raise _Past
            self._spend(size)
            return
        if depth > MAX_DEPTH:
            raise _Past
        self.sizes[key] = None
        before = self.total
        self.total += 1
        children = node.value
        if children.__class__ is list:  # (a scalar's value is its text)
            if children and depth == MAX_DEPTH:
                raise _Past  # (unless its items are all aliases: the composer then says)
            deeper = depth + 1
            walk = self._walk
            # A scalar costs one value, met first or through an alias: counted here, inline.
            for item in children:
                if item.__class__ is tuple:  # a mapping's key and value
                    for part in item:
                        if part.__class__ is ScalarNode:
                            self.total += 1
                        else:
                            walk(part, deeper)
                elif item.__class__ is ScalarNode:
                    self.total += 1
                else:
                    walk(item, deeper)
            self._spend(0)  # (the budget is checked once a collection is counted)
        self.sizes[key] = self.total - before

    def _spend(self, count: int) -> None:
        self.total += count
        if self.total > self.allowed:
            raise _Past


__all__ = [
    "BACKENDS",
    "BACKEND_ENV",
    "LIBYAML",
    "LIBYAML_MAX_CHARS",
    "PYTHON",
    "STREAM",
    "Budget",
    "LimitExceeded",
    "chosen",
    "compose",
]
