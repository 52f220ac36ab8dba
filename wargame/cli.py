"""``wargame``: the command line over the engine (and the Textual UI for ``play``).

Exit codes: 0 success, 2 bad input (a broken scenario, an unknown id, a bad option).
Errors are printed as one line each, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import ScenarioError, StudyError
from engine.load.read.catalog import UnknownScenarioError, shipped
from wargame.options import (
    EXIT_INTERRUPTED,
    EXIT_STUDY_STOPPED,
    EXIT_USAGE,
    UsageError,
    add_agent_options,
    add_variant_options,
    agent_options_from,
    check_output,
    exit_code_for,
    load,
    load_from_args,
    parse_bots,
    variant_from,
    write_text,
)
from wargame.validate_cmd import cmd_validate

if TYPE_CHECKING:
    from engine import Action, Game
    from engine.agents.protocol import AgentError
    from engine.play.events import Event

#: Commands registered by their own modules, in the order ``wargame --help`` lists them:
#: name → (module, its register function, the line ``--help`` shows). A module — and the
#: analysis, bots and numpy it imports — loads only when its command is the one asked for.
#: (tests/engine/test_startup_imports.py checks each line against what the module registers.)
LAZY_COMMANDS = {
    "lint": (
        "wargame.lint_cmd",
        "register",
        "warn about what is legal but likely wrong (exit 1 on findings)",
    ),
    "batch": (
        "wargame.batch_cmd",
        "register_batch",
        "run many seeded bot playthroughs and summarise the outcomes",
    ),
    "compare": (
        "wargame.compare_cmd",
        "register",
        "paired comparison: the same seeds with and without a change",
    ),
    "ablate": (
        "wargame.ablate_cmd",
        "register",
        "switch off each rule, operation and card in turn; rank them by effect",
    ),
    "sweep": (
        "wargame.sweep_cmd",
        "register",
        "win rates across a grid of one or two parameters, on the same seeds",
    ),
    "aar": (
        "wargame.aar_cmd",
        "register",
        "write an after-action report of a game or a batch (Markdown, HTML)",
    ),
    "serve": (
        "wargame.serve_cmd",
        "register",
        "serve the terminal UI to web browsers (one app and saves folder per browser)",
    ),
}


def _register(sub: argparse._SubParsersAction, name: str, wanted: str | None) -> None:
    """Register command ``name``: whole when it is the ``wanted`` one, else only its name and
    help line (enough for ``wargame --help`` and for argparse to pick the command)."""
    module, function, line = LAZY_COMMANDS[name]
    if name == wanted:
        getattr(importlib.import_module(module), function)(sub)
    else:
        sub.add_parser(name, help=line)


# -- commands ---------------------------------------------------------------------------
def cmd_list(args: argparse.Namespace) -> int:
    entries = shipped()
    width = max((len(e.id) for e in entries), default=0)
    for entry in entries:
        print(f"{entry.id:<{width}}  {entry.title}")
        if entry.summary and args.verbose:
            print(f"{'':<{width}}  {entry.summary}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from engine.agents.protocol import AgentError
    from engine.analysis.run.playout import make_bots, play_game, resolved_bots
    from engine.analysis.run.records import SCHEMA_VERSION, variant_of, with_seed

    scenario = load_from_args(args, stdin=True)
    check_output(args.save)
    kinds = parse_bots(args.bots, scenario, agents=True)
    agents = agent_options_from(args)
    specs = resolved_bots(scenario, kinds)
    reader = seen_as(scenario, args.as_actor)  # --as: what one actor may see, else public
    bots = make_bots(scenario, kinds, args.seed, agents)
    # Each bot's reason for each move, keyed by where the move's events start in the log.
    reasons: dict[int, str] = {}
    moves: list[dict[str, str]] = []

    def record(game: Game, action: Action, why: str) -> None:
        if args.as_actor and action.actor != args.as_actor:
            why = ""  # another side's reasons rest on what it alone knows
        reasons[len(game.state.log)] = why
        moves.append({"action": str(action), "why": why})

    stopped: AgentError | None = None
    try:
        game = play_game(scenario, args.seed, bots, on_move=record)
    except AgentError as exc:
        # The game so far is intact: show it, then say once why it stopped.
        stopped, game = exc, exc.game
    for bot in bots.values():
        for failure in getattr(bot, "failures", ()):
            print(f"wargame run: {failure}; {agents.fallback} played on", file=sys.stderr)
    outcome = game.outcome
    if args.save:
        from wargame.run_save import save_text

        write_text(args.save, save_text(game, specs, bots, [m["why"] for m in moves]))
    actions = [str(a) for a in game.actions]
    if args.as_actor:  # others' answers to deals and unrevealed sealed orders stay theirs
        from engine.play.views.moves_seen import moves_seen_by

        actions = moves_seen_by(scenario, game.actions, game.state.secrets, reader)
        for move, seen in zip(moves, actions, strict=False):
            move["action"] = seen
    if args.json:
        payload = {
            "schema_version": SCHEMA_VERSION,
            "scenario": scenario.id,
            "content_hash": scenario.content_hash,
            "variant": variant_of(scenario),
            **with_seed("seed", args.seed),
            "turns": game.state.turn,
            "bots": specs,
            "outcome": outcome.to_dict() if outcome else None,
            "stopped": str(stopped) if stopped else None,
            "actions": actions,
            "moves": moves,
            "log": [e.to_dict() for e in game.state.log if e.visible(reader)],
        }
        print(json.dumps(payload, indent=2, sort_keys=True))
    else:
        for event in game.state.log:
            if not event.visible(reader):
                continue
            print(_log_line(event))
            if args.explain and event.seq in reasons:
                print(f"      ↳ why: {reasons[event.seq]}")
        if outcome is not None:
            names = {a.id: a.name for a in scenario.actors}
            print()
            print(f"Outcome: {outcome.reason}")
            for actor, score in outcome.scores.items():
                mark = "wins" if actor in outcome.winners else "does not win"
                print(f"  {names[actor]}: {score} — {mark}")
    if stopped is not None:
        print(f"wargame run: stopped: {stopped}", file=sys.stderr, flush=True)
        return EXIT_STUDY_STOPPED
    return 0


def seen_as(scenario, actor: str | None) -> str | None:
    """The reader of ``--as ACTOR`` (None: the public); an unknown actor is a usage error."""
    if actor is None:
        return None
    known = list(scenario.playable_actors)
    if actor not in known:
        from engine.errors import did_you_mean

        raise UsageError(f"--as: unknown actor '{actor}'{did_you_mean(actor, known)}")
    return actor


def _log_line(event: Event) -> str:
    cited = ", ".join(event.claims)
    if event.assumptions:
        cited += (" · " if cited else "") + ", ".join(event.assumptions)
    cause = f"  [{event.cause}{': ' + cited if cited else ''}]"
    if event.kind == "turn":
        return f"\n== {event.text} =="
    if event.kind == "phase":
        return f"-- {event.text}"
    return f"  {event.text}" + (cause if event.cause != "engine" else "")


def cmd_schema(args: argparse.Namespace) -> int:
    from engine.load.schema import write_schemas

    for path in write_schemas(Path(args.dir)):
        print(f"wrote {path}")
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    try:
        from tui.app import run_app
    except ImportError as exc:  # the UI is optional for headless installs
        print(f"wargame play: the terminal UI is unavailable ({exc})", file=sys.stderr)
        return 1
    variant = variant_from(args)
    if variant and not args.scenario:
        raise UsageError("--set, --disable and --turns need a scenario to change")
    if args.scenario:
        load(args.scenario, variant)  # report a broken scenario here, as a clean error
    return run_app(args.scenario, seed=args.seed, variant=variant)


def version() -> str:
    """The installed version of the seminar-wargame distribution."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("seminar-wargame")
    except PackageNotFoundError:
        return "(not installed)"


class _Version(argparse.Action):
    """``--version``, looked up only when asked (reading the installed metadata is a fifth of
    ``wargame --help``'s start-up)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        print(f"wargame {version()}")
        parser.exit()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of ``wargame``; of the commands in :data:`LAZY_COMMANDS`, only ``command``
    is registered whole (pass each name to see its options)."""
    parser = argparse.ArgumentParser(
        prog="wargame",
        description="Play, write and analyse scenario-based wargames.",
        epilog="examples:\n  wargame play tutorial\n  wargame run israeli-strike --seed 7\n"
        "  wargame validate my-scenario.yaml\n"
        "  wargame batch iranian-entrenchment --runs 1000 --bots israel=ismcts\n"
        "  wargame compare russian-reaction --set tracks.tolerance.start=4\n\n"
        "exit codes:\n"
        "  0    success\n"
        "  1    a study or game stopped (workers lost, scenario changed, disk full, an\n"
        "       external agent failed); for lint: it found something\n"
        "  2    usage error: an option, a value, a scenario name or path that is not there\n"
        "  3    invalid scenario: the file was read and has problems (file:line:column)\n"
        "  130  interrupted (Ctrl-C)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version, help="show program's version number and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("play", help="play in the terminal UI")
    p.add_argument("scenario", nargs="?", help="shipped id or path; skips to setup")
    p.add_argument("--seed", type=int, default=None, help="seed (random by default)")
    add_variant_options(p)
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("run", help="play a whole game headless with bots")
    p.add_argument("scenario", help="shipped id, path, or - for standard input")
    p.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    p.add_argument(
        "--bots",
        help="ACTOR=KIND,... (all=KIND for every actor; cmd:COMMAND runs an external agent, "
        "see docs/agents.md)",
    )
    add_agent_options(p)
    add_variant_options(p)
    p.add_argument("--json", action="store_true", help="print a JSON object instead of the log")
    p.add_argument("--explain", action="store_true", help="print each bot's reason under its move")
    p.add_argument(
        "--as",
        dest="as_actor",
        metavar="ACTOR",
        help="show what ACTOR may see: the public log and its own private lines, and only its "
        "own bots' reasons",
    )
    p.add_argument(
        "--save",
        metavar="FILE",
        help="also write the game as a save (for wargame aar, or the TUI), even one stopped by "
        "a failing agent",
    )
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("validate", help="check scenario files; exit 3 on any problem")
    p.add_argument("paths", nargs="+", help="files, shipped ids, or - for standard input")
    add_variant_options(p)
    p.set_defaults(func=cmd_validate)

    _register(sub, "lint", command)

    p = sub.add_parser("list", help="list the shipped scenarios")
    p.add_argument("-v", "--verbose", action="store_true", help="show summaries")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("schema", help="write JSON Schema for scenario and shared files")
    p.add_argument("dir", nargs="?", default=".", help="output folder (default: here)")
    p.set_defaults(func=cmd_schema)

    for name in ("batch", "compare", "ablate", "sweep", "aar", "serve"):
        _register(sub, name, command)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (its first word; options before it are only --help and
    --version)."""
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``wargame`` console script."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_in(argv))
    args = parser.parse_args(argv)
    if args.command is None:  # bare `wargame`: say what it can do
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return exit_code_for(exc.problems)
    except (UnknownScenarioError, UsageError) as exc:
        print(f"wargame {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StudyError as exc:
        print(f"wargame {args.command}: {exc}", file=sys.stderr)
        return EXIT_STUDY_STOPPED
    except BrokenPipeError:
        # `wargame run ... | head`: the reader left; stop quietly, as Unix tools do. (Before
        # OSError, which it is a kind of.)
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        # A cluster lost mid-study, a disk that filled up: say what, without a traceback.
        print(f"wargame {args.command}: {exc}", file=sys.stderr)
        return EXIT_STUDY_STOPPED
    except KeyboardInterrupt:
        # Workers are already stopped (see engine.analysis.run.backends); say so, no traceback.
        print(f"wargame {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
