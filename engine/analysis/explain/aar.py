"""After-action reports as data: what happened in one game, or in a batch, and why.

For one game (a scenario, a seed and its actions): a timeline of decisions with each one's
reason, the tracks over the turns, the large moves of each main track with their causes,
each side's chance of winning over the game
(:mod:`engine.analysis.measure.winprob`) with its turning
points, and the scenario's causal chains that fired (:mod:`engine.analysis.explain.chains`). For a
batch: outcome distributions, attribution, the cards and rules most tied to each outcome, and
how often each chain fired.

Pure: this module computes; ``wargame.report`` renders Markdown and HTML from it.

    report = game_report(scenario, seed, actions, reasons=reasons, players=players)
    report = batch_report(run_batch(scenario, 500, seed=1))
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.analysis.explain.attribution import cause_kind, cause_name
from engine.analysis.explain.chains import fired_chains, full_trace
from engine.analysis.measure.stats import wilson
from engine.analysis.measure.winprob import (
    DEFAULT_ROLLOUTS,
    Swing,
    WinProbability,
    estimate_win_probability,
    turning_points,
)
from engine.analysis.run.backends import Backend
from engine.analysis.run.batch import NOBODY, BatchResult
from engine.bots.doctrine import DoctrineBot, matches
from engine.load.models import Chain
from engine.load.scenario import Scenario
from engine.play.events import Event
from engine.play.game import Game
from engine.play.rules.actions import Action
from engine.play.state import Outcome
from engine.play.views.view import observe

#: The reason given for a move a person made.
HUMAN_REASON = "played by a person"
#: ``players`` value for a side played by a person (as in saves written by the UI).
HUMAN = "human"
#: Log kinds worth showing between two decisions (the turn machinery's bookkeeping is not).
TELLING = frozenset(
    {"play", "react", "roll", "rule", "track", "flag", "place", "remove", "move", "trigger"}
    | {"narrate", "discard", "end"}
)


# -- one game -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Decision:
    """One decision of the game: who, when, what, and why."""

    index: int
    turn: int
    calendar: str
    actor: str
    #: The action's text form (``israel event precision_strike @homs``).
    action: str
    #: The action in words (``plays Precision strike as an event on Homs``).
    text: str
    #: The bot's explanation, "played by a person", or "" when unknown.
    reason: str


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


@dataclass(frozen=True)
class ChainStep:
    """One step of a chain that fired: the cause, when it happened and its events."""

    step: str
    kind: str
    name: str
    turn: int
    events: tuple[Event, ...]


@dataclass(frozen=True)
class FiredChain:
    """A causal chain of the scenario that happened in the game."""

    chain: Chain
    steps: tuple[ChainStep, ...]


@dataclass
class GameReport:
    """Everything an after-action report of one game shows."""

    scenario: Scenario
    seed: int
    actions: tuple[str, ...]
    #: Actor -> "human" or a bot spec ("" when not known, e.g. a save from elsewhere).
    players: dict[str, str]
    outcome: Outcome | None
    decisions: list[Decision]
    #: Track and counter values at the start and after each turn (see Game.track_history).
    history: list[dict[str, int]]
    #: A label per history entry: "start", then each turn's calendar label.
    history_labels: list[str]
    #: Main track id -> its large moves, in turn order.
    moves: dict[str, list[TrackMove]]
    #: Main track id -> what moved it over the whole game, largest first.
    track_causes: dict[str, list[Cause]]
    winprob: WinProbability | None
    turning_points: list[TurningPoint]
    chains: list[FiredChain]
    #: The public log.
    log: list[Event]

    def claims_cited(self) -> list[str]:
        """Every claim the report cites, in the scenario's order."""
        cited: set[str] = set()
        for moves in self.moves.values():
            for move in moves:
                cited.update(c for cause in move.causes for c in cause.claims)
        for causes in self.track_causes.values():
            cited.update(c for cause in causes for c in cause.claims)
        for point in self.turning_points:
            cited.update(point.claims)
        for fired in self.chains:
            cited.update(fired.chain.claims)
        return [c for c in self.scenario.claims if c in cited]

    def assumptions_cited(self) -> list[str]:
        """Every designer's assumption the report cites, in the scenario's order."""
        cited: set[str] = set()
        for point in self.turning_points:
            cited.update(point.assumptions)
        for fired in self.chains:
            cited.update(fired.chain.assumptions)
        return [a for a in self.scenario.assumptions if a in cited]


def game_report(
    scenario: Scenario,
    seed: int,
    actions: Sequence[Action | str],
    *,
    reasons: Mapping[int, str] | None = None,
    players: Mapping[str, str] | None = None,
    rollouts: int = DEFAULT_ROLLOUTS,
    rollout_bots: Mapping[str, str] | None = None,
    winprob: WinProbability | None = None,
    backend: Backend | None = None,
    top: int = 3,
    on_progress: Callable[[int, int], None] | None = None,
    umpire: Sequence[tuple[int, Any]] = (),
) -> GameReport:
    """The after-action report of the game ``(scenario, seed, actions)``.

    ``reasons`` maps an action's index to the reason its player gave (a bot's explanation, as
    :func:`engine.analysis.run.playout.play_game`'s ``on_move`` receives it). Where none is given,
    ``players`` (actor -> ``human`` or a bot kind) supplies one: "played by a person", or the
    reason a bot of that kind gives for that move when it can be told from the position
    (see :func:`infer_reason`). Win probability comes from ``winprob`` when given, else from
    ``rollouts`` playouts per decision (none when 0), spread over ``backend``. ``umpire``
    holds the umpire's interventions, as a save keeps them ``(actions before it, fields)``:
    they are replayed where they came and their events stay in the log.
    """
    from engine.play.rules.umpire import Intervention, intervene

    umpire = tuple((at, iv if isinstance(iv, dict) else iv.to_dict()) for at, iv in umpire)
    pending = sorted(umpire, key=lambda item: item[0])
    texts = tuple(str(a) for a in actions)
    players = dict(players or {})
    reasons = dict(reasons or {})
    game = Game.new(scenario, seed, record=True)
    trace_starts, log_starts = [0], [0]
    decisions: list[Decision] = []
    for index, text in enumerate(texts):
        while pending and pending[0][0] <= index:
            intervene(game, Intervention.from_dict(pending.pop(0)[1]))
        trace_starts.append(len(game.trace or ()))
        log_starts.append(len(game.state.log))
        action = Action.parse(text)
        reason = reasons.get(index)
        if reason is None:
            reason = infer_reason(game, action, players.get(action.actor, ""))
        state = game.state
        decisions.append(
            Decision(
                index,
                state.turn,
                scenario.calendar(state.turn),
                action.actor,
                text,
                describe_action(game, action),
                reason,
            )
        )
        game.apply(action)
    for _, fields in pending:
        intervene(game, Intervention.from_dict(fields))
    trace_starts.append(len(game.trace or ()))
    log_starts.append(len(game.state.log))
    log = game.state.log
    if winprob is None and rollouts > 0:
        winprob = estimate_win_probability(
            scenario,
            seed,
            texts,
            rollouts=rollouts,
            bots=rollout_bots,
            backend=backend,
            on_progress=on_progress,
            umpire=umpire,
        )
    points = []
    if winprob is not None:
        for swing in turning_points(winprob, top=top):
            # log_starts[i + 1] is where action i's events start; the next entry, where the
            # next decision's do (or the end of the log).
            start, stop = log_starts[swing.index + 1], log_starts[swing.index + 2]
            events = tuple(e for e in log[start:stop] if _telling(e))
            claims = _ordered(e.claims for e in events)
            assumptions = _ordered(e.assumptions for e in events)
            points.append(TurningPoint(swing, decisions[swing.index], events, claims, assumptions))
    history = game.track_history()
    labels = ["start"] + [scenario.calendar(t) or f"turn {t}" for t in range(1, len(history))]
    attribution = game.attribution or Counter()
    return GameReport(
        scenario=scenario,
        seed=seed,
        actions=texts,
        players={a: players.get(a, "") for a in scenario.playable_actors},
        outcome=game.outcome,
        decisions=decisions,
        history=history,
        history_labels=labels,
        moves=large_moves(scenario, history, labels, attribution),
        track_causes=_track_causes(scenario, attribution),
        winprob=winprob,
        turning_points=points,
        chains=_fired(game, trace_starts, log_starts),
        log=[e for e in log if e.visible_to is None],
    )


def _telling(event: Event) -> bool:
    return event.visible_to is None and event.kind in TELLING


def _ordered(groups: Iterable[Sequence[str]]) -> tuple[str, ...]:
    """The ids of ``groups`` once each, in order of first appearance."""
    out: dict[str, None] = {}
    for group in groups:
        out.update(dict.fromkeys(group))
    return tuple(out)


def describe_action(game: Game, action: Action) -> str:
    """An action in words, as of ``game`` before it is applied: "plays Precision strike as an
    event on Homs", "uses Call the hotline for 1 ops: Lobby at home", "passes"."""
    names = game.names
    where = f" on {names.get(action.target, action.target)}" if action.target else ""
    if action.piece:
        where += f" ({names.get(action.piece, action.piece)})"
    if action.kind == "pass":
        return "passes"
    if action.kind == "decline":
        return "does not react"
    if action.kind in ("accept", "reject"):
        deal = game.scenario.deals.get(action.operation or "")
        return f"{action.kind}s {deal.name if deal else action.operation}"
    known = action.card is not None and action.card in game.scenario.cards
    card = game.card_name(action.card) if known and action.card else action.card
    if action.kind == "discard":
        return f"discards {card} down to the hand limit"
    if action.kind == "react":
        return f"reacts with {card}"
    if action.kind == "event":
        return f"plays {card} as an event{where}"
    operation = game.scenario.operations.get(action.operation or "")
    op_name = operation.play.name if operation else action.operation
    ops = game.scenario.cards[action.card].ops if known and action.card else "?"
    return f"uses {card} for {ops} ops: {op_name}{where}"


def infer_reason(game: Game, action: Action, player: str) -> str:
    """The reason for ``action`` (about to be applied to ``game``) when none was recorded.

    A person's move: "played by a person". A doctrine bot's: the doctrine entry that picks
    such a move in this position (the same words the bot gives). A random bot's: "chosen at
    random". Other bots (or an unknown player): "" — their reasons depend on their search.
    """
    if player == HUMAN:
        return HUMAN_REASON
    kind = player.partition(":")[0]
    if kind == "random":
        return "chosen at random"
    if kind == "doctrine":
        bot = DoctrineBot(action.actor)
        bot.choose(observe(game, action.actor, with_log=False))
        entry = bot.last_entry
        if entry is None:
            return bot.explain()
        return bot.explain() if matches(action, entry) else ""
    return ""


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
        claims[cause] = _ordered((claims.get(cause, ()), cited))  # a flip side cites others
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


def _causes(
    scenario: Scenario, changes: Counter, claims: Mapping[str, tuple[str, ...]]
) -> tuple[Cause, ...]:
    ranked = sorted(((c, n) for c, n in changes.items() if n), key=lambda kv: (-abs(kv[1]), kv[0]))
    return tuple(
        Cause(c, cause_kind(scenario, c), cause_name(scenario, c), n, claims.get(c, ()))
        for c, n in ranked
    )


def _track_causes(scenario: Scenario, attribution: Counter) -> dict[str, list[Cause]]:
    totals: dict[str, Counter] = {}
    claims: dict[str, tuple[str, ...]] = {}
    for (track, cause, cited, _actor, _turn), change in attribution.items():
        totals.setdefault(track, Counter())[cause] += change
        claims[cause] = _ordered((claims.get(cause, ()), cited))  # a flip side cites others
    return {
        t.id: list(_causes(scenario, totals.get(t.id, Counter()), claims))
        for t in scenario.tracks
        if t.main
    }


def _fired(game: Game, trace_starts: list[int], log_starts: list[int]) -> list[FiredChain]:
    scenario = game.scenario
    if not scenario.chains:
        return []
    trace = full_trace(game)
    log = game.state.log
    out = []
    for match in fired_chains(scenario, trace):
        steps = []
        for step, position in zip(match.chain.steps, match.positions, strict=True):
            # The segment of the game (start, or after an action) the step resolved in.
            segment = max(i for i, start in enumerate(trace_starts) if start <= position)
            segment = min(segment, len(log_starts) - 2)
            start, stop = log_starts[segment], log_starts[segment + 1]
            events = tuple(e for e in log[start:stop] if e.cause == step and e.visible_to is None)
            turn = events[0].turn if events else (log[start].turn if start < len(log) else 0)
            steps.append(
                ChainStep(
                    step, cause_kind(scenario, step), _step_name(scenario, step), turn, events
                )
            )
        out.append(FiredChain(match.chain, tuple(steps)))
    return out


def _step_name(scenario: Scenario, step: str) -> str:
    for cond in scenario.instant:
        if cond.id == step:
            return cond.reason
    return cause_name(scenario, step)


# -- a batch ------------------------------------------------------------------------------
@dataclass(frozen=True)
class WinRate:
    """An outcome's share of the batch with its 95% Wilson interval."""

    label: str
    wins: int
    rate: float
    low: float
    high: float


@dataclass(frozen=True)
class ChainCount:
    """How often a chain fired over the batch."""

    chain: Chain
    games: int
    rate: float
    low: float
    high: float


@dataclass
class BatchReport:
    """Everything an after-action report of a batch shows."""

    scenario: Scenario
    result: BatchResult
    #: ``BatchResult.to_dict()``: the numbers behind the sections below.
    data: dict[str, Any]
    #: One per scored actor, then ``nobody``.
    win_rates: list[WinRate]
    #: Outcome label -> kind (``event``, ``ops``, ``rule``, ``chain``) -> ranked features.
    associations: dict[str, dict[str, list[dict[str, Any]]]]
    chains: list[ChainCount]

    def claims_cited(self) -> list[str]:
        """Every claim the report cites (attribution by claim and chains), in scenario order."""
        cited: set[str] = set()
        for entry in self.data["attribution"].values():
            cited.update(entry["by_claim"])
        for count in self.chains:
            cited.update(count.chain.claims)
        return [c for c in self.scenario.claims if c in cited]

    def assumptions_cited(self) -> list[str]:
        """Every designer's assumption the report cites (the chains'), in scenario order."""
        cited = {a for count in self.chains for a in count.chain.assumptions}
        return [a for a in self.scenario.assumptions if a in cited]


#: Feature kinds ranked apart in a batch report, in display order.
FEATURE_KINDS = ("event", "ops", "op", "deal", "rule", "chain")


def batch_report(result: BatchResult, top: int = 3) -> BatchReport:
    """The after-action report of a batch: ``top`` features of each kind per outcome."""
    agg = result.aggregate
    runs = result.runs
    rates = []
    for actor in result.actors:
        low, high = wilson(agg.wins[actor], runs)
        rates.append(WinRate(actor, agg.wins[actor], result.win_rate(actor), low, high))
    low, high = wilson(agg.no_winner, runs)
    rates.append(WinRate(NOBODY, agg.no_winner, agg.no_winner / runs if runs else 0.0, low, high))
    ranked = result.associations(top=10**6)
    associations: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for label, features in ranked.items():
        split: dict[str, list[dict[str, Any]]] = {kind: [] for kind in FEATURE_KINDS}
        for feature in features:
            kind = feature["feature"].partition(":")[0]
            if kind in split and len(split[kind]) < top:
                split[kind].append(feature)
        associations[label] = split
    chains = []
    for chain in result.scenario.chains:
        games = agg.features.get(f"chain:{chain.id}", 0)
        low, high = wilson(games, runs)
        chains.append(ChainCount(chain, games, games / runs if runs else 0.0, low, high))
    return BatchReport(result.scenario, result, result.to_dict(), rates, associations, chains)


__all__ = [
    "FEATURE_KINDS",
    "HUMAN",
    "HUMAN_REASON",
    "BatchReport",
    "Cause",
    "ChainCount",
    "ChainStep",
    "Decision",
    "FiredChain",
    "GameReport",
    "TrackMove",
    "TurningPoint",
    "WinRate",
    "batch_report",
    "describe_action",
    "game_report",
    "infer_reason",
    "large_moves",
]
