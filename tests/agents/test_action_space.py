"""The action space of a scenario: enumerated, sorted, covering every legal action, masked."""

from __future__ import annotations

import random
from functools import cache

import numpy as np
import pytest

from engine import Action, Game, Scenario, load_scenario, observe
from engine.load.read.catalog import shipped
from engine.play.views.action_space import ActionSpace
from engine.play.views.encoding import ObservationEncoder, view_to_dict

IDS = [e.id for e in shipped()]


@cache
def scenario(ref: str) -> Scenario:
    return load_scenario(next(e.path for e in shipped() if e.id == ref))


def test_actions_sort_with_missing_names():
    actions = [
        Action.parse("red pass"),
        Action.parse("red event strike @north"),
        Action.parse("red event strike"),
        Action.parse("blue decline"),
        Action.parse("red ops card build @north:militia"),
        Action.parse("red ops card build @north"),
    ]
    ordered = sorted(actions)
    assert [str(a) for a in ordered] == [
        "blue decline",
        "red event strike",
        "red event strike @north",
        "red ops card build @north",
        "red ops card build @north:militia",
        "red pass",
    ]
    assert sorted(reversed(ordered)) == ordered
    assert Action.parse("red pass") >= Action.parse("red event x") > Action.parse("blue pass")


@pytest.mark.parametrize("ref", IDS)
def test_space_holds_every_legal_action_and_round_trips(ref: str):
    s = scenario(ref)
    space = ActionSpace(s)
    assert list(space.actions) == sorted(space.actions)
    assert len(set(space.actions)) == len(space)
    for i, action in enumerate(space.actions):
        assert space.index(str(action)) == i
        assert Action.parse(str(action)) == action
    # Seeded random games: every legal action is in the space and the mask marks exactly them.
    for seed in range(3):
        game = Game.new(s, seed)
        rng = random.Random(seed)
        while not game.is_over():
            legal = game.legal_actions()
            mask = space.mask(legal)
            assert mask.dtype == np.int8 and int(mask.sum()) == len(legal)
            assert {space[i] for i in np.flatnonzero(mask)} == set(legal)
            game.push(rng.choice(legal))


def test_space_is_the_same_in_a_fresh_load():
    a = ActionSpace(scenario("israeli-strike"))
    b = ActionSpace(load_scenario(scenario("israeli-strike").path))
    assert a.texts() == b.texts()
    assert a.by_actor.keys() == set(scenario("israeli-strike").playable_actors)


def test_unknown_action_is_a_clear_error():
    space = ActionSpace(scenario("tutorial"))
    with pytest.raises(ValueError, match="not an action of tutorial"):
        space.index("iran event no_such_card")


@pytest.mark.parametrize("ref", ["tutorial", "israeli-strike"])
def test_observation_vector_is_fixed_length_and_within_bounds(ref: str):
    s = scenario(ref)
    encoder = ObservationEncoder(s)
    low, high = encoder.bounds()
    assert encoder.fields[-1].offset + encoder.fields[-1].length == encoder.size
    game = Game.new(s, 5)
    rng = random.Random(5)
    while not game.is_over():
        for actor in s.playable_actors:
            view = observe(game, actor)
            vector = encoder.encode(view)
            assert vector.shape == (encoder.size,) and vector.dtype == np.float32
            assert (vector >= low).all() and (vector <= high).all()
            data = view_to_dict(view)
            assert data["hand"] == list(view.hand)
            assert sum(vector[encoder.field("hand").offset :][: len(s.cards)]) == len(view.hand)
        game.push(rng.choice(game.legal_actions()))


def test_vector_hides_what_the_view_hides():
    # Two actors' vectors differ in the hand block only by what each holds.
    s = scenario("tutorial")
    encoder = ObservationEncoder(s)
    game = Game.new(s, 3)
    me, other = s.playable_actors[:2]
    mine = encoder.encode(observe(game, me))
    hand = encoder.field("hand")
    held = {c for c in game.state.hands[other]} - {c for c in game.state.hands[me]}
    for card in held:
        assert mine[hand.offset + hand.labels.index(card)] == 0


def test_multi_choice_actions_are_in_the_space(mini):
    from tests.engine.test_choices import MARCH

    s = mini(operations=[MARCH])
    space = ActionSpace(s)
    marches = [a for a in space.actions if a.operation == "march"]
    zones = len(s.zones)
    cards_with_ops = {a.card for a in marches}
    # every (origin, dest) pair, for every card of red's that can pay for it
    assert len(marches) == zones * zones * len(cards_with_ops)
    assert all([name for name, _ in a.choices] == ["origin", "dest"] for a in marches)
    game = Game.new(s, 1)
    legal = game.legal_actions()
    assert any(a.choices for a in legal) and all(a in space for a in legal)
    for action in legal:
        assert space[space.index(str(action))] == action


def test_card_choices_and_given_cards_are_in_the_space(mini):
    from tests.engine.test_choices import _swap, mini_blue
    from tests.helpers import hand_to

    cards = [
        _swap(give={"card": "spare", "to": "blue"}),
        mini_blue(),
        {"id": "r2", "name": "Red two", "deck": "red_deck", "copies": 2},
    ]
    s = mini(cards=cards)
    space = ActionSpace(s)
    # A card may be given to another player, so every player may hold (and play) every card.
    assert Action.parse("blue event r2") in space
    game = Game.new(s, 1)
    hand_to(game, "red", ["r1", "r2"])
    legal = game.legal_actions()
    assert Action.parse("red event r1 @spare=r2") in legal
    assert all(a in space for a in legal)
    game.apply("red event r1 @spare=r2")
    while not game.is_over():  # blue now holds r2: whatever it plays is in the space
        legal = game.legal_actions()
        assert all(a in space for a in legal)
        game.push(legal[0])
