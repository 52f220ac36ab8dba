"""``wargame sweep``: each side's win rate across a grid of one or two parameters."""

from __future__ import annotations

import argparse
import csv
import io
import json

from engine.analysis.measure.sweep import AxisError, Sweep, parse_axis, sweep
from wargame.options import (
    UsageError,
    add_study_options,
    add_variant_options,
    backend_from,
    check_output,
    check_study_options,
    load_from_args,
    parse_bots,
    progress,
    write_text,
)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``sweep`` subcommand."""
    p = sub.add_parser(
        "sweep",
        help="win rates across a grid of one or two parameters, on the same seeds",
        description="Play the scenario at every point of a grid over one or two parameters "
        "(named params or dotted paths) on the same seeds; print a table, and write CSV, JSON "
        "and a chart.",
        epilog="examples:\n"
        "  wargame sweep russian-reaction --param tracks.tolerance.start=2..10:2 --runs 500\n"
        "  wargame sweep russian-reaction --param ledger_alarm=3..7 --chart sweep.svg\n"
        "  wargame sweep iranian-entrenchment --param tracks.tolerance.start=3..9:3 "
        "--param tracks.discomfort.start=0..6:3 --csv grid.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("scenario", help="shipped id, path or variant file")
    p.add_argument(
        "--param",
        action="append",
        required=True,
        metavar="NAME=LO..HI[:STEP]",
        help="an axis: a named param or dotted path, and its values (LO..HI[:STEP] or A,B,C); "
        "give one or two",
    )
    add_study_options(p, runs=200)
    add_variant_options(p)
    p.add_argument("--csv", metavar="FILE", help="one row per grid point")
    p.add_argument("--json", metavar="FILE", help="the sweep as JSON ('-' for stdout)")
    p.add_argument("--chart", metavar="FILE", help="a chart of win rates (.svg or .png)")
    p.set_defaults(func=cmd_sweep)


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run the sweep and report."""
    check_study_options(args)
    for name in (args.csv, args.json, args.chart):
        check_output(name)
    if args.chart and not args.chart.endswith((".svg", ".png")):
        raise UsageError(f"--chart {args.chart}: give a .svg or .png file")
    if len(args.param) > 2:
        raise UsageError("--param: a sweep takes one or two axes")
    scenario = load_from_args(args)
    try:
        axes = [parse_axis(text, scenario) for text in args.param]
    except AxisError as exc:
        raise UsageError(str(exc)) from None
    if len({a.path for a in axes}) < len(axes):
        raise UsageError("--param: the two axes set the same value")
    kinds = parse_bots(args.bots, scenario)
    points = 1
    for axis in axes:
        points *= len(axis.values)
    backend = backend_from(args)
    with progress(points * args.runs) as on_progress:
        try:
            result = sweep(
                scenario,
                axes,
                args.runs,
                args.seed,
                bots=kinds,
                backend=backend,
                on_progress=on_progress,
            )
        except AxisError as exc:
            raise UsageError(str(exc)) from None
    if args.csv:
        write_text(args.csv, to_csv(result))
    if args.json:
        write_text(args.json, json.dumps(result.to_dict(), indent=2) + "\n")
    if args.chart:
        from wargame.charts import sweep_chart

        sweep_chart(result, args.chart)
    if args.json != "-":
        print(report(result))
        if args.chart:
            print(f"\nChart written to {args.chart}")
    return 0


def to_csv(result: Sweep) -> str:
    """One row per grid point."""
    rows = result.rows()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def report(result: Sweep) -> str:
    """The table: one row per point, each side's win rate with its 95% interval."""
    first = result.points[0][1]
    scenario = first.scenario
    names = {a.id: a.name for a in scenario.actors}
    bots = ", ".join(f"{a}={k}" for a, k in first.bots.items())
    axes = " × ".join(f"{a.name} ({len(a.values)} values)" for a in result.axes)
    out = [
        f"Sweep of {scenario.title} over {axes}",
        f"  {first.runs} seeds per point, the same at every point (root seed {first.seed}); "
        f"bots: {bots}",
        "",
    ]
    widths = [max(len(a.name), 6) + 2 for a in result.axes]
    head = "".join(f"{a.name:>{w}}" for a, w in zip(result.axes, widths, strict=True))
    head += "".join(f"{names[a] + ' wins':>24}" for a in result.actors) + f"{'nobody':>9}"
    out.append(head)
    for row in result.rows():
        line = "".join(f"{row[a.name]:>{w}}" for a, w in zip(result.axes, widths, strict=True))
        for actor in result.actors:
            cell = (
                f"{100 * row[f'win_{actor}']:5.1f}% "
                f"[{100 * row[f'low_{actor}']:4.1f}–{100 * row[f'high_{actor}']:4.1f}]"
            )
            line += f"{cell:>24}"
        line += f"{100 * row['no_winner']:8.1f}%"
        out.append(line)
    return "\n".join(out)


__all__ = ["cmd_sweep", "register", "report", "to_csv"]
