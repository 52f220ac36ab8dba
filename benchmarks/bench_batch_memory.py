"""Batch memory: flat in the number of runs when the records are streamed.

Run: ``python benchmarks/bench_batch_memory.py [--runs 1000,10000,100000] [--scenario REF]
[--bots SPEC] [--jobs J] [--kept]``.

Each size runs in a fresh interpreter: load the scenario, note the peak resident memory, play
the batch with every record streamed to a sink that serialises it as ``--jsonl`` would and
throws it away (``keep_records=False``, as ``wargame batch`` does), then note the peak again.
The growth is what the batch itself needed; flat means it does not grow with the runs.
``--kept`` also runs each size keeping every record in a list (the old behaviour), to show
what streaming saves. The default scenario is the benchmark tic-tac-toe (quick games, so that
100,000 runs take a minute); ``--scenario israeli-strike`` measures a campaign scenario.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def peak_kib() -> int:
    """This process's peak resident memory so far, in KiB (Linux reports KiB)."""
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def one(ref: str, runs: int, bots: str, jobs: int, kept: bool) -> dict[str, float]:
    """Play one batch here; its memory growth and time (run in a fresh interpreter)."""
    from engine import load_scenario
    from engine.analysis.run.batch import run_batch
    from engine.analysis.run.records import game_record
    from engine.load.read.catalog import resolve

    path = HERE / ref if ref.endswith(".yaml") else resolve(ref)
    scenario = load_scenario(path)
    kinds = dict(part.split("=", 1) for part in bots.split(","))
    lines = 0

    def sink(records) -> None:
        nonlocal lines
        for record in records:
            json.dumps(game_record(scenario, 1, kinds, record))
            lines += 1

    before = peak_kib()
    start = time.process_time()
    result = run_batch(
        scenario,
        runs,
        seed=1,
        bots=kinds,
        jobs=jobs,
        on_records=None if kept else sink,
        keep_records=kept,
    )
    cpu = time.process_time() - start
    assert result.aggregate.runs == runs and (kept or lines == runs)
    return {"runs": runs, "growth_kib": peak_kib() - before, "base_kib": before, "cpu_s": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default="1000,10000,100000", help="comma-separated sizes")
    parser.add_argument("--scenario", default="tictactoe.yaml", help="id, or a benchmarks/ file")
    parser.add_argument("--bots", default="all=random-fast", help="ACTOR=KIND,... (all=...)")
    parser.add_argument("--jobs", type=int, default=1, help="processes (peak of this one)")
    parser.add_argument("--kept", action="store_true", help="also keep the records (old way)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: one size, JSON out
    args = parser.parse_args()
    if args.one:
        runs, kept = args.one.split(":")
        figures = one(args.scenario, int(runs), args.bots, args.jobs, kept == "kept")
        print(json.dumps(figures))
        return
    print(f"{args.scenario}, bots {args.bots}, {args.jobs} job(s): peak resident memory growth")
    print(f"{'runs':>9} {'mode':>9} {'growth':>10} {'per run':>9} {'CPU':>8}")
    for runs in (int(n) for n in args.runs.split(",")):
        for mode in ("streamed", "kept") if args.kept else ("streamed",):
            command = [sys.executable, __file__, "--one", f"{runs}:{mode}"]
            command += ["--scenario", args.scenario, "--bots", args.bots, "--jobs", str(args.jobs)]
            out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            f = json.loads(out.strip().splitlines()[-1])
            per_run = f["growth_kib"] * 1024 / runs
            print(
                f"{runs:>9,} {mode:>9} {f['growth_kib'] / 1024:>7.1f} MB {per_run:>7.1f} B "
                f"{f['cpu_s']:>7.1f}s"
            )


if __name__ == "__main__":
    main()
