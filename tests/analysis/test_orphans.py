"""A study killed outright (``kill -9``) takes its worker processes with it.

Without this, the workers of a killed ``wargame batch`` played on until their current games
ended (minutes, with a search bot), and only then failed to report to a parent long gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import ROOT

#: Generous: the suite runs on a busy two-core machine.
DEADLINE = 120

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or not hasattr(signal, "SIGKILL"), reason="reads /proc"
)


def state(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None when it is gone."""
    try:
        text = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1])


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            found = state(int(entry.name))
            if found is not None and found[1] == pid and found[0] != "Z":
                out.append(int(entry.name))
    return out


def alive(pid: int) -> bool:
    found = state(pid)
    return found is not None and found[0] != "Z"  # a zombie has ended; only its entry is left


def wait_until(condition: Callable[[], bool], what: str) -> None:
    end = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.02)


def test_workers_end_when_their_study_is_killed():
    # Games that take many minutes each: a worker notices its parent is gone only when the
    # kernel tells it, not when it next writes a result.
    study = ["batch", "tutorial", "--runs", "4", "--jobs", "2", "--bots", "all=ismcts:100000"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "wargame", *study],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        start_new_session=True,
    )
    workers: list[int] = []
    try:
        wait_until(lambda: len(children(proc.pid)) >= 2, "the two worker processes")
        workers = children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)  # the study alone: nobody terminates the pool
        proc.wait(timeout=DEADLINE)
        wait_until(lambda: not any(alive(w) for w in workers), "the workers to end")
    finally:
        for pid in [proc.pid, *workers]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.wait()
