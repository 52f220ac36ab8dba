"""The after-action report of a batch as data: each outcome's share with its interval, the
cards, operations, deals, rules and chains most tied to each outcome, how often each causal
chain fired, and the batch's numbers (``BatchResult.to_dict()``) with its attribution.

Pure: this module computes; ``wargame.report`` renders Markdown and HTML from it.

    report = batch_report(run_batch(scenario, 500, seed=1))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.analysis.measure.stats import wilson
from engine.analysis.run.aggregate import NOBODY
from engine.analysis.run.batch_result import BatchResult
from engine.load.models import Chain
from engine.load.scenario import Scenario


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


__all__ = ["FEATURE_KINDS", "BatchReport", "ChainCount", "WinRate", "batch_report"]
