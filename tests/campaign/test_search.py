"""Search finds better play than the doctrine: ISMCTS in a seat against doctrine opponents.

A cheap check on one seat (16 paired seeds, 20 iterations: p = 0.02 for the score; it was 20
seeds at 30 iterations). A search that returns a random legal action scores less than the
doctrine, and one that plays the doctrine's move is no better (checked by planting each).
tests/bots/test_search_strength.py checks Iran's seat of the strike the same way, and
benchmarks/search_strength.py measures every seat at the default budget against doctrine and
random opponents (docs/bots.md).
"""

from __future__ import annotations

from engine.analysis.measure.compare import compare
from engine.analysis.run.batch import Arm
from tests.campaign.conftest import load

DOCTRINE = {"all": "doctrine"}


def test_a_searching_seat_scores_better_than_its_doctrine():
    scenario, seat = load("iranian-entrenchment"), "israel"
    searching = {**DOCTRINE, seat: "ismcts:20"}
    result = compare(Arm(scenario, DOCTRINE), Arm(scenario, searching), 16, seed=1)
    score = result.scores[seat]
    assert score.significant and score.diff > 0, score
    assert result.wins[seat].diff >= 0
