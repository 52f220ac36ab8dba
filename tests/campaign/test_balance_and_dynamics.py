"""Balance under real play: every side worth playing, with sensible bots and with random ones.

Seeded games per scenario and kind of bot (docs/campaign.md reports 2,000 of each from the
same seeds, see benchmarks/campaign_stats.py). Doctrine bots follow the scenario's priorities
for each side; random bots pick any legal move. Each count is the fewest games that keep the
tests reading it at ≥ 0.99 power (:mod:`tests.campaign.power`); the doctrine games are the
base games of the claim and policy comparisons too, played once for both.
"""

from __future__ import annotations

import pytest

from tests.campaign.conftest import SCENARIO_IDS, SIDES, Games

#: One xdist worker runs this module and test_claims.py (make test uses --dist loadgroup):
#: the games they share are played once, not once per worker.
pytestmark = pytest.mark.xdist_group("campaign-games")

#: kind of bot -> the bounds every side's win rate must fall within.
WIN_BOUNDS = {"doctrine": (0.20, 0.70), "random": (0.10, 0.75)}

#: (scenario, kind of bot) -> games, each the largest need of the tests below (formerly 2,000
#: each). Doctrine: Iran's 66.5% against the 70% cap in the entrenchment (win rates, 950);
#: the unpaid-bill chain, 2% of the strike's games (250); the open clash, 0.75% of the
#: reckoning's (650). Random: the open-clash chain, 0.3% of the entrenchment's games (1,550);
#: the win rates elsewhere (100, 250).
RUNS = {
    ("iranian-entrenchment", "doctrine"): 950,
    ("israeli-strike", "doctrine"): 250,
    ("russian-reaction", "doctrine"): 650,
    ("iranian-entrenchment", "random"): 1550,
    ("israeli-strike", "random"): 100,
    ("russian-reaction", "random"): 250,
}


@pytest.fixture(scope="module")
def batches(games: Games, campaign):
    """The games of each scenario with doctrine bots and with random bots (root seed 1)."""
    return {
        (sid, kind): games.batch(campaign[sid], runs, kind) for (sid, kind), runs in RUNS.items()
    }


def win_rates(batches, scenario_id: str, kind: str) -> dict[str, float]:
    result = batches[(scenario_id, kind)]
    return {side: result.win_rate(side) for side in SIDES}


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_every_side_wins_20_to_70_percent_under_doctrine(batches, scenario_id):
    low, high = WIN_BOUNDS["doctrine"]
    rates = win_rates(batches, scenario_id, "doctrine")
    assert all(low <= rate <= high for rate in rates.values()), rates


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_every_side_wins_10_to_75_percent_under_random_play(batches, scenario_id):
    low, high = WIN_BOUNDS["random"]
    rates = win_rates(batches, scenario_id, "random")
    assert all(low <= rate <= high for rate in rates.values()), rates


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_open_clash_stays_rare_under_sensible_play(batches, scenario_id):
    result = batches[(scenario_id, "doctrine")]
    assert result.aggregate.endings["open_clash"] <= 0.1 * result.runs, dict(
        result.aggregate.endings
    )


def test_open_clash_is_a_live_risk_under_sensible_play(batches):
    """An open clash (incident 10) happens in some doctrine games of the campaign.

    Counted over the three scenarios together: the doctrine calls the line before every
    strike, so a clash is 1 doctrine game in 2,000 of the entrenchment and 3 of the strike —
    too rare to pin per scenario at any affordable count (2,000 games each gave those two
    checks 63% and 95% power) — and 15 of the reckoning's, which carries the check.
    """
    clashes = {
        sid: batches[(sid, "doctrine")].aggregate.endings["open_clash"] for sid in SCENARIO_IDS
    }
    assert sum(clashes.values()) >= 1, clashes


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
    for kind in WIN_BOUNDS:
        features = batches[(scenario_id, kind)].aggregate.features
        fired |= {f.split(":", 1)[1] for f in features if f.startswith("chain:")}
    scenario = batches[(scenario_id, "doctrine")].scenario
    expected = {c.id for c in scenario.chains}
    if scenario_id == "russian-reaction":
        expected.discard("gesture_comes_due")  # the 1982 remains are in the past here
    assert expected - fired == set()
