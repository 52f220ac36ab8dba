"""``wargame batch``: many seeded bot playthroughs, summarised on the terminal, in JSON and CSV.

The numbers come from :mod:`engine.analysis.run.batch` (pure); this module parses options, draws the
progress bar (rich, only when stderr is a terminal) and formats the report.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from engine.analysis.run.aggregate import NOBODY
from engine.analysis.run.batch import StudyInterrupted, run_batch
from engine.analysis.run.batch_result import BatchResult, scored_actors
from engine.analysis.run.features import describe_feature
from engine.analysis.run.playout import resolved_bots
from engine.analysis.run.records import RunRecord, csv_row, game_record
from engine.load.scenario import Scenario
from wargame.options import (
    EXIT_INTERRUPTED,
    UsageError,
    add_agent_options,
    add_study_options,
    add_variant_options,
    agent_options_from,
    backend_from,
    check_output,
    check_study_options,
    load_from_args,
    parse_bots,
    progress,
    write_text,
)


def register_batch(sub: argparse._SubParsersAction) -> None:
    """Add the ``batch`` subcommand to the ``wargame`` parser."""
    p = sub.add_parser(
        "batch",
        help="run many seeded bot playthroughs and summarise the outcomes",
        description="Run N seeded playthroughs over J processes; the results do not depend on J.",
    )
    p.add_argument("scenario", help="shipped id, path or variant file")
    add_study_options(p)
    add_variant_options(p)
    p.add_argument("--json", metavar="FILE", help="write the summary as JSON ('-' for stdout)")
    p.add_argument("--csv", metavar="FILE", help="write one row per playthrough as CSV")
    p.add_argument(
        "--jsonl",
        metavar="FILE",
        help="write one JSON object per playthrough, one per line ('-' for stdout)",
    )
    add_agent_options(p)
    p.add_argument("--quiet", action="store_true", help="print no report (files only)")
    p.set_defaults(func=cmd_batch)


def cmd_batch(args: argparse.Namespace) -> int:
    """Run the batch and report it."""
    check_study_options(args)
    scenario = load_from_args(args)
    kinds = parse_bots(args.bots, scenario, agents=True)
    agents = agent_options_from(args)
    outputs = (args.json, args.csv, args.jsonl)
    for name in outputs:
        check_output(name)
    if sum(name == "-" for name in outputs) > 1:
        raise UsageError("only one of --json, --csv and --jsonl can write to stdout ('-')")
    backend = backend_from(args)
    streams = RecordStreams(args, scenario, args.seed, resolved_bots(scenario, kinds))
    try:
        with streams, progress(args.runs) as on_progress:
            result = run_batch(
                scenario,
                args.runs,
                args.seed,
                kinds,
                on_progress=on_progress,
                backend=backend,
                agents=agents,
                on_records=streams.write,
                keep_records=False,
            )
    except StudyInterrupted as stop:
        # Ctrl-C: keep what was played. The files say they are partial; the report is skipped.
        partial = stop.results[0]
        if partial.runs and any(outputs):
            streams.finish()
            write_outputs(args, partial, requested=stop.requested)
            where = " and ".join(n for n in outputs if n and n != "-")
            print(
                f"wargame batch: interrupted after {partial.runs} of {stop.requested} "
                f"playthroughs; the partial results are in {where or 'stdout'}",
                file=sys.stderr,
            )
            # Said in full above; the usual "interrupted" line would repeat it.
            return EXIT_INTERRUPTED
        streams.discard()
        raise KeyboardInterrupt from None
    streams.finish()
    write_outputs(args, result)
    if not args.quiet and "-" not in outputs:
        try:
            print(report(result), flush=True)
        except BrokenPipeError:  # e.g. piped into `head`: not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def write_outputs(args: argparse.Namespace, result: BatchResult, requested: int = 0) -> None:
    """The JSON summary (``-``: standard output); and the CSV and JSONL rows when ``result``
    kept its records (``wargame batch`` streams those instead: :class:`RecordStreams`)."""
    if args.json:
        data = result.to_dict()
        if requested:
            data = {"partial": True, "runs_requested": requested, **data}
        write_text(args.json, json.dumps(data, indent=2, sort_keys=False) + "\n")
    if not result.records:
        return
    if args.csv:
        write_text(args.csv, csv_text(result))
    if getattr(args, "jsonl", None):
        write_text(args.jsonl, jsonl_text(result))


class RecordStreams:
    """``--jsonl`` and ``--csv`` written as the batch's records arrive (in run order), so a
    batch holds no list of them: memory stays flat for any number of runs.

    A file is written beside its name and moved into place by :meth:`finish` (a failed batch
    leaves no half file; a stopped one keeps what was played, as the summary says); ``-``
    writes to standard output as it goes. The bytes are those of :func:`jsonl_text` and
    :func:`csv_text` on a batch that kept its records.
    """

    def __init__(
        self, args: argparse.Namespace, scenario: Scenario, seed: int, bots: dict[str, str]
    ):
        self.scenario, self.seed, self.bots = scenario, seed, bots
        self.actors = scored_actors(scenario)
        self.names = {"jsonl": getattr(args, "jsonl", None), "csv": args.csv}
        self.files: dict[str, TextIO] = {}
        self.temps: dict[str, Path] = {}
        self.csv: csv.DictWriter | None = None

    def __enter__(self) -> RecordStreams:
        for kind, name in self.names.items():
            if not name:
                continue
            if name == "-":
                self.files[kind] = sys.stdout
                continue
            target = Path(name)
            try:
                handle, temp = tempfile.mkstemp(
                    prefix=f".{target.name}.", suffix=".part", dir=target.parent
                )
            except OSError as exc:
                raise UsageError(f"cannot write '{name}': {exc.strerror or exc}") from None
            self.temps[kind] = Path(temp)
            self.files[kind] = open(handle, "w", encoding="utf-8", newline="")
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if error is not None and not isinstance(error, StudyInterrupted):
            self.discard()

    def write(self, records: Sequence[RunRecord]) -> None:
        """Append ``records`` (the next ones in run order) to every stream."""
        out = self.files.get("jsonl")
        try:
            if out is not None:
                out.write(
                    "".join(
                        json.dumps(game_record(self.scenario, self.seed, self.bots, r)) + "\n"
                        for r in records
                    )
                )
            if "csv" in self.files:
                rows = [
                    csv_row(self.scenario, self.seed, self.bots, r, self.actors) for r in records
                ]
                if rows and self.csv is None:
                    self.csv = csv.DictWriter(
                        self.files["csv"], fieldnames=list(rows[0]), lineterminator="\n"
                    )
                    self.csv.writeheader()
                if self.csv is not None:
                    self.csv.writerows(rows)
        except OSError as exc:
            raise UsageError(f"cannot write the records: {exc.strerror or exc}") from None

    def finish(self) -> None:
        """Close the streams and move every file into place."""
        for kind, out in self.files.items():
            if out is sys.stdout:
                out.flush()
                continue
            out.close()
            try:
                os.replace(self.temps[kind], str(self.names[kind]))
            except OSError as exc:
                raise UsageError(
                    f"cannot write '{self.names[kind]}': {exc.strerror or exc}"
                ) from None
        self.files.clear()

    def discard(self) -> None:
        """Close the streams and remove the unfinished files."""
        for kind, out in self.files.items():
            if out is not sys.stdout:
                out.close()
                self.temps[kind].unlink(missing_ok=True)
        self.files.clear()


def jsonl_text(result: BatchResult) -> str:
    """One JSON object per playthrough, one per line, in run order (see docs/outputs.md)."""
    return "".join(
        json.dumps(game_record(result.scenario, result.seed, result.bots, r)) + "\n"
        for r in result.records
    )


def csv_text(result: BatchResult) -> str:
    """One row per playthrough, in run order: scenario, root_seed, bots, run, seed, ..."""
    actors = result.actors
    rows = [csv_row(result.scenario, result.seed, result.bots, r, actors) for r in result.records]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(result: BatchResult, path: Path) -> None:
    """Write :func:`csv_text` to ``path``."""
    path.write_text(csv_text(result), encoding="utf-8")


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
    out += [
        "",
        "Cards and rules most associated with each outcome (rate when present vs otherwise)",
    ]
    for label, features in data["associations"].items():
        title = f"{names[label]} wins" if label != NOBODY else "nobody wins"
        if not features:
            out.append(f"  {title}: nothing stands out")
            continue
        bits = [
            f"{describe_feature(s, f['feature'])} {_pct(f['rate_when_present']).strip()} vs "
            f"{_pct(f['rate_otherwise']).strip()}"
            for f in features
        ]
        out.append(f"  {title}: " + "; ".join(bits))
    out += ["", *attribution_lines(result)]
    return "\n".join(out)


def attribution_lines(result: BatchResult, top: int = 4) -> list[str]:
    """What moved each main track, per game on average: its largest causes and claims."""
    data = result.to_dict()["attribution"]
    out = [
        "What moved the main tracks (mean change per game, by cause; the claims and "
        "assumptions behind it in brackets)"
    ]
    for track in result.scenario.tracks:
        entry = data.get(track.id)
        if not track.main or entry is None:
            continue
        causes = "; ".join(f"{c['name']} {c['mean']:+.2f}" for c in entry["by_cause"][:top])
        cited = {**entry["by_claim"], **entry["by_assumption"]}
        cited.pop("none", None)
        claims = ", ".join(
            f"{ident} {change:+.2f}"
            for ident, change in sorted(cited.items(), key=lambda kv: -abs(kv[1]))[:3]
        )
        out.append(f"  {entry['name']} {entry['mean']:+.2f}: {causes}  [{claims}]")
    return out


__all__ = [
    "RecordStreams",
    "attribution_lines",
    "cmd_batch",
    "csv_text",
    "jsonl_text",
    "register_batch",
    "report",
    "write_csv",
    "write_outputs",
]
