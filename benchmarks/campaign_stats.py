"""Measure the Syria campaign: balance, the article's dynamics and its claims, on paired seeds.

Run: ``python benchmarks/campaign_stats.py [--runs N] [--ismcts K] [--ismcts-runs M]``

Prints Markdown for docs/campaign.md (every number there comes from here, root seed 1):

1. balance: each side's win rate with doctrine bots and with random bots (N games each);
2. the four policy comparisons the article argues about, on N paired seeds;
3. per claim, the paired effect on its stated metric of switching off everything citing it
   (the table and its metrics come from tests/campaign/test_claims.py);
4. how often each causal chain fires, and which cards the doctrine plays as events;
5. with ``--ismcts K``: for every seat, ISMCTS with K iterations against doctrine opponents,
   compared with the doctrine in that seat on M paired seeds (slow: minutes per seat).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from engine.analysis.measure.ablate import ablate  # noqa: E402
from engine.analysis.measure.compare import Comparison, compare, compare_results  # noqa: E402
from engine.analysis.measure.stats import PairedEstimate, wilson  # noqa: E402
from engine.analysis.run.batch import Arm, run_arms, run_batch  # noqa: E402
from engine.analysis.run.batch_result import BatchResult  # noqa: E402
from engine.load.scenario import Scenario  # noqa: E402
from tests.campaign.conftest import SCENARIO_IDS, SIDES, load  # noqa: E402
from tests.campaign.test_claims import CLAIM_EFFECTS, POLICIES  # noqa: E402

DOCTRINE = {"all": "doctrine"}
NAMES = {"israel": "Israel", "russia": "Russia", "iran": "Iran"}


def pct(x: float) -> str:
    """A percentage with one decimal."""
    return f"{100 * x:.1f}%"


def diff(estimate: PairedEstimate, percent: bool = False) -> str:
    """``+1.23 [+0.90, +1.56]`` (percentage points when ``percent``)."""
    k = 100 if percent else 1
    return f"{k * estimate.diff:+.2f} [{k * estimate.low:+.2f}, {k * estimate.high:+.2f}]"


def balance(runs: int) -> list[str]:
    """Win rates with doctrine and with random bots, with Wilson intervals, and clashes."""
    out = [
        f"### Balance ({runs} games per scenario and kind of bot, root seed 1)",
        "",
        "| scenario | bots | Israel | Russia | Iran | open clash |",
        "|---|---|---|---|---|---|",
    ]
    for sid in SCENARIO_IDS:
        for kind in ("doctrine", "random"):
            result = run_batch(load(sid), runs, 1, {"all": kind})
            cells = []
            for side in SIDES:
                low, high = wilson(result.aggregate.wins[side], runs)
                cells.append(f"{pct(result.win_rate(side))} ({pct(low)}–{pct(high)})")
            clash = result.aggregate.endings.get("open_clash", 0)
            out.append(f"| `{sid}` | {kind} | " + " | ".join(cells) + f" | {clash} |")
    return out


def policies(runs: int) -> list[str]:
    """The four policy comparisons in Russia's reckoning."""
    arms = [Arm(load("russian-reaction"), DOCTRINE, "base")]
    arms += [Arm(load("russian-reaction", *sets), DOCTRINE, n) for n, sets in POLICIES.items()]
    base, *others = run_arms(arms, runs, 1)
    tracks = ("tolerance", "discomfort", "stance", "incident", "entrenchment", "compensation")
    out = [
        f"### Policies in `russian-reaction` ({runs} paired seeds, doctrine bots;"
        " B − A, 95% interval)",
        "",
        "| change (B) | Israel wins (pts) | Russia wins (pts) | open clash (pts) | "
        + " | ".join(tracks)
        + " |",
        "|---|---|---|---|" + "---|" * len(tracks),
    ]
    for arm, result in zip(arms[1:], others, strict=True):
        c = compare_results(base, result)
        clash = c.endings.get("open_clash")
        row = [
            f"`{' '.join(POLICIES[arm.label])}`",
            diff(c.wins["israel"], True),
            diff(c.wins["russia"], True),
            diff(clash, True) if clash else "0",
            *(diff(c.tracks[t]) for t in tracks),
        ]
        out.append("| " + " | ".join(row) + " |")
    return out


def claims(runs: int) -> list[str]:
    """Per claim, the paired effect of switching off its mechanics on its stated metric."""
    rows: dict[str, Comparison] = {}
    for sid in sorted({s for s, *_ in CLAIM_EFFECTS.values()}):
        wanted = [c for c, (s, *_) in CLAIM_EFFECTS.items() if s == sid]
        result = ablate(load(sid), runs, 1, bots=DOCTRINE, by="claim", only=wanted)
        rows.update({unit.id: comparison for unit, comparison in result.rows})
    out = [
        f"### Claims ({runs} paired seeds, doctrine bots;"
        " everything citing the claim switched off)",
        "",
        "| claim | the article argues | scenario | metric | without it (B − A, 95% interval) |",
        "|---|---|---|---|---|",
    ]
    for claim, (sid, track, sign, why) in CLAIM_EFFECTS.items():
        estimate = rows[claim].tracks[track]
        ok = estimate.significant and estimate.diff * sign > 0
        arrow = "lower" if sign < 0 else "higher"
        out.append(
            f"| {claim} | {why} | `{sid}` | {track} ({arrow}) | {diff(estimate)}"
            f"{'' if ok else ' — not as argued'} |"
        )
    return out


def chains_and_cards(runs: int) -> list[str]:
    """How often each chain fires under doctrine bots, and the cards never played as events."""
    out = [f"### Chains ({runs} doctrine games per scenario)", ""]
    unplayed: dict[str, set[str]] = {}
    for sid in SCENARIO_IDS:
        scenario = load(sid)
        result = run_batch(scenario, runs, 1, DOCTRINE)
        features = result.aggregate.features
        rates = ", ".join(
            f"{c.name} {pct(features.get('chain:' + c.id, 0) / runs)}" for c in scenario.chains
        )
        out.append(f"- `{sid}`: {rates}")
        unplayed[sid] = {c for c in scenario.cards if f"event:{c}" not in features}
    never = set.intersection(*unplayed.values())
    out += ["", f"Cards never played as an event by the doctrine: {sorted(never) or 'none'}"]
    return out


def ismcts(iterations: int, runs: int) -> list[str]:
    """ISMCTS in each seat against doctrine opponents, paired with the doctrine in that seat."""
    out = [
        f"### Search against doctrine (ISMCTS {iterations} iterations, {runs} paired seeds)",
        "",
        "| scenario | seat | doctrine wins | ISMCTS wins | B − A (pts) | score B − A |",
        "|---|---|---|---|---|---|",
    ]
    for sid in SCENARIO_IDS:
        scenario: Scenario = load(sid)
        for seat in SIDES:
            c = compare(
                Arm(scenario, DOCTRINE),
                Arm(scenario, {**DOCTRINE, seat: f"ismcts:{iterations}"}),
                runs,
                1,
            )
            w, s = c.wins[seat], c.scores[seat]
            out.append(
                f"| `{sid}` | {NAMES[seat]} | {pct(w.a)} | {pct(w.b)} | {diff(w, True)} | "
                f"{diff(s)} |"
            )
    return out


def main(argv: list[str] | None = None) -> None:
    """Print the Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="games per measurement")
    parser.add_argument("--ismcts", type=int, default=0, help="ISMCTS iterations (0: skip)")
    parser.add_argument("--ismcts-runs", type=int, default=100, help="paired seeds per seat")
    args = parser.parse_args(argv)
    sections = [balance(args.runs), policies(args.runs), claims(args.runs)]
    sections.append(chains_and_cards(args.runs))
    if args.ismcts:
        sections.append(ismcts(args.ismcts, args.ismcts_runs))
    print("\n\n".join("\n".join(s) for s in sections))


__all__ = ["BatchResult", "main"]

if __name__ == "__main__":
    main()
