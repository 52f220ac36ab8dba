"""Determinising secrets: a full game's private parts, sampled consistently with one view.

:mod:`engine.play.views.determinize` samples hands and deck order; this fills in the rest a
view leaves out — private values the actor does not see, the types of others' face-down
pieces, and the sealed orders others have given but not revealed — from a seed and the view
alone, so two states with the same view give the same samples.

The priors are deliberately plain: a hidden flag is a coin toss, a hidden track uniform over
its range, a hidden counter uniform from its floor to its start plus the turn number; an
unknown piece is one of its owner's hidden types, weighted by how many of each the actor
cannot account for; a sealed order is one of that actor's legal orders, uniformly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.play import rng
from engine.play.rules.resolving.secrets import privacy
from engine.play.views.view import View

if TYPE_CHECKING:
    from engine.play.game import Game


def has_secrets(view: View) -> bool:
    """Whether ``view`` leaves anything secret to sample."""
    return bool(view.hidden or view.unknown or view.committed or not view.secrets.is_empty())


def fill(game: Game, view: View, seed: int) -> None:
    """Complete ``game`` (built from ``view``'s public parts) with sampled secrets."""
    state = game.state
    scenario = game.scenario
    r = rng.derive_seed(seed, "secrets")
    state.secrets = view.secrets.copy()
    for value in sorted(view.hidden):
        r, state.values[value] = _prior(game, value, r, view.turn)
    rules = privacy(scenario)
    for zone in sorted(view.unknown):
        for owner in sorted(view.unknown[zone]):
            kinds = sorted(p for p, o in rules.hidden.items() if o == owner)
            for _ in range(view.unknown[zone][owner]):
                pool = [(p, state.supply[p]) for p in kinds if state.supply[p] > 0]
                total = sum(n for _, n in pool)
                if not total:
                    break
                r, pick = rng.below(r, total)
                piece = _pick(pool, pick)
                state.supply[piece] -= 1
                cell = state.board[zone]
                cell[piece] = cell.get(piece, 0) + 1
                down = state.secrets.facedown.setdefault(zone, {})
                down[piece] = down.get(piece, 0) + 1
    if view.committed and not view.secrets.open:
        _sample_orders(game, view, r)


def _pick(pool: list[tuple[str, int]], pick: int) -> str:
    """The type at position ``pick`` when the pool's pieces are laid out in order."""
    for piece, n in pool:
        if pick < n:
            return piece
        pick -= n
    return pool[-1][0]


def _prior(game: Game, value: str, r: int, turn: int) -> tuple[int, int | bool]:
    scenario = game.scenario
    if any(f.id == value for f in scenario.flags):
        r, coin = rng.below(r, 2)
        return r, bool(coin)
    track = scenario.track(value)
    if track is not None:
        r, k = rng.below(r, track.max - track.min + 1)
        return r, track.min + k
    counter = next(c for c in scenario.counters if c.id == value)
    high = max(counter.start, counter.min) + turn
    r, k = rng.below(r, high - counter.min + 1)
    return r, counter.min + k


def _sample_orders(game: Game, view: View, r: int) -> None:
    """Others' sealed orders: each a legal order of theirs in the sampled world."""
    state = game.state
    mine = dict(view.secrets.orders)
    order = state.order or game.tables.phase_orders[state.phase]
    seat, pending = state.seat, state.pending
    state.pending = []
    orders = []
    for who in view.committed:
        if who in mine:
            orders.append((who, mine[who]))
            continue
        state.seat = order.index(who)
        legal = game.legal_actions()
        r, i = rng.below(r, len(legal))
        orders.append((who, str(legal[i])))
    state.seat, state.pending = seat, pending
    state.secrets.orders = orders


__all__ = ["fill", "has_secrets"]
