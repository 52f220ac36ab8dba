"""Continue resumes the newest autosave that loads, and says which newer ones it skipped."""

from __future__ import annotations

import json

from engine import Game, load_scenario
from engine.play.record.saves import dumps
from tests.helpers import SCENARIOS
from tests.tui.helpers import wait_for
from tui.app import WargameApp
from tui.screens.game import GameScreen
from tui.screens.title import TitleScreen
from tui.storage import autosave_path, write_atomic


def autosave(scenario, seed: int, stamp: str, moves: int = 2) -> str:
    game = Game.new(scenario, seed)
    for _ in range(moves):
        game.apply(game.legal_actions()[0])
    meta = {"players": {"israel": "human", "iran": "random"}, "turn": "1", "over": False}
    return dumps(game, name="autosave", saved_at=stamp, meta=meta)


async def test_continue_skips_autosaves_that_do_not_load_and_says_why(data_dir):
    tutorial = load_scenario(SCENARIOS / "tutorial.yaml")
    good = autosave(tutorial, 4, "2000-01-01T09:00:00")
    write_atomic(autosave_path("tutorial"), good)
    # newer, but of another version of its scenario
    stale = json.loads(autosave(tutorial, 5, "2000-01-01T10:00:00"))
    stale["scenario"]["content_hash"] = "0" * 16
    write_atomic(autosave_path("israeli-strike"), json.dumps(stale))
    # hostile (a seed of 5,000 digits): its date is unknown, so it counts as the file's, today
    hostile = good.replace('"seed": 4', '"seed": ' + "9" * 5000)
    write_atomic(autosave_path("russian-reaction"), hostile)
    before = {p: p.read_bytes() for p in autosave_path("x").parent.iterdir()}
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TitleScreen))
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, GameScreen))
        game = app.screen.session.game
        assert game.seed == 4 and len(game.actions) >= 2
        notes = [n for n in app._notifications if n.title == "Skipped autosaves that do not load"]
        assert len(notes) == 1, [n.message for n in app._notifications]
        assert "autosave-russian-reaction.json: a number has 5000 digits" in notes[0].message
        assert "autosave-israeli-strike.json: scenario 'tutorial' has changed" in notes[0].message
    for path, data in before.items():
        if path != autosave_path("tutorial"):  # the resumed game is autosaved again
            assert path.read_bytes() == data


async def test_continue_with_no_loadable_autosave_says_so(data_dir):
    write_atomic(autosave_path("tutorial"), '{"format": "wargame-save", "version": 1, "seed"')
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TitleScreen))
        await pilot.press("c")
        await wait_for(pilot, lambda: bool(app._notifications))
        assert isinstance(app.screen, TitleScreen)
        (note,) = list(app._notifications)
        assert note.title == "No autosave loads"
        assert "autosave-tutorial.json: not valid JSON" in note.message
