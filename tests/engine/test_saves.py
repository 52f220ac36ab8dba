"""Saved games: text round trip, replay, and a clear SaveError for every kind of damage."""

from __future__ import annotations

import json

import pytest

from engine import Game, SaveError
from engine.play.record.saves import (
    FORMAT_VERSION,
    dumps,
    load_game,
    loads,
    replay,
    restore,
    snapshot,
)
from tests.helpers import SCENARIOS


@pytest.fixture(scope="module")
def tutorial():
    from engine import load_scenario

    return load_scenario(SCENARIOS / "tutorial.yaml")


def played(scenario, seed: int = 3, moves: int = 8) -> Game:
    game = Game.new(scenario, seed)
    for _ in range(moves):
        if game.is_over():
            break
        legal = game.legal_actions()
        game.apply(legal[len(game.actions) % len(legal)])
    return game


def test_round_trip_replays_to_the_same_log(tutorial):
    game = played(tutorial)
    text = dumps(game, name="mid game", saved_at="2026-11-25T10:00:00", meta={"players": {}})
    back, data = load_game(text, lambda d: tutorial)
    assert data.name == "mid game"
    assert data.seed == 3
    assert [str(a) for a in back.actions] == [str(a) for a in game.actions]
    assert [e.to_dict() for e in back.state.log] == [e.to_dict() for e in game.state.log]
    assert back.state.values == game.state.values


def test_save_text_is_versioned_json_with_the_scenario_hash(tutorial):
    raw = json.loads(dumps(played(tutorial)))
    assert raw["format"] == "wargame-save"
    assert raw["version"] == FORMAT_VERSION
    assert raw["scenario"]["id"] == "tutorial"
    assert raw["scenario"]["content_hash"] == tutorial.content_hash
    assert all(isinstance(a, str) for a in raw["actions"])


def test_default_loader_finds_the_shipped_scenario(tutorial):
    game = played(tutorial, moves=3)
    back = restore(loads(dumps(game)))
    assert back.actions == game.actions


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda t: t[: len(t) // 2], "truncated"),
        (lambda t: "", "the file is empty"),
        (lambda t: "{", "not valid JSON"),
        (lambda t: "[1, 2]", "not a wargame save"),
        (lambda t: t.replace('"version": 1', '"version": 99'), "version 99 is not supported"),
        (lambda t: t.replace('"seed"', '"sneed"'), 'missing "seed"'),
        (lambda t: t.replace('"content_hash"', '"hash"'), 'missing "scenario.content_hash"'),
        (lambda t: t.replace('"seed": 3', '"seed": "3"'), '"seed" should be a whole number'),
    ],
)
def test_damaged_saves_say_what_is_wrong(tutorial, mangle, message):
    text = mangle(dumps(played(tutorial)))
    with pytest.raises(SaveError, match=message):
        loads(text, origin="my.json")


def test_a_changed_scenario_is_refused(tutorial):
    data = snapshot(played(tutorial))
    stale = loads(
        json.dumps(
            data.to_dict() | {"scenario": {"id": "tutorial", "path": "", "content_hash": "0" * 64}}
        )
    )
    with pytest.raises(SaveError, match="has changed since this game was saved"):
        restore(stale, lambda d: tutorial)


def test_an_unknown_scenario_is_refused():
    text = json.dumps(
        {
            "format": "wargame-save",
            "version": 1,
            "seed": 1,
            "actions": [],
            "scenario": {"id": "no-such-scenario", "path": "/nowhere.yaml", "content_hash": "x"},
        }
    )
    with pytest.raises(SaveError, match="'no-such-scenario' is not installed"):
        restore(loads(text))


def test_an_action_that_no_longer_replays_is_named(tutorial):
    game = played(tutorial, moves=2)
    raw = json.loads(dumps(game))
    raw["actions"].append("israel event no_such_card")
    with pytest.raises(SaveError, match=r"action 3 of 3 \('israel event no_such_card'\)"):
        restore(loads(json.dumps(raw)), lambda d: tutorial)


def test_replay_is_the_same_game(tutorial):
    game = played(tutorial, seed=11, moves=10)
    again = replay(tutorial, 11, [str(a) for a in game.actions])
    assert again.state.values == game.state.values
    assert again.state.hands == game.state.hands
