"""Per-scenario helpers of the hot paths: caches that live as long as their scenario, and
the snapshot of what the instant-end conditions read.

:func:`instant_watch` gives a function of the state whose value changes whenever anything the
scenario's instant conditions read may have changed (:mod:`engine.load.check.reads`). After
the conditions have all been judged false, the game keeps that value; while the state still
gives the same one, they would all be judged false again, so they are not judged. Nothing is
tracked as it changes: the snapshot is compared, so no way of changing the state (effects,
the umpire, a hand-limit discard) can be missed.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from engine.load.scenario import Scenario
from engine.play.state import GameState

#: Per scenario (by id, while it lives): caches of the hot paths.
_CACHES: dict[int, tuple[weakref.ref[Scenario], dict[Any, Any]]] = {}


def scenario_cache(scenario: Scenario) -> dict[Any, Any]:
    """A dict that lives as long as ``scenario`` (for what depends on the scenario alone)."""
    key = id(scenario)
    entry = _CACHES.get(key)
    if entry is not None and entry[0]() is scenario:
        return entry[1]
    cache: dict[Any, Any] = {}
    _CACHES[key] = (weakref.ref(scenario), cache)
    weakref.finalize(scenario, _CACHES.pop, key, None)
    return cache


Watch = Callable[[GameState], Any]


def instant_watch(scenario: Scenario) -> Watch | None:
    """The snapshot function of what ``scenario``'s instant conditions read, or None when a
    condition's reads are unknown (then every check judges them all)."""
    cache = scenario_cache(scenario)
    if "instant_watch" not in cache:
        cache["instant_watch"] = _build(scenario)
    watch: Watch | None = cache["instant_watch"]
    return watch


#: Fewer instant conditions than this are judged every time: one or two simple conditions
#: cost about what their snapshot does (the campaign's one instant end reads one track).
MIN_CONDITIONS = 3


def _build(scenario: Scenario) -> Watch | None:
    reads: set[tuple[str, ...]] = set()
    for cond in scenario.instant:
        if cond.reads is None:
            return None
        reads |= cond.reads
    if len(scenario.instant) < MIN_CONDITIONS:
        return None
    values = sorted(r[1] for r in reads if r[0] == "value")
    cells = sorted((r[1], r[2]) for r in reads if r[0] == "cell")
    supply = sorted(r[1] for r in reads if r[0] == "supply")
    hands = sorted(r[1] for r in reads if r[0] == "hand")
    turn, round_ = ("turn",) in reads, ("round",) in reads
    if not (supply or hands or turn or round_):  # the common shapes, without the rest
        if not cells:
            return lambda state: [state.values[n] for n in values]
        if not values:
            return lambda state: [state.board[z].get(p, 0) for z, p in cells]

    def watch(state: GameState) -> tuple[Any, ...]:
        v, board, s, held = state.values, state.board, state.supply, state.hands
        return (
            [v[n] for n in values],
            [board[z].get(p, 0) for z, p in cells],
            [s[p] for p in supply],
            [len(held.get(a, ())) for a in hands],
            state.turn if turn else 0,
            state.round if round_ else 0,
        )

    return watch
