"""Lint for secrets (W109): a move's legality that rests on what its player may not see.

An actor's list of legal moves is shown to it, so a card whose ``when`` or target ``where``
reads a private value the player does not see — or counts another side's hidden pieces —
tells the player the secret through what it may or may not play. The rules still work; the
secret does not. Found statically from the expressions as written.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from typing import Any

from engine.load.scenario import Scenario
from engine.play.rules.resolving.secrets import privacy

#: Piece-counting functions whose first argument is a piece type.
_COUNTING = {"pieces", "near", "tagged", "supply", "in_state"}


def _conditions(item: Any) -> Iterator[tuple[tuple, str]]:
    """(path below the item, expression) of each condition that decides legality."""
    for side, base in ((item, ()), (getattr(item, "flip", None), ("flip",))):
        if side is None:
            continue
        if getattr(side, "when", None):
            yield (*base, "when"), side.when
        target = getattr(side, "target", None)
        if target is not None and target.where:
            yield (*base, "target", "where"), target.where
        for i, choice in enumerate(getattr(side, "choices", None) or []):
            if choice.where:
                yield (*base, "choices", i, "where"), choice.where


def _reads(text: str) -> tuple[set[str], set[str]]:
    """The names an expression reads, and the piece types it counts."""
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return set(), set()
    names, pieces = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _COUNTING
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            pieces.add(node.args[0].value)
    return names, pieces


def secret_findings(
    scenario: Scenario, items: dict[str, list[tuple[Any, Any]]], find: Callable[..., Any]
) -> list[Any]:
    """W109 findings: ``find(section, id, code, message, sub)`` locates each one."""
    rules = privacy(scenario)
    if not (rules.owners or rules.hidden):
        return []
    out = []
    players: dict[str, list[str]] = {}
    for section in ("cards", "operations"):
        for item, _ in items.get(section, []):
            if section == "cards":
                who = [a for d in scenario.decks if d.id == item.deck for a in d.owners]
            else:
                who = [item.actor]
            players[item.id] = who
            for path, text in _conditions(item):
                names, pieces = _reads(text)
                for value in sorted(names & set(rules.owners)):
                    blind = [a for a in who if a not in rules.owners[value]]
                    if blind:
                        message = (
                            f"whether '{item.id}' can be played depends on '{value}', which "
                            f"{', '.join(blind)} cannot see: its legal moves give the secret "
                            "away"
                        )
                        out.append(find(section, item.id, "W109", message, path))
                for piece in sorted(pieces & set(rules.hidden)):
                    blind = [a for a in who if a != rules.hidden[piece]]
                    if blind:
                        message = (
                            f"whether '{item.id}' can be played depends on face-down "
                            f"'{piece}' pieces, which {', '.join(blind)} cannot see: its legal "
                            "moves give them away"
                        )
                        out.append(find(section, item.id, "W109", message, path))
    return out


__all__ = ["secret_findings"]
