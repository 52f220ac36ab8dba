"""Checking and compiling the secret constructs: private values, hidden pieces and piece
states, the reveal, message, mark and offer effects, deals, and orders phases.

A mixin of the scenario builder beside :mod:`engine.load.check.compile_plays`; every fault is
a located problem with a did-you-mean, like the rest of the loader's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.errors import Problem
from engine.load.check.expressions.compiler import ACTOR
from engine.load.models import Effect
from engine.load.read.loader import Origin
from engine.load.read.yamlpos import PathKey
from engine.load.scenario import SELF, CEffect, Play
from engine.play.secret_state import ALL


@dataclass(frozen=True, slots=True)
class CDeal:
    """A compiled deal: who proposes it to whom, and what accepting or rejecting does."""

    id: str
    name: str
    text: str
    proposer: str
    answerer: str
    notice: str
    accept: Play
    reject: Play


class SecretCompiler:
    """Checks of the secret constructs (mixed into the builder, which provides the rest)."""

    problems: list[Problem]
    tracks: dict[str, Any]
    counters: dict[str, Any]
    flags: dict[str, Any]
    piece_types: dict[str, Any]
    actors: dict[str, Any]

    # provided by PlayCompiler
    def ref(self, origin: Origin, loc: PathKey, value: str, known: Any, kind: str) -> bool:
        raise NotImplementedError

    def amount(self, origin: Origin, loc: PathKey, value: Any, bound: Mapping[str, str]) -> Any:
        raise NotImplementedError

    def _zone_ref(self, origin: Origin, loc: PathKey, zone: str, bound: Mapping[str, str]) -> str:
        raise NotImplementedError

    def _actor_ref(self, origin: Origin, loc: PathKey, actor: str, bound: Mapping[str, str]) -> str:
        raise NotImplementedError

    def declare(self, namespace: str, section: str, label: str | None = None) -> dict[str, Any]:
        raise NotImplementedError

    def _effects(
        self, origin: Origin, loc: PathKey, effects: list[Effect], bound: Mapping[str, str]
    ) -> tuple[CEffect, ...]:
        raise NotImplementedError

    def _claims(self, origin: Origin, loc: PathKey, claims: list[str]) -> tuple[str, ...]:
        raise NotImplementedError

    def check_private(self, items: Any) -> None:
        """``visible_to`` names actors; a ``notice`` needs ``visible_to``; ``states`` differ;
        a hidden piece type has a playable owner (someone must be able to see it). Declares
        the deals, so offer effects can name them."""
        self.deals = self.declare("deal", "deals")
        for section in ("tracks", "counters", "flags"):
            for item, origin in items(section):
                for i, actor in enumerate(item.visible_to):
                    self.ref(origin, ("visible_to", i), actor, self.actors, "actor")
                if len(set(item.visible_to)) != len(item.visible_to):
                    message = "an actor appears twice in visible_to"
                    self.problems.append(origin.problem(("visible_to",), message))
                if item.notice and not item.visible_to:
                    message = "'notice' applies to private values only: add 'visible_to'"
                    self.problems.append(origin.problem(("notice",), message))
                if item.visible_to and item.internal:
                    message = (
                        "an internal value is shown to no one: drop 'visible_to' or 'internal'"
                    )
                    self.problems.append(origin.problem(("visible_to",), message))
        for piece, origin in items("piece_types"):
            if len(set(piece.states)) != len(piece.states):
                self.problems.append(origin.problem(("states",), "piece states must differ"))
            if len(piece.states) == 1:
                message = "give at least two states (the first is the one pieces are placed in)"
                self.problems.append(origin.problem(("states",), message))
            owner = self.actors.get(piece.owner)
            if piece.hidden and owner is not None and not owner.playable:
                message = (
                    f"a hidden piece needs a player to see it; '{piece.owner}' is not playable"
                )
                self.problems.append(origin.problem(("hidden",), message))

    def check_orders_phases(self, turns: Any, origin: Origin) -> None:
        """An orders phase's ``resolve`` lists the actors of its order, each once."""
        for i, phase in enumerate(turns.phases):
            if phase.kind != "orders":
                continue
            acting = phase.order or turns.order
            everyone = ", ".join(acting)
            seen: dict[str, int] = {}
            unknown = False
            for j, actor in enumerate(phase.resolve):
                loc = ("phases", i, "resolve", j)
                if actor in seen:
                    message = (
                        f"actor '{actor}' is listed twice (first as resolve[{seen[actor]}]): "
                        f"list each actor of the phase's order once ({everyone})"
                    )
                    self.problems.append(origin.problem(loc, message))
                elif not self.ref(origin, loc, actor, self.actors, "actor"):
                    unknown = True
                elif actor not in acting:
                    message = (
                        f"actor '{actor}' gives no order in this phase: 'resolve' lists the "
                        f"actors of its order ({everyone})"
                    )
                    self.problems.append(origin.problem(loc, message))
                seen.setdefault(actor, j)
            missing = [a for a in acting if a not in seen]
            if phase.resolve and missing and not unknown:  # (a misspelt name says it already)
                names = ", ".join(f"'{a}'" for a in missing)
                message = (
                    f"'resolve' leaves out {names}: list each actor of the phase's order once "
                    f"({everyone}), in the order their orders resolve"
                )
                self.problems.append(origin.problem(("phases", i, "resolve"), message))

    def secret_effect(
        self, origin: Origin, loc: PathKey, effect: Effect, bound: Mapping[str, str]
    ) -> CEffect | None:
        """The compiled reveal, message or mark effect; None for any other kind."""
        if effect.reveal is not None:
            return self._reveal(origin, (*loc, "reveal"), effect.reveal, bound)
        if effect.message is not None:
            msg = effect.message
            to = tuple(
                self._actor_ref(origin, (*loc, "message", "to", i), who, bound)
                for i, who in enumerate(msg.to)
            )
            return CEffect("message", (to, msg.text, msg.notice))
        if effect.mark is not None:
            return self._mark(origin, (*loc, "mark"), effect.mark, bound)
        if effect.offer is not None:
            self.ref(origin, (*loc, "offer"), effect.offer, self.deals, "deal")
            return CEffect("offer", (effect.offer,))
        return None

    def compile_deals(self, items: Any) -> dict[str, CDeal]:
        """Each deal checked (two playable parties) and its effects compiled."""
        out = {}
        for deal, origin in items("deals"):
            if id(self.deals.get(deal.id)) != id(deal):  # a duplicate id, reported already
                continue
            for key, actor in (("from", deal.from_), ("to", deal.to)):
                known = self.ref(origin, (key,), actor, self.actors, "actor")
                if known and not self.actors[actor].playable:
                    message = f"actor '{actor}' is not playable: it cannot make or answer deals"
                    self.problems.append(origin.problem((key,), message))
            claims = self._claims(origin, ("claims",), deal.claims)
            plays = []
            for key, effects in (("accept", deal.accept), ("reject", deal.reject)):
                compiled = self._effects(origin, (key,), effects, {SELF: ACTOR})
                plays.append(
                    Play(deal.id, deal.name, deal.text, claims, None, (), None, compiled, None)
                )
            out[deal.id] = CDeal(
                deal.id, deal.name, deal.text, deal.from_, deal.to, deal.notice, *plays
            )
        return out

    def _reveal(self, origin: Origin, loc: PathKey, reveal: Any, bound: Mapping[str, str]):
        if reveal.piece is not None:
            known = self.ref(origin, (*loc, "piece"), reveal.piece, self.piece_types, "piece type")
            if known and not self.piece_types[reveal.piece].hidden:
                message = f"piece type '{reveal.piece}' is not hidden: add 'hidden: true'"
                self.problems.append(origin.problem((*loc, "piece"), message))
            zone = None
            if reveal.zone is not None:
                zone = self._zone_ref(origin, (*loc, "zone"), reveal.zone, bound)
            return CEffect("reveal", ("piece", reveal.piece, zone, ALL))
        values = {**self.tracks, **self.counters, **self.flags}
        known = self.ref(origin, (*loc, "value"), reveal.value, values, "track, counter or flag")
        if known and not values[reveal.value].visible_to:
            message = f"'{reveal.value}' is public already: give it 'visible_to'"
            self.problems.append(origin.problem((*loc, "value"), message))
        to: Any = ALL
        if reveal.to != "all":
            to = tuple(
                self._actor_ref(origin, (*loc, "to", i), who, bound)
                for i, who in enumerate(reveal.to)
            )
        return CEffect("reveal", ("value", reveal.value, None, to))

    def _mark(self, origin: Origin, loc: PathKey, mark: Any, bound: Mapping[str, str]):
        ok = self.ref(origin, (*loc, "piece"), mark.piece, self.piece_types, "piece type")
        states: list[str] = list(self.piece_types[mark.piece].states) if ok else []
        if ok and not states:
            message = f"piece type '{mark.piece}' has no states: give it 'states: [...]'"
            self.problems.append(origin.problem((*loc, "piece"), message))
        elif ok:
            self.ref(origin, (*loc, "state"), mark.state, states, "state")
            if mark.from_ is not None:
                self.ref(origin, (*loc, "from"), mark.from_, states, "state")
        zone = self._zone_ref(origin, (*loc, "zone"), mark.zone, bound)
        count = self.amount(origin, (*loc, "count"), mark.count, bound)
        return CEffect("mark", (mark.piece, zone, mark.state, mark.from_, count))


__all__ = ["CDeal", "SecretCompiler"]
