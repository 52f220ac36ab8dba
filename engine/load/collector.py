"""Loading with Python's cycle collector paused.

A load allocates some hundred thousand containers (nodes, plain data, models, closures) and
keeps or frees nearly all of them itself, by reference counting. The cycle collector does
not know that: the allocations set it off many times, and each full collection walks the
whole heap — pydantic's schemas and everything imported before the load. In a fresh
``wargame validate israeli-strike`` that was a third of the load's CPU time (~70 → ~45 ms).

Paused only around a load (bounded by :mod:`engine.load.limits`), and only if it was
running; any cycles a load leaves are collected at the first collection after it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the ``with`` block, if it is running; restart it after.

    (Process-wide, as the collector is: a load in another thread meanwhile finds it paused
    and leaves it to this one to restart.)
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


__all__ = ["collector_paused"]
