"""wargame's rules engine: pure Python, no UI.

Typical use::

    from engine import load_scenario, Game
    scenario = load_scenario("scenarios/tutorial.yaml")
    game = Game.new(scenario, seed=7)
    while not game.is_over():
        game.apply(game.legal_actions()[0])
    print(game.outcome)
"""

from engine.actions import Action
from engine.build import load_scenario
from engine.errors import IllegalActionError, InvalidActionError, Problem, SaveError, ScenarioError
from engine.events import Event, log_to_jsonl
from engine.game import Game
from engine.scenario import Scenario
from engine.state import GameState, Outcome
from engine.view import View, observe

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
