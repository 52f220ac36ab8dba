"""The app stays alive whatever the keyboard and mouse do: fixed reproducers and a monkey test.

The monkey test drives the real app with seeded random keys and clicks over every screen
(title, setup, game, dialogs, end), and asserts that the app is still running and that no
exception reached Textual's error handling. Seeds are fixed, so a failing seed sends the same
keys again (bots think in a thread, so a race may need a few runs to show).
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
import threading

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.css.query import NoMatches
from textual.errors import NoWidget
from textual.widgets import OptionList
from textual.widgets._header import HeaderTitle

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
from tui.widgets.steady_lists import SteadyOptionList, SteadySelect
from tui.widgets.title_header import TitleHeader


def _a_save(name: str = "a save", *, finished: bool = False) -> None:
    """A save of a new tutorial game, or of one played to its end at random (loading it
    shows the end screen)."""
    game = Game.new(load_scenario(SCENARIOS / "tutorial.yaml"), 4)
    choose = random.Random(4)
    while finished and not game.is_over():
        game.apply(choose.choice(game.legal_actions()))
    write_atomic(save_path(name), dumps(game, name=name))


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


async def _settle(pilot) -> None:
    """Let the app handle every event sent so far, without idling. (``pilot.press`` sleeps at
    least 40 ms a key waiting for the CPU to go quiet; a monkey needs only the events handled,
    and fast hands are what it is for.)"""
    await pilot._wait_for_screen()


def monkey_seeds() -> list[int]:
    """Seeds 1-3, or those in WARGAME_MONKEY_SEEDS ("4-40" or "5,9,12") for a longer hunt."""
    text = os.environ.get("WARGAME_MONKEY_SEEDS", "1-3")
    seeds: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        seeds += range(int(low), int(high or low) + 1)
    return seeds


@pytest.mark.parametrize("seed", monkey_seeds())
async def test_a_monkey_at_the_keyboard_and_mouse(data_dir, seed):
    _a_save("monkey save")
    _a_save("monkey ended", finished=True)
    rng = random.Random(seed)
    app = WargameApp("tutorial", seed=seed, bot_delay=0)
    events_sent = 0
    async with app.run_test(size=(100, 32)) as pilot:
        while events_sent < 700 and app.is_running:
            if rng.random() < 0.12:
                # Pilot itself raises NoWidget between two screens, before the app sees a click.
                with contextlib.suppress(NoWidget):
                    await pilot.click(offset=(rng.randrange(100), rng.randrange(32)))
                events_sent += 1
            else:
                keys = [rng.choice(KEYS) for _ in range(rng.randrange(1, 6))]
                burst(app, *keys)
                events_sent += len(keys)
            await _settle(pilot)
            if rng.random() < 0.05:
                await pilot.pause()  # now and then, let timers, workers and bots catch up
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


async def test_a_title_change_reaching_a_header_being_taken_down_is_dropped(data_dir):
    """Reproducer (monkey test): a title update queued for a screen's header ran after its
    title child had gone, and the lookup's NoMatches ended the app."""
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TitleScreen))
        header = app.screen.query_one(TitleHeader)
        await header.query_one(HeaderTitle).remove()  # as when the screen is dismantled
        app.title = "another title"  # the header's watcher runs and finds no title child
        await pilot.pause()
        _alive(app)


async def test_page_keys_reaching_a_list_not_yet_laid_out_do_nothing(data_dir):
    """Reproducer (monkey test): in one burst of keys a Select's drop-down opened, took End
    and PgDn before it was ever laid out, and Textual's page move raised KeyError, ending the
    app. The condition is built directly: the drop-down has never been shown."""
    app = WargameApp("tutorial", seed=1, bot_delay=0)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
        await pilot.pause()
        select = app.screen.query_one(SteadySelect)
        drop_down = select.query_one(OptionList)
        drop_down.highlighted = drop_down.option_count - 1
        with pytest.raises(KeyError):  # Textual's own page move, as the monkey met it
            OptionList.action_page_down(drop_down)
        drop_down.focus()
        burst(app, "pagedown", "pageup")
        await pilot.pause()
        _alive(app)
        assert drop_down.highlighted == drop_down.option_count - 1  # nothing moved


async def test_the_app_s_option_lists_page_only_once_laid_out():
    """The same guard on the app's own lists (title, choices, saves, hand)."""

    class OneList(App[None]):
        def compose(self) -> ComposeResult:
            hidden = SteadyOptionList(*"abcde")
            hidden.display = False  # never laid out
            yield hidden

    app = OneList()
    async with app.run_test():
        options = app.query_one(SteadyOptionList)
        options.highlighted = 4
        with pytest.raises(KeyError):
            OptionList.action_page_down(options)
        options.action_page_down()
        options.action_page_up()
        assert options.highlighted == 4
