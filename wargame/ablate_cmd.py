"""``wargame ablate``: switch off each rule, operation and card (or each claim's mechanics) in
turn and rank them by their paired effect on the outcome."""

from __future__ import annotations

import argparse
import json

from engine.analysis.measure.ablate import BY, Ablation, ablate, units
from engine.analysis.run.aggregate import NOBODY
from wargame.compare_cmd import fmt_diff
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
    """Add the ``ablate`` subcommand."""
    p = sub.add_parser(
        "ablate",
        help="switch off each rule, operation and card in turn; rank them by effect",
        description="For each card, operation and standing rule (or, with --by claim, for each "
        "claim: everything citing it at once), play the scenario without it on the same seeds "
        "as the base and report the paired change in each side's win rate and the main tracks.",
        epilog="examples:\n"
        "  wargame ablate russian-reaction --runs 500\n"
        "  wargame ablate russian-reaction --by claim --runs 1000 --json claims.json\n"
        "  wargame ablate iranian-entrenchment --only unpaid_ledger,kremlin_review",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("scenario", help="shipped id, path or variant file")
    add_study_options(p, runs=500)
    add_variant_options(p)
    p.add_argument("--by", choices=BY, default="item", help="item (default) or claim")
    p.add_argument("--only", help="comma-separated ids of the units to ablate (default: all)")
    p.add_argument("--top", type=int, default=15, help="rows in the table (default 15)")
    p.add_argument("--json", metavar="FILE", help="write every unit's effects as JSON")
    p.set_defaults(func=cmd_ablate)


def cmd_ablate(args: argparse.Namespace) -> int:
    """Run the ablation and report."""
    check_study_options(args)
    check_output(args.json)
    scenario = load_from_args(args)
    kinds = parse_bots(args.bots, scenario)
    only = [x.strip() for x in args.only.split(",") if x.strip()] if args.only else []
    known = {u.id for u in units(scenario, args.by)}
    unknown = [x for x in only if x not in known]
    if unknown:
        from engine.errors import did_you_mean

        what = "claim" if args.by == "claim" else "card, operation or rule"
        hint = did_you_mean(unknown[0], known)
        raise UsageError(f"--only: '{unknown[0]}' is not a {what} of {scenario.id}{hint}")
    count = len(only) if only else len(known)
    backend = backend_from(args)
    with progress((count + 1) * args.runs) as on_progress:
        result = ablate(
            scenario,
            args.runs,
            args.seed,
            bots=kinds,
            by=args.by,
            only=only,
            backend=backend,
            on_progress=on_progress,
        )
    if args.json:
        write_text(args.json, json.dumps(result.to_dict(), indent=2) + "\n")
    if args.json != "-":
        print(report(result, args.top))
    return 0


def report(result: Ablation, top: int = 15) -> str:
    """The ranked table."""
    base = result.base
    scenario = base.scenario
    names = {a.id: a.name for a in scenario.actors} | {NOBODY: "nobody"}
    bots = ", ".join(f"{a}={k}" for a, k in base.bots.items())
    rates = ", ".join(f"{names[a]} {100 * base.win_rate(a):.1f}%" for a in base.actors)
    unit_word = "claim's mechanics" if result.by == "claim" else "card, operation and rule"
    out = [
        f"Ablation of {scenario.title}: each {unit_word} switched off in turn",
        f"  {base.runs} paired seeds (root seed {base.seed}); bots: {bots}",
        f"  base win rates: {rates}",
        "",
        "Ranked by the largest change in any side's win rate (B − A: without it − with it):",
    ]
    main = [t.id for t in scenario.tracks if t.main]
    for unit, comparison in result.ranked()[:top]:
        label = f"{unit.id} ({unit.kind})" if result.by == "item" else unit.id
        out.append(f"  {label}")
        if result.by == "claim":
            out.append(f"      {unit.name}")
            out.append(f"      switches off: {', '.join(unit.disable)}")
        for actor in base.actors:
            change = fmt_diff(comparison.wins[actor], percent=True)
            out.append(f"      {names[actor] + ' wins':<26}{change}")
        moved = [
            (track, comparison.tracks[track])
            for track in main
            if track in comparison.tracks and comparison.tracks[track].significant
        ]
        moved.sort(key=lambda kv: -abs(kv[1].diff))
        for track, estimate in moved[:3]:
            name = scenario.tables.names.get(track, track)
            name = name if len(name) <= 25 else name[:24] + "…"
            out.append(f"      {name:<26}{fmt_diff(estimate)}")
    inert = result.inert()
    if inert:
        out += [
            "",
            f"Changed nothing on any seed ({len(inert)}): " + ", ".join(u.id for u in inert),
        ]
    if result.skipped:
        out += ["", "Could not be switched off:"]
        out += [f"  {u.id}: {reason}" for u, reason in result.skipped]
    out += ["", "* the 95% paired interval excludes zero"]
    return "\n".join(out)


__all__ = ["cmd_ablate", "register", "report"]
