"""What an agent or an RL adapter is sent depends only on what its actor may know: twin games
that differ only in hidden cards, deck order and the RNG give identical messages and vectors.
"""

from __future__ import annotations

import pytest

from engine import Scenario, load_scenario, observe
from engine.agents import protocol
from engine.play.views.action_space import ActionSpace
from engine.play.views.encoding import ObservationEncoder
from tests.bots.test_hidden_information import decision_points, rescramble


@pytest.mark.parametrize("ref", ["tutorial", "israeli-strike", "russian-reaction"])
def test_messages_and_vectors_ignore_hidden_information(ref: str):
    scenario: Scenario = load_scenario(ref)
    space = ActionSpace(scenario)
    encoder = ObservationEncoder(scenario)
    checked = 0
    for seed in range(4):
        for game in decision_points(scenario, seed, every=3):
            actor = game.to_move()
            assert actor is not None
            twin = rescramble(game, actor, seed)
            mine, theirs = observe(game, actor), observe(twin, actor)
            assert protocol.decide(mine, space, 1, 5, 0) == protocol.decide(theirs, space, 1, 5, 0)
            assert (encoder.encode(mine) == encoder.encode(theirs)).all()
            for other in scenario.playable_actors:  # the spectators' vectors too
                a, b = observe(game, other), observe(twin, other)
                if other == actor or a.hand == b.hand:
                    assert (encoder.encode(a) == encoder.encode(b)).all()
            checked += 1
    assert checked > 10
