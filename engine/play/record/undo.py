"""Undo: which of a player's moves may be taken back, and why not when it may not.

A move may be taken back only while nothing hidden has been revealed since: no dice rolled,
no card drawn or discarded at random, no deck reshuffled, no card played by another side
from its hand. Otherwise undo would let a player see what they should not have seen and
then choose again. Taking back replays the game from its start without the move.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.play.game import Game
from engine.play.record.saves import replay

#: Events after which an undo would let a player see something it should not have seen.
REVEALING = {
    "roll": "dice were rolled",
    "draw": "cards were drawn",
    "discard": "cards were discarded",
    "reshuffle": "a deck was reshuffled",
    "reveal": "something secret was revealed",  # a private value, face-down pieces, orders
    "message": "a private message was read",
    "answer": "an offer was answered",
}


def undo_point(game: Game, mine: Callable[[str], bool]) -> tuple[int | None, str]:
    """The index of the last action ``mine`` accepts that may be taken back, or None with
    the reason (for the player: "cannot undo: dice were rolled since your last action")."""
    actions = game.actions
    index = next((i for i in range(len(actions) - 1, -1, -1) if mine(actions[i].actor)), None)
    if index is None:
        return None, "nothing to undo: you have not acted yet"
    me = actions[index].actor
    if any(at > index for at, _ in game.interventions):
        return None, "cannot undo: the umpire has intervened since your last action"
    for event in game.state.log[game.action_marks[index] :]:
        if event.kind in REVEALING:
            return None, f"cannot undo: {REVEALING[event.kind]} since your last action"
        if event.kind in ("play", "react") and event.actor not in (None, me):
            who = game.names.get(event.actor, event.actor)
            return None, f"cannot undo: {who} has played a card from its hand since"
    return index, ""


def take_back(game: Game, index: int) -> Game:
    """The game as it was before action ``index`` (replayed from its start)."""
    kept = [(at, iv) for at, iv in game.interventions if at <= index]
    actions = [str(a) for a in game.actions[:index]]
    return replay(game.scenario, game.seed, actions, origin="undo", umpire=kept)


__all__ = ["REVEALING", "take_back", "undo_point"]
