"""The after-action report of one game as data: what happened, and why.

For one game (a scenario, a seed and its actions): a timeline of decisions with each one's
reason (:mod:`engine.analysis.explain.decisions`), the tracks over the turns, the large moves
of each main track with their causes (:mod:`engine.analysis.explain.track_moves`), each side's
chance of winning over the game (:mod:`engine.analysis.measure.winprob`) with its turning
points (:mod:`engine.analysis.explain.turning_points`), and the scenario's causal chains that
fired (:mod:`engine.analysis.explain.chain_steps`). A batch's report is
:mod:`engine.analysis.explain.batch_report`.

Pure: this module computes; ``wargame.report`` renders Markdown and HTML from it.

    report = game_report(scenario, seed, actions, reasons=reasons, players=players)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.analysis.explain.chain_steps import FiredChain, fired_chain_steps
from engine.analysis.explain.decisions import Decision, describe_action, infer_reason
from engine.analysis.explain.track_moves import Cause, TrackMove, large_moves, track_causes
from engine.analysis.explain.turning_points import TurningPoint, explained_turning_points
from engine.analysis.measure.winprob import (
    DEFAULT_ROLLOUTS,
    WinProbability,
    estimate_win_probability,
)
from engine.analysis.run.backends import Backend
from engine.load.scenario import Scenario
from engine.play.events import Event
from engine.play.game import Game
from engine.play.rules.actions import Action
from engine.play.state import Outcome


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
    (see :func:`~engine.analysis.explain.decisions.infer_reason`). Win probability comes from
    ``winprob`` when given, else from ``rollouts`` playouts per decision (none when 0), spread
    over ``backend``. ``umpire`` holds the umpire's interventions, as a save keeps them
    ``(actions before it, fields)``: they are replayed where they came and their events stay
    in the log.
    """
    from engine.play.rules.resolving.umpire import Intervention, intervene

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
    points: list[TurningPoint] = []
    if winprob is not None:
        points = explained_turning_points(winprob, decisions, log, log_starts, top=top)
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
        track_causes=track_causes(scenario, attribution),
        winprob=winprob,
        turning_points=points,
        chains=fired_chain_steps(game, trace_starts, log_starts),
        log=[e for e in log if e.visible_to is None],
    )


__all__ = ["GameReport", "game_report"]
