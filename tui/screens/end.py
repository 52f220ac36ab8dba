"""The end screen: the outcome per side with scores and the reason, track history, full log."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tui.session import Session
from tui.text import actor_style
from tui.widgets.narrative_log import NarrativeLog
from tui.widgets.track_history import TrackHistory


class EndScreen(Screen):
    """How the game ended; n starts a new game of the same scenario, t goes to the title."""

    BINDINGS = [
        Binding("n", "new_game", "New game"),
        Binding("t", "title", "Title screen"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="end-body"):
            with Vertical(id="end-left"):
                yield Static(self._outcome(), id="outcome")
                yield TrackHistory(
                    self.session.scenario, self.session.game.track_history(), id="history"
                )
            yield NarrativeLog(id="end-log")
        yield Footer()

    def _outcome(self) -> Text:
        session = self.session
        outcome = session.game.outcome
        scenario = session.scenario
        out = Text()
        if outcome is None:
            return Text("The game is not over.")
        out.append("Game over", style="bold")
        out.append(f" — turn {outcome.turn} ({scenario.calendar(outcome.turn)})\n", style="dim")
        out.append(outcome.reason + "\n\n", style="italic")
        for actor in scenario.playable_actors:
            name = scenario.actor(actor).name
            won = actor in outcome.winners
            out.append(f"{'★' if won else ' '} ", style="bold yellow")
            out.append(f"{name:<14}", style=f"bold {actor_style(scenario, actor)}")
            score = outcome.scores.get(actor)
            out.append(f" {score if score is not None else '—':>4}  ")
            out.append("wins" if won else "does not win", style="bold green" if won else "red")
            who = session.players.get(actor, "")
            out.append(f"  ({who})\n", style="dim")
        if not outcome.winners:
            out.append("\nNobody wins.\n", style="bold red")
        for score in scenario.scores:
            if score.explain:
                out.append(f"\n{scenario.actor(score.actor).name}: {score.explain}", style="dim")
        return out

    def on_mount(self) -> None:
        self.sub_title = "game over"
        self.query_one("#outcome").border_title = "Outcome"
        self.query_one("#history").border_title = "Tracks over the turns"
        log = self.query_one(NarrativeLog)
        log.border_title = "Full log"
        log.sync(self.session.scenario, self.session.game.state.log)

    def action_new_game(self) -> None:
        """Set up a new game of this scenario."""
        self.app.open_setup(self.session.scenario.id, replace=True)

    def action_title(self) -> None:
        """Back to the title screen."""
        self.app.to_title()
