"""``python -m wargame.die_with_parent COMMAND...``: run COMMAND so that it dies with the
process that started this one.

`wargame serve` starts one app per browser through a shell; if the server is killed outright
(``kill -9``), those apps would live on, orphaned. On Linux the kernel's parent-death signal
(``PR_SET_PDEATHSIG``) survives ``exec``, so it is set here and then COMMAND replaces this
process. Elsewhere COMMAND simply runs (its input closing when the server dies ends it).
"""

from __future__ import annotations

import os
import signal
import sys

#: From <linux/prctl.h>.
_PR_SET_PDEATHSIG = 1


def main(argv: list[str]) -> int:
    """Set the parent-death signal, then become ``argv``."""
    if not argv:
        print("usage: python -m wargame.die_with_parent COMMAND [ARG...]", file=sys.stderr)
        return 2
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
        if os.getppid() != parent:  # the parent died before the request took effect
            return 1
    try:
        os.execvp(argv[0], argv)
    except OSError as exc:
        print(f"cannot start {argv[0]}: {exc.strerror or exc}", file=sys.stderr)
        return 127
    return 0  # not reached: exec replaced this process


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
