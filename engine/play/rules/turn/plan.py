"""The turn machine's plan: what entering each phase does, and where a game starts, worked out
once per scenario.

A game enters a dozen phases a turn, most of them doing the same few things every time: its
standing rules, a draw up to each deck's hand size, the hand limits due there. Looking those
up in the scenario's models (linear scans over actors and decks) at every phase of every game
was a tenth of a batch; :func:`plan_of` lists them per phase once, and the game follows the
list. It also keeps the starting position (board, supply, the decks' cards before shuffling)
so that a new game copies it instead of rebuilding it from the placements.

Everything here is derived from the scenario alone; a game never changes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from engine.load.scenario import CRule, Scenario
from engine.play.rules.turn.watch import scenario_cache


class PhasePlan(NamedTuple):
    """What entering one phase does, in the order the game does it."""

    #: The phase model (``id``, ``name``, ``kind``, ``rounds``, ...).
    phase: Any
    #: "Actions", as the log's phase line names it.
    label: str
    #: The standing rules ``at`` this phase, in their order.
    rules: tuple[CRule, ...]
    #: A draw phase: per actor in turn order, its decks as ``(deck id, hand size)``.
    draws: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    #: The hand limits enforced on entering it: ``(actor, max)`` in turn order.
    limits: tuple[tuple[str, int], ...]


class Plan(NamedTuple):
    """A scenario's turn machine and starting position, as lists to follow."""

    phases: tuple[PhasePlan, ...]
    #: Each card's deck, by card id.
    deck_of: Mapping[str, str]
    #: Each limited actor's hand limit (actors without one are absent).
    limits: Mapping[str, int]
    #: Every deck's card instances before shuffling, as ``(deck id, cards)`` in deck order.
    decks: tuple[tuple[str, tuple[str, ...]], ...]
    #: The board and supply at the start (copied by each new game).
    board: Mapping[str, Mapping[str, int]]
    supply: Mapping[str, int]
    #: The ids of every track and then every counter (a track snapshot's keys, in order).
    snapshot: tuple[str, ...]
    #: Whether an instant condition may read the turn or the round (or its reads are
    #: unknown): then the game judges them again when either moved.
    instants_count: bool


def plan_of(scenario: Scenario) -> Plan:
    """The :class:`Plan` of ``scenario`` (built on first use, kept as long as it lives)."""
    cache = scenario_cache(scenario)
    plan: Plan | None = cache.get("turn_plan")
    if plan is None:
        plan = cache["turn_plan"] = _build(scenario)
    return plan


def _build(scenario: Scenario) -> Plan:
    order = scenario.tables.order
    actors = {a.id: a for a in scenario.actors}
    decks_of = {
        actor: tuple((d.id, d.hand_size) for d in scenario.decks if actor in d.owners)
        for actor in order
    }
    phases = []
    for phase in scenario.tables.phases:
        draws = (
            tuple((actor, decks_of[actor]) for actor in order if decks_of[actor])
            if phase.kind == "draw"
            else ()
        )
        limits = tuple(
            (actor, limit.max)
            for actor in order
            if (limit := actors[actor].hand_limit) is not None and limit.at == phase.id
        )
        rules = tuple(scenario.rules_at.get(phase.id, ()))
        phases.append(PhasePlan(phase, phase.name or phase.id, rules, draws, limits))
    board: dict[str, dict[str, int]] = {z.id: {} for z in scenario.zones}
    supply = {p.id: p.total for p in scenario.piece_types}
    for piece, zone, count in scenario.placements:
        board[zone][piece] = board[zone].get(piece, 0) + count
        supply[piece] -= count
    return Plan(
        phases=tuple(phases),
        deck_of={c.id: c.deck for c in scenario.cards.values()},
        limits={a.id: a.hand_limit.max for a in scenario.actors if a.hand_limit is not None},
        decks=tuple((d.id, tuple(scenario.deck_cards(d.id))) for d in scenario.decks),
        board=board,
        supply=supply,
        snapshot=(*(t.id for t in scenario.tracks), *(c.id for c in scenario.counters)),
        instants_count=any(
            cond.reads is None or ("turn",) in cond.reads or ("round",) in cond.reads
            for cond in scenario.instant
        ),
    )
