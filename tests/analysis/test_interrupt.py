"""Ctrl-C on a study: exit 130, one line, no traceback, no worker left running.

The study runs in its own session and gets SIGINT on its whole process group, as a terminal
sends it, once its worker processes exist.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.processes import children, cpu_seconds, ctrl_c, finish, group, needs_proc, wait_until

#: Studies far too long to finish, on two local processes.
STUDIES = {
    "batch": ["tutorial"],
    "compare": ["tutorial", "--bots-b", "all=doctrine"],
}
ENDLESS = ["--runs", "1000000", "--jobs", "2"]

pytestmark = needs_proc


def workers_started(proc: subprocess.Popen) -> None:
    """Wait until the study's two worker processes exist."""
    wait_until(
        lambda: len(children(proc.pid)) >= 2, "the two worker processes", watch=lambda: [proc.pid]
    )


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
        workers_started(proc)
        workers = children(proc.pid)
        ctrl_c(proc)
        stdout, stderr = finish(proc)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, stderr
    assert stderr.strip() == f"wargame {command}: interrupted"
    assert "Traceback" not in stderr + stdout
    wait_until(
        lambda: not group(proc.pid),
        "every process of the study to end",
        watch=lambda: group(proc.pid),
    )
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
        workers_started(proc)
        # Let a few chunks finish before the interrupt: wait on the work, not the clock.
        wait_until(
            lambda: proc.poll() is not None or cpu_seconds(children(proc.pid)) > 2,
            "work",
            watch=lambda: group(proc.pid),
        )
        ctrl_c(proc)
        _, stderr = finish(proc)
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


def test_ctrl_c_while_records_are_written_keeps_them_whole() -> None:
    """Ctrl-C arriving while a finished chunk's records are being written waits until they
    are: the partial summary and the record files count the same games. (Interrupted half-way
    through a chunk, a partial CSV once had 76 rows where the summary counted 250.)"""
    from engine import load_scenario
    from engine.analysis.run.backends import LocalBackend
    from engine.analysis.run.batch import StudyInterrupted, run_batch
    from tests.helpers import SCENARIOS

    written: list[int] = []

    def write(records) -> None:
        for record in records:
            if record.index == 5:
                signal.raise_signal(signal.SIGINT)  # Ctrl-C, half-way through the first chunk
            written.append(record.index)

    with pytest.raises(StudyInterrupted) as stop:
        run_batch(
            load_scenario(SCENARIOS / "tutorial.yaml"),
            40,
            1,
            {},
            backend=LocalBackend(1),
            chunk=10,
            on_records=write,
            keep_records=False,
        )
    assert stop.value.results[0].runs == len(written) == 10
    assert written == list(range(10))
