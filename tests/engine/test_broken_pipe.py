"""`wargame run ... | head`: when the reader leaves, the command stops quietly with exit 0."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT


def test_a_reader_that_leaves_early_gets_no_complaint():
    proc = subprocess.Popen(
        [sys.executable, "-m", "wargame", "run", "israeli-strike", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `head -1`: the rest of the output has nowhere to go
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert err == b""
