"""The decisions of a game for an after-action report: each one in words, and why it was made.

A decision's reason is what its player said (a bot's explanation, recorded as the game was
played) or, when nothing was recorded, what can be told from the position: "played by a person",
the doctrine entry that picks the move, "chosen at random" (see :func:`infer_reason`).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.bots.doctrine import DoctrineBot, matches
from engine.play.game import Game
from engine.play.rules.actions import Action
from engine.play.views.view import observe

#: The reason given for a move a person made.
HUMAN_REASON = "played by a person"
#: ``players`` value for a side played by a person (as in saves written by the UI).
HUMAN = "human"


@dataclass(frozen=True)
class Decision:
    """One decision of the game: who, when, what, and why."""

    index: int
    turn: int
    calendar: str
    actor: str
    #: The action's text form (``israel event precision_strike @homs``).
    action: str
    #: The action in words (``plays Precision strike as an event on Homs``).
    text: str
    #: The bot's explanation, "played by a person", or "" when unknown.
    reason: str


def describe_action(game: Game, action: Action) -> str:
    """An action in words, as of ``game`` before it is applied: "plays Precision strike as an
    event on Homs", "uses Call the hotline for 1 ops: Lobby at home", "passes"."""
    names = game.names
    where = f" on {names.get(action.target, action.target)}" if action.target else ""
    if action.piece:
        where += f" ({names.get(action.piece, action.piece)})"
    if action.kind == "pass":
        return "passes"
    if action.kind == "decline":
        return "does not react"
    if action.kind in ("accept", "reject"):
        deal = game.scenario.deals.get(action.operation or "")
        return f"{action.kind}s {deal.name if deal else action.operation}"
    known = action.card is not None and action.card in game.scenario.cards
    card = game.card_name(action.card) if known and action.card else action.card
    if action.kind == "discard":
        return f"discards {card} down to the hand limit"
    if action.kind == "react":
        return f"reacts with {card}"
    if action.kind == "event":
        return f"plays {card} as an event{where}"
    operation = game.scenario.operations.get(action.operation or "")
    op_name = operation.play.name if operation else action.operation
    ops = game.scenario.cards[action.card].ops if known and action.card else "?"
    return f"uses {card} for {ops} ops: {op_name}{where}"


def infer_reason(game: Game, action: Action, player: str) -> str:
    """The reason for ``action`` (about to be applied to ``game``) when none was recorded.

    A person's move: "played by a person". A doctrine bot's: the doctrine entry that picks
    such a move in this position (the same words the bot gives). A random bot's: "chosen at
    random". Other bots (or an unknown player): "" — their reasons depend on their search.
    """
    if player == HUMAN:
        return HUMAN_REASON
    kind = player.partition(":")[0]
    if kind == "random":
        return "chosen at random"
    if kind == "doctrine":
        bot = DoctrineBot(action.actor)
        bot.choose(observe(game, action.actor, with_log=False))
        entry = bot.last_entry
        if entry is None:
            return bot.explain()
        return bot.explain() if matches(action, entry) else ""
    return ""


__all__ = ["HUMAN", "HUMAN_REASON", "Decision", "describe_action", "infer_reason"]
