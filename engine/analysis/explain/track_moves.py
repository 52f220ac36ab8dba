"""What moved the main tracks in one game: their large moves turn by turn, and over the whole
game, each split by the causes that made it (from :attr:`engine.play.game.Game.attribution`,
see :mod:`engine.analysis.explain.attribution`) with the claims those causes cite.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from engine.analysis.explain.attribution import cause_kind, cause_name
from engine.load.scenario import Scenario


@dataclass(frozen=True)
class Cause:
    """One cause's share of a track's change (summed over a turn or a game)."""

    cause: str
    kind: str
    name: str
    change: int
    claims: tuple[str, ...]


@dataclass(frozen=True)
class TrackMove:
    """A large move of a main track over one turn, with what moved it."""

    track: str
    turn: int
    label: str
    before: int
    after: int
    causes: tuple[Cause, ...]

    @property
    def change(self) -> int:
        """The net change over the turn."""
        return self.after - self.before


def large_moves(
    scenario: Scenario,
    history: list[dict[str, int]],
    labels: list[str],
    attribution: Counter,
    per_track: int = 3,
) -> dict[str, list[TrackMove]]:
    """Per main track, its largest moves over single turns (at most ``per_track``, in turn
    order): turns in which it moved by at least a tenth of its range (and at least 1)."""
    by_turn: dict[tuple[str, int], Counter] = {}
    claims: dict[str, tuple[str, ...]] = {}
    for (track, cause, cited, _actor, turn), change in attribution.items():
        by_turn.setdefault((track, turn), Counter())[cause] += change
        claims[cause] = first_seen((claims.get(cause, ()), cited))  # a flip side cites others
    out: dict[str, list[TrackMove]] = {}
    for track in scenario.tracks:
        if not track.main:
            continue
        threshold = max(1, math.ceil((track.max - track.min) / 10))
        moves = []
        for turn in range(1, len(history)):
            before, after = history[turn - 1][track.id], history[turn][track.id]
            if abs(after - before) < threshold:
                continue
            causes = by_turn.get((track.id, turn), Counter())
            moves.append(
                TrackMove(
                    track.id,
                    turn,
                    labels[turn],
                    before,
                    after,
                    _causes(scenario, causes, claims),
                )
            )
        moves.sort(key=lambda m: (-abs(m.change), m.turn))
        out[track.id] = sorted(moves[:per_track], key=lambda m: m.turn)
    return out


def track_causes(scenario: Scenario, attribution: Counter) -> dict[str, list[Cause]]:
    """Per main track, what moved it over the whole game: its causes, largest change first."""
    totals: dict[str, Counter] = {}
    claims: dict[str, tuple[str, ...]] = {}
    for (track, cause, cited, _actor, _turn), change in attribution.items():
        totals.setdefault(track, Counter())[cause] += change
        claims[cause] = first_seen((claims.get(cause, ()), cited))  # a flip side cites others
    return {
        t.id: list(_causes(scenario, totals.get(t.id, Counter()), claims))
        for t in scenario.tracks
        if t.main
    }


def _causes(
    scenario: Scenario, changes: Counter, claims: Mapping[str, tuple[str, ...]]
) -> tuple[Cause, ...]:
    ranked = sorted(((c, n) for c, n in changes.items() if n), key=lambda kv: (-abs(kv[1]), kv[0]))
    return tuple(
        Cause(c, cause_kind(scenario, c), cause_name(scenario, c), n, claims.get(c, ()))
        for c, n in ranked
    )


def first_seen(groups: Iterable[Sequence[str]]) -> tuple[str, ...]:
    """The ids of ``groups`` once each, in order of first appearance."""
    out: dict[str, None] = {}
    for group in groups:
        out.update(dict.fromkeys(group))
    return tuple(out)


__all__ = ["Cause", "TrackMove", "first_seen", "large_moves", "track_causes"]
