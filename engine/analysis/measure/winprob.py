"""Win probability over a finished game, and its turning points.

At every decision point of a game — before each action, and at the end — each playable
actor's chance of winning is estimated by playing the game out ``K`` times from there. What is
unknown at that point varies between rollouts: each rollout copies the game, reseeds its
random generator from (game seed, decision index, rollout index), reshuffles the draw piles
with it, and plays to the end with quiet, fast bots. Hands and everything on the table are
kept as they were: this is an analyst's estimate from the true position, not any one
player's belief, and it is only as good as the bots that play the rollouts.

Decision points are spread over a backend's workers (:mod:`engine.analysis.run.backends`). A
task carries the scenario's source, the seed and the action list as text; workers replay the
prefix. Every number depends only on (scenario, seed, actions, K, bots), never on the backend
or the number of workers.

    wp = estimate_win_probability(scenario, seed, actions, rollouts=48)
    wp.series["israel"]          # one probability per decision point, the end last
    turning_points(wp, top=3)    # the largest swings, largest first
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.analysis.run.backends import Backend, LocalBackend, default_jobs
from engine.analysis.run.playout import make_bots, resolved_bots
from engine.bots import Bot
from engine.load.read.source import ScenarioSource
from engine.load.scenario import Scenario
from engine.play import rng
from engine.play.game import Game
from engine.play.rules.actions import Action
from engine.play.views.view import observe

#: Rollouts per decision point unless the caller asks otherwise: the one-game report of a
#: six-turn campaign scenario (about 40 decisions) stays within a few seconds on two cores.
DEFAULT_ROLLOUTS = 48
#: Bot kinds too slow for thousands of rollouts; a scenario default of these kinds is
#: replaced by its doctrine (or random play) unless the caller names the kind explicitly.
SLOW_KINDS = frozenset({"ismcts", "greedy"})


def rollout_bots(scenario: Scenario, kinds: Mapping[str, str] | None = None) -> dict[str, str]:
    """The bot spec each playable actor gets in rollouts.

    An actor named in ``kinds`` (or ``all``) gets what is asked for. Otherwise it gets the
    scenario's bot for it (see :func:`engine.analysis.run.playout.resolved_bots`), except that a
    slow kind is replaced by ``doctrine`` when the scenario gives the actor a doctrine, else by
    ``random``.
    """
    kinds = dict(kinds or {})
    chosen = resolved_bots(scenario, kinds)
    out = {}
    for actor, spec in chosen.items():
        explicit = actor in kinds or "all" in kinds
        if not explicit and spec.partition(":")[0] in SLOW_KINDS:
            spec = "doctrine" if scenario.doctrine.get(actor) else "random"
        out[actor] = spec
    return out


def players_rollout_bots(scenario: Scenario, players: Mapping[str, str]) -> dict[str, str]:
    """The rollout bots for a game played by ``players`` (actor -> ``human`` or a bot spec):
    each bot player's own kind, a slow kind replaced by ``doctrine`` (when the scenario gives
    the actor a doctrine) or ``random``; for people, the scenario's bot for that actor, made
    fast the same way (see :func:`rollout_bots`)."""
    kinds = {}
    for actor, spec in players.items():
        if not spec or spec == "human":
            continue
        if spec.partition(":")[0] in SLOW_KINDS:
            spec = "doctrine" if scenario.doctrine.get(actor) else "random"
        kinds[actor] = spec
    return rollout_bots(scenario, kinds)


@dataclass(frozen=True)
class WinProbability:
    """Each playable actor's estimated chance of winning at every decision point.

    Point ``i`` is the position before action ``i`` (0-based); point ``len(actions)`` is the
    end. A finished game's last point is exact: 1 for each winner, 0 for everyone else.
    Several actors may win the same game, or none, so the chances need not add up to one.
    """

    actors: tuple[str, ...]
    rollouts: int
    #: The bot spec of each actor in the rollouts.
    bots: Mapping[str, str]
    #: Actor id -> one probability per decision point.
    series: Mapping[str, tuple[float, ...]]
    #: The chance that nobody wins, per decision point.
    nobody: tuple[float, ...] = ()
    #: Whether the last point is the game's end (exact) rather than an estimate.
    finished: bool = True

    @property
    def points(self) -> int:
        """How many decision points there are (actions + 1)."""
        return len(self.nobody)

    def at(self, point: int) -> dict[str, float]:
        """Each actor's chance at decision point ``point``."""
        return {a: self.series[a][point] for a in self.actors}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (probabilities rounded to 4 places)."""
        return {
            "rollouts": self.rollouts,
            "bots": dict(self.bots),
            "finished": self.finished,
            "series": {a: [round(p, 4) for p in self.series[a]] for a in self.actors},
            "nobody": [round(p, 4) for p in self.nobody],
        }


@dataclass(frozen=True)
class WinTask:
    """Some decision points of one game: what a worker needs to estimate them."""

    source: ScenarioSource
    seed: int
    actions: tuple[str, ...]
    #: Decision indices to estimate, increasing.
    points: tuple[int, ...]
    rollouts: int
    bots: tuple[tuple[str, str], ...]
    #: Umpire interventions as (actions before each, its fields): replayed where they came.
    umpire: tuple[tuple[int, Any], ...] = ()


#: Per decision point: how many rollouts each actor won, and how many nobody won.
PointCounts = tuple[int, dict[str, int], int]


def run_win_task(task: WinTask) -> list[PointCounts]:
    """Estimate one task's decision points wherever it runs (the prefix is replayed once)."""
    scenario = task.source.load()
    return estimate_points(
        scenario,
        task.seed,
        task.actions,
        task.points,
        task.rollouts,
        dict(task.bots),
        umpire=task.umpire,
    )


def estimate_points(
    scenario: Scenario,
    seed: int,
    actions: Sequence[str],
    points: Sequence[int],
    rollouts: int,
    bots: Mapping[str, str],
    *,
    umpire: Sequence[tuple[int, Any]] = (),
) -> list[PointCounts]:
    """Win counts over ``rollouts`` playouts from each decision point in ``points`` (after
    the umpire's interventions that came before it)."""
    game = Game.new(scenario, seed, quiet=True)
    done = 0
    pending = sorted(umpire, key=lambda item: item[0])
    out = []
    for point in sorted(points):
        while True:
            while pending and pending[0][0] <= done:
                _intervene(game, pending.pop(0)[1])
            if done >= point:
                break
            game.apply(Action.parse(actions[done]))
            done += 1
        out.append((point, *_rollouts(game, seed, point, rollouts, bots)))
    return out


def _intervene(game: Game, fields: Any) -> None:
    from engine.play.rules.resolving.umpire import Intervention, intervene

    intervene(game, fields if isinstance(fields, Intervention) else Intervention.from_dict(fields))


def _rollouts(
    game: Game, seed: int, point: int, rollouts: int, bots: Mapping[str, str]
) -> tuple[dict[str, int], int]:
    wins: Counter = Counter()
    nobody = 0
    # Common random numbers: playout k draws the same seeds at every decision point, so the
    # difference between two neighbouring points measures the move between them, not chance
    # (about half the error of independent seeds for the same budget).
    for k in range(rollouts):
        sample = game.copy()
        sample.quiet = True
        sample.attribution = sample.trace = None
        state = sample.state
        state.rng = rng.derive_seed(seed, "winprob", k)
        for deck in sorted(state.draw):
            state.rng, state.draw[deck] = rng.shuffled(state.rng, state.draw[deck])
        players = make_bots(sample.scenario, bots, rng.derive_seed(seed, "winprob-bots", k))
        outcome = play_out(sample, players).outcome
        assert outcome is not None
        wins.update(outcome.winners)
        nobody += not outcome.winners
    return dict(wins), nobody


def play_out(game: Game, bots: Mapping[str, Bot], max_actions: int = 100_000) -> Game:
    """Play ``game`` on to its end with ``bots``, in place; return it."""
    for _ in range(max_actions):
        actor = game.to_move()
        if actor is None:
            return game
        bot = bots[actor]
        game.push(bot.choose(observe(game, actor, with_log=bot.needs_log)))
    raise RuntimeError(f"game did not end within {max_actions} actions")


def estimate_win_probability(
    scenario: Scenario,
    seed: int,
    actions: Sequence[Action | str],
    *,
    rollouts: int = DEFAULT_ROLLOUTS,
    bots: Mapping[str, str] | None = None,
    backend: Backend | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    umpire: Sequence[tuple[int, Any]] = (),
) -> WinProbability:
    """Each playable actor's chance of winning before every action of the game ``(scenario,
    seed, actions)`` and at its end, from ``rollouts`` playouts per point.

    ``bots`` chooses who plays the rollouts (see :func:`rollout_bots`). ``on_progress(done,
    total)`` counts decision points; it may raise to stop early (the exception propagates).
    Deterministic: the backend and its number of workers change nothing.
    """
    if rollouts < 1:
        raise ValueError("rollouts must be at least 1")
    texts = tuple(str(a) for a in actions)
    kinds = rollout_bots(scenario, bots)
    actors = scenario.playable_actors
    umpire = tuple((at, iv if isinstance(iv, dict) else iv.to_dict()) for at, iv in umpire)
    final = Game.new(scenario, seed, quiet=True)
    pending = sorted(umpire, key=lambda item: item[0])
    for done, text in enumerate(texts):
        while pending and pending[0][0] <= done:
            _intervene(final, pending.pop(0)[1])
        final.apply(Action.parse(text))
    for _, fields in pending:
        _intervene(final, fields)
    counts: dict[int, tuple[dict[str, int], int]] = {}
    n = len(texts)
    if final.is_over():
        outcome = final.outcome
        assert outcome is not None
        counts[n] = ({a: rollouts for a in outcome.winners}, rollouts * (not outcome.winners))
        todo = list(range(n))
    else:
        todo = list(range(n + 1))
    backend = backend or LocalBackend()
    workers = getattr(backend, "jobs", None) or default_jobs()
    groups = max(1, min(len(todo), 4 * workers))
    # Strided groups: early points (long rollouts) and late ones (short) mix in every task.
    source = ScenarioSource.of(scenario, bundled=not isinstance(backend, LocalBackend))
    spec = tuple(sorted(kinds.items()))
    tasks = [
        WinTask(source, seed, texts, tuple(todo[g::groups]), rollouts, spec, umpire)
        for g in range(groups)
        if todo[g::groups]
    ]
    total, done = n + 1, n + 1 - len(todo)

    def collect(index: int, result: list[PointCounts]) -> None:
        nonlocal done
        for point, wins, nobody in result:
            counts[point] = (wins, nobody)
        done += len(result)
        if on_progress:
            on_progress(done, total)

    if tasks:
        backend.run(run_win_task, tasks, collect)
    series = {a: tuple(counts[p][0].get(a, 0) / rollouts for p in range(n + 1)) for a in actors}
    nobody = tuple(counts[p][1] / rollouts for p in range(n + 1))
    return WinProbability(actors, rollouts, kinds, series, nobody, final.is_over())


@dataclass(frozen=True)
class Swing:
    """How much one actor's chance moved across one action: from point ``index`` to
    ``index + 1`` (so ``index`` is also the 0-based index of that action)."""

    index: int
    actor: str
    before: float
    after: float
    #: Every actor's change across the same action.
    changes: Mapping[str, float] = field(default_factory=dict)

    @property
    def change(self) -> float:
        """The signed change of ``actor``'s chance."""
        return self.after - self.before


def swings(winprob: WinProbability) -> list[Swing]:
    """For every action, the actor whose chance moved most across it (the first in turn
    order on a tie), in game order."""
    out = []
    for i in range(winprob.points - 1):
        changes = {a: winprob.series[a][i + 1] - winprob.series[a][i] for a in winprob.actors}
        actor = max(winprob.actors, key=lambda a: abs(changes[a]))
        series = winprob.series[actor]
        out.append(Swing(i, actor, series[i], series[i + 1], changes))
    return out


def turning_points(winprob: WinProbability, top: int = 3, minimum: float = 0.0) -> list[Swing]:
    """The ``top`` largest swings of any actor's chance between consecutive decisions,
    largest first (earlier first on a tie); swings smaller than ``minimum`` are left out."""
    ranked = sorted(swings(winprob), key=lambda s: (-abs(s.change), s.index))
    return [s for s in ranked[:top] if abs(s.change) > 0 and abs(s.change) >= minimum]


def noise(rollouts: int) -> float:
    """The largest standard error of one estimated chance from ``rollouts`` playouts (at 50%):
    swings much smaller than about twice this may be chance alone."""
    return math.sqrt(0.25 / max(1, rollouts))


__all__ = [
    "DEFAULT_ROLLOUTS",
    "SLOW_KINDS",
    "Swing",
    "WinProbability",
    "WinTask",
    "estimate_points",
    "estimate_win_probability",
    "noise",
    "play_out",
    "players_rollout_bots",
    "rollout_bots",
    "run_win_task",
    "swings",
    "turning_points",
]
