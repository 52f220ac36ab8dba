"""Expression functions for the secret constructs: piece states and sealed orders.

``in_state('type', 'state'[, zone])`` counts pieces in a state; ``ordered(actor, 'id')`` says
whether ``actor``'s revealed order this phase plays that card or operation (a scenario's
conflict rules test it while orders resolve). Both read only what a view also holds, so they
judge the same on a state and on a view.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

from engine.errors import did_you_mean
from engine.load.check.expressions.kinds import ACTOR, PIECE, Compiled, ExprError


def _quoted(node: ast.expr, what: str, known: list[str]) -> str:
    """A quoted name among ``known``, or a load error with a did-you-mean."""
    if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
        raise ExprError(
            f"write the {what} in quotes, e.g. '{known[0] if known else 'x'}'",
            getattr(node, "col_offset", 0),
        )
    if node.value not in known:
        raise ExprError(
            f"unknown {what} '{node.value}'{did_you_mean(node.value, known)}", node.col_offset
        )
    return node.value


def build_in_state(c: Any, args: list[ast.expr]) -> Compiled:
    """``in_state('type', 'state'[, zone])``: pieces of a type with ``states`` in one state."""
    from engine.play.rules.resolving.secrets import in_state  # the engine's counting, shared

    piece = c.literal(args[0], PIECE)
    states = list(c.world.piece_states.get(piece, ()))
    if not states:
        raise ExprError(f"piece type '{piece}' has no states", args[0].col_offset)
    wanted = _quoted(args[1], "state", states)
    first = states[0]
    if len(args) == 2:
        return lambda s, b: in_state(s, piece, wanted, None, first)
    zone = c.argument("in_state", 3, args[2], "zone")
    return lambda s, b: in_state(s, piece, wanted, zone(s, b), first)


def build_ordered(c: Any, args: list[ast.expr]) -> Compiled:
    """``ordered(actor, 'card or operation')``: the actor's revealed order plays it."""
    actor = c.argument("ordered", 1, args[0], ACTOR)
    known = sorted([*c.world.cards, *c.world.operations])
    name = _quoted(args[1], "card or operation", known)

    def ordered(s: Any, b: Mapping[str, Any]) -> bool:
        secrets = s.secrets
        if not secrets.open:
            return False
        who = actor(s, b)
        for giver, text in secrets.orders:
            words = text.split()
            if giver == who and len(words) > 2 and name in words[2:4]:
                return True
        return False

    return ordered


__all__ = ["build_in_state", "build_ordered"]
