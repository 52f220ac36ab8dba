"""The data outputs' shape: versioned records for ``run --json``, ``batch --json``,
``batch --jsonl`` and ``batch --csv``; and :class:`RunRecord`, one playthrough of a batch,
which each ``--jsonl`` line and ``--csv`` row is made from.

Each JSON output carries ``schema_version`` (:data:`SCHEMA_VERSION`) and has a JSON Schema in
``engine/schemas/`` (:func:`schema_path`). Seeds are 64-bit integers, past what JavaScript and
jq 1.6 hold exactly (2^53), so every seed is also given as a decimal string (``seed_str``,
``root_seed_str``). Documented in ``docs/outputs.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.load.scenario import Scenario
from engine.play.rules.actions import Action

#: The version of every output's schema: raised when a field changes meaning or goes away
#: (adding a field does not raise it).
SCHEMA_VERSION = 1

#: The schema file of each output.
SCHEMAS = {
    "run": "run.schema.json",
    "batch": "batch.schema.json",
    "game": "game-record.schema.json",
    "agent": "agent-protocol.schema.json",
}


def schema_path(name: str) -> Path:
    """The JSON Schema file of output ``name`` (``run``, ``batch``, ``game`` or ``agent``)."""
    return Path(__file__).resolve().parents[2] / "schemas" / SCHEMAS[name]


def with_seed(key: str, seed: int) -> dict[str, Any]:
    """``{key: seed, key_str: "seed"}``: the number, and its exact decimal text."""
    return {key: seed, f"{key}_str": str(seed)}


def variant_of(scenario: Scenario) -> dict[str, Any] | None:
    """The changes a scenario was loaded with, or ``None``."""
    return scenario.variant.to_dict() if scenario.variant else None


def cards_played(actions: Sequence[Action]) -> list[tuple[str, str, str]]:
    """(actor, use, card) of every card played, in order (a reaction's use is ``react``)."""
    return [(a.actor, a.kind, a.card) for a in actions if a.card is not None]


def bots_text(bots: Mapping[str, str]) -> str:
    """``actor=spec;...``: the bots of a game in one CSV cell."""
    return ";".join(f"{actor}={spec}" for actor, spec in bots.items())


@dataclass(frozen=True)
class RunRecord:
    """One playthrough: its index and seed, who won, the scores, its length and final tracks."""

    index: int
    seed: int
    winners: tuple[str, ...]
    scores: dict[str, int]
    turns: int
    actions: int
    condition: str | None
    reason: str
    #: Every track and counter at the end of the game.
    finals: dict[str, int] = field(default_factory=dict)
    #: (actor, use, card) of every card played, in order (see :func:`cards_played`).
    plays: tuple[tuple[str, str, str], ...] = ()


def game_record(
    scenario: Scenario, root_seed: int, bots: Mapping[str, str], record: RunRecord
) -> dict[str, Any]:
    """One line of ``batch --jsonl``: a playthrough, self-contained."""
    return {
        "schema_version": SCHEMA_VERSION,
        "scenario": scenario.id,
        "content_hash": scenario.content_hash,
        "variant": variant_of(scenario),
        **with_seed("root_seed", root_seed),
        "bots": dict(bots),
        "run": record.index,
        **with_seed("seed", record.seed),
        "winners": list(record.winners),
        "scores": dict(record.scores),
        "condition": record.condition,
        "reason": record.reason,
        "turns": record.turns,
        "actions": record.actions,
        "final": {k: v for k, v in record.finals.items() if k not in scenario.tables.internal},
        "cards_played": [
            {"actor": actor, "use": use, "card": card} for actor, use, card in record.plays
        ],
    }


def csv_row(
    scenario: Scenario,
    root_seed: int,
    bots: Mapping[str, str],
    record: RunRecord,
    actors: tuple[str, ...],
) -> dict[str, Any]:
    """One row of ``batch --csv``: the batch's scenario, root seed and bots, then the game."""
    out: dict[str, Any] = {
        "scenario": scenario.id,
        "root_seed": str(root_seed),
        "bots": bots_text(bots),
        "run": record.index,
        "seed": str(record.seed),
        "winners": ";".join(record.winners),
    }
    for actor in actors:
        out[f"win_{actor}"] = int(actor in record.winners)
        out[f"score_{actor}"] = record.scores.get(actor, "")
    out.update(
        turns=record.turns,
        actions=record.actions,
        condition=record.condition or "",
        reason=record.reason,
    )
    return out


__all__ = [
    "SCHEMAS",
    "SCHEMA_VERSION",
    "RunRecord",
    "bots_text",
    "cards_played",
    "csv_row",
    "game_record",
    "schema_path",
    "variant_of",
    "with_seed",
]
