"""``wargame compare``: two arms on the same seeds — what one change does, with intervals."""

from __future__ import annotations

import argparse
import json

from engine.analysis.measure.compare import Comparison, compare
from engine.analysis.measure.stats import PairedEstimate
from engine.analysis.run.aggregate import NOBODY
from engine.analysis.run.batch import Arm
from wargame.options import (
    UsageError,
    add_study_options,
    add_variant_options,
    backend_from,
    check_output,
    check_study_options,
    load,
    parse_bots,
    progress,
    variant_from,
    write_text,
)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``compare`` subcommand."""
    p = sub.add_parser(
        "compare",
        help="paired comparison: the same seeds with and without a change",
        description="Play side A and side B on the same seeds and report B − A with 95%% "
        "paired intervals. A is the first scenario as written; B is the second scenario (or "
        "the first again) with --set/--disable/--bots-b applied.",
        epilog="examples:\n"
        "  wargame compare russian-reaction --set tracks.tolerance.start=4 --runs 2000\n"
        "  wargame compare russian-reaction --disable notify_on_line --disable call_the_line\n"
        "  wargame compare israeli-strike my-variant.yaml --json result.json\n"
        "  wargame compare russian-reaction --bots all=doctrine --bots-b israel=ismcts:100",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("a", metavar="A", help="side A: a shipped id, a path or a variant file")
    p.add_argument("b", metavar="B", nargs="?", help="side B (default: A again)")
    add_study_options(p, runs=1000)
    p.add_argument("--bots-b", help="bots for side B only (default: as --bots)")
    add_variant_options(p)
    p.add_argument("--json", metavar="FILE", help="write the comparison as JSON ('-' for stdout)")
    p.set_defaults(func=cmd_compare)


def cmd_compare(args: argparse.Namespace) -> int:
    """Run both sides and report."""
    check_study_options(args)
    check_output(args.json)
    changes = variant_from(args)
    turns_only = variant_from(argparse.Namespace(turns=args.turns))
    scenario_a = load(args.a, turns_only)
    scenario_b = load(args.b or args.a, changes)
    if args.b is None and not changes.changes[len(turns_only.changes) :] and not args.bots_b:
        raise UsageError(
            "nothing differs between A and B: give B, or --set/--disable/--bots-b for side B"
        )
    bots_a = parse_bots(args.bots, scenario_a)
    bots_b = {**parse_bots(args.bots, scenario_b), **parse_bots(args.bots_b, scenario_b)}
    backend = backend_from(args)
    with progress(2 * args.runs) as on_progress:
        result = compare(
            Arm(scenario_a, bots_a, "A"),
            Arm(scenario_b, bots_b, "B"),
            args.runs,
            args.seed,
            backend=backend,
            on_progress=on_progress,
        )
    if args.json:
        write_text(args.json, json.dumps(result.to_dict(), indent=2) + "\n")
    if args.json != "-":
        print(report(result))
    return 0


def fmt_diff(estimate: PairedEstimate, percent: bool = False) -> str:
    """``+2.10  [+1.20, +3.00] *`` — the difference, its interval and a mark when it is clear."""
    scale, unit = (100, " pts") if percent else (1, "")
    mark = " *" if estimate.significant else "  "
    return (
        f"{scale * estimate.diff:+7.2f}{unit}  [{scale * estimate.low:+.2f}, "
        f"{scale * estimate.high:+.2f}]{mark}"
    )


def side_line(label: str, result) -> str:
    """``A: title (changes; bots)``."""
    scenario = result.scenario
    changes = "; ".join(scenario.variant.describe())
    bots = ", ".join(f"{a}={k}" for a, k in result.bots.items())
    return (
        f"  {label}: {scenario.title}"
        + (f" — with {changes}" if changes else "")
        + f"  [bots: {bots}]"
    )


def report(result: Comparison) -> str:
    """The human-readable comparison."""
    a, b = result.a, result.b
    names = {x.id: x.name for x in a.scenario.actors} | {NOBODY: "(nobody)"}
    track_names = a.scenario.tables.names
    out = [
        f"Paired comparison over {result.runs} seeds (root seed {a.seed})",
        side_line("A", a),
        side_line("B", b),
        "",
        f"{'Win rate':<34}{'A':>8}{'B':>8}   B − A (95% interval)",
    ]
    for actor, estimate in result.wins.items():
        out.append(
            f"  {names.get(actor, actor):<32}{100 * estimate.a:7.1f}%{100 * estimate.b:7.1f}%"
            f"  {fmt_diff(estimate, percent=True)}"
        )
    out += ["", f"{'Mean score':<34}{'A':>8}{'B':>8}"]
    for actor, estimate in result.scores.items():
        name = names.get(actor, actor)
        out.append(f"  {name:<32}{estimate.a:8.2f}{estimate.b:8.2f}  {fmt_diff(estimate)}")
    out += ["", f"{'Final value (mean)':<34}{'A':>8}{'B':>8}"]
    quiet = []
    for track, estimate in result.tracks.items():
        if estimate.low == estimate.high == 0:
            quiet.append(track_names.get(track, track))
            continue
        name = track_names.get(track, track)
        name = name if len(name) <= 32 else name[:31] + "…"
        out.append(f"  {name:<32}{estimate.a:8.2f}{estimate.b:8.2f}  {fmt_diff(estimate)}")
    if quiet:
        out.append(f"  unchanged on every seed: {', '.join(quiet)}")
    if len(result.endings) > 1:
        out += ["", f"{'Ending':<34}{'A':>8}{'B':>8}"]
        for ending, estimate in result.endings.items():
            out.append(
                f"  {ending:<32}{100 * estimate.a:7.1f}%{100 * estimate.b:7.1f}%"
                f"  {fmt_diff(estimate, percent=True)}"
            )
    out += ["", "* the 95% interval excludes zero (paired t; wins and endings: McNemar p in JSON)"]
    return "\n".join(out)


__all__ = ["cmd_compare", "register", "report"]
