"""Handing a worker thread's result back to a screen that may be gone by then.

A bot thinks, a briefing loads or an estimate runs off the event loop; by the time it is
done the person may have left the screen, or the app may be closing. Textual then raises
``RuntimeError`` from ``call_from_thread`` (the loop has stopped), or runs the callback on a
screen whose widgets are being removed, where ``query_one`` fails. Either way the result is
no longer wanted: it is dropped, and the app lives on.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from textual.screen import Screen


def showing(screen: Screen[Any]) -> bool:
    """Whether ``screen`` is still part of a running app (not popped, not being closed)."""
    if not screen.app.is_running or not screen.is_attached:
        return False
    # Textual marks a screen on its way out before its widgets go; no public flag says so.
    return not (screen._closing or screen._closed or getattr(screen, "_pruning", False))


def deliver(screen: Screen[Any], callback: Callable[..., Any], *args: Any) -> bool:
    """From a worker thread: run ``callback(*args)`` on the app's loop if ``screen`` still shows.

    Returns False when the app has already stopped (the caller may stop its work too).
    """

    def on_loop() -> None:
        if showing(screen):
            callback(*args)

    with suppress(RuntimeError):  # the app's loop has stopped
        screen.app.call_from_thread(on_loop)
        return True
    return False


__all__ = ["deliver", "showing"]
