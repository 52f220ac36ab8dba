"""A study killed outright (``kill -9``) takes its worker processes with it.

Without this, the workers of a killed ``wargame batch`` played on until their current games
ended (minutes, with a search bot), and only then failed to report to a parent long gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from tests.helpers import ROOT
from tests.processes import DEADLINE, alive, children, needs_proc, wait_until

pytestmark = needs_proc


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
