"""Umpire interventions: logged with cause "umpire" and the reason, kept in saves and replays."""

from __future__ import annotations

import random

import pytest

from engine import Game, SaveError, load_scenario, log_to_jsonl
from engine.play.record.saves import dumps, load_game
from engine.play.record.undo import take_back, undo_point
from engine.play.rules.resolving.umpire import Intervention, UmpireError, intervene
from tests.helpers import SCENARIOS

STRIKE = SCENARIOS / "syria/israeli-strike.yaml"


def played(game: Game, moves: int, seed: int = 1) -> None:
    chooser = random.Random(seed)
    for _ in range(moves):
        if game.is_over():
            return
        game.apply(chooser.choice(game.legal_actions()))


def test_an_intervention_is_logged_with_its_reason_and_replays_from_a_save():
    scenario = load_scenario(STRIKE)
    game = Game.new(scenario, 5)
    played(game, 3)
    events = intervene(game, Intervention("set", "tolerance", 2, reason="Moscow recalls envoy"))
    assert events[0].cause == "umpire" and events[0].kind == "umpire"
    assert events[0].data["reason"] == "Moscow recalls envoy"
    assert "Moscow recalls envoy" in events[0].text
    assert game.state.values["tolerance"] == 2
    intervene(game, Intervention("place", "militia", 2, zone="golan", reason="surge"))
    intervene(game, Intervention("inject", "A UN envoy arrives in Damascus", reason="news"))
    played(game, 5, seed=2)
    text = dumps(game)
    assert '"umpire"' in text
    again, _ = load_game(text)
    assert log_to_jsonl(again.state.log) == log_to_jsonl(game.state.log)
    assert [iv for _, iv in again.interventions] == [iv for _, iv in game.interventions]


def test_a_save_without_interventions_has_no_umpire_key():
    game = Game.new(load_scenario(STRIKE), 5)
    played(game, 2)
    assert '"umpire"' not in dumps(game)


@pytest.mark.parametrize(
    ("iv", "words"),
    [
        (Intervention("set", "tolerance", 3, reason=" "), "needs a reason"),
        (Intervention("set", "tolerence", 3, reason="x"), "not a track or counter"),
        (Intervention("flag", "notified", 2, reason="x"), r"1 \(on\) or 0 \(off\)"),
        (Intervention("place", "militia", 1, zone="mars", reason="x"), "not a zone"),
        (Intervention("launch", "x", reason="x"), "unknown intervention"),
    ],
)
def test_a_bad_intervention_is_a_clear_error(iv, words):
    game = Game.new(load_scenario(STRIKE), 5)
    with pytest.raises(UmpireError, match=words):
        intervene(game, iv)


def test_a_tampered_intervention_in_a_save_is_refused_with_a_message():
    game = Game.new(load_scenario(STRIKE), 5)
    intervene(game, Intervention("set", "tolerance", 2, reason="r"))
    text = dumps(game).replace('"target": "tolerance"', '"target": "nonsense"')
    with pytest.raises(SaveError, match="umpire"):
        load_game(text)


def test_undo_does_not_reach_back_past_an_intervention():
    game = Game.new(load_scenario(STRIKE), 5)
    played(game, 4)
    index, _ = undo_point(game, lambda actor: True)
    assert index is not None
    kept = take_back(game, index)
    assert len(kept.actions) == index
    intervene(game, Intervention("set", "incident", 1, reason="calm"))
    index, reason = undo_point(game, lambda actor: True)
    assert index is None and "umpire" in reason


def test_an_intervention_that_meets_an_instant_end_ends_the_game():
    game = Game.new(load_scenario(STRIKE), 5)
    intervene(game, Intervention("set", "incident", 10, reason="an airliner is downed"))
    assert game.is_over() and game.outcome.condition == "open_clash"


def test_the_after_action_report_replays_interventions_and_lists_them_apart():
    from engine.analysis.explain.aar import game_report
    from engine.analysis.run.backends import LocalBackend
    from wargame.report import document, render_markdown

    scenario = load_scenario(STRIKE)
    game = Game.new(scenario, 5)
    played(game, 3)
    intervene(game, Intervention("set", "tolerance", 1, reason="Moscow recalls its envoy"))
    played(game, 4, seed=3)
    umpire = [(at, iv.to_dict()) for at, iv in game.interventions]
    actions = [str(a) for a in game.actions]
    report = game_report(scenario, 5, actions, umpire=umpire, rollouts=2, backend=LocalBackend(1))
    assert log_to_jsonl(report.log) == log_to_jsonl(
        [e for e in game.state.log if e.visible_to is None]
    )
    text = render_markdown(document(report))
    assert "Umpire interventions" in text and "Moscow recalls its envoy" in text
