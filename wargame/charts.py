"""Static charts with Matplotlib: SVG (or PNG) files that open anywhere, offline.

Why Matplotlib: it is the most widely kept plotting library in Python, writes standalone SVG
with no JavaScript or network (so a report opens offline and prints), and renders headless.
Output is made reproducible: a fixed hash salt for SVG ids and no creation date, so the same
data give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")  # headless: never open a window

import matplotlib.pyplot as plt

if TYPE_CHECKING:
    from engine.analysis.measure.sweep import Sweep

plt.rcParams.update(
    {
        "svg.hashsalt": "wargame",
        "svg.fonttype": "none",  # text stays text: smaller, searchable, selectable
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

#: Actor colours in charts fall back to this cycle when a scenario colour is not drawable.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2")


def actor_colour(colour: str, index: int) -> str:
    """A drawable colour for an actor: its scenario colour unless that is white or unknown."""
    from matplotlib.colors import is_color_like

    if colour and colour.lower() not in ("white", "#ffffff") and is_color_like(colour):
        return colour
    return PALETTE[index % len(PALETTE)]


def save(figure: plt.Figure, target: str | Path | None) -> str:
    """Write ``figure`` to ``target`` (.svg or .png); with no target return the SVG text."""
    metadata = {"Date": None}
    if target is None:
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata=metadata, bbox_inches="tight")
        plt.close(figure)
        return buffer.getvalue()
    path = Path(target)
    kind = path.suffix.lstrip(".").lower()
    figure.savefig(
        path,
        format=kind,
        metadata=metadata if kind == "svg" else None,
        bbox_inches="tight",
        dpi=150,
    )
    plt.close(figure)
    return str(path)


def sweep_chart(result: Sweep, target: str | Path | None = None) -> str:
    """Each side's win rate across the grid: lines with 95% bands for one axis, a heat map per
    side for two."""
    rows = result.rows()
    scenario = result.points[0][1].scenario
    actors = result.actors
    names = {a.id: a.name for a in scenario.actors}
    colours = {a.id: actor_colour(a.colour, i) for i, a in enumerate(scenario.actors)}
    if len(result.axes) == 1:
        axis = result.axes[0]
        figure, ax = plt.subplots(figsize=(6.4, 3.6))
        xs = [row[axis.name] for row in rows]
        for actor in actors:
            ys = [100 * row[f"win_{actor}"] for row in rows]
            low = [100 * row[f"low_{actor}"] for row in rows]
            high = [100 * row[f"high_{actor}"] for row in rows]
            ax.plot(xs, ys, marker="o", color=colours[actor], label=names[actor])
            ax.fill_between(xs, low, high, color=colours[actor], alpha=0.15, linewidth=0)
        ax.set_xlabel(axis.name)
        ax.set_ylabel("win rate (%)")
        ax.set_ylim(0, 100)
        ax.legend(frameon=False)
        ax.set_title(f"{scenario.title}: win rate by {axis.name}", fontsize=10)
        return save(figure, target)
    x_axis, y_axis = result.axes
    figure, axes = plt.subplots(1, len(actors), figsize=(3.4 * len(actors), 3.2), squeeze=False)
    for ax, actor in zip(axes[0], actors, strict=True):
        grid = [
            [
                100
                * next(r for r in rows if r[x_axis.name] == x and r[y_axis.name] == y)[
                    f"win_{actor}"
                ]
                for x in x_axis.values
            ]
            for y in y_axis.values
        ]
        image = ax.imshow(grid, origin="lower", vmin=0, vmax=100, cmap="viridis", aspect="auto")
        ax.set_xticks(range(len(x_axis.values)), [str(v) for v in x_axis.values])
        ax.set_yticks(range(len(y_axis.values)), [str(v) for v in y_axis.values])
        ax.set_xlabel(x_axis.name)
        ax.set_ylabel(y_axis.name)
        ax.set_title(f"{names[actor]} wins (%)", fontsize=10)
        for j, row in enumerate(grid):
            for i, value in enumerate(row):
                ax.text(i, j, f"{value:.0f}", ha="center", va="center", fontsize=7, color="white")
    figure.colorbar(image, ax=axes[0].tolist(), shrink=0.8)
    return save(figure, target)


def line_chart(
    series: dict[str, Sequence[float]],
    *,
    x: Sequence[float | str] | None = None,
    title: str = "",
    ylabel: str = "",
    colours: dict[str, str] | None = None,
    marks: Sequence[tuple[float, str]] = (),
    ylim: tuple[float, float] | None = None,
    target: str | Path | None = None,
) -> str:
    """Lines over a shared x (default 0..n-1); ``marks`` are (x, label) notes on the chart."""
    figure, ax = plt.subplots(figsize=(6.4, 3.2))
    for i, (name, values) in enumerate(series.items()):
        xs = list(x) if x is not None else list(range(len(values)))
        colour = (colours or {}).get(name) or PALETTE[i % len(PALETTE)]
        ax.plot(xs, list(values), marker=".", color=colour, label=name)
    for at, label in marks:
        ax.axvline(at, color="grey", linewidth=0.6, linestyle=":")
        ax.annotate(label, (at, ax.get_ylim()[1]), fontsize=7, rotation=90, va="top", ha="right")
    if ylim:
        ax.set_ylim(*ylim)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(frameon=False, fontsize=7, ncol=2)
    return save(figure, target)


__all__ = ["PALETTE", "actor_colour", "line_chart", "save", "sweep_chart"]
