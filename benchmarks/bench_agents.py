"""Agent protocol and adapter benchmark: what another program's seat costs.

Run: ``python benchmarks/bench_agents.py [--scenario ID] [--games N] [--rounds R]
[--adapters-only]``.

Printed:
- the agent protocol's round trip per decision: the same games played by a trivial external
  agent (first legal action; in Python, and in Node.js where ``node`` is installed) and by the
  same policy in process, the difference divided by the agent's decisions (target: < 2 ms);
- the PettingZoo AEC step (``last()`` + ``step()``: observation vector, mask, reward
  bookkeeping) against the raw engine loop (``observe()``, pick, ``push()``), and against
  that loop with the observation vector and mask computed too (the framework's own cost);
- the OpenSpiel state step (legal actions, ``apply_action``) against the raw engine loop.
The adapters' target is an overhead under 20%. The loops are timed in CPU time (the process's,
so other work on a shared machine weighs less), in interleaved rounds, and the median of the
rounds is printed. Nothing here is asserted in tests.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from engine import Game, load_scenario, observe
from engine.analysis.run.playout import make_bots
from engine.play.rules.actions import Action
from engine.play.views.view import View

ROOT = Path(__file__).resolve().parents[1]
PY_AGENT = ROOT / "tests" / "agents" / "agent.py"
NODE_AGENT = ROOT / "examples" / "agents" / "random-agent.js"


class FirstLegal:
    """The trivial agent's policy, in process: the smallest legal action."""

    needs_log = True

    def __init__(self, actor: str):
        self.actor = actor

    def choose(self, view: View) -> Action:
        return view.legal[0]

    def explain(self) -> str:
        return "first"

    def snapshot(self) -> dict[str, int]:
        return {}

    def restore(self, snapshot: dict[str, int]) -> None:
        pass


def protocol_round_trip(ref: str, games: int, command: str, label: str) -> None:
    """Per-decision cost of one actor played by ``command`` rather than in process: each
    decision's ``choose()`` is timed (the view is built outside the timing, as it is for any
    bot), the first decision of each game apart, since it starts the agent."""
    from engine.agents.external import ExternalBot

    scenario = load_scenario(ref)
    actor = scenario.playable_actors[0]
    starts: list[float] = []
    decisions: list[float] = []
    inside: list[float] = []
    for seed in range(games):
        bots = make_bots(scenario, {}, seed)
        agent = ExternalBot(actor, seed, command=command)
        local = FirstLegal(actor)
        game = Game.new(scenario, seed)
        first = True
        try:
            while not game.is_over():
                mover = game.to_move()
                assert mover is not None
                view = observe(game, mover)
                if mover != actor:
                    game.push(bots[mover].choose(view))
                    continue
                begin = time.perf_counter()
                local.choose(view)
                middle = time.perf_counter()
                action = agent.choose(view)
                end = time.perf_counter()
                inside.append(middle - begin)
                (starts if first else decisions).append(end - middle)
                first = False
                game.push(action)
        finally:
            agent.close(game.outcome)
    per = (statistics.mean(decisions) - statistics.mean(inside)) * 1000
    p95 = sorted(decisions)[int(0.95 * len(decisions))] * 1000
    print(
        f"  {label:<7} {per:.3f} ms per decision (p95 {p95:.3f} ms; {len(decisions)} decisions, "
        f"{games} games); start-up and first decision {statistics.mean(starts) * 1000:.1f} ms"
    )


def raw_loop(ref: str, games: int) -> float:
    """The raw engine: observe the mover, take the first legal action, push it."""
    scenario = load_scenario(ref)
    start = time.process_time()
    for seed in range(games):
        game = Game.new(scenario, seed, quiet=True)
        while not game.is_over():
            actor = game.to_move()
            view = observe(game, actor, with_log=False)
            game.push(view.legal[0])
    return time.process_time() - start


def encoded_loop(ref: str, games: int) -> float:
    """The raw engine loop that also builds what an RL policy reads: the mover's observation
    vector and legal-action mask (what the adapters add, without their frameworks)."""
    from engine.play.views.action_space import ActionSpace
    from engine.play.views.encoding import ObservationEncoder

    scenario = load_scenario(ref)
    space, encoder = ActionSpace(scenario), ObservationEncoder(scenario)
    start = time.process_time()
    for seed in range(games):
        game = Game.new(scenario, seed, quiet=True)
        while not game.is_over():
            actor = game.to_move()
            view = observe(game, actor, with_log=False)
            encoder.encode(view)
            space.mask(view.legal)
            game.push(view.legal[0])
    return time.process_time() - start


def pettingzoo_loop(ref: str, games: int) -> float | None:
    """The same games through the PettingZoo AEC environment."""
    try:
        import numpy as np

        from engine.adapters.pettingzoo_env import raw_env
    except ImportError:
        return None
    env = raw_env(ref)
    start = time.process_time()
    for seed in range(games):
        env.reset(seed=seed)
        for _agent in env.agent_iter():
            obs, _reward, terminated, truncated, _ = env.last()
            action = None if terminated or truncated else int(np.argmax(obs["action_mask"]))
            env.step(action)
    return time.process_time() - start


def openspiel_loop(ref: str, games: int) -> float | None:
    """The same policy through the OpenSpiel game (seeds drawn by the chance node)."""
    try:
        import pyspiel

        from engine.adapters import openspiel_game
    except ImportError:
        return None
    game = pyspiel.load_game(f"{openspiel_game.SHORT_NAME}(scenario={ref},seeds={games})")
    start = time.process_time()
    for seed in range(games):
        state = game.new_initial_state()
        state.apply_action(seed)
        while not state.is_terminal():
            state.apply_action(state.legal_actions()[0])
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="israeli-strike")
    parser.add_argument("--games", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds of each loop")
    parser.add_argument(
        "--adapters-only", action="store_true", help="skip the agent protocol's round trip"
    )
    args = parser.parse_args()
    if not args.adapters_only:
        print(f"Agent protocol round trip ({args.scenario}; target < 2 ms per decision)")
        python = f"{shlex.quote(sys.executable)} {shlex.quote(str(PY_AGENT))} first"
        protocol_round_trip(args.scenario, args.games, python, "python")
        if shutil.which("node"):
            protocol_round_trip(args.scenario, args.games, f"node {NODE_AGENT}", "node")
        print()
    print(f"Adapter step overhead ({args.scenario}, {args.games} games; target < 20%)")
    # Interleaved rounds, median of each: a busy machine slows rounds, not one loop's runs.
    loops: dict[str, Callable[[str, int], float | None]] = {
        "raw": raw_loop,
        "encoded": encoded_loop,
        "pettingzoo": pettingzoo_loop,
        "openspiel": openspiel_loop,
    }
    times: dict[str, list[float]] = {name: [] for name in loops}
    for _ in range(args.rounds):
        for name, loop in loops.items():
            took = loop(args.scenario, args.games)
            if took is not None:
                times[name].append(took)
    best = {name: statistics.median(runs) if runs else None for name, runs in times.items()}
    raw, encoded = best["raw"], best["encoded"]
    assert raw is not None and encoded is not None
    print(f"  raw engine loop      {raw:.3f} s CPU (median of {args.rounds} rounds)")
    print(f"  + vector and mask    {encoded:.3f} s  ({100 * (encoded / raw - 1):+.0f}%)")
    for name in ("pettingzoo", "openspiel"):
        took = best[name]
        if took is None:
            print(f"  {name:<20} not installed")
            continue
        print(
            f"  {name:<20} {took:.3f} s  ({100 * (took / raw - 1):+.0f}% on the raw loop, "
            f"{100 * (took / encoded - 1):+.0f}% on the loop with vector and mask)"
        )


if __name__ == "__main__":
    main()
