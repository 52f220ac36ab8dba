"""Per-scenario helpers of the hot paths: caches that live as long as their scenario, and
the snapshot of what the instant-end conditions read.

:func:`instant_watch` gives a function of the state whose value changes whenever anything the
scenario's instant conditions read may have changed
(:mod:`engine.load.check.expressions.reads`). After the conditions have all been judged false,
the game keeps that value; while the state still gives the same one, they would all be judged
false again, so they are not judged. Nothing is tracked as it changes: the snapshot is
compared, so no way of changing the state (effects, the umpire, a hand-limit discard) can be
missed.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

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


class Watch(NamedTuple):
    """What a scenario's instant conditions read: ``key(state)`` lists the values read (one
    place per thing read), and ``readers[i]`` the indices of the conditions that read place
    ``i`` — so that after a change only the conditions reading what changed are judged."""

    key: Callable[[GameState], list[Any]]
    readers: tuple[tuple[int, ...], ...]

    def affected(self, now: list[Any], before: list[Any]) -> list[int]:
        """The indices (in order) of the conditions that read something that differs."""
        found: set[int] = set()
        readers = self.readers
        for i, (a, b) in enumerate(zip(now, before, strict=True)):
            if a != b:
                found.update(readers[i])
        return sorted(found)


def instant_watch(scenario: Scenario) -> Watch | None:
    """The watch of what ``scenario``'s instant conditions read, or None when a condition's
    reads are unknown or they are too few to gain (then every check judges them all)."""
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
    values = sorted(r for r in reads if r[0] == "value")
    cells = sorted(r for r in reads if r[0] == "cell")
    supply = sorted(r for r in reads if r[0] == "supply")
    hands = sorted(r for r in reads if r[0] == "hand")
    counters = sorted(r for r in reads if r[0] in ("turn", "round"))
    order = [*values, *cells, *supply, *hands, *counters]
    readers = tuple(
        tuple(i for i, cond in enumerate(scenario.instant) if read in (cond.reads or ()))
        for read in order
    )
    names = [r[1] for r in values]
    places = [(r[1], r[2]) for r in cells]
    pieces = [r[1] for r in supply]
    actors = [r[1] for r in hands]
    attributes = [r[0] for r in counters]
    return Watch(reader(names, places, pieces, actors, attributes), readers)


def reader(
    names: Sequence[str],
    places: Sequence[tuple[str, str]],
    pieces: Sequence[str] = (),
    actors: Sequence[str] = (),
    attributes: Sequence[str] = (),
    *,
    as_tuple: bool = False,
) -> Callable[[GameState], Any]:
    """A function of the state listing, in this order, the values ``names``, the counts of
    the cells ``places`` (zone, piece), the supply of ``pieces``, the hand sizes of
    ``actors`` and the ``attributes`` (``turn``, ``round``) — a list, or a tuple when
    ``as_tuple`` (hashable).

    It is one display of the values read, written out and compiled once per scenario (the
    snapshot is taken at every step of the turn machine and for every target listed: a
    comprehension over the places cost three times as much). Every id is written with
    ``repr``, so no id can be anything but a string in it."""
    zones = {zone: f"z{i}" for i, zone in enumerate(dict.fromkeys(z for z, _ in places))}
    if any(a not in ("turn", "round") for a in attributes):
        raise ValueError(f"unknown counters {attributes}")
    items = [
        *(f"v[{n!r}]" for n in names),
        *(f"{zones[z]}.get({p!r}, 0)" for z, p in places),
        *(f"s[{p!r}]" for p in pieces),
        *(f"len(h.get({a!r}, ()))" for a in actors),
        *(f"state.{a}" for a in attributes),
    ]
    lines = [
        "def read(state):",
        "    v, b, s, h = state.values, state.board, state.supply, state.hands",
        *(f"    {local} = b[{zone!r}]" for zone, local in zones.items()),
        f"    return ({', '.join(items)},)" if as_tuple else f"    return [{', '.join(items)}]",
    ]
    if as_tuple and not items:
        lines[-1] = "    return ()"
    scope: dict[str, Any] = {}
    exec("\n".join(lines), scope)  # ids only, each written with repr
    read: Callable[[GameState], Any] = scope["read"]
    return read
