"""Bot and batch benchmark: speeds, and (with --strength) how much better than random bots play.

Run: ``python benchmarks/bench_bots.py [--scenario ID] [--strength [--games N]]``.

Speeds printed:
- random playthroughs per second on one core (per scenario);
- ISMCTS iterations per second, and the time of one ISMCTS move at its default budget;
- the batch speed-up from 1 to 2 processes (same batch, identical results checked);
- the time of 10,000 random playthroughs of a campaign scenario on 2 processes (measured,
  not extrapolated, unless --quick).

``--strength`` measures, for each campaign scenario and each playable side, how often a bot of
each kind wins as that side against random bots, beside random's own rate in that seat on the
same seeds (see docs/bots.md for the definition of "beats").
"""

from __future__ import annotations

import argparse
import statistics
import time

from engine import Game, load_scenario, observe
from engine.analysis.measure.stats import wilson
from engine.analysis.run.batch import run_batch
from engine.analysis.run.playout import make_bots, play_game
from engine.bots import ISMCTSBot
from engine.bots.ismcts import DEFAULT_ITERATIONS
from engine.load.read.catalog import resolve, shipped

CAMPAIGN = [e.id for e in shipped() if e.id != "tutorial"]


def random_rate(ref: str, games: int = 400) -> float:
    """Random playthroughs per second on this core."""
    scenario = load_scenario(resolve(ref))
    start = time.perf_counter()
    for seed in range(games):
        play_game(scenario, seed, make_bots(scenario, {}, seed))
    return games / (time.perf_counter() - start)


def ismcts_speed(ref: str, moves: int = 12) -> tuple[float, float, float]:
    """(iterations/s, mean and max seconds per move) at the default budget, mid-game decisions."""
    scenario = load_scenario(resolve(ref))
    times, iterations = [], 0
    seed = 0
    while len(times) < moves:
        game = Game.new(scenario, seed)
        randoms = make_bots(scenario, {}, seed)
        step = 0
        while not game.is_over() and len(times) < moves:
            actor = game.to_move()
            view = observe(game, actor)
            if len(view.legal) > 1 and step % 5 == 0:
                bot = ISMCTSBot(actor, seed)
                start = time.perf_counter()
                bot.choose(view)
                times.append(time.perf_counter() - start)
                iterations += bot.last_iterations
            game.push(randoms[actor].choose(view))
            step += 1
        seed += 1
    return iterations / sum(times), statistics.mean(times), max(times)


def batch_time(ref: str, runs: int, jobs: int) -> tuple[float, dict]:
    scenario = load_scenario(resolve(ref))
    start = time.perf_counter()
    result = run_batch(scenario, runs, seed=1, jobs=jobs)
    return time.perf_counter() - start, result.to_dict()


def speeds(ref: str, quick: bool) -> None:
    print(f"== speeds ({ref}) ==")
    for entry in ["tutorial", *CAMPAIGN]:
        print(f"random playthroughs/s on one core, {entry}: {random_rate(entry):,.0f}")
    rate, mean, worst = ismcts_speed(ref)
    print(
        f"ISMCTS ({DEFAULT_ITERATIONS} iterations default): {rate:,.0f} iterations/s; "
        f"a move takes {mean:.3f} s on average, {worst:.3f} s at most"
    )
    runs = 2000 if quick else 4000
    one, a = batch_time(ref, runs, 1)
    two, b = batch_time(ref, runs, 2)
    same = "identical" if a == b else "DIFFERENT (bug!)"
    print(
        f"batch of {runs}: 1 process {one:.2f} s, 2 processes {two:.2f} s → speed-up "
        f"{one / two:.2f}× (results {same})"
    )
    if quick:
        guess = two * 10_000 / runs
        print(f"10,000 random playthroughs on 2 processes: ~{guess:.1f} s (extrapolated)")
    else:
        ten, _ = batch_time(ref, 10_000, 2)
        print(f"10,000 random playthroughs on 2 processes: {ten:.1f} s (measured)")


def strength(refs: list[str], games: int, kinds: list[str]) -> None:
    print(f"== strength: {games} games per side, others random, root seed 1 ==")
    for ref in refs:
        scenario = load_scenario(resolve(ref))
        base = run_batch(scenario, games, seed=1, bots={})
        for side in scenario.playable_actors:
            base_wins = base.aggregate.wins[side]
            base_mean = base.score_summary(side).get("mean", 0)
            for kind in kinds:
                start = time.perf_counter()
                res = run_batch(scenario, games, seed=1, bots={side: kind})
                wins = res.aggregate.wins[side]
                low, high = wilson(wins, games)
                paired = sum(
                    (side in r.winners, r.scores.get(side, 0))
                    > (side in q.winners, q.scores.get(side, 0))
                    for r, q in zip(res.records, base.records, strict=True)
                )
                print(
                    f"{ref:22} {side:7} {kind:9} wins {wins / games:6.1%} "
                    f"[{low:.0%}–{high:.0%}]  random in that seat {base_wins / games:6.1%}  "
                    f"mean score {res.score_summary(side).get('mean', 0):6.2f} "
                    f"vs {base_mean:6.2f}  "
                    f"better than random's game {paired / games:5.1%}  "
                    f"({time.perf_counter() - start:.0f} s)",
                    flush=True,
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default=CAMPAIGN[0] if CAMPAIGN else "tutorial")
    parser.add_argument("--quick", action="store_true", help="extrapolate the 10,000-game time")
    parser.add_argument("--strength", action="store_true", help="measure strength (slow)")
    parser.add_argument("--games", type=int, default=60, help="games per side for --strength")
    parser.add_argument("--kinds", default="ismcts,doctrine,greedy", help="bots for --strength")
    parser.add_argument("--scenarios", help="comma-separated ids for --strength (campaign)")
    args = parser.parse_args()
    if args.strength:
        refs = args.scenarios.split(",") if args.scenarios else CAMPAIGN
        strength(refs, args.games, args.kinds.split(","))
    else:
        speeds(args.scenario, args.quick)


if __name__ == "__main__":
    main()
