"""The projector view: the situation board for a seminar room — the clock, every side's score
large, the map and the tracks, the latest public news; never a hand. It shows what a spectator
may see (a seat with no side), and the game waits while it is up."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Label, Static

from engine.play.views.seat import Seat
from tui.screens.base import WargameScreen
from tui.standing_text import recap_events
from tui.text import actor_style, event_text
from tui.widgets.map_view import MapView
from tui.widgets.steady_footer import SteadyFooter
from tui.widgets.track_panel import TrackPanel

#: Public log lines shown under the board.
NEWS_LINES = 6


class ProjectorScreen(WargameScreen[None]):
    """The board for the room; Escape (or v) returns to the game."""

    BINDINGS = [Binding("escape,v", "close", "Back to the game")]

    def __init__(self, seat: Seat) -> None:
        super().__init__()
        self.seat = seat  # a spectator's seat: public facts only

    def compose(self) -> ComposeResult:
        view = self.seat.view()
        scenario = self.seat.scenario
        yield Static(self._clock(), id="projector-clock")
        with Horizontal(id="projector-scores"):
            for s in self.seat.standings(view):
                with Vertical(classes="projector-side"):
                    yield Label(
                        Text(s.name, style=f"bold {actor_style(scenario, s.actor)}"),
                        classes="projector-name",
                    )
                    yield Digits(str(s.score) if s.score is not None else "?")
                    yield Label(s.phrase().split(", ", 1)[-1], classes="projector-need")
        with Horizontal(id="projector-board"):
            yield MapView(id="projector-map")
            yield TrackPanel(id="projector-tracks")
        yield Static(self._news(), id="projector-news")
        yield SteadyFooter()

    def on_mount(self) -> None:
        view = self.seat.view(with_log=False)
        self.query_one(MapView).view = view
        self.query_one(TrackPanel).view = view
        self.query_one("#projector-map").border_title = "Map"
        self.query_one("#projector-tracks").border_title = "Tracks"
        self.query_one("#projector-news").border_title = "Latest"

    def _clock(self) -> Text:
        view = self.seat.view(with_log=False)
        scenario = self.seat.scenario
        out = Text()
        out.append(f"{scenario.title}   ", style="bold")
        out.append(f"Turn {view.turn}/{scenario.turns.count} · {view.calendar} · {view.phase_name}")
        if view.outcome is not None:
            out.append(f"   Game over: {view.outcome.reason}", style="bold")
        return out

    def _news(self) -> Text:
        view = self.seat.view()
        events = [e for e in recap_events(view, None) if e.kind not in ("phase", "turn")]
        out = Text()
        for event in events[-NEWS_LINES:]:
            out.append_text(event_text(self.seat.scenario, event))
            out.append("\n")
        out.rstrip()
        return out

    def action_close(self) -> None:
        """Back to the game."""
        self.dismiss(None)


__all__ = ["ProjectorScreen"]
