"""wargame's rules engine: pure Python, no UI.

Typical use::

    from engine import load_scenario, Game
    scenario = load_scenario("scenarios/tutorial.yaml")   # or a shipped id: "tutorial"
    game = Game.new(scenario, seed=7)
    while not game.is_over():
        game.apply(game.legal_actions()[0])
    print(game.outcome)

The names below are imported when first used, so a program that needs only part of the
engine (``wargame --help``, ``wargame list``) does not pay for building every model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.errors import (
        IllegalActionError,
        InvalidActionError,
        Problem,
        SaveError,
        ScenarioError,
    )
    from engine.load.check.build import load_scenario
    from engine.load.scenario import Scenario
    from engine.play.events import Event, log_to_jsonl
    from engine.play.game import Game
    from engine.play.rules.actions import Action
    from engine.play.state import GameState, Outcome
    from engine.play.views.view import View, observe

#: Where each public name lives.
_HOMES = {
    "Action": "engine.play.rules.actions",
    "Event": "engine.play.events",
    "Game": "engine.play.game",
    "GameState": "engine.play.state",
    "IllegalActionError": "engine.errors",
    "InvalidActionError": "engine.errors",
    "Outcome": "engine.play.state",
    "Problem": "engine.errors",
    "SaveError": "engine.errors",
    "Scenario": "engine.load.scenario",
    "ScenarioError": "engine.errors",
    "View": "engine.play.views.view",
    "load_scenario": "engine.load.check.build",
    "log_to_jsonl": "engine.play.events",
    "observe": "engine.play.views.view",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # (once: later uses are plain lookups)
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})  # a name already used is in both


__all__ = [
    "Action",
    "Event",
    "Game",
    "GameState",
    "IllegalActionError",
    "InvalidActionError",
    "Outcome",
    "Problem",
    "SaveError",
    "Scenario",
    "ScenarioError",
    "View",
    "load_scenario",
    "log_to_jsonl",
    "observe",
]
