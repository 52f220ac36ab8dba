"""Ablation: switch off each card, operation and standing rule in turn — or everything citing
one claim — and measure, on paired seeds, what the game loses without it.

This is how an author sees which rules carry weight, and how a campaign shows which of its
source's claims are load-bearing: a claim whose mechanics can be switched off without moving
anything is decoration.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.analysis.measure.compare import Comparison, compare_results
from engine.analysis.run.backends import Backend
from engine.analysis.run.batch import Arm, run_arms
from engine.analysis.run.batch_result import BatchResult
from engine.errors import ScenarioError
from engine.load.check.build import load_scenario
from engine.load.scenario import Scenario
from engine.load.vary.variant import Change, Variant

#: What ``by`` may be: one unit per card, operation and rule, or one per claim.
BY = ("item", "claim")


@dataclass(frozen=True)
class Unit:
    """What one ablation switches off: one item, or every item citing one claim."""

    id: str
    kind: str
    name: str
    disable: tuple[str, ...]
    claims: tuple[str, ...] = ()


def _items(scenario: Scenario) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(id, kind, name, claims) of every card, operation, standing rule and instant end."""
    out = []
    for card in scenario.cards.values():
        claims = card.front.claims + (card.back.claims if card.back else ())
        out.append((card.id, "card", card.front.name, tuple(dict.fromkeys(claims))))
    for op in scenario.operations.values():
        out.append((op.id, "operation", op.play.name, op.play.claims))
    seen = set()
    for rules in (*scenario.rules_at.values(), *scenario.rules_on.values()):
        for rule in rules:
            if rule.id not in seen:
                seen.add(rule.id)
                out.append((rule.id, "rule", rule.play.name, rule.play.claims))
    for cond in scenario.instant:
        out.append((cond.id, "instant end", cond.id, cond.claims))
    return out


def units(scenario: Scenario, by: str = "item") -> list[Unit]:
    """The units of an ablation: cards, operations and rules (``item``), or claims."""
    if by not in BY:
        raise ValueError(f"ablate by 'item' or 'claim', not '{by}'")
    items = _items(scenario)
    if by == "item":
        return [
            Unit(i, kind, name, (i,), claims)
            for i, kind, name, claims in items
            if kind != "instant end"
        ]
    out = []
    for claim_id in sorted(scenario.claims, key=_claim_order):
        citing = tuple(i for i, _, _, claims in items if claim_id in claims)
        if citing:
            text = scenario.claims[claim_id].text
            out.append(Unit(claim_id, "claim", text, citing, (claim_id,)))
    return out


def _claim_order(claim: str) -> tuple[int, str]:
    digits = "".join(ch for ch in claim if ch.isdigit())
    return (int(digits) if digits else 10**6, claim)


def without(scenario: Scenario, unit: Unit) -> Scenario:
    """``scenario`` with ``unit`` switched off (raise :class:`ScenarioError` if it cannot be)."""
    origin = (f"ablation of {unit.id}", 0, 0)
    changes = tuple(Change(item, disable=True, origin=origin) for item in unit.disable)
    return load_scenario(scenario.path, scenario.variant.then(Variant(changes)))


@dataclass
class Ablation:
    """The base scenario's results and, per unit, the paired effect of switching it off."""

    base: BatchResult
    rows: list[tuple[Unit, Comparison]]
    #: Units that could not be switched off, with the reason (e.g. a deck left empty).
    skipped: list[tuple[Unit, str]] = field(default_factory=list)
    by: str = "item"

    def weight(self, comparison: Comparison) -> float:
        """How much a unit matters: its largest effect on any side's win rate."""
        return max((abs(e.diff) for e in comparison.wins.values()), default=0.0)

    def ranked(self) -> list[tuple[Unit, Comparison]]:
        """Rows, the weightiest first (ties by id)."""
        return sorted(self.rows, key=lambda row: (-self.weight(row[1]), row[0].id))

    def inert(self) -> list[Unit]:
        """Units whose removal changed no outcome, score, track or ending on any seed."""
        return [
            unit
            for unit, comparison in self.rows
            if all(
                e.low == e.high == 0
                for kind in ("wins", "scores", "tracks", "endings")
                for e in getattr(comparison, kind).values()
            )
        ]

    def to_dict(self) -> dict[str, Any]:
        """The JSON report."""
        base = self.base
        return {
            "scenario": base.scenario.id,
            "by": self.by,
            "runs": base.runs,
            "seed": base.seed,
            "bots": dict(base.bots),
            "base": {
                "win_rate": {a: round(base.win_rate(a), 4) for a in base.actors},
            },
            "units": [
                {
                    "id": unit.id,
                    "kind": unit.kind,
                    "name": unit.name,
                    "disabled": list(unit.disable),
                    "claims": list(unit.claims),
                    "weight": round(self.weight(comparison), 4),
                    "wins": {k: v.to_dict() for k, v in comparison.wins.items()},
                    "tracks": {k: v.to_dict() for k, v in comparison.tracks.items()},
                    "scores": {k: v.to_dict() for k, v in comparison.scores.items()},
                    "endings": {k: v.to_dict() for k, v in comparison.endings.items()},
                }
                for unit, comparison in self.ranked()
            ],
            "inert": [u.id for u in self.inert()],
            "skipped": [{"id": u.id, "reason": reason} for u, reason in self.skipped],
        }


def ablate(
    scenario: Scenario,
    runs: int,
    seed: int = 1,
    *,
    bots: dict[str, str] | None = None,
    by: str = "item",
    only: Sequence[str] = (),
    backend: Backend | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Ablation:
    """Switch off each unit in turn; compare each against the base on the same seeds.

    ``only`` keeps the units with these ids (all when empty).
    """
    chosen = units(scenario, by)
    if only:
        chosen = [u for u in chosen if u.id in set(only)]
    arms = [Arm(scenario, dict(bots or {}), "base")]
    kept: list[Unit] = []
    skipped: list[tuple[Unit, str]] = []
    for unit in chosen:
        try:
            arms.append(Arm(without(scenario, unit), dict(bots or {}), unit.id))
        except ScenarioError as exc:
            reason = exc.problems[0].message if exc.problems else str(exc)
            skipped.append((unit, reason))
            continue
        kept.append(unit)
    results = run_arms(arms, runs, seed, backend=backend, on_progress=on_progress)
    base = results[0]
    rows = [
        (unit, compare_results(base, result))
        for unit, result in zip(kept, results[1:], strict=True)
    ]
    return Ablation(base, rows, skipped, by)


__all__ = ["BY", "Ablation", "Unit", "ablate", "units", "without"]
