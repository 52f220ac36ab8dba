"""Causal chains: checked at load like any reference, detected as ordered subsequences."""

from __future__ import annotations

import pytest

from engine import ScenarioError, load_scenario
from engine.analysis.explain.chains import fired_chains, full_trace, match_steps
from engine.analysis.run.batch import run_batch
from engine.analysis.run.features import describe_feature, game_features
from engine.analysis.run.playout import make_bots, play_game
from engine.load.vary.variant import Variant
from tests.helpers import SCENARIOS, write_yaml

TUTORIAL = SCENARIOS / "tutorial.yaml"

CHAIN = {
    "id": "tension_then_calm",
    "name": "Tension, then calm",
    "text": "Red raises the tension and Blue calms it.",
    "claims": ["C1"],
    "steps": ["r1", "b1"],
}


def problems(mini_data, tmp_path, **chain) -> list[str]:
    mini_data["chains"] = [CHAIN | chain]
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write_yaml(tmp_path / "mini.yaml", mini_data))
    return [str(p) for p in caught.value.problems]


def test_chains_load_with_their_steps_and_claims(mini):
    scenario = mini(chains=[CHAIN])
    (chain,) = scenario.chains
    assert chain.id == "tension_then_calm" and chain.steps == ["r1", "b1"]
    assert chain.claims == ["C1"]
    assert mini().chains == ()


def test_an_unknown_step_is_located_with_a_did_you_mean(mini_data, tmp_path):
    found = problems(mini_data, tmp_path, steps=["r1", "noop_rde"])
    assert len(found) == 1
    assert found[0].startswith("mini.yaml:") or "mini.yaml:" in found[0]
    where, message = found[0].split(": chains[0].steps[1]: ")
    line, column = where.rsplit(":", 2)[1:]
    assert int(line) > 1 and int(column) > 1
    assert message == (
        "unknown card, operation, standing rule or instant end 'noop_rde'; did you mean 'noop_red'?"
    )


def test_unknown_claims_duplicate_ids_and_short_chains_are_errors(mini_data, tmp_path):
    assert any(
        "chains[0].claims[0]: unknown claim 'C9'" in p
        for p in problems(mini_data, tmp_path, claims=["C9"])
    )
    mini_data["chains"] = [CHAIN, CHAIN]
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write_yaml(tmp_path / "mini.yaml", mini_data))
    assert "duplicate chain id 'tension_then_calm'" in str(caught.value)
    assert any("chains[0].steps" in p for p in problems(mini_data, tmp_path, steps=["r1"]))


def test_steps_may_name_rules_instant_ends_and_switched_off_cards():
    scenario = load_scenario(TUTORIAL)
    kinds = {step for chain in scenario.chains for step in chain.steps}
    assert {"precision_strike", "careless_strike", "remains_returned"} <= kinds
    # Switching off a card a chain names leaves the chain in place (it just cannot fire).
    variant = Variant.from_options(disable=["hezbollah_answer"])
    assert len(load_scenario(TUTORIAL, variant).chains) == len(scenario.chains)


def test_a_subsequence_fires_and_an_out_of_order_one_does_not():
    trace = ["a", "x", "b", "y", "c"]
    assert match_steps(["a", "b", "c"], trace) == (0, 2, 4)
    assert match_steps(["a", "c"], trace) == (0, 4)
    assert match_steps(["b", "a"], trace) is None
    assert match_steps(["a", "z"], trace) is None
    assert match_steps(["a", "a"], ["a", "b", "a"]) == (0, 2)
    assert match_steps(["a", "a"], ["a", "b"]) is None
    # The tightest account: the answer follows the latest strike before it.
    assert match_steps(["a", "b"], ["a", "x", "a", "b", "a", "b"]) == (2, 3)


def test_chains_fire_in_real_games_and_the_trace_ends_with_the_instant_end(mini):
    scenario = load_scenario(TUTORIAL)
    fired: set[str] = set()
    for seed in range(18):  # strike_and_answer first fires at seed 17
        game = play_game(
            scenario, seed, make_bots(scenario, {"all": "doctrine"}, seed), record=True
        )
        trace = full_trace(game)
        for match in fired_chains(scenario, trace):
            fired.add(match.chain.id)
            assert [trace[i] for i in match.positions] == list(match.chain.steps)
            assert list(match.positions) == sorted(set(match.positions))
        if game.outcome.condition:
            assert trace[-1] == game.outcome.condition
    assert {"militias_to_the_frontier", "strike_and_answer"} <= fired
    unrecorded = play_game(scenario, 1, make_bots(scenario, {}, 1))
    with pytest.raises(ValueError, match="record=True"):
        full_trace(unrecorded)


def test_batches_count_chains_as_features():
    scenario = load_scenario(TUTORIAL)
    game = play_game(scenario, 3, make_bots(scenario, {"all": "doctrine"}, 3), record=True)
    expected = {f"chain:{m.chain.id}" for m in fired_chains(scenario, full_trace(game))}
    assert {f for f in game_features(game) if f.startswith("chain:")} == expected
    result = run_batch(scenario, 20, seed=2, bots={"all": "doctrine"}, jobs=1)
    counts = {f: n for f, n in result.aggregate.features.items() if f.startswith("chain:")}
    assert counts and all(0 < n <= 20 for n in counts.values())
    assert describe_feature(scenario, "chain:strike_and_answer") == "chain: Strike and answer"
