"""Tracks with their bands coloured and named, counters and flags."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from engine import View
from tui.text import band_label, colour, fit


class TrackPanel(Widget):
    """Every track as a bar coloured by band with its value and band name (so nothing rests on
    colour alone), then counters and flags, from ``view``. One row per item, never wrapped:
    names are cut with an ellipsis only when the pane is too narrow for them (zoomed with
    ``z``, the pane shows them whole)."""

    view: reactive[View | None] = reactive(None, always_update=True)

    def render(self) -> Text:
        view = self.view
        if view is None:
            return Text("")
        scenario = view.scenario
        hidden = scenario.tables.internal  # bookkeeping: never shown (nor logged)
        width = max(20, self.size.width)
        names = [t.name for t in scenario.tracks] + [c.name for c in scenario.counters]
        longest = max((len(n) for n in names), default=6)
        band_w = max((len(band_label(b)) for t in scenario.tracks for b in t.bands), default=0)
        widest = max((t.max - t.min + 1 for t in scenario.tracks), default=4)
        bar_w = max(4, min(width // 4, widest))
        # Names come first: the bar gives up cells (down to 6) before a name is cut.
        room = width - band_w - 5
        if room - bar_w < longest:
            bar_w = max(min(6, bar_w), min(bar_w, room - longest))
        name_w = max(6, min(longest, room - bar_w))
        out = Text(no_wrap=True, overflow="ellipsis")
        for track in scenario.tracks:
            if track.id in hidden:
                continue
            if track.id in view.hidden:  # another side's secret: named, never shown
                out.append(_secret(track.name, name_w))
                continue
            value = view.values[track.id]
            row = Text(no_wrap=True)
            row.append(fit(track.name, name_w).ljust(name_w) + " ")
            span = min(track.max - track.min + 1, bar_w)
            for i in range(span):
                v = track.min + round(i * (track.max - track.min) / max(1, span - 1))
                band = next((b for b in track.bands if b.min <= v <= b.max), None)
                tint = colour(band.colour if band else "", "grey70")
                row.append("█" if v <= value else "░", style=tint if v <= value else f"{tint} dim")
            row.append(" " * (bar_w - span))
            band = next((b for b in track.bands if b.min <= value <= b.max), None)
            row.append(f" {value:>2}", style="bold")
            if band:
                row.append(f" {band_label(band)}", style=colour(band.colour))
            out.append_text(_cut(row, width))
            out.append("\n")
        for counter in scenario.counters:
            if counter.id in hidden:
                continue
            if counter.id in view.hidden:
                out.append(_secret(counter.name, name_w))
                continue
            out.append(fit(counter.name, name_w).ljust(name_w) + " ")
            out.append(f"{view.values[counter.id]}\n", style="bold")
        for flag in scenario.flags:
            if flag.id in hidden:
                continue
            if flag.id in view.hidden:
                out.append(_secret(flag.name, width - 2))
                continue
            on = bool(view.values.get(flag.id))
            out.append("☑ " if on else "☐ ", style="bold green" if on else "dim")
            out.append(fit(flag.name, width - 2) + "\n", style="" if on else "dim")
        out.rstrip()
        return out


def _secret(name: str, width: int) -> Text:
    """A row for a private value this player does not see: its name and a question mark."""
    return Text(fit(name, width).ljust(width) + " ?  (secret)\n", style="dim")


def _cut(row: Text, width: int) -> Text:
    if row.cell_len > width:
        row.truncate(width - 1)
        row.append("…")
    return row
