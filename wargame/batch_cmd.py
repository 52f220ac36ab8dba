"""``wargame batch``: many seeded bot playthroughs, summarised on the terminal, in JSON and CSV.

The numbers come from :mod:`engine.analysis.batch` (pure); this module parses options, draws the
progress bar (rich, only when stderr is a terminal) and formats the report.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from engine.analysis.batch import NOBODY, BatchResult, default_jobs, run_batch


def register_batch(sub: argparse._SubParsersAction) -> None:
    """Add the ``batch`` subcommand to the ``wargame`` parser."""
    p = sub.add_parser(
        "batch",
        help="run many seeded bot playthroughs and summarise the outcomes",
        description="Run N seeded playthroughs over J processes; the results do not depend on J.",
    )
    p.add_argument("scenario", help="shipped id or path")
    p.add_argument("--runs", type=int, default=100, help="number of playthroughs (default 100)")
    p.add_argument("--seed", type=int, default=1, help="root seed (default 1)")
    p.add_argument(
        "--bots",
        help="ACTOR=KIND[:N],... (all=KIND for every actor; N: ismcts iterations, greedy samples)",
    )
    p.add_argument("--jobs", type=int, help=f"processes (default: all cores, {default_jobs()})")
    p.add_argument("--turns", type=int, help="override the turn limit")
    p.add_argument("--json", metavar="FILE", help="write the summary as JSON ('-' for stdout)")
    p.add_argument("--csv", metavar="FILE", help="write one row per playthrough as CSV")
    p.add_argument("--quiet", action="store_true", help="print no report (files only)")
    p.set_defaults(func=cmd_batch)


def cmd_batch(args: argparse.Namespace) -> int:
    """Run the batch and report it."""
    from engine.analysis.playout import with_turn_limit
    from wargame.cli import UsageError, load

    if args.runs < 1:
        raise UsageError("--runs must be at least 1")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.turns is not None and args.turns < 1:
        raise UsageError("--turns must be at least 1")
    scenario = with_turn_limit(load(args.scenario), args.turns)
    from wargame.cli import parse_bots  # here: cli imports this module

    kinds = parse_bots(args.bots, scenario)
    for name in (args.json, args.csv):
        if name and name != "-" and not Path(name).parent.is_dir():
            raise UsageError(f"cannot write '{name}': no folder '{Path(name).parent}'")
    with _progress(args.runs) as on_progress:
        result = run_batch(scenario, args.runs, args.seed, kinds, args.jobs, on_progress)
    try:
        if args.json:
            text = json.dumps(result.to_dict(), indent=2, sort_keys=False) + "\n"
            if args.json == "-":
                sys.stdout.write(text)
            else:
                Path(args.json).write_text(text, encoding="utf-8")
        if args.csv:
            write_csv(result, Path(args.csv))
    except OSError as exc:
        raise UsageError(f"cannot write output: {exc.strerror or exc}") from None
    if not args.quiet and args.json != "-":
        try:
            print(report(result), flush=True)
        except BrokenPipeError:  # e.g. piped into `head`: not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def write_csv(result: BatchResult, path: Path) -> None:
    """One row per playthrough, in index order."""
    actors = result.actors
    rows = [r.row(actors) for r in result.records]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int, int], None] | None]:
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("playthroughs", total=total)
        yield lambda done, _total: bar.update(task, completed=done)


# -- the text report ----------------------------------------------------------------------
def _pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def report(result: BatchResult) -> str:
    """The human-readable summary."""
    s = result.scenario
    names = {a.id: a.name for a in s.actors}
    names[NOBODY] = "nobody"
    agg = result.aggregate
    data = result.to_dict()
    bots = ", ".join(f"{a}={k}" for a, k in result.bots.items()) or "all=random"
    width = max(len(n) for n in names.values()) + 2
    out = [
        f"{s.title} — {result.runs} playthroughs, root seed {result.seed}, bots: {bots}",
        "",
        "Win rates (95% Wilson interval)",
    ]
    for actor in result.actors:
        low, high = data["ci95"][actor]
        out.append(
            f"  {names[actor]:<{width}}{_pct(result.win_rate(actor))}  "
            f"[{_pct(low).strip()} – {_pct(high).strip()}]  {agg.wins[actor]} wins"
        )
    out.append(f"  {'(nobody)':<{width}}{_pct(agg.no_winner / result.runs)}  {agg.no_winner} games")
    out += ["", f"Scores  {'':<{width - 2}}  mean   min  p25  med  p75  max"]
    for actor in result.actors:
        q = data["scores"][actor]
        if q:
            out.append(
                f"  {names[actor]:<{width}}{q['mean']:6.2f}  {q['min']:4} {q['p25']:4} "
                f"{q['median']:4} {q['p75']:4} {q['max']:4}"
            )
    hist = ", ".join(f"turn {t}: {n}" for t, n in sorted(agg.turns.items()))
    out += [
        "",
        f"Game length: {data['mean_turns']:.2f} turns on average ({hist}); "
        f"{data['mean_actions']:.1f} decisions",
        "Endings: "
        + ", ".join(f"{k} {v}" for k, v in sorted(agg.endings.items(), key=lambda kv: -kv[1])),
        "",
        "Mean track values (start, then after each turn; a game that ended early counts"
        " only in the turns it completed)",
    ]
    track_names = {t.id: t.name for t in s.tracks} | {c.id: c.name for c in s.counters}
    twidth = max((len(n) for n in track_names.values()), default=8) + 2
    for track, means in result.track_means().items():
        cells = " ".join(f"{m:6.2f}" for m in means)
        out.append(f"  {track_names[track]:<{twidth}}{cells}")
    out += ["", "Cards most associated with each outcome (rate when played vs otherwise)"]
    for label, cards in data["card_associations"].items():
        title = f"{names[label]} wins" if label != NOBODY else "nobody wins"
        if not cards:
            out.append(f"  {title}: no card stands out")
            continue
        bits = [
            f"{s.cards[c['card']].front.name} {_pct(c['rate_when_played']).strip()} vs "
            f"{_pct(c['rate_otherwise']).strip()}"
            for c in cards
        ]
        out.append(f"  {title}: " + "; ".join(bits))
    return "\n".join(out)


__all__ = ["cmd_batch", "register_batch", "report", "write_csv"]
