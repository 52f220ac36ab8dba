"""The end screen: the outcome, the game's turning points, the tracks over the turns, the log.

The turning points need a few hundred bot playouts, so they are estimated in a worker thread
(the screen shows "estimating…" meanwhile) and never block the screen. ``r`` writes the
after-action report (HTML and Markdown) to the user's data folder; rendering (and Matplotlib)
is imported only then.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static
from textual.worker import get_current_worker

from engine.play.views.standings import Standing, standings
from tui.screens.base import WargameScreen
from tui.screens.from_thread import deliver
from tui.session import Session
from tui.storage import data_dir, slug, write_atomic
from tui.text import actor_style
from tui.widgets.narrative_log import NarrativeLog
from tui.widgets.steady_footer import SteadyFooter
from tui.widgets.title_header import TitleHeader
from tui.widgets.track_history import TrackHistory
from tui.widgets.turning_points import TurningPoints

if TYPE_CHECKING:
    from engine.analysis.explain.aar import GameReport

#: Playouts per decision for the chances of winning (as ``wargame aar``'s default).
ROLLOUTS = 48
#: Below these sizes the tracks are drawn as sparklines, one row each, instead of a plot.
PLOT_MIN_WIDTH, PLOT_MIN_HEIGHT = 100, 34


def _margin(standing: Standing | None, score: int | None, *, early: bool) -> str:
    """`` (needed ≥ 8: 2 short)`` — how far a side was from its winning score."""
    if early or standing is None or standing.threshold is None or score is None:
        return ""
    gap = standing.threshold - score if standing.higher else score - standing.threshold
    sign = "≥" if standing.higher else "≤"
    if gap <= 0:
        return f" (needed {sign} {standing.threshold})"
    return f" (needed {sign} {standing.threshold}: {gap} short)"


class _Stopped(Exception):
    """The estimate was cancelled (the screen went away)."""


class EndCommands(Provider):
    """The end screen's commands in the command palette."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen = self.screen
        assert isinstance(screen, EndScreen)
        return [
            (
                "Write after-action report",
                "HTML and Markdown report of this game in your data folder",
                screen.action_write_report,
            ),
            ("New game", "Set up a new game of this scenario", screen.action_new_game),
        ]

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class EndScreen(WargameScreen[None]):
    """How the game ended; n starts a new game of the same scenario, t goes to the title,
    r writes the after-action report."""

    BINDINGS = [
        Binding("r", "write_report", "Write report"),
        Binding("n", "new_game", "New game"),
        Binding("t", "title", "Title screen"),
        Binding("q", "app.quit", "Quit"),
    ]
    COMMANDS = {EndCommands}

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        #: The after-action report, once the worker has estimated it.
        self.report: GameReport | None = None
        #: Where the last report was written (HTML, Markdown).
        self.written: tuple[Path, Path] | None = None
        self._write_when_ready = False

    def compose(self) -> ComposeResult:
        from tui.widgets.track_plot import TrackPlot  # here: plotext loads with this screen

        scenario = self.session.scenario
        history = list(self.session.debrief().history)
        yield TitleHeader()
        with Horizontal(id="end-body"):
            with VerticalScroll(id="end-left"):
                yield Static(self._outcome(), id="outcome")
                yield TurningPoints(scenario, id="turning")
                yield TrackPlot(scenario, history, id="history-plot")
                yield TrackHistory(scenario, history, id="history")
            yield NarrativeLog(id="end-log")
        yield SteadyFooter()

    def _outcome(self) -> Text:
        """Who won, each side's score against what it needed, and what each side aimed at —
        worded as aims, so a side's goal never reads as what happened."""
        session = self.session
        debrief = session.debrief()
        outcome = debrief.outcome
        scenario = session.scenario
        out = Text()
        if outcome is None:
            return Text("The game is not over.")
        out.append("Game over", style="bold")
        out.append(f" — turn {outcome.turn} ({scenario.calendar(outcome.turn)})\n", style="dim")
        out.append(outcome.reason + "\n\n", style="italic")
        needed = {s.actor: s for s in standings(scenario, debrief)}
        for actor in scenario.playable_actors:
            name = scenario.actor(actor).name
            won = actor in outcome.winners
            out.append("★ " if won else "  ", style="bold yellow")
            out.append(f"{name:<14}", style=f"bold {actor_style(scenario, actor)}")
            score = outcome.scores.get(actor)
            out.append(f" {score if score is not None else '—':>4}  ")
            out.append("wins" if won else "does not win", style="bold green" if won else "red")
            out.append(_margin(needed.get(actor), score, early=outcome.condition is not None))
            who = session.players.get(actor, "")
            out.append(f"  ({who})\n", style="dim")
        if not outcome.winners:
            out.append("\nNobody wins.\n", style="bold red")
        umpire = [e for e in debrief.log if e.cause == "umpire"]
        if umpire:
            out.append(f"\nUmpire interventions ({len(umpire)})\n", style="bold magenta")
            for event in umpire:
                out.append(f"  turn {event.turn}: ", style="dim")
                out.append(f"{event.text}\n", style="magenta")
        aims = [rule for rule in scenario.scores if rule.explain]
        if aims:
            out.append("\nWhat each side aimed at\n", style="bold dim")
        for rule in aims:
            out.append(f"  {scenario.actor(rule.actor).name}: {rule.explain}\n", style="dim")
        out.rstrip()
        return out

    def on_mount(self) -> None:
        self.sub_title = "game over"
        self.query_one("#outcome").border_title = "Outcome"
        self.query_one("#turning").border_title = "Turning points"
        self.query_one("#history").border_title = "Tracks over the turns"
        self.query_one("#history-plot").border_title = "Tracks over the turns"
        log = self.query_one(NarrativeLog)
        log.border_title = "Full log"
        log.sync(self.session.scenario, self.session.debrief().log)
        self.on_resize()
        self.estimate()

    def on_resize(self) -> None:
        size = self.app.size
        small = size.width < PLOT_MIN_WIDTH or size.height < PLOT_MIN_HEIGHT
        self.set_class(small, "compact")

    # -- the turning points --------------------------------------------------------------
    @work(thread=True, exclusive=True, group="aar")
    def estimate(self) -> None:
        """Estimate the chances of winning and the turning points, off the event loop."""
        from engine.analysis.explain.aar import game_report
        from engine.analysis.measure.winprob import players_rollout_bots
        from engine.analysis.run.backends import LocalBackend

        worker = get_current_worker()
        session = self.session
        scenario = session.scenario
        seed, actions = session.record()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise _Stopped
            self._from_thread(self._estimating, done, total)

        try:
            report = game_report(
                scenario,
                seed,
                actions,
                players=dict(session.players),
                rollouts=ROLLOUTS,
                rollout_bots=players_rollout_bots(scenario, session.players),
                backend=LocalBackend(1),
                on_progress=progress,
                umpire=session.interventions(),
                reasons=dict(session.explanations),
            )
        except _Stopped:
            return
        except Exception as exc:  # an estimate must never take the screen down
            report, failure = None, str(exc)
        with suppress(_Stopped):
            if report is None:
                self._from_thread(self._estimate_failed, failure)
            else:
                self._from_thread(self._estimated, report)

    # Widgets are looked up on the app's loop, never in the worker: by the time the worker
    # asks, the screen may be on its way out (see tui.screens.from_thread).
    def _estimating(self, done: int, total: int) -> None:
        self.query_one(TurningPoints).estimating(done, total)

    def _estimate_failed(self, failure: str) -> None:
        self.query_one(TurningPoints).failed(failure)

    def _from_thread(self, callback: Callable[..., Any], *args: Any) -> None:
        if not deliver(self, callback, *args):  # the app is closing
            raise _Stopped

    def _estimated(self, report: GameReport) -> None:
        self.report = report
        log = self.query_one(NarrativeLog)
        follow = log.is_vertical_scroll_end
        self.query_one(TurningPoints).show(report)
        if follow:  # the taller pane re-lays the screen out: keep the log at its end
            log.scroll_end(animate=False)
        if self._write_when_ready:
            self._write_when_ready = False
            self.write_report()

    # -- actions -------------------------------------------------------------------------
    def action_write_report(self) -> None:
        """Write the after-action report (HTML and Markdown) to the data folder."""
        if self.report is None:
            self._write_when_ready = True
            self.notify(
                "Estimating the turning points first; the report is written when they are ready.",
                title="After-action report",
            )
            return
        self.write_report()

    @work(thread=True, exclusive=True, group="write")
    def write_report(self) -> None:
        """Render and write the report files, then say where they are."""
        from wargame.report import document, render_html, render_markdown

        report = self.report
        assert report is not None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        stem = slug(f"aar-{report.scenario.id}-seed{report.seed}-{stamp}")
        folder = data_dir() / "reports"
        html, markdown = folder / f"{stem}.html", folder / f"{stem}.md"
        try:
            doc = document(report)
            write_atomic(markdown, render_markdown(doc))
            write_atomic(html, render_html(doc))
        except OSError as exc:
            message = f"Could not write the report: {exc}"
            self._notify_from_thread(message, "Report not written", "error")
            return
        self.written = (html, markdown)
        message = f"Written to {html}\n(and {markdown.name} beside it)"
        self._notify_from_thread(message, "After-action report", "information")

    def _notify_from_thread(self, message: str, title: str, severity: str) -> None:
        # The app, not this screen: the file is written even if the person has moved on.
        with suppress(RuntimeError):  # the app is closing
            self.app.call_from_thread(
                self.app.notify, message, title=title, severity=severity, timeout=12
            )

    def action_new_game(self) -> None:
        """Set up a new game of this scenario."""
        self.wargame.open_setup(self.session.scenario.id, replace=True)

    def action_title(self) -> None:
        """Back to the title screen."""
        self.wargame.to_title()
