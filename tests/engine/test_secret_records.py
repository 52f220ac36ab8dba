"""Saves, undo and replay with secrets (issue 11): a save replays to the same state, secrets
included, in any process; undo never crosses a reveal, an answered offer or a message read;
the spectator sees only public facts."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from engine import Game, load_scenario, observe
from engine.play.record.saves import dumps, load_game, replay
from engine.play.record.undo import take_back, undo_point
from engine.play.rules.actions import Action
from tests.helpers import ROOT


def random_game(seed: int, stop=lambda game: False) -> Game:
    game = Game.new(load_scenario("backchannel"), seed)
    chooser = random.Random(seed)
    while not game.is_over() and not stop(game):
        game.apply(chooser.choice(game.legal_actions()))
    return game


def test_a_save_replays_exactly_with_secrets():
    for seed in range(8):
        game = random_game(seed, stop=lambda g: len(g.actions) >= 5 + 3 * (g.seed % 4))
        restored, _ = load_game(dumps(game))
        assert restored.state.log == game.state.log
        assert restored.state.secrets == game.state.secrets
        assert restored.state.values == game.state.values
        assert restored.state.board == game.state.board
        assert restored.legal_actions() == game.legal_actions()


def test_the_same_game_in_another_process_and_folder(tmp_path: Path):
    game = random_game(3)
    script = (
        "import json, sys\n"
        "from engine import load_scenario\n"
        "from engine.play.record.saves import replay\n"
        "from engine.play.events import log_to_jsonl\n"
        "actions = json.loads(sys.stdin.read())\n"
        "game = replay(load_scenario('backchannel'), 3, actions)\n"
        "print(log_to_jsonl(game.state.log), end='')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps([str(a) for a in game.actions]),
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    )
    from engine.play.events import log_to_jsonl

    assert out.stdout == log_to_jsonl(game.state.log)


def test_undo_refuses_to_cross_the_reveal_of_orders():
    def revealed(game: Game) -> bool:
        return any(e.kind == "reveal" and "orders" in e.data for e in game.state.log)

    game = random_game(5, stop=revealed)
    last = next(a for a in reversed(game.actions) if a.actor == "iran")
    assert last.actor == "iran"
    index, reason = undo_point(game, lambda actor: actor == "iran")
    assert index is None
    assert reason == "cannot undo: something secret was revealed since your last action"


def test_undo_of_a_sealed_order_before_the_reveal_is_allowed():
    def first_order_given(game: Game) -> bool:
        return game.phase.kind == "orders" and len(game.state.secrets.orders) == 1

    game = random_game(6, stop=first_order_given)
    who = game.state.secrets.orders[0][0]
    index, reason = undo_point(game, lambda actor: actor == who)
    assert index == len(game.actions) - 1, reason
    back = take_back(game, index)
    assert back.state.secrets.orders == []
    assert back.to_move() == who


def test_undo_refuses_once_an_offer_is_answered():
    def answered(game: Game) -> bool:
        return any(e.kind == "answer" for e in game.state.log)

    game = random_game(2, stop=answered)
    for seed in range(2, 60):
        if answered(game):
            break
        game = random_game(seed, stop=answered)
    assert answered(game)
    index, reason = undo_point(game, lambda actor: actor == "israel")
    assert index is None and reason


def test_the_spectator_sees_only_public_facts():
    game = random_game(7, stop=lambda g: g.state.turn >= 3)
    spectator = observe(game, None)
    assert "ledger" not in spectator.values and "understanding" not in spectator.values
    assert all(e.visible_to is None for e in spectator.log)
    assert spectator.secrets.offers == [] and spectator.legal == ()
    assert spectator.hand == ()
    for zone, cell in game.state.secrets.facedown.items():
        for piece, down in cell.items():
            assert spectator.board[zone].get(piece, 0) == game.state.board[zone][piece] - down


def test_replay_of_answers_and_orders_parses():
    game = random_game(9)
    kinds = {a.kind for a in game.actions}
    again = replay(game.scenario, 9, [str(a) for a in game.actions])
    assert again.state.log == game.state.log
    assert Action.parse("russia accept quiet_understanding").operation == "quiet_understanding"
    assert {"event", "pass"} <= kinds
