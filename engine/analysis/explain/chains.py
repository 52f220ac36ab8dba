"""Causal chains: did the story a scenario argues actually happen in a game?

A scenario's ``chains:`` section names ordered steps — cards played as events, operations,
standing rules, instant ends (see :class:`engine.load.models.Chain`). A chain *fired* in a game
when its steps occur in that order in the game's trace (:attr:`engine.play.game.Game.trace`,
recorded with ``record=True``), with anything else allowed between them; an instant end, which
resolves nothing, counts as the trace's last entry.

Pure functions of the scenario and the trace: batches count them per game, reports show them.

    fired = fired_chains(game.scenario, full_trace(game))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.load.models import Chain
from engine.load.scenario import Scenario
from engine.play.game import Game


@dataclass(frozen=True)
class ChainMatch:
    """A chain that fired: the chain, and where each of its steps sits in the trace."""

    chain: Chain
    #: Index in the trace of each step, in step order (strictly increasing).
    positions: tuple[int, ...]


def match_steps(steps: Sequence[str], trace: Sequence[str]) -> tuple[int, ...] | None:
    """Where ``steps`` occur in order in ``trace``, or None when they do not.

    Of all the ways they occur, the one that ends first, and within it each earlier step as
    late as it can be: the tightest account of the chain (a strike in turn 1 does not stand
    for the strike in turn 3 that the answer in turn 3 followed).
    """
    if not steps:
        return ()
    at = 0
    for step in steps:  # forward: the earliest position the last step can take
        try:
            at = trace.index(step, at) + 1
        except ValueError:
            return None
    positions = [at - 1]
    for step in reversed(steps[:-1]):  # backward: each earlier step as late as it can be
        before = positions[-1]
        positions.append(max(i for i in range(before) if trace[i] == step))
    return tuple(reversed(positions))


def full_trace(game: Game) -> list[str]:
    """The game's trace of causes, plus its instant end (if it ended on one) as the last entry.

    Raise ValueError when the game was played without ``record=True``.
    """
    if game.trace is None:
        raise ValueError("the game kept no trace: play it with record=True")
    trace = list(game.trace)
    outcome = game.outcome
    if outcome is not None and outcome.condition:
        trace.append(outcome.condition)
    return trace


def fired_chains(scenario: Scenario, trace: Sequence[str]) -> list[ChainMatch]:
    """The scenario's chains whose steps occur in order in ``trace``, in scenario order."""
    out = []
    for chain in scenario.chains:
        positions = match_steps(chain.steps, trace)
        if positions is not None:
            out.append(ChainMatch(chain, positions))
    return out


__all__ = ["ChainMatch", "fired_chains", "full_trace", "match_steps"]
