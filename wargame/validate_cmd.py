"""``wargame validate``: check files as what they are — scenarios, variant files, shared parts.

What a file is comes from :mod:`engine.load.verdict`, the same entry ``run``, ``batch`` and
``play`` load through, so a file that validates as a scenario plays, and one that ``run``
refuses is reported here too (a shared part validates, and ``run`` says it is not a scenario).
"""

from __future__ import annotations

import argparse
import sys

from engine.load.catalog import UnknownScenarioError, resolve
from engine.load.verdict import Kind, examine
from wargame.options import EXIT_BAD_INPUT, variant_from


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every file named; print one verdict each (exit 2 if any has a problem)."""
    status = 0
    variant = variant_from(args)
    for ref in args.paths:
        try:
            path = resolve(ref)
        except UnknownScenarioError as exc:
            print(f"wargame validate: {exc}", file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        verdict = examine(path, variant)
        if not verdict.ok:
            for problem in verdict.problems:
                print(problem, file=sys.stderr)
            count = sum(p.omitted or 1 for p in verdict.problems)
            print(f"{ref}: {count} problem{'s' * (count != 1)}", file=sys.stderr)
            status = EXIT_BAD_INPUT
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
