"""The narrative log: every visible event with its cause, scrollable, written incrementally."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual import events
from textual.widgets import RichLog

from engine import Event
from engine.load.scenario import Scenario
from tui.text import event_text


class NarrativeLog(RichLog):
    """Append-only view of the log; ``sync`` writes new events or rewrites after an undo.

    Lines are wrapped to the pane's width when written, so when the width changes (a resize,
    a zoom, the end screen settling its layout) the log is written again at the new width:
    a line is never cut at the right or wrapped at a width it no longer has.
    """

    ALLOW_MAXIMIZE = True

    def __init__(self, **kwargs) -> None:
        # min_width: RichLog renders at least 78 cells wide by default, which clips every
        # long line in a narrower pane (the end screen's log) instead of wrapping it.
        super().__init__(wrap=True, markup=False, highlight=False, min_width=20, **kwargs)
        self._seqs: list[int] = []
        self._scenario: Scenario | None = None
        self._events: list[Event] = []
        self._notes: Mapping[int, Text] = {}
        self._width = 0

    def sync(
        self,
        scenario: Scenario,
        events: tuple[Event, ...] | list[Event],
        notes: Mapping[int, Text] | None = None,
    ) -> None:
        """Show ``events``: append the new ones, or start over if the history changed.

        ``notes`` are UI lines (a bot's reason) printed right under the event of that
        sequence number, so each reason stays under its own move, after an undo or a load too.
        """
        notes = notes or {}
        self._scenario, self._events, self._notes = scenario, list(events), notes
        seqs = [e.seq for e in events]
        if seqs[: len(self._seqs)] != self._seqs:
            self.clear()
            self._seqs = []
        for event in events[len(self._seqs) :]:
            self.write(event_text(scenario, event))
            if event.seq in notes:
                self.write(notes[event.seq])
        self._seqs = seqs

    def on_resize(self, event: events.Resize) -> None:
        width = event.size.width
        if width == self._width:
            return
        self._width = width
        if self._scenario is not None and self._seqs:
            follow = self.is_vertical_scroll_end
            self.clear()
            self._seqs = []
            self.sync(self._scenario, self._events, self._notes)
            if follow:
                self.scroll_end(animate=False)

    def note(self, text: Text) -> None:
        """A UI-only line, not part of the engine log (lost when the log is rewritten)."""
        self.write(text)
