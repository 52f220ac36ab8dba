"""The charts of an after-action report, as SVG text ready to inline in HTML.

Built on :mod:`wargame.charts` (Matplotlib, reproducible SVG). Each function takes plain data
and returns an ``<svg>`` element with no XML prolog, no metadata and no namespace URLs, its
ids prefixed so that several charts can share one HTML page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from matplotlib.ticker import MaxNLocator

from wargame.charts import PALETTE, plt, save

_PROLOG = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_NAMESPACE = re.compile(r'\s+xmlns(:\w+)?="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')


def inline_svg(svg: str, prefix: str) -> str:
    """Matplotlib's SVG document as an element for an HTML page: prolog, metadata and
    namespace declarations dropped (HTML needs none of them), ids prefixed with ``prefix``."""
    svg = _PROLOG.sub("", svg)
    svg = _METADATA.sub("", svg)
    svg = _NAMESPACE.sub("", svg)
    svg = svg.replace("xlink:href=", "href=")
    for ident in dict.fromkeys(_ID.findall(svg)):
        new = f"{prefix}-{ident}"
        svg = svg.replace(f'id="{ident}"', f'id="{new}"')
        svg = svg.replace(f'href="#{ident}"', f'href="#{new}"')
        svg = svg.replace(f"url(#{ident})", f"url(#{new})")
    return svg.strip()


def _grid(count: int, columns: int = 3) -> tuple[int, int]:
    columns = max(1, min(columns, count))
    return math.ceil(count / columns), columns


def _short(text: str, width: int = 26) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def tracks_figure(
    labels: Sequence[str],
    tracks: Sequence[tuple[str, Sequence[int], tuple[int, int]]],
    marks: Mapping[int, Sequence[tuple[int, str]]],
    prefix: str = "tracks",
) -> str:
    """Small multiples: each track's value over the turns (``labels``), one panel per track
    ``(name, values, (min, max))``; ``marks[i]`` lists ``(x, note)`` for panel ``i`` — the
    large moves, annotated with their main cause."""
    rows, columns = _grid(len(tracks))
    figure, axes = plt.subplots(
        rows, columns, figsize=(3.3 * columns, 2.3 * rows), squeeze=False, sharex=True
    )
    xs = list(range(len(labels)))
    for i, ax in enumerate(axes.flat):
        if i >= len(tracks):
            ax.set_visible(False)
            continue
        name, values, (low, high) = tracks[i]
        ax.plot(xs[: len(values)], list(values), marker=".", color=PALETTE[0], linewidth=1.4)
        ax.set_ylim(low - 0.5, high + 0.5)
        ax.set_title(_short(name, 34), fontsize=8.5)
        last = len(values) - 1
        for n, (x, note) in enumerate(sorted(marks.get(i, ()))):
            if x > last:
                continue
            ax.plot([x], [values[x]], marker="o", color="#d62728", markersize=5)
            # Alternate above and below, and keep the ends' notes inside the panel.
            ha = "left" if x == 0 else "right" if x == last else "center"
            ax.annotate(
                _short(note, 22),
                (x, values[x]),
                xytext=(0, 6 if n % 2 == 0 else -11),
                textcoords="offset points",
                fontsize=6,
                ha=ha,
                color="#7f1d1d",
            )
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax.set_xticks(xs, [_short(label, 12) for label in labels], rotation=45, ha="right")
        ax.tick_params(labelsize=6.5)
    figure.tight_layout()
    return inline_svg(save(figure, None), prefix)


def winprob_figure(
    series: Mapping[str, Sequence[float]],
    colours: Mapping[str, str],
    turn_starts: Sequence[tuple[int, str]],
    marks: Sequence[tuple[int, float, str]],
    prefix: str = "winprob",
) -> str:
    """Each side's chance of winning (0–1) at every decision point, one line per side
    (``series`` by display name); ``turn_starts`` are ``(point, label)`` rules across the chart
    and ``marks`` ``(point, chance, label)`` the turning points."""
    figure, ax = plt.subplots(figsize=(7.2, 3.4))
    for name, values in series.items():
        ax.plot(
            range(len(values)),
            [100 * v for v in values],
            color=colours.get(name, PALETTE[0]),
            linewidth=1.6,
            label=name,
            drawstyle="steps-post",
        )
    for x, label in turn_starts:
        ax.axvline(x, color="#bbbbbb", linewidth=0.6, linestyle=":")
        ax.annotate(_short(label, 14), (x, 101), fontsize=6.5, color="#666666", va="bottom")
    for x, chance, label in marks:
        ax.plot([x], [100 * chance], marker="o", markersize=9, color="#222222", zorder=5)
        ax.annotate(
            label,
            (x, 100 * chance),
            fontsize=6.5,
            color="white",
            ha="center",
            va="center",
            zorder=6,
        )
    ax.set_ylim(0, 108)
    ax.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("decision")
    ax.set_ylabel("chance of winning")
    ax.legend(frameon=False, fontsize=7.5, loc="lower left", ncol=len(series))
    return inline_svg(save(figure, None), prefix)


def win_rates_figure(
    rows: Sequence[tuple[str, float, float, float, str]], prefix: str = "winrates"
) -> str:
    """Horizontal bars: ``(label, rate, low, high, colour)`` with the 95% interval as whiskers."""
    figure, ax = plt.subplots(figsize=(6.0, 0.5 + 0.45 * len(rows)))
    ys = list(range(len(rows)))[::-1]
    for y, (_label, rate, low, high, colour) in zip(ys, rows, strict=True):
        ax.barh(y, 100 * rate, color=colour, height=0.6)
        ax.errorbar(
            100 * rate,
            y,
            xerr=[[100 * (rate - low)], [100 * (high - rate)]],
            color="#222222",
            capsize=3,
            linewidth=1,
        )
        ax.annotate(f"{100 * rate:.0f}%", (100 * high + 1.5, y), va="center", fontsize=7.5)
    ax.set_yticks(ys, [label for label, *_ in rows])
    ax.set_xlim(0, 110)
    ax.set_xlabel("share of games won (95% interval)")
    return inline_svg(save(figure, None), prefix)


def histograms_figure(
    panels: Sequence[tuple[str, Mapping[int, int], str]], prefix: str = "scores"
) -> str:
    """Small multiples of score distributions: ``(title, {score: games}, colour)``."""
    rows, columns = _grid(len(panels))
    figure, axes = plt.subplots(rows, columns, figsize=(3.3 * columns, 2.2 * rows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= len(panels):
            ax.set_visible(False)
            continue
        title, counts, colour = panels[i]
        scores = sorted(counts)
        ax.bar(scores, [counts[s] for s in scores], color=colour, width=0.85)
        ax.set_title(title, fontsize=8.5)
        ax.set_xlabel("score", fontsize=7)
        ax.tick_params(labelsize=6.5)
    axes.flat[0].set_ylabel("games", fontsize=7)
    figure.tight_layout()
    return inline_svg(save(figure, None), prefix)


def attribution_figure(
    panels: Sequence[tuple[str, Sequence[tuple[str, float]]]], prefix: str = "attribution"
) -> str:
    """Small multiples of diverging bars: per track ``(title, [(cause, mean change), ...])``."""
    rows, columns = _grid(len(panels), 2)
    tallest = max((len(causes) for _, causes in panels), default=1)
    figure, axes = plt.subplots(
        rows, columns, figsize=(4.4 * columns, (0.6 + 0.28 * tallest) * rows), squeeze=False
    )
    for i, ax in enumerate(axes.flat):
        if i >= len(panels):
            ax.set_visible(False)
            continue
        title, causes = panels[i]
        ys = list(range(len(causes)))[::-1]
        values = [v for _, v in causes]
        colours = ["#2ca02c" if v > 0 else "#d62728" for v in values]
        ax.barh(ys, values, color=colours, height=0.6)
        ax.axvline(0, color="#444444", linewidth=0.6)
        ax.set_yticks(ys, [_short(name, 28) for name, _ in causes])
        ax.set_title(_short(title, 40), fontsize=8.5)
        ax.tick_params(labelsize=6.5)
    figure.tight_layout()
    return inline_svg(save(figure, None), prefix)


__all__ = [
    "attribution_figure",
    "histograms_figure",
    "inline_svg",
    "tracks_figure",
    "win_rates_figure",
    "winprob_figure",
]
