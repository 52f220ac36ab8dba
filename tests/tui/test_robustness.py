"""The app stays alive whatever the keyboard and mouse do: fixed reproducers and a monkey test.

The monkey test drives the real app with seeded random keys and clicks over every screen
(title, setup, game, dialogs, end), and asserts that the app is still running and that no
exception reached Textual's error handling. Seeds are fixed, so a failure replays.
"""

from __future__ import annotations

import contextlib
import random
import sys
import threading

import pytest
from textual import events
from textual.css.query import NoMatches
from textual.errors import NoWidget

from engine import Game, load_scenario
from engine.play.record.saves import dumps
from tests.helpers import SCENARIOS
from tests.tui.helpers import until_settled, wait_for
from tui.app import WargameApp
from tui.screens.from_thread import deliver, showing
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



def _inside_think(frame) -> bool:
    """Whether this call stack runs GameScreen.think, the bot's thread."""
    think = GameScreen.think.__wrapped__.__code__  # under Textual's @work
    while frame is not None:
        if frame.f_code is think:
            return True
        frame = frame.f_back
    return False


def _a_bot_is_thinking() -> bool:
    """Whether a bot's thread has started (a worker may be queued, not yet running)."""
    return any(_inside_think(frame) for frame in sys._current_frames().values())


@pytest.mark.parametrize("leave", ["to the title", "the app"])
async def test_a_bot_move_that_arrives_after_its_screen_has_gone_is_dropped(data_dir, leave):
    """Reproducer: a bot that finished thinking after its screen had gone crashed the app."""
    app = WargameApp("tutorial", seed=3, bot_delay=3600)  # the bot waits out its pace...
    returned: list[BaseException | None] = []  # what the bot's call back from its thread gave
    handing_back = app.call_from_thread

    def recorded(callback, *args, **kwargs):
        if not _inside_think(sys._getframe()):
            return handing_back(callback, *args, **kwargs)  # not the bot (the title's briefing)
        try:
            result = handing_back(callback, *args, **kwargs)
        except BaseException as exc:
            returned.append(exc)
            raise
        returned.append(None)
        return result

    app.call_from_thread = recorded  # type: ignore[method-assign]
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
        await pilot.press("ctrl+s")
        await wait_for(pilot, _a_bot_is_thinking)
        screen = app.screen
        assert isinstance(screen, GameScreen)
        if leave == "the app":
            app.exit()
        else:
            app.to_title()
            await wait_for(pilot, lambda: isinstance(app.screen, TitleScreen))
        screen._skip.set()  # ...until now: its move reaches a screen that is gone
        if leave != "the app":
            await wait_for(pilot, lambda: not _a_bot_is_thinking())
            await pilot.pause()
            _alive(app)
    assert app._exception is None, repr(app._exception)
    assert returned in ([], [None]), returned  # dropped quietly, or never sent: no error


async def test_a_result_for_a_screen_that_has_gone_is_dropped(data_dir):
    """What a worker hands back to a removed screen is not run there (it would find no widgets)."""
    app = WargameApp("tutorial", seed=3, bot_delay=3600)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, GameScreen))
        screen = app.screen
        assert isinstance(screen, GameScreen)
        try:
            assert showing(screen)
            app.to_title()
            await wait_for(pilot, lambda: not screen.is_attached)
            assert not showing(screen)
            ran: list[str] = []
            thread = threading.Thread(target=deliver, args=(screen, lambda: ran.append("ran")))
            thread.start()
            await wait_for(pilot, lambda: not thread.is_alive())
            assert ran == []
            with pytest.raises(NoMatches):
                screen.refresh_view()  # what running it there would have done
            _alive(app)
        finally:
            screen._skip.set()  # let the bot's thread end, so the app can
