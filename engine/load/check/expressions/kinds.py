"""The kinds of value an expression may have, its limits, and what it may refer to.

Every part of an expression has a kind: a number, a truth value, text, or an id of a zone,
piece type, actor, card, track, band or tag.
:mod:`engine.load.check.expressions.compiler` checks each expression against these kinds at load;
:mod:`engine.load.check.expressions.functions` lists the functions with the kinds they take and
give.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.load.limits import MAX_EXPRESSION_CHARS, MAX_MAGNITUDE

#: Characters in one expression.
MAX_LENGTH = MAX_EXPRESSION_CHARS
#: How deeply an expression's parts may nest (``-(-(-…x))``, long chains of ``+``).
MAX_EXPRESSION_DEPTH = 64
#: Every number an expression computes lies in ``-NUMBER_LIMIT..NUMBER_LIMIT``, the bound of
#: every track and counter value too: arithmetic saturates there (``10**9 * 10**9`` gives
#: ``10**9``), and literals may not exceed it.
NUMBER_LIMIT = MAX_MAGNITUDE

#: A compiled expression: ``f(state, binds) -> int | bool | str | None``.
Compiled = Callable[[Any, Mapping[str, Any]], Any]

# -- kinds ---------------------------------------------------------------------------------
NUMBER, BOOL, TEXT = "number", "truth value", "text"
ZONE, PIECE, ACTOR, CARD = "zone", "piece", "actor", "card"
TRACK, BAND, TAG = "track", "band", "tag"
#: The kind of a bound name that holds a number (``score``); kept for older callers.
NUM = NUMBER
#: Ids: written as quoted text, or held by names such as ``target`` and ``self``.
ID_KINDS = frozenset({ZONE, PIECE, ACTOR, CARD, TRACK, BAND, TAG})
#: Every kind an expression or a part of one may have.
KINDS = frozenset({NUMBER, BOOL, TEXT, *ID_KINDS})

_DESCRIBED = {
    NUMBER: "a number",
    BOOL: "a truth value",
    TEXT: "text",
    ZONE: "a zone",
    PIECE: "a piece type",
    ACTOR: "an actor",
    CARD: "a card",
    TRACK: "a track",
    BAND: "a band",
    TAG: "a tag",
}


def describe(kind: str) -> str:
    """``kind`` with its article, for messages: 'a number', 'an actor', 'text'."""
    return _DESCRIBED.get(kind, kind)


class ExprError(ValueError):
    """An expression is malformed or uses something not allowed; ``offset`` is 0-based."""

    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class World:
    """Static facts of a scenario that expressions may refer to."""

    #: Every track, counter and flag id.
    values: frozenset[str] = frozenset()
    #: Named numbers (``params:``) and their values: constants once compiled.
    params: Mapping[str, int] = field(default_factory=dict)
    zones: frozenset[str] = frozenset()
    adjacency: Mapping[str, frozenset[str]] = field(default_factory=dict)
    zone_tags: Mapping[str, frozenset[str]] = field(default_factory=dict)
    piece_owner: Mapping[str, str] = field(default_factory=dict)
    piece_total: Mapping[str, int] = field(default_factory=dict)
    bands: Mapping[str, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)
    #: Each banded track's bands by display name (as written, lower-cased): for hints when
    #: a name is written where the id belongs.
    band_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    actors: frozenset[str] = frozenset()
    cards: frozenset[str] = frozenset()
    #: The ids among ``values`` that are flags (truth values); the others are numbers.
    flags: frozenset[str] = frozenset()
    #: Each piece type's states (first: the state it is placed in); empty for most.
    piece_states: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Operation ids (for ``ordered()``).
    operations: frozenset[str] = frozenset()

    @property
    def tags(self) -> frozenset[str]:
        """Every tag used on any zone."""
        return frozenset(t for tags in self.zone_tags.values() for t in tags)


@dataclass(frozen=True, slots=True)
class Typed:
    """A compiled part of an expression with its kind; ``text`` is a quoted literal's value."""

    fn: Compiled
    kind: str
    text: str | None = None


def bounded(value: int) -> int:
    """``value`` saturated to ``-NUMBER_LIMIT..NUMBER_LIMIT``."""
    if value > NUMBER_LIMIT:
        return NUMBER_LIMIT
    if value < -NUMBER_LIMIT:
        return -NUMBER_LIMIT
    return value


def band_name_hint(world: World, track: str, value: str) -> str:
    """``; 'Wide open' is the name of band 'open': write its id`` when ``value`` is a band's
    display name (or its name in snake case) rather than its id; else ``""``."""
    names = world.band_names.get(track, {})
    key = value.strip().lower()
    band = names.get(key) or names.get(key.replace("_", " "))
    return f"; '{value}' is the name of band '{band}': write its id" if band else ""
