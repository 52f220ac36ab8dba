"""Snapshot tests of key screens (few on purpose: they break on Textual rendering changes).

Update with ``pytest tests/tui/test_snapshots.py --snapshot-update`` after checking the
new pictures.
"""

from __future__ import annotations

from textual.widgets import Select

from tests.tui.helpers import until_settled, wait_for
from tui.app import WargameApp
from tui.screens.end import EndScreen
from tui.screens.setup import SetupScreen


async def _start(pilot) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SetupScreen))
    await pilot.press("ctrl+s")
    await until_settled(pilot)


async def _bots_to_the_end(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
    for actor in app.screen.scenario.playable_actors:
        app.screen.query_one(f"#who-{actor}", Select).value = "random"
    await pilot.pause()
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, EndScreen))
    # The turning points are estimated in a worker: picture the screen once they show.
    await wait_for(pilot, lambda: app.screen.report is not None, timeout=60)
    await pilot.pause()


def test_setup_screen(snap_compare):
    assert snap_compare(WargameApp("tutorial", seed=42, bot_delay=0), terminal_size=(80, 24))


def test_game_screen_at_80x24(snap_compare):
    app = WargameApp("tutorial", seed=42, bot_delay=0)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_start)


def test_game_screen_large(snap_compare):
    app = WargameApp("tutorial", seed=42, bot_delay=0)
    assert snap_compare(app, terminal_size=(140, 44), run_before=_start)


def test_end_screen(snap_compare):
    app = WargameApp("tutorial", seed=42, bot_delay=0)
    assert snap_compare(app, terminal_size=(100, 32), run_before=_bots_to_the_end)
