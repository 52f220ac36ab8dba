"""Search plays better than the doctrine it starts from: a small, cheap version of the claim.

benchmarks/search_strength.py measures every seat of every campaign scenario at the default
budget against random and doctrine opponents (docs/bots.md has the table); here one seat, a
small budget and a few paired seeds keep it to about a CPU-second. (It was Russia's seat of the
reckoning at 30 iterations over 10 seeds, 3.6 CPU-s: there search won 7 games to the
doctrine's 6 and a random Russia's 5 — a margin of one game.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import load_scenario
from engine.analysis.run.playout import play_game
from engine.bots import ISMCTSBot, make_bot_from_spec
from engine.play.game import Game
from engine.play.views.view import observe

SYRIA = Path(__file__).resolve().parents[2] / "scenarios" / "syria"
SEEDS = range(1, 13)


def _results(scenario, seat: str, spec: str) -> tuple[int, int]:
    """(wins, total score) of ``seat`` played by ``spec`` against doctrine bots, over SEEDS."""
    wins = total = 0
    for seed in SEEDS:
        bots = {a: make_bot_from_spec("doctrine", a, seed) for a in scenario.playable_actors}
        bots[seat] = make_bot_from_spec(spec, seat, seed)
        outcome = play_game(scenario, seed, bots, quiet=True).outcome
        assert outcome is not None
        wins += seat in outcome.winners
        total += outcome.scores[seat]
    return wins, total


def test_search_beats_the_doctrine_in_irans_seat() -> None:
    """Iran in the strike, 20 iterations a move, 12 paired seeds: search wins at least two
    games more than the doctrine in that seat and scores two points a game more. On these
    seeds search wins 11 and scores 568, the doctrine 8 and 511; a search that returns a
    random legal action wins 4 and scores 416, and one that plays the doctrine's move scores
    as the doctrine does — both fail (checked by planting each)."""
    scenario = load_scenario(SYRIA / "israeli-strike.yaml")
    search = _results(scenario, "iran", "ismcts:20")
    doctrine = _results(scenario, "iran", "doctrine")
    assert search[0] >= doctrine[0] + 2, (search, doctrine)
    assert search[1] >= doctrine[1] + 2 * len(SEEDS), (search, doctrine)


@pytest.mark.parametrize("opponents", ["policy", "random"])
def test_opponents_follow_the_policy_unless_searched(opponents: str) -> None:
    """With ``opponents="policy"`` (or ``"random"``) the tree holds only the searching actor's
    own moves."""
    scenario = load_scenario(SYRIA / "russian-reaction.yaml")
    game = Game.new(scenario, 4, quiet=True)
    actor = game.to_move()
    assert actor is not None
    bot = ISMCTSBot(actor, 4, iterations=120, opponents=opponents)
    view = observe(game, actor)
    assert bot.choose(view) in view.legal
    stack, seen = [bot.last_root], 0
    while stack:
        node = stack.pop()
        for action, child in node.children.items():
            assert action.actor == actor, action
            stack.append(child)
            seen += 1
    assert seen > len(view.legal)  # the tree went deeper than the root's children


def test_bad_search_options_are_refused() -> None:
    with pytest.raises(ValueError, match="opponents"):
        ISMCTSBot("iran", 1, opponents="mirror")
    with pytest.raises(ValueError, match="rollout"):
        ISMCTSBot("iran", 1, rollout="greedy")
    with pytest.raises(ValueError, match="epsilon"):
        ISMCTSBot("iran", 1, epsilon=1.5)
    with pytest.raises(ValueError, match="opponent_epsilon"):
        ISMCTSBot("iran", 1, opponent_epsilon=-0.1)


def _root_visits(**options: object) -> dict:
    """The root's visit counts after one 60-iteration choice at the reckoning's first decision."""
    scenario = load_scenario(SYRIA / "russian-reaction.yaml")
    game = Game.new(scenario, 4, quiet=True)
    actor = game.to_move()
    assert actor is not None
    bot = ISMCTSBot(actor, 4, iterations=60, **options)  # type: ignore[arg-type]
    bot.choose(observe(game, actor))
    return {a: c.visits for a, c in bot.last_root.children.items()}


def test_tuning_options_default_to_the_constants_and_are_used() -> None:
    """``opponent_epsilon`` defaults to ``epsilon`` and ``win_weight``/``bias`` to the module's
    constants (the same search, draw for draw); changing any of them changes the search."""
    default = _root_visits()
    assert _root_visits(opponent_epsilon=0.1, win_weight=0.75, bias=1.0) == default
    assert _root_visits(opponent_epsilon=1.0) != default
    assert _root_visits(win_weight=0.0) != default
    assert _root_visits(bias=0.0) != default
