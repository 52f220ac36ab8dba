"""The main tracks over the turns as a line plot (textual-plotext), for the end screen."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from engine.load.scenario import Scenario


class TrackPlot(PlotextPlot):
    """One line per main track over ``history`` (the start, then each turn's end)."""

    def __init__(self, scenario: Scenario, history: list[dict[str, int]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.history = history

    def on_mount(self) -> None:
        super().on_mount()
        plt = self.plt
        xs = list(range(len(self.history)))
        for track in self.scenario.tracks:
            if track.main:
                values = [snapshot.get(track.id, 0) for snapshot in self.history]
                plt.plot(xs, values, label=track.name[:24], marker="braille")
        labels = ["start"] + [
            (self.scenario.calendar(t) or f"T{t}").split(" ")[0][:6] for t in xs[1:]
        ]
        plt.xticks([float(x) for x in xs], labels)
        plt.xlim(0, max(1, len(xs) - 1))
