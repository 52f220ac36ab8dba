"""Hand limits: at a declared moment, an actor over its limit discards down, choosing which.

An actor's ``hand_limit: {max: N, at: PHASE}`` is enforced on entering that phase, after its
standing rules and its draws (``at: end_of_turn``: after the turn's last phase). Each actor
over its limit, in turn order, gets a *discard window*: a :class:`Window` in the same public
queue as reaction windows, whose trigger is :data:`HAND_LIMIT` (no trigger id can be spelt
so). While it is at the front, that actor's only legal actions are ``discard`` actions, one
per distinct card it holds: ``israel discard notify_hotline``. Each discard puts the card on
its deck's discard pile and is logged publicly (discard piles are public); the window closes
when the hand is down to the limit. Bots, agents and the terminal UI see these as ordinary
legal actions, so every kind of player chooses its own discards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.load.scenario import Play
from engine.play.rules.actions import Action, interned
from engine.play.state import Window

if TYPE_CHECKING:
    from engine.play.game import Game

#: The trigger of a discard window (a space: never a trigger id, which are snake case).
HAND_LIMIT = "hand limit"

_LIMIT = Play("hand_limit", "Hand limit", "", (), None, (), None, (), None)


def is_discard_window(window: Window) -> bool:
    """Whether ``window`` asks its actor to discard down rather than to react."""
    return window.trigger == HAND_LIMIT


def limit_of(game: Game, actor: str) -> int | None:
    """``actor``'s hand limit, or None when it has none."""
    return game.plan.limits.get(actor)


def enforce(game: Game, limits: tuple[tuple[str, int], ...]) -> None:
    """Open a discard window for every actor of ``limits`` — the phase's, as ``(actor, max)``
    in turn order (:attr:`engine.play.rules.turn.plan.PhasePlan.limits`) — who holds more
    cards than its limit, and say so in the log."""
    state = game.state
    for actor, most in limits:
        held = len(state.hands[actor])
        if held <= most:
            continue
        over = held - most
        game.log(
            "hand_limit",
            f"{game.names[actor]} holds {held} cards, over its hand limit of {most}: "
            f"it discards {over} of its choice",
            _LIMIT,
            actor,
            data={"actor": actor, "held": held, "limit": most},
        )
        state.pending.append(Window(actor, HAND_LIMIT, None, None))


def owes(game: Game, actor: str) -> bool:
    """Whether ``actor`` still holds more cards than its limit (its window stays open)."""
    limit = limit_of(game, actor)
    return limit is not None and len(game.state.hands[actor]) > limit


def discard_actions(actor: str, hand: list[str]) -> list[Action]:
    """The legal actions of an actor discarding down: one per distinct card it holds."""
    return [interned(actor, "discard", card) for card in hand]  # (found by identity)


def why_not(game: Game, actor: str, card_id: str, use: str) -> str | None:
    """Why ``actor`` may not use ``card_id`` as ``use`` now, when a discard window is open or
    the use is a discard (None: it may)."""
    state = game.state
    window = state.pending[0] if state.pending else None
    discarding = window is not None and is_discard_window(window) and window.actor == actor
    if use == "discard":
        return None if discarding else "there is nothing to discard down now"
    if discarding:
        limit = limit_of(game, actor)
        return f"first discard down to your hand limit of {limit}"
    return None


def discard(game: Game, action: Action) -> None:
    """Apply a legal discard: the card leaves the hand for its deck's discard pile (the game
    closes the window once the hand is down to the limit)."""
    assert action.card is not None  # a legal discard names its card
    state = game.state
    who = action.actor
    card = game.scenario.cards[action.card]
    state.hands[who].remove(action.card)
    state.discard[card.deck].append(action.card)
    game.log(
        "discard",
        f"{game.names[who]} discards {game.card_name(action.card)} (hand limit)",
        _LIMIT,
        who,
        data={"actor": who, "cards": [action.card], "hand_limit": True},
    )


__all__ = [
    "HAND_LIMIT",
    "discard",
    "discard_actions",
    "enforce",
    "is_discard_window",
    "limit_of",
    "owes",
    "why_not",
]
