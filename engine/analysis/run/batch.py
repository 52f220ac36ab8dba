"""Batches: many seeded playthroughs, played in chunks and merged — one arm or several.

Playthrough ``i`` of a batch with root seed ``S`` uses seed ``derive_seed(S, i)`` for the game
and its bots, so a batch gives the same numbers whatever the number of processes or machines,
and two arms of a study (:mod:`engine.analysis.measure.compare`) play the same seeds: paired.

Work is cut into :class:`ChunkTask` s (an arm's scenario source, its bots and a range of
indices) that a backend (:mod:`engine.analysis.run.backends`) runs anywhere; each returns an
:class:`~engine.analysis.run.aggregate.Aggregate` (integer sums and histograms, so merging is
exact and order-free) plus one :class:`~engine.analysis.run.records.RunRecord` per game. The
merged batch is a :class:`~engine.analysis.run.batch_result.BatchResult`.

Pure: no terminal output here; callers pass ``on_progress`` to draw a progress bar.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engine.analysis.run.aggregate import Aggregate, Tally
from engine.analysis.run.backends import Backend, LocalBackend, default_jobs, sigint_held
from engine.analysis.run.batch_result import BatchResult
from engine.analysis.run.playout import make_bots, play_game, resolved_bots
from engine.analysis.run.records import RunRecord, cards_played
from engine.load.read.source import ScenarioSource
from engine.load.scenario import Scenario
from engine.play.rng import derive_seed

if TYPE_CHECKING:
    from engine.agents.external import AgentOptions


def playthrough_seed(root: int, index: int) -> int:
    """The seed of playthrough ``index`` in a batch with root seed ``root``."""
    return derive_seed(root, index)


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
    tally = Tally()  # counted as Aggregate.add counts them, together at the end
    records = []
    for index in indices:
        seed = playthrough_seed(root, index)
        bots = make_bots(scenario, kinds, seed, agents)
        game = play_game(
            scenario, seed, bots, quiet=True, record=True, attribution=tally.attribution
        )
        outcome = game.outcome
        assert outcome is not None
        tally.add(game)
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
    return tally.aggregate(), records


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
        # Ctrl-C waits until the chunk is both counted and written: interrupted between the
        # two, a partial CSV lost rows that the partial summary counted.
        with sigint_held():
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
    "Arm",
    "ChunkTask",
    "RecordSink",
    "StudyInterrupted",
    "play_chunk",
    "playthrough_seed",
    "run_arms",
    "run_batch",
    "run_chunk",
]
