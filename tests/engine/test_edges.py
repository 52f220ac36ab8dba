"""Edges a deliberate bug would cross unnoticed by the other tests: each pinned here.

A band gate includes both ends of every band; the actor who fires a trigger gets no window
to answer its own move; expressions take whole numbers only; merging batch chunks adds win
counts; a spectator's view holds no private event.
"""

from __future__ import annotations

import pytest

from engine import Game, ScenarioError, observe
from engine.analysis.run.aggregate import Aggregate
from engine.analysis.run.batch import run_batch
from tests.engine.test_mechanics import BLUE, card, play
from tests.helpers import hand_to


@pytest.mark.parametrize(("tension", "playable"), [(2, False), (3, True), (5, True)])
def test_a_band_gate_holds_at_both_ends_of_the_band(mini, tension, playable):
    """'hot' is 3..5: its lowest and its highest value both open the gate, 2 does not."""
    scenario = mini(cards=[card("r1", copies=3, band={"track": "tension", "in": ["hot"]}), BLUE])
    game = Game.new(scenario, seed=1)
    game.state.values["tension"] = tension
    hand_to(game, "red", ["r1"])
    assert ("red event r1" in {str(a) for a in game.legal_actions()}) is playable


def test_the_actor_who_fires_a_trigger_gets_no_window_to_answer_it(mini):
    """Red fires 'bang' and holds a reaction to it: only blue is asked."""
    cards = [
        card("r1", copies=2, target={"where": "true"}, effects=[{"trigger": "bang"}]),
        card("r2", copies=2, reaction={"on": "bang"}, effects=[]),
        card("b1", "blue_deck", copies=3, reaction={"on": "bang"}, effects=[]),
    ]
    game = Game.new(mini(cards=cards), seed=1)
    hand_to(game, "red", ["r1", "r2"])
    play(game, "red event r1 @south")
    assert [w.actor for w in game.state.pending] == ["blue"]


@pytest.mark.parametrize("text", ["tension > 0.5", "tension * 1.5 > 1", "1e3 > tension"])
def test_expressions_take_whole_numbers_only(mini, text):
    with pytest.raises(ScenarioError, match="whole numbers"):
        mini(cards=[card("r1", copies=3, when=text), BLUE])


def test_merging_chunks_adds_their_counts(mini):
    scenario = mini()
    whole = run_batch(scenario, 12, seed=2, jobs=1, chunk=12).aggregate
    merged = Aggregate()
    for start in range(0, 12, 4):
        merged.merge(run_batch_part(scenario, start))
    assert merged.wins == whole.wins and merged.runs == whole.runs == 12
    assert merged.scores == whole.scores and merged.outcomes == whole.outcomes


def run_batch_part(scenario, start: int) -> Aggregate:
    from engine.analysis.run.batch import play_chunk

    return play_chunk(scenario, {}, 2, range(start, start + 4))[0]


def test_a_spectator_sees_no_private_event(mini):
    game = Game.new(mini(), seed=3)
    private = [e for e in game.state.log if e.visible_to is not None]
    assert private, "the draw is logged privately for its drawer"
    spectator = observe(game, None)
    assert all(e.visible_to is None for e in spectator.log)
    assert spectator.hand == ()
    red = observe(game, "red")
    assert any(e.visible_to == "red" for e in red.log)
    assert all(e.visible_to in (None, "red") for e in red.log)
