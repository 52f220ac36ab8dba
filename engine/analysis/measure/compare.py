"""Paired comparisons: two arms on the same seeds, and what the change did, with intervals.

Side A and side B play playthroughs ``0..N-1`` of the same root seed, so game ``i`` of each
starts from the same seed: the difference per seed is the effect of the change (plus what the
change does to chance downstream). :func:`compare_results` measures, per seed, each actor's
win (0/1), each score, the final value of every track and counter, and each ending; then the
mean difference B − A with a 95% paired interval (:mod:`engine.analysis.measure.stats`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.analysis.measure.stats import PairedEstimate, paired
from engine.analysis.run.aggregate import NOBODY, TURN_LIMIT
from engine.analysis.run.backends import Backend
from engine.analysis.run.batch import Arm, run_arms
from engine.analysis.run.batch_result import BatchResult
from engine.analysis.run.records import RunRecord


@dataclass
class Comparison:
    """Side B against side A over the same seeds."""

    a: BatchResult
    b: BatchResult
    #: actor (or ``nobody``) -> the difference in its win rate
    wins: dict[str, PairedEstimate]
    #: actor -> the difference in its mean score
    scores: dict[str, PairedEstimate]
    #: track or counter -> the difference in its mean final value
    tracks: dict[str, PairedEstimate]
    #: ending (an instant end's id, or "turn limit") -> the difference in how often it happens
    endings: dict[str, PairedEstimate]

    @property
    def runs(self) -> int:
        """Seeds compared."""
        return self.a.runs

    def notable(self) -> list[tuple[str, str, PairedEstimate]]:
        """Every (kind, name, estimate) whose interval excludes zero."""
        out = []
        for kind in ("wins", "scores", "tracks", "endings"):
            for name, estimate in getattr(self, kind).items():
                if estimate.significant:
                    out.append((kind, name, estimate))
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON report: both sides' setup, then each metric's paired estimate."""
        return {
            "runs": self.runs,
            "seed": self.a.seed,
            "a": _side(self.a),
            "b": _side(self.b),
            "wins": {k: v.to_dict() for k, v in self.wins.items()},
            "scores": {k: v.to_dict() for k, v in self.scores.items()},
            "tracks": {k: v.to_dict() for k, v in self.tracks.items()},
            "endings": {k: v.to_dict() for k, v in self.endings.items()},
        }


def _side(result: BatchResult) -> dict[str, Any]:
    scenario = result.scenario
    return {
        "scenario": scenario.id,
        "title": scenario.title,
        "content_hash": scenario.content_hash,
        "variant": scenario.variant.to_dict() if scenario.variant else None,
        "bots": dict(result.bots),
    }


def pairs(a: BatchResult, b: BatchResult) -> list[tuple[RunRecord, RunRecord]]:
    """The playthroughs of both sides, matched by index; raise if their seeds differ."""
    if a.runs != b.runs or a.seed != b.seed:
        raise ValueError("paired results need the same runs and root seed")
    out = []
    for x, y in zip(a.records, b.records, strict=True):
        if x.seed != y.seed:
            raise ValueError(f"playthrough {x.index} has different seeds on the two sides")
        out.append((x, y))
    return out


def compare_results(a: BatchResult, b: BatchResult) -> Comparison:
    """Measure B − A per seed for every metric both sides share."""
    matched = pairs(a, b)
    actors = [x for x in a.actors if x in b.actors]

    def metric(value: Callable[[RunRecord], float], binary: bool = False) -> PairedEstimate:
        return paired([value(x) for x, _ in matched], [value(y) for _, y in matched], binary=binary)

    def won(actor: str) -> Callable[[RunRecord], float]:
        return lambda r: float(actor in r.winners)

    def score(actor: str) -> Callable[[RunRecord], float]:
        return lambda r: r.scores.get(actor, 0)

    def final(track: str) -> Callable[[RunRecord], float]:
        return lambda r: r.finals[track]

    def ended(ending: str) -> Callable[[RunRecord], float]:
        return lambda r: float((r.condition or TURN_LIMIT) == ending)

    wins = {actor: metric(won(actor), True) for actor in actors}
    wins[NOBODY] = metric(lambda r: float(not r.winners), True)
    scores = {actor: metric(score(actor)) for actor in actors}
    internal = a.scenario.tables.internal | b.scenario.tables.internal  # never shown
    track_ids = (
        [t for t in a.records[0].finals if t in b.records[0].finals and t not in internal]
        if matched
        else []
    )
    tracks = {track: metric(final(track)) for track in track_ids}
    ending_names = sorted(
        {r.condition or TURN_LIMIT for r in (*a.records, *b.records)},
        key=lambda e: (e != TURN_LIMIT, e),
    )
    endings = {ending: metric(ended(ending), True) for ending in ending_names}
    return Comparison(a, b, wins, scores, tracks, endings)


def compare(
    a: Arm,
    b: Arm,
    runs: int,
    seed: int = 1,
    *,
    backend: Backend | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Comparison:
    """Play both arms on the same ``runs`` seeds and compare them."""
    result_a, result_b = run_arms([a, b], runs, seed, backend=backend, on_progress=on_progress)
    return compare_results(result_a, result_b)


__all__ = ["TURN_LIMIT", "Comparison", "compare", "compare_results", "pairs"]
