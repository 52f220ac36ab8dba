"""Legal targets kept per snapshot of what their ``where`` reads.

Listing the legal actions judges each target's ``where`` in every candidate zone: with random
bots it was most of the listing's time, and it mostly gives what it gave the last time. At load
:func:`engine.load.check.expressions.reads.target_reads` works out what a ``where`` reads
besides the zone judged and the actor judging (tracks and flags, the target zone's count of a
piece type, the counts near it, ...). :func:`snapshot_of` turns that into a function of the
state that lists every value read, over every candidate zone: while the state gives the same
snapshot, every zone's verdict is the same, so the list of legal targets found for that
snapshot (and that actor) is the list again.

As with the instant ends (:mod:`engine.play.rules.turn.watch`), the snapshot is compared,
nothing is tracked as it changes: no way of changing the state can be missed. A target whose reads
are unknown is judged zone by zone every time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import islice
from typing import Any

from engine.load.check.expressions.reads import TARGET_ZONE
from engine.load.scenario import CTarget
from engine.play.rules.turn.watch import reader
from engine.play.state import GameState

#: The snapshot of a target's reads in a state (hashable).
Snapshot = Callable[[GameState], tuple[Any, ...]]

#: Entries kept per scenario in each of the engine's kept tables (legal targets, their
#: actions, sampling slots); past it the older half is dropped and found again as needed. A
#: bound on memory (a few MB per scenario, however long the batch), not a correctness matter.
MAX_KEPT = 5_000


#: The kinds of read a snapshot can list (any other: judged zone by zone every time).
_KNOWN = frozenset({"value", "cell", "near", "supply", "hand", "turn", "round"})


def make_room(store: dict[Any, Any]) -> None:
    """Drop the older half of ``store`` (in insertion order) when it holds :data:`MAX_KEPT`
    entries."""
    if len(store) >= MAX_KEPT:
        for key in list(islice(store, len(store) // 2)):
            del store[key]


def snapshot_of(
    target: CTarget, zones: tuple[str, ...], adjacency: Mapping[str, frozenset[str]]
) -> Snapshot | None:
    """A function giving, in a state, every value that ``target``'s legal zones among
    ``zones`` depend on (besides the actor); None when its ``where`` reads what cannot be
    known from its text."""
    if target.where is not None and target.reads is None:
        return None
    reads = sorted(target.reads or ())
    if any(r[0] not in _KNOWN for r in reads):
        return None
    names = [r[1] for r in reads if r[0] == "value"]
    cells: dict[tuple[str, str], None] = {}  # ordered, without repeats
    for read in reads:
        if read[0] == "cell" and read[1] == TARGET_ZONE:
            cells.update(((zone, read[2]), None) for zone in zones)
        elif read[0] == "cell":
            cells[(read[1], read[2])] = None
        elif read[0] == "near":
            for zone in zones:
                near = (zone, *sorted(adjacency.get(zone, ())))
                cells.update(((other, read[1]), None) for other in near)
    if target.kind == "piece":  # a piece target lists only the pieces there
        cells.update(((zone, piece), None) for zone in zones for piece in target.pieces)
    supply = [r[1] for r in reads if r[0] == "supply"]
    hands = [r[1] for r in reads if r[0] == "hand"]
    counters = [r[0] for r in reads if r[0] in ("turn", "round")]
    return reader(names, list(cells), supply, hands, counters, as_tuple=True)
