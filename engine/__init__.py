"""wargame's rules engine: pure Python, no UI.

Typical use::

    from engine import load_scenario, Game
    scenario = load_scenario("scenarios/tutorial.yaml")   # or a shipped id: "tutorial"
    game = Game.new(scenario, seed=7)
    while not game.is_over():
        game.apply(game.legal_actions()[0])
    print(game.outcome)
"""

from engine.errors import IllegalActionError, InvalidActionError, Problem, SaveError, ScenarioError
from engine.load.check.build import load_scenario
from engine.load.scenario import Scenario
from engine.play.events import Event, log_to_jsonl
from engine.play.game import Game
from engine.play.rules.actions import Action
from engine.play.state import GameState, Outcome
from engine.play.views.view import View, observe

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
