"""Hand limits: at the moment an actor's ``hand_limit`` names, an actor over it discards down,
choosing each card — a legal action like any other — and a bad limit is refused at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Action, Game, IllegalActionError, ScenarioError, load_scenario
from engine.bots.doctrine import DoctrineBot
from engine.bots.random_bot import RandomBot
from engine.play.rules.turn.hand_limit import HAND_LIMIT
from engine.play.views.action_space import enumerate_actions
from engine.play.views.view import observe
from tests.helpers import hand_to, write_yaml

R2 = {
    "id": "r2",
    "name": "Red two",
    "deck": "red_deck",
    "copies": 2,
    "ops": 1,
    "effects": [{"adjust": {"track": "debt", "by": 1}}],
}


def limited(mini, mini_data, limit, **changes):
    """MINI with red's hand limit set (and a second red card, so there is a choice)."""
    mini_data["actors"][0]["hand_limit"] = limit
    return mini(actors=mini_data["actors"], cards=[*mini_data["cards"], R2], **changes)


def test_an_actor_over_its_limit_discards_down_choosing_each_card(mini, mini_data):
    game = Game.new(limited(mini, mini_data, {"max": 0, "at": "draw"}), seed=1)
    # red drew two cards in the draw phase and must now discard both, one action at a time
    assert game.phase.id == "draw" and game.to_move() == "red"
    assert game.state.pending[0].trigger == HAND_LIMIT
    held = sorted(set(game.state.hands["red"]))
    assert game.legal_actions() == [Action("red", "discard", c) for c in held]
    first = game.state.hands["red"][0]
    events = game.apply(f"red discard {first}")
    assert [e.text for e in events if e.kind == "discard"] == [
        f"Red discards {game.card_name(first)} (hand limit)"
    ]
    assert first in game.state.discard["red_deck"]
    assert game.to_move() == "red" and game.legal_actions()[0].kind == "discard"
    game.apply(f"red discard {game.state.hands['red'][0]}")
    # down to the limit: the window closes and the actions phase begins
    assert not game.state.hands["red"] and not game.state.pending
    assert (game.phase.id, game.to_move()) == ("act", "red")
    log = [e.text for e in game.state.log if e.kind == "hand_limit"]
    assert log == ["Red holds 2 cards, over its hand limit of 0: it discards 2 of its choice"]


def test_the_limit_is_enforced_at_the_end_of_the_turn_by_default(mini, mini_data):
    game = Game.new(limited(mini, mini_data, {"max": 1}), seed=1)
    assert game.to_move() == "red" and len(game.state.hands["red"]) == 2  # no limit yet
    game.apply("red pass")
    game.apply("blue pass")
    assert (game.state.turn, game.phase.id, game.to_move()) == (1, "end_of_turn", "red")
    hand_to(game, "red", ["r1", "r2"])
    assert game.legal_actions() == [Action("red", "discard", "r1"), Action("red", "discard", "r2")]
    game.apply("red discard r2")
    # down to one card, the turn ends; turn 2's draw refills the hand (no limit at the draw)
    assert "r2" in game.state.discard["red_deck"] and game.state.turn == 2
    assert game.state.hands["red"][0] == "r1" and len(game.state.hands["red"]) == 2


def test_other_moves_are_refused_while_discarding(mini, mini_data):
    game = Game.new(limited(mini, mini_data, {"max": 1, "at": "draw"}), seed=1)
    card = game.state.hands["red"][0]
    with pytest.raises(IllegalActionError, match="first discard down to your hand limit of 1"):
        game.apply(f"red event {card}")
    with pytest.raises(IllegalActionError, match="not in your hand"):
        game.apply("red discard b1")
    game.apply(f"red discard {card}")
    with pytest.raises(IllegalActionError, match="nothing to discard down now"):
        game.apply(f"red discard {game.state.hands['red'][0]}")


def test_an_actor_within_its_limit_is_not_asked(mini, mini_data):
    game = Game.new(limited(mini, mini_data, {"max": 2, "at": "draw"}), seed=1)
    assert not game.state.pending and game.phase.id == "act"
    assert not [e for e in game.state.log if e.kind == "hand_limit"]


def test_bots_discard_and_games_replay(mini, mini_data):
    scenario = limited(mini, mini_data, {"max": 1, "at": "draw"})
    logs = []
    for _ in range(2):
        game = Game.new(scenario, seed=7)
        bots = {"red": RandomBot("red", 7), "blue": RandomBot("blue", 7)}
        while not game.is_over():
            who = game.to_move()
            game.apply(bots[who].choose(observe(game, who)))
        logs.append([e.text for e in game.state.log])
        assert sum(1 for a in game.actions if a.kind == "discard") == 2  # one per turn
    assert logs[0] == logs[1]


def test_the_doctrine_bot_discards_what_it_values_least(mini, mini_data):
    doctrine = [{"actor": "red", "entries": [{"prefer": "r2", "use": "event"}]}]
    game = Game.new(limited(mini, mini_data, {"max": 1, "at": "draw"}, doctrine=doctrine), seed=1)
    hand_to(game, "red", ["r1", "r2"])
    bot = DoctrineBot("red", 1)
    assert bot.choose(observe(game, "red")) == Action("red", "discard", "r1")
    assert "values least" in bot.explain()


def test_discards_are_in_the_action_space_of_limited_actors_only(mini, mini_data):
    actions = enumerate_actions(limited(mini, mini_data, {"max": 1}))
    discards = {str(a) for a in actions if a.kind == "discard"}
    assert discards == {"red discard r1", "red discard r2"}
    assert Action.parse("red discard r1") == Action("red", "discard", "r1")
    assert str(Action("red", "discard", "r1")) == "red discard r1"


def test_discard_actions_are_shared_objects_found_by_identity(mini, mini_data):
    """Legal lists hold one object per distinct action, so the action space's mask and ids
    find them by identity; discards were built afresh each time and took the slow path."""
    scenario = limited(mini, mini_data, {"max": 0, "at": "draw"})
    game = Game.new(scenario, seed=1)
    first, again = game.legal_actions(), game.legal_actions()
    assert first and all(a.kind == "discard" for a in first)
    assert all(a is b for a, b in zip(first, again, strict=True))


def problems(tmp_path: Path, data) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(write_yaml(tmp_path / "m.yaml", data))
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("actor", "limit", "expected"),
    [
        (0, {"max": "2"}, "hand_limit.max: '2' is a number in quotes"),
        (0, {"max": 2.0}, "hand_limit.max: 2.0 is not a whole number"),
        (0, {"max": -1}, "greater than or equal to 0"),
        (0, {"max": 25}, "less than or equal to 24"),
        (0, {}, "hand_limit.max: missing required key 'max'"),
        (0, {"max": 2, "at": "act", "when": "x"}, "hand_limit.when"),
        (0, {"max": 2, "at": "atc"}, "unknown phase 'atc'; did you mean 'act'?"),
        (0, {"max": 2, "at": "Act"}, "hand_limit.at"),
        (0, 3, "hand_limit"),
        (2, {"max": 2}, "actor 'grey' is not playable: it holds no hand to limit"),
    ],
)
def test_bad_hand_limits_are_located(tmp_path: Path, mini_data, actor, limit, expected):
    mini_data["actors"][actor]["hand_limit"] = limit
    found = problems(tmp_path, mini_data)
    assert any(expected in p and "m.yaml:" in p for p in found), found


def test_several_actors_over_their_limits_discard_in_turn_order(mini, mini_data):
    for actor in mini_data["actors"][:2]:
        actor["hand_limit"] = {"max": 1, "at": "draw"}
    turns = mini_data["turns"]
    turns["order"] = ["blue", "red"]  # declared red first: the turn order decides
    game = Game.new(mini(actors=mini_data["actors"], turns=turns), seed=1)
    assert [w.actor for w in game.state.pending] == ["blue", "red"]
    game.apply(f"blue discard {game.state.hands['blue'][0]}")
    assert game.to_move() == "red" and game.legal_actions()[0].kind == "discard"
