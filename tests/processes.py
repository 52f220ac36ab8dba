"""Watching the processes a test starts: who is alive, who is whose child, what a signal does.

Shared by the tests of Ctrl-C and of orphans (studies, agents, the server). Everything is
read from ``/proc``; tests that need it carry :data:`needs_proc`. When a wait gives up, the
failure says what the processes were doing — a flake under load is only as useful as its
message.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

#: Generous: the suite runs on a busy two-core machine.
DEADLINE = 120

needs_proc = pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or not hasattr(signal, "SIGKILL"), reason="reads /proc"
)


def stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, process group) of a process, or None when it is gone."""
    try:
        text = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return None
    state, ppid, pgrp = text.rsplit(")", 1)[1].split()[:3]
    return state, int(ppid), int(pgrp)


def processes() -> dict[int, tuple[str, int, int]]:
    """pid -> (state, parent pid, process group) of every process now."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (found := stat(int(entry.name))) is not None:
            out[int(entry.name)] = found
    return out


def children(pid: int) -> list[int]:
    """Live (not zombie) children of ``pid``."""
    return [p for p, (state, ppid, _) in processes().items() if ppid == pid and state != "Z"]


def group(pgrp: int) -> list[int]:
    """Live (not zombie) members of process group ``pgrp``."""
    return [p for p, (state, _, g) in processes().items() if g == pgrp and state != "Z"]


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie has ended; only its entry is left)."""
    found = stat(pid)
    return found is not None and found[0] != "Z"


def cpu_seconds(pids: Iterable[int]) -> float:
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


def sigint_handling(pid: int) -> str:
    """How ``pid`` takes SIGINT: "caught", "default", "ignored" or "blocked" (or "gone")."""
    try:
        status = (Path("/proc") / str(pid) / "status").read_text()
    except OSError:
        return "gone"
    masks = {
        key: int(value, 16)
        for key, value in (line.split(":\t") for line in status.splitlines() if ":\t" in line)
        if key in ("SigBlk", "SigIgn", "SigCgt")
    }
    bit = 1 << (signal.SIGINT - 1)
    for key, word in (("SigBlk", "blocked"), ("SigIgn", "ignored"), ("SigCgt", "caught")):
        if masks.get(key, 0) & bit:
            return word
    return "default"


def describe(pids: Iterable[int]) -> str:
    """One line per process: pid, state, parent, how it takes SIGINT, what it waits in."""
    lines = []
    for pid in pids:
        found = stat(pid)
        if found is None:
            lines.append(f"  {pid}: gone")
            continue
        try:
            wchan = (Path("/proc") / str(pid) / "wchan").read_text() or "-"
            command = (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            wchan, command = "?", b"?"
        state, ppid, _ = found
        lines.append(
            f"  {pid}: state {state}, parent {ppid}, SIGINT {sigint_handling(pid)}, "
            f"waits in {wchan}: {command.decode(errors='replace')[:120]}"
        )
    return "\n".join(lines)


def wait_until(
    condition: Callable[[], bool],
    what: str,
    deadline: float = DEADLINE,
    watch: Callable[[], Iterable[int]] = tuple,
) -> None:
    """Poll ``condition`` until it holds; after ``deadline`` s fail, describing ``watch()``."""
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"gave up waiting: {what}\n{describe(watch())}")
        time.sleep(0.02)


def ctrl_c(proc: subprocess.Popen, *, whole_group: bool = True) -> None:
    """Press Ctrl-C on ``proc``'s terminal: SIGINT to its process group (or to it alone).

    Sent once the process catches SIGINT. A study holds it back (blocked, then raised) for the
    moment it forks its workers, which is no fault; one that inherited it ignored, or never
    unblocks it, would never see it, and the wait says so instead of timing out later.
    """
    wait_until(
        lambda: sigint_handling(proc.pid) in ("caught", "gone"),
        "the process to catch SIGINT",
        watch=lambda: [proc.pid],
    )
    if whole_group:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGINT)


def finish(proc: subprocess.Popen, timeout: float = DEADLINE) -> tuple[str, str]:
    """``proc.communicate()``; if it does not end in time, fail describing its process group."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {timeout} s:\n{describe(group(proc.pid) or [proc.pid])}")
    return out or "", err or ""
