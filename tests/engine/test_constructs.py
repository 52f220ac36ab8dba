"""Second-edition constructs on the MINI scenario: for_each, rolls anywhere, internal values,
winners by score, per-phase order, turn-end rules, doctrine targets and payers, requires_text —
each played, and each refused with a located message when written wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Game, ScenarioError, load_scenario
from engine.bots.doctrine import DoctrineBot
from engine.play.views.view import observe
from tests.helpers import hand_to, write_yaml


def red_card(effects, **fields):
    return {
        "id": "r1",
        "name": "Red one",
        "deck": "red_deck",
        "copies": 3,
        "ops": 1,
        "effects": effects,
        **fields,
    }


BLUE = {
    "id": "b1",
    "name": "Blue one",
    "deck": "blue_deck",
    "copies": 3,
    "ops": 1,
    "effects": [{"adjust": {"track": "tension", "by": -1}}],
}


def test_for_each_zone_where_a_condition_holds(mini):
    loop = {
        "for_each": {
            "zone": "z",
            "where": "not has_tag(z, 'border')",
            "do": [
                {"place": {"piece": "unit", "zone": "z"}},
                {"adjust": {"track": "debt", "by": "pieces('unit', z)"}},
            ],
        }
    }
    game = Game.new(mini(cards=[red_card([loop]), BLUE]), seed=1)
    game.apply("red event r1")
    board = game.state.board
    assert (
        board["north"]["unit"] == 3 and board["east"]["unit"] == 1 and "unit" not in board["south"]
    )
    assert game.state.values["debt"] == 4  # 3 in north, then 1 in east


def test_for_each_actor_and_the_set_is_judged_before_the_body(mini):
    loop = {
        "for_each": {
            "actor": "who",
            "where": "tension < 3",
            "do": [
                {"draw": {"actor": "who", "count": 1}},
                {"adjust": {"track": "tension", "by": 1}},
            ],
        }
    }
    game = Game.new(mini(cards=[red_card([loop]), BLUE]), seed=1)
    hands = {a: len(h) for a, h in game.state.hands.items()}
    game.apply("red event r1")
    # both actors were chosen while tension was 2, though it is 4 after the first
    assert game.state.values["tension"] == 4
    assert len(game.state.hands["blue"]) == hands["blue"] + 1


def test_a_roll_inside_if_and_two_rolls_in_one_card(mini):
    table = {
        "dice": "1d6",
        "outcomes": [
            {
                "min": 1,
                "max": 3,
                "label": "low",
                "effects": [{"adjust": {"track": "debt", "by": 1}}],
            },
            {
                "min": 4,
                "max": 6,
                "label": "high",
                "effects": [{"adjust": {"track": "debt", "by": 10}}],
            },
        ],
    }
    effects = [{"roll": table}, {"if": {"when": "tension >= 2", "then": [{"roll": table}]}}]
    game = Game.new(mini(cards=[red_card(effects), BLUE]), seed=5)
    events = game.apply("red event r1")
    rolls = [e for e in events if e.kind == "roll"]
    assert len(rolls) == 2
    expected = sum(1 if e.data["total"] <= 3 else 10 for e in rolls)
    assert game.state.values["debt"] == expected


def test_internal_values_change_silently(mini, mini_data):
    mini_data["counters"][0]["internal"] = True
    mini_data["flags"][0]["internal"] = True
    effects = [
        {"adjust": {"track": "debt", "by": 2}},
        {"flag": {"id": "warned", "to": True}},
        {"adjust": {"track": "tension", "by": 1}},
    ]
    game = Game.new(
        mini(
            counters=mini_data["counters"],
            flags=mini_data["flags"],
            cards=[red_card(effects), BLUE],
        ),
        seed=1,
    )
    events = game.apply("red event r1")
    assert game.state.values["debt"] == 2 and game.state.values["warned"] is True
    assert [e.data.get("track") for e in events if e.kind == "track"] == ["tension"]
    assert not [e for e in events if e.kind == "flag"]
    assert game.scenario.tables.internal == {"debt", "warned"}


@pytest.mark.parametrize(
    ("winners", "expected"), [("highest_score", ("blue",)), ("by_score", ("blue",))]
)
def test_instant_end_with_winners_by_score(mini, mini_data, winners, expected):
    victory = dict(mini_data["victory"])
    victory["instant"] = [
        {"id": "calm", "when": "tension <= 1", "winners": winners, "reason": "Calm returns."}
    ]
    game = Game.new(mini(victory=victory), seed=1)
    game.apply("red pass")
    hand_to(game, "blue", ["b1", "b1"])
    game.apply("blue event b1")
    assert game.outcome.winners == expected and game.outcome.reason == "Calm returns."


def test_a_phase_may_have_its_own_order(mini, mini_data):
    turns = mini_data["turns"]
    turns["phases"].append({"id": "counter", "kind": "actions", "order": ["blue"]})
    game = Game.new(mini(turns=turns), seed=1)
    game.apply("red pass")
    game.apply("blue pass")
    assert (game.phase.id, game.to_move()) == ("counter", "blue")
    game.apply("blue pass")
    assert (game.state.turn, game.phase.id, game.to_move()) == (2, "act", "red")


def test_rules_at_end_of_turn_fire_after_the_last_phase(mini):
    rule = {
        "id": "assess",
        "name": "Assessment",
        "at": "end_of_turn",
        "effects": [{"adjust": {"track": "debt", "by": 1}}, {"narrate": "Turn {turn} ends."}],
    }
    game = Game.new(mini(rules=[rule]), seed=1)
    game.apply("red pass")
    events = game.apply("blue pass")
    kinds = [(e.kind, e.text) for e in events if e.kind in ("phase", "narrate", "turn")]
    assert kinds[:3] == [
        ("phase", "End of turn phase"),
        ("narrate", "Turn 1 ends."),
        ("turn", "Turn 2 — Feb"),
    ]
    assert game.state.values["debt"] == 1


def test_doctrine_names_targets_and_the_paying_card(mini, mini_data):
    mini_data["cards"][0]["reaction"] = {"on": "bang"}
    cards = [
        *mini_data["cards"],
        {"id": "r2", "name": "Red two", "deck": "red_deck", "copies": 2, "ops": 1},
    ]
    hit = {
        "id": "hit",
        "name": "Hit",
        "actor": "red",
        "ops": 1,
        "target": {"where": "pieces('unit', target) > 0 or has_tag(target, 'border')"},
        "effects": [{"adjust": {"track": "debt", "by": 1}}],
    }
    doctrine = [
        {
            "actor": "red",
            "entries": [
                {"prefer": "hit", "target": "has_tag(target, 'border')", "pay_with": ["r2"]}
            ],
        }
    ]
    game = Game.new(mini(cards=cards, operations=[hit], doctrine=doctrine), seed=1)
    hand_to(game, "red", ["r1", "r2"])
    for seed in range(5):
        move = DoctrineBot("red", seed).choose(observe(game, "red"))
        assert str(move) == "red ops r2 hit @south"


def test_requires_text_replaces_the_generated_prose(mini):
    card = red_card([], when="tension > 4", requires_text="a crisis")
    game = Game.new(mini(cards=[card, BLUE]), seed=1)
    hand_to(game, "red", ["r1"])
    assert game.why_not("red", "r1") == "requires a crisis"


def problems(tmp_path: Path, data) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(write_yaml(tmp_path / "m.yaml", data))
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("section", "value", "expected"),
    [
        (
            "effects",
            [{"for_each": {"zone": "z", "actor": "a", "do": [{"narrate": "x"}]}}],
            "exactly one of 'zone' or 'actor'",
        ),
        ("effects", [{"for_each": {"zone": "z", "do": []}}], "at least 1 item"),
        (
            "effects",
            [{"for_each": {"zone": "north", "do": [{"narrate": "x"}]}}],
            "'north' is already a name here",
        ),
        (
            "effects",
            [
                {
                    "for_each": {
                        "zone": "z",
                        "where": "has_tag(zz, 'border')",
                        "do": [{"narrate": "x"}],
                    }
                }
            ],
            "did you mean 'z'",
        ),
        (
            "effects",
            [
                {
                    "for_each": {
                        "zone": "a",
                        "do": [
                            {
                                "for_each": {
                                    "zone": "b",
                                    "do": [{"for_each": {"zone": "c", "do": [{"narrate": "x"}]}}],
                                }
                            }
                        ],
                    }
                }
            ],
            "nests more than 2",
        ),
        (
            "effects",
            [{"for_each": {"actor": "who", "do": [{"draw": {"actor": "whom"}}]}}],
            "unknown actor 'whom'",
        ),
        (
            "effects",
            [
                {
                    "roll": {
                        "dice": "1d6",
                        "outcomes": [
                            {"min": 1, "max": 2, "label": "a"},
                            {"min": 4, "max": 6, "label": "b"},
                        ],
                    }
                }
            ],
            "effects[0].roll.outcomes[1].min: outcome 'b' should start at 3",
        ),
        (
            "effects",
            [{"roll": {"dice": "1d7", "outcomes": [{"min": 1, "max": 7, "label": "a"}]}}],
            "should match pattern",
        ),
        ("requires_text", 3, "valid string"),
    ],
)
def test_bad_constructs_are_located(tmp_path: Path, mini_data, section, value, expected):
    mini_data["cards"][0][section] = value
    found = problems(tmp_path, mini_data)
    assert any(expected in p and "m.yaml:" in p for p in found), found


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["turns"]["phases"][2].update(order=["grey"]),
            "actor 'grey' is not in the turns' order",
        ),
        (lambda d: d["turns"]["phases"][2].update(order=["red", "red"]), "appears twice"),
        (lambda d: d["turns"]["phases"][2].update(order=["rde"]), "did you mean 'red'"),
        (lambda d: d["turns"]["phases"][0].update(order=["red"]), "actions and orders phases only"),
        (
            lambda d: d["victory"].update(
                instant=[{"id": "x", "when": "true", "reason": "r", "winners": "by_scores"}]
            ),
            "by_score",
        ),
        (lambda d: d["tracks"][0].update(bad_end="bottom"), "'bottom' is not one of"),
        (lambda d: d["counters"][0].update(internal="yes"), "is not true or false"),
        (
            lambda d: d.update(rules=[{"id": "r", "name": "R", "at": "end_of_trun"}]),
            "did you mean 'end_of_turn'",
        ),
        (
            lambda d: d.update(
                doctrine=[{"actor": "red", "entries": [{"prefer": "noop_red", "pay_with": ["r9"]}]}]
            ),
            "unknown card 'r9'",
        ),
        (
            lambda d: d.update(
                doctrine=[
                    {
                        "actor": "red",
                        "entries": [{"prefer": "noop_red", "target": "tagret == 'north'"}],
                    }
                ]
            ),
            "did you mean 'target'",
        ),
    ],
)
def test_bad_settings_are_located(tmp_path: Path, mini_data, change, expected):
    change(mini_data)
    found = problems(tmp_path, mini_data)
    assert any(expected in p and "m.yaml:" in p for p in found), found


def test_loop_and_distance_costs_are_bounded(tmp_path: Path, mini_data):
    """Nested loops over a big map, and distance() on a huge one, are refused at load: the
    cost of one effect stays bounded (engine/load/limits.py)."""
    mini_data["zones"] += [
        {"id": f"z{i}", "name": f"Z{i}", "pos": [i % 100, 1]} for i in range(300)
    ]
    nested = {
        "for_each": {"zone": "a", "do": [{"for_each": {"zone": "b", "do": [{"narrate": "x"}]}}]}
    }
    mini_data["cards"][0]["effects"] = [nested]
    mini_data["cards"][1]["when"] = "distance('north', 'south') < 3"
    found = problems(tmp_path, mini_data)
    assert any("for_each" in p and "up to 91,809 times" in p for p in found), found
    assert any(
        "cards[1].when: distance() works on maps of at most 300 zones" in p for p in found
    ), found


def test_new_effects_read_in_numbers(mini, mini_data):
    """engine/play/effect_text describes rolls, loops and internal values (left out)."""
    from engine.play.views.effect_text import describe_play

    mini_data["counters"][0]["internal"] = True
    table = {
        "dice": "1d6",
        "outcomes": [
            {
                "min": 1,
                "max": 3,
                "label": "low",
                "effects": [{"adjust": {"track": "tension", "by": 1}}],
            },
            {"min": 4, "max": 6, "label": "high"},
        ],
    }
    effects = [
        {"roll": table},
        {"for_each": {"zone": "z", "do": [{"place": {"piece": "unit", "zone": "z"}}]}},
        {"adjust": {"track": "debt", "by": 1}},
    ]
    game = Game.new(mini(counters=mini_data["counters"], cards=[red_card(effects), BLUE]), seed=1)
    said = describe_play(game.scenario, game.scenario.cards["r1"].front, observe(game, "red"))
    assert said == [
        "roll 1d6 (1–3: Tension +1; 4–6: no change)",
        "for each zone: place 1 × Unit in each z",
    ]


def test_initiative_orders_a_phase_as_it_begins(mini, mini_data):
    turns = mini_data["turns"]
    turns["phases"][2]["initiative"] = "hand(self) + (5 if self == 'blue' and tension >= 2 else 0)"
    game = Game.new(mini(turns=turns), seed=1)
    assert game.to_move() == "blue" and game.state.order == ("blue", "red")
    assert any(e.text == "Initiative: Blue, Red" for e in game.state.log)
    game.apply("blue pass")
    assert observe(game, "red").order == ("blue", "red")
    game.apply("red pass")
    assert game.state.turn == 2


def test_initiative_is_checked_at_load(tmp_path: Path, mini_data):
    mini_data["turns"]["phases"][2]["initiative"] = "tensoin"
    found = problems(tmp_path, mini_data)
    assert any("turns.phases[2].initiative: unknown name 'tensoin'" in p for p in found), found
    mini_data["turns"]["phases"][2]["initiative"] = "1"
    mini_data["turns"]["phases"][0]["initiative"] = "1"
    found = problems(tmp_path, mini_data)
    assert any("turns.phases[0].initiative: 'initiative' applies to actions" in p for p in found)
