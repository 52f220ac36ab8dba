"""The test suite under load: does it pass, every time, on a busy machine?

Run: ``python benchmarks/suite_under_load.py [--runs 5] [--burners 8] [-- PYTEST ARGS]``.

Starts ``--burners`` processes that spin on the CPU (on 2 cores, 8 burners hold the load
average near 10), then runs the suite's own command (``ruff check .``, ``mypy`` and
``pytest -n 2 --dist loadgroup``) ``--runs`` times in a row and prints, for each run, whether
it passed, how long it took (wall clock, and the CPU time the suite itself used) and which
tests failed. Exits 1 if any run failed, so "five consecutive runs under load pass" is one
command. Nothing here is asserted inside the test suite: this measures it.

The burners run in a session of their own, as ``stress -c 8`` started from another terminal
does; where Linux schedules by session (autogroup, the default on desktop and most server
kernels), that session and the suite's then share the CPU half and half, and the wall clock is
about twice the suite's CPU time. ``--same-session`` is harsher: the burners compete with each
of the suite's processes one for one and take about 8/10 of the CPU."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def burn() -> None:
    """Spin forever (the parent terminates it)."""
    while True:
        pass


def burn_in_a_session(count: int) -> None:
    """Start ``count`` burners in one new session, as ``stress -c N`` started from another
    terminal: Linux's autogroup scheduler then shares the CPU between that session and the
    suite's, as it would between two users' jobs. Ends them when terminated."""
    os.setsid()
    burners = [multiprocessing.Process(target=burn, daemon=True) for _ in range(count)]
    for process in burners:
        process.start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # daemon burners end with us
    for process in burners:
        process.join()


def load_average() -> float:
    """The one-minute load average (0 where the platform has none)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far (the burners,
    still running, are not counted)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_suite(pytest_args: list[str]) -> tuple[bool, float, float, list[str]]:
    """Run the suite once: (passed, seconds, CPU seconds, failed test ids)."""
    python = sys.executable
    started = time.monotonic()
    cpu = children_cpu()
    lint = subprocess.run(
        [python, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    types = subprocess.run([python, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as make test
    tests = subprocess.run(
        [python, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-q", *pytest_args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    seconds = time.monotonic() - started
    cpu = children_cpu() - cpu
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", tests.stdout, re.MULTILINE)
    if failed:  # keep the whole report: a failure under load is only as useful as its message
        report = Path(tempfile.mkstemp(prefix="suite-under-load-", suffix=".txt")[1])
        report.write_text(tests.stdout + tests.stderr, encoding="utf-8")
        failed.append(f"(the full pytest report: {report})")
    if types.returncode:
        failed.insert(0, "mypy")
    if lint.returncode:
        failed.insert(0, "ruff check .")
    passed = lint.returncode == 0 and types.returncode == 0 and tests.returncode == 0
    return passed, seconds, cpu, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="consecutive runs (default 5)")
    parser.add_argument("--burners", type=int, default=8, help="CPU-spinning processes")
    parser.add_argument(
        "--same-session",
        action="store_true",
        help="burn in the suite's own session (harsher: the burners then take 8/10 of the "
        "CPU from the suite instead of half)",
    )
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args(argv)
    if args.same_session or not hasattr(os, "setsid"):
        burners = [multiprocessing.Process(target=burn, daemon=True) for _ in range(args.burners)]
    else:
        burners = [multiprocessing.Process(target=burn_in_a_session, args=(args.burners,))]
    for process in burners:
        process.start()
    time.sleep(5)  # let the load average climb before the first run (measurement, not a test)
    results = []
    try:
        for run in range(1, args.runs + 1):
            before = load_average()
            passed, seconds, cpu, failed = run_suite(args.pytest_args)
            results.append(passed)
            after = load_average()
            verdict = "pass" if passed else "FAIL"
            print(
                f"run {run}/{args.runs}: {verdict} in {seconds / 60:.1f} min, "
                f"{cpu / 60:.1f} CPU-min (load {before:.1f} → {after:.1f}, {os.cpu_count()} cores)",
                flush=True,
            )
            for test in failed:
                print(f"    failed: {test}", flush=True)
    finally:
        for process in burners:
            process.terminate()
    print(f"{sum(results)}/{len(results)} runs passed under load")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
