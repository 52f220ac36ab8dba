"""Trigger loops that are certain at load: standing rules that set each other off for ever.

A rule on trigger ``T`` whose effects fire ``U``, with a rule on ``U`` firing ``T`` again, loops
— for certain when no rule in the cycle has a ``when`` and each fires the next trigger among
its own effects (not inside an ``if`` or an outcome row, which may not run). Such a cycle is a
load error at the trigger effect that closes it. A loop that depends on conditions cannot be
told at load; while playing, :data:`engine.load.limits.MAX_CHAINED_TRIGGERS` bounds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from engine.errors import Problem
from engine.load.read.loader import Origin

#: An edge of the trigger graph: the trigger fired, the rule firing it, where, and the
#: index of the effect.
_Edge = tuple[str, Any, Origin, int]


def trigger_loops(rules: Iterable[tuple[Any, Origin]], active: Mapping[str, Any]) -> list[Problem]:
    """A problem for each certain loop among the ``active`` standing rules (by id)."""
    edges: dict[str, list[_Edge]] = {}
    for rule, origin in rules:
        kept = active.get(rule.id) is rule  # not a later duplicate of its id
        if not kept or rule.on is None or rule.when is not None:
            continue
        for i, effect in enumerate(rule.effects):
            if effect.trigger is not None:
                edges.setdefault(rule.on, []).append((effect.trigger, rule, origin, i))
    problems: list[Problem] = []
    done: set[str] = set()
    for start in sorted(edges):
        if start in done:
            continue
        # Depth first, without recursion: (trigger, edges left to follow), and the path.
        path: list[_Edge] = []
        on_path = {start: 0}
        stack = [(start, iter(edges.get(start, ())))]
        while stack:
            trigger, left = stack[-1]
            edge = next(left, None)
            if edge is None:
                stack.pop()
                done.add(trigger)
                on_path.pop(trigger, None)
                if path:
                    path.pop()
                continue
            target = edge[0]
            if target in on_path:
                cycle = [*path[on_path[target] :], edge]
                problems.append(_problem(cycle))
            elif target not in done:
                path.append(edge)
                on_path[target] = len(path)
                stack.append((target, iter(edges.get(target, ()))))
    return problems


def _problem(cycle: list[_Edge]) -> Problem:
    steps = [f"rule '{rule.id}' (on '{rule.on}') fires '{fired}'" for fired, rule, _, _ in cycle]
    _, _, origin, index = cycle[-1]
    message = (
        f"standing rules loop without end: {', '.join(steps)}; none has a 'when', so they "
        "would fire each other for ever: give one a 'when' that stops it"
    )
    return origin.problem(("effects", index, "trigger"), message)


__all__ = ["trigger_loops"]
