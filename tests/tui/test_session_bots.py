"""A game's bots in the UI: seeded as `wargame run` seeds them, and their state survives a save.

Headless (the Session, no terminal): a loaded game continues exactly as the uninterrupted one.
"""

from __future__ import annotations

from engine import load_scenario
from engine.analysis.run.playout import make_bots, play_game
from engine.play.record.saves import loads
from tests.helpers import SCENARIOS
from tui.session import Session

TUTORIAL = SCENARIOS / "tutorial.yaml"
PLAYERS = {"israel": "doctrine", "iran": "ismcts:12"}


def advance(session: Session, moves: int | None = None) -> None:
    """Let the session's bots play ``moves`` moves (or to the end)."""
    done = 0
    while not session.game.is_over() and (moves is None or done < moves):
        actor = session.to_move()
        session.apply(session.bot_for(actor).choose(session.view(actor)))
        done += 1


def test_the_ui_plays_the_game_wargame_run_plays():
    scenario = load_scenario(TUTORIAL)
    session = Session.new(scenario, 9, dict(PLAYERS))
    advance(session)
    headless = play_game(scenario, 9, make_bots(scenario, PLAYERS, 9))
    assert session.game.actions == headless.actions


def test_a_loaded_game_continues_exactly_as_the_uninterrupted_one():
    scenario = load_scenario(TUTORIAL)
    uninterrupted = Session.new(scenario, 5, dict(PLAYERS))
    advance(uninterrupted)
    for cut in (3, 11):
        first = Session.new(scenario, 5, dict(PLAYERS))
        advance(first, cut)
        loaded = Session.from_save(loads(first.save_text("half way")))
        advance(loaded)
        assert loaded.game.actions == uninterrupted.game.actions, cut


def test_a_save_without_bot_state_still_loads():
    scenario = load_scenario(TUTORIAL)
    session = Session.new(scenario, 5, dict(PLAYERS))
    advance(session, 4)
    data = loads(session.save_text())
    for broken in ({}, {"iran": {"nonsense": 1}}, {"iran": "x"}, {"israel": {"rng": "y"}}):
        data = data.__class__(**{**data.__dict__, "meta": {**data.meta, "bots": broken}})
        restored = Session.from_save(data)
        advance(restored)
        assert restored.game.is_over()
