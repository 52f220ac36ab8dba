"""What a game did, as labels a batch counts: cards played (as events or for ops), operations,
answers to deals, standing rules that fired and causal chains that happened.

A batch counts each label once per game it occurred in
(:class:`engine.analysis.run.aggregate.Aggregate`) and ranks the labels most tied to each
outcome (:meth:`engine.analysis.run.batch_result.BatchResult.associations`).
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.analysis.explain.chains import full_trace
from engine.load.scenario import Scenario
from engine.play.game import Game
from engine.play.rules.turn.watch import scenario_cache


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
        # Every game of a batch asks: what the rules' and chains' labels need is worked out
        # once per scenario, and most of it is judged on the set of causes.
        rules, chains = _labels(game.scenario)
        causes = set(game.trace)
        out.update(map(rules.__getitem__, rules.keys() & causes))
        if chains:
            outcome = game.outcome
            if outcome is not None and outcome.condition:
                causes.add(outcome.condition)  # the instant end ends the full trace
            trace: list[str] | None = None
            for label, steps, needs in chains:
                if needs <= causes:  # each step occurs: do they occur in order?
                    trace = trace or full_trace(game)
                    if _occurs(steps, trace):
                        out.add(label)
    return out


#: Per chain: its label, its steps, and the set of them.
_Chains = tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]


def _labels(scenario: Scenario) -> tuple[dict[str, str], _Chains]:
    """``rule:ID`` by standing rule id, and each chain's label and steps (kept with the
    scenario's caches)."""
    cache = scenario_cache(scenario)
    found: tuple[dict[str, str], _Chains] | None = cache.get("features.labels")
    if found is None:
        rules = {rule: f"rule:{rule}" for rule in scenario.tables.rule_ids}
        chains = tuple(
            (f"chain:{c.id}", tuple(c.steps), frozenset(c.steps)) for c in scenario.chains
        )
        found = cache["features.labels"] = (rules, chains)
    return found


def _occurs(steps: Sequence[str], trace: list[str]) -> bool:
    """Whether ``steps`` occur in order in ``trace``: whether
    :func:`engine.analysis.explain.chains.match_steps` finds them (its forward pass alone,
    without working out where: a batch asks only whether each chain fired)."""
    at = 0
    for step in steps:
        try:
            at = trace.index(step, at) + 1
        except ValueError:
            return False
    return True


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
