"""Options shared by the ``wargame`` commands: variants, bots, study size and where it runs.

Every command that loads a scenario takes ``--set PATH=VALUE``, ``--disable ID`` and
``--turns N``; every command that plays many games takes ``--runs``, ``--seed``, ``--bots``,
``--jobs`` and ``--cluster``. Bad values become a :class:`UsageError`: one line, exit 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import Problem
from engine.load.limits import MAX_FILE_BYTES, MAX_JOBS, MAX_RUNS
from engine.load.read.catalog import resolve

# What the engine's heavier parts give is imported where it is used: `wargame --help`,
# `list` and `validate` start without the models, bots, analysis or numpy they do not need.
if TYPE_CHECKING:
    from engine.agents import AgentOptions
    from engine.analysis.run.backends import Backend
    from engine.load.scenario import Scenario
    from engine.load.vary.variant import Variant

#: Exit codes, as ``wargame --help`` lists them. Usage errors keep argparse's 2, so a script
#: can tell "I called it wrong" (2) from "the file I gave it is not a valid scenario" (3).
EXIT_OK = 0
EXIT_STUDY_STOPPED = 1
EXIT_USAGE = 2
EXIT_INVALID_SCENARIO = 3
EXIT_INTERRUPTED = 130


class UsageError(ValueError):
    """A bad command-line value; printed as a one-line message with exit code 2."""


def exit_code_for(problems: Iterable[Problem]) -> int:
    """2 when every problem is in a command-line option (``--set``, ``--disable``,
    ``--turns``): the call was wrong, not the file; otherwise 3, an invalid scenario."""
    from_options = all(p.line == 0 and p.path.startswith("--") for p in problems)
    return EXIT_USAGE if from_options else EXIT_INVALID_SCENARIO


def add_variant_options(parser: argparse.ArgumentParser, suffix: str = "") -> None:
    """``--set``, ``--disable`` (and ``--turns`` and ``--allow-includes`` unless ``suffix``)
    on ``parser``.

    A ``suffix`` such as ``-b`` names options that change one side of a comparison.
    """
    dest = suffix.strip("-").replace("-", "_")
    side = f" (side {dest.upper()} only)" if dest else ""
    parser.add_argument(
        f"--set{suffix}",
        dest=f"set{'_' + dest if dest else ''}",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help=f"change a value of the scenario, e.g. tracks.tolerance.start=4{side}",
    )
    parser.add_argument(
        f"--disable{suffix}",
        dest=f"disable{'_' + dest if dest else ''}",
        action="append",
        default=[],
        metavar="ID",
        help=f"switch off a card, operation, standing rule or instant end{side}",
    )
    if not suffix:
        parser.add_argument("--turns", type=int, help="override the turn limit")
        parser.add_argument(
            "--allow-includes",
            dest="allow_includes",
            action="append",
            default=[],
            metavar="DIR",
            help="let scenarios include files under DIR too (by default only files under "
            "the scenario's own folder)",
        )


def variant_from(args: argparse.Namespace, suffix: str = "") -> Variant:
    """The variant the command-line options describe; raise :class:`UsageError` when bad."""
    from engine.load.vary.variant import Variant, VariantError

    dest = "_" + suffix.strip("-").replace("-", "_") if suffix else ""
    turns = getattr(args, "turns", None) if not suffix else None
    if not suffix:
        allow_includes_from(args)
    if turns is not None and turns < 1:
        raise UsageError("--turns must be at least 1")
    try:
        return Variant.from_options(
            getattr(args, f"set{dest}", []), getattr(args, f"disable{dest}", []), turns
        )
    except VariantError as exc:
        raise UsageError(str(exc)) from None


def allow_includes_from(args: argparse.Namespace) -> None:
    """Let this process's scenarios include from the ``--allow-includes`` folders (a
    namespace without the option changes nothing)."""
    if not hasattr(args, "allow_includes"):
        return
    from engine.load.read.loader import allow_includes

    folders = args.allow_includes or []
    for folder in folders:
        if not Path(folder).is_dir():
            raise UsageError(f"--allow-includes {folder}: no such folder")
    allow_includes(folders)


def scenario_path(ref: str, *, stdin: bool = False) -> Path:
    """The file a scenario reference names: a path, a shipped id, or ``-`` for standard input
    (where ``stdin`` allows it; its includes are looked for in the working directory)."""
    if ref != "-":
        return resolve(ref)
    if not stdin:
        raise UsageError(
            "'-' (a scenario on standard input) works with validate and run; "
            "save it to a file for this command"
        )
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError("'-' reads a scenario from standard input, but nothing is piped in")
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)  # the loader reports anything larger
    if not data:
        raise UsageError("'-' reads a scenario from standard input, but it was empty")
    from engine.load.read.yamlpos import stand_in_for_stdin

    return stand_in_for_stdin(data, Path.cwd())


def load(ref: str, variant: Variant | None = None, *, stdin: bool = False) -> Scenario:
    """Resolve and load a scenario reference (a shipped id, a path or ``-``) with a variant."""
    from engine.load.check.build import load_scenario

    return load_scenario(scenario_path(ref, stdin=stdin), variant)


def load_from_args(
    args: argparse.Namespace, ref: str | None = None, *, stdin: bool = False
) -> Scenario:
    """The scenario named by ``ref`` (default ``args.scenario``) with the variant options;
    ``stdin`` lets ``-`` read it from standard input."""
    return load(ref or args.scenario, variant_from(args), stdin=stdin)


def parse_bots(
    text: str | None, scenario: Scenario | None = None, *, agents: bool = False
) -> dict[str, str]:
    """Parse ``ACTOR=KIND[:N],...`` (``all=KIND`` sets every actor; ``:N`` is a budget, e.g.
    ``ismcts:100``); raise :class:`UsageError` with a one-line reason. ``agents`` allows
    ``cmd:COMMAND`` (the commands that run external agents pass it)."""
    from engine.bots import parse_spec

    out: dict[str, str] = {}
    if not text:
        return out
    for part in _bot_parts(text):
        actor, sep, spec = part.strip().partition("=")
        if not sep or not actor or not spec:
            raise UsageError(f"--bots: '{part}' should look like ACTOR=KIND")
        try:
            parse_spec(spec, agents=agents)
        except ValueError as exc:
            raise UsageError(f"--bots: {exc}") from None
        if scenario is not None and actor != "all" and actor not in scenario.playable_actors:
            raise UsageError(
                f"--bots: '{actor}' is not a playable actor of {scenario.id} "
                f"(one of: {', '.join(scenario.playable_actors)}, or all)"
            )
        out[actor] = spec
    return out


def _bot_parts(text: str) -> list[str]:
    """``--bots`` split at commas, except inside an agent's command (``cmd:...``): a piece
    that does not start with ``ACTOR=`` belongs to the command before it."""
    parts: list[str] = []
    for piece in text.split(","):
        head = piece.split("=", 1)[0].strip()
        if parts and "=cmd:" in parts[-1] and ("=" not in piece or " " in head or not head):
            parts[-1] += "," + piece
        else:
            parts.append(piece)
    return parts


def add_agent_options(parser: argparse.ArgumentParser) -> None:
    """``--agent-deadline`` and ``--agent-fallback``: how ``cmd:`` agents are run."""
    parser.add_argument(
        "--agent-deadline",
        type=float,
        default=None,
        metavar="SECONDS",
        help="time an external agent (cmd:COMMAND) has per decision (default 10)",
    )
    parser.add_argument(
        "--agent-fallback",
        default="abort",
        metavar="KIND|abort",
        help="when an external agent fails: stop the game (abort, the default) or let a "
        "built-in bot play on in its seat (e.g. random, doctrine)",
    )


def agent_options_from(args: argparse.Namespace) -> AgentOptions:
    """The :class:`AgentOptions` of ``--agent-deadline`` and ``--agent-fallback``."""
    from engine.agents import AgentOptions
    from engine.bots import parse_spec

    deadline = getattr(args, "agent_deadline", None)
    fallback = getattr(args, "agent_fallback", "abort") or "abort"
    if deadline is not None and not (0 < deadline <= 3600):
        raise UsageError("--agent-deadline must be more than 0 and at most 3600 seconds")
    if fallback.startswith("cmd:"):
        raise UsageError("--agent-fallback must be a built-in bot (or abort), not cmd:")
    if fallback != "abort":
        try:
            parse_spec(fallback)
        except ValueError as exc:
            raise UsageError(f"--agent-fallback: {exc}") from None
    options = AgentOptions(fallback=None if fallback == "abort" else fallback)
    if deadline is not None:
        options = AgentOptions(deadline=deadline, fallback=options.fallback)
    return options


def add_study_options(parser: argparse.ArgumentParser, runs: int = 100) -> None:
    """``--runs``, ``--seed``, ``--bots``, ``--jobs`` and ``--cluster`` on ``parser``."""
    from engine.analysis.run.backends import CLUSTER_ENV, default_jobs

    parser.add_argument(
        "--runs", type=int, default=runs, help=f"playthroughs per side (default {runs})"
    )
    parser.add_argument("--seed", type=int, default=1, help="root seed (default 1)")
    parser.add_argument(
        "--bots",
        help="ACTOR=KIND[:N],... (all=KIND for every actor; default: each actor's bot in the "
        "scenario; N: ismcts iterations, greedy samples; cmd:COMMAND runs an external agent, "
        "see docs/agents.md)",
    )
    parser.add_argument(
        "--jobs", type=int, help=f"local processes (default: all cores, {default_jobs()})"
    )
    parser.add_argument(
        "--cluster",
        metavar="tcp://HOST:PORT",
        help=f"run on a Dask scheduler instead of local processes (or set {CLUSTER_ENV})",
    )


def check_study_options(args: argparse.Namespace) -> None:
    """Reject impossible sizes before any work starts."""
    if args.runs < 1:
        raise UsageError("--runs must be at least 1")
    if args.runs > MAX_RUNS:
        raise UsageError(f"--runs must be at most {MAX_RUNS:,} (each run keeps about 1 KB)")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.jobs is not None and args.jobs > MAX_JOBS:
        raise UsageError(f"--jobs must be at most {MAX_JOBS}")


def backend_from(args: argparse.Namespace) -> Backend:
    """The backend ``--jobs``/``--cluster`` ask for (a clear error if a cluster is unreachable)."""
    from engine.analysis.run.backends import make_backend

    try:
        return make_backend(args.jobs, args.cluster)
    except (ImportError, OSError, ValueError) as exc:
        raise UsageError(str(exc)) from None


def check_output(name: str | None) -> None:
    """Refuse an output file whose folder does not exist, before the work starts."""
    if name and name != "-" and not Path(name).parent.is_dir():
        raise UsageError(f"cannot write '{name}': no folder '{Path(name).parent}'")


def write_text(name: str, text: str) -> None:
    """Write ``text`` to a file, or to stdout for ``-``."""
    try:
        if name == "-":
            sys.stdout.write(text)
        else:
            Path(name).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write '{name}': {exc.strerror or exc}") from None


@contextmanager
def progress(
    total: int, label: str = "playthroughs"
) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr while a study runs (only when stderr is a terminal)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done, _total: bar.update(task, completed=done)


__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_INVALID_SCENARIO",
    "EXIT_OK",
    "EXIT_STUDY_STOPPED",
    "EXIT_USAGE",
    "UsageError",
    "add_agent_options",
    "add_study_options",
    "add_variant_options",
    "agent_options_from",
    "allow_includes_from",
    "backend_from",
    "check_output",
    "check_study_options",
    "exit_code_for",
    "load",
    "load_from_args",
    "parse_bots",
    "progress",
    "scenario_path",
    "variant_from",
    "write_text",
]
