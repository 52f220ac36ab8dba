"""Undo in the engine: the point it takes back to, and a game taken back equals one that never
made the move (so a player gains nothing but the move itself)."""

from __future__ import annotations

from engine import Game, load_scenario
from engine.play.record.saves import replay
from engine.play.record.undo import take_back, undo_point
from tests.helpers import SCENARIOS


def passing_game(moves: int) -> Game:
    """The tutorial after ``moves`` passes or declines (nothing hidden revealed by either)."""
    game = Game.new(load_scenario(SCENARIOS / "tutorial.yaml"), seed=11)
    for _ in range(moves):
        game.apply(next(a for a in game.legal_actions() if a.kind in ("pass", "decline")))
    return game


def test_taking_back_a_move_leaves_the_game_that_never_made_it():
    game = passing_game(3)
    mover = game.actions[1].actor
    index, reason = undo_point(game, lambda actor: actor == mover)
    assert (index, reason) == (1, "")
    back = take_back(game, index)
    fresh = passing_game(1)
    assert [str(e) for e in back.state.log] == [str(e) for e in fresh.state.log]
    assert back.to_move() == mover


def test_a_replayed_game_knows_where_each_move_began():
    """Marks are rebuilt when a save is replayed, so undo works after a load."""
    game = passing_game(4)
    loaded = replay(game.scenario, game.seed, [str(a) for a in game.actions])
    assert loaded.action_marks == game.action_marks
    assert len(loaded.action_marks) == len(loaded.actions) == 4


def test_nothing_to_undo_before_a_side_has_acted():
    game = passing_game(0)
    assert undo_point(game, lambda actor: True) == (None, "nothing to undo: you have not acted yet")
