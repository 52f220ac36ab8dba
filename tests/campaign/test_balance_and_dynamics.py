"""Balance under real play: every side worth playing, with sensible bots and with random ones.

2,000 seeded games per scenario and kind of bot (the numbers docs/campaign.md reports come
from the same seeds, see benchmarks/campaign_stats.py). Doctrine bots follow the scenario's
priorities for each side; random bots pick any legal move.
"""

from __future__ import annotations

import pytest

from engine.analysis.run.batch import BatchResult, run_batch
from tests.campaign.conftest import SCENARIO_IDS, SIDES

#: One xdist worker runs this module (make test uses --dist loadgroup): its module-scoped
#: games are played once, not once per worker.
pytestmark = pytest.mark.xdist_group("campaign-balance")

RUNS = 2000


@pytest.fixture(scope="module")
def batches(campaign) -> dict[tuple[str, str], BatchResult]:
    """2,000 games of each scenario with doctrine bots and with random bots (root seed 1)."""
    return {
        (sid, kind): run_batch(campaign[sid], RUNS, seed=1, bots={"all": kind}, jobs=1)
        for sid in SCENARIO_IDS
        for kind in ("doctrine", "random")
    }


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_every_side_wins_20_to_70_percent_under_doctrine(batches, scenario_id):
    result = batches[(scenario_id, "doctrine")]
    rates = {side: result.win_rate(side) for side in SIDES}
    assert all(0.20 <= rate <= 0.70 for rate in rates.values()), rates


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_every_side_wins_10_to_75_percent_under_random_play(batches, scenario_id):
    result = batches[(scenario_id, "random")]
    rates = {side: result.win_rate(side) for side in SIDES}
    assert all(0.10 <= rate <= 0.75 for rate in rates.values()), rates


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_open_clash_is_a_live_risk_under_sensible_play(batches, scenario_id):
    """An open clash (incident 10) happens in some doctrine games — and stays rare."""
    endings = batches[(scenario_id, "doctrine")].aggregate.endings
    assert 1 <= endings["open_clash"] <= 0.1 * RUNS, dict(endings)


def test_every_card_is_played_as_an_event_by_the_doctrine(batches, campaign):
    """Every card of the campaign is played for its event in some doctrine game."""
    played = set()
    for sid in SCENARIO_IDS:
        features = batches[(sid, "doctrine")].aggregate.features
        played |= {f.split(":", 1)[1] for f in features if f.startswith("event:")}
    cards = {card for s in campaign.values() for card in s.cards}
    assert cards - played == set()


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_each_chain_of_the_article_fires_in_some_game(batches, scenario_id):
    """The chains the article argues happen in play (doctrine or random games)."""
    fired = set()
    for kind in ("doctrine", "random"):
        features = batches[(scenario_id, kind)].aggregate.features
        fired |= {f.split(":", 1)[1] for f in features if f.startswith("chain:")}
    scenario = batches[(scenario_id, "doctrine")].scenario
    expected = {c.id for c in scenario.chains}
    if scenario_id == "russian-reaction":
        expected.discard("gesture_comes_due")  # the 1982 remains are in the past here
    assert expected - fired == set()
