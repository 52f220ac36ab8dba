"""How search bots value a game from one actor's side: winning first, then the score."""

from __future__ import annotations

from engine.load.scenario import Scenario
from engine.play.game import Game

#: Added to (or taken from) the score when the game is over and the actor won (or did not).
DECISIVE = 1000


def score_formula(scenario: Scenario, actor: str):
    """The actor's end-of-game score closure, or None when the scenario gives it none."""
    return next((s.score for s in scenario.scores if s.actor == actor), None)


def current_score(game: Game, actor: str) -> int:
    """The actor's end score formula evaluated on the game's state now (0 without one)."""
    if game.state.outcome is not None:
        return int(game.state.outcome.scores.get(actor, 0))
    formula = score_formula(game.scenario, actor)
    return int(formula(game.state, {})) if formula is not None else 0


def one_ply_value(game: Game, actor: str) -> float:
    """Greedy's evaluation: the score now, decisively up or down if the game has ended."""
    outcome = game.state.outcome
    score = current_score(game, actor)
    if outcome is None:
        return float(score)
    return float(score + (DECISIVE if actor in outcome.winners else -DECISIVE))
