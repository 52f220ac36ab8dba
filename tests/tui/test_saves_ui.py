"""Pilot tests: save under a name, load it back, continue the autosave, corrupt saves."""

from __future__ import annotations

import json

from engine import Game, load_scenario
from engine.play.record.saves import dumps
from tests.helpers import SCENARIOS
from tests.tui.helpers import settled, until_settled, wait_for
from tui.app import WargameApp
from tui.screens.game import GameScreen
from tui.screens.load import LoadDialog
from tui.screens.setup import SetupScreen
from tui.screens.title import TitleScreen
from tui.storage import autosave_path, list_saves, save_path, write_atomic


async def start(pilot, app) -> GameScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
    await pilot.press("ctrl+s")
    await until_settled(pilot)
    return app.screen


async def test_save_then_load_round_trip(data_dir):
    app = WargameApp("tutorial", seed=8, bot_delay=0)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, app)
        await pilot.press("p")
        await wait_for(pilot, lambda: len(screen.session.game.actions) >= 3)
        await until_settled(pilot)
        saved_actions = [str(a) for a in screen.session.game.actions]
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("m", "y", "space", "g", "a", "m", "e", "enter")
        await wait_for(pilot, lambda: save_path("my game").exists())
        assert autosave_path("tutorial").exists()
        on_disk = json.loads(save_path("my game").read_text())
        assert on_disk["actions"] == saved_actions
        assert on_disk["name"] == "my game"
        assert on_disk["meta"]["players"] == {"israel": "human", "iran": "random"}
        # play on, then load the named save: the game goes back to the saved moment
        await pilot.press("p")
        await wait_for(pilot, lambda: len(app.screen.session.game.actions) > len(saved_actions))
        await until_settled(pilot)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LoadDialog))
        names = [e.name for e in app.screen.entries]
        await pilot.press(*["down"] * names.index("my game"), "enter")
        await wait_for(
            pilot, lambda: isinstance(app.screen, GameScreen) and app.screen is not screen
        )
        await until_settled(pilot)
        assert [str(a) for a in app.screen.session.game.actions] == saved_actions
    # a fresh app continues from the autosave
    app2 = WargameApp(bot_delay=0)
    async with app2.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app2.screen, TitleScreen))
        await pilot.press("c")
        await wait_for(pilot, lambda: settled(app2))
        assert [str(a) for a in app2.screen.session.game.actions] == saved_actions


async def test_a_corrupt_save_is_reported_and_kept(data_dir):
    scenario = load_scenario(SCENARIOS / "tutorial.yaml")
    good = dumps(Game.new(scenario, 2))
    broken = save_path("broken")
    write_atomic(broken, good[: len(good) // 2])
    stale = save_path("stale")
    write_atomic(stale, good.replace(scenario.content_hash, "f" * 64))
    before = broken.read_bytes()
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TitleScreen))
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LoadDialog))
        entries = app.screen.entries
        index = next(i for i, e in enumerate(entries) if e.path == broken)
        assert "truncated" in entries[index].error
        await pilot.press(*["down"] * index, "enter")
        await pilot.pause()
        assert isinstance(app.screen, LoadDialog)  # still there: nothing was loaded
        assert any("truncated" in n.message for n in app._notifications)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TitleScreen))
        # a save of another version of the scenario: a clear message, and no game opens
        assert app.load_path(stale) is False
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert any("has changed since" in n.message for n in app._notifications)
    assert broken.read_bytes() == before
    assert stale.exists()
    assert {e.path for e in list_saves()} == {broken, stale}


def test_atomic_write_leaves_no_temporary_files(data_dir):
    path = save_path("x")
    write_atomic(path, "one")
    write_atomic(path, "two")
    assert path.read_text() == "two"
    assert sorted(p.name for p in path.parent.iterdir()) == ["x.json"]
