"""``wargame aar``: an after-action report of one game (a save, or a seeded bot game) or of a
batch, as Markdown and as one self-contained HTML file.

    wargame aar my-game.json --html debrief.html
    wargame aar russian-reaction --seed 7 --bots all=doctrine --html aar.html --md aar.md
    wargame aar tutorial --runs 500 --html batch.html

The numbers come from :mod:`engine.analysis.explain.aar` (one game) and
:mod:`engine.analysis.explain.batch_report` (a batch); rendering from :mod:`wargame.report`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.analysis.explain.aar import game_report
from engine.analysis.explain.batch_report import batch_report
from engine.analysis.measure.winprob import DEFAULT_ROLLOUTS, players_rollout_bots
from engine.analysis.run.batch import run_batch
from engine.analysis.run.playout import make_bots, play_game, resolved_bots
from engine.errors import SaveError
from engine.play.game import Game
from engine.play.record.saves import SaveData, read_save, restore
from engine.play.rules.actions import Action
from wargame.options import (
    UsageError,
    add_variant_options,
    backend_from,
    check_output,
    load_from_args,
    parse_bots,
    progress,
    variant_from,
    write_text,
)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``aar`` subcommand to the ``wargame`` parser."""
    p = sub.add_parser(
        "aar",
        help="write an after-action report of a game or a batch (Markdown, HTML)",
        description="An after-action report for a debrief: the timeline of decisions with "
        "their reasons, the tracks and what moved them, each side's chance of winning over "
        "the game and its turning points, the causal chains that happened and the claims "
        "behind it all. Give a save file, or a scenario to play with --seed and --bots; "
        "--runs N reports on a batch instead. Without --md or --html, Markdown goes to stdout.",
    )
    p.add_argument("source", help="a save file (.json), or a shipped scenario id or path")
    p.add_argument("--seed", type=int, help="seed of the game, or root seed of a batch (default 1)")
    p.add_argument(
        "--bots",
        help="ACTOR=KIND[:N],... who plays (all=KIND for every actor; default: each actor's "
        "bot in the scenario); they play the rollouts too, slow kinds excepted",
    )
    add_variant_options(p)
    p.add_argument("--runs", type=int, help="report on a batch of N seeded games instead")
    p.add_argument("--jobs", type=int, help="local processes (default: all cores)")
    p.add_argument("--cluster", metavar="tcp://HOST:PORT", help="run on a Dask scheduler")
    p.add_argument("--md", metavar="FILE", help="write the report as Markdown ('-' for stdout)")
    p.add_argument("--html", metavar="FILE", help="write the report as one HTML file")
    p.add_argument(
        "--rollouts",
        type=int,
        help=f"playouts per decision for the chance of winning (default {DEFAULT_ROLLOUTS}; "
        "0 skips it)",
    )
    p.add_argument(
        "--rollout-bots",
        metavar="ACTOR=KIND,...",
        help="who plays the rollouts (default: the players' bots, or the scenario's; "
        "ismcts and greedy become doctrine or random unless named here)",
    )
    p.add_argument("--top", type=int, default=3, help="turning points to show (default 3)")
    p.set_defaults(func=cmd_aar)


def cmd_aar(args: argparse.Namespace) -> int:
    """Build the report and write it where asked."""
    _check_numbers(args)
    for name in (args.md, args.html):
        check_output(name)
    if args.html == "-":
        raise UsageError("--html needs a file name (HTML is not printed to stdout)")
    if _is_save(args.source):
        report = _from_save(args)
    elif args.runs is not None:
        report = _batch(args)
    else:
        report = _one_game(args)
    from wargame.report import document, render_markdown

    doc = document(report)
    if args.md or not args.html:
        write_text(args.md or "-", render_markdown(doc))
    if args.html:
        from wargame.report import render_html

        write_text(args.html, render_html(doc))
    return 0


def _check_numbers(args: argparse.Namespace) -> None:
    if args.runs is not None and args.runs < 1:
        raise UsageError("--runs must be at least 1")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.rollouts is not None and args.rollouts < 0:
        raise UsageError("--rollouts must be 0 or more")
    if args.top < 1:
        raise UsageError("--top must be at least 1")
    if args.runs is not None and (args.rollouts is not None or args.rollout_bots):
        raise UsageError("--rollouts and --rollout-bots apply to one game, not to --runs")


def _is_save(source: str) -> bool:
    return source.lower().endswith(".json")


def _rollout_kinds(args: argparse.Namespace, scenario, players: dict[str, str]) -> dict[str, str]:
    """``--rollout-bots`` as given; else the players' bots (``--bots`` first), made fast."""
    if args.rollout_bots:
        return parse_bots(args.rollout_bots, scenario)
    given = parse_bots(args.bots, scenario)
    named = {a: given.get(a) or given.get("all") for a in scenario.playable_actors}
    return players_rollout_bots(scenario, {**players, **{a: k for a, k in named.items() if k}})


def _rollouts(args: argparse.Namespace) -> int:
    return DEFAULT_ROLLOUTS if args.rollouts is None else args.rollouts


def _game_report(
    args, scenario, seed, actions, *, reasons=None, players=None, kinds=None, umpire=()
):
    rollouts = _rollouts(args)
    backend = backend_from(args) if rollouts else None
    points = len(actions) + 1
    with progress(points, "decision points") as on_progress:
        return game_report(
            scenario,
            seed,
            actions,
            reasons=reasons,
            players=players,
            rollouts=rollouts,
            rollout_bots=kinds,
            backend=backend,
            top=args.top,
            on_progress=on_progress,
            umpire=umpire,
        )


def _one_game(args: argparse.Namespace):
    scenario = load_from_args(args, args.source)
    kinds = parse_bots(args.bots, scenario)
    seed = 1 if args.seed is None else args.seed
    reasons: dict[int, str] = {}

    def record(game: Game, action: Action, why: str) -> None:
        reasons[len(game.actions)] = why

    game = play_game(scenario, seed, make_bots(scenario, kinds, seed), on_move=record)
    players = resolved_bots(scenario, kinds)
    rollout_kinds = _rollout_kinds(args, scenario, players)
    return _game_report(
        args, scenario, seed, game.actions, reasons=reasons, players=players, kinds=rollout_kinds
    )


def _batch(args: argparse.Namespace):
    scenario = load_from_args(args, args.source)
    kinds = parse_bots(args.bots, scenario)
    backend = backend_from(args)
    seed = 1 if args.seed is None else args.seed
    with progress(args.runs) as on_progress:
        result = run_batch(
            scenario, args.runs, seed, kinds, on_progress=on_progress, backend=backend
        )
    return batch_report(result, top=args.top)


def _from_save(args: argparse.Namespace):
    given = [
        option
        for option, value in (
            ("--seed", args.seed is not None),
            ("--runs", args.runs is not None),
            ("--set", bool(args.set)),
            ("--disable", bool(args.disable)),
            ("--turns", args.turns is not None),
        )
        if value
    ]
    if given:
        raise UsageError(
            f"{', '.join(given)}: a save holds its own scenario, changes, seed and moves; "
            "give these options with a scenario instead"
        )
    variant_from(args)  # nothing to change, but reject malformed text the same way
    path = Path(args.source)
    data = _read_save(path)
    try:
        game = restore(data, origin=path.name)
    except SaveError as exc:
        raise UsageError(str(exc)) from None
    scenario = game.scenario
    players = data.meta.get("players", {})
    players = {a: str(w) for a, w in players.items()} if isinstance(players, dict) else {}
    kinds = _rollout_kinds(args, scenario, players)
    return _game_report(
        args,
        scenario,
        data.seed,
        data.actions,
        players=players,
        kinds=kinds,
        umpire=data.interventions,
    )


def _read_save(path: Path) -> SaveData:
    """The save at ``path``, read safely (a regular file, within the size of a save)."""
    try:
        missing = not path.exists()
    except (OSError, ValueError):  # a name too long, say: read_save says what is wrong
        missing = False
    if missing:
        raise UsageError(f"cannot read '{path}': no such file")
    try:
        return read_save(path)
    except SaveError as exc:
        raise UsageError(str(exc)) from None


__all__ = ["cmd_aar", "register"]
