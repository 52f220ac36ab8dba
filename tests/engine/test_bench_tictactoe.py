"""The benchmark's tic-tac-toe scenario is the same game as OpenSpiel's python_tic_tac_toe.

Checked move for move on seeded random games (the same legal cells before every move and the
same result), and by the outcome frequencies of independent random play in each engine.
Skipped where OpenSpiel is not installed (the ``openspiel`` extra).
"""

from __future__ import annotations

import importlib.util
import random
import sys
from collections import Counter
from pathlib import Path

import pytest
from scipy.stats import chi2_contingency

pytest.importorskip("pyspiel")

PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_openspiel.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_openspiel_for_tests", PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def games(bench):
    return bench.load_tictactoe(), bench.openspiel_games()[0]


def test_move_for_move_the_same_game(bench, games):
    scenario, theirs = games
    results = Counter()
    for seed in range(400):
        for sample in (False, True):
            played, result = bench.play_ours(scenario, seed, sample=sample)
            ours = bench.legal_cells_ours(scenario, played)
            assert ours == bench.replay_openspiel(theirs, played), played
            assert ours[1] == result
            results[result] += 1
    assert set(results) == {"x", "o", "draw"}
    # and OpenSpiel's games, replayed here
    chooser = random.Random(3)
    for _ in range(300):
        played, result = bench.play_openspiel(theirs, chooser)
        assert bench.legal_cells_ours(scenario, played) == bench.replay_openspiel(theirs, played)


def test_outcome_frequencies_agree_under_random_play(bench, games):
    scenario, theirs = games
    ours = Counter(bench.play_ours(scenario, seed)[1] for seed in range(1500))
    chooser = random.Random(11)
    os_counts = Counter(bench.play_openspiel(theirs, chooser)[1] for _ in range(1500))
    table = [[ours[k] for k in ("x", "o", "draw")], [os_counts[k] for k in ("x", "o", "draw")]]
    assert chi2_contingency(table)[1] > 0.001, table
    # the known shares under uniform play: X 58.5%, O 28.8%, draw 12.7%
    assert 0.54 < ours["x"] / 1500 < 0.63 and 0.10 < ours["draw"] / 1500 < 0.16
