"""The one interface every bot implements: look at a view, pick a legal action."""

from __future__ import annotations

from typing import Protocol

from engine.play.rules.actions import Action
from engine.play.views.view import View


class Bot(Protocol):
    """A player that sees only its actor's :class:`View`.

    ``choose`` must return one of ``view.legal``. ``explain`` is a short reason for the last
    choice (shown in the log and the UI); ``needs_log`` tells callers whether to build the
    view's log (it costs time in fast playouts).
    """

    actor: str
    needs_log: bool

    def choose(self, view: View) -> Action:
        """Pick one of ``view.legal``."""
        ...

    def explain(self) -> str:
        """Why the last choice was made."""
        ...

    def snapshot(self) -> dict[str, int]:
        """The bot's changing state (its generator, its call count): JSON-ready integers.

        A bot rebuilt with the same kind, actor and seed and given this snapshot with
        :meth:`restore` makes the same choices from then on — so a saved game continues as
        the uninterrupted one would have.
        """
        ...

    def restore(self, snapshot: dict[str, int]) -> None:
        """Take back a state from :meth:`snapshot`."""
        ...
