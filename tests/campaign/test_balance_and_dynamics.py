"""Balance and the article's dynamics, pinned statistically over fixed seeds.

The numbers come from the same code as ``benchmarks/campaign_stats.py`` (which docs/campaign.md
reports over 1000 seeds per scenario); here fewer seeds keep the run short.
"""

from __future__ import annotations

import pytest

from benchmarks.campaign_stats import (
    SIDES,
    collect,
    ledger_effect,
    notice_effect,
    review_effect,
    win_rates,
)
from tests.campaign.conftest import SCENARIO_IDS

SEEDS = range(400)


@pytest.fixture(scope="module")
def games() -> dict[str, list]:
    """Facts of 400 random-bot playthroughs of each scenario (seeds 0..399)."""
    return {sid: collect(sid, SEEDS, processes=1) for sid in SCENARIO_IDS}


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_no_side_wins_too_often_or_too_rarely(games, scenario_id):
    rates = win_rates(games[scenario_id])
    for side in SIDES:
        assert 0.10 <= rates[side] <= 0.75, (side, rates)


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_unannounced_strikes_leave_moscow_less_tolerant(games, scenario_id):
    told, n_told, untold, n_untold = notice_effect(games[scenario_id])
    assert n_told >= 30 and n_untold >= 30
    assert untold < told


def test_notice_effect_is_large_where_russian_forces_are_close(games):
    """At T4, Russians share the base: the gap is several points of tolerance."""
    told, _, untold, _ = notice_effect(games["israeli-strike"])
    assert told - untold >= 3


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_an_unpaid_ledger_raises_antagonism(games, scenario_id):
    unpaid, n_unpaid, paid, _ = ledger_effect(games[scenario_id])
    assert n_unpaid >= 100
    assert unpaid >= 0.5
    assert unpaid > paid


def test_discomfort_climbs_over_the_turns_of_an_unpaid_ledger(games):
    """Games of the reckoning that keep the ledger unpaid end more hostile than they began."""
    facts = [g for g in games["russian-reaction"] if all(owed >= 5 for owed, _ in g.ledger_steps)]
    assert len(facts) >= 30
    rise = [sum(d for _, d in g.ledger_steps) for g in facts]
    assert sum(rise) / len(rise) >= 2


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_hard_line_follows_sustained_discomfort(games, scenario_id):
    hard_after_strain, n_strain, hard_after_calm, n_calm = review_effect(games[scenario_id])
    assert n_strain >= 50 and n_calm >= 50
    assert hard_after_strain >= 0.8
    assert hard_after_calm <= 0.2
