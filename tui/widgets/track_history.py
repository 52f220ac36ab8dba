"""The history of the main tracks over the turns, as sparklines (for the end screen)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Sparkline

from engine.load.scenario import Scenario


class TrackHistory(Vertical):
    """One sparkline per main track over ``history`` (track snapshots, one per turn)."""

    def __init__(self, scenario: Scenario, history: list[dict[str, int]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.history = history

    def compose(self) -> ComposeResult:
        for track in self.scenario.tracks:
            if not track.main:
                continue
            values = [snap.get(track.id, 0) for snap in self.history]
            first, last = (values[0], values[-1]) if values else (0, 0)
            with Horizontal(classes="history-row"):
                yield Label(f"{track.name[:22]:<22} {first:>2}→{last:<2}", classes="history-label")
                yield Sparkline(values or [0], classes="history-spark")
