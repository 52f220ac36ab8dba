"""Study benchmark: paired comparisons, ablations, local processes against a Dask cluster, Ctrl-C.

Run: ``python benchmarks/bench_studies.py [--quick] [--cluster tcp://HOST:PORT] [--skip-ablation]``.

Figures printed (times are wall-clock on this machine; nothing is asserted):
- a paired comparison: 2 × 2,000 games of russian-reaction with every side on doctrine
  (target: under 30 s on 2 cores);
- an ablation of every rule, operation and card of russian-reaction at 500 runs each
  (target: under 5 minutes on 2 cores);
- the speed-up of one batch from 1 to 2 local processes, and on a Dask cluster with 2
  single-threaded workers (a LocalCluster started here unless --cluster names one), with
  the results checked identical;
- the time from Ctrl-C (SIGINT to the process group) to exit, for a local study and a
  cluster study, and whether any worker process outlived it.

It plays a copy of the shipped scenarios, so that editing them meanwhile cannot stop it.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from engine import load_scenario
from engine.analysis.measure.ablate import ablate, units
from engine.analysis.measure.compare import compare
from engine.analysis.run.backends import LocalBackend
from engine.analysis.run.batch import Arm, run_batch
from engine.load.vary.variant import Variant

ROOT = Path(__file__).resolve().parents[1]
#: The scenario studied, inside the scenarios folder.
SCENARIO = Path("syria/russian-reaction.yaml")
NAME = SCENARIO.stem
#: Side B of the paired comparison: one value changed, as in `wargame compare --help`.
CHANGE = "tracks.tolerance.start=4"


def paired_comparison(path: Path, runs: int, jobs: int) -> None:
    base = load_scenario(path)
    changed = load_scenario(path, Variant.from_options([CHANGE]))
    bots = {"all": "doctrine"}
    start = time.perf_counter()
    result = compare(
        Arm(base, bots, "A"), Arm(changed, bots, "B"), runs, backend=LocalBackend(jobs)
    )
    took = time.perf_counter() - start
    print(
        f"paired comparison, 2 × {runs:,} games of {NAME} (all=doctrine; B: {CHANGE}) "
        f"on {jobs} processes: {took:.1f} s ({2 * runs / took:,.0f} games/s; "
        f"{len(result.notable())} effects clear of zero)",
        flush=True,
    )


def ablation(path: Path, runs: int, jobs: int) -> None:
    scenario = load_scenario(path)
    count = len(units(scenario))
    start = time.perf_counter()
    result = ablate(scenario, runs, backend=LocalBackend(jobs))
    took = time.perf_counter() - start
    games = (len(result.rows) + 1) * runs
    print(
        f"ablation of {NAME}: {count} cards, operations and rules "
        f"({len(result.skipped)} skipped) at {runs:,} runs each, {games:,} games with the "
        f"scenario's bots on {jobs} processes: {took:.1f} s ({took / 60:.1f} min; "
        f"{games / took:,.0f} games/s)",
        flush=True,
    )


def start_cluster():
    """A LocalCluster of 2 single-threaded worker processes, and how long it took."""
    from distributed import LocalCluster

    start = time.perf_counter()
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
    return cluster, time.perf_counter() - start


def speedups(path: Path, runs: int, address: str) -> None:
    from engine.analysis.run.cluster import DaskBackend

    scenario = load_scenario(path)
    times, results = {}, {}
    for label, jobs in (("1 process", 1), ("2 processes", 2)):
        start = time.perf_counter()
        results[label] = run_batch(scenario, runs, seed=1, jobs=jobs).to_dict()
        times[label] = time.perf_counter() - start
    start = time.perf_counter()
    backend = DaskBackend(address)
    connect = time.perf_counter() - start
    try:
        run_batch(scenario, 20, seed=99, backend=backend)  # workers load the scenario once
        start = time.perf_counter()
        label = backend.description
        results[label] = run_batch(scenario, runs, seed=1, backend=backend).to_dict()
        times[label] = time.perf_counter() - start
    finally:
        backend.close()
    one = times["1 process"]
    same = all(r == results["1 process"] for r in results.values())
    print(f"batch of {runs:,} random games of {NAME}:")
    width = max(map(len, times))
    for label, took in times.items():
        print(f"  {label:<{width}}  {took:6.2f} s   speed-up {one / took:4.2f}×")
    print(
        f"  (connecting to the cluster took {connect:.2f} s; results "
        f"{'identical' if same else 'DIFFERENT (bug!)'})",
        flush=True,
    )


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if int(ppid) == pid and state != "Z":
                out.append(int(entry.name))
    return out


def _group_alive(pgrp: int) -> bool:
    try:
        os.killpg(pgrp, 0)
    except ProcessLookupError:
        return False
    return True


def interrupt_time(args: list[str], ready, repeats: int) -> tuple[list[float], int]:
    """Seconds from SIGINT to exit for ``wargame ARGS``, over ``repeats`` runs; leftovers."""
    times, leftovers = [], 0
    for _ in range(repeats):
        proc = subprocess.Popen(
            [sys.executable, "-m", "wargame", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while not ready(proc) and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.5)  # let the study get going
        start = time.perf_counter()
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        times.append(time.perf_counter() - start)
        if proc.returncode != 130 or "interrupted" not in err:
            print(f"  unexpected exit {proc.returncode}: {err.strip()[-200:]}")
        end = time.monotonic() + 10
        while _group_alive(proc.pid) and time.monotonic() < end:
            time.sleep(0.02)
        leftovers += _group_alive(proc.pid)
    return times, leftovers


def interrupts(path: Path, repeats: int, address: str) -> None:
    from distributed import Client

    endless = ["batch", str(path), "--runs", "1000000"]
    with Client(address, set_as_default=False) as watcher:

        def working(_proc: subprocess.Popen) -> bool:
            return any(watcher.processing().values())

        runs = [
            ("local, 2 processes", [*endless, "--jobs", "2"], lambda p: len(_children(p.pid)) > 1),
            ("Dask cluster", [*endless, "--cluster", address], working),
        ]
        for label, args, ready in runs:
            times, leftovers = interrupt_time(args, ready, repeats)
            print(
                f"Ctrl-C to exit, {label}: median {statistics.median(times):.2f} s, "
                f"max {max(times):.2f} s over {repeats} runs; "
                f"{leftovers} left a process behind",
                flush=True,
            )
        wait = time.monotonic() + 60
        while any(watcher.processing().values()) and time.monotonic() < wait:
            time.sleep(0.05)
        print(
            f"  the cluster's workers afterwards: {len(watcher.nthreads())}, tasks left: "
            f"{sum(map(len, watcher.processing().values()))}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller studies (a quarter)")
    parser.add_argument("--jobs", type=int, default=2, help="local processes (default 2)")
    parser.add_argument("--cluster", help="a running Dask scheduler (default: start one here)")
    parser.add_argument("--skip-ablation", action="store_true", help="the slowest figure")
    args = parser.parse_args()
    scale = 4 if args.quick else 1
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    quick = ", quick" if args.quick else ""
    print(f"== studies ({os.cpu_count()} cores, load average {load} at the start{quick}) ==")
    snapshot = Path(tempfile.mkdtemp(prefix="bench-studies-"))
    cluster = None
    try:
        shutil.copytree(ROOT / "scenarios", snapshot / "scenarios")
        path = snapshot / "scenarios" / SCENARIO
        paired_comparison(path, 2000 // scale, args.jobs)
        if not args.skip_ablation:
            ablation(path, 500 // scale, args.jobs)
        address = args.cluster
        if not address:
            cluster, took = start_cluster()
            address = cluster.scheduler_address
            print(f"LocalCluster of 2 worker processes started in {took:.1f} s")
        speedups(path, 8000 // scale, address)
        interrupts(path, 3 if args.quick else 5, address)
    finally:
        if cluster is not None:
            cluster.close()
        shutil.rmtree(snapshot, ignore_errors=True)


if __name__ == "__main__":
    main()
