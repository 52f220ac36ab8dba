"""Measure the Syria campaign: win rates under random bots and the article's dynamics.

Run: ``python benchmarks/campaign_stats.py [--games N] [--seed S] [SCENARIO ...]``
(default: 1000 games of each of the three campaign scenarios, seeds S .. S+N-1).

It prints, per scenario:
- the share of games each side wins, how many end with no winner, and how games end;
- dynamic 1 (notice): mean final Russian tolerance in games where every Israeli strike was
  notified versus games where every strike was flown without notice;
- dynamic 2 (ledger): the mean change in Russian discomfort over a turn that starts with the
  ledger unpaid (5 or more) versus one that starts with it low (1 or less);
- dynamic 3 (review): the share of turns Russia spends on the hard line right after two or
  more turns of hostile discomfort, versus after none.
"""

from __future__ import annotations

import argparse
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from multiprocessing import Pool
from pathlib import Path

from engine import Scenario, load_scenario
from engine.analysis.playout import make_bots, play_game

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ("iranian-entrenchment", "israeli-strike", "russian-reaction")
SIDES = ("israel", "russia", "iran")


def scenario_path(scenario_id: str) -> Path:
    """The file of a campaign scenario."""
    return ROOT / "scenarios" / "syria" / f"{scenario_id}.yaml"


@dataclass
class GameFacts:
    """What one playthrough contributes to the statistics."""

    winners: tuple[str, ...]
    ending: str
    notified: int
    unnotified: int
    final_tolerance: int
    ledger_steps: list[tuple[int, int]] = field(default_factory=list)
    review_steps: list[tuple[int, int]] = field(default_factory=list)


def facts_of(scenario_id: str, seed: int) -> GameFacts:
    """Play ``scenario_id`` with random bots from ``seed`` and extract its facts."""
    scenario = _load(scenario_id)
    game = play_game(scenario, seed, make_bots(scenario, {"all": "random"}, seed))
    history = game.state.history
    values = game.state.values
    turns = list(pairwise(history))
    # (ledger at the start of a turn, change in discomfort over it)
    ledger_steps = [(a["ledger"], b["discomfort"] - a["discomfort"]) for a, b in turns]
    # (turns of sustained discomfort going into a turn, stance at the end of that turn)
    review_steps = [(a["strain"], b["stance"]) for a, b in turns]
    return GameFacts(
        winners=tuple(game.outcome.winners),
        ending=game.outcome.condition or "turn limit",
        notified=values["strikes_notified"],
        unnotified=values["strikes_unnotified"],
        final_tolerance=values["tolerance"],
        ledger_steps=ledger_steps,
        review_steps=review_steps,
    )


_CACHE: dict[str, Scenario] = {}


def _load(scenario_id: str) -> Scenario:
    """The scenario, loaded once per process."""
    if scenario_id not in _CACHE:
        _CACHE[scenario_id] = load_scenario(scenario_path(scenario_id))
    return _CACHE[scenario_id]


def _job(args: tuple[str, int]) -> GameFacts:
    return facts_of(*args)


def collect(scenario_id: str, seeds: Iterable[int], processes: int = 2) -> list[GameFacts]:
    """Facts of one playthrough per seed, fanned out over ``processes`` workers."""
    jobs = [(scenario_id, s) for s in seeds]
    if processes <= 1:
        return [_job(j) for j in jobs]
    with Pool(processes) as pool:
        return pool.map(_job, jobs, chunksize=50)


def win_rates(games: list[GameFacts]) -> dict[str, float]:
    """Share of games each side wins (several may win the same game)."""
    n = len(games)
    return {side: sum(side in g.winners for g in games) / n for side in SIDES}


def notice_effect(games: list[GameFacts]) -> tuple[float, int, float, int]:
    """Mean final tolerance: (all strikes notified, n, all strikes unannounced, n)."""
    told = [g.final_tolerance for g in games if g.notified and not g.unnotified]
    untold = [g.final_tolerance for g in games if g.unnotified and not g.notified]
    return _mean(told), len(told), _mean(untold), len(untold)


def ledger_effect(games: list[GameFacts]) -> tuple[float, int, float, int]:
    """Mean discomfort change over a turn: (ledger unpaid ≥ 5, n, ledger ≤ 1, n)."""
    unpaid = [d for g in games for ledger, d in g.ledger_steps if ledger >= 5]
    paid = [d for g in games for ledger, d in g.ledger_steps if ledger <= 1]
    return _mean(unpaid), len(unpaid), _mean(paid), len(paid)


def review_effect(games: list[GameFacts]) -> tuple[float, int, float, int]:
    """Share of turns ending on the hard line: (after ≥ 2 hostile turns, n, after none, n)."""
    sustained = [s for g in games for strain, s in g.review_steps if strain >= 2]
    calm = [s for g in games for strain, s in g.review_steps if strain == 0]
    return _mean(sustained), len(sustained), _mean(calm), len(calm)


def _mean(xs: list[float]) -> float:
    return statistics.fmean(xs) if xs else float("nan")


def report(scenario_id: str, games: list[GameFacts]) -> str:
    """A printable summary for one scenario."""
    rates = win_rates(games)
    endings = Counter(g.ending for g in games)
    nobody = sum(not g.winners for g in games) / len(games)
    told, n_told, untold, n_untold = notice_effect(games)
    unpaid, n_unpaid, paid, n_paid = ledger_effect(games)
    hard, n_hard, soft, n_soft = review_effect(games)
    lines = [
        f"## {scenario_id} ({len(games)} games, random bots)",
        "wins: " + ", ".join(f"{s} {rates[s]:.1%}" for s in SIDES) + f", nobody {nobody:.1%}",
        "endings: " + ", ".join(f"{k} {v}" for k, v in endings.most_common()),
        f"notice: final tolerance {told:.2f} when every strike was notified (n={n_told}), "
        f"{untold:.2f} when none was (n={n_untold})",
        f"ledger: discomfort per turn {unpaid:+.2f} with ledger >= 5 (n={n_unpaid}), "
        f"{paid:+.2f} with ledger <= 1 (n={n_paid})",
        f"review: hard line after >= 2 hostile turns {hard:.1%} (n={n_hard}), "
        f"after none {soft:.1%} (n={n_soft})",
    ]
    return "\n".join(lines)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", default=list(SCENARIOS))
    parser.add_argument("--games", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    for scenario_id in args.scenarios:
        seeds = range(args.seed, args.seed + args.games)
        print(report(scenario_id, collect(scenario_id, seeds, args.processes)))
        print()


if __name__ == "__main__":
    main()
