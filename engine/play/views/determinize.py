"""Determinisation: a full game consistent with one actor's view, for search bots.

A bot sees a :class:`View`, never the state. To look ahead it needs a whole :class:`Game`, so
it samples what it cannot see — the other actors' hands, the order of every draw pile and the
RNG — from ``view.unseen_cards()`` and its own generator, and the secrets the view leaves
out (private values, face-down pieces, sealed orders; see
:mod:`engine.play.views.secret_sample`). Everything public (tracks, flags,
pieces, discards, whose decision it is) is copied from the view unchanged, so two states that
give the same view give the same determinisations for the same seed.
"""

from __future__ import annotations

from engine.load.scenario import Scenario
from engine.play import rng
from engine.play.game import Game
from engine.play.state import GameState
from engine.play.views.secret_sample import fill, has_secrets
from engine.play.views.view import View


def determinize(view: View, seed: int) -> Game:
    """A game whose state matches ``view`` in everything ``view.actor`` can see.

    Hidden parts are drawn from ``seed``: other hands and draw piles are a random split of
    the unseen cards (respecting hand sizes and deck ownership), and the game's RNG is fresh.
    """
    return Determinizer(view).sample(seed)


class Determinizer:
    """Samples many determinisations of one view (the public part is computed once)."""

    def __init__(self, view: View):
        self.view = view
        self.scenario = view.scenario
        self.unseen = view.unseen_cards()
        self.phase = _phase_index(view.scenario, view.phase)

    def sample(self, seed: int) -> Game:
        """One determinisation drawn from ``seed``."""
        view = self.view
        actor = view.actor
        state_rng = rng.derive_seed(seed, "determinize")
        hands: dict[str, list[str]] = {a: [] for a in view.hand_sizes}
        if actor is not None:
            hands[actor] = list(view.hand)
        draw: dict[str, list[str]] = {}
        need = {a: n for a, n in view.hand_sizes.items() if a != actor}
        for deck in self.scenario.decks:
            state_rng, pool = rng.shuffled(state_rng, self.unseen[deck.id])
            in_hands = max(0, len(pool) - view.draw_sizes.get(deck.id, 0))
            holders = [a for a in deck.owners if a in need]
            # Deal the cards that must be in other hands to owners who still have room.
            while in_hands > 0 and pool:
                room = [a for a in holders if need[a] > 0]
                if not room:
                    break
                state_rng, i = rng.below(state_rng, len(room))
                hands[room[i]].append(pool.pop())
                need[room[i]] -= 1
                in_hands -= 1
            draw[deck.id] = pool
        state = GameState(
            values=dict(view.values),
            board={z: dict(p) for z, p in view.board.items()},
            supply=dict(view.supply),
            draw=draw,
            discard={d: list(p) for d, p in view.discards.items()},
            removed=list(view.removed),
            hands=hands,
            rng=rng.next_u64(state_rng)[1],
            turn=view.turn,
            phase=self.phase,
            entered=True,
            round=view.round,
            seat=0,
            history=list(view.history),
            outcome=view.outcome,
        )
        game = Game(self.scenario, state, seed)
        game.quiet = True  # search never reads the log of a sampled future
        _place_decision(game, view)
        if has_secrets(view):  # private values, face-down pieces, sealed orders
            fill(game, view, seed)
        return game


def _phase_index(scenario: Scenario, phase_id: str) -> int:
    for i, phase in enumerate(scenario.turns.phases):
        if phase.id == phase_id:
            return i
    raise ValueError(f"view names an unknown phase '{phase_id}'")


def _place_decision(game: Game, view: View) -> None:
    """Set the seat and the queued reaction windows: both are public, so copy them."""
    game.state.seat = view.seat
    game.state.order = view.order
    game.state.pending = list(view.pending)


__all__ = ["determinize"]
