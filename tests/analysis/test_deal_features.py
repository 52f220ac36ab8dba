"""Batch features of deals: an answer to a deal is counted as that deal accepted or rejected,
not as an operation named after the deal (the back channel's batch listed
'op:quiet_understanding' for both answers)."""

from __future__ import annotations

from engine import load_scenario
from engine.analysis.explain.batch_report import FEATURE_KINDS
from engine.analysis.run.batch import run_batch
from engine.analysis.run.features import describe_feature


def test_deal_answers_are_their_own_features() -> None:
    scenario = load_scenario("backchannel")
    result = run_batch(scenario, runs=60, seed=1, jobs=1)
    features = set(result.aggregate.features)
    assert not any(f.startswith("op:quiet_understanding") for f in features), features
    assert {"deal:quiet_understanding:accept", "deal:quiet_understanding:reject"} <= features
    assert (
        describe_feature(scenario, "deal:quiet_understanding:accept")
        == "deal: A quiet understanding (accepted)"
    )
    assert (
        describe_feature(scenario, "deal:quiet_understanding:reject")
        == "deal: A quiet understanding (rejected)"
    )
    assert "deal" in FEATURE_KINDS
