"""Private values, reveals, private messages, hidden pieces and piece states (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine import Game, ScenarioError, load_scenario, observe
from engine.play.rules.actions import Action
from tests.helpers import hand_to, write_yaml


def _secret_data(mini_data: dict) -> dict:
    """MINI with a debt private to red, a flag private to red and blue, and cards using them."""
    data = mini_data
    data["counters"] = [
        {
            "id": "debt",
            "name": "Debt",
            "visible_to": ["red"],
            "notice": "Red updates a private ledger",
        }
    ]
    data["flags"] = [{"id": "warned", "name": "Warned", "visible_to": ["red", "blue"]}]
    data["piece_types"] = [
        {"id": "unit", "name": "Unit", "owner": "red", "symbol": "u", "total": 4, "hidden": True},
        {
            "id": "base",
            "name": "Base",
            "owner": "grey",
            "symbol": "B",
            "total": 1,
            "states": ["intact", "damaged"],
        },
    ]
    data["cards"] = [
        {
            "id": "r1",
            "name": "Red one",
            "deck": "red_deck",
            "copies": 3,
            "ops": 1,
            "effects": [
                {"adjust": {"track": "debt", "by": 2}},
                {"flag": {"id": "warned", "to": True}},
                {"place": {"piece": "unit", "zone": "south"}},
                {
                    "message": {
                        "to": ["self"],
                        "text": "Red's secret plan: 7 units",
                        "notice": "Red sends a private message",
                    }
                },
            ],
        },
        {
            "id": "b1",
            "name": "Blue one",
            "deck": "blue_deck",
            "copies": 3,
            "ops": 1,
            "effects": [
                {"reveal": {"value": "debt", "to": ["self"]}},
                {"reveal": {"piece": "unit", "zone": "south"}},
                {"mark": {"piece": "base", "zone": "east", "state": "damaged"}},
                {"adjust": {"track": "tension", "by": "in_state('base', 'damaged')"}},
            ],
        },
    ]
    return data


@pytest.fixture
def secret_game(tmp_path: Path, mini_data: dict) -> Game:
    scenario = load_scenario(write_yaml(tmp_path / "s.yaml", _secret_data(mini_data)))
    game = Game.new(scenario, 1)
    hand_to(game, "red", ["r1", "r1"])
    hand_to(game, "blue", ["b1", "b1"])
    return game


def _texts(view) -> str:
    return json.dumps([e.to_dict() for e in view.log], ensure_ascii=False)


def test_private_values_are_seen_only_by_their_viewers(secret_game: Game):
    game = secret_game
    game.apply(Action.parse("red event r1"))
    red, blue, spectator = (observe(game, a) for a in ("red", "blue", None))
    assert red.values["debt"] == 2 and red.values["warned"] is True
    assert "debt" not in blue.values and blue.values["warned"] is True
    assert "debt" not in spectator.values and "warned" not in spectator.values
    assert spectator.hidden == {"debt", "warned"}
    assert all("debt" not in snap for snap in blue.history)
    # the change is logged to red only; the rest see the notice
    assert "Debt 0 → 2" in _texts(red) and "Debt 0 → 2" not in _texts(blue)
    assert "Red updates a private ledger" in _texts(blue)
    assert "Red's secret plan" in _texts(red) and "Red's secret plan" not in _texts(blue)
    assert "Red sends a private message" in _texts(spectator)
    assert "Warned: on" in _texts(blue) and "Warned: on" not in _texts(spectator)


def test_hidden_pieces_show_as_unknown_to_others(secret_game: Game):
    game = secret_game
    game.apply(Action.parse("red event r1"))
    red, blue = observe(game, "red"), observe(game, "blue")
    assert red.board["south"] == {"unit": 1}
    assert red.secrets.facedown == {"north": {"unit": 2}, "south": {"unit": 1}}
    assert "unit" not in blue.board["south"]
    assert blue.unknown == {"north": {"red": 2}, "south": {"red": 1}}
    # board plus supply still make the total, for those who cannot see the piece
    assert sum(c.get("unit", 0) for c in blue.board.values()) + blue.supply["unit"] == 4
    assert "Unit placed in South" not in _texts(blue) and "unknown piece placed" in _texts(blue)


def test_reveal_shows_values_and_turns_pieces_face_up(secret_game: Game):
    game = secret_game
    game.apply(Action.parse("red event r1"))
    game.apply(Action.parse("blue event b1"))
    blue, spectator = observe(game, "blue"), observe(game, None)
    assert blue.values["debt"] == 2 and "debt" not in spectator.values
    assert blue.board["south"] == {"unit": 1} and blue.unknown == {"north": {"red": 2}}
    assert spectator.board["south"] == {"unit": 1}
    assert "Revealed: Debt is 2" in _texts(blue) and "Revealed: Debt" not in _texts(spectator)
    # piece states: the base is damaged, and expressions count it
    assert spectator.secrets.marks == {"east": {"base": {"damaged": 1}}}
    assert game.state.values["tension"] == 3


def test_reveal_to_all_makes_a_value_public(tmp_path: Path, mini_data: dict):
    data = _secret_data(mini_data)
    data["cards"][1]["effects"] = [{"reveal": {"value": "debt"}}]
    game = Game.new(load_scenario(write_yaml(tmp_path / "s.yaml", data)), 1)
    hand_to(game, "red", ["r1", "r1"])
    hand_to(game, "blue", ["b1", "b1"])
    game.apply(Action.parse("red event r1"))
    game.apply(Action.parse("blue event b1"))
    assert observe(game, None).values["debt"] == 2


def test_moves_keep_face_down_pieces_hidden(tmp_path: Path, mini_data: dict):
    data = _secret_data(mini_data)
    data["pieces"] = [{"piece": "unit", "zone": "north", "count": 2}]
    data["cards"][0]["effects"] = [{"move": {"piece": "unit", "from": "north", "to": "south"}}]
    game = Game.new(load_scenario(write_yaml(tmp_path / "s.yaml", data)), 1)
    assert observe(game, "blue").unknown == {"north": {"red": 2}}
    hand_to(game, "red", ["r1", "r1"])
    game.apply(Action.parse("red event r1"))
    assert observe(game, "blue").unknown == {"north": {"red": 1}, "south": {"red": 1}}
    assert "Unit moved" not in _texts(observe(game, "blue"))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["counters"][0].update(visible_to=["rde"]),
            "unknown actor 'rde'; did you mean 'red'?",
        ),
        (
            lambda d: d["flags"][0].update(visible_to=[], notice="x"),
            "'notice' applies to private values only",
        ),
        (
            lambda d: d["cards"][1]["effects"].append({"reveal": {"value": "tension"}}),
            "'tension' is public already",
        ),
        (
            lambda d: d["cards"][1]["effects"].append({"reveal": {"value": "dbet"}}),
            "did you mean 'debt'?",
        ),
        (
            lambda d: d["cards"][1]["effects"].append(
                {"mark": {"piece": "base", "zone": "east", "state": "damagd"}}
            ),
            "unknown state 'damagd'; did you mean 'damaged'?",
        ),
        (
            lambda d: d["cards"][1]["effects"].append(
                {"mark": {"piece": "unit", "zone": "east", "state": "x"}}
            ),
            "piece type 'unit' has no states",
        ),
        (
            lambda d: d["cards"][1]["effects"].append(
                {"reveal": {"value": "debt", "zone": "east"}}
            ),
            "'zone' applies to revealing pieces only",
        ),
        (
            lambda d: d["piece_types"][1].update(hidden=True),
            "a hidden piece needs a player to see it",
        ),
    ],
)
def test_bad_secrets_are_located(tmp_path: Path, mini_data: dict, change, expected):
    data = _secret_data(mini_data)
    change(data)
    path = write_yaml(tmp_path / "s.yaml", data)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    messages = [str(p) for p in info.value.problems]
    assert any(expected in m for m in messages), messages
    assert all(m.startswith(str(path) + ":") for m in messages)


def _deal_data(mini_data: dict) -> dict:
    data = _secret_data(mini_data)
    data["deals"] = [
        {
            "id": "truce",
            "name": "A truce",
            "from": "red",
            "to": "blue",
            "text": "No more debt.",
            "accept": [{"flag": {"id": "warned", "to": True}}],
            "reject": [{"adjust": {"track": "tension", "by": 1}}],
        }
    ]
    data["cards"][0]["effects"] = [{"offer": "truce"}]
    return data


@pytest.mark.parametrize("answer", ["accept", "reject"])
def test_an_offer_is_answered_privately_before_play_goes_on(
    tmp_path: Path, mini_data: dict, answer: str
):
    scenario = load_scenario(write_yaml(tmp_path / "s.yaml", _deal_data(mini_data)))
    game = Game.new(scenario, 1)
    hand_to(game, "red", ["r1", "r1"])
    game.apply(Action.parse("red event r1"))
    assert game.to_move() == "blue"
    assert [str(a) for a in game.legal_actions()] == ["blue accept truce", "blue reject truce"]
    assert observe(game, "blue").secrets.offers == [("truce", "red", "blue")]
    assert observe(game, None).secrets.offers == []
    assert "A truce" not in _texts(observe(game, None))
    game.apply(Action.parse(f"blue {answer} truce"))
    assert game.to_move() == "blue"  # red's turn is over: blue's own turn comes
    assert game.state.values["warned"] is (answer == "accept")
    assert f"Blue {answer}s A truce" in _texts(observe(game, "red"))
    assert f"Blue {answer}s" not in _texts(observe(game, None))
    assert "Blue answers privately" in _texts(observe(game, None))


def test_bad_deals_are_located(tmp_path: Path, mini_data: dict):
    data = _deal_data(mini_data)
    data["cards"][0]["effects"] = [{"offer": "truse"}]
    data["deals"][0]["to"] = "grey"
    path = write_yaml(tmp_path / "s.yaml", data)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    messages = " | ".join(str(p) for p in info.value.problems)
    assert "unknown deal 'truse'; did you mean 'truce'?" in messages
    assert "actor 'grey' is not playable: it cannot make or answer deals" in messages


def test_lint_finds_legality_that_gives_a_secret_away(tmp_path: Path, mini_data: dict):
    """W109: blue's card may be played only while red's private debt is high, and only where
    red's face-down units are — blue's legal moves would tell it both."""
    from engine.analysis.check.lint import lint

    data = _secret_data(mini_data)
    data["cards"][1]["when"] = "debt > 1"
    data["cards"][1]["target"] = {"where": "pieces('unit', target) > 0"}
    data["cards"][1]["effects"] = [{"adjust": {"track": "tension", "by": 1}}]
    path = write_yaml(tmp_path / "s.yaml", data)
    found = [str(f) for f in lint(load_scenario(path), games=1) if f.code == "W109"]
    assert any("depends on 'debt', which blue cannot see" in f for f in found), found
    assert any("face-down 'unit' pieces, which blue cannot see" in f for f in found), found
    assert all(f.startswith(str(path) + ":") for f in found)
    assert not [f for f in lint(load_scenario("backchannel"), games=1) if f.code == "W109"]


def test_a_score_that_counts_face_down_pieces_reads_as_unknown():
    """Standings judged on a view: a score that rests on others' face-down pieces (or on a
    private value the reader does not see) is unknown to that reader, not a wrong number."""
    from engine.play.views.standings import standings

    scenario = load_scenario("backchannel")
    game = Game.new(scenario, 3)
    seen = {
        reader: {s.actor: s.score for s in standings(scenario, observe(game, reader))}
        for reader in ("israel", "iran", None)
    }
    assert seen["iran"]["iran"] is not None  # its own pieces, all seen
    assert seen["israel"]["iran"] is None  # Iran's face-down militias and advisers
    assert seen["israel"]["russia"] is not None  # the ledger is Israel's to see
    assert seen["iran"]["russia"] is None  # ... and not Iran's
    assert set(seen[None].values()) == {None}
