"""How generated expression code (:mod:`engine.load.check.expressions.codegen`) calls the
registered functions of :mod:`engine.load.check.expressions.functions`.

Each writer gives the code of one call from its checked arguments, computing what the
function's closure computes, in the same order: quoted ids, a tag's zones, a band's bounds,
distances and the map are the writer's cells; counts read the board directly; the loops
(``near``, ``owned``) are helpers passed as cells. A function without a writer here
(``in_state``, ``ordered``) is called as its closure.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from engine.load.check.expressions.functions import distance_table
from engine.load.check.expressions.kinds import NUMBER_LIMIT, World

_EMPTY: Mapping[str, int] = {}


class Writer(Protocol):
    """What a call's writer asks of the expression writer."""

    world: World

    def cell(self, value: Any) -> str:
        """The generated name holding ``value``."""
        ...

    def temp(self) -> str:
        """A new temporary's name."""
        ...

    def args(self, nodes: list[ast.expr], level: int) -> list[str]:
        """The code of each argument, written in order."""
        ...


def _near(board: Any, zone: Any, piece: str, adjacency: Mapping[str, Any]) -> int:
    count = board.get(zone, {}).get(piece, 0)
    for other in adjacency.get(zone, ()):
        count += board[other].get(piece, 0)
    return min(count, NUMBER_LIMIT)


def _owned_all(board: Any, who: Any, owner: Mapping[str, str]) -> int:
    total = sum(n for pieces in board.values() for t, n in pieces.items() if owner[t] == who)
    return min(total, NUMBER_LIMIT)


def _owned_in(board: Any, who: Any, zone: Any, owner: Mapping[str, str]) -> int:
    total = sum(n for t, n in board.get(zone, {}).items() if owner[t] == who)
    return min(total, NUMBER_LIMIT)


def _literal(node: ast.expr) -> str:
    """A quoted id argument (checked by the closure compiler)."""
    assert isinstance(node, ast.Constant) and isinstance(node.value, str)
    return node.value


def _c_min(w: Writer, args: list[ast.expr], level: int) -> tuple[str, bool]:
    return f"{w.cell(min)}({', '.join(w.args(args, level))})", False


def _c_max(w: Writer, args: list[ast.expr], level: int) -> tuple[str, bool]:
    return f"{w.cell(max)}({', '.join(w.args(args, level))})", False


def _c_abs(w: Writer, args: list[ast.expr], level: int) -> tuple[str, bool]:
    return f"{w.cell(abs)}({w.args(args, level)[0]})", False


def _c_clamp(w: Writer, args: list[ast.expr], level: int) -> tuple[str, bool]:
    x, low, high = w.args(args, level)
    # max(lo, min(hi, x)), its parts computed lo, hi, x as the closure computes them
    return f"{w.cell(max)}({low}, {w.cell(min)}({high}, {x}))", False


def _c_pieces(w: Writer, args: list[ast.expr], level: int) -> tuple[str, bool]:
    piece = _literal(args[0])
    if len(args) == 1:
        total = w.world.piece_total[piece]
        return f"({w.cell(total)} - s.supply[{w.cell(piece)}])", False
    zone = w.args(args[1:], level)[0]
    return f"s.board.get({zone}, {w.cell(_EMPTY)}).get({w.cell(piece)}, 0)", False


def _c_near(w: Writer, args: list[ast.expr], level: int) -> tuple[str, bool]:
    piece, zone = w.cell(_literal(args[0])), w.args(args[1:], level)[0]
    return f"{w.cell(_near)}(s.board, {zone}, {piece}, {w.cell(w.world.adjacency)})", False


def _c_tagged(w: Writer, args: list[ast.expr], level: int) -> tuple[str, bool]:
    piece, tag = w.cell(_literal(args[0])), _literal(args[1])
    zones = sorted(z for z, tags in w.world.zone_tags.items() if tag in tags)
    counts = " + ".join(f"s.board[{w.cell(z)}].get({piece}, 0)" for z in zones) or "0"
    return f"{w.cell(min)}({w.cell(NUMBER_LIMIT)}, {counts})", False


def _c_owned(w: Writer, args: list[ast.expr], level: int) -> tuple[str, bool]:
    parts, owner = w.args(args, level), w.cell(w.world.piece_owner)
    if len(parts) == 1:
        return f"{w.cell(_owned_all)}(s.board, {parts[0]}, {owner})", False
    return f"{w.cell(_owned_in)}(s.board, {parts[0]}, {parts[1]}, {owner})", False


def _c_supply(w: Writer, args: list[ast.expr], level: int) -> tuple[str, bool]:
    return f"s.supply[{w.cell(_literal(args[0]))}]", False


def _c_adjacent(w: Writer, args: list[ast.expr], level: int) -> tuple[str, bool]:
    a, z = w.args(args, level)
    return f"({z} in {w.cell(w.world.adjacency)}.get({a}, ()))", True


def _c_distance(w: Writer, args: list[ast.expr], level: int) -> tuple[str, bool]:
    a, z = w.args(args[:2], level)
    steps = distance_table(w.world, _literal(args[2]) if len(args) > 2 else None)
    return f"{w.cell(steps)}.get(({a}, {z}), {w.cell(NUMBER_LIMIT)})", False


def _c_has_tag(w: Writer, args: list[ast.expr], level: int) -> tuple[str, bool]:
    zone, tag = w.args(args[:1], level)[0], w.cell(_literal(args[1]))
    return f"({tag} in {w.cell(w.world.zone_tags)}.get({zone}, ()))", True


def _c_in_band(w: Writer, args: list[ast.expr], level: int) -> tuple[str, bool]:
    track = _literal(args[0])
    wanted = {_literal(a) for a in args[1:]}
    ranges = [(lo, hi) for band, lo, hi in w.world.bands[track] if band in wanted]
    if not ranges:
        return "False", True
    t = w.temp()
    value = f"({t} := s.values[{w.cell(track)}])"
    tests = []
    for lo, hi in ranges:
        tests.append(f"{w.cell(lo)} <= {value} <= {w.cell(hi)}")
        value = t
    return f"({' or '.join(tests)})", True


def _c_hand(w: Writer, args: list[ast.expr], level: int) -> tuple[str, bool]:
    return f"s.hand_count({w.args(args, level)[0]})", False


CALLS: dict[str, Callable[[Writer, list[ast.expr], int], tuple[str, bool]]] = {
    "min": _c_min,
    "max": _c_max,
    "abs": _c_abs,
    "clamp": _c_clamp,
    "pieces": _c_pieces,
    "near": _c_near,
    "tagged": _c_tagged,
    "owned": _c_owned,
    "supply": _c_supply,
    "adjacent": _c_adjacent,
    "distance": _c_distance,
    "has_tag": _c_has_tag,
    "in_band": _c_in_band,
    "hand": _c_hand,
}


__all__ = ["CALLS", "Writer"]
