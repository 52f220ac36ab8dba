"""Side by side: this engine against OpenSpiel and python-chess, per CPU-second, in one run.

Run: ``python benchmarks/bench_openspiel.py [--rounds N] [--record] [--check]``.

The shared game is tic-tac-toe, written as a scenario in ``benchmarks/tictactoe.yaml`` and
checked to be the same game as OpenSpiel's ``python_tic_tac_toe`` (move for move, in
``tests/engine/test_bench_tictactoe.py``). Raced, interleaved round by round so that the
machine's load falls on every contestant alike (CPU time, ``time.process_time``):

- random games: this engine listing the legal actions and drawing one, this engine drawing
  with ``Game.sample_action``, OpenSpiel's pure-Python game, and its C++ game;
- tree search from the empty board: this engine's ISMCTS (random playouts, over the
  placements as the random games are played) against OpenSpiel's pure-Python ``MCTSBot``
  (random rollouts), in iterations per CPU-second; and ISMCTS searching the pass too (a
  larger game than OpenSpiel's: the figure before 2026-11-28);
- a pure-Python reference: python-chess perft(3) from the start (leaf nodes, each one made
  with a push, per CPU-second) against this engine's random actions per CPU-second on the
  campaign scenarios.

Every figure is also given as a ratio to its reference, which the load affects far less than
the figures. ``--record`` writes them to ``benchmarks/figures.json``; ``--check`` compares the
ratios with that file and exits 1 when one fell by more than ``--tolerance`` (``make bench``).
OpenSpiel (the ``openspiel`` extra) and python-chess (the ``bench`` extra) are optional: what
needs one that is absent is skipped, and said so.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine import Game, load_scenario, observe
from engine.analysis.run.playout import make_bots, play_game
from engine.bots import ISMCTSBot
from engine.load.read.catalog import resolve
from engine.load.scenario import Scenario
from engine.play import rng

HERE = Path(__file__).resolve().parent
SCENARIO = HERE / "tictactoe.yaml"
FIGURES = HERE / "figures.json"
CAMPAIGN = ("iranian-entrenchment", "israeli-strike", "russian-reaction")


# -- the game, both ways ------------------------------------------------------------------
def load_tictactoe() -> Scenario:
    """The tic-tac-toe scenario."""
    return load_scenario(SCENARIO)


def result_of(game: Game) -> str:
    """``x``, ``o`` or ``draw``."""
    assert game.outcome is not None
    return game.outcome.winners[0] if game.outcome.winners else "draw"


def cells(actions: list[Any]) -> list[int]:
    """The cells (OpenSpiel's action numbers) of placements, in order."""
    return [int(a.target[1:]) for a in actions if a.kind == "event"]


def play_ours(scenario: Scenario, seed: int, *, sample: bool = False) -> tuple[list[int], str]:
    """One uniformly random game over the placements; the cells played and the result.

    Listing: draw among the legal actions but the last (passing, which tic-tac-toe lacks).
    Sampling: ``Game.sample_action``, drawing again on a pass (uniform over the rest).
    """
    game = Game.new(scenario, seed, quiet=True)
    state = rng.derive_seed(seed, "bench")
    while not game.is_over():
        if sample:
            for _ in range(1000):
                state, action = game.sample_action(state)
                if action.kind != "pass":
                    break
            else:
                raise RuntimeError("no placement drawn in 1,000 tries")
        else:
            legal = game.legal_actions()
            state, i = rng.below(state, len(legal) - 1)
            action = legal[i]
        game.push(action)
    return cells(game.actions), result_of(game)


def play_openspiel(game: Any, chooser: random.Random) -> tuple[list[int], str]:
    """One uniformly random game of an OpenSpiel tic-tac-toe; the cells played and the result."""
    state = game.new_initial_state()
    played = []
    while not state.is_terminal():
        action = chooser.choice(state.legal_actions())
        state.apply_action(action)
        played.append(action)
    return played, _openspiel_result(state)


def _openspiel_result(state: Any) -> str:
    returns = state.returns()
    return "x" if returns[0] > 0 else "o" if returns[1] > 0 else "draw"


def replay_openspiel(game: Any, played: list[int]) -> tuple[list[list[int]], str]:
    """Replay ``played`` in OpenSpiel: the legal cells before each move, and the result."""
    state = game.new_initial_state()
    legal = []
    for action in played:
        legal.append(sorted(state.legal_actions()))
        state.apply_action(action)
    assert state.is_terminal(), "the game should be over"
    return legal, _openspiel_result(state)


def legal_cells_ours(scenario: Scenario, played: list[int]) -> tuple[list[list[int]], str]:
    """Replay ``played`` here: the legal cells before each move, and the result."""
    game = Game.new(scenario, 0, quiet=True)
    legal = []
    for cell in played:
        actions = game.legal_actions()
        legal.append(sorted(cells(actions)))
        game.push(next(a for a in actions if a.target == f"c{cell}"))
    return legal, result_of(game)


def openspiel_games() -> tuple[Any, Any] | None:
    """OpenSpiel's pure-Python and C++ tic-tac-toe, or None without OpenSpiel."""
    try:
        import pyspiel
        from open_spiel.python.games import tic_tac_toe  # noqa: F401  (registers the game)
    except ImportError:
        return None
    return pyspiel.load_game("python_tic_tac_toe"), pyspiel.load_game("tic_tac_toe")


# -- timing -------------------------------------------------------------------------------
class Race:
    """Contestants timed in turns (CPU time): ``add(name, fn)``, then ``run(rounds)``; each
    ``fn()`` does one round of work and returns how many units (games, iterations) it did."""

    def __init__(self) -> None:
        self.contestants: dict[str, Callable[[], int]] = {}
        self.units: Counter = Counter()
        self.seconds: Counter = Counter()

    def add(self, name: str, fn: Callable[[], int]) -> None:
        self.contestants[name] = fn

    def run(self, rounds: int) -> dict[str, float]:
        """Units per CPU-second of each contestant."""
        for _ in range(rounds):
            for name, fn in self.contestants.items():
                start = time.process_time()
                self.units[name] += fn()
                self.seconds[name] += time.process_time() - start
        return {n: self.units[n] / max(self.seconds[n], 1e-9) for n in self.contestants}


def race_random_games(rounds: int, games: int = 300) -> dict[str, float]:
    """Random tic-tac-toe games per CPU-second, each contestant in turn."""
    scenario = load_tictactoe()
    seeds = iter(range(10**9))
    race = Race()

    def ours(sample: bool) -> Callable[[], int]:
        def fn() -> int:
            for _ in range(games):
                play_ours(scenario, next(seeds), sample=sample)
            return games

        return fn

    race.add("ours_listing", ours(False))
    race.add("ours_sampling", ours(True))
    games_os = openspiel_games()
    if games_os is not None:
        chooser = random.Random(1)
        for name, game in zip(("openspiel_python", "openspiel_cpp"), games_os, strict=True):

            def theirs(game: Any = game) -> int:
                for _ in range(games):
                    play_openspiel(game, chooser)
                return games

            race.add(name, theirs)
    return race.run(rounds)


class PlacementSearch(ISMCTSBot):
    """ISMCTS over the placements only, as the random games are played (:func:`play_ours`):
    tic-tac-toe has no pass, so the search leaves it out of its tree and its playouts (drawn
    by ``Game.sample_action``, again on a pass), and searches the game ``MCTSBot`` searches."""

    def _legal(self, game: Game) -> list[Any]:
        legal = game.legal_actions()
        return legal[:-1] if len(legal) > 1 else legal  # passing comes last

    def _sample(self, game: Game, walk: int) -> tuple[int, Any]:
        for _ in range(1000):
            walk, action = game.sample_action(walk)
            if action.kind != "pass":
                return walk, action
        raise RuntimeError("no placement drawn in 1,000 tries")


def race_search(rounds: int, iterations: int = 200) -> dict[str, float]:
    """Search iterations per CPU-second from the empty board (random playouts both sides)."""
    scenario = load_tictactoe()
    race = Race()
    calls = iter(range(10**9))

    def ours(kind: type[ISMCTSBot]) -> Callable[[], int]:
        def fn() -> int:
            game = Game.new(scenario, 0, quiet=True)
            # opponents="search": both players' moves in the tree, as MCTSBot searches them
            bot = kind(
                "x", next(calls), iterations=iterations, rollout="random", opponents="search"
            )
            bot.choose(observe(game, "x", with_log=False))
            return iterations

        return fn

    race.add("ours_ismcts", ours(PlacementSearch))
    race.add("ours_ismcts_with_pass", ours(ISMCTSBot))
    games_os = openspiel_games()
    if games_os is not None:
        import numpy as np
        from open_spiel.python.algorithms import mcts

        python_game = games_os[0]

        def theirs() -> int:
            seed = next(calls)
            evaluator = mcts.RandomRolloutEvaluator(1, np.random.RandomState(seed))
            bot = mcts.MCTSBot(
                python_game,
                2.0,
                iterations,
                evaluator,
                random_state=np.random.RandomState(seed),
            )
            bot.step(python_game.new_initial_state())
            return iterations

        race.add("openspiel_mcts", theirs)
    return race.run(rounds)


def race_perft(rounds: int, games: int = 40) -> dict[str, float]:
    """Our random actions per CPU-second on the campaign, beside python-chess perft(3) leaf
    nodes per CPU-second (a pure-Python move generator)."""
    scenarios = [load_scenario(resolve(ref)) for ref in CAMPAIGN]
    seeds = iter(range(10**9))
    race = Race()

    def ours(kind: str) -> Callable[[], int]:
        def fn() -> int:
            actions = 0
            for scenario in scenarios:
                for _ in range(games):
                    seed = next(seeds)
                    bots = make_bots(scenario, {"all": kind}, seed)
                    game = play_game(scenario, seed, bots, quiet=True)
                    actions += len(game.actions)
            return actions

        return fn

    race.add("ours_campaign_actions", ours("random"))
    race.add("ours_campaign_actions_fast", ours("random-fast"))
    try:
        import chess
    except ImportError:
        return race.run(rounds)

    def perft(board: Any, depth: int) -> int:
        # Every leaf is made (pushed), as every action here is applied: moves made per second.
        if depth == 0:
            return 1
        nodes = 0
        for move in board.legal_moves:
            board.push(move)
            nodes += perft(board, depth - 1)
            board.pop()
        return nodes

    race.add("chess_perft_leaves", lambda: perft(chess.Board(), 3))
    return race.run(rounds)


# -- the report ---------------------------------------------------------------------------
#: Each ratio: (name, numerator figure, denominator figure). Higher is better for this engine.
RATIOS = (
    ("random games vs OpenSpiel Python (listing)", "ours_listing", "openspiel_python"),
    ("random games vs OpenSpiel Python (sampling)", "ours_sampling", "openspiel_python"),
    ("random games vs OpenSpiel C++ (sampling)", "ours_sampling", "openspiel_cpp"),
    ("search iterations vs OpenSpiel MCTSBot", "ours_ismcts", "openspiel_mcts"),
    (
        "search iterations, passing searched too, vs OpenSpiel MCTSBot",
        "ours_ismcts_with_pass",
        "openspiel_mcts",
    ),
    ("campaign actions vs chess perft leaves", "ours_campaign_actions", "chess_perft_leaves"),
    (
        "campaign actions (random-fast) vs chess perft leaves",
        "ours_campaign_actions_fast",
        "chess_perft_leaves",
    ),
)


def measure(rounds: int) -> dict[str, Any]:
    """Every figure and ratio of one run."""
    figures: dict[str, float] = {}
    figures.update(race_random_games(rounds))
    figures.update(race_search(rounds))
    figures.update(race_perft(rounds))
    ratios = {
        name: round(figures[a] / figures[b], 3)
        for name, a, b in RATIOS
        if a in figures and b in figures and figures[b]
    }
    return {
        "figures": {k: round(v, 1) for k, v in figures.items()},
        "ratios": ratios,
        "python": platform.python_version(),
        "recorded": time.strftime("%Y-%m-%d"),
    }


def regressions(now: dict[str, Any], before: dict[str, Any], tolerance: float) -> list[str]:
    """The ratios that fell by more than ``tolerance`` (a fraction) since ``before``."""
    out = []
    for name, old in before.get("ratios", {}).items():
        new = now["ratios"].get(name)
        if new is not None and new < old * (1 - tolerance):
            out.append(f"{name}: {new:.3f} (recorded {old:.3f}, -{1 - new / old:.0%})")
    return out


def table(data: dict[str, Any]) -> str:
    """The figures and ratios as text."""
    lines = ["figure (units per CPU-second)                     value"]
    lines += [f"  {k:<46} {v:>12,.0f}" for k, v in data["figures"].items()]
    lines += ["", "ratio (this engine / reference; > 1: faster)        ratio"]
    lines += [f"  {k:<52} {v:>6.2f}" for k, v in data["ratios"].items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--record", action="store_true", help=f"write {FIGURES.name}")
    parser.add_argument("--check", action="store_true", help=f"compare with {FIGURES.name}")
    parser.add_argument("--tolerance", type=float, default=0.25, help="allowed fall (0.25)")
    args = parser.parse_args()
    if openspiel_games() is None:
        print("OpenSpiel is not installed (pip install -e '.[bench]'): its races are skipped")
    data = measure(args.rounds)
    print(table(data))
    if args.record:
        FIGURES.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"recorded in {FIGURES}")
    if args.check:
        if not FIGURES.exists():
            print(f"no {FIGURES.name} to check against: run with --record first")
            return
        bad = regressions(data, json.loads(FIGURES.read_text(encoding="utf-8")), args.tolerance)
        if bad:
            print("REGRESSIONS against the recorded figures:\n  " + "\n  ".join(bad))
            sys.exit(1)
        print(f"no ratio fell by more than {args.tolerance:.0%} against {FIGURES.name}")


if __name__ == "__main__":
    main()
