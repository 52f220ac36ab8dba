"""A view as data for programs: a JSON-ready dict, and a fixed-length numeric vector.

:func:`view_to_dict` is the dict form (what the agent protocol sends; documented in
``docs/agents.md``). :class:`ObservationEncoder` turns a view into a ``float32`` vector whose
length and layout depend only on the scenario: :attr:`ObservationEncoder.fields` names each
block and where it starts. Both read a :class:`View` only — what its actor may know.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.load.scenario import Scenario
from engine.play.views.view import View


def secrets_part(view: View) -> dict[str, Any]:
    """``{"secrets": …}`` for a scenario with secrets (private values, hidden pieces, orders
    phases, deals), else nothing: other scenarios' messages stay as they were."""
    from engine.play.views.secret_view import has_secret_rules, view_secrets

    return {"secrets": view_secrets(view)} if has_secret_rules(view.scenario) else {}


def view_to_dict(view: View, *, log_from: int = 0) -> dict[str, Any]:
    """The view as plain JSON data, keys in a fixed order.

    ``log_from`` leaves out log events whose ``seq`` is below it (an agent that keeps the log
    it was sent asks only for what is new).
    """
    return {
        "actor": view.actor,
        "turn": view.turn,
        "calendar": view.calendar,
        "phase": view.phase,
        "phase_name": view.phase_name,
        "round": view.round,
        "to_move": view.to_move,
        "seat": view.seat,
        "order": list(view.order),
        "values": dict(view.values),
        "board": {zone: dict(pieces) for zone, pieces in view.board.items() if pieces},
        "supply": dict(view.supply),
        "hand": list(view.hand),
        "hand_sizes": dict(view.hand_sizes),
        "draw_sizes": dict(view.draw_sizes),
        "discards": {deck: list(cards) for deck, cards in view.discards.items()},
        "removed": list(view.removed),
        "pending": [
            {"actor": w.actor, "trigger": w.trigger, "zone": w.zone, "by": w.by}
            for w in view.pending
        ],
        "history": [dict(snapshot) for snapshot in view.history],
        "log": [e.to_dict() for e in view.log if e.seq >= log_from],
        "outcome": view.outcome.to_dict() if view.outcome else None,
    } | secrets_part(view)


@dataclass(frozen=True)
class Field:
    """One block of the vector: ``length`` numbers from ``offset``, one per ``labels`` entry."""

    name: str
    offset: int
    labels: tuple[str, ...]

    @property
    def length(self) -> int:
        """How many numbers the block holds."""
        return len(self.labels)


class ObservationEncoder:
    """Encodes a scenario's views as fixed-length ``float32`` vectors.

    Blocks, in order (see :attr:`fields`): ``me`` (one-hot: whose view), ``to_move``
    (one-hot), ``clock`` (turn, phase index, round, seat, game over), ``values`` (each track,
    counter and flag; flags as 0/1), ``board`` (zone × piece kind counts), ``supply``
    (per piece kind), ``hand`` (copies of each card in the actor's own hand), ``hand_sizes``
    (per actor), ``draw_sizes`` (per deck), ``discards`` and ``removed`` (copies of each card),
    ``pending`` (windows waiting) and ``window_trigger`` / ``window_zone`` / ``window_actor``
    / ``window_by`` (one-hot, the window being answered now). Raw values, not normalised.
    """

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        actors = tuple(scenario.playable_actors)
        all_actors = tuple(a.id for a in scenario.actors)
        values = (
            tuple(t.id for t in scenario.tracks)
            + tuple(c.id for c in scenario.counters)
            + tuple(f.id for f in scenario.flags)
        )
        zones = tuple(z.id for z in scenario.zones)
        pieces = tuple(p.id for p in scenario.piece_types)
        cards = tuple(scenario.cards)
        decks = tuple(d.id for d in scenario.decks)
        phases = tuple(p.id for p in scenario.turns.phases)
        blocks: list[tuple[str, tuple[str, ...]]] = [
            ("me", actors),
            ("to_move", actors),
            ("clock", ("turn", "phase", "round", "seat", "over")),
            ("values", values),
            ("board", tuple(f"{z}:{p}" for z in zones for p in pieces)),
            ("supply", pieces),
            ("hand", cards),
            ("hand_sizes", actors),
            ("draw_sizes", decks),
            ("discards", cards),
            ("removed", cards),
            ("pending", ("windows",)),
            ("window_trigger", tuple(scenario.triggers)),
            ("window_zone", zones),
            ("window_actor", actors),
            ("window_by", all_actors),
        ]
        offset = 0
        fields = []
        for name, labels in blocks:
            fields.append(Field(name, offset, labels))
            offset += len(labels)
        #: The blocks of the vector, in order.
        self.fields: tuple[Field, ...] = tuple(fields)
        #: The vector's length.
        self.size = offset
        self._at = {
            f.name: {label: f.offset + i for i, label in enumerate(f.labels)} for f in fields
        }
        self._phase = {p: i for i, p in enumerate(phases)}
        # Worked out once per scenario, so encode() does one lookup per entry it sets.
        board = self._at["board"]
        self._cells = {z: {p: board[f"{z}:{p}"] for p in pieces} for z in zones}
        values_at = self.field("values")
        self._values = (values, values_at.offset, values_at.offset + values_at.length)
        self._clock = tuple(
            self._at["clock"][k] for k in ("turn", "phase", "round", "seat", "over")
        )
        self._windows = tuple(
            self._at[block]
            for block in ("window_trigger", "window_zone", "window_actor", "window_by")
        )
        # One C call packs the whole list as float32: several times cheaper than np.array().
        self._pack = struct.Struct(f"={self.size}f").pack

    def field(self, name: str) -> Field:
        """The block called ``name``."""
        return next(f for f in self.fields if f.name == name)

    def encode(self, view: View) -> np.ndarray:
        """The vector of ``view`` (length :attr:`size`)."""
        # Filled as a list, then converted once: a list item is set several times faster
        # than a numpy element, and adapters encode at every step.
        out = [0.0] * self.size
        at = self._at
        index = at["me"].get(view.actor) if view.actor is not None else None
        if index is not None:
            out[index] = 1.0
        index = at["to_move"].get(view.to_move) if view.to_move is not None else None
        if index is not None:
            out[index] = 1.0
        turn, phase, round_, seat, over = self._clock
        out[turn] = view.turn
        out[phase] = self._phase.get(view.phase, 0)
        out[round_] = view.round
        out[seat] = view.seat
        out[over] = 1.0 if view.outcome is not None else 0.0
        values = view.values
        keys, first, last = self._values
        if tuple(values) == keys:  # every value, in the scenario's order: one slice
            out[first:last] = values.values()
        else:  # some hidden (private values), or in another order
            for i, key in enumerate(keys, first):
                out[i] = values.get(key, 0)
        cells = self._cells
        for zone, cell in view.board.items():
            if cell:
                zone_cells = cells[zone]
                for piece, count in cell.items():
                    out[zone_cells[piece]] = count
        supply = at["supply"]
        for piece, count in view.supply.items():
            out[supply[piece]] += count
        hand = at["hand"]
        for card in view.hand:
            out[hand[card]] += 1
        sizes = at["hand_sizes"]
        for actor, size in view.hand_sizes.items():
            if actor in sizes:
                out[sizes[actor]] = size
        draws = at["draw_sizes"]
        for deck, size in view.draw_sizes.items():
            out[draws[deck]] = size
        discards = at["discards"]
        for pile in view.discards.values():
            for card in pile:
                out[discards[card]] += 1
        removed = at["removed"]
        for card in view.removed:
            out[removed[card]] += 1
        pending = view.pending
        out[at["pending"]["windows"]] = len(pending)
        if pending:
            window = pending[0]
            named = (window.trigger, window.zone, window.actor, window.by)
            for block, name in zip(self._windows, named, strict=True):
                index = block.get(name) if name is not None else None
                if index is not None:
                    out[index] = 1.0
        try:
            packed = self._pack(*out)
        except (struct.error, OverflowError):  # not a float, or beyond float32: numpy's rules
            return np.array(out, dtype=np.float32)
        return np.frombuffer(packed, dtype=np.float32).copy()

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds of every entry (tracks by their ranges; others 0 to a
        generous ceiling, counters and turns have no declared top)."""
        ceiling = float(2**20)
        low = np.zeros(self.size, dtype=np.float32)
        high = np.full(self.size, ceiling, dtype=np.float32)
        values = self._at["values"]
        for track in self.scenario.tracks:
            low[values[track.id]] = track.min
            high[values[track.id]] = track.max
        for counter in self.scenario.counters:
            low[values[counter.id]] = counter.min
        for flag in self.scenario.flags:
            high[values[flag.id]] = 1
        for name in ("me", "to_move", "window_trigger", "window_zone", "window_actor", "window_by"):
            f = self.field(name)
            high[f.offset : f.offset + f.length] = 1
        high[self._at["clock"]["over"]] = 1
        return low, high


__all__ = ["Field", "ObservationEncoder", "view_to_dict"]
