"""Do search bots beat random when there are secrets? The back channel (issue 11's example).

Run: ``python benchmarks/bench_secrets.py [--games N] [--iterations K] [--seed S]``.

For each side of ``scenarios/examples/backchannel.yaml`` — where the Israeli–Russian
understanding is private to the two of them, Iran's militias and advisers are face-down, and
every turn ends with sealed orders — play the same seeded games twice: once with an ISMCTS
bot in that seat, once with a random bot there, the other seats random both times. ISMCTS
decides from its view only (it samples the secrets it cannot see). Printed per side: random's
and ISMCTS's win rates with 95% Wilson intervals, the paired difference (ISMCTS − random, on
the same seeds) with its 95% interval and McNemar's p, and the mean scores. A side "beats
random" (docs/bots.md) when it wins more often than random does from that seat; here we also
ask that the paired interval exclude zero.
"""

from __future__ import annotations

import argparse
import time

from engine import load_scenario
from engine.analysis.measure.stats import paired, wilson
from engine.analysis.run.playout import make_bots, play_game


def seat_results(scenario, seat: str, kind: str, seeds: range) -> tuple[list[float], list[float]]:
    """(won 0/1, score) per seed with ``kind`` in ``seat`` and random bots elsewhere."""
    wins, scores = [], []
    for seed in seeds:
        bots = make_bots(scenario, {"all": "random", seat: kind}, seed)
        game = play_game(scenario, seed, bots, quiet=True)
        assert game.outcome is not None
        wins.append(float(seat in game.outcome.winners))
        scores.append(float(game.outcome.scores.get(seat, 0)))
    return wins, scores


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=200, help="seeded games per side")
    parser.add_argument("--iterations", type=int, default=100, help="ISMCTS iterations a move")
    parser.add_argument("--seed", type=int, default=1, help="first seed")
    args = parser.parse_args()
    scenario = load_scenario("backchannel")
    seeds = range(args.seed, args.seed + args.games)
    kind = f"ismcts:{args.iterations}"
    print(f"backchannel: {args.games} paired games per side, seeds {seeds.start}..{seeds.stop - 1}")
    print(
        "| side | random wins [95% CI] | ISMCTS wins [95% CI] | ISMCTS − random [95% CI], p | "
        "mean score: random / ISMCTS | beats random |"
    )
    print("|---|---|---|---|---|---|")
    for seat in scenario.playable_actors:
        start = time.perf_counter()
        base_wins, base_scores = seat_results(scenario, seat, "random", seeds)
        bot_wins, bot_scores = seat_results(scenario, seat, kind, seeds)
        n = len(seeds)
        a, b = int(sum(base_wins)), int(sum(bot_wins))
        lo_a, hi_a = wilson(a, n)
        lo_b, hi_b = wilson(b, n)
        diff = paired(base_wins, bot_wins, binary=True)
        beats = b > a and diff.low > 0
        print(
            f"| {seat} | {a / n:.0%} [{lo_a:.0%}–{hi_a:.0%}] | {b / n:.0%} [{lo_b:.0%}–{hi_b:.0%}]"
            f" | {diff.diff:+.0%} [{diff.low:+.0%}, {diff.high:+.0%}], p={diff.p_value:.2g}"
            f" | {sum(base_scores) / n:.1f} / {sum(bot_scores) / n:.1f}"
            f" | {'yes' if beats else 'no'} ({time.perf_counter() - start:.0f}s) |",
            flush=True,
        )


if __name__ == "__main__":
    main()
