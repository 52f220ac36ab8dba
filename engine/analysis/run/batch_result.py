"""A finished batch and the figures it reports: win rates, score quartiles, mean length, track
means per turn, the features most tied to each outcome, and the JSON summary (``batch --json``).

Everything here is read off the merged :class:`engine.analysis.run.aggregate.Aggregate`; how
the batch was played is :mod:`engine.analysis.run.batch`.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from engine.analysis.measure.stats import wilson
from engine.analysis.run.aggregate import NOBODY, Aggregate
from engine.analysis.run.records import SCHEMA_VERSION, RunRecord, variant_of, with_seed
from engine.load.scenario import Scenario


def scored_actors(scenario: Scenario) -> tuple[str, ...]:
    """Actors with a score or a win, in scenario order (a batch report's columns)."""
    scored = {s.actor for s in scenario.scores}
    return tuple(a.id for a in scenario.actors if a.id in scored)


@dataclass
class BatchResult:
    """A finished batch: its parameters, the merged aggregate and every playthrough.

    ``records`` is empty when the batch streamed them to ``on_records`` without keeping them
    (``keep_records=False``: memory stays flat however many runs; see :func:`run_arms`).
    """

    scenario: Scenario
    runs: int
    seed: int
    bots: dict[str, str]
    aggregate: Aggregate
    records: list[RunRecord]

    @property
    def actors(self) -> tuple[str, ...]:
        """Actors with a score or a win, in scenario order."""
        return scored_actors(self.scenario)

    def win_rate(self, actor: str) -> float:
        """The fraction of playthroughs ``actor`` won."""
        return self.aggregate.wins[actor] / self.runs if self.runs else 0.0

    def mean_turns(self) -> float:
        """Mean number of turns played (the turn the game ended in)."""
        turns = self.aggregate.turns
        return sum(t * n for t, n in turns.items()) / self.runs if self.runs else 0.0

    def score_summary(self, actor: str) -> dict[str, float]:
        """Mean, min, quartiles and max of ``actor``'s scores."""
        counts = self.aggregate.scores.get(actor, Counter())
        values = sorted(counts.elements())
        if not values:
            return {}
        n = len(values)

        def q(p: float) -> int:
            return values[min(n - 1, int(p * n))]

        return {
            "mean": round(sum(values) / n, 3),
            "min": values[0],
            "p25": q(0.25),
            "median": q(0.5),
            "p75": q(0.75),
            "max": values[-1],
        }

    def track_means(self) -> dict[str, list[float]]:
        """Per track, the mean value at the start and after each turn (over games reaching it)."""
        agg = self.aggregate
        out = {}
        ids = [t.id for t in self.scenario.tracks] + [c.id for c in self.scenario.counters]
        hidden = self.scenario.tables.internal  # bookkeeping: never shown
        for track in (i for i in ids if i not in hidden):
            sums = agg.track_sums.get(track, Counter())
            out[track] = [round(sums[i] / agg.track_counts[i], 3) for i in sorted(agg.track_counts)]
        return out

    def associations(self, top: int = 3) -> dict[str, list[dict[str, Any]]]:
        """Per outcome, the cards (as event or for ops) and rules whose occurrence most raises
        its frequency (lift in percentage points).

        Only features present, and absent, each in at least 5% of playthroughs (and at least
        5) are ranked, so that a rate "when present" and "otherwise" both mean something.
        """
        agg = self.aggregate
        n = agg.runs
        support = max(5, math.ceil(0.05 * n))
        out: dict[str, list[dict[str, Any]]] = {}
        for label in [*self.actors, NOBODY]:
            total = agg.outcomes[label]
            ranked = []
            for feature, present in agg.features.items():
                if present < support or n - present < support:
                    continue
                with_it = agg.feature_outcomes[feature][label]
                rate_with = with_it / present
                rate_without = (total - with_it) / (n - present)
                ranked.append(
                    {
                        "feature": feature,
                        "present_in": present,
                        "rate_when_present": round(rate_with, 4),
                        "rate_otherwise": round(rate_without, 4),
                        "lift": round(rate_with - rate_without, 4),
                    }
                )
            ranked.sort(key=lambda r: (-r["lift"], r["feature"]))
            out[label] = [r for r in ranked[:top] if r["lift"] > 0]
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON report, attribution included (:mod:`engine.analysis.explain.attribution`)."""
        from engine.analysis.explain.attribution import attribution_report

        agg = self.aggregate
        actors = self.actors
        return {
            "schema_version": SCHEMA_VERSION,
            "scenario": self.scenario.id,
            "variant": variant_of(self.scenario),
            "content_hash": self.scenario.content_hash,
            "runs": self.runs,
            **with_seed("seed", self.seed),
            "bots": dict(self.bots),
            "wins": {a: agg.wins[a] for a in actors},
            "no_winner": agg.no_winner,
            "win_rate": {a: round(self.win_rate(a), 4) for a in actors},
            "ci95": {a: [round(x, 4) for x in wilson(agg.wins[a], self.runs)] for a in actors},
            "scores": {a: self.score_summary(a) for a in actors},
            "score_histogram": {
                a: {str(k): v for k, v in sorted(agg.scores.get(a, Counter()).items())}
                for a in actors
            },
            "mean_turns": round(self.mean_turns(), 3),
            "turns_histogram": {str(k): v for k, v in sorted(agg.turns.items())},
            "mean_actions": round(
                sum(k * v for k, v in agg.actions.items()) / self.runs if self.runs else 0.0, 3
            ),
            "endings": dict(sorted(agg.endings.items())),
            "track_means": self.track_means(),
            "associations": self.associations(),
            "attribution": attribution_report(self.scenario, agg.attribution, self.runs),
        }


__all__ = ["BatchResult", "scored_actors"]
