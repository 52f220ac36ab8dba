"""What a game did, as labels a batch counts: cards played (as events or for ops), operations,
answers to deals, standing rules that fired and causal chains that happened.

A batch counts each label once per game it occurred in
(:class:`engine.analysis.run.aggregate.Aggregate`) and ranks the labels most tied to each
outcome (:meth:`engine.analysis.run.batch_result.BatchResult.associations`).
"""

from __future__ import annotations

from engine.analysis.explain.chains import fired_chains, full_trace
from engine.load.scenario import Scenario
from engine.play.game import Game


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


__all__ = ["describe_feature", "game_features"]
