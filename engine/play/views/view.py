"""What one actor may see: :func:`observe` strips hidden information from the state.

Bots and the UI read views, never the full state. A view holds the public board, tracks and
discards, the actor's own hand, the sizes (not contents) of other hands and of draw piles,
and the log entries visible to the actor. It never holds other hands, deck order or the RNG,
nor private values, face-down pieces or sealed orders the actor may not see
(:mod:`engine.play.views.secret_view`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.load.scenario import Scenario
from engine.play.events import Event
from engine.play.rules.actions import Action
from engine.play.secret_state import Secrets
from engine.play.state import Outcome, Window
from engine.play.views.secret_view import conceal, needs_concealing

if TYPE_CHECKING:
    from engine.play.game import Game


@dataclass(frozen=True)
class View:
    """An actor's picture of the game. Expressions can be evaluated against it.

    ``pending`` is the public queue of reaction windows (who may answer which trigger, and
    who fired it); ``seat`` is the place in the turn order of the next actor in the round.
    """

    actor: str | None
    scenario: Scenario
    turn: int
    calendar: str
    phase: str
    phase_name: str
    round: int
    to_move: str | None
    values: dict[str, Any]
    board: dict[str, dict[str, int]]
    supply: dict[str, int]
    hand: tuple[str, ...]
    hand_sizes: dict[str, int]
    draw_sizes: dict[str, int]
    discards: dict[str, tuple[str, ...]]
    removed: tuple[str, ...]
    pending: tuple[Window, ...]
    seat: int
    log: tuple[Event, ...]
    legal: tuple[Action, ...]
    history: tuple[dict[str, int], ...]
    outcome: Outcome | None
    #: This actions phase's acting order when initiative set it (empty: the fixed order).
    order: tuple[str, ...] = ()
    #: What this actor may see of the secret bookkeeping (reveals, its own face-down pieces,
    #: piece states, its own sealed order, offers it is party to).
    secrets: Secrets = field(default_factory=Secrets)
    #: Others' face-down pieces: zone → owner → how many (their type is not shown).
    unknown: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Private values this actor does not see (absent from ``values``).
    hidden: frozenset[str] = frozenset()
    #: Who has given a sealed order this phase (what they ordered stays hidden till revealed).
    committed: tuple[str, ...] = ()

    @property
    def reacting_to(self) -> tuple[str, str | None] | None:
        """The trigger and zone of the reaction window being answered now, if any."""
        window = self.pending[0] if self.pending else None
        return (window.trigger, window.zone) if window else None

    def hand_count(self, actor: str) -> int:
        """How many cards ``actor`` holds."""
        return self.hand_sizes.get(actor, 0)

    def unseen_cards(self) -> dict[str, list[str]]:
        """Per deck, the card instances this actor cannot locate (other hands and draw piles)."""
        out: dict[str, list[str]] = {}
        for deck in self.scenario.decks:
            pool = self.scenario.deck_cards(deck.id)
            for card in (*self.discards[deck.id], *self.removed, *self.hand):
                if card in pool and self.scenario.cards[card].deck == deck.id:
                    pool.remove(card)
            out[deck.id] = pool
        return out


def observe(game: Game, actor: str | None, *, with_log: bool = True) -> View:
    """The view of ``game`` for ``actor`` (``None``: a spectator who sees only public facts).

    ``with_log=False`` leaves the log empty, for fast playouts whose bots never read it.
    """
    state = game.state
    to_move = game.to_move()
    view = View(
        actor=actor,
        scenario=game.scenario,
        turn=state.turn,
        calendar=game.scenario.calendar(state.turn),
        phase=game.phase.id,
        phase_name=game.phase.name or game.phase.id,
        round=state.round,
        to_move=to_move,
        values=dict(state.values),
        board={z: dict(p) for z, p in state.board.items()},
        supply=dict(state.supply),
        hand=tuple(state.hands.get(actor, ())) if actor else (),
        hand_sizes={a: len(h) for a, h in state.hands.items()},
        draw_sizes={d: len(p) for d, p in state.draw.items()},
        discards={d: tuple(p) for d, p in state.discard.items()},
        removed=tuple(state.removed),
        pending=tuple(state.pending),
        seat=state.seat,
        log=tuple(e for e in state.log if e.visible(actor)) if with_log else (),
        legal=tuple(game.legal_actions()) if actor is not None and actor == to_move else (),
        history=tuple(state.history),
        outcome=state.outcome,
        order=state.order,
    )
    if needs_concealing(game):  # private values, face-down pieces, sealed orders
        view = conceal(view, game, actor)
    return view
