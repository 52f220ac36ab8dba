"""Offers and deals: one actor proposes, another accepts or rejects, privately.

An ``offer`` effect puts a deal on the table: the two parties read its terms in the log, the
others only the deal's notice ("Jerusalem sends Moscow a private message"). The answering
actor decides next — before anything else happens — between ``accept DEAL`` and
``reject DEAL``; the others see only that it answered. The deal's ``accept`` or ``reject``
effects then run with ``self`` bound to the one who answered. What an accepted deal binds is
what the scenario makes those effects do: typically private flags that the parties' cards'
conditions read (a strike that may not target the other's base while the deal holds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.load.scenario import SELF, CEffect, Play
from engine.play.rules.actions import Action

if TYPE_CHECKING:
    from engine.play.game import Game


def _notice(game: Game, deal: Any) -> str:
    names = game.names
    both = f"{names[deal.proposer]} and {names[deal.answerer]}"
    return deal.notice or f"{both} exchange private messages"


def _offer(game: Game, e: CEffect, binds: dict[str, Any], play: Play, actor: str | None) -> None:
    deal = game.scenario.deals[e.args[0]]
    offers = game.state.secrets.offers
    entry = (deal.id, deal.proposer, deal.answerer)
    if entry in offers:
        return
    offers.append(entry)
    parties = tuple(sorted((deal.proposer, deal.answerer)))
    names = game.names
    text = f"{names[deal.proposer]} offers {names[deal.answerer]}: {deal.name}"
    if deal.text:
        text += f" — {deal.text}"
    game.log("offer", text, play, actor, data={"deal": deal.id}, visible_to=parties)
    game.log("notice", _notice(game, deal), play, actor, data={"private": True})


def answers(game: Game) -> list[Action]:
    """The answers open to the actor who must answer the first offer on the table."""
    deal, _, who = game.state.secrets.offers[0]
    return [Action(who, "accept", None, deal), Action(who, "reject", None, deal)]


def answer(game: Game, action: Action) -> None:
    """Carry out ``action`` (an accept or a reject): privately to the parties, then the
    deal's effects for that answer."""
    from engine.play.rules.resolving.effects import resolve  # effects import this module's handler

    state = game.state
    state.secrets.offers.pop(0)
    deal = game.scenario.deals[action.operation or ""]
    parties = tuple(sorted((deal.proposer, deal.answerer)))
    word = "accepts" if action.kind == "accept" else "rejects"
    text = f"{game.names[action.actor]} {word} {deal.name}"
    play = deal.accept if action.kind == "accept" else deal.reject
    data = {"deal": deal.id, "answer": action.kind}
    game.log("answer", text, play, action.actor, data=data, visible_to=parties)
    name = game.names[action.actor]
    game.log("notice", f"{name} answers privately", play, action.actor, data={"private": True})
    resolve(game, play, {SELF: action.actor}, action.actor)


HANDLERS = {"offer": _offer}

__all__ = ["HANDLERS", "answer", "answers"]
