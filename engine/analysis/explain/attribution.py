"""Attribution: each track's change split by the cause that made it, its claims, side and turn.

Every change of a track or counter is made by a card, operation, standing rule (or the engine)
and recorded with its cause (see :attr:`engine.play.game.Game.attribution`). Summed over a
game, the changes by cause add up exactly to the track's final value minus its start: nothing
moves a track without a cause. By claim they need not add up: a change counts under every
claim its cause cites, and under every designer's assumption it rests on (a change whose
cause cites neither counts under "none" in both).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from engine.load.scenario import Scenario

#: The side label of changes made by standing rules or the engine (no actor chose them).
RULES = "rules"
#: The claim label of changes whose cause cites no claim.
UNCITED = "none"


def cause_kind(scenario: Scenario, cause: str) -> str:
    """``card``, ``operation``, ``rule``, ``instant`` or ``engine``."""
    if cause in scenario.cards:
        return "card"
    if cause in scenario.operations:
        return "operation"
    if cause in scenario.tables.rule_ids:
        return "rule"
    if any(c.id == cause for c in scenario.instant):
        return "instant"
    return "engine"


def cause_name(scenario: Scenario, cause: str) -> str:
    """The display name of a cause."""
    if cause in scenario.cards:
        return scenario.cards[cause].front.name
    if cause in scenario.operations:
        return scenario.operations[cause].play.name
    for rules in (*scenario.rules_at.values(), *scenario.rules_on.values()):
        for rule in rules:
            if rule.id == cause:
                return rule.play.name
    return cause


def cause_assumptions(scenario: Scenario) -> dict[str, tuple[str, ...]]:
    """The assumptions each cause rests on (both sides of a card together)."""
    out: dict[str, tuple[str, ...]] = {}
    for card in scenario.cards.values():
        sides = (card.front, card.back) if card.back else (card.front,)
        out[card.id] = tuple(dict.fromkeys(a for side in sides for a in side.assumptions))
    for op in scenario.operations.values():
        out[op.id] = op.play.assumptions
    for rules in (*scenario.rules_at.values(), *scenario.rules_on.values()):
        for rule in rules:
            out[rule.id] = rule.play.assumptions
    for cond in scenario.instant:
        out[cond.id] = cond.assumptions
    return out


def totals_by_track(attribution: Counter) -> dict[str, int]:
    """The summed change of each track (over however many games the counter holds)."""
    out: Counter = Counter()
    for (track, *_), change in attribution.items():
        out[track] += change
    return dict(out)


def attribution_report(scenario: Scenario, attribution: Counter, runs: int) -> dict[str, Any]:
    """Per track: the total change and its split by cause, claim, side and turn.

    ``sum`` fields are integer totals over the batch; ``mean`` fields are per game. Tracks
    that never moved are left out.
    """
    by_track: dict[str, dict[str, Counter]] = defaultdict(
        lambda: {
            "cause": Counter(),
            "claim": Counter(),
            "assumption": Counter(),
            "side": Counter(),
            "turn": Counter(),
        }
    )
    rests_on = cause_assumptions(scenario)
    for (track, cause, claims, actor, turn), change in attribution.items():
        if not change:
            continue
        parts = by_track[track]
        parts["cause"][cause] += change
        assumptions = rests_on.get(cause, ())
        for claim in claims or (() if assumptions else (UNCITED,)):
            parts["claim"][claim] += change
        for assumption in assumptions or (() if claims else (UNCITED,)):
            parts["assumption"][assumption] += change
        parts["side"][actor or RULES] += change
        parts["turn"][turn] += change
    runs = max(1, runs)
    names = scenario.tables.names
    out: dict[str, Any] = {}
    for track in [t.id for t in scenario.tracks] + [c.id for c in scenario.counters]:
        if track not in by_track:
            continue
        parts = by_track[track]
        total = sum(parts["cause"].values())
        causes = sorted(parts["cause"].items(), key=lambda kv: (-abs(kv[1]), kv[0]))
        out[track] = {
            "name": names.get(track, track),
            "sum": total,
            "mean": round(total / runs, 4),
            "by_cause": [
                {
                    "cause": cause,
                    "kind": cause_kind(scenario, cause),
                    "name": cause_name(scenario, cause),
                    "sum": change,
                    "mean": round(change / runs, 4),
                }
                for cause, change in causes
                if change
            ],
            "by_claim": {
                claim: round(change / runs, 4)
                for claim, change in sorted(parts["claim"].items(), key=_claim_order)
                if change
            },
            "by_assumption": {
                ident: round(change / runs, 4)
                for ident, change in sorted(parts["assumption"].items(), key=_claim_order)
                if change
            },
            "by_side": {
                side: round(change / runs, 4)
                for side, change in sorted(parts["side"].items())
                if change
            },
            "by_turn": {
                str(turn): round(change / runs, 4)
                for turn, change in sorted(parts["turn"].items())
                if change
            },
        }
    return out


def _claim_order(item: tuple[str, int]) -> tuple[int, str]:
    claim = item[0]
    digits = "".join(ch for ch in claim if ch.isdigit())
    return (int(digits) if digits else 10**6, claim)


__all__ = [
    "RULES",
    "UNCITED",
    "attribution_report",
    "cause_assumptions",
    "cause_kind",
    "cause_name",
    "totals_by_track",
]
