"""Tracks with their bands coloured, counters and flags."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from engine import View
from tui.text import colour


class TrackPanel(Widget):
    """Every track as a bar coloured by band, then counters and flags, from ``view``."""

    view: reactive[View | None] = reactive(None, always_update=True)

    def render(self) -> Text:
        view = self.view
        if view is None:
            return Text("")
        scenario = view.scenario
        width = max(20, self.size.width)
        bars = [min(t.max - t.min + 1, max(4, width // 3)) for t in scenario.tracks]
        name_w = max(6, min(26, width - max(bars, default=4) - 12))
        out = Text()
        for track in scenario.tracks:
            value = view.values[track.id]
            bar_w = max(4, min(track.max - track.min + 1, width // 3))
            out.append(f"{track.name[:name_w]:<{name_w}} ")
            for i in range(bar_w):
                v = track.min + round(i * (track.max - track.min) / max(1, bar_w - 1))
                band = next((b for b in track.bands if b.min <= v <= b.max), None)
                tint = colour(band.colour if band else "", "grey70")
                if v <= value:
                    out.append("█", style=tint)
                else:
                    out.append("░", style=f"{tint} dim")
            band = next((b for b in track.bands if b.min <= value <= b.max), None)
            out.append(f" {value:>2}", style="bold")
            if band:
                out.append(f" {band.name or band.id}", style=colour(band.colour, "white"))
            out.append("\n")
        for counter in scenario.counters:
            out.append(f"{counter.name[:name_w]:<{name_w}} ")
            out.append(f"{view.values[counter.id]}\n", style="bold")
        for flag in scenario.flags:
            on = bool(view.values.get(flag.id))
            out.append("☑ " if on else "☐ ", style="bold green" if on else "dim")
            out.append(flag.name + "\n", style="" if on else "dim")
        out.rstrip()
        return out
