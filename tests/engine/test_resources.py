"""Every hostile file answers within the budget: a clear message, under 2 s CPU and 200 MB.

Each attack of :mod:`tests.engine.hostile` runs as ``wargame ...`` in its own child process,
forked from a probe that has already imported the program (so the measure is the attack's,
not Python's start-up). The child may map at most 200 MB more than the probe had, and is
stopped after 20 s of CPU; its CPU time and peak memory come from ``wait4``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.engine.hostile import ATTACKS
from tests.helpers import ROOT

pytestmark = [
    pytest.mark.xdist_group("resources"),
    pytest.mark.skipif(
        not hasattr(os, "wait4") or not os.path.exists("/proc/self/status"),
        reason="needs fork, wait4, setrlimit and /proc",
    ),
]

#: The budget of issue 17, per attack.
CPU_SECONDS = 2.0
MEMORY_MB = 200

PROBE = textwrap.dedent(
    """
    import json, os, resource, sys, tempfile
    from pathlib import Path

    from tests.engine.hostile import ATTACKS
    from wargame.cli import main

    main(["validate", "tutorial"])  # warm: what every command loads anyway
    sys.stdout.flush()
    for attack in ATTACKS:
        if attack.posix_only and os.name != "posix":
            continue
        folder = Path(tempfile.mkdtemp(prefix="hostile-"))
        argv = attack.write(folder)
        out, err = folder / ".out", folder / ".err"
        with open("/proc/self/status") as status:
            mapped = next(int(l.split()[1]) for l in status if l.startswith("VmSize:")) * 1024
        pid = os.fork()
        if pid == 0:
            try:
                cap = mapped + MEMORY_MB * 1024 * 1024
                resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
                resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
                os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT), 1)
                os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT), 2)
                code = main(argv)
                sys.stdout.flush(); sys.stderr.flush()
                os._exit(code)
            except BaseException:
                import traceback
                traceback.print_exc()
                sys.stderr.flush()
                os._exit(70)
        _, status, usage = os.wait4(pid, 0)
        print(json.dumps({
            "name": attack.name,
            "status": os.waitstatus_to_exitcode(status),
            "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024,
            "base_mb": mapped / 2**20,
            "out": out.read_text(errors="replace")[-200000:],
            "err": err.read_text(errors="replace")[-200000:],
        }), flush=True)
    """
).replace("MEMORY_MB", str(MEMORY_MB))


@pytest.fixture(scope="module")
def answers() -> dict[str, dict]:
    """Run every attack once; the result of each by name."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    results = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            result = json.loads(line)
            results[result["name"]] = result
    assert results, done.stderr[-3000:]
    return results


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_answers_clearly_within_budget(answers, attack):
    if attack.name not in answers:
        pytest.skip("not on this platform")
    result = answers[attack.name]
    said = result["err"] if attack.exit else result["out"]
    assert result["status"] == attack.exit, result["err"] or result["out"]
    assert attack.says in said, said
    assert "Traceback" not in result["err"] + result["out"]
    if attack.exit:
        # A clear message: every line names a file and place, or the command.
        lines = [line for line in result["err"].splitlines() if line.strip()]
        assert lines and all(":" in line for line in lines), lines
    assert result["cpu"] < CPU_SECONDS, f"{result['cpu']:.2f} s of CPU"
    # Peak resident memory of the child, the probe's own pages (~50 MB) included.
    assert result["rss_mb"] < MEMORY_MB, f"{result['rss_mb']:.0f} MB"
