"""``wargame run --json --as ACTOR``: the moves listed hold no answer to a deal ACTOR is not
party to (it learns only that an answer was given, as its log says) and no sealed order of
another side still unrevealed."""

from __future__ import annotations

import pytest

from engine import Game, Scenario, load_scenario
from engine.play.rules.actions import Action
from engine.play.views.moves_seen import moves_seen_by
from tests.agents.test_secret_leaks import run_json


@pytest.fixture(scope="module")
def backchannel() -> Scenario:
    return load_scenario("backchannel")


def _run(seed: int, actor: str) -> dict:
    return run_json("backchannel", "--seed", str(seed), "--bots", "all=random", "--as", actor)


def test_iran_does_not_read_russias_answer_to_the_deal() -> None:
    # Seed 4: Israel offers the quiet understanding and Russia accepts (seed 2: rejects).
    answered = 0
    for seed in (2, 4):
        payload = _run(seed, "iran")
        texts = payload["actions"] + [m["action"] for m in payload["moves"]]
        assert not [t for t in texts if " accept " in t or " reject " in t], texts
        answered += sum(t == "russia answers quiet_understanding privately" for t in texts)
    assert answered >= 4  # both games, in actions and moves


def test_the_parties_read_the_answer() -> None:
    for actor in ("israel", "russia"):
        payload = _run(4, actor)
        assert "russia accept quiet_understanding" in payload["actions"]


def test_unrevealed_sealed_orders_of_others_are_masked(backchannel: Scenario) -> None:
    game = Game.new(backchannel, 1)
    while game.phase.id != "crisis" or game.to_move() != "iran":
        passes = [a for a in game.legal_actions() if a.kind == "pass"]
        game.push(passes[0] if passes else game.legal_actions()[0])
    secrets = game.state.secrets
    assert secrets.orders and not secrets.open
    seen = moves_seen_by(backchannel, game.actions, secrets, "iran")
    committed = [a for a, _ in secrets.orders]
    assert committed == ["israel", "russia"]
    assert seen[-2:] == ["israel gives a sealed order", "russia gives a sealed order"]
    own = moves_seen_by(backchannel, game.actions, secrets, "israel")
    assert own[-2] == str(game.actions[-2]) and own[-1] == "russia gives a sealed order"
    assert isinstance(game.actions[-1], Action)
