"""The turning points of a finished game: where a side's chance of winning swung most."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from engine.load.scenario import Scenario
from tui.text import actor_style

if TYPE_CHECKING:  # the analysis is imported where it runs, off the event loop
    from engine.analysis.explain.aar import GameReport
    from engine.analysis.explain.turning_points import TurningPoint


class TurningPoints(Static):
    """ "estimating…" until the screen hands it a report, then each turning point in order:
    when, who did what, how the chances moved, and the dice, rules and claims behind it."""

    def __init__(self, scenario: Scenario, **kwargs) -> None:
        super().__init__(Text("estimating…", style="italic dim"), **kwargs)
        self.scenario = scenario

    def estimating(self, done: int, total: int) -> None:
        """Show progress of the estimate (decision points done of total)."""
        share = f" {100 * done // max(1, total)}%" if total else ""
        self.update(Text(f"estimating…{share}", style="italic dim"))

    def failed(self, reason: str) -> None:
        """Say that the estimate could not be made."""
        self.update(Text(f"Could not estimate the chances: {reason}", style="red"))

    def show(self, report: GameReport) -> None:
        """Show the report's turning points."""
        if report.winprob is None or not report.turning_points:
            self.update(Text("No decision moved any side's chance of winning.", style="dim"))
            return
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=2, justify="right")
        grid.add_column(ratio=1)
        points = sorted(report.turning_points, key=lambda p: p.swing.index)
        for number, point in enumerate(points, start=1):
            grid.add_row(Text(str(number), style="bold reverse"), self._point(point))
        rollouts = report.winprob.rollouts
        note = Text(f"{rollouts} bot playouts per decision · r writes the report", style="dim")
        self.update(Group(grid, note))

    def _point(self, point: TurningPoint) -> Text:
        scenario = self.scenario
        d, swing = point.decision, point.swing
        out = Text()
        out.append(f"Turn {d.turn}" + (f" · {d.calendar}" if d.calendar else ""), style="bold")
        out.append(" — ")
        style = f"bold {actor_style(scenario, d.actor)}"
        out.append(scenario.actor(d.actor).name, style=style)
        out.append(f" {d.text}\n")
        change = round(100 * swing.change)
        out.append(scenario.actor(swing.actor).name, style="bold")
        out.append(f" {100 * swing.before:.0f}% → {100 * swing.after:.0f}% ")
        out.append(f"({change:+d})".replace("-", "−"), style="green" if change > 0 else "red")
        details = [
            f"rolled {e.data.get('total')}: {e.data.get('outcome')}"
            for e in point.events
            if e.kind == "roll"
        ]
        details += [
            e.text.removeprefix("Standing rule: ") for e in point.events if e.kind == "rule"
        ]
        if details:
            out.append(" · " + "; ".join(details), style="dim")
        if point.claims:
            out.append(f" · {', '.join(point.claims)}", style="dim italic")
        return out
