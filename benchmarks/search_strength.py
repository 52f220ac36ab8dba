"""How strong is search in every seat of the campaign: ISMCTS against random and against doctrine.

Run: ``python benchmarks/search_strength.py [--games N] [--seed S] [--bot SPEC] [--jobs J]``

For every campaign scenario, every seat and each kind of opponent (``random``, ``doctrine``),
plays N seeded games (seeds S … S+N−1) with the bot in that seat and the opponents in every
other seat, and prints a Markdown row: the seat's win rate with its 95% Wilson interval and
the bot's CPU seconds per move (mean and worst). ``--bot`` takes any bot spec (``ismcts``,
``ismcts:500``, ``doctrine``, ``greedy``), so the same games tell how often the best of several
policies wins a seat — the ceiling to judge the search against. The aim (issue 15): ISMCTS at
its default budget wins at least 75% against random and 60% against doctrine in every seat.

Everything is seeded: the same arguments print the same win rates in any process (the CPU
times follow the machine). ``--jobs`` splits the cells over processes.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from engine import load_scenario  # noqa: E402
from engine.analysis.measure.stats import wilson  # noqa: E402
from engine.analysis.run.playout import play_game  # noqa: E402
from engine.bots import make_bot_from_spec  # noqa: E402

SYRIA = ROOT / "scenarios" / "syria"
SCENARIOS = ("iranian-entrenchment", "israeli-strike", "russian-reaction")
SEATS = ("israel", "russia", "iran")
OPPONENTS = ("random", "doctrine")
#: The aim per opponent: the share of games the searching seat should win.
AIM = {"random": 0.75, "doctrine": 0.60}


class _Timed:
    """Wraps a bot and counts the CPU time of its choices."""

    def __init__(self, bot):
        self.bot = bot
        self.actor = bot.actor
        self.needs_log = bot.needs_log
        self.needs_view = getattr(bot, "needs_view", True)
        self.times: list[float] = []

    def choose(self, view):
        start = time.process_time()
        action = self.bot.choose(view)
        self.times.append(time.process_time() - start)
        return action

    def choose_among(self, legal):
        start = time.process_time()
        action = self.bot.choose_among(legal)
        self.times.append(time.process_time() - start)
        return action

    def explain(self) -> str:
        return self.bot.explain()


def play_cell(scenario_id: str, seat: str, opponent: str, spec: str, seeds: list[int]) -> dict:
    """Play one cell's games; the wins and the bot's CPU seconds per move."""
    scenario = load_scenario(SYRIA / f"{scenario_id}.yaml")
    wins = 0
    times: list[float] = []
    for seed in seeds:
        bots = {a: make_bot_from_spec(opponent, a, seed) for a in scenario.playable_actors}
        timed = _Timed(make_bot_from_spec(spec, seat, seed))
        bots[seat] = timed  # type: ignore[assignment]
        game = play_game(scenario, seed, bots, quiet=True)
        outcome = game.state.outcome
        wins += outcome is not None and seat in outcome.winners
        times += timed.times
    return {
        "scenario": scenario_id,
        "seat": seat,
        "opponent": opponent,
        "wins": wins,
        "games": len(seeds),
        "moves": len(times),
        "mean": sum(times) / max(1, len(times)),
        "worst": max(times, default=0.0),
    }


def row(cell: dict) -> str:
    """One Markdown row: win rate, interval, whether the aim is met, CPU per move."""
    wins, games = cell["wins"], cell["games"]
    low, high = wilson(wins, games)
    aim = AIM[cell["opponent"]]
    mark = "✓" if wins / games >= aim else "✗"
    return (
        f"| `{cell['scenario']}` | {cell['seat']} | {cell['opponent']} | "
        f"{wins}/{games} = **{wins / games:.0%}** [{low:.0%}–{high:.0%}] {mark} | "
        f"{cell['mean']:.2f} / {cell['worst']:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=40, help="seeded games per cell")
    parser.add_argument("--seed", type=int, default=1, help="first seed")
    parser.add_argument("--bot", default="ismcts", help="the searching seat's bot spec")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--seats", default=",".join(SEATS))
    parser.add_argument("--opponents", default=",".join(OPPONENTS))
    parser.add_argument("--jobs", type=int, default=1, help="processes")
    args = parser.parse_args()
    seeds = list(range(args.seed, args.seed + args.games))
    cells = [
        (sid, seat, opp, args.bot, seeds)
        for sid in args.scenarios.split(",")
        for seat in args.seats.split(",")
        for opp in args.opponents.split(",")
    ]
    print(f"`{args.bot}` in one seat; {args.games} games per cell, seeds {seeds[0]}–{seeds[-1]}")
    print()
    print("| scenario | seat | opponents | wins [95% CI] | CPU s/move: mean / worst |")
    print("|---|---|---|---|---|")
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = pool.map(play_cell, *zip(*cells, strict=True))
            for cell in results:
                print(row(cell), flush=True)
    else:
        for args_of_cell in cells:
            print(row(play_cell(*args_of_cell)), flush=True)


if __name__ == "__main__":
    main()
