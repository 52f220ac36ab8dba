"""The PettingZoo AEC adapter passes PettingZoo's own api_test and seed_test on every shipped
scenario, and plays the same games as the engine."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pytest

from engine.load.read.catalog import shipped

pytest.importorskip("pettingzoo")
from pettingzoo.test import api_test, seed_test

from engine import Game, load_scenario
from engine.adapters.pettingzoo_env import env, raw_env

IDS = [e.id for e in shipped()]


@pytest.mark.parametrize("ref", IDS)
def test_api_and_seed_tests_pass(ref: str):
    with warnings.catch_warnings():
        # Advice for other kinds of env (Box-only observations, "player_0" names), not faults.
        warnings.simplefilter("ignore", UserWarning)
        api_test(raw_env(ref), num_cycles=200)
        seed_test(lambda: raw_env(ref), num_cycles=200)
        api_test(env(ref, reward="score"), num_cycles=50)


def first_legal_game(e, seed: int) -> tuple[list[str], dict[str, float]]:
    e.reset(seed=seed)
    played, totals = [], {}
    for agent in e.agent_iter():
        obs, reward, terminated, truncated, _ = e.last()
        totals[agent] = totals.get(agent, 0.0) + reward
        if terminated or truncated:
            e.step(None)
            continue
        action = int(np.flatnonzero(obs["action_mask"])[0])
        played.append(e.unwrapped.action_text(action))
        e.step(action)
    return played, totals


def test_the_env_plays_the_engines_game():
    scenario = load_scenario("israeli-strike")
    played, totals = first_legal_game(raw_env(scenario), 7)
    game = Game.new(scenario, 7)
    while not game.is_over():
        game.apply(min(game.legal_actions()))  # the mask's first id is the smallest action
    assert played == [str(a) for a in game.actions]
    outcome = game.outcome
    assert outcome is not None
    assert totals == {a: 1.0 if a in outcome.winners else -1.0 for a in scenario.playable_actors}


def test_score_rewards_add_up_to_the_change_of_each_score():
    scenario = load_scenario("tutorial")
    e = raw_env(scenario, reward="score")
    e.reset(seed=3)
    start = dict(e._score_now())
    _, totals = first_legal_game(e, 3)
    game = Game.new(scenario, 3)
    while not game.is_over():
        game.apply(min(game.legal_actions()))
    assert game.outcome is not None
    assert totals == {a: float(game.outcome.scores[a] - start[a]) for a in start}


def test_an_illegal_id_is_refused_with_its_text():
    e = raw_env("tutorial")
    e.reset(seed=1)
    mask = e.observe(e.agent_selection)["action_mask"]
    illegal = int(np.flatnonzero(mask == 0)[0])
    with pytest.raises(ValueError, match="is not legal now"):
        e.step(illegal)


def test_import_engine_does_not_load_pettingzoo():
    code = "import engine, sys; print('pettingzoo' in sys.modules, 'gymnasium' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
