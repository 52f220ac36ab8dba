"""Headless play: run a game to the end with a bot per actor."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from engine.agents.protocol import AgentError
from engine.bots import Bot, make_bot_from_spec
from engine.errors import IllegalActionError
from engine.load.scenario import Scenario
from engine.play.game import Game
from engine.play.rules.actions import Action
from engine.play.views.view import observe

if TYPE_CHECKING:
    from engine.agents.external import AgentOptions


def resolved_bots(scenario: Scenario, kinds: Mapping[str, str]) -> dict[str, str]:
    """The bot spec each playable actor gets from ``kinds``: its own entry, else ``all``,
    else the bot its actor declares in the scenario (``bot:``, random unless given)."""
    return {
        actor: kinds.get(actor) or kinds.get("all") or scenario.actor(actor).bot
        for actor in scenario.playable_actors
    }


def make_bots(
    scenario: Scenario,
    kinds: Mapping[str, str],
    seed: int,
    agents: AgentOptions | None = None,
) -> dict[str, Bot]:
    """A bot per playable actor from ``KIND``, ``KIND:N`` or ``cmd:COMMAND`` specs (see
    :func:`resolved_bots`); ``agents`` sets how external agents run."""
    return {
        actor: make_bot_from_spec(spec, actor, seed, agents)
        for actor, spec in resolved_bots(scenario, kinds).items()
    }


def play_game(
    scenario: Scenario,
    seed: int,
    bots: Mapping[str, Bot],
    max_actions: int = 100_000,
    *,
    quiet: bool = False,
    record: bool = False,
    attribution: Counter | None = None,
    on_move: Callable[[Game, Action, str], None] | None = None,
) -> Game:
    """Play ``scenario`` from ``seed`` with ``bots`` until it ends; return the finished game.

    ``quiet`` skips the log (for batches that never read it); ``record`` keeps attribution
    and the trace of causes (see :class:`Game`), the attribution summed into ``attribution``
    when given (see :meth:`Game.new`). ``on_move(game, action, why)`` is called
    before each move is applied, with the bot's explanation.

    Bots with a ``close(outcome)`` method (external agents) are closed when play stops,
    however it stops. An :class:`~engine.agents.AgentError` leaves with the game so far as
    its ``game`` attribute: its log is intact up to the failed decision.
    """
    game = Game.new(scenario, seed, quiet=quiet, record=record, attribution=attribution)
    try:
        for _ in range(max_actions):
            actor = game.to_move()
            if actor is None:
                return game
            bot = bots[actor]
            legal: Sequence[Action] | None
            try:
                if getattr(bot, "uses_sample_action", False):  # draws one legal action, lists none
                    legal = None
                    action = bot.sample(game)  # type: ignore[attr-defined]
                elif getattr(bot, "needs_view", True):
                    view = observe(game, actor, with_log=bot.needs_log)
                    legal = view.legal
                    action = bot.choose(view)
                else:  # a bot that needs only the legal actions: no view to build
                    legal = game.legal_actions(actor)
                    action = bot.choose_among(legal)  # type: ignore[attr-defined]
            except AgentError as exc:
                exc.game = game  # the game so far, for the caller to show or save
                raise
            if legal is not None and action not in legal:
                name = type(bot).__name__
                raise IllegalActionError(f"bot {name} chose an illegal action: {action}")
            if on_move is not None:
                on_move(game, action, bot.explain())
            game.push(action)
        raise RuntimeError(f"game did not end within {max_actions} actions")
    finally:
        for bot in bots.values():
            close = getattr(bot, "close", None)
            if close is not None:
                close(game.outcome)
