"""Batches: many seeded playthroughs, aggregated per chunk and merged — one arm or several.

Playthrough ``i`` of a batch with root seed ``S`` uses seed ``derive_seed(S, i)`` for the game
and its bots, so a batch gives the same numbers whatever the number of processes or machines,
and two arms of a study (:mod:`engine.analysis.studies`) play the same seeds: paired.

Work is cut into :class:`ChunkTask` s (an arm's scenario source, its bots and a range of
indices) that a backend (:mod:`engine.analysis.run.backends`) runs anywhere; each returns an
:class:`Aggregate` (integer sums and histograms, so merging is exact and order-free) plus one
:class:`RunRecord` per game.

Pure: no terminal output here; callers pass ``on_progress`` to draw a progress bar.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.analysis.explain.chains import fired_chains, full_trace
from engine.analysis.measure.stats import wilson
from engine.analysis.run.backends import Backend, LocalBackend, default_jobs
from engine.analysis.run.playout import make_bots, play_game, resolved_bots
from engine.analysis.run.records import SCHEMA_VERSION, cards_played, variant_of, with_seed
from engine.load.read.source import ScenarioSource
from engine.load.scenario import Scenario
from engine.play.game import Game
from engine.play.rng import derive_seed

if TYPE_CHECKING:
    from engine.agents.external import AgentOptions

NOBODY = "nobody"


def playthrough_seed(root: int, index: int) -> int:
    """The seed of playthrough ``index`` in a batch with root seed ``root``."""
    return derive_seed(root, index)


@dataclass(frozen=True)
class RunRecord:
    """One playthrough: its index and seed, who won, the scores, its length and final tracks."""

    index: int
    seed: int
    winners: tuple[str, ...]
    scores: dict[str, int]
    turns: int
    actions: int
    condition: str | None
    reason: str
    #: Every track and counter at the end of the game.
    finals: dict[str, int] = field(default_factory=dict)
    #: (actor, use, card) of every card played, in order (see :mod:`engine.analysis.run.records`).
    plays: tuple[tuple[str, str, str], ...] = ()


def game_features(game: Game) -> set[str]:
    """What a game did, as labels: ``event:CARD``, ``ops:CARD``, ``op:OPERATION``,
    ``deal:DEAL:accept|reject``, ``rule:ID``
    and ``chain:ID`` (a causal chain of the scenario that fired, see
    :mod:`engine.analysis.explain.chains`).

    Reactions count as events. Rules and chains need :attr:`Game.trace` (batches record it).
    """
    out: set[str] = set()
    for action in game.actions:
        if action.card and action.kind != "discard":  # a discard down plays nothing
            use = "ops" if action.kind == "ops" else "event"
            out.add(f"{use}:{action.card}")
        if action.kind in ("accept", "reject"):  # an answer to a deal, not an operation
            out.add(f"deal:{action.operation}:{action.kind}")
        elif action.operation:
            out.add(f"op:{action.operation}")
    if game.trace is not None:
        rules = game.scenario.tables.rule_ids
        out.update(f"rule:{cause}" for cause in set(game.trace) if cause in rules)
        if game.scenario.chains:
            fired = fired_chains(game.scenario, full_trace(game))
            out.update(f"chain:{match.chain.id}" for match in fired)
    return out


def describe_feature(scenario: Scenario, feature: str) -> str:
    """A feature label for people: 'Airstrike (as event)', 'rule: The unpaid ledger'."""
    kind, _, ident = feature.partition(":")
    if kind in ("event", "ops") and ident in scenario.cards:
        return (
            f"{scenario.cards[ident].front.name} ({'as event' if kind == 'event' else 'for ops'})"
        )
    if kind == "op" and ident in scenario.operations:
        return f"operation: {scenario.operations[ident].play.name}"
    if kind == "rule":
        from engine.analysis.explain.attribution import cause_name

        return f"rule: {cause_name(scenario, ident)}"
    if kind == "deal":
        deal, _, answer = ident.partition(":")
        name = scenario.deals[deal].name if deal in scenario.deals else deal
        return f"deal: {name} ({answer}ed)"
    if kind == "chain":
        names = {c.id: c.name for c in scenario.chains}
        return f"chain: {names.get(ident, ident)}"
    return feature


@dataclass
class Aggregate:
    """Integer sums over playthroughs; :meth:`merge` adds another chunk's sums."""

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
    #: feature label (see :func:`game_features`) -> playthroughs in which it occurred
    features: Counter = field(default_factory=Counter)
    #: feature label -> outcome label -> playthroughs with that feature and outcome
    feature_outcomes: dict[str, Counter] = field(default_factory=dict)
    outcomes: Counter = field(default_factory=Counter)
    #: (track, cause, claims, actor, turn) -> summed change
    #: (see :mod:`engine.analysis.explain.attribution`)
    attribution: Counter = field(default_factory=Counter)

    def add(self, game: Game) -> None:
        """Count one finished game."""
        outcome = game.outcome
        assert outcome is not None
        self.runs += 1
        self.wins.update(outcome.winners)
        self.no_winner += not outcome.winners
        scores = self.scores
        for actor, score in outcome.scores.items():
            counts = scores.get(actor)
            if counts is None:
                counts = scores[actor] = Counter()
            counts[score] += 1
        self.turns[outcome.turn] += 1
        self.actions[len(game.actions)] += 1
        self.endings[outcome.condition or "turn limit"] += 1
        # The hottest lines of a batch after play itself: no Counter built per track and turn.
        track_sums, track_counts = self.track_sums, self.track_counts
        for i, snapshot in enumerate(game.state.history):
            track_counts[i] += 1
            for track, value in snapshot.items():
                sums = track_sums.get(track)
                if sums is None:
                    sums = track_sums[track] = Counter()
                sums[i] += value
        labels = outcome_labels(outcome.winners)
        self.outcomes.update(labels)
        features, feature_outcomes = self.features, self.feature_outcomes
        for feature in sorted(game_features(game)):
            features[feature] += 1
            counts = feature_outcomes.get(feature)
            if counts is None:
                counts = feature_outcomes[feature] = Counter()
            for label in labels:  # distinct: the winners, or nobody
                counts[label] += 1
        if game.attribution is not None:
            self.attribution.update(game.attribution)

    def merge(self, other: Aggregate) -> None:
        """Add ``other``'s counts to this one."""
        self.runs += other.runs
        self.wins.update(other.wins)
        self.no_winner += other.no_winner
        for name in ("scores", "track_sums", "feature_outcomes"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for key, counts in theirs.items():
                mine.setdefault(key, Counter()).update(counts)
        for name in (
            "turns",
            "actions",
            "endings",
            "track_counts",
            "features",
            "outcomes",
            "attribution",
        ):
            getattr(self, name).update(getattr(other, name))


def outcome_labels(winners: tuple[str, ...]) -> list[str]:
    """The outcome labels a game counts under: each winner, or ``nobody``."""
    return list(winners) if winners else [NOBODY]


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


# -- running ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Arm:
    """One side of a study: a scenario (with its variant) and the bots that play it."""

    scenario: Scenario
    bots: Mapping[str, str] = field(default_factory=dict)
    label: str = ""


@dataclass(frozen=True)
class ChunkTask:
    """Playthroughs ``start..stop-1`` of one arm: what a worker needs, and nothing more."""

    arm: int
    source: ScenarioSource
    bots: tuple[tuple[str, str], ...]
    root: int
    start: int
    stop: int
    #: How external agents (``cmd:`` bots) run, if any play.
    agents: AgentOptions | None = None


def play_chunk(
    scenario: Scenario,
    kinds: Mapping[str, str],
    root: int,
    indices: range,
    agents: AgentOptions | None = None,
) -> tuple[Aggregate, list[RunRecord]]:
    """Play the playthroughs ``indices`` of a batch; return their aggregate and records."""
    aggregate = Aggregate()
    records = []
    for index in indices:
        seed = playthrough_seed(root, index)
        bots = make_bots(scenario, kinds, seed, agents)
        game = play_game(scenario, seed, bots, quiet=True, record=True)
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
                game.track_snapshot(),
                tuple(cards_played(game.actions)),
            )
        )
    return aggregate, records


def run_chunk(task: ChunkTask) -> tuple[Aggregate, list[RunRecord]]:
    """Play one chunk wherever it runs (the scenario is rebuilt from its source once)."""
    indices = range(task.start, task.stop)
    return play_chunk(task.source.load(), dict(task.bots), task.root, indices, task.agents)


#: Receives each arm's records in run order as they are ready: ``(arm index, records)``.
RecordSink = Callable[[int, Sequence[RunRecord]], None]


def run_arms(
    arms: Sequence[Arm],
    runs: int,
    seed: int = 1,
    *,
    backend: Backend | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    chunk: int | None = None,
    agents: AgentOptions | None = None,
    on_records: RecordSink | None = None,
    keep_records: bool = True,
) -> list[BatchResult]:
    """Play ``runs`` playthroughs of every arm on the same seeds; one result per arm.

    The results do not depend on the backend, its number of workers or ``chunk``.
    ``on_progress(done, total)`` counts playthroughs over all arms.

    Chunks finish in any order; each arm's are taken in run order as soon as they join up
    (a chunk that finished early waits for the ones before it), merged into the arm's
    aggregate and handed to ``on_records``. With ``keep_records=False`` nothing else keeps
    the records, so a batch of any size holds only the chunks waiting to join up. When Ctrl-C
    stops the study the chunks still waiting are handed on too (in run order, with gaps where
    chunks did not finish), so the records given out are exactly those the partial
    aggregates count.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    backend = backend or LocalBackend()
    workers = getattr(backend, "jobs", None) or default_jobs()
    if chunk is None:
        per_arm = math.ceil(runs / max(1, math.ceil(workers * 8 / len(arms))))
        chunk = max(1, min(250, per_arm))
    bundled = not isinstance(backend, LocalBackend)
    tasks = []
    for i, arm in enumerate(arms):
        source = ScenarioSource.of(arm.scenario, bundled=bundled)
        kinds = tuple(sorted(arm.bots.items()))
        tasks += [
            ChunkTask(i, source, kinds, seed, start, min(runs, start + chunk), agents)
            for start in range(0, runs, chunk)
        ]
    joined = _Joiner(len(arms), on_records, keep_records)
    done = 0
    total = runs * len(arms)

    def collect(index: int, result: tuple[Aggregate, list[RunRecord]]) -> None:
        nonlocal done
        task = tasks[index]
        joined.add(task.arm, task.start, task.stop, result)
        done += task.stop - task.start
        if on_progress:
            on_progress(done, total)

    try:
        backend.run(run_chunk, tasks, collect)
    except KeyboardInterrupt:
        joined.flush()
        raise StudyInterrupted(joined.results(arms, seed), runs) from None
    return joined.results(arms, seed, runs)


class _Joiner:
    """Takes chunk results in any order and passes each arm's on in run order (see
    :func:`run_arms`): merged into one aggregate, records to the sink and, if asked, kept."""

    def __init__(self, arms: int, sink: RecordSink | None, keep: bool):
        self.sink, self.keep = sink, keep
        self.aggregates = [Aggregate() for _ in range(arms)]
        self.records: list[list[RunRecord]] = [[] for _ in range(arms)]
        self.next = [0] * arms
        self.waiting: dict[tuple[int, int], tuple[int, Aggregate, list[RunRecord]]] = {}

    def add(self, arm: int, start: int, stop: int, result: tuple[Aggregate, list[RunRecord]]):
        self.waiting[(arm, start)] = (stop, *result)
        while (arm, self.next[arm]) in self.waiting:
            stop, aggregate, records = self.waiting.pop((arm, self.next[arm]))
            self._take(arm, aggregate, records)
            self.next[arm] = stop

    def flush(self) -> None:
        """Pass on the chunks still waiting for earlier ones (a stopped study's last)."""
        for arm, start in sorted(self.waiting):
            _, aggregate, records = self.waiting.pop((arm, start))
            self._take(arm, aggregate, records)

    def _take(self, arm: int, aggregate: Aggregate, records: list[RunRecord]) -> None:
        self.aggregates[arm].merge(aggregate)
        if self.keep:
            self.records[arm].extend(records)
        if self.sink is not None:
            self.sink(arm, records)

    def results(self, arms: Sequence[Arm], seed: int, runs: int = 0) -> list[BatchResult]:
        """One result per arm; ``runs`` unless 0 (a partial study: the runs merged so far)."""
        return [
            BatchResult(
                arm.scenario,
                runs or self.aggregates[i].runs,
                seed,
                resolved_bots(arm.scenario, arm.bots),
                self.aggregates[i],
                self.records[i],
            )
            for i, arm in enumerate(arms)
        ]


class StudyInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped a study; ``results`` hold the playthroughs finished by then (per arm)."""

    def __init__(self, results: list[BatchResult], requested: int):
        super().__init__("interrupted")
        self.results = results
        self.requested = requested


def run_batch(
    scenario: Scenario,
    runs: int,
    seed: int = 1,
    bots: Mapping[str, str] | None = None,
    jobs: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    chunk: int | None = None,
    *,
    backend: Backend | None = None,
    agents: AgentOptions | None = None,
    on_records: Callable[[Sequence[RunRecord]], None] | None = None,
    keep_records: bool = True,
) -> BatchResult:
    """Play ``runs`` playthroughs of ``scenario`` and aggregate them (one arm of
    :func:`run_arms`), over ``jobs`` local processes unless a ``backend`` is given.

    ``on_records`` receives the records in run order as they are ready; with
    ``keep_records=False`` the result keeps none (flat memory for any number of runs)."""
    backend = backend or LocalBackend(jobs)
    arm = Arm(scenario, dict(bots or {}))
    sink = None if on_records is None else (lambda _arm, records: on_records(records))
    return run_arms(
        [arm],
        runs,
        seed,
        backend=backend,
        on_progress=on_progress,
        chunk=chunk,
        agents=agents,
        on_records=sink,
        keep_records=keep_records,
    )[0]


__all__ = [
    "NOBODY",
    "Aggregate",
    "Arm",
    "BatchResult",
    "ChunkTask",
    "RecordSink",
    "RunRecord",
    "StudyInterrupted",
    "default_jobs",
    "describe_feature",
    "game_features",
    "play_chunk",
    "playthrough_seed",
    "run_arms",
    "run_batch",
    "run_chunk",
    "scored_actors",
    "wilson",
]
