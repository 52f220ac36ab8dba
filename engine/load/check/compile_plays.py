"""Compiling what cards, operations and rules do: conditions, targets, dice and effects.

A mixin of the scenario builder (:mod:`engine.load.check.build`): it checks every reference a
card side, operation or rule makes — tracks, zones, pieces, actors, triggers, claims — and turns the
validated models into :class:`Play` records whose expressions are compiled closures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from engine.errors import Problem, did_you_mean
from engine.load.check.compile_secrets import SecretCompiler
from engine.load.check.expressions.compiler import (
    ACTOR,
    BOOL,
    CARD,
    NUMBER,
    NUMBER_LIMIT,
    TEXT,
    ZONE,
    Compiled,
    Compiler,
    ExprError,
    World,
)
from engine.load.check.expressions.kinds import band_name_hint
from engine.load.check.expressions.reads import fixed_zones, target_reads
from engine.load.limits import (
    MAX_CHOICE_COMBINATIONS,
    MAX_CHOICES,
    MAX_LOOP_NESTING,
    MAX_LOOP_STEPS,
)
from engine.load.models import BandGate, Choice, Effect, ForEach, Roll, Target
from engine.load.read.loader import Origin
from engine.load.read.yamlpos import PathKey
from engine.load.scenario import (
    SELF,
    TARGET,
    CCard,
    CChoice,
    CEffect,
    CModifier,
    COutcome,
    CRoll,
    CTarget,
    Play,
)

#: Names no id may take: the expression language's own words.
RESERVED_NAMES = {
    "turn",
    "round",
    "target",
    "target_piece",
    "score",
    "self",
    "true",
    "false",
    "pass",
}

#: What a card choice counts for in MAX_CHOICE_COMBINATIONS: a generous hand.
_HAND_ESTIMATE = 12
#: A narration field ``{…}``, an escaped brace, or a lone brace.
_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_TOKENS = re.compile(r"'[^']*'|\"[^\"]*\"|>=|<=|==|!=|[A-Za-z_][A-Za-z0-9_]*")
_SYMBOLS = {">=": "≥", "<=": "≤", "==": "=", "!=": "≠"}


def never(state: Any, binds: Mapping[str, Any]) -> bool:
    """Stands in for an expression that failed to compile (the build reports it and stops)."""
    return False


class PlayCompiler(SecretCompiler):
    """Checks and compiles card sides, operations and rules; collects problems."""

    problems: list[Problem]
    world: World
    claims: dict[str, Any]
    assumptions: dict[str, Any]
    tracks: dict[str, Any]
    counters: dict[str, Any]
    flags: dict[str, Any]
    zones: dict[str, Any]
    piece_types: dict[str, Any]
    triggers: dict[str, Any]
    actors: dict[str, Any]

    def ref(
        self, origin: Origin, loc: PathKey, value: str, known: Iterable[str], kind: str
    ) -> bool:
        known = list(known)
        if value in known:
            return True
        self.problems.append(
            origin.problem(loc, f"unknown {kind} '{value}'{did_you_mean(value, known)}")
        )
        return False

    def expr(
        self,
        origin: Origin,
        loc: PathKey,
        text: str,
        bound: Mapping[str, str],
        want: str = BOOL,
    ) -> Compiled:
        """Compile an expression that must give ``want`` (a condition: a truth value); a fault
        is recorded as a problem at ``loc``."""
        try:
            return Compiler(self.world, bound).compile(text, want)
        except ExprError as exc:
            self.problems.append(origin.problem(loc, exc.message, offset=exc.offset))
            return never

    def amount(
        self, origin: Origin, loc: PathKey, value: int | str, bound: Mapping[str, str]
    ) -> Compiled:
        """A number field (``by``, ``to``, ``count``, ``add``): a whole number or a formula."""
        if isinstance(value, int):
            if not -NUMBER_LIMIT <= value <= NUMBER_LIMIT:
                digits = len(str(abs(value)))
                shown = str(value) if digits < 20 else f"a {digits}-digit number"
                message = f"{shown} is too large: numbers are limited to ±{NUMBER_LIMIT:,}"
                self.problems.append(origin.problem(loc, message))
                return never
            return lambda s, b: value
        return self.expr(origin, loc, value, bound, NUMBER)

    # -- build ---------------------------------------------------------------------------
    def _claims(self, origin: Origin, loc: PathKey, claims: list[str]) -> tuple[str, ...]:
        for i, claim in enumerate(claims):
            if claim in self.assumptions:
                message = f"'{claim}' is an assumption, not a claim: list it under 'assumptions'"
                self.problems.append(origin.problem((*loc, i), message))
                continue
            self.ref(origin, (*loc, i), claim, self.claims, "claim")
        return tuple(claims)

    def _assumptions(self, origin: Origin, loc: PathKey, ids: list[str]) -> tuple[str, ...]:
        for i, ident in enumerate(ids):
            if ident in self.claims:
                message = (
                    f"'{ident}' is a claim of a source, not an assumption: list it under 'claims'"
                )
                self.problems.append(origin.problem((*loc, i), message))
                continue
            self.ref(origin, (*loc, i), ident, self.assumptions, "assumption")
        return tuple(ids)

    def _cites(
        self, origin: Origin, item: Any, loc: PathKey = ()
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Check an item's ``claims`` and ``assumptions``; return both as tuples."""
        claims = self._claims(origin, (*loc, "claims"), getattr(item, "claims", []))
        assumptions = self._assumptions(
            origin, (*loc, "assumptions"), getattr(item, "assumptions", [])
        )
        return claims, assumptions

    def _card(self, card: Any, origin: Origin, decks: dict, phases: dict) -> CCard:
        self.ref(origin, ("deck",), card.deck, decks, "deck")
        known_phase = card.phase is not None and self.ref(
            origin, ("phase",), card.phase, phases, "phase"
        )
        if known_phase and phases[card.phase].kind not in ("actions", "orders"):
            message = f"phase '{card.phase}' is not an actions or orders phase"
            self.problems.append(origin.problem(("phase",), message))
        reaction_on = reaction_when = None
        if card.reaction is not None:
            reaction_on = card.reaction.on
            self.ref(origin, ("reaction", "on"), reaction_on, self.triggers, "trigger")
            if card.reaction.when:
                reaction_when = self.expr(
                    origin, ("reaction", "when"), card.reaction.when, {TARGET: ZONE, SELF: ACTOR}
                )
            if card.target is not None:
                self.problems.append(
                    origin.problem(
                        ("target",),
                        "a reaction acts on the trigger's zone ('target'); remove 'target'",
                    )
                )
            if card.phase is not None:
                message = "a reaction is played when its trigger fires; remove 'phase'"
                self.problems.append(origin.problem(("phase",), message))
        is_reaction = card.reaction is not None
        has_target = card.target is not None or is_reaction
        front = self._play(
            card, origin, card.id, has_target=has_target, with_self=True, reaction=is_reaction
        )
        back = flip_when = None
        if card.flip is not None:
            back = self._play(
                card.flip,
                Origin(origin.doc, (*origin.loc, "flip")),
                card.id,
                has_target=card.flip.target is not None or is_reaction,
                with_self=True,
                reaction=is_reaction,
            )
            flip_when = self.expr(origin, ("flip", "flip_when"), card.flip.flip_when, {})
        return CCard(
            card.id,
            card.deck,
            card.copies,
            card.ops,
            card.once,
            card.phase,
            front,
            back,
            flip_when,
            reaction_on,
            reaction_when,
        )

    def _play(
        self,
        side: Any,
        origin: Origin,
        source: str,
        *,
        has_target: bool,
        with_self: bool,
        reaction: bool = False,
    ) -> Play:
        bound: dict[str, str] = {}
        if has_target:
            bound[TARGET] = ZONE
        if with_self:
            bound[SELF] = ACTOR
        claims, assumptions = self._cites(origin, side)
        # `when` judges the situation before a target is chosen (reactions excepted: their
        # target is the trigger's zone, known in advance); `target.where` judges targets.
        when_bound = bound if reaction else {k: v for k, v in bound.items() if k != TARGET}
        condition = self._condition(origin, side.when, getattr(side, "band", None), when_bound)
        costs = []
        for i, cost in enumerate(getattr(side, "cost", [])):
            if self.ref(
                origin,
                ("cost", i, "track"),
                cost.track,
                [*self.tracks, *self.counters],
                "track or counter",
            ):
                costs.append((cost.track, cost.amount))
        target = self._target(origin, side.target, bound) if getattr(side, "target", None) else None
        if target is not None and target.kind == "piece":
            bound["target_piece"] = "piece"
        choices: tuple[CChoice, ...] = ()
        if getattr(side, "choices", None):
            if target is not None or reaction:
                what = "'target'" if target is not None else "a reaction's trigger zone"
                message = f"give either 'choices' or {what}, not both"
                self.problems.append(origin.problem(("choices",), message, key=True))
            choices = self._choices(origin, side.choices, bound)
        effects = self._effects(origin, ("effects",), side.effects, bound)
        roll = self._roll(origin, ("roll",), side.roll, bound) if side.roll else None
        name = side.name
        text = getattr(side, "text", "")
        band = getattr(side, "band", None)
        requires = getattr(side, "requires_text", "") or " and ".join(
            part
            for part in (
                self._prose(side.when) if side.when else "",
                self._band_prose(band) if band is not None else "",
            )
            if part
        )
        return Play(
            source,
            name,
            text,
            claims,
            condition,
            tuple(costs),
            target,
            effects,
            roll,
            requires,
            assumptions,
            choices,
        )

    def _choices(
        self, origin: Origin, choices: list[Choice], bound: dict[str, str]
    ) -> tuple[CChoice, ...]:
        """Compile a multi-choice action's choices; each is bound, by its id, for the ones
        after it and for the effects (``target`` is the last zone chosen)."""
        if len(choices) > MAX_CHOICES:
            message = f"{len(choices)} choices; an action may make at most {MAX_CHOICES}"
            self.problems.append(origin.problem(("choices",), message))
            return ()
        taken = {*RESERVED_NAMES, *self.tracks, *self.counters, *self.flags, *self.zones}
        taken |= {*self.actors, *self.world.params}
        out = []
        combinations = 1
        for i, choice in enumerate(choices):
            loc: PathKey = ("choices", i)
            if choice.id in taken or choice.id in bound:
                message = (
                    f"choice id '{choice.id}' is already a name here (a value, zone, actor, "
                    "reserved word or an earlier choice); pick another"
                )
                self.problems.append(origin.problem((*loc, "id"), message))
            if choice.kind == "option" and not choice.options:
                message = "an option choice needs 'options': the names to choose from"
                self.problems.append(origin.problem((*loc, "kind"), message))
            if choice.kind == "zone" and choice.options:
                message = "'options' applies to kind: option; remove it or set kind: option"
                self.problems.append(origin.problem((*loc, "options"), message))
            if len(set(choice.options)) != len(choice.options):
                message = f"options repeat: {', '.join(choice.options)}"
                self.problems.append(origin.problem((*loc, "options"), message))
            kind = {"zone": ZONE, "option": TEXT, "card": CARD}[choice.kind]
            bound[choice.id] = kind
            where = (
                self.expr(origin, (*loc, "where"), choice.where, bound) if choice.where else None
            )
            combinations *= {"zone": len(self.zones), "card": _HAND_ESTIMATE}.get(
                choice.kind, len(choice.options)
            )
            out.append(CChoice(choice.id, choice.kind, where, tuple(choice.options), choice.prompt))
        if combinations > MAX_CHOICE_COMBINATIONS:
            message = (
                f"these choices combine in up to {combinations:,} ways; at most "
                f"{MAX_CHOICE_COMBINATIONS:,} are allowed (use fewer choices or options)"
            )
            self.problems.append(origin.problem(("choices",), message))
        if any(c.kind == "zone" for c in out):
            bound[TARGET] = ZONE  # 'target' is the last zone chosen
        return tuple(out)

    def _for_each(
        self, origin: Origin, loc: PathKey, loop: ForEach, bound: Mapping[str, str]
    ) -> CEffect:
        """``for_each``: a name bound to each zone (or actor) where ``where`` holds."""
        kind, name = (ZONE, loop.zone) if loop.zone is not None else (ACTOR, loop.actor)
        assert name is not None  # the model requires one
        field = "zone" if kind == ZONE else "actor"
        depth = getattr(self, "_loop_depth", 0)
        outer = getattr(self, "_loop_steps", 1)
        steps = outer * (len(self.zones) if kind == ZONE else len(self.actors))
        if depth >= MAX_LOOP_NESTING:
            message = f"for_each nests more than {MAX_LOOP_NESTING} deep; split the effect"
            self.problems.append(origin.problem(loc, message))
        elif steps > MAX_LOOP_STEPS:
            message = (
                f"these loops run their effects up to {steps:,} times; at most "
                f"{MAX_LOOP_STEPS:,} are allowed (nest fewer loops over the zones)"
            )
            self.problems.append(origin.problem(loc, message))
        taken = {*RESERVED_NAMES, *self.tracks, *self.counters, *self.flags, *self.zones}
        taken |= {*self.actors, *self.world.params}
        if name in taken or name in bound:
            message = f"'{name}' is already a name here; pick another for the loop"
            self.problems.append(origin.problem((*loc, field), message))
        inner = {**bound, name: kind}
        where = self.expr(origin, (*loc, "where"), loop.where, inner) if loop.where else None
        self._loop_depth, self._loop_steps = depth + 1, steps
        try:
            body = self._effects(origin, (*loc, "do"), loop.do, inner)
        finally:
            self._loop_depth, self._loop_steps = depth, outer
        return CEffect("for_each", (name, kind, where), body)

    def _narration(
        self, origin: Origin, loc: PathKey, text: str, bound: Mapping[str, str]
    ) -> tuple[tuple[str, Compiled | None, str], ...]:
        """Split narration into (literal text, value, kind of value) parts: each ``{…}`` is an
        expression (``{turn}``, ``{tension}``, ``{target}``, ``{dest}``, ``{2 * debt}``),
        checked here like any other; ``{{`` and ``}}`` write a brace."""
        parts: list[tuple[str, Compiled | None, str]] = []
        literal, pos = "", 0
        for match in _FIELD.finditer(text):
            literal += text[pos : match.start()]
            pos = match.end()
            token = match.group(0)
            if token in ("{{", "}}"):
                literal += token[0]
                continue
            if token in ("{", "}"):
                message = f"a lone '{token}' in narration: write '{token * 2}' for a brace"
                self.problems.append(origin.problem(loc, message, offset=match.start()))
                continue
            inner = match.group(1)
            if not inner.strip():
                message = "an empty '{}' in narration: put a value inside, or write '{{}}'"
                self.problems.append(origin.problem(loc, message, offset=match.start()))
                continue
            if inner.strip() == TARGET and TARGET not in bound:
                message = "'{target}' used, but nothing here chooses a target"
                self.problems.append(origin.problem(loc, message, offset=match.start()))
                continue
            try:
                typed = Compiler(self.world, bound).compile_typed(inner)
            except ExprError as exc:
                offset = match.start() + 1 + exc.offset
                self.problems.append(origin.problem(loc, exc.message, offset=offset))
                continue
            parts.append((literal, typed.fn, typed.kind))
            literal = ""
        literal += text[pos:]
        parts.append((literal, None, ""))
        return tuple(parts)

    def _prose(self, text: str) -> str:
        """A condition for players: ids become display names, operators become symbols."""
        names = {
            k: v.name
            for table in (
                self.tracks,
                self.counters,
                self.flags,
                self.zones,
                self.piece_types,
                self.actors,
            )
            for k, v in table.items()
        }

        def word(match: re.Match[str]) -> str:
            token = match.group(0)
            if token[0] in "'\"":
                inner = token[1:-1]
                return names.get(inner, inner)
            return _SYMBOLS.get(token) or names.get(token, token)

        return _TOKENS.sub(word, text).strip()

    def _band_prose(self, band: BandGate) -> str:
        track = self.tracks.get(band.track)
        if track is None:
            return f"{band.track} in {'/'.join(band.in_)}"
        labels = {b.id: b.name or b.id.replace("_", " ") for b in track.bands}
        return f"{track.name} is {' or '.join(labels.get(b, b) for b in band.in_)}"

    def _condition(
        self, origin: Origin, when: str | None, band: BandGate | None, bound: Mapping[str, str]
    ) -> Compiled | None:
        parts = []
        if when:
            parts.append(self.expr(origin, ("when",), when, bound))
        if band is not None and self.ref(
            origin, ("band", "track"), band.track, self.world.bands, "track with bands"
        ):
            ranges = []
            for i, band_id in enumerate(band.in_):
                known = {b: (lo, hi) for b, lo, hi in self.world.bands[band.track]}
                hint = band_name_hint(self.world, band.track, band_id)
                if band_id not in known and hint:
                    message = f"unknown band '{band_id}'{hint}"
                    self.problems.append(origin.problem(("band", "in", i), message))
                elif self.ref(origin, ("band", "in", i), band_id, known, "band"):
                    ranges.append(known[band_id])
            track = band.track
            parts.append(lambda s, b: any(lo <= s.values[track] <= hi for lo, hi in ranges))
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        first, second = parts
        return lambda s, b: first(s, b) and second(s, b)

    def _target(self, origin: Origin, target: Target, bound: Mapping[str, str]) -> CTarget:
        for i, piece in enumerate(target.pieces):
            self.ref(origin, ("target", "pieces", i), piece, self.piece_types, "piece type")
        if target.kind == "piece" and not target.pieces:
            self.problems.append(
                origin.problem(("target", "pieces"), "a piece target needs at least one piece type")
            )
        if target.kind == "zone" and target.pieces:
            message = "'pieces' applies to kind: piece targets; remove it or set kind: piece"
            self.problems.append(origin.problem(("target", "pieces"), message))
        where_bound = {**bound, TARGET: ZONE}
        if target.kind == "piece":
            where_bound["target_piece"] = "piece"
        where = (
            self.expr(origin, ("target", "where"), target.where, where_bound)
            if target.where
            else None
        )
        fixed = reads = None
        if target.where and where is not never:
            found = fixed_zones(target.where, self.world, tuple(sorted(self.world.zones)))
            fixed = frozenset(found) if found is not None else None
            reads = target_reads(target.where, self.world)
        return CTarget(target.kind, where, tuple(target.pieces), target.prompt, fixed, reads)

    def _roll(self, origin: Origin, loc: PathKey, roll: Roll, bound: Mapping[str, str]) -> CRoll:
        count, sides = (int(x) for x in roll.dice.split("d"))
        modifiers = tuple(
            CModifier(
                mod.label,
                self.expr(origin, (*loc, "modifiers", i, "when"), mod.when, bound)
                if mod.when
                else None,
                self.amount(origin, (*loc, "modifiers", i, "add"), mod.add, bound),
            )
            for i, mod in enumerate(roll.modifiers)
        )
        outcomes = tuple(
            COutcome(
                row.min,
                row.max,
                row.label,
                self._effects(origin, (*loc, "outcomes", i, "effects"), row.effects, bound),
            )
            for i, row in enumerate(roll.outcomes)
        )
        return CRoll(count, sides, modifiers, outcomes)

    def _zone_ref(self, origin: Origin, loc: PathKey, zone: str, bound: Mapping[str, str]) -> str:
        if zone != TARGET and bound.get(zone) == ZONE:  # a zone choice, by its id
            return zone
        if zone == TARGET:
            if TARGET not in bound:
                self.problems.append(
                    origin.problem(
                        loc, "'target' used, but nothing here chooses a target; add a 'target:'"
                    )
                )
            return TARGET
        self.ref(origin, loc, zone, self.zones, "zone")
        return zone

    def _piece_ref(
        self, origin: Origin, loc: PathKey, piece: str, bound: Mapping[str, str]
    ) -> None:
        if piece == "target_piece" and "target_piece" in bound:
            return
        self.ref(origin, loc, piece, self.piece_types, "piece type")

    def _actor_ref(self, origin: Origin, loc: PathKey, actor: str, bound: Mapping[str, str]) -> str:
        if actor != SELF and bound.get(actor) == ACTOR:  # a for_each name
            return actor
        if actor == SELF:
            if SELF not in bound:
                self.problems.append(
                    origin.problem(loc, "'self' is only meaningful on cards and operations")
                )
            return SELF
        self.ref(origin, loc, actor, self.actors, "actor")
        return actor

    def _effects(
        self, origin: Origin, loc: PathKey, effects: list[Effect], bound: Mapping[str, str]
    ) -> tuple[CEffect, ...]:
        return tuple(self._effect(origin, (*loc, i), e, bound) for i, e in enumerate(effects))

    def _effect(
        self, origin: Origin, loc: PathKey, effect: Effect, bound: Mapping[str, str]
    ) -> CEffect:
        # Exactly one field is set (the model checks); each branch reads its own, typed.
        if effect.adjust is not None or effect.set is not None:
            values = [*self.tracks, *self.counters]
            if effect.adjust is not None:
                kind, track, field, raw = "adjust", effect.adjust.track, "by", effect.adjust.by
            else:
                assert effect.set is not None
                kind, track, field, raw = "set", effect.set.track, "to", effect.set.to
            self.ref(origin, (*loc, kind, "track"), track, values, "track or counter")
            return CEffect(kind, (track, self.amount(origin, (*loc, kind, field), raw, bound)))
        if effect.flag is not None:
            self.ref(origin, (*loc, "flag", "id"), effect.flag.id, self.flags, "flag")
            return CEffect("flag", (effect.flag.id, effect.flag.to))
        if effect.place is not None or effect.remove is not None:
            kind = "place" if effect.place is not None else "remove"
            spec = effect.place or effect.remove
            assert spec is not None
            self._piece_ref(origin, (*loc, kind, "piece"), spec.piece, bound)
            zone = self._zone_ref(origin, (*loc, kind, "zone"), spec.zone, bound)
            return CEffect(
                kind,
                (spec.piece, zone, self.amount(origin, (*loc, kind, "count"), spec.count, bound)),
            )
        if effect.move is not None:
            move = effect.move
            self._piece_ref(origin, (*loc, "move", "piece"), move.piece, bound)
            src = self._zone_ref(origin, (*loc, "move", "from"), move.from_, bound)
            dst = self._zone_ref(origin, (*loc, "move", "to"), move.to, bound)
            return CEffect(
                "move",
                (
                    move.piece,
                    src,
                    dst,
                    self.amount(origin, (*loc, "move", "count"), move.count, bound),
                ),
            )
        if effect.draw is not None or effect.discard is not None:
            kind = "draw" if effect.draw is not None else "discard"
            cards = effect.draw or effect.discard
            assert cards is not None
            actor = self._actor_ref(origin, (*loc, kind, "actor"), cards.actor, bound)
            chosen = getattr(cards, "card", None)
            if chosen is not None and bound.get(chosen) != CARD:
                message = (
                    f"'{chosen}' is not a card choice here; name a choice of kind: card "
                    "(the card the player picks)"
                )
                self.problems.append(origin.problem((*loc, kind, "card"), message))
            if chosen is not None:  # the card a choice named, not cards at random
                return CEffect("discard_card", (actor, chosen))
            return CEffect(
                kind, (actor, self.amount(origin, (*loc, kind, "count"), cards.count, bound))
            )
        if effect.give is not None:
            give = effect.give
            if bound.get(give.card) != CARD:
                message = (
                    f"'{give.card}' is not a card choice here; name a choice of kind: card "
                    "(the card the player picks)"
                )
                self.problems.append(origin.problem((*loc, "give", "card"), message))
            to = self._actor_ref(origin, (*loc, "give", "to"), give.to, bound)
            if to in self.actors and not self.actors[to].playable:
                message = f"actor '{to}' holds no hand (it is not playable)"
                self.problems.append(origin.problem((*loc, "give", "to"), message))
            return CEffect("give", (give.card, to))
        if effect.trigger is not None:
            self.ref(origin, (*loc, "trigger"), effect.trigger, self.triggers, "trigger")
            return CEffect("trigger", (effect.trigger,))
        if effect.narrate is not None:
            parts = self._narration(origin, (*loc, "narrate"), effect.narrate, bound)
            return CEffect("narrate", (effect.narrate, parts))
        if effect.roll is not None:
            return CEffect("roll", (self._roll(origin, (*loc, "roll"), effect.roll, bound),))
        if effect.for_each is not None:
            return self._for_each(origin, (*loc, "for_each"), effect.for_each, bound)
        secret = self.secret_effect(origin, loc, effect, bound)
        if secret is not None:
            return secret
        branch = effect.if_
        assert branch is not None  # the model admits no other kind
        condition = self.expr(origin, (*loc, "if", "when"), branch.when, bound)
        then = self._effects(origin, (*loc, "if", "then"), branch.then, bound)
        orelse = self._effects(origin, (*loc, "if", "else"), branch.else_, bound)
        return CEffect("if", (condition,), then, orelse)
