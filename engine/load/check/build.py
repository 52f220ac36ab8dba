"""From merged scenario files to a compiled :class:`Scenario`, checking every reference.

All faults are gathered, each with its file, line, column and dotted key, and raised at once
as a :class:`ScenarioError`. This module checks the sections (ids, map, turns, decks, setup,
victory, doctrine); :mod:`engine.load.check.compile_plays` compiles what cards, operations
and rules do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from engine.errors import Problem, ScenarioError, sorted_problems
from engine.load.bot_kinds import BOT_KIND_NAMES
from engine.load.check.compile_plays import RESERVED_NAMES as RESERVED
from engine.load.check.compile_plays import PlayCompiler
from engine.load.check.expressions.compiler import ACTOR, NUMBER, TEXT, ZONE, World
from engine.load.check.expressions.reads import reads_of
from engine.load.check.loops import trigger_loops
from engine.load.collector import collector_paused
from engine.load.models import Chain, Phase, Turns, Victory
from engine.load.read.loader import (
    Merged,
    Origin,
    read_scenario_files,
    read_scenario_files_cached,
)
from engine.load.read.verdict import Kind, kind_of, not_playable
from engine.load.scenario import (
    END_OF_TURN,
    SELF,
    TARGET,
    CDoctrineEntry,
    CInstant,
    COperation,
    CRule,
    CScore,
    Scenario,
)
from engine.load.vary.apply import Applied, apply_variant
from engine.load.vary.variant import Variant, base_path, read_variant


def _file_or_shipped(ref: str | Path) -> Path:
    """``ref`` as a path, or the file of the shipped scenario it names (``"tutorial"``) when
    no such file exists. A name that is neither stays a path: the loader says it is missing."""
    path = Path(ref)
    if isinstance(ref, str) and "/" not in ref and not path.exists():
        from engine.load.read.catalog import shipped_path

        found = shipped_path(ref)
        if found is not None:
            return found
    return path


def load_scenario(
    path: str | Path, variant: Variant | None = None, *, allow: Iterable[str | Path] = ()
) -> Scenario:
    """Load, check and compile a scenario file — or a variant file — with optional changes.

    ``path`` may also be a shipped scenario's id (``load_scenario("tutorial")``).

    ``variant`` (e.g. from ``--set`` and ``--disable``) is applied after a variant file's own
    changes; ``allow`` names folders besides the scenario's own that it may include from.
    What the file is comes from :func:`engine.load.read.verdict.kind_of` (a shared part is not
    playable). Raise :class:`ScenarioError` listing every fault, each where it was written.
    """
    with collector_paused():  # (see engine.load.collector: a third of a fresh load)
        return _load(_file_or_shipped(path), variant or Variant(), allow)


def _load(path: Path, variant: Variant, allow: Iterable[str | Path]) -> Scenario:
    """:func:`load_scenario`'s work, on a file."""
    kind, doc, problems = kind_of(path)
    if kind is Kind.INVALID or kind is Kind.SHARED:
        raise ScenarioError(problems if kind is Kind.INVALID else [not_playable(doc)])
    if kind is Kind.VARIANT:
        file_variant, found = read_variant(doc) if not problems else (None, [])
        problems += found
        if file_variant is not None:
            base, found = base_path(doc, file_variant, path, allow)
            problems += found
        if problems:
            raise ScenarioError(problems)
        assert file_variant is not None and base is not None
        path, variant = base, file_variant.then(variant)
    merged, problems = read_scenario_files_cached(path, allow=allow)
    if merged is None or problems:
        raise ScenarioError(problems or [Problem(str(path), 1, 1, "", "nothing to load")])
    applied = Applied()
    if variant:
        applied, problems = apply_variant(merged, variant)
        if problems:
            raise ScenarioError(problems)
    try:
        return _Builder(merged, variant).build()
    except ScenarioError as exc:
        raise ScenarioError(applied.remap(exc.problems)) from None


def check_fragment(path: str | Path) -> list[Problem]:
    """Check a shared file (a deck, a map) on its own: syntax, keys and types.

    References to ids defined elsewhere are checked when a scenario includes the file.
    """
    return sorted_problems(read_scenario_files(Path(path), as_fragment=True)[1])


def _first(table: dict[str, Any], item: Any) -> bool:
    """Whether ``item`` is the one ``table`` keeps under its id (later duplicates are not)."""
    return table.get(item.id) is item


class _Builder(PlayCompiler):
    """Checks one merged scenario and compiles it; collects problems as it goes."""

    def __init__(self, merged: Merged, variant: Variant | None = None):
        self.m = merged
        self.variant = variant or Variant()
        self.problems: list[Problem] = []
        self.ids: dict[str, dict[str, Origin]] = {}

    # -- helpers -------------------------------------------------------------------------
    def items(self, section: str) -> list[tuple[Any, Origin]]:
        return self.m.items.get(section, [])

    def declare(self, namespace: str, section: str, label: str | None = None) -> dict[str, Any]:
        """Index a section by id, reporting duplicates within ``namespace``."""
        table = self.ids.setdefault(namespace, {})
        out: dict[str, Any] = {}
        for item, origin in self.items(section):
            if item.id in table:
                first = table[item.id].doc.problem(table[item.id].loc, "")
                self.problems.append(
                    origin.problem(
                        ("id",),
                        f"duplicate {label or namespace} id '{item.id}' "
                        f"(first defined at {first.path}:{first.line})",
                    )
                )
                continue
            table[item.id] = origin
            out[item.id] = item
        return out

    def build(self) -> Scenario:
        m = self.m
        root = m.root
        excluded = {c for c, _ in self.items("exclude_cards")}
        all_card_ids = {c.id for c, _ in self.items("cards")} | self.m.disabled
        m.items["cards"] = [(c, o) for c, o in self.items("cards") if c.id not in excluded]
        sources = [s for s, _ in self.items("sources")]
        self.declare("source", "sources")
        claims: dict[str, Any] = {}
        for source, origin in self.items("sources"):
            for i, claim in enumerate(source.claims):
                if claim.id in claims:
                    self.problems.append(
                        origin.problem(("claims", i, "id"), f"duplicate claim id '{claim.id}'")
                    )
                claims[claim.id] = claim
        self.claims = claims
        assumptions = self.declare("assumption", "assumptions")
        for name, origin in self.ids.get("assumption", {}).items():
            if name in claims:
                message = f"assumption id '{name}' is also a claim id; give it another id"
                self.problems.append(origin.problem(("id",), message))
        self.assumptions = assumptions
        actors = self.declare("actor", "actors")
        tracks = self.declare("value", "tracks", "track/counter/flag")
        counters = self.declare("value", "counters", "track/counter/flag")
        flags = self.declare("value", "flags", "track/counter/flag")
        params = self.declare("value", "params", "track/counter/flag/param")
        self.params = params
        zones = self.declare("zone", "zones")
        piece_types = self.declare("piece type", "piece_types")
        triggers = self.declare("trigger", "triggers")
        decks = self.declare("deck", "decks")
        cards = self.declare("card/operation", "cards", "card or operation")
        operations = self.declare("card/operation", "operations", "card or operation")
        rules = self.declare("rule", "rules")
        for name, origin in ((n, o) for table in self.ids.values() for n, o in table.items()):
            if name in RESERVED:
                self.problems.append(
                    origin.problem(("id",), f"'{name}' is a reserved name; pick another id")
                )
        for card_id, origin in self.items("exclude_cards"):
            self.ref(origin, (), card_id, all_card_ids, "card")

        adjacency: dict[str, set[str]] = {z: set() for z in zones}
        for zone, origin in self.items("zones"):
            for i, other in enumerate(zone.adjacent):
                if other == zone.id:
                    self.problems.append(
                        origin.problem(("adjacent", i), "a zone cannot be adjacent to itself")
                    )
                elif self.ref(origin, ("adjacent", i), other, zones, "zone"):
                    adjacency[zone.id].add(other)
                    adjacency[other].add(zone.id)
        for actor, origin in self.items("actors"):
            if actor.bot not in BOT_KIND_NAMES:
                self.ref(origin, ("bot",), actor.bot, BOT_KIND_NAMES, "bot kind")
        for piece, origin in self.items("piece_types"):
            self.ref(origin, ("owner",), piece.owner, actors, "actor")
        self.world = World(
            values=frozenset([*tracks, *counters, *flags]),
            params={p.id: p.default for p in params.values()},
            zones=frozenset(zones),
            adjacency={z: frozenset(sorted(a)) for z, a in adjacency.items()},
            zone_tags={z.id: frozenset(z.tags) for z in zones.values()},
            piece_owner={p.id: p.owner for p in piece_types.values()},
            piece_total={p.id: p.total for p in piece_types.values()},
            bands={
                t.id: tuple((b.id, b.min, b.max) for b in t.bands)
                for t in tracks.values()
                if t.bands
            },
            band_names={
                t.id: {(b.name or b.id).lower(): b.id for b in t.bands}
                for t in tracks.values()
                if t.bands
            },
            actors=frozenset(actors),
            cards=frozenset(cards),
            flags=frozenset(flags),
            piece_states={p.id: tuple(p.states) for p in piece_types.values() if p.states},
            operations=frozenset(operations),
        )
        self.tracks, self.counters, self.flags = tracks, counters, flags
        self.zones, self.piece_types, self.triggers, self.actors = (
            zones,
            piece_types,
            triggers,
            actors,
        )

        self.check_private(self.items)
        turns = self._turns(actors, decks)
        turns = self._turn_end(turns)
        phases = {p.id: p for p in turns.phases} if turns else {}
        self._hand_limits(phases)
        placements = self._placements(zones, piece_types)
        start_values = self._start_values(tracks, counters, flags)
        for section in ("tracks", "counters", "flags", "params", "piece_types"):
            for item, origin in self.items(section):
                self._cites(origin, item)
        facts = self.declare("fact", "facts")
        for fact, origin in self.items("facts"):
            self._cites(origin, fact)
        for deck, origin in self.items("decks"):
            for i, owner in enumerate(deck.owners):
                if (
                    self.ref(origin, ("owners", i), owner, actors, "actor")
                    and not actors[owner].playable
                ):
                    self.problems.append(
                        origin.problem(("owners", i), f"actor '{owner}' is not playable")
                    )
            if not any(c.deck == deck.id for c in cards.values()):
                self.problems.append(origin.problem(("id",), f"deck '{deck.id}' has no cards"))

        compiled_cards = {
            cid: self._card(card, origin, decks, phases)
            for card, origin in self.items("cards")
            if (cid := card.id) in cards and cards[cid] is card
        }
        compiled_ops = {}
        for op, origin in self.items("operations"):
            if not _first(operations, op):
                continue
            self.ref(origin, ("actor",), op.actor, actors, "actor")
            play = self._play(op, origin, op.id, has_target=op.target is not None, with_self=True)
            compiled_ops[op.id] = COperation(op.id, op.actor, op.ops, play)
        rules_at: dict[str, list[CRule]] = {}
        rules_on: dict[str, list[CRule]] = {}
        for rule, origin in self.items("rules"):
            if not _first(rules, rule):
                continue
            if rule.at is not None:
                self.ref(origin, ("at",), rule.at, [*phases, END_OF_TURN], "phase")
                play = self._play(rule, origin, rule.id, has_target=False, with_self=False)
                rules_at.setdefault(rule.at, []).append(CRule(rule.id, play))
            else:
                self.ref(origin, ("on",), rule.on, triggers, "trigger")
                play = self._play(
                    rule, origin, rule.id, has_target=True, with_self=False, reaction=True
                )
                rules_on.setdefault(rule.on, []).append(CRule(rule.id, play))
        self.problems.extend(trigger_loops(self.items("rules"), rules))
        instant, scores = self._victory(actors)
        doctrine = self._doctrine(actors, all_card_ids, operations)
        chains = self._chains(all_card_ids, operations, rules)
        deals = self.compile_deals(self.items)
        briefings = {}
        for actor, (text, origin) in self.m.briefings.items():
            if self.ref(origin, (), actor, actors, "actor"):
                briefings[actor] = text

        if self.problems:
            raise ScenarioError(self.problems)
        assert turns is not None
        content_hash = m.content_hash
        if self.variant:
            keyed = f"{content_hash}\0{self.variant.key()}".encode()
            content_hash = hashlib.sha256(keyed).hexdigest()[:16]
        return Scenario(
            id=self.variant.id or root.id,
            title=self.variant.title or root.title,
            summary=" ".join(self.variant.why.split()) or root.summary,
            briefing=(
                f"What if? {' '.join(self.variant.why.split())}\n\n{root.briefing}"
                if self.variant.why
                else root.briefing
            ),
            campaign=root.campaign,
            path=m.files[-1],
            content_hash=content_hash,
            briefings=briefings,
            sources=tuple(sources),
            claims=claims,
            actors=tuple(actors.values()),
            tracks=tuple(tracks.values()),
            flags=tuple(flags.values()),
            counters=tuple(counters.values()),
            zones=tuple(zones.values()),
            piece_types=tuple(piece_types.values()),
            placements=tuple(placements),
            decks=tuple(decks.values()),
            turns=turns,
            cards=compiled_cards,
            operations=compiled_ops,
            rules_at={k: tuple(v) for k, v in rules_at.items()},
            rules_on={k: tuple(v) for k, v in rules_on.items()},
            triggers={t.id: t.name for t in triggers.values()},
            instant=instant,
            scores=scores,
            doctrine=doctrine,
            start_values=start_values,
            world=self.world,
            params=params,
            variant=self.variant,
            files=tuple(m.files),
            base_id=root.id,
            assumptions=assumptions,
            facts=tuple(facts.values()),
            chains=chains,
            initiative=getattr(self, "initiative", {}),
            deals=deals,
        )

    # -- sections ------------------------------------------------------------------------
    def _turns(self, actors: dict[str, Any], decks: dict[str, Any]) -> Turns | None:
        if "turns" not in self.m.singles:
            self.problems.append(self.m.root_doc.problem((), "missing required section 'turns'"))
            return None
        turns, origin = self.m.singles["turns"]
        seen_phases: set[str] = set()
        for i, phase in enumerate(turns.phases):
            if phase.id in seen_phases:
                self.problems.append(
                    origin.problem(("phases", i, "id"), f"duplicate phase id '{phase.id}'")
                )
            seen_phases.add(phase.id)
        if not any(p.kind in ("actions", "orders") for p in turns.phases):
            self.problems.append(
                origin.problem(
                    ("phases",), "at least one phase must be of kind 'actions' (or 'orders')"
                )
            )
        if turns.calendar and len(turns.calendar) < turns.count:
            self.problems.append(
                origin.problem(
                    ("calendar",),
                    f"{len(turns.calendar)} labels for {turns.count} turns; give one per turn",
                )
            )
        owners = {o for d in decks.values() for o in d.owners}
        for i, actor in enumerate(turns.order):
            if not self.ref(origin, ("order", i), actor, actors, "actor"):
                continue
            if not actors[actor].playable:
                self.problems.append(
                    origin.problem(
                        ("order", i),
                        f"actor '{actor}' is not playable; only playable actors take turns",
                    )
                )
            elif actor not in owners:
                self.problems.append(
                    origin.problem(
                        ("order", i), f"actor '{actor}' draws from no deck; give it a deck"
                    )
                )
        self.initiative = {
            i: self.expr(origin, ("phases", i, "initiative"), p.initiative, {SELF: ACTOR}, NUMBER)
            for i, p in enumerate(turns.phases)
            if p.initiative
        }
        for i, phase in enumerate(turns.phases):
            for j, actor in enumerate(phase.order):
                loc = ("phases", i, "order", j)
                if self.ref(origin, loc, actor, actors, "actor") and actor not in turns.order:
                    message = (
                        f"actor '{actor}' is not in the turns' order (only playable actors act)"
                    )
                    self.problems.append(origin.problem(loc, message))
            if len(set(phase.order)) != len(phase.order):
                message = "an actor appears twice in this phase's order"
                self.problems.append(origin.problem(("phases", i, "order"), message))
        self.check_orders_phases(turns, origin)
        if len(set(turns.order)) != len(turns.order):
            self.problems.append(origin.problem(("order",), "an actor appears twice in the order"))
        for actor in actors.values():
            if actor.playable and actor.id not in turns.order:
                self.problems.append(
                    origin.problem(
                        ("order",), f"playable actor '{actor.id}' is missing from the order"
                    )
                )
        return turns

    def _turn_end(self, turns: Turns | None) -> Turns | None:
        """Rules ``at: end_of_turn`` fire in a last phase of each turn, after every other (the
        scenario may also name a phase ``end_of_turn`` itself)."""
        if turns is None or any(p.id == END_OF_TURN for p in turns.phases):
            return turns
        limits = (a.hand_limit for a, _ in self.items("actors") if a.hand_limit is not None)
        if not any(rule.at == END_OF_TURN for rule, _ in self.items("rules")) and not any(
            limit.at == END_OF_TURN for limit in limits
        ):
            return turns
        end = Phase(id=END_OF_TURN, name="End of turn", kind="upkeep")
        return turns.model_copy(update={"phases": [*turns.phases, end]})

    def _hand_limits(self, phases: dict[str, Any]) -> None:
        """A hand limit belongs to a playable actor (one that holds a hand) and is enforced at
        a phase of the turn, or at its end."""
        for actor, origin in self.items("actors"):
            limit = actor.hand_limit
            if limit is None:
                continue
            if not actor.playable:
                message = f"actor '{actor.id}' is not playable: it holds no hand to limit"
                self.problems.append(origin.problem(("hand_limit",), message))
            if phases:
                self.ref(origin, ("hand_limit", "at"), limit.at, [*phases, END_OF_TURN], "phase")

    def _placements(
        self, zones: dict[str, Any], piece_types: dict[str, Any]
    ) -> list[tuple[str, str, int]]:
        out = []
        used: dict[str, int] = {}
        for placement, origin in self.items("pieces"):
            ok = self.ref(origin, ("piece",), placement.piece, piece_types, "piece type")
            ok = self.ref(origin, ("zone",), placement.zone, zones, "zone") and ok
            if not ok:
                continue
            used[placement.piece] = used.get(placement.piece, 0) + placement.count
            total = piece_types[placement.piece].total
            if used[placement.piece] > total:
                message = f"more '{placement.piece}' placed than its total of {total}"
                self.problems.append(origin.problem(("count",), message))
            out.append((placement.piece, placement.zone, placement.count))
        return out

    def _start_values(self, tracks: dict, counters: dict, flags: dict) -> dict[str, int | bool]:
        values: dict[str, int | bool] = {}
        values.update({t.id: t.start for t in tracks.values()})
        values.update({c.id: c.start for c in counters.values()})
        values.update({f.id: f.start for f in flags.values()})
        if "setup" in self.m.singles:
            setup, origin = self.m.singles["setup"]
            for name, value in setup.tracks.items():
                if self.ref(
                    origin, ("tracks", name), name, [*tracks, *counters], "track or counter"
                ):
                    if name in tracks and not tracks[name].min <= value <= tracks[name].max:
                        self.problems.append(
                            origin.problem(
                                ("tracks", name),
                                f"{value} is outside {tracks[name].min}..{tracks[name].max}",
                            )
                        )
                    if name in counters and value < counters[name].min:
                        message = f"{value} is below the counter's minimum {counters[name].min}"
                        self.problems.append(origin.problem(("tracks", name), message))
                    values[name] = value
            for name, value in setup.flags.items():
                if self.ref(origin, ("flags", name), name, flags, "flag"):
                    values[name] = value
        return values

    def _victory(self, actors: dict) -> tuple[tuple[CInstant, ...], tuple[CScore, ...]]:
        if "victory" not in self.m.singles:
            self.problems.append(self.m.root_doc.problem((), "missing required section 'victory'"))
            return (), ()
        victory: Victory
        victory, origin = self.m.singles["victory"]
        instant = []
        seen_ids: set[str] = set()
        for i, cond in enumerate(victory.instant):
            if cond.id in seen_ids:
                message = f"duplicate instant condition id '{cond.id}'"
                self.problems.append(origin.problem(("instant", i, "id"), message))
            seen_ids.add(cond.id)
            by_score = cond.winners if isinstance(cond.winners, str) else ""
            winners = () if by_score else tuple(cond.winners)
            for j, winner in enumerate(winners):
                self.ref(origin, ("instant", i, "winners", j), winner, actors, "actor")
            if by_score and not victory.end:
                message = f"winners: {by_score} needs 'end' scores to judge by"
                self.problems.append(origin.problem(("instant", i, "winners"), message))
            claims, assumptions = self._cites(origin, cond, ("instant", i))
            fn = self.expr(origin, ("instant", i, "when"), cond.when, {})
            reads = reads_of(cond.when, self.world)
            instant.append(
                CInstant(cond.id, fn, winners, cond.reason, claims, assumptions, by_score, reads)
            )
        scores = []
        seen = set()
        for i, entry in enumerate(victory.end):
            self.ref(origin, ("end", i, "actor"), entry.actor, actors, "actor")
            if entry.actor in seen:
                self.problems.append(
                    origin.problem(("end", i, "actor"), f"actor '{entry.actor}' is scored twice")
                )
            seen.add(entry.actor)
            score = self.expr(origin, ("end", i, "score"), entry.score, {}, NUMBER)
            wins = self.expr(origin, ("end", i, "wins"), entry.wins, {"score": NUMBER})
            scores.append(CScore(entry.actor, score, wins, entry.explain))
        return tuple(instant), tuple(scores)

    def _doctrine(
        self, actors: dict, cards: set[str], operations: dict
    ) -> dict[str, tuple[CDoctrineEntry, ...]]:
        """Check each doctrine; an entry may prefer a card the scenario leaves out (a shared
        doctrine serves several scenarios): it simply never applies."""
        out: dict[str, tuple[CDoctrineEntry, ...]] = {}
        # (worked out once, not per entry: the campaign has dozens of entries per doctrine)
        card_ids = sorted(cards)
        preferable = [*card_ids, *operations, "pass"]
        choice_kinds = self._choice_kinds_by_play()
        for doctrine, origin in self.items("doctrine"):
            self.ref(origin, ("actor",), doctrine.actor, actors, "actor")
            if doctrine.actor in out:
                message = f"actor '{doctrine.actor}' already has a doctrine; merge the entries"
                self.problems.append(origin.problem(("actor",), message))
            entries = []
            for i, entry in enumerate(doctrine.entries):
                self.ref(
                    origin,
                    ("entries", i, "prefer"),
                    entry.prefer,
                    preferable,
                    "card, operation or 'pass'",
                )
                cond = (
                    self.expr(origin, ("entries", i, "when"), entry.when, {SELF: ACTOR})
                    if entry.when
                    else None
                )
                target = None
                if entry.target:
                    bound = {SELF: ACTOR, TARGET: ZONE, "target_piece": "piece"}
                    bound.update(choice_kinds.get(entry.prefer, {}))
                    target = self.expr(origin, ("entries", i, "target"), entry.target, bound)
                for j, card in enumerate(entry.pay_with):
                    self.ref(origin, ("entries", i, "pay_with", j), card, card_ids, "card")
                if entry.pay_with and (entry.use == "event" or entry.prefer in cards):
                    message = "pay_with applies to operations: prefer an operation"
                    self.problems.append(origin.problem(("entries", i, "pay_with"), message))
                entries.append(
                    CDoctrineEntry(
                        cond,
                        entry.prefer,
                        entry.use,
                        entry.why,
                        i,
                        target,
                        tuple(entry.pay_with),
                    )
                )
            out[doctrine.actor] = tuple(entries)
        return out

    def _choice_kinds_by_play(self) -> dict[str, dict[str, str]]:
        """For each card and operation id, its choices (both sides'), by id, with their
        kinds; items sharing an id pool their choices, later ones winning, as before."""
        out: dict[str, dict[str, str]] = {}
        for section in ("cards", "operations"):
            for item, _ in self.items(section):
                kinds = out.setdefault(item.id, {})
                for side in (item, getattr(item, "flip", None)):
                    for choice in getattr(side, "choices", None) or []:
                        kinds[choice.id] = ZONE if choice.kind == "zone" else TEXT
        return out

    def _chains(self, card_ids: set[str], operations: dict, rules: dict) -> tuple[Chain, ...]:
        """Check each chain's claims and steps; a step may name a card, an operation, a
        standing rule or an instant end (cards left out or switched off still count)."""
        declared = self.declare("chain", "chains")
        instant = []
        if "victory" in self.m.singles:
            instant = [c.id for c in self.m.singles["victory"][0].instant]
        known = [*sorted(card_ids), *operations, *rules, *instant, *sorted(self.m.disabled)]
        kind = "card, operation, standing rule or instant end"
        out = []
        for chain, origin in self.items("chains"):
            if not _first(declared, chain):
                continue
            self._cites(origin, chain)
            for i, step in enumerate(chain.steps):
                self.ref(origin, ("steps", i), step, known, kind)
            out.append(chain)
        return tuple(out)
