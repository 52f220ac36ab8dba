"""Engine benchmark: random-playthrough throughput on one core, and scenario load time.

Run: ``python benchmarks/bench_engine.py [SCENARIO ...] [--games N] [--profile]``.
Prints playthroughs/s and actions/s per scenario, the time to load and validate each
scenario, and (with --profile) where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time

from engine import load_scenario
from engine.analysis.run.playout import make_bots, play_game
from engine.load.read.catalog import resolve, shipped


def bench_load(ref: str, repeat: int = 20) -> float:
    path = resolve(ref)
    start = time.perf_counter()
    for _ in range(repeat):
        load_scenario(path)
    return (time.perf_counter() - start) / repeat


def bench_playouts(ref: str, games: int, quiet: bool = False) -> tuple[float, float, float]:
    scenario = load_scenario(resolve(ref))
    actions = 0
    start = time.perf_counter()
    for seed in range(games):
        bots = make_bots(scenario, {"all": "random"}, seed)
        game = play_game(scenario, seed, bots, quiet=quiet)
        actions += len(game.actions)
    elapsed = time.perf_counter() - start
    return games / elapsed, actions / elapsed, actions / games


def profile(ref: str, games: int) -> str:
    scenario = load_scenario(resolve(ref))
    profiler = cProfile.Profile()
    profiler.enable()
    for seed in range(games):
        play_game(scenario, seed, make_bots(scenario, {"all": "random"}, seed))
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", help="ids or paths (default: all shipped)")
    parser.add_argument("--games", type=int, default=1000, help="playthroughs per scenario")
    parser.add_argument("--profile", action="store_true", help="print the top functions")
    args = parser.parse_args()
    refs = args.scenarios or [e.id for e in shipped()]
    header = ("scenario", "load+validate", "games/s", "actions/s", "quiet act/s", "actions/game")
    print("{:<22} {:>14} {:>9} {:>10} {:>12} {:>13}".format(*header))
    for ref in refs:
        load_ms = bench_load(ref) * 1000
        games_s, actions_s, per_game = bench_playouts(ref, args.games)
        quiet_s = bench_playouts(ref, args.games, quiet=True)[1]
        print(
            f"{ref:<22} {load_ms:>11.1f} ms {games_s:>9.0f} {actions_s:>10.0f} "
            f"{quiet_s:>12.0f} {per_game:>13.1f}"
        )
    print("(quiet: without the narrative log, as batches and search play)")
    if args.profile:
        print(profile(refs[0], max(args.games // 4, 50)))


if __name__ == "__main__":
    main()
