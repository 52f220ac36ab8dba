"""``wargame validate``: check files as what they are — scenarios, variant files, shared parts.

What a file is comes from :mod:`engine.load.read.verdict`, the same entry ``run``, ``batch`` and
``play`` load through, so a file that validates as a scenario plays, and one that ``run``
refuses is reported here too (a shared part validates, and ``run`` says it is not a scenario).
"""

from __future__ import annotations

import argparse
import sys

from engine.load.read.catalog import UnknownScenarioError
from wargame.options import EXIT_USAGE, UsageError, exit_code_for, scenario_path, variant_from


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every file named; print one verdict each.

    Exit 3 if any file has a problem, else 2 if a name matched no file, else 0.
    """
    # (Imported here, not above: `wargame --help` registers this command without loading the
    # models a verdict needs.)
    from engine.load.read.verdict import Kind, examine
    from engine.load.read.yamlpos import STDIN_NAME

    status = 0
    variant = variant_from(args)
    for ref in args.paths:
        try:
            path = scenario_path(ref, stdin=True)
        except (UnknownScenarioError, UsageError) as exc:
            print(f"wargame validate: {exc}", file=sys.stderr)
            status = max(status, EXIT_USAGE)
            continue
        verdict = examine(path, variant)
        ref = STDIN_NAME if ref == "-" else ref
        if not verdict.ok:
            for problem in verdict.problems:
                print(problem, file=sys.stderr)
            count = sum(p.omitted or 1 for p in verdict.problems)
            print(f"{ref}: {count} problem{'s' * (count != 1)}", file=sys.stderr)
            status = max(status, exit_code_for(verdict.problems))
        elif verdict.kind is Kind.SHARED:
            print(
                f"{ref}: ok — a shared file; its references are checked by the scenarios "
                "that include it"
            )
        else:
            scenario = verdict.scenario
            assert scenario is not None
            count = len(scenario.variant.changes)
            changes = f", {count} change{'s' * (count != 1)}" if scenario.variant else ""
            print(
                f"{ref}: ok — {scenario.id}: {len(scenario.cards)} cards, "
                f"{len(scenario.zones)} zones, {scenario.turns.count} turns{changes}"
            )
    return status


__all__ = ["cmd_validate"]
