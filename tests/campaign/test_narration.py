"""Narration never contradicts the state: what the log says about payment is true when said.

The log is replayed event by event (every track change carries its old and new value), so the
values at the moment of each narration are known; the narrations that assert something about
the state are checked against them over many logged doctrine games.
"""

from __future__ import annotations

import pytest

from engine.analysis.run.playout import make_bots, play_game
from tests.campaign.conftest import load

#: narration text (a fragment) -> what must hold of the values when it is written
ASSERTIONS = {
    "in Moscow it reads as words in place of payment": lambda v: v["owed_moscow"] >= 3,
    "Moscow takes note.": lambda v: v["owed_moscow"] < 3,
    "nothing of value has come from Israel": lambda v: v["paid_since_review"] == 0,
    "credits what Israel has paid": lambda v: v["paid_since_review"] >= 2,
    "finds the forces calm again": lambda v: v["discomfort"] <= 3,
    "Jerusalem has nothing to offer": lambda v: True,  # a roll's outcome, not a state claim
}


@pytest.mark.parametrize("scenario_id", ["iranian-entrenchment", "russian-reaction"])
def test_narration_matches_the_values_when_it_is_written(scenario_id):
    scenario = load(scenario_id)
    seen = {fragment: 0 for fragment in ASSERTIONS}
    for seed in range(60):
        game = play_game(scenario, seed, make_bots(scenario, {}, seed))
        values = dict(scenario.start_values)
        for event in game.state.log:
            if event.kind == "track":
                assert values[event.data["track"]] == event.data["from"]
                values[event.data["track"]] = event.data["to"]
            elif event.kind == "narrate":
                for fragment, holds in ASSERTIONS.items():
                    if fragment in event.text:
                        seen[fragment] += 1
                        assert holds(values), (seed, event.text, values)
    # The check only means something if the narrations actually happen.
    assert seen["nothing of value has come from Israel"] > 0
    assert seen["in Moscow it reads as words in place of payment"] > 0
