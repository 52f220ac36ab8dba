"""The narrative log: every visible event with its cause, scrollable, written incrementally."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import RichLog

from engine import Event
from engine.load.scenario import Scenario
from tui.text import event_text


class NarrativeLog(RichLog):
    """Append-only view of the log; ``sync`` writes new events or rewrites after an undo."""

    ALLOW_MAXIMIZE = True

    def __init__(self, **kwargs) -> None:
        super().__init__(wrap=True, markup=False, highlight=False, **kwargs)
        self._seqs: list[int] = []

    def sync(self, scenario: Scenario, events: tuple[Event, ...] | list[Event]) -> None:
        """Show ``events``: append the new ones, or start over if the history changed."""
        seqs = [e.seq for e in events]
        if seqs[: len(self._seqs)] != self._seqs:
            self.clear()
            self._seqs = []
        for event in events[len(self._seqs) :]:
            self.write(event_text(scenario, event))
        self._seqs = seqs

    def note(self, text: Text) -> None:
        """A UI-only line (e.g. why a bot chose its move); not part of the engine log."""
        self.write(text)
