"""Batches: many seeded playthroughs over several processes, aggregated per worker and merged.

Playthrough ``i`` of a batch with root seed ``S`` uses seed ``derive_seed(S, i)`` for the game
and its bots, so a batch gives the same numbers whatever the number of processes. Each worker
plays a contiguous chunk of indices and returns an :class:`Aggregate` (integer sums and
histograms, so merging is exact and order-free) plus one :class:`RunRecord` per game.

Pure: no terminal output here; callers pass ``on_progress`` to draw a progress bar.
"""

from __future__ import annotations

import gc
import math
import os
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.analysis.playout import make_bots, play_game, with_turn_limit
from engine.load.build import load_scenario
from engine.load.scenario import Scenario
from engine.play.game import Game
from engine.play.rng import derive_seed

NOBODY = "nobody"


def playthrough_seed(root: int, index: int) -> int:
    """The seed of playthrough ``index`` in a batch with root seed ``root``."""
    return derive_seed(root, index)


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval for a proportion (95% by default); (0, 1) when ``n`` is 0."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class RunRecord:
    """One playthrough: its index and seed, who won, the scores, and how long it lasted."""

    index: int
    seed: int
    winners: tuple[str, ...]
    scores: dict[str, int]
    turns: int
    actions: int
    condition: str | None
    reason: str

    def row(self, actors: tuple[str, ...]) -> dict[str, Any]:
        """A flat CSV row (one ``score_ACTOR`` and ``win_ACTOR`` column per actor)."""
        out: dict[str, Any] = {
            "index": self.index,
            "seed": self.seed,
            "winners": ";".join(self.winners),
        }
        for actor in actors:
            out[f"win_{actor}"] = int(actor in self.winners)
            out[f"score_{actor}"] = self.scores.get(actor, "")
        out.update(
            turns=self.turns,
            actions=self.actions,
            condition=self.condition or "",
            reason=self.reason,
        )
        return out


@dataclass
class Aggregate:
    """Integer sums over playthroughs; :meth:`merge` adds another worker's sums."""

    runs: int = 0
    wins: Counter = field(default_factory=Counter)
    no_winner: int = 0
    scores: dict[str, Counter] = field(default_factory=dict)
    turns: Counter = field(default_factory=Counter)
    actions: Counter = field(default_factory=Counter)
    endings: Counter = field(default_factory=Counter)
    #: track id -> snapshot index (0 = start, t = after turn t) -> sum of values
    track_sums: dict[str, Counter] = field(default_factory=dict)
    #: snapshot index -> playthroughs that reached it
    track_counts: Counter = field(default_factory=Counter)
    #: card id -> playthroughs in which it was played at least once
    card_games: Counter = field(default_factory=Counter)
    #: card id -> outcome label -> playthroughs with that card and outcome
    card_outcomes: dict[str, Counter] = field(default_factory=dict)
    outcomes: Counter = field(default_factory=Counter)

    def add(self, game: Game) -> None:
        """Count one finished game."""
        outcome = game.outcome
        assert outcome is not None
        self.runs += 1
        self.wins.update(outcome.winners)
        self.no_winner += not outcome.winners
        for actor, score in outcome.scores.items():
            self.scores.setdefault(actor, Counter())[score] += 1
        self.turns[outcome.turn] += 1
        self.actions[len(game.actions)] += 1
        self.endings[outcome.condition or "turn limit"] += 1
        for i, snapshot in enumerate(game.state.history):
            self.track_counts[i] += 1
            for track, value in snapshot.items():
                self.track_sums.setdefault(track, Counter())[i] += value
        labels = outcome_labels(outcome.winners)
        self.outcomes.update(labels)
        for card in sorted({a.card for a in game.actions if a.card}):
            self.card_games[card] += 1
            self.card_outcomes.setdefault(card, Counter()).update(labels)

    def merge(self, other: Aggregate) -> None:
        """Add ``other``'s counts to this one."""
        self.runs += other.runs
        self.wins.update(other.wins)
        self.no_winner += other.no_winner
        for name in ("scores", "track_sums", "card_outcomes"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for key, counts in theirs.items():
                mine.setdefault(key, Counter()).update(counts)
        for name in ("turns", "actions", "endings", "track_counts", "card_games", "outcomes"):
            getattr(self, name).update(getattr(other, name))


def outcome_labels(winners: tuple[str, ...]) -> list[str]:
    """The outcome labels a game counts under: each winner, or ``nobody``."""
    return list(winners) if winners else [NOBODY]


@dataclass
class BatchResult:
    """A finished batch: its parameters, the merged aggregate and every playthrough."""

    scenario: Scenario
    runs: int
    seed: int
    bots: dict[str, str]
    aggregate: Aggregate
    records: list[RunRecord]

    @property
    def actors(self) -> tuple[str, ...]:
        """Actors with a score or a win, in scenario order."""
        scored = {s.actor for s in self.scenario.scores}
        return tuple(a.id for a in self.scenario.actors if a.id in scored)

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
        for track in ids:
            sums = agg.track_sums.get(track, Counter())
            out[track] = [round(sums[i] / agg.track_counts[i], 3) for i in sorted(agg.track_counts)]
        return out

    def card_associations(self, top: int = 3) -> dict[str, list[dict[str, Any]]]:
        """Per outcome, the cards whose play most raises its frequency (lift in percentage points).

        Only cards played, and not played, each in at least 5% of playthroughs (and at least 5)
        are ranked, so that a rate "when played" and "otherwise" both mean something.
        """
        agg = self.aggregate
        n = agg.runs
        support = max(5, math.ceil(0.05 * n))
        out: dict[str, list[dict[str, Any]]] = {}
        for label in [*self.actors, NOBODY]:
            total = agg.outcomes[label]
            ranked = []
            for card, played in agg.card_games.items():
                if played < support or n - played < support:
                    continue
                with_card = agg.card_outcomes[card][label]
                rate_with = with_card / played
                rate_without = (total - with_card) / (n - played)
                ranked.append(
                    {
                        "card": card,
                        "played_in": played,
                        "rate_when_played": round(rate_with, 4),
                        "rate_otherwise": round(rate_without, 4),
                        "lift": round(rate_with - rate_without, 4),
                    }
                )
            ranked.sort(key=lambda r: (-r["lift"], r["card"]))
            out[label] = [r for r in ranked[:top] if r["lift"] > 0]
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON report."""
        agg = self.aggregate
        actors = self.actors
        return {
            "scenario": self.scenario.id,
            "runs": self.runs,
            "seed": self.seed,
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
            "card_associations": self.card_associations(),
        }


# -- running ------------------------------------------------------------------------------
_SCENARIOS: dict[tuple[str, int | None], Scenario] = {}


def _scenario(path: str, turns: int | None) -> Scenario:
    key = (path, turns)
    if key not in _SCENARIOS:
        _SCENARIOS[key] = with_turn_limit(load_scenario(Path(path)), turns)
    return _SCENARIOS[key]


def play_chunk(
    scenario: Scenario, kinds: Mapping[str, str], root: int, indices: range
) -> tuple[Aggregate, list[RunRecord]]:
    """Play the playthroughs ``indices`` of a batch; return their aggregate and records."""
    aggregate = Aggregate()
    records = []
    for index in indices:
        seed = playthrough_seed(root, index)
        game = play_game(scenario, seed, make_bots(scenario, kinds, seed), quiet=True)
        outcome = game.outcome
        assert outcome is not None
        aggregate.add(game)
        records.append(
            RunRecord(
                index,
                seed,
                outcome.winners,
                dict(outcome.scores),
                outcome.turn,
                len(game.actions),
                outcome.condition,
                outcome.reason,
            )
        )
    return aggregate, records


def _worker(
    path: str, turns: int | None, kinds: dict[str, str], root: int, start: int, stop: int
) -> tuple[Aggregate, list[RunRecord]]:
    return play_chunk(_scenario(path, turns), kinds, root, range(start, stop))


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def run_batch(
    scenario: Scenario,
    runs: int,
    seed: int = 1,
    bots: Mapping[str, str] | None = None,
    jobs: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    chunk: int | None = None,
) -> BatchResult:
    """Play ``runs`` playthroughs of ``scenario`` over ``jobs`` processes and aggregate them.

    ``scenario`` must have been loaded from a file (workers reload it from ``scenario.path``;
    a changed turn limit is carried over). ``on_progress(done, total)`` is called as chunks
    finish. The result does not depend on ``jobs`` or ``chunk``.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    kinds = dict(bots or {})
    jobs = max(1, jobs or default_jobs())
    if chunk is None:
        chunk = max(1, min(250, math.ceil(runs / (jobs * 8))))
    spans = [(i, min(runs, i + chunk)) for i in range(0, runs, chunk)]
    parts: dict[int, tuple[Aggregate, list[RunRecord]]] = {}
    done = 0
    if jobs == 1 or len(spans) == 1:
        for start, stop in spans:
            parts[start] = play_chunk(scenario, kinds, seed, range(start, stop))
            done += stop - start
            if on_progress:
                on_progress(done, runs)
    else:
        path = str(scenario.path)
        turns = scenario.turns.count
        # Forked workers would otherwise have their garbage collector walk (and so copy) the
        # parent's whole heap; freezing it keeps that memory shared and the start quick.
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=min(jobs, len(spans))) as pool:
                futures = {
                    pool.submit(_worker, path, turns, kinds, seed, start, stop): (start, stop)
                    for start, stop in spans
                }
                for future in as_completed(futures):
                    start, stop = futures[future]
                    parts[start] = future.result()
                    done += stop - start
                    if on_progress:
                        on_progress(done, runs)
        finally:
            gc.unfreeze()
    aggregate = Aggregate()
    records: list[RunRecord] = []
    for start in sorted(parts):
        part, recs = parts[start]
        aggregate.merge(part)
        records.extend(recs)
    return BatchResult(scenario, runs, seed, kinds, aggregate, records)


__all__ = [
    "Aggregate",
    "BatchResult",
    "RunRecord",
    "default_jobs",
    "play_chunk",
    "playthrough_seed",
    "run_batch",
    "wilson",
]
