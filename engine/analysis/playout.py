"""Headless play: run a game to the end with a bot per actor."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from engine.bots import Bot, make_bot_from_spec
from engine.errors import IllegalActionError
from engine.load.scenario import Scenario
from engine.play.actions import Action
from engine.play.game import Game
from engine.play.view import observe


def with_turn_limit(scenario: Scenario, turns: int | None) -> Scenario:
    """``scenario`` with its turn limit replaced (``None`` keeps it)."""
    if turns is None:
        return scenario
    return dataclasses.replace(scenario, turns=scenario.turns.model_copy(update={"count": turns}))


def make_bots(scenario: Scenario, kinds: Mapping[str, str], seed: int) -> dict[str, Bot]:
    """A bot per playable actor from ``KIND`` or ``KIND:N`` specs by actor id (``all`` for
    the rest; random when neither is given)."""
    default = kinds.get("all", "random")
    return {
        actor: make_bot_from_spec(kinds.get(actor, default), actor, seed)
        for actor in scenario.playable_actors
    }


def play_game(
    scenario: Scenario,
    seed: int,
    bots: Mapping[str, Bot],
    max_actions: int = 100_000,
    *,
    quiet: bool = False,
    on_move: Callable[[Game, Action, str], None] | None = None,
) -> Game:
    """Play ``scenario`` from ``seed`` with ``bots`` until it ends; return the finished game.

    ``quiet`` skips the log (for batches that never read it). ``on_move(game, action, why)``
    is called before each move is applied, with the bot's explanation.
    """
    game = Game.new(scenario, seed, quiet=quiet)
    for _ in range(max_actions):
        actor = game.to_move()
        if actor is None:
            return game
        bot = bots[actor]
        view = observe(game, actor, with_log=bot.needs_log)
        action = bot.choose(view)
        if action not in view.legal:
            raise IllegalActionError(f"bot {type(bot).__name__} chose an illegal action: {action}")
        if on_move is not None:
            on_move(game, action, bot.explain())
        game.push(action)
    raise RuntimeError(f"game did not end within {max_actions} actions")
