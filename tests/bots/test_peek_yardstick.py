"""The ``peek`` yardstick of benchmarks/search_strength.py deals the real hands, and only them.

docs/bots.md rests a negative result on it (a search shown the others' real hands won no more
games against the doctrine than one that samples them), so it must deal exactly the hidden
hands — not more (the deck order stays unknown) and not less.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

from engine import load_scenario
from engine.bots import make_bot
from engine.play.game import Game
from engine.play.views.determinize import Determinizer
from engine.play.views.view import observe

ROOT = Path(__file__).resolve().parents[2]


def _benchmark():
    path = ROOT / "benchmarks" / "search_strength.py"
    spec = importlib.util.spec_from_file_location("bench_search_strength_peek", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _mid_game() -> Game:
    scenario = load_scenario(ROOT / "scenarios" / "syria" / "iranian-entrenchment.yaml")
    game = Game.new(scenario, 3, quiet=True)
    bots = {a: make_bot("doctrine", a, 3) for a in scenario.playable_actors}
    for _ in range(40):
        actor = game.to_move()
        assert actor is not None
        game.push(bots[actor].choose(observe(game, actor, with_log=False)))
    return game


def test_peek_deals_the_real_hands_and_shuffles_the_piles() -> None:
    bench = _benchmark()
    game = _mid_game()
    view = observe(game, "israel", with_log=False)
    real = game.state
    plain_differs = False
    for seed in range(5):
        peeked = bench._PeekSampler(view, game).sample(seed).state
        assert peeked.hands == real.hands
        for deck, pile in real.draw.items():
            assert Counter(peeked.draw[deck]) == Counter(pile)
        plain = Determinizer(view).sample(seed).state
        plain_differs |= plain.hands != real.hands
        assert plain.hands["israel"] == real.hands["israel"]
    assert plain_differs  # the view alone does not tell the hands: the peek adds them
