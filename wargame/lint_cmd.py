"""``wargame lint``: what is legal but likely wrong in a scenario (engine.analysis.check.lint)."""

from __future__ import annotations

import argparse
import sys

from engine.analysis.check.lint import CODES, GAMES, lint
from engine.load.read.catalog import UnknownScenarioError
from engine.load.read.verdict import Kind, examine
from wargame.options import (
    EXIT_USAGE,
    UsageError,
    add_variant_options,
    exit_code_for,
    scenario_path,
    variant_from,
)

#: Exit status when lint has findings (as linters do); 0 when it has none.
EXIT_FINDINGS = 1

_EPILOG = (
    "checks:\n"
    + "\n".join(f"  {code} {name}: {meaning}" for code, (name, meaning) in CODES.items())
    + (
        "\n\nSilence one item with a comment on its line or the line above it:\n"
        "  # lint: ignore W102      (or several codes, or none for all)\n\n"
        "exit status: 0 no findings, 1 findings, 2 usage error, 3 invalid scenario"
    )
)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``wargame lint`` to the command line."""
    p = sub.add_parser(
        "lint",
        help="warn about what is legal but likely wrong (exit 1 on findings)",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", help="scenario files or shipped ids")
    p.add_argument(
        "--games",
        type=int,
        default=GAMES,
        help=f"seeded bot games per bot kind for the dynamic checks (default {GAMES})",
    )
    add_variant_options(p)
    p.set_defaults(func=cmd_lint)


def cmd_lint(args: argparse.Namespace) -> int:
    """Lint every scenario named; print each finding as ``file:line:col: key: CODE name: …``."""
    if not 0 <= args.games <= 1000:
        print("wargame lint: --games must lie in 0..1000", file=sys.stderr)
        return EXIT_USAGE
    status = 0
    variant = variant_from(args)
    for ref in args.paths:
        try:
            path = scenario_path(ref)
        except (UnknownScenarioError, UsageError) as exc:
            print(f"wargame lint: {exc}", file=sys.stderr)
            status = max(status, EXIT_USAGE)
            continue
        verdict = examine(path, variant)
        if not verdict.ok or verdict.kind is Kind.SHARED or verdict.scenario is None:
            for problem in verdict.problems:
                print(problem, file=sys.stderr)
            if verdict.ok:
                print(f"{ref}: a shared file; lint the scenarios that include it", file=sys.stderr)
                status = max(status, EXIT_USAGE)
            else:
                status = max(status, exit_code_for(verdict.problems))
            continue
        findings = lint(verdict.scenario, games=args.games)
        for finding in findings:
            print(finding)
        count = len(findings)
        print(f"{ref}: {count} finding{'s' * (count != 1)}" if count else f"{ref}: ok")
        if count:
            status = max(status, EXIT_FINDINGS)
    return status


__all__ = ["EXIT_FINDINGS", "cmd_lint", "register"]
