"""Engine benchmark: random-playthrough throughput on one core, and scenario load time.

Run: ``python benchmarks/bench_engine.py [SCENARIO ...] [--games N] [--profile [--fast]]``.
Prints playthroughs/s and actions/s per scenario, the time to load and validate each
scenario, and (with --profile) where the time goes.

``--campaign [--trees DIR,DIR] [--rounds R]`` measures what docs/performance.md reports as
"The campaign": random actions per CPU-second on the batch path (``play_chunk``: quiet games,
attribution and the trace recorded), 300 games of each campaign scenario, with ``random`` and
``random-fast`` bots. Each tree (a checkout of this repository, e.g. a ``git worktree`` of an
older commit) is measured in a fresh interpreter started in it, round by round, interleaved,
and the best and the median round of each are printed. ``--warm N`` plays N untimed games per
scenario first, as a long batch has (the engine keeps legal targets and sampling slots per
scenario: a fresh interpreter starts without them).

``--profile --sampled [--fast] [--games N] [SCENARIO ...]`` samples where the batch path's CPU
goes (the stack every millisecond of CPU), over the campaign's scenarios by default: the
"sampled profiles" of docs/performance.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

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


def profile(ref: str, games: int, kind: str = "random") -> str:
    """The top functions of ``games`` batch-path playthroughs of ``ref`` with ``kind`` bots."""
    from engine.analysis.run.batch import play_chunk

    scenario = load_scenario(resolve(ref))
    profiler = cProfile.Profile()
    profiler.enable()
    play_chunk(scenario, {"all": kind}, 1, range(games))
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    return out.getvalue()


def sampled_profile(refs: list[str], games: int, kind: str, warm: int = 200) -> str:
    """Where the batch path's CPU goes, sampled: the stack every millisecond of CPU time
    (``ITIMER_PROF``) over ``games`` playthroughs of each of ``refs`` with ``kind`` bots,
    after ``warm`` untimed ones. Unlike cProfile it adds no cost per call, so many small
    functions (generated expressions show as ``<expression>:_expression``) are not
    inflated. Inclusive (on the stack) and self (running) shares of the samples."""
    import signal
    from collections import Counter

    from engine.analysis.run.batch import play_chunk

    scenarios = [load_scenario(resolve(r)) for r in refs]
    for scenario in scenarios:
        play_chunk(scenario, {"all": kind}, 2, range(warm))
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    root = str(Path(__file__).resolve().parents[1]) + "/"

    def sample(signum: int, frame: Any) -> None:
        seen = set()
        own[_where(frame, root)] += 1
        while frame is not None:
            key = _where(frame, root)
            if key not in seen:
                seen.add(key)
                inclusive[key] += 1
            frame = frame.f_back

    previous = signal.signal(signal.SIGPROF, sample)
    signal.setitimer(signal.ITIMER_PROF, 0.001, 0.001)
    try:
        for scenario in scenarios:
            play_chunk(scenario, {"all": kind}, 1, range(games))
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, previous)
    total = max(sum(own.values()), 1)
    lines = [f"{total} samples ({kind}, {games} games of each of {', '.join(refs)})"]
    for title, counts in (("on the stack", inclusive), ("running", own)):
        lines.append(f"-- {title}")
        lines += [f"{100 * n / total:5.1f}%  {key}" for key, n in counts.most_common(30)]
    return "\n".join(lines)


def _where(frame: Any, root: str) -> str:
    return f"{frame.f_code.co_filename.removeprefix(root)}:{frame.f_code.co_name}"


#: Run in a fresh interpreter inside a tree: plays the batch path and prints
#: {kind: [actions, cpu seconds]} as JSON. Written for old trees too (their module paths).
_CHILD = """
import json, sys, time
try:
    from engine.analysis.run.batch import play_chunk
except ImportError:
    from engine.analysis.batch import play_chunk
from engine import load_scenario
from engine.load.read.catalog import resolve, shipped
games, kinds, warm = int(sys.argv[1]), sys.argv[2].split(","), int(sys.argv[3])
refs = [e.id for e in shipped() if e.id != "tutorial"]
scenarios = [load_scenario(resolve(r)) for r in refs]
out = {}
for kind in kinds:
    for scenario in scenarios:  # untimed games first: a long batch's caches are warm
        play_chunk(scenario, {"all": kind}, 2, range(warm))
    actions = 0
    start = time.process_time()
    for scenario in scenarios:
        _, records = play_chunk(scenario, {"all": kind}, 1, range(games))
        actions += sum(r.actions for r in records)
    out[kind] = [actions, time.process_time() - start]
print(json.dumps(out))
"""


def campaign(trees: list[str], rounds: int, games: int, warm: int = 0) -> None:
    """Actions per CPU-second on the campaign's batch path, per tree and bot kind: the best
    and the median of ``rounds`` interleaved rounds (each round one fresh interpreter per
    tree, in alternating order), after ``warm`` untimed games per scenario and kind."""
    rates: dict[tuple[str, str], list[float]] = {}
    for round_ in range(rounds):
        for tree in trees if round_ % 2 == 0 else trees[::-1]:
            kinds = "random" if not _has_fast(tree) else "random,random-fast"
            done = subprocess.run(
                [sys.executable, "-c", _CHILD, str(games), kinds, str(warm)],
                cwd=tree,
                capture_output=True,
                text=True,
                check=True,
            )
            for kind, (actions, cpu) in json.loads(done.stdout).items():
                rate = actions / cpu
                rates.setdefault((tree, kind), []).append(rate)
                print(f"round {round_ + 1} {tree:<24} {kind:<12} {rate:>9,.0f} actions/CPU-s")
    print(f"{'tree':<24} {'bots':<12} {'best':>9} {'median':>9}  (of {rounds} rounds)")
    for (tree, kind), found in rates.items():
        print(f"{tree:<24} {kind:<12} {max(found):>9,.0f} {statistics.median(found):>9,.0f}")


def _has_fast(tree: str) -> bool:
    """Whether the tree knows the ``random-fast`` bots (older ones do not)."""
    return "random-fast" in (Path(tree) / "engine/bots/__init__.py").read_text()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", help="ids or paths (default: all shipped)")
    parser.add_argument("--games", type=int, default=1000, help="playthroughs per scenario")
    parser.add_argument("--profile", action="store_true", help="print the top functions")
    parser.add_argument("--fast", action="store_true", help="profile random-fast bots")
    parser.add_argument(
        "--sampled",
        action="store_true",
        help="with --profile: sample the campaign's batch path (or the scenarios given) "
        "instead of cProfile on the first scenario",
    )
    parser.add_argument("--campaign", action="store_true", help="the campaign's batch path")
    parser.add_argument("--trees", default=".", help="checkouts to compare (--campaign)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (--campaign)")
    parser.add_argument(
        "--warm", type=int, default=0, help="untimed games per scenario first (--campaign)"
    )
    args = parser.parse_args()
    if args.campaign:
        games = 300 if args.games == 1000 else args.games
        campaign(args.trees.split(","), args.rounds, games, args.warm)
        return
    if args.profile and args.sampled:
        kind = "random-fast" if args.fast else "random"
        campaign_refs = [e.id for e in shipped() if e.id != "tutorial"]
        print(sampled_profile(args.scenarios or campaign_refs, args.games, kind))
        return
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
        kind = "random-fast" if args.fast else "random"
        print(profile(refs[0], max(args.games // 4, 50), kind))


if __name__ == "__main__":
    main()
