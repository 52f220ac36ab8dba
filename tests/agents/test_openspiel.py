"""The OpenSpiel adapter passes OpenSpiel's random-simulation test on every shipped scenario,
and its games are the engine's games."""

from __future__ import annotations

import pytest

from engine.load.read.catalog import shipped

pyspiel = pytest.importorskip("pyspiel")
from engine import Game, load_scenario  # noqa: E402
from engine.adapters import openspiel_game  # noqa: E402
from engine.play.rng import derive_seed  # noqa: E402

IDS = [e.id for e in shipped()]


@pytest.mark.parametrize("ref", IDS)
def test_random_simulation_test_passes(ref: str):
    game = pyspiel.load_game(f"{openspiel_game.SHORT_NAME}(scenario={ref})")
    assert game.get_type().chance_mode == pyspiel.GameType.ChanceMode.EXPLICIT_STOCHASTIC
    pyspiel.random_sim_test(game, num_sims=2, serialize=False, verbose=False)


def test_score_returns_pass_too():
    game = pyspiel.load_game(f"{openspiel_game.SHORT_NAME}(scenario=tutorial,rewards=score)")
    pyspiel.random_sim_test(game, num_sims=2, serialize=False, verbose=False)


def test_the_chance_node_draws_the_seed_of_an_engine_game():
    game = pyspiel.load_game(f"{openspiel_game.SHORT_NAME}(scenario=tutorial,seeds=8,seed_base=5)")
    state = game.new_initial_state()
    assert state.is_chance_node() and len(state.chance_outcomes()) == 8
    state.apply_action(3)
    engine_game = Game.new(load_scenario("tutorial"), derive_seed(5, 3))
    actors = game.actors
    while not state.is_terminal():
        player = state.current_player()
        assert actors[player] == engine_game.to_move()
        action = state.legal_actions()[0]
        text = state.action_to_string(player, action)
        assert text == str(min(engine_game.legal_actions()))
        assert "seed" not in state.observation_string(player)
        state.apply_action(action)
        engine_game.apply(text)
    outcome = engine_game.outcome
    assert outcome is not None
    assert state.returns() == [1.0 if a in outcome.winners else -1.0 for a in actors]


def test_a_clone_is_independent():
    game = pyspiel.load_game(f"{openspiel_game.SHORT_NAME}(scenario=tutorial)")
    state = game.new_initial_state()
    state.apply_action(0)
    clone = state.clone()
    clone.apply_action(clone.legal_actions()[0])
    assert state.history() != clone.history()
    assert state.game is not None and clone.game is not None
    assert len(state.game.actions) == 0 and len(clone.game.actions) == 1
