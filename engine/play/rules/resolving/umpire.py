"""Umpire interventions: a facilitator steps into the game, each time with a stated reason.

A seminar's umpire may set a track or counter, turn a flag on or off, place or remove pieces,
or read out an inject (a piece of news that changes nothing by itself). Each intervention is
logged as an event with cause ``umpire`` and the reason in its data, and is recorded on the
game with the number of actions taken before it, so a save replays it at the same moment and
the replayed game is the played one, byte for byte. Interventions use no dice: they never
move the random generator.

    intervene(game, Intervention("set", "tolerance", 4, reason="Moscow recalls its envoy"))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.load.limits import MAX_MAGNITUDE
from engine.load.scenario import Play, Scenario
from engine.play.record.save_format import MAX_REASON_CHARS

if TYPE_CHECKING:
    from engine.play.events import Event
    from engine.play.game import Game

#: The kinds of intervention, with what each changes.
KINDS = {
    "set": "set a track or counter to a value",
    "flag": "turn a flag on (1) or off (0)",
    "place": "place pieces from the supply in a zone",
    "remove": "remove pieces from a zone to the supply",
    "inject": "read out news that changes nothing by itself",
}

_UMPIRE = Play("umpire", "Umpire", "", (), None, (), None, (), None)


class UmpireError(ValueError):
    """An intervention that does not fit the scenario (unknown track, no reason…)."""


@dataclass(frozen=True)
class Intervention:
    """One umpire decision: ``kind`` (see :data:`KINDS`), what it applies to (``target``: a
    track, counter, flag or piece id; the inject's text for an inject), a ``value`` (the new
    value, 0/1 for a flag, the number of pieces), the ``zone`` for pieces, and the ``reason``.
    """

    kind: str
    target: str
    value: int = 0
    zone: str | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form (keys in a stable order; no zone when there is none)."""
        out: dict[str, Any] = {"kind": self.kind, "target": self.target, "value": self.value}
        if self.zone is not None:
            out["zone"] = self.zone
        out["reason"] = self.reason
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Intervention:
        """The inverse of :meth:`to_dict` (checked against a scenario by :func:`check`)."""
        return cls(
            str(data["kind"]),
            str(data["target"]),
            int(data.get("value", 0)),
            data.get("zone"),
            str(data.get("reason", "")),
        )


def check(scenario: Scenario, iv: Intervention) -> None:
    """Raise :class:`UmpireError` with a sentence when ``iv`` does not fit ``scenario``."""
    if iv.kind not in KINDS:
        raise UmpireError(f"unknown intervention '{iv.kind}' (one of {', '.join(KINDS)})")
    if not iv.reason.strip():
        raise UmpireError("an umpire's intervention needs a reason")
    if len(iv.reason) > MAX_REASON_CHARS or len(iv.target) > MAX_REASON_CHARS:
        raise UmpireError(f"a reason or inject is at most {MAX_REASON_CHARS} characters")
    values = {t.id for t in scenario.tracks} | {c.id for c in scenario.counters}
    if iv.kind == "set":
        if iv.target not in values:
            raise UmpireError(f"'{iv.target}' is not a track or counter of {scenario.id}")
        if abs(iv.value) > MAX_MAGNITUDE:
            raise UmpireError(f"{iv.value} is out of range")
    elif iv.kind == "flag":
        if iv.target not in {f.id for f in scenario.flags}:
            raise UmpireError(f"'{iv.target}' is not a flag of {scenario.id}")
        if iv.value not in (0, 1):
            raise UmpireError("a flag is set to 1 (on) or 0 (off)")
    elif iv.kind in ("place", "remove"):
        if iv.target not in {p.id for p in scenario.piece_types}:
            raise UmpireError(f"'{iv.target}' is not a piece type of {scenario.id}")
        if iv.zone not in {z.id for z in scenario.zones}:
            raise UmpireError(f"'{iv.zone}' is not a zone of {scenario.id}")
        if not 1 <= iv.value <= MAX_MAGNITUDE:
            raise UmpireError("the number of pieces must be 1 or more")
    elif not iv.target.strip():
        raise UmpireError("an inject needs its text")


def intervene(game: Game, iv: Intervention) -> list[Event]:
    """Apply ``iv`` to ``game`` (checked), log it with cause ``umpire`` and record it; the game
    then runs on as after any move (an instant end may now hold). Returns the new events."""
    check(game.scenario, iv)
    if game.is_over():
        raise UmpireError("the game is over")
    state = game.state
    start = len(state.log)
    names = game.names
    data: dict[str, Any] = {"umpire": iv.to_dict(), "reason": iv.reason}
    if iv.kind == "set":
        low, high = game.bounds[iv.target]
        new = max(low, min(high if high is not None else MAX_MAGNITUDE, iv.value))
        old = state.values[iv.target]
        state.values[iv.target] = new
        text = f"Umpire: {names[iv.target]} {old} → {new}"
        data |= {"track": iv.target, "from": old, "to": new}
    elif iv.kind == "flag":
        state.values[iv.target] = bool(iv.value)
        text = f"Umpire: {names[iv.target]}: {'on' if iv.value else 'off'}"
        data |= {"flag": iv.target, "to": bool(iv.value)}
    elif iv.kind in ("place", "remove"):
        assert iv.zone is not None  # checked above
        moved = _shift(game, iv.target, iv.zone, iv.value, place=iv.kind == "place")
        where = "placed in" if iv.kind == "place" else "removed from"
        text = f"Umpire: {moved} × {names[iv.target]} {where} {names[iv.zone]}"
        data |= {"piece": iv.target, "zone": iv.zone, "count": moved}
    else:
        text = f"Umpire's inject: {iv.target}"
    game.log("umpire", f"{text} — {iv.reason}", _UMPIRE, None, data=data)
    record(game).append((len(game.actions), iv))
    # Run on as after a move: windows, instant ends. Game has no public name for this step.
    game._advance()
    return state.log[start:]


def _shift(game: Game, piece: str, zone: str, wanted: int, *, place: bool) -> int:
    """Move up to ``wanted`` pieces between the supply and ``zone``; how many moved."""
    state = game.state
    cell = state.board[zone]
    have = state.supply[piece] if place else cell.get(piece, 0)
    n = min(wanted, have)
    if n <= 0:
        return 0
    if place:
        state.supply[piece] -= n
        cell[piece] = cell.get(piece, 0) + n
    else:
        state.supply[piece] += n
        cell[piece] -= n
        if not cell[piece]:
            del cell[piece]
    return n


def record(game: Game) -> list[tuple[int, Intervention]]:
    """The game's interventions so far, each with the number of actions taken before it."""
    return game.interventions


def since(game: Game, index: int) -> bool:
    """Whether the umpire intervened after action ``index`` was taken."""
    return any(at > index for at, _ in record(game))


__all__ = ["KINDS", "Intervention", "UmpireError", "check", "intervene", "record", "since"]
