"""The loaded scenario: validated models plus compiled, ready-to-run rule structures.

Everything here is immutable and built once by :mod:`engine.load.check.build`; game states refer to
cards, zones and tracks by id and look their rules up here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from engine.load.check.expressions.compiler import Compiled, World
from engine.load.models import (
    Actor,
    Assumption,
    Chain,
    Claim,
    Counter,
    Deck,
    Fact,
    Flag,
    Param,
    PieceType,
    Source,
    Track,
    Turns,
    Zone,
)
from engine.load.vary.variant import Variant

#: Stands for "the chosen target zone" in compiled effects.
TARGET = "target"
#: Stands for "the actor who played this" in compiled effects.
SELF = "self"
#: The phase in which rules ``at: end_of_turn`` fire: added after a turn's last phase.
END_OF_TURN = "end_of_turn"


@dataclass(frozen=True, slots=True)
class CEffect:
    """A compiled effect: ``kind`` names the operation, ``args`` its compiled arguments."""

    kind: str
    args: tuple[Any, ...]
    then: tuple[CEffect, ...] = ()
    orelse: tuple[CEffect, ...] = ()


@dataclass(frozen=True, slots=True)
class CModifier:
    """A compiled die modifier."""

    label: str
    condition: Compiled | None
    add: Compiled


@dataclass(frozen=True, slots=True)
class COutcome:
    """A compiled outcome row."""

    low: int
    high: int
    label: str
    effects: tuple[CEffect, ...]


@dataclass(frozen=True, slots=True)
class CRoll:
    """Compiled dice: ``count`` dice of ``sides`` faces, modifiers and outcome rows."""

    count: int
    sides: int
    modifiers: tuple[CModifier, ...]
    outcomes: tuple[COutcome, ...]

    def applied(self, state: Any, binds: Mapping[str, Any]) -> list[tuple[str, int]]:
        """The modifiers that apply in ``state``, as (label, amount), zero amounts left out."""
        out = []
        for mod in self.modifiers:
            if mod.condition is None or mod.condition(state, binds):
                add = int(mod.add(state, binds))
                if add:
                    out.append((mod.label, add))
        return out

    def row(self, total: int) -> COutcome:
        """The outcome row for ``total`` (beyond the table: its first or last row)."""
        for row in self.outcomes:
            if row.low <= total <= row.high:
                return row
        return self.outcomes[0] if total < self.outcomes[0].low else self.outcomes[-1]


@dataclass(frozen=True, slots=True)
class CTarget:
    """A compiled target choice."""

    kind: str
    where: Compiled | None
    pieces: tuple[str, ...]
    prompt: str
    #: The only zones ``where`` could ever accept, judged by its part that depends on the
    #: zone alone (:func:`engine.load.check.expressions.reads.fixed_zones`); None: any zone.
    zones: frozenset[str] | None = None
    #: What ``where`` reads besides the zone judged and ``self``
    #: (:func:`engine.load.check.expressions.reads.target_reads`); None: unknown, judged every time.
    reads: frozenset[tuple[str, ...]] | None = None


@dataclass(frozen=True, slots=True)
class CChoice:
    """A compiled choice of a multi-choice action: a zone or one of ``options``."""

    id: str
    kind: str
    where: Compiled | None
    options: tuple[str, ...]
    prompt: str


@dataclass(frozen=True, slots=True)
class Play:
    """What resolving a card side, an operation or a rule does, with its cause for the log."""

    source: str
    name: str
    text: str
    claims: tuple[str, ...]
    condition: Compiled | None
    costs: tuple[tuple[str, int], ...]
    target: CTarget | None
    effects: tuple[CEffect, ...]
    roll: CRoll | None
    requires: str = ""
    #: The designer's assumptions this rests on (beside the source's ``claims``).
    assumptions: tuple[str, ...] = ()
    #: The decisions of a multi-choice action, in order (empty: none, or a single ``target``).
    choices: tuple[CChoice, ...] = ()


@dataclass(frozen=True, slots=True)
class CCard:
    """A compiled card: front side, optional flip side, and how it may be used."""

    id: str
    deck: str
    copies: int
    ops: int
    once: bool
    phase: str | None
    front: Play
    back: Play | None
    flip_when: Compiled | None
    reaction_on: str | None
    reaction_when: Compiled | None

    def side(self, state: Any) -> Play:
        """The side in force in ``state``."""
        if self.back is not None and self.flip_when is not None and self.flip_when(state, {}):
            return self.back
        return self.front

    def flipped(self, state: Any) -> bool:
        """Whether the flip side is in force."""
        return (
            self.back is not None and self.flip_when is not None and bool(self.flip_when(state, {}))
        )


@dataclass(frozen=True, slots=True)
class COperation:
    """A compiled operation paid for with operations points."""

    id: str
    actor: str
    ops: int
    play: Play


@dataclass(frozen=True, slots=True)
class CRule:
    """A compiled standing rule."""

    id: str
    play: Play


@dataclass(frozen=True, slots=True)
class CInstant:
    """A compiled instant-end condition."""

    id: str
    condition: Compiled
    winners: tuple[str, ...]
    reason: str
    claims: tuple[str, ...]
    assumptions: tuple[str, ...] = ()
    #: "by_score" or "highest_score": winners judged by the end scores when it fires.
    by_score: str = ""
    #: What the condition reads of the state
    #: (:func:`engine.load.check.expressions.reads.reads_of`), or None when unknown: the game skips
    #: judging it while all of that is unchanged.
    reads: frozenset[tuple[str, ...]] | None = None


@dataclass(frozen=True, slots=True)
class CScore:
    """A compiled end-of-game score for one actor."""

    actor: str
    score: Compiled
    wins: Compiled
    explain: str


@dataclass(frozen=True, slots=True)
class CDoctrineEntry:
    """A compiled doctrine priority."""

    condition: Compiled | None
    prefer: str
    use: str | None
    why: str
    index: int
    #: Condition on the move's target or choices; only moves where it holds are preferred.
    target: Compiled | None = None
    #: For operations: the cards that may pay (empty: any).
    pay_with: tuple[str, ...] = ()


class Tables(NamedTuple):
    """Per-scenario lookups the game machinery uses on every move."""

    order: tuple[str, ...]
    bounds: Mapping[str, tuple[int, int | None]]
    names: Mapping[str, str]
    zone_ids: tuple[str, ...]
    phases: tuple[Any, ...]
    operations: Mapping[str, tuple[COperation, ...]]
    reactors: Mapping[str, tuple[str, ...]]
    rule_ids: frozenset[str]
    #: Internal tracks, counters and flags: bookkeeping never shown to players nor logged.
    internal: frozenset[str] = frozenset()
    #: Each phase's acting order (its own ``order``, else the turns' order), by phase index.
    phase_orders: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Scenario:
    """A validated, compiled scenario, ready for :class:`engine.play.game.Game`."""

    id: str
    title: str
    summary: str
    briefing: str
    campaign: str
    path: Path
    content_hash: str
    briefings: Mapping[str, str]
    sources: tuple[Source, ...]
    claims: Mapping[str, Claim]
    actors: tuple[Actor, ...]
    tracks: tuple[Track, ...]
    flags: tuple[Flag, ...]
    counters: tuple[Counter, ...]
    zones: tuple[Zone, ...]
    piece_types: tuple[PieceType, ...]
    placements: tuple[tuple[str, str, int], ...]
    decks: tuple[Deck, ...]
    turns: Turns
    cards: Mapping[str, CCard]
    operations: Mapping[str, COperation]
    rules_at: Mapping[str, tuple[CRule, ...]]
    rules_on: Mapping[str, tuple[CRule, ...]]
    triggers: Mapping[str, str]
    instant: tuple[CInstant, ...]
    scores: tuple[CScore, ...]
    doctrine: Mapping[str, tuple[CDoctrineEntry, ...]]
    start_values: Mapping[str, int | bool]
    world: World
    #: Named numbers usable in expressions, with the values in force (a variant may set them).
    params: Mapping[str, Param] = field(default_factory=dict)
    #: The changes this scenario was loaded with (empty for the file as written).
    variant: Variant = field(default_factory=Variant)
    #: Every file read, the scenario file last (batch workers and bundles reload from these).
    files: tuple[Path, ...] = ()
    #: The id of the scenario file itself (differs from ``id`` for a variant file).
    base_id: str = ""
    #: The designer's assumptions register, by id (beside the sources' ``claims``).
    assumptions: Mapping[str, Assumption] = field(default_factory=dict)
    #: Facts of the scenario and what they rest on.
    facts: tuple[Fact, ...] = ()
    #: Causal chains the scenario argues (see :mod:`engine.analysis.explain.chains`), in file order.
    chains: tuple[Chain, ...] = ()
    #: Compiled ``initiative`` of actions phases, by phase index.
    initiative: Mapping[int, Compiled] = field(default_factory=dict)
    #: Deals offer effects propose, by id (see :mod:`engine.play.rules.resolving.deals`).
    deals: Mapping[str, Any] = field(default_factory=dict)

    @cached_property
    def tables(self) -> Tables:
        """Lookup tables every game of this scenario shares (built once, on first use)."""
        bounds: dict[str, tuple[int, int | None]] = {t.id: (t.min, t.max) for t in self.tracks}
        bounds.update({c.id: (c.min, None) for c in self.counters})
        names: dict[str, str] = {}
        for group in (
            self.tracks,
            self.counters,
            self.flags,
            self.zones,
            self.piece_types,
            self.actors,
        ):
            names.update({item.id: item.name for item in group})
        order = tuple(self.turns.order)
        reactors = {
            trigger: tuple(
                a
                for a in order
                if any(
                    c.reaction_on == trigger and any(d.id == c.deck for d in self.decks_of(a))
                    for c in self.cards.values()
                )
            )
            for trigger in self.triggers
        }
        return Tables(
            order=order,
            bounds=bounds,
            names=names,
            zone_ids=tuple(z.id for z in self.zones),
            phases=tuple(self.turns.phases),
            operations={a: self.operations_of(a) for a in order},
            reactors=reactors,
            rule_ids=frozenset(
                r.id for rules in (*self.rules_at.values(), *self.rules_on.values()) for r in rules
            ),
            internal=frozenset(
                v.id
                for group in (self.tracks, self.counters, self.flags)
                for v in group
                if v.internal
            ),
            phase_orders=tuple(tuple(p.order) or order for p in self.turns.phases),
        )

    # -- convenience lookups -------------------------------------------------------------
    @property
    def playable_actors(self) -> tuple[str, ...]:
        """Actors who take actions, in turn order."""
        return tuple(self.turns.order)

    def actor(self, actor_id: str) -> Actor:
        """The actor model with this id."""
        return next(a for a in self.actors if a.id == actor_id)

    def track(self, track_id: str) -> Track | None:
        """The track with this id, or None."""
        return next((t for t in self.tracks if t.id == track_id), None)

    def band_of(self, track_id: str, value: int) -> str | None:
        """The band id containing ``value`` on this track, or None when it has no bands."""
        track = self.track(track_id)
        if track is None:
            return None
        for band in track.bands:
            if band.min <= value <= band.max:
                return band.id
        return None

    def calendar(self, turn: int) -> str:
        """The calendar label of ``turn`` (1-based), or "" when the scenario has none."""
        labels = self.turns.calendar
        return labels[turn - 1] if 0 < turn <= len(labels) else ""

    def deck_cards(self, deck_id: str) -> list[str]:
        """Every card instance of a deck (ids repeated by copies), in a stable order."""
        return [c.id for c in self.cards.values() if c.deck == deck_id for _ in range(c.copies)]

    def decks_of(self, actor_id: str) -> tuple[Deck, ...]:
        """The decks this actor draws from."""
        return tuple(d for d in self.decks if actor_id in d.owners)

    def operations_of(self, actor_id: str) -> tuple[COperation, ...]:
        """The operations this actor may perform."""
        return tuple(o for o in self.operations.values() if o.actor == actor_id)

    def claim_text(self, claim_id: str) -> str:
        """The restated text of a claim."""
        claim = self.claims.get(claim_id)
        return claim.text if claim else ""

    def assumption_text(self, assumption_id: str) -> str:
        """The statement of an assumption, with its basis."""
        found = self.assumptions.get(assumption_id)
        if found is None:
            return ""
        basis = found.basis + (f": {found.citation}" if found.citation else "")
        return f"{found.statement} ({basis})"
