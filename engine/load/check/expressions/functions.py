"""The functions expressions may call, with the kinds of their arguments and results.

Each entry of :data:`FUNCTIONS` says what a function takes and gives, and builds its closure
from the call's arguments through :class:`Arguments` (the compiler), which checks each one:
a quoted id of the right kind, known to the scenario, or a part of the right kind.

Counts are sums of piece counts, each at most ``NUMBER_LIMIT``; a sum over several zones or
types is capped there too, so every result lies within the bounds of every number.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from engine.load.check.expressions.kinds import (
    ACTOR,
    BAND,
    BOOL,
    NUMBER,
    NUMBER_LIMIT,
    PIECE,
    TAG,
    TEXT,
    TRACK,
    ZONE,
    Compiled,
    ExprError,
    World,
)
from engine.load.check.expressions.secret_functions import build_in_state, build_ordered
from engine.load.limits import MAX_DISTANCE_ZONES

#: Argument kinds that must be written as a quoted id (checked at load, never computed).
LITERAL_ONLY = frozenset({PIECE, TAG, TRACK, BAND})


class Arguments(Protocol):
    """What a function's builder asks of the compiler."""

    world: World

    def argument(self, function: str, index: int, node: ast.expr, kind: str) -> Compiled:
        """Argument ``index`` (from 1), computed, of ``kind``; a load error otherwise."""
        ...

    def literal(self, node: ast.expr, kind: str, track: str | None = None) -> str:
        """An argument written as a quoted id of ``kind`` that the scenario knows."""
        ...


Builder = Callable[[Arguments, list[ast.expr]], Compiled]


@dataclass(frozen=True)
class FunctionSpec:
    """A function expressions may call: argument kinds (the last repeats when ``variadic``),
    how many trailing ones are optional, the kind of its result, and its builder."""

    args: tuple[str, ...]
    result: str
    build: Builder
    optional: int = 0
    variadic: bool = False
    doc: str = ""


def _min(c: Arguments, args: list[ast.expr]) -> Compiled:
    parts = [c.argument("min", i, a, NUMBER) for i, a in enumerate(args, 1)]
    return lambda s, b: min(p(s, b) for p in parts)


def _max(c: Arguments, args: list[ast.expr]) -> Compiled:
    parts = [c.argument("max", i, a, NUMBER) for i, a in enumerate(args, 1)]
    return lambda s, b: max(p(s, b) for p in parts)


def _abs(c: Arguments, args: list[ast.expr]) -> Compiled:
    x = c.argument("abs", 1, args[0], NUMBER)
    return lambda s, b: abs(x(s, b))


def _clamp(c: Arguments, args: list[ast.expr]) -> Compiled:
    x, lo, hi = (c.argument("clamp", i, a, NUMBER) for i, a in enumerate(args, 1))
    return lambda s, b: max(lo(s, b), min(hi(s, b), x(s, b)))


def _pieces(c: Arguments, args: list[ast.expr]) -> Compiled:
    piece = c.literal(args[0], PIECE)
    total = c.world.piece_total[piece]
    if len(args) == 1:
        return lambda s, b: total - s.supply[piece]
    zone = c.argument("pieces", 2, args[1], ZONE)
    if isinstance(args[1], ast.Constant) and isinstance(args[1].value, str):
        where = args[1].value  # a quoted zone (checked above): no call to find it
        return lambda s, b: s.board.get(where, {}).get(piece, 0)
    return lambda s, b: s.board.get(zone(s, b), {}).get(piece, 0)


def _near(c: Arguments, args: list[ast.expr]) -> Compiled:
    piece = c.literal(args[0], PIECE)
    zone = c.argument("near", 2, args[1], ZONE)
    adjacency = c.world.adjacency

    def near(s: Any, b: Mapping[str, Any]) -> int:
        z = zone(s, b)
        board = s.board
        count = board.get(z, {}).get(piece, 0)
        for other in adjacency.get(z, ()):
            count += board[other].get(piece, 0)
        return min(count, NUMBER_LIMIT)

    return near


def _tagged(c: Arguments, args: list[ast.expr]) -> Compiled:
    piece = c.literal(args[0], PIECE)
    tag = c.literal(args[1], TAG)
    zones = sorted(z for z, tags in c.world.zone_tags.items() if tag in tags)
    return lambda s, b: min(NUMBER_LIMIT, sum(s.board[z].get(piece, 0) for z in zones))


def _owned(c: Arguments, args: list[ast.expr]) -> Compiled:
    actor = c.argument("owned", 1, args[0], ACTOR)
    owner = c.world.piece_owner
    if len(args) == 1:

        def owned_all(s: Any, b: Mapping[str, Any]) -> int:
            who = actor(s, b)
            total = sum(
                n for pieces in s.board.values() for t, n in pieces.items() if owner[t] == who
            )
            return min(total, NUMBER_LIMIT)

        return owned_all
    zone = c.argument("owned", 2, args[1], ZONE)

    def owned_in(s: Any, b: Mapping[str, Any]) -> int:
        who = actor(s, b)
        total = sum(n for t, n in s.board.get(zone(s, b), {}).items() if owner[t] == who)
        return min(total, NUMBER_LIMIT)

    return owned_in


def _supply(c: Arguments, args: list[ast.expr]) -> Compiled:
    piece = c.literal(args[0], PIECE)
    return lambda s, b: s.supply[piece]


def _adjacent(c: Arguments, args: list[ast.expr]) -> Compiled:
    a, z = c.argument("adjacent", 1, args[0], ZONE), c.argument("adjacent", 2, args[1], ZONE)
    adjacency = c.world.adjacency
    return lambda s, b: z(s, b) in adjacency.get(a(s, b), ())


def _distance(c: Arguments, args: list[ast.expr]) -> Compiled:
    a, z = c.argument("distance", 1, args[0], ZONE), c.argument("distance", 2, args[1], ZONE)
    tag = c.literal(args[2], TAG) if len(args) > 2 else None
    zones = len(set(c.world.adjacency) | set(c.world.zone_tags))
    if zones > MAX_DISTANCE_ZONES:
        raise ExprError(
            f"distance() works on maps of at most {MAX_DISTANCE_ZONES} zones (this one has "
            f"{zones}); use adjacent() or tags"
        )
    steps = distance_table(c.world, tag)
    return lambda s, b: steps.get((a(s, b), z(s, b)), NUMBER_LIMIT)


def distance_table(world: World, tag: str | None) -> dict[tuple[str, str], int]:
    """Fewest steps between every pair of zones of ``world`` (through zones with ``tag``
    only, when one is given); a pair with no path is left out. Shared: never change it."""
    return _steps(
        tuple(sorted((k, tuple(sorted(v))) for k, v in world.adjacency.items())),
        tuple(sorted((k, tuple(sorted(v))) for k, v in world.zone_tags.items())),
        tag,
    )


@lru_cache(maxsize=16)
def _steps(
    adjacency: tuple[tuple[str, tuple[str, ...]], ...],
    tags: tuple[tuple[str, tuple[str, ...]], ...],
    tag: str | None,
) -> dict[tuple[str, str], int]:
    """Fewest steps between every pair of zones (through zones with ``tag`` only, both ends
    included, when one is given); a pair with no path is left out."""
    neighbours = dict(adjacency)
    if tag is None:
        allowed = set(neighbours) | {z for z, _ in tags}
    else:
        allowed = {z for z, zone_tags in tags if tag in zone_tags}
    out: dict[tuple[str, str], int] = {}
    for start in sorted(allowed):
        out[(start, start)] = 0
        frontier, seen, n = [start], {start}, 0
        while frontier:
            n += 1
            nxt = []
            for zone in frontier:
                for other in neighbours.get(zone, ()):
                    if other in allowed and other not in seen:
                        seen.add(other)
                        out[(start, other)] = n
                        nxt.append(other)
            frontier = nxt
    return out


def _has_tag(c: Arguments, args: list[ast.expr]) -> Compiled:
    zone = c.argument("has_tag", 1, args[0], ZONE)
    tag = c.literal(args[1], TAG)
    tags = c.world.zone_tags
    return lambda s, b: tag in tags.get(zone(s, b), ())


def _in_band(c: Arguments, args: list[ast.expr]) -> Compiled:
    track = c.literal(args[0], TRACK)
    wanted = {c.literal(a, BAND, track) for a in args[1:]}
    ranges = [(lo, hi) for band, lo, hi in c.world.bands[track] if band in wanted]
    return lambda s, b: any(lo <= s.values[track] <= hi for lo, hi in ranges)


def _hand(c: Arguments, args: list[ast.expr]) -> Compiled:
    actor = c.argument("hand", 1, args[0], ACTOR)
    return lambda s, b: s.hand_count(actor(s, b))


FUNCTIONS: dict[str, FunctionSpec] = {
    "min": FunctionSpec((NUMBER, NUMBER), NUMBER, _min, variadic=True, doc="smallest of two+"),
    "max": FunctionSpec((NUMBER, NUMBER), NUMBER, _max, variadic=True, doc="largest of two+"),
    "abs": FunctionSpec((NUMBER,), NUMBER, _abs, doc="absolute value"),
    "clamp": FunctionSpec((NUMBER, NUMBER, NUMBER), NUMBER, _clamp, doc="clamp(x, lo, hi)"),
    "pieces": FunctionSpec((PIECE, ZONE), NUMBER, _pieces, optional=1, doc="pieces('type'[, z])"),
    "near": FunctionSpec((PIECE, ZONE), NUMBER, _near, doc="near('type', zone): and neighbours"),
    "tagged": FunctionSpec((PIECE, TAG), NUMBER, _tagged, doc="tagged('type', 'tag')"),
    "owned": FunctionSpec((ACTOR, ZONE), NUMBER, _owned, optional=1, doc="owned(actor[, zone])"),
    "supply": FunctionSpec((PIECE,), NUMBER, _supply, doc="supply('type'): not on the map"),
    "adjacent": FunctionSpec((ZONE, ZONE), BOOL, _adjacent, doc="adjacent(a, b): neighbours"),
    "distance": FunctionSpec(
        (ZONE, ZONE, TAG),
        NUMBER,
        _distance,
        optional=1,
        doc="distance(a, b[, 'tag']): fewest steps (through zones with the tag); "
        f"{NUMBER_LIMIT:,} when there is no path",
    ),
    "has_tag": FunctionSpec((ZONE, TAG), BOOL, _has_tag, doc="has_tag(zone, 'tag')"),
    "in_band": FunctionSpec((TRACK, BAND), BOOL, _in_band, variadic=True, doc="in_band('t', 'b')"),
    "hand": FunctionSpec((ACTOR,), NUMBER, _hand, doc="hand(actor): cards in that hand"),
    "in_state": FunctionSpec(
        (PIECE, TEXT, ZONE),
        NUMBER,
        build_in_state,
        optional=1,
        doc="in_state('type', 'state'[, zone]): pieces in that state",
    ),
    "ordered": FunctionSpec(
        (ACTOR, TEXT),
        BOOL,
        build_ordered,
        doc="ordered(actor, 'card'): that actor's revealed order plays it (orders phases)",
    ),
}

__all__ = ["FUNCTIONS", "LITERAL_ONLY", "Arguments", "FunctionSpec", "distance_table"]
