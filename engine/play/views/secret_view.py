"""Concealing secrets in a view: private values, others' face-down pieces, sealed orders.

:func:`engine.play.views.view.observe` builds the public view and hands it here when the
scenario has anything private. What an actor may not see is taken out, never blurred: a
private value it does not see is absent from ``values`` (so a formula that needs it reads as
unknown), others' face-down pieces leave ``board`` for ``unknown`` (zone → owner → how many)
and go back to ``supply`` (so board plus supply still make each type's total), and others'
sealed orders are reduced to the fact that they were given (``committed``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from engine.play.rules.resolving.secrets import privacy, sees
from engine.play.secret_state import Secrets

if TYPE_CHECKING:
    from engine.play.game import Game
    from engine.play.views.view import View


def needs_concealing(game: Game) -> bool:
    """Whether ``game`` has anything a view might have to hide (most scenarios: no)."""
    return privacy(game.scenario).any or not game.state.secrets.is_empty()


def conceal(view: View, game: Game, actor: str | None) -> View:
    """``view`` with everything ``actor`` (``None``: a spectator) may not see taken out."""
    scenario = game.scenario
    state = game.state
    secrets = state.secrets
    rules = privacy(scenario)
    hidden = frozenset(v for v in rules.owners if not sees(scenario, secrets, v, actor))
    values = {k: v for k, v in view.values.items() if k not in hidden}
    history = tuple({k: v for k, v in snap.items() if k not in hidden} for snap in view.history)
    board = {z: dict(p) for z, p in view.board.items()}
    supply = dict(view.supply)
    unknown: dict[str, dict[str, int]] = {}
    facedown: dict[str, dict[str, int]] = {}
    marks = {z: {p: dict(s) for p, s in c.items()} for z, c in secrets.marks.items()}
    for zone, cell in secrets.facedown.items():
        for piece, n in cell.items():
            owner = rules.hidden[piece]
            if owner == actor:
                facedown.setdefault(zone, {})[piece] = n
                continue
            board[zone][piece] -= n
            if not board[zone][piece]:
                del board[zone][piece]
            supply[piece] += n
            mine = unknown.setdefault(zone, {})
            mine[owner] = mine.get(owner, 0) + n
            marks.get(zone, {}).pop(piece, None)  # a face-down piece's state is not seen
    marks = {z: c for z, c in marks.items() if c}
    orders = list(secrets.orders)
    if not secrets.open:
        orders = [(who, text) for who, text in orders if who == actor]
    seen = Secrets(
        revealed={k: v for k, v in secrets.revealed.items() if k not in hidden},
        facedown=facedown,
        marks=marks,
        orders=orders,
        resolving=list(secrets.resolving),
        offers=[o for o in secrets.offers if actor in (o[1], o[2])],
        open=secrets.open,
    )
    return replace(
        view,
        values=values,
        history=history,
        board=board,
        supply=supply,
        secrets=seen,
        unknown=unknown,
        hidden=hidden,
        committed=tuple(who for who, _ in secrets.orders),
    )


def unknown_variants(view: Any) -> list[Any]:
    """Copies of ``view`` in which others' unknown pieces are given, in turn, each of their
    owner's hidden types (all of one owner's unknown pieces as one type): a formula that
    gives different values on them depends on what the view cannot tell."""
    if not view.unknown:
        return []
    hidden = privacy(view.scenario).hidden
    owners = sorted({o for cell in view.unknown.values() for o in cell})
    out = []
    for owner in owners:
        for piece in sorted(p for p, o in hidden.items() if o == owner):
            board = {z: dict(c) for z, c in view.board.items()}
            supply = dict(view.supply)
            for zone, cell in view.unknown.items():
                n = cell.get(owner, 0)
                if n:
                    board[zone][piece] = board[zone].get(piece, 0) + n
                    supply[piece] -= n
            out.append(replace(view, board=board, supply=supply))
    return out


def has_secret_rules(scenario: Any) -> bool:
    """Whether ``scenario`` uses any secret construct (private values, hidden pieces, piece
    states, orders phases or deals)."""
    return (
        privacy(scenario).any
        or bool(scenario.deals)
        or any(p.kind == "orders" for p in scenario.turns.phases)
    )


def view_secrets(view: Any) -> dict[str, Any]:
    """The secret parts of a view as JSON-ready data (for agents and ``--json``)."""
    return {
        "hidden_values": sorted(view.hidden),
        "unknown": {z: dict(sorted(c.items())) for z, c in sorted(view.unknown.items())},
        "committed": list(view.committed),
        **view.secrets.to_dict(),
    }


__all__ = [
    "conceal",
    "has_secret_rules",
    "needs_concealing",
    "unknown_variants",
    "view_secrets",
]
