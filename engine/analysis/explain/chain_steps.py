"""The causal chains that fired in one game, step by step: when each step happened and the
public events it made (which chains fired is :func:`engine.analysis.explain.chains.fired_chains`).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.analysis.explain.attribution import cause_kind, cause_name
from engine.analysis.explain.chains import fired_chains, full_trace
from engine.load.models import Chain
from engine.load.scenario import Scenario
from engine.play.events import Event
from engine.play.game import Game


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


def fired_chain_steps(
    game: Game, trace_starts: list[int], log_starts: list[int]
) -> list[FiredChain]:
    """The chains of the scenario that fired in ``game`` (recorded with ``record=True``), each
    step with the turn it happened in and its public events.

    The game is cut in segments: its start, then each action up to the next. ``trace_starts``
    and ``log_starts`` hold where each segment starts in the game's trace and log, and last
    where they end.
    """
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


__all__ = ["ChainStep", "FiredChain", "fired_chain_steps"]
