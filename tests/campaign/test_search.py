"""Search finds better play than the doctrine: ISMCTS in a seat against doctrine opponents.

A cheap check on two seats (20 paired seeds, 30 iterations); benchmarks/campaign_stats.py
--ismcts measures every seat with a larger budget, and docs/campaign.md reports it — including
Russia's seat, where search only matches the doctrine.
"""

from __future__ import annotations

import pytest

from engine.analysis.measure.compare import compare
from engine.analysis.run.batch import Arm
from tests.campaign.conftest import load

DOCTRINE = {"all": "doctrine"}


@pytest.mark.parametrize(
    ("scenario_id", "seat"), [("iranian-entrenchment", "israel"), ("russian-reaction", "iran")]
)
def test_a_searching_seat_scores_better_than_its_doctrine(scenario_id, seat):
    scenario = load(scenario_id)
    searching = {**DOCTRINE, seat: "ismcts:30"}
    result = compare(Arm(scenario, DOCTRINE), Arm(scenario, searching), 20, seed=1)
    score = result.scores[seat]
    assert score.significant and score.diff > 0, score
    assert result.wins[seat].diff >= 0
