"""How the moves of a game read to one actor: an answer to a deal it is not party to is
private (it learns only that the answer was given, as its log says), and a sealed order
another side committed shows as such until the orders are revealed.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.load.scenario import Scenario
from engine.play.rules.actions import Action
from engine.play.secret_state import Secrets


def moves_seen_by(
    scenario: Scenario, actions: Sequence[Action], secrets: Secrets, reader: str | None
) -> list[str]:
    """Each action's text as ``reader`` may read it (``None``: the public)."""
    out = [move_seen_by(scenario, a, reader) for a in actions]
    if secrets.orders and not secrets.open:
        # The game stopped with sealed orders committed and not yet revealed: each is the
        # latest move of its actor with that text.
        for actor, text in secrets.orders:
            if actor == reader:
                continue
            for i in range(len(actions) - 1, -1, -1):
                if actions[i].actor == actor and out[i] == text:
                    out[i] = f"{actor} gives a sealed order"
                    break
    return out


def hidden_move(
    scenario: Scenario, action: Action, secrets: Secrets, reader: str | None
) -> str | None:
    """What ``reader`` learns of ``action``, the game's latest move, when it is another
    side's private move — ``answers DEAL privately`` or ``gives a sealed order`` (not yet
    revealed) — else None (it may read the move itself)."""
    if action.actor == reader:
        return None
    if (action.actor, str(action)) in secrets.orders and not secrets.open:
        return "gives a sealed order"
    text = move_seen_by(scenario, action, reader)
    return text.removeprefix(f"{action.actor} ") if text != str(action) else None


def move_seen_by(scenario: Scenario, action: Action, reader: str | None) -> str:
    """``action``'s text, or what ``reader`` learns of it when it is private."""
    if action.kind in ("accept", "reject") and action.actor != reader:
        deal = scenario.deals.get(action.operation or "")
        if deal is None or reader not in (deal.proposer, deal.answerer):
            return f"{action.actor} answers {action.operation} privately"
    return str(action)


__all__ = ["hidden_move", "move_seen_by", "moves_seen_by"]
