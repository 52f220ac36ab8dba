"""Search finds better play than the doctrine: ISMCTS in a seat against doctrine opponents.

A cheap check on one seat (20 paired seeds, 30 iterations); tests/bots/test_search_strength.py
checks Russia's seat of the reckoning the same way, and benchmarks/search_strength.py measures
every seat at the default budget against doctrine and random opponents (docs/bots.md).
"""

from __future__ import annotations

from engine.analysis.measure.compare import compare
from engine.analysis.run.batch import Arm
from tests.campaign.conftest import load

DOCTRINE = {"all": "doctrine"}


def test_a_searching_seat_scores_better_than_its_doctrine():
    scenario, seat = load("iranian-entrenchment"), "israel"
    searching = {**DOCTRINE, seat: "ismcts:30"}
    result = compare(Arm(scenario, DOCTRINE), Arm(scenario, searching), 20, seed=1)
    score = result.scores[seat]
    assert score.significant and score.diff > 0, score
    assert result.wins[seat].diff >= 0
