"""Multi-choice actions (movement from a source to a destination, options), distances and
narration that prints values: play, legality, text forms, saves and load errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Action, Game, ScenarioError, load_scenario
from engine.errors import InvalidActionError
from engine.play.record.saves import dumps, loads, restore
from tests.helpers import hand_to, write_yaml

#: MINI's map: north - south - east (north and east are not neighbours).
MARCH = {
    "id": "march",
    "name": "March",
    "actor": "red",
    "ops": 1,
    "choices": [
        {"id": "origin", "where": "pieces('unit', origin) > 0", "prompt": "March from"},
        {"id": "dest", "where": "adjacent(origin, dest)", "prompt": "March to"},
    ],
    "effects": [
        {"move": {"piece": "unit", "from": "origin", "to": "dest"}},
        {
            "narrate": "Turn {turn}: a unit marches from {origin} to {dest} ({target}); "
            "{pieces('unit', dest)} there now, {{braces}} kept."
        },
    ],
}


def red_card(**fields):
    return {"id": "r1", "name": "Red one", "deck": "red_deck", "copies": 3, "ops": 1, **fields}


def test_later_choices_depend_on_earlier_ones(mini):
    game = Game.new(mini(operations=[MARCH]), seed=1)
    ops = sorted(str(a) for a in game.legal_actions() if a.kind == "ops")
    # units start in north only; north's one neighbour is south
    assert ops == ["red ops r1 march @origin=north,dest=south"]


def test_a_move_resolves_with_both_zones_and_narrates_values(mini):
    game = Game.new(mini(operations=[MARCH]), seed=1)
    events = game.apply("red ops r1 march @origin=north,dest=south")
    assert game.state.board["south"] == {"unit": 1} and game.state.board["north"] == {"unit": 1}
    play = next(e for e in events if e.kind == "play")
    assert play.text.endswith("March (origin: North, dest: South)")
    assert play.data["choices"] == {"origin": "north", "dest": "south"}
    said = next(e.text for e in events if e.kind == "narrate")
    assert said == (
        "Turn 1: a unit marches from North to South (South); 1 there now, {braces} kept."
    )


def test_a_choice_not_offered_is_illegal(mini):
    game = Game.new(mini(operations=[MARCH]), seed=1)
    with pytest.raises(ValueError, match="not a legal choice"):
        game.apply("red ops r1 march @origin=north,dest=east")  # not adjacent


def test_distance_and_paths_through_tagged_zones(mini, mini_data):
    zones = mini_data["zones"]
    zones[0]["tags"] = ["land"]
    zones[1]["tags"] = ["border"]
    zones[2]["tags"] = ["land"]
    far = {
        **MARCH,
        "choices": [
            MARCH["choices"][0],
            {"id": "dest", "where": "distance(origin, dest) == 2"},
        ],
    }
    game = Game.new(mini(zones=zones, operations=[far]), seed=1)
    assert [str(a) for a in game.legal_actions() if a.kind == "ops"] == [
        "red ops r1 march @origin=north,dest=east"
    ]
    by_land = {
        **far,
        "choices": [
            far["choices"][0],
            {"id": "dest", "where": "distance(origin, dest, 'land') < 99 and dest != origin"},
        ],
    }
    game = Game.new(mini(zones=zones, operations=[by_land]), seed=1)
    assert [a for a in game.legal_actions() if a.kind == "ops"] == []  # south is not land


def test_option_choices_branch_the_effects(mini):
    card = red_card(
        choices=[{"id": "stance", "kind": "option", "options": ["hawk", "dove"]}],
        effects=[
            {
                "if": {
                    "when": "stance == 'hawk'",
                    "then": [{"adjust": {"track": "tension", "by": 2}}],
                    "else": [{"adjust": {"track": "tension", "by": -1}}],
                }
            },
            {"narrate": "The {stance} line wins."},
        ],
    )
    game = Game.new(mini(cards=[card, mini_blue()]), seed=1)
    events = [str(a) for a in game.legal_actions() if a.kind == "event"]
    assert events == ["red event r1 @stance=hawk", "red event r1 @stance=dove"]
    out = game.apply("red event r1 @stance=dove")
    assert game.state.values["tension"] == 1
    assert [e.text for e in out if e.kind == "narrate"] == ["The dove line wins."]


def mini_blue():
    return {
        "id": "b1",
        "name": "Blue one",
        "deck": "blue_deck",
        "copies": 3,
        "ops": 1,
        "effects": [{"adjust": {"track": "tension", "by": -1}}],
    }


@pytest.mark.parametrize(
    "text",
    ["navy ops convoy sail @origin=north,dest=east", "red event r1 @stance=hawk", "red pass"],
)
def test_text_form_round_trips(text: str):
    action = Action.parse(text)
    assert str(action) == text and Action.parse(str(action)) == action
    assert eval(repr(action), {"Action": Action}) == action


@pytest.mark.parametrize(
    "text", ["red event r1 @a=", "red event r1 @=x", "red event r1 @a=x,a=y", "red event r1 @a=x,b"]
)
def test_malformed_choices_are_refused(text: str):
    with pytest.raises(InvalidActionError):
        Action.parse(text)


def test_multi_choice_games_save_and_replay(mini):
    game = Game.new(mini(operations=[MARCH]), seed=3)
    hand_to(game, "red", ["r1", "r1"])
    game.apply("red ops r1 march @origin=north,dest=south")
    again = restore(loads(dumps(game)))
    assert [str(a) for a in again.actions] == [str(a) for a in game.actions]
    assert again.state.board == game.state.board


def problems(tmp_path: Path, data) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(write_yaml(tmp_path / "m.yaml", data))
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        ([{"id": "origin", "where": "pieces('unit', orgin) > 0"}], "did you mean 'origin'"),
        ([{"id": "origin"}, {"id": "origin"}], "choice id 'origin' is already a name"),
        ([{"id": "tension"}], "choice id 'tension' is already a name"),
        ([{"id": "north"}], "choice id 'north' is already a name"),
        ([{"id": "mode", "kind": "option"}], "an option choice needs 'options'"),
        ([{"id": "mode", "kind": "optoin"}], "did you mean 'option'"),
        ([{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}], "at most 3"),
        ([{"id": "mode", "kind": "option", "options": ["x", "x"]}], "options repeat"),
        ([{"id": "a", "where": "distance(a, 'north', 'lnd') < 2"}], "unknown tag 'lnd'"),
        ([{"id": "a", "prompt": 3}], "valid string"),
    ],
)
def test_bad_choices_are_located(tmp_path: Path, mini_data, choices, expected):
    mini_data["operations"] = [{**MARCH, "choices": choices, "effects": []}]
    found = problems(tmp_path, mini_data)
    assert any(expected in p and "operations[0].choices" in p for p in found), found
    assert all(p.startswith("m.yaml:") or "/m.yaml:" in p for p in found), found


def test_choices_and_target_together_are_refused(tmp_path: Path, mini_data):
    mini_data["operations"] = [{**MARCH, "target": {"kind": "zone"}}]
    assert any("give either 'choices' or 'target'" in p for p in problems(tmp_path, mini_data))


def test_effects_may_name_a_zone_choice_and_nothing_else(tmp_path: Path, mini_data):
    bad = {**MARCH, "effects": [{"move": {"piece": "unit", "from": "origin", "to": "dset"}}]}
    mini_data["operations"] = [bad]
    assert any(
        "operations[0].effects[0].move.to: unknown zone 'dset'" in p
        for p in problems(tmp_path, mini_data)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In {turm}", "did you mean 'turn'"),
        ("At {target}", "'{target}' used, but nothing here chooses a target"),
        ("A {lone brace", "a lone '{'"),
        ("Empty {}", "an empty '{}'"),
        ("Bad {1 +}", "invalid syntax"),
    ],
)
def test_narration_is_checked_at_load(tmp_path: Path, mini_data, text: str, expected: str):
    mini_data["rules"] = [{"id": "r", "name": "R", "at": "upkeep", "effects": [{"narrate": text}]}]
    found = problems(tmp_path, mini_data)
    assert any("rules[0].effects[0].narrate" in p and expected in p for p in found), found


def _swap(**effects):
    return red_card(
        choices=[{"id": "spare", "kind": "card", "prompt": "Pick a card"}], effects=[effects]
    )


def test_a_card_choice_picks_from_the_rest_of_the_hand_and_discards_it(mini, mini_data):
    cards = [
        _swap(discard={"actor": "self", "card": "spare"}),
        mini_blue(),
        {"id": "r2", "name": "Red two", "deck": "red_deck", "copies": 2},
    ]
    game = Game.new(mini(cards=cards), seed=1)
    hand_to(game, "red", ["r1", "r2"])
    assert [str(a) for a in game.legal_actions() if a.kind == "event" and a.card == "r1"] == [
        "red event r1 @spare=r2"  # not the card being played
    ]
    events = game.apply("red event r1 @spare=r2")
    assert game.state.hands["red"] == [] and "r2" in game.state.discard["red_deck"]
    assert [e.text for e in events if e.kind == "discard"] == ["Red discards Red two (Red one)"]


def test_passing_a_card_shows_which_only_to_the_two_players(mini, mini_data):
    cards = [
        _swap(give={"card": "spare", "to": "blue"}),
        mini_blue(),
        {"id": "r2", "name": "Red two", "deck": "red_deck", "copies": 2},
    ]
    game = Game.new(mini(cards=cards), seed=1)
    hand_to(game, "red", ["r1", "r2"])
    blue = len(game.state.hands["blue"])
    events = game.apply("red event r1 @spare=r2")
    assert len(game.state.hands["blue"]) == blue + 1 and "r2" in game.state.hands["blue"]
    public = [e.text for e in events if e.kind == "give" and e.visible_to is None]
    private = {e.visible_to for e in events if e.kind == "give" and e.visible_to}
    assert public == ["Red passes a card to Blue (Red one)"] and private == {"red", "blue"}


@pytest.mark.parametrize(
    ("effect", "expected"),
    [
        ({"discard": {"actor": "self", "card": "spaer"}}, "'spaer' is not a card choice here"),
        ({"give": {"card": "spare", "to": "grey"}}, "actor 'grey' holds no hand"),
        ({"give": {"card": "spare", "to": "bleu"}}, "did you mean 'blue'"),
    ],
)
def test_bad_hand_effects_are_located(tmp_path: Path, mini_data, effect, expected):
    mini_data["cards"][0] = _swap(**effect)
    found = problems(tmp_path, mini_data)
    assert any(expected in p and "cards[0].effects[0]" in p for p in found), found


def test_a_card_choice_with_no_other_card_in_hand_offers_nothing(mini, mini_data):
    """Reproducer: with only the played card in hand a card choice has nothing to pick, and
    listing the legal actions raised KeyError instead of leaving the play out."""
    cards = [_swap(discard={"actor": "self", "card": "spare"}), mini_blue()]
    game = Game.new(mini(cards=cards), seed=1)
    hand_to(game, "red", ["r1"])
    assert not [a for a in game.legal_actions() if a.card == "r1" and a.kind == "event"]
    assert game.why_not("red", "r1", "event")


def test_an_operation_whose_card_choice_has_nothing_left_is_not_offered(mini, mini_data):
    """The card that pays for an operation is not among the cards its card choice may pick,
    so with no other card in hand the operation is neither listed nor said to be possible."""
    swap_op = {
        "id": "swap",
        "name": "Swap",
        "actor": "red",
        "ops": 1,
        "choices": [{"id": "spare", "kind": "card"}],
        "effects": [{"discard": {"actor": "self", "card": "spare"}}],
    }
    game = Game.new(mini(operations=[swap_op], cards=[red_card(), mini_blue()]), seed=1)
    hand_to(game, "red", ["r1"])
    assert not [a for a in game.legal_actions() if a.kind == "ops"]
    assert game.why_not("red", "r1", "ops")
