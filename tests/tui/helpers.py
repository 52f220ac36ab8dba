"""Helpers for Pilot tests: wait for the app to reach a state."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot

from tui.screens.end import EndScreen
from tui.screens.game import GameScreen


async def wait_for(pilot: Pilot, condition: Callable[[], bool], timeout: float = 120.0) -> None:
    """Let the app run until ``condition()`` holds (fail after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; screen is {pilot.app.screen!r}")
        await pilot.pause(0.01)


def settled(app) -> bool:
    """The game waits for the person at the keyboard, or is over."""
    screen = app.screen
    if isinstance(screen, EndScreen):
        return True
    return isinstance(screen, GameScreen) and screen.human_turn() and not screen._handing


async def until_settled(pilot: Pilot) -> None:
    """Wait until a human decides or the game is over, and the footer shows its keys (the
    footer recomposes after the bindings change, a frame or more later under load)."""
    await wait_for(pilot, lambda: settled(pilot.app))
    await wait_for(pilot, lambda: _footer_ready(pilot.app))
    await pilot.pause()


async def steady_screenshot(pilot: Pilot, timeout: float = 120.0) -> str:
    """The screen as SVG once it has stopped changing: two pictures taken a pause apart are
    the same. (A settled game can still be laying out: under load, a log pane scrolls to its
    end a frame or more later, and a picture taken before then differs from its twin's.)"""
    deadline = time.monotonic() + timeout
    before = pilot.app.export_screenshot()
    while True:
        await pilot.pause()
        now = pilot.app.export_screenshot()
        if now == before:
            return now
        if time.monotonic() > deadline:
            raise AssertionError(f"the screen kept changing; it is {pilot.app.screen!r}")
        before = now


def _footer_ready(app) -> bool:
    footers = app.screen.query("Footer")
    return not footers or any(footer.children for footer in footers)
