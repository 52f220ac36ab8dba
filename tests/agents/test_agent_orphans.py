"""An agent outlives neither its game nor the engine, even one killed with ``kill -9``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from tests.agents.test_protocol import agent
from tests.helpers import ROOT
from tests.processes import DEADLINE, alive, children, ctrl_c, finish, wait_until
from tests.processes import needs_proc as pytestmark

__all__ = ["pytestmark"]  # the same skip as the batch workers' test: it reads /proc


def test_the_agent_ends_when_its_engine_is_killed():
    run = ["run", "tutorial", "--bots", f"iran={agent('hang')}", "--agent-deadline", "3000"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "wargame", *run],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        start_new_session=True,
    )
    agents: list[int] = []
    try:
        wait_until(lambda: len(children(proc.pid)) >= 1, "the agent process")
        agents = children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)  # nobody closes the agent: the kernel must
        proc.wait(timeout=DEADLINE)
        wait_until(lambda: not any(alive(a) for a in agents), "the agent to end")
    finally:
        for pid in [proc.pid, *agents]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.wait()


def test_an_interrupted_run_ends_its_agent():
    run = ["run", "tutorial", "--bots", f"iran={agent('hang')}", "--agent-deadline", "3000"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "wargame", *run],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        start_new_session=True,
    )
    agents: list[int] = []
    try:
        wait_until(lambda: len(children(proc.pid)) >= 1, "the agent process")
        agents = children(proc.pid)
        ctrl_c(proc, whole_group=False)  # Ctrl-C reaches the engine; it ends the agent
        _, err = finish(proc)
        assert proc.returncode == 130 and b"interrupted" in err
        wait_until(lambda: not any(alive(a) for a in agents), "the agent to end")
    finally:
        for pid in [proc.pid, *agents]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.wait()
