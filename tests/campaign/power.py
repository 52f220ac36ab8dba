"""How many games each campaign test needs: the smallest count that keeps its power ≥ 0.99.

The campaign tests play fixed seeds, so each one is deterministic; what the number of games
buys is robustness. Any edit to a scenario or to the engine's use of chance reshuffles which
games are played, and a test sized by habit then fails (or passes) by luck. Here each count is
chosen from what the model does: the effect and its per-seed spread, measured over 2,000 paired
seeds, give the probability that a fresh set of seeds still passes the test's threshold — its
power — and the count is the smallest that keeps that probability at 0.99 or more.

- a paired effect "significant, in the argued direction": power Φ(|d|·√n/s − t₀.₉₇₅,ₙ₋₁),
  with d the mean per-seed difference and s its standard deviation;
- an effect whose sign alone is asserted: Φ(|d|·√n/s);
- a win rate held between two bounds: the binomial probability that n games land inside;
- something that must happen in some game (a card played, a chain fired): 1 − (1 − p)ⁿ.

A test asserting several things has the product of their powers. Every count is at least
:data:`FLOOR` (normal approximations need some games) and a multiple of :data:`STEP`.

Re-measure after changing the campaign: ``python -m tests.campaign.power`` (about 2.5 CPU
minutes) prints the counts for CLAIM_RUNS and POLICY_RUNS beside the current ones, and for the
balance tests the win rates, clash rates, chain and rarest-card frequencies their RUNS rest on.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from functools import partial

FLOOR = 100
STEP = 50
TARGET = 0.99
#: The seeds the power is measured on (the tests play a prefix of the same seeds).
MEASURED_RUNS = 2000


def interval_power(diff: float, sd: float, runs: int) -> float:
    """The power of "the paired 95% interval excludes zero, on the side of ``diff``"."""
    from scipy import stats

    if runs < 2 or diff == 0:
        return 0.0
    if sd == 0:
        return 1.0
    critical = float(stats.t.ppf(0.975, runs - 1))
    return float(stats.norm.cdf(abs(diff) * math.sqrt(runs) / sd - critical))


def sign_power(diff: float, sd: float, runs: int) -> float:
    """The power of "the mean difference has the sign of ``diff``"."""
    from scipy import stats

    if diff == 0:
        return 0.0
    if sd == 0:
        return 1.0
    return float(stats.norm.cdf(abs(diff) * math.sqrt(runs) / sd))


def rate_power(rate: float, low: float, high: float, runs: int) -> float:
    """The probability that ``runs`` games at ``rate`` give a rate within [low, high]."""
    from scipy import stats

    top = math.floor(high * runs + 1e-9)
    bottom = math.ceil(low * runs - 1e-9)
    return float(stats.binom.cdf(top, runs, rate) - stats.binom.cdf(bottom - 1, runs, rate))


def seen_power(rate: float, runs: int) -> float:
    """The probability that something happening in a fraction ``rate`` of games happens in
    at least one of ``runs`` games."""
    return 1.0 - (1.0 - rate) ** runs


def runs_for(power: Callable[[int], float], target: float = TARGET) -> int:
    """The smallest count (≥ FLOOR, a multiple of STEP) from which ``power`` stays ≥ target
    (checked over the next few steps too: binomial powers wobble with n)."""
    runs = FLOOR
    while runs <= 50 * MEASURED_RUNS:
        if all(power(runs + k * STEP) >= target for k in range(4)):
            return runs
        runs += STEP
    return math.inf  # type: ignore[return-value]


def _rates_power(rates: Sequence[float], low: float, high: float, runs: int) -> float:
    return math.prod(rate_power(p, low, high, runs) for p in rates)


def mean_sd(values: Sequence[float]) -> tuple[float, float]:
    """Mean and sample standard deviation."""
    n = len(values)
    mean = sum(values) / n
    var = sum((v - mean) ** 2 for v in values) / (n - 1) if n > 1 else 0.0
    return mean, math.sqrt(var)


def _measure(n: int = MEASURED_RUNS) -> None:  # pragma: no cover - run by hand
    """Play ``n`` seeds of every arm the tests use; print each test's chosen count."""
    from engine.analysis.measure.ablate import units, without
    from engine.analysis.measure.compare import TURN_LIMIT
    from engine.analysis.run.batch import play_chunk
    from tests.campaign import test_balance_and_dynamics as balance
    from tests.campaign import test_claims as claims
    from tests.campaign.conftest import KINDS, SCENARIO_IDS, SIDES, load

    def play(scenario, kind: str):
        aggregates, records = [], []
        for i in range(n):  # one game per chunk: per-game features for coverage
            aggregate, recs = play_chunk(scenario, {"all": kind}, 1, range(i, i + 1))
            aggregates.append(aggregate)
            records += recs
        return aggregates, records

    def paired(a, b, value) -> tuple[float, float]:
        return mean_sd([value(y) - value(x) for x, y in zip(a, b, strict=True)])

    base = {(sid, kind): play(load(sid), kind) for sid in SCENARIO_IDS for kind in KINDS}
    print("# claims: CLAIM_RUNS")
    for claim, (sid, track, sign, _) in claims.CLAIM_EFFECTS.items():
        scenario = load(sid)
        unit = next(u for u in units(scenario, "claim") if u.id == claim)
        _, ablated = play(without(scenario, unit), "doctrine")
        d, s = paired(base[(sid, "doctrine")][1], ablated, lambda r, t=track: r.finals[t])
        runs = runs_for(partial(interval_power, d, s)) if d * sign > 0 else None
        current = claims.CLAIM_RUNS.get(claim)
        print(f"    {claim!r}: {runs},  # d={d:+.3f} s={s:.3f}; now {current}")

    print("# policies: POLICY_RUNS")
    values: dict[str, Callable] = {
        "tracks": lambda name: lambda r: r.finals[name],
        "wins": lambda name: lambda r: float(name in r.winners),
        "endings": lambda name: lambda r: float((r.condition or TURN_LIMIT) == name),
    }
    for policy, sets in claims.POLICIES.items():
        _, changed = play(load("russian-reaction", *sets), "doctrine")
        measured = []
        for kind, name, sign, significant in claims.POLICY_CHECKS[policy]:
            value = values[kind](name)
            d, s = paired(base[("russian-reaction", "doctrine")][1], changed, value)
            if d * sign <= 0:
                print(f"    {policy}: {kind} {name} moves the other way (d={d:+.3f})")
            measured.append((d, s, significant))

        def power(k, measured=measured):
            return math.prod(
                (interval_power if sig else sign_power)(d, s, k) for d, s, sig in measured
            )

        print(f"    {policy!r}: {runs_for(power)},  # now {claims.POLICY_RUNS.get(policy)}")

    print("# balance: win rates, clashes, cards, chains")
    for kind, (low, high) in balance.WIN_BOUNDS.items():
        for sid in SCENARIO_IDS:
            records = base[(sid, kind)][1]
            rates = [sum(side in r.winners for r in records) / n for side in SIDES]
            runs = runs_for(partial(_rates_power, rates, low, high))
            print(f"    win rates {kind} {sid}: {runs} ({[round(p, 3) for p in rates]})")
    clashes = [
        sum(r.condition == "open_clash" for r in base[(sid, "doctrine")][1]) / n
        for sid in SCENARIO_IDS
    ]
    print(f"    open clash under doctrine, per scenario: {clashes}")
    for sid in SCENARIO_IDS:
        scenario = load(sid)
        for chain in scenario.chains:
            fired = {
                kind: sum(f"chain:{chain.id}" in a.features for a in base[(sid, kind)][0]) / n
                for kind in KINDS
            }
            print(f"    chain {sid} {chain.id}: {fired}")
    for sid in SCENARIO_IDS:
        scenario = load(sid)
        rare = sorted(
            (sum(f"event:{card}" in a.features for a in base[(sid, "doctrine")][0]) / n, card)
            for card in scenario.cards
        )[:3]
        print(f"    rarest events {sid}: {rare}")


if __name__ == "__main__":  # pragma: no cover
    _measure(int(sys.argv[1]) if len(sys.argv) > 1 else MEASURED_RUNS)
