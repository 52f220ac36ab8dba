"""The turning points of one game: the largest swings of a side's chance of winning
(:func:`engine.analysis.measure.winprob.turning_points`), each with the decision it came at and
what followed it — the public events up to the next decision and the claims and assumptions
behind them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.analysis.explain.decisions import Decision
from engine.analysis.explain.track_moves import first_seen
from engine.analysis.measure.winprob import Swing, WinProbability, turning_points
from engine.play.events import Event

#: Log kinds worth showing between two decisions (the turn machinery's bookkeeping is not).
TELLING = frozenset(
    {"play", "react", "roll", "rule", "track", "flag", "place", "remove", "move", "trigger"}
    | {"narrate", "discard", "end"}
)


@dataclass(frozen=True)
class TurningPoint:
    """One of the largest swings of a side's chance of winning, with what happened."""

    swing: Swing
    decision: Decision
    #: Public events from this decision up to the next one (rolls, rules that fired, ...).
    events: tuple[Event, ...]
    #: The claims behind those events, in order of first appearance.
    claims: tuple[str, ...]
    #: The designer's assumptions behind those events, in order of first appearance.
    assumptions: tuple[str, ...] = ()


def explained_turning_points(
    winprob: WinProbability,
    decisions: Sequence[Decision],
    log: Sequence[Event],
    log_starts: Sequence[int],
    top: int = 3,
) -> list[TurningPoint]:
    """The ``top`` largest swings of ``winprob``, largest first, each with its decision and
    the telling public events that followed it.

    ``log`` is the game's whole log and ``log_starts[i + 1]`` where action ``i``'s events start
    in it (``log_starts[0]`` is 0, the start of the game; the last entry, the end of the log).
    """
    points = []
    for swing in turning_points(winprob, top=top):
        # log_starts[i + 1] is where action i's events start; the next entry, where the
        # next decision's do (or the end of the log).
        start, stop = log_starts[swing.index + 1], log_starts[swing.index + 2]
        events = tuple(e for e in log[start:stop] if _telling(e))
        claims = first_seen(e.claims for e in events)
        assumptions = first_seen(e.assumptions for e in events)
        points.append(TurningPoint(swing, decisions[swing.index], events, claims, assumptions))
    return points


def _telling(event: Event) -> bool:
    return event.visible_to is None and event.kind in TELLING


__all__ = ["TELLING", "TurningPoint", "explained_turning_points"]
