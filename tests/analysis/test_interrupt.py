"""Ctrl-C on a study: exit 130, one line, no traceback, no worker left running.

The study runs in its own session and gets SIGINT on its whole process group, as a terminal
sends it, once its worker processes exist.
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
#: Studies far too long to finish, on two local processes.
STUDIES = {
    "batch": ["tutorial"],
    "compare": ["tutorial", "--bots-b", "all=doctrine"],
}
ENDLESS = ["--runs", "1000000", "--jobs", "2"]

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def processes() -> dict[int, tuple[str, int, int]]:
    """pid -> (state, parent pid, process group) of every process now."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # it ended while we looked
            continue
        state, ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        out[int(entry.name)] = (state, int(ppid), int(pgrp))
    return out


def children(pid: int) -> list[int]:
    return [p for p, (state, ppid, _) in processes().items() if ppid == pid and state != "Z"]


def group(pgrp: int) -> list[int]:
    """Live (not zombie) members of process group ``pgrp``."""
    return [p for p, (state, _, g) in processes().items() if g == pgrp and state != "Z"]


def wait_until(condition: Callable[[], bool], what: str) -> None:
    end = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.02)


@pytest.mark.parametrize("command", sorted(STUDIES))
def test_ctrl_c_stops_a_local_study_and_its_workers(command: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "wargame", command, *STUDIES[command], *ENDLESS],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,  # its own process group, as a shell job
    )
    try:
        wait_until(lambda: len(children(proc.pid)) >= 2, "the two worker processes")
        workers = children(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=DEADLINE)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, stderr
    assert stderr.strip() == f"wargame {command}: interrupted"
    assert "Traceback" not in stderr + stdout
    wait_until(lambda: not group(proc.pid), "every process of the study to end")
    assert not set(workers) & set(group(proc.pid))


def test_ctrl_c_keeps_what_a_batch_has_played(tmp_path: Path) -> None:
    """Interrupted with --json and --csv, a batch writes the playthroughs finished so far."""
    import json

    out_json, out_csv = tmp_path / "partial.json", tmp_path / "partial.csv"
    proc = subprocess.Popen(
        [sys.executable, "-m", "wargame", "batch", "tutorial", *ENDLESS,
         "--json", str(out_json), "--csv", str(out_csv)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,
    )  # fmt: skip
    try:
        wait_until(lambda: len(children(proc.pid)) >= 2, "the two worker processes")
        # Let a few chunks finish before the interrupt: wait on the work, not the clock.
        wait_until(lambda: proc.poll() is not None or _cpu_seconds(children(proc.pid)) > 2, "work")
        os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=DEADLINE)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    data = json.loads(out_json.read_text())
    assert data["partial"] is True and data["runs_requested"] == 1_000_000
    assert 0 < data["runs"] < 1_000_000
    rows = out_csv.read_text().splitlines()
    assert len(rows) == data["runs"] + 1
    assert f"interrupted after {data['runs']} of 1000000 playthroughs" in stderr


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes (0 for any that ended)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total
