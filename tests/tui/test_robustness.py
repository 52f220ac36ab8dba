"""The app stays alive whatever the keyboard and mouse do: fixed reproducers and a monkey test.

The monkey test drives the real app with seeded random keys and clicks over every screen
(title, setup, game, dialogs, end), and asserts that the app is still running and that no
exception reached Textual's error handling. Seeds are fixed, so a failure replays.
"""

from __future__ import annotations

import contextlib
import random

import pytest
from textual import events
from textual.errors import NoWidget

from engine import Game, load_scenario
from engine.play.record.saves import dumps
from tests.helpers import SCENARIOS
from tests.tui.helpers import until_settled, wait_for
from tui.app import WargameApp
from tui.screens.game import GameScreen
from tui.screens.load import LoadDialog
from tui.screens.setup import SetupScreen
from tui.screens.title import TitleScreen
from tui.storage import save_path, write_atomic


def _a_save(name: str = "a save") -> None:
    scenario = load_scenario(SCENARIOS / "tutorial.yaml")
    write_atomic(save_path(name), dumps(Game.new(scenario, 4), name=name))


def burst(app: WargameApp, *keys: str) -> None:
    """Send keys as a fast hand does: all at once, without waiting for the app in between."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


def _alive(app: WargameApp) -> None:
    assert app.is_running, "the app has stopped"
    assert app._exception is None, repr(app._exception)


async def test_enter_twice_in_the_load_dialog_loads_once(data_dir):
    """Reproducer: on the title screen, l then Enter twice quickly popped one screen too many."""
    _a_save()
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TitleScreen))
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LoadDialog))
        burst(app, "enter", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, GameScreen))
        await pilot.pause()
        _alive(app)
        assert isinstance(app.screen_stack[0], TitleScreen)


async def test_mashing_keys_during_an_all_bot_game_never_pops_too_far(data_dir):
    """Reproducer: save-name dialog and key mashing while bots play crashed the app."""
    app = WargameApp("tutorial", seed=3, bot_delay=0)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
        await pilot.press("ctrl+s")
        await until_settled(pilot)
        for keys in (["s", "x", "enter", "enter", "escape"], ["s", "enter", "enter", "enter"]):
            burst(app, *keys)
            await pilot.pause()
            burst(app, "escape", "escape")
            await pilot.pause()
            _alive(app)
        assert isinstance(app.screen_stack[0], TitleScreen)


KEYS = [
    "enter", "escape", "space", "tab", "shift+tab", "up", "down", "left", "right",
    "e", "o", "p", "u", "s", "l", "n", "c", "t", "y", "z", "r", "question_mark", "-",
    "a", "1", "x", "ctrl+s", "ctrl+r", "home", "end", "pageup", "pagedown", "backspace",
]  # fmt: skip
# "+" (slower bots) is left out: it makes bots wait real seconds, which only slows the test.


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_a_monkey_at_the_keyboard_and_mouse(data_dir, seed):
    _a_save("monkey save")
    rng = random.Random(seed)
    app = WargameApp("tutorial", seed=seed, bot_delay=0)
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(400):
            roll = rng.random()
            if roll < 0.15:
                # Pilot itself raises NoWidget between two screens, before the app sees a click.
                with contextlib.suppress(NoWidget):
                    await pilot.click(offset=(rng.randrange(100), rng.randrange(32)))
            elif roll < 0.3:
                burst(app, *(rng.choice(KEYS) for _ in range(rng.randrange(2, 6))))
            else:
                await pilot.press(rng.choice(KEYS))
            if not app.is_running:
                break
            if rng.random() < 0.1:
                await pilot.pause()
        await pilot.pause()
        _alive(app)
