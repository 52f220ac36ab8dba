"""The header of the title, setup and end screens: Textual's, made safe to take down."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.widgets import Header


class TitleHeader(Header):
    """Textual's ``Header``, except that a title update reaching it while it is being taken
    down is dropped instead of crashing the app.

    Why: ``Header`` watches the app's and screen's titles and, on each change (and once when
    mounted), looks up its title child. When keys arrive fast the screen can be dismissed
    between the update being queued and run; the child is gone and the lookup raised
    ``NoMatches`` out of Textual's message loop, ending the app (seen by the monkey test)."""

    def watch(
        self,
        obj: DOMNode,
        attribute_name: str,
        callback: Callable[..., Any],
        init: bool = True,
    ) -> None:
        super().watch(obj, attribute_name, _dropping_no_matches(callback), init)


def _dropping_no_matches(callback: Callable[[], Awaitable[None] | None]) -> Callable[[], Any]:
    """``callback`` (the header's argument-less title setter), quiet when its widget is gone."""

    async def quietly() -> None:
        with suppress(NoMatches):
            result = callback()
            if result is not None:
                await result

    return quietly
