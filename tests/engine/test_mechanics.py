"""One test (or a few) per rule mechanism, on the tiny MINI scenario."""

from __future__ import annotations

import pytest

from engine import Action, Game, IllegalActionError
from tests.helpers import hand_to


def card(cid: str, deck: str = "red_deck", **fields):
    return {"id": cid, "name": cid.replace("_", " ").title(), "deck": deck, **fields}


BLUE = card(
    "b1", "blue_deck", copies=3, ops=1, effects=[{"adjust": {"track": "tension", "by": -1}}]
)


def play(game: Game, text: str):
    return game.apply(Action.parse(text))


def test_turn_machine_phases_rounds_order_and_end(mini):
    game = Game.new(mini(), seed=1)
    assert (game.state.turn, game.phase.id, game.to_move()) == (1, "act", "red")
    assert len(game.state.hands["red"]) == 2 and len(game.state.hands["blue"]) == 2
    play(game, "red pass")
    assert game.to_move() == "blue"
    play(game, "blue pass")
    assert (game.state.turn, game.to_move()) == (2, "red")
    play(game, "red pass")
    play(game, "blue pass")
    assert game.is_over()
    assert game.outcome.scores == {"red": 2, "blue": 3}
    assert game.outcome.winners == ("blue",)
    assert [e.kind for e in game.state.log].count("turn") == 2
    assert len(game.state.history) == 3  # the start plus one snapshot per turn


def test_legal_actions_list_events_ops_and_pass(mini):
    game = Game.new(mini(), seed=1)
    legal = {str(a) for a in game.legal_actions()}
    assert legal == {"red event r1", "red ops r1 noop_red", "red pass"}
    assert game.legal_actions("blue") == []


def test_adjust_is_clamped_and_logged_with_cause(mini):
    scenario = mini(
        cards=[
            card(
                "r1", copies=3, claims=["C1"], effects=[{"adjust": {"track": "tension", "by": 9}}]
            ),
            BLUE,
        ]
    )
    game = Game.new(scenario, seed=1)
    events = play(game, "red event r1")
    assert game.state.values["tension"] == 5
    change = next(e for e in events if e.kind == "track")
    assert (change.cause, change.claims, change.data) == (
        "r1",
        ("C1",),
        {"track": "tension", "from": 2, "to": 5},
    )


def test_set_flag_and_expression_amounts(mini):
    effects = [
        {"set": {"track": "debt", "to": "tension * 2 + 1"}},
        {"flag": {"id": "warned", "to": True}},
    ]
    game = Game.new(mini(cards=[card("r1", copies=3, effects=effects), BLUE]), seed=1)
    play(game, "red event r1")
    assert game.state.values["debt"] == 5 and game.state.values["warned"] is True


def test_place_remove_move_conserve_pieces(mini):
    effects = [
        {"place": {"piece": "unit", "zone": "south", "count": 5}},
        {"move": {"piece": "unit", "from": "north", "to": "east", "count": 1}},
        {"remove": {"piece": "unit", "zone": "south", "count": 1}},
    ]
    game = Game.new(mini(cards=[card("r1", copies=3, effects=effects), BLUE]), seed=1)
    play(game, "red event r1")
    state = game.state
    # only 2 were in supply, so only 2 are placed; one goes back
    assert state.board["south"] == {"unit": 1}
    assert state.board["north"] == {"unit": 1} and state.board["east"]["unit"] == 1
    assert state.supply["unit"] == 1
    assert sum(z.get("unit", 0) for z in state.board.values()) + state.supply["unit"] == 4


def test_zone_targets_filtered_by_where(mini):
    target = {"where": "pieces('unit', target) > 0 or has_tag(target, 'border')"}
    effects = [{"remove": {"piece": "unit", "zone": "target", "count": 1}}]
    game = Game.new(
        mini(cards=[card("r1", copies=3, target=target, effects=effects), BLUE]), seed=1
    )
    events = {str(a) for a in game.legal_actions() if a.kind == "event"}
    assert events == {"red event r1 @north", "red event r1 @south"}
    play(game, "red event r1 @north")
    assert game.state.board["north"] == {"unit": 1}


def test_piece_targets(mini):
    target = {"kind": "piece", "pieces": ["unit", "base"]}
    effects = [{"remove": {"piece": "target_piece", "zone": "target"}}]
    game = Game.new(
        mini(cards=[card("r1", copies=3, target=target, effects=effects), BLUE]), seed=1
    )
    events = {str(a) for a in game.legal_actions() if a.kind == "event"}
    assert events == {"red event r1 @north:unit", "red event r1 @east:base"}
    play(game, "red event r1 @east:base")
    assert game.state.board["east"] == {} and game.state.supply["base"] == 1


def test_costs_gate_legality_and_are_paid(mini):
    c = card("r1", copies=3, cost=[{"track": "tension", "amount": 2}])
    game = Game.new(mini(cards=[c, BLUE]), seed=1)
    play(game, "red event r1")
    assert game.state.values["tension"] == 0
    play(game, "blue pass")
    assert "red event r1" not in {str(a) for a in game.legal_actions()}
    assert game.why_not("red", "r1") == "cannot afford 2 Tension"


def test_band_gate_and_condition(mini):
    cards = [
        card("r1", copies=3, band={"track": "tension", "in": ["hot"]}),
        card("r2", when="debt > 0"),
        BLUE,
    ]
    game = Game.new(mini(cards=cards), seed=1)
    hand_to(game, "red", ["r1", "r2"])
    assert [a for a in game.legal_actions() if a.kind == "event"] == []
    assert game.why_not("red", "r1") == "requires Tension is hot"
    assert game.why_not("red", "r2") == "requires Debt > 0"
    with pytest.raises(IllegalActionError, match="requires Tension is hot"):
        play(game, "red event r1")


def test_phase_restriction(mini, mini_data):
    turns = mini_data["turns"]
    turns["phases"].append({"id": "late", "kind": "actions"})
    game = Game.new(mini(turns=turns, cards=[card("r1", copies=3, phase="late"), BLUE]), seed=1)
    assert game.why_not("red", "r1") == "only in the late phase"
    play(game, "red pass")
    play(game, "blue pass")
    assert game.phase.id == "late"
    play(game, "red event r1")


def test_rounds_give_each_actor_several_actions(mini, mini_data):
    turns = mini_data["turns"]
    turns["phases"][2]["rounds"] = 2
    game = Game.new(mini(turns=turns), seed=1)
    movers = []
    for _ in range(4):
        movers.append(game.to_move())
        play(game, f"{game.to_move()} pass")
    assert movers == ["red", "blue", "red", "blue"]
    assert game.state.turn == 2


def test_draw_reshuffle_and_discard(mini):
    cards = [
        card("r1", copies=2, effects=[{"draw": {"actor": "self", "count": 3}}]),
        card("r2", effects=[{"discard": {"actor": "self", "count": 1}}]),
        BLUE,
    ]
    game = Game.new(mini(cards=cards), seed=3)
    hand_to(game, "red", ["r1"])
    play(game, "red event r1")
    # 3 cards in the deck: one in play went to the discard, so the reshuffle brings it back.
    kinds = [e.kind for e in game.state.log]
    assert "reshuffle" in kinds
    assert len(game.state.hands["red"]) == 3
    public = [e for e in game.state.log if e.kind == "draw" and e.visible_to is None]
    private = [e for e in game.state.log if e.kind == "draw" and e.visible_to == "red"]
    assert public and private and "cards" not in public[-1].data


def test_once_cards_leave_the_game(mini):
    game = Game.new(mini(cards=[card("r1", copies=3, once=True), BLUE]), seed=1)
    play(game, "red event r1")
    assert game.state.removed == ["r1"]


def test_flip_side_in_force_while_condition_holds(mini):
    flip = {
        "flip_when": "debt >= 1",
        "name": "Hard line",
        "effects": [{"adjust": {"track": "tension", "by": 2}}],
    }
    game = Game.new(mini(cards=[card("r1", copies=3, flip=flip), BLUE]), seed=1)
    r1 = game.scenario.cards["r1"]
    assert r1.side(game.state).name == "R1" and not r1.flipped(game.state)
    game.state.values["debt"] = 1
    assert r1.side(game.state).name == "Hard line"
    play(game, "red event r1")
    assert game.state.values["tension"] == 4


def test_trigger_fires_rules_and_opens_reaction_window(mini):
    cards = [
        card("r1", copies=3, target={"where": "true"}, effects=[{"trigger": "bang"}]),
        card(
            "b1",
            "blue_deck",
            copies=3,
            reaction={"on": "bang", "when": "target == 'south'"},
            effects=[{"place": {"piece": "unit", "zone": "target"}}],
        ),
    ]
    rules = [
        {
            "id": "r",
            "name": "Bang rule",
            "on": "bang",
            "claims": ["C1"],
            "effects": [{"adjust": {"track": "debt", "by": 1}}],
        }
    ]
    game = Game.new(mini(cards=cards, rules=rules), seed=1)
    play(game, "red event r1 @north")
    assert game.state.values["debt"] == 1
    assert game.to_move() == "blue" and not game.state.pending  # north: condition fails
    assert "blue event b1" not in {str(a) for a in game.legal_actions()}  # reaction-only
    play(game, "blue pass")
    play(game, "red event r1 @south")
    assert game.state.pending and game.to_move() == "blue"
    assert {str(a) for a in game.legal_actions()} == {"blue react b1 @south", "blue decline"}
    play(game, "blue react b1 @south")
    assert game.state.board["south"] == {"unit": 1}
    assert game.to_move() == "blue"  # back to the round: blue's own action


def test_dice_modifiers_and_outcome_rows(mini):
    roll = {
        "dice": "2d6",
        "modifiers": [
            {"label": "warned", "when": "warned", "add": 3},
            {"label": "never", "when": "false", "add": 9},
        ],
        "outcomes": [
            {"min": 2, "max": 6, "label": "low"},
            {
                "min": 7,
                "max": 9,
                "label": "mid",
                "effects": [{"adjust": {"track": "debt", "by": 1}}],
            },
            {
                "min": 10,
                "max": 12,
                "label": "high",
                "effects": [{"adjust": {"track": "debt", "by": 2}}],
            },
        ],
    }
    for seed in range(30):
        game = Game.new(mini(cards=[card("r1", copies=3, roll=roll), BLUE]), seed=seed)
        game.state.values["warned"] = True
        rolled = next(e for e in play(game, "red event r1") if e.kind == "roll")
        data = rolled.data
        assert data["total"] == sum(data["dice"]) + 3 and data["modifiers"] == [["warned", 3]]
        expected = "low" if data["total"] <= 6 else "mid" if data["total"] <= 9 else "high"
        assert data["outcome"] == expected  # totals of 13+ use the last row
        assert game.state.values["debt"] == {"low": 0, "mid": 1, "high": 2}[expected]


def test_upkeep_rules_fire_at_phase_start(mini):
    rules = [
        {
            "id": "grow",
            "name": "Grow",
            "at": "upkeep",
            "when": "turn >= 2",
            "effects": [{"adjust": {"track": "debt", "by": 1}}],
        }
    ]
    game = Game.new(mini(rules=rules), seed=1)
    assert game.state.values["debt"] == 0
    play(game, "red pass")
    play(game, "blue pass")
    assert game.state.values["debt"] == 1
    assert any(e.kind == "rule" and e.cause == "grow" for e in game.state.log)


def test_instant_end_with_no_winners(mini):
    victory = {
        "instant": [{"id": "boom", "when": "tension >= 5", "winners": [], "reason": "All lose."}],
        "end": [{"actor": "red", "score": "1", "wins": "true"}],
    }
    cards = [card("r1", copies=3, effects=[{"adjust": {"track": "tension", "by": 3}}]), BLUE]
    game = Game.new(mini(cards=cards, victory=victory), seed=1)
    play(game, "red event r1")
    assert game.is_over() and game.outcome.winners == () and game.outcome.condition == "boom"
    assert game.legal_actions() == [] and game.to_move() is None


def test_illegal_actions_say_why(mini):
    game = Game.new(mini(), seed=1)
    with pytest.raises(IllegalActionError, match="it is red's decision"):
        play(game, "blue pass")
    with pytest.raises(IllegalActionError, match="not in your hand"):
        play(game, "red event b1")
    with pytest.raises(IllegalActionError, match="nothing to react to"):
        play(game, "red decline")


def test_ops_resolve_the_operation(mini):
    game = Game.new(mini(), seed=1)
    events = play(game, "red ops r1 noop_red")
    assert game.state.values["debt"] == 1
    assert events[0].cause == "noop_red" and "for 1 ops" in events[0].text
    assert game.state.discard["red_deck"] == ["r1"]


def test_finished_game_can_still_be_observed(mini):
    from engine import observe

    game = Game.new(mini(), seed=1)
    while not game.is_over():
        play(game, f"{game.to_move()} pass")
    view = observe(game, "red")
    assert view.phase == "act" and view.outcome is not None


def test_roll_preview_applies_the_modifiers_for_the_target(mini):
    from engine.play.rules.resolving.odds import preview

    roll = {
        "dice": "1d6",
        "modifiers": [{"label": "border", "when": "has_tag(target, 'border')", "add": 2}],
        "outcomes": [{"min": 1, "max": 3, "label": "low"}, {"min": 4, "max": 8, "label": "high"}],
    }
    c = card("r1", copies=3, target={"where": "true"}, roll=roll)
    game = Game.new(mini(cards=[c, BLUE]), seed=1)
    south = preview(game, Action.parse("red event r1 @south"))
    north = preview(game, Action.parse("red event r1 @north"))
    assert south.modifiers == (("border", 2),) and north.modifiers == ()
    assert [round(r.probability, 3) for r in south.rows] == [0.167, 0.833]
    assert [round(r.probability, 3) for r in north.rows] == [0.5, 0.5]
    assert preview(game, Action.parse("red pass")) is None


def test_reaction_windows_do_not_reveal_hands(mini):
    """A reactor without a usable card is declined for, exactly as if it had chosen to."""
    cards = [
        card("r1", copies=3, effects=[{"trigger": "bang"}]),
        card("b1", "blue_deck", copies=1, reaction={"on": "bang"}),
        card("b2", "blue_deck", copies=3),
    ]
    texts = set()
    for holds_reaction in (False, True):
        game = Game.new(mini(cards=cards), seed=1)
        hand_to(game, "blue", ["b1", "b2"] if holds_reaction else ["b2", "b2"])
        play(game, "red event r1")
        if holds_reaction:
            assert game.to_move() == "blue" and game.state.pending
            from engine import observe

            assert observe(game, "red").pending == tuple(game.state.pending)
            play(game, "blue decline")
        public = [e for e in game.state.log if e.visible_to is None and e.kind == "decline"]
        texts.add(tuple((e.text, e.cause, e.actor) for e in public))
    assert texts == {(("Blue does not react to Bang", "engine", "blue"),)}


def test_a_reaction_can_head_off_an_instant_end(mini):
    victory = {
        "instant": [{"id": "war", "when": "tension >= 5", "reason": "War."}],
        "end": [{"actor": "red", "score": "1", "wins": "true"}],
    }
    cards = [
        card(
            "r1", copies=3, effects=[{"trigger": "bang"}, {"adjust": {"track": "tension", "by": 3}}]
        ),
        card(
            "b1",
            "blue_deck",
            copies=3,
            reaction={"on": "bang"},
            effects=[{"adjust": {"track": "tension", "by": -3}}],
        ),
    ]
    game = Game.new(mini(cards=cards, victory=victory), seed=1)
    play(game, "red event r1")
    assert not game.is_over() and game.to_move() == "blue"
    play(game, "blue react b1")
    assert not game.is_over() and game.state.values["tension"] == 2


def test_an_effect_that_can_do_nothing_says_so(mini):
    """Placing from an empty supply, removing or moving from an empty zone: a 'nothing' line
    names what was missing, so a silent no-op shows in the log."""
    effects = [
        {"place": {"piece": "base", "zone": "north"}},  # the one base is on the map
        {"remove": {"piece": "unit", "zone": "south"}},
        {"move": {"piece": "unit", "from": "east", "to": "south"}},
        {"place": {"piece": "unit", "zone": "south", "count": 0}},  # asked for none: silent
    ]
    game = Game.new(mini(cards=[card("r1", copies=3, effects=effects), BLUE]), seed=1)
    events = play(game, "red event r1")
    said = [e.text for e in events if e.kind == "nothing"]
    assert said == [
        "no Base left in supply to place in North (R1)",
        "no Unit in South to remove (R1)",
        "no Unit in East to move to South (R1)",
    ]
    assert all(e.cause == "r1" for e in events if e.kind == "nothing")
