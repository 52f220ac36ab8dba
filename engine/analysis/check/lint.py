"""``wargame lint``: what is legal but likely wrong in a scenario, each finding located and coded.

A scenario that validates can still be wrong in ways no type check sees: an operation that is
offered and does nothing, a reaction card that bots spend for operations, a band no value can
reach, a rule that never fires, a doctrine entry that never chooses, an id nothing uses. Lint
finds these two ways: by reading the compiled scenario (static checks) and by playing a few
short seeded games with bots and watching what happens (dynamic checks; the same seeds every
time, so the findings are reproducible).

Each finding is a :class:`Finding` with a code (``W101``) and a name (``noop-operation``),
located at the item it is about (or at the effect, for a no-op seen in the scenario itself). A
finding is silenced for one item by a comment on the item's line or the line above it (or on
the finding's own line, or the line above that): ``# lint: ignore W102`` (several codes:
``W102 W105``; all: ``# lint: ignore``).

W101, an operation that can be legal yet do nothing, is found both ways: statically where the
scenario alone decides it (an ``adjust`` by 0, a count of 0, a ``move`` from a zone to itself,
a ``move`` or ``remove`` from a zone that can never hold the piece, a ``place`` from a supply
that starts empty and that nothing refills), and dynamically for the rest.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from engine.analysis.check.secret_lint import secret_findings
from engine.bots.doctrine import DoctrineBot
from engine.bots.random_bot import RandomBot
from engine.load.models import Effect
from engine.load.read.loader import Merged, Origin, read_scenario_files_cached
from engine.load.scenario import CEffect, Scenario
from engine.play.game import Game
from engine.play.views.view import observe

#: Every check: code → (name, what it means).
CODES: dict[str, tuple[str, str]] = {
    "W101": ("noop-operation", "an operation or event can be played and change nothing"),
    "W102": ("reaction-for-ops", "a reaction card can be spent for operations"),
    "W103": ("unreachable-card", "a card was never playable in the bot games"),
    "W104": ("constant-track", "no effect changes this track, counter or flag"),
    "W105": ("unreachable-band", "no value the track can take lies in this band"),
    "W106": ("silent-rule", "a standing rule never fired in the bot games"),
    "W107": ("idle-doctrine", "a doctrine entry never chose a move in the bot games"),
    "W108": ("unused-id", "nothing refers to this id"),
    "W109": ("secret-legality", "whether a move is legal depends on what its player cannot see"),
}

#: Games played for the dynamic checks, per bot kind (random, and doctrine where there is one).
GAMES = 12
_IGNORE = re.compile(r"#\s*lint:\s*ignore\b([^#\n]*)")


@dataclass(frozen=True)
class Finding:
    """One lint warning: where, which check, and what to do."""

    path: str
    line: int
    column: int
    key: str
    code: str
    message: str
    #: The line of the item the finding belongs to, when the finding points inside it (an
    #: effect): a silencing comment there counts too. Not part of the finding's identity.
    item_line: int = field(default=0, compare=False)

    def __str__(self) -> str:
        name = CODES[self.code][0]
        where = f"{self.path}:{self.line}:{self.column}: {self.key}: " if self.key else ""
        return f"{where}{self.code} {name}: {self.message}"


def lint(scenario: Scenario, games: int = GAMES) -> list[Finding]:
    """Every finding for ``scenario`` (loaded from its file), silenced ones left out, sorted
    by file and line."""
    merged, _ = read_scenario_files_cached(scenario.path)
    places = _Places(merged)
    findings: list[Finding] = []
    _static(scenario, places, findings)
    _static_noops(scenario, places, findings)
    findings += secret_findings(scenario, places.items, places.find)
    _dynamic(scenario, places, findings, games)
    kept = [f for f in findings if not places.silenced(f)]
    return sorted(set(kept), key=lambda f: (f.path, f.line, f.column, f.code, f.message))


class _Places:
    """Where each item of the merged scenario was written, for locating findings."""

    def __init__(self, merged: Merged | None):
        self.by_id: dict[tuple[str, str], Origin] = {}
        self.items: dict[str, list[tuple[Any, Origin]]] = {}
        self.lines: dict[str, list[str]] = {}
        if merged is None:
            return
        self.items = merged.items
        for section, bucket in merged.items.items():
            for item, origin in bucket:
                ident = getattr(item, "id", None) or getattr(item, "actor", None)
                if isinstance(ident, str):
                    self.by_id.setdefault((section, ident), origin)
        for section, (_, origin) in merged.singles.items():
            self.by_id[(section, "")] = origin

    def find(self, section: str, ident: str, code: str, message: str, sub: tuple = ()) -> Finding:
        origin = self.by_id.get((section, ident))
        if origin is None:
            return Finding("", 0, 0, "", code, message)
        problem = origin.problem(sub, message)
        item_line = origin.problem((), message).line if sub else 0
        return Finding(
            problem.path, problem.line, problem.column, problem.key, code, message, item_line
        )

    def silenced(self, finding: Finding) -> bool:
        if not finding.path:
            return False
        lines = self.lines.get(finding.path)
        if lines is None:
            try:
                lines = Path(finding.path).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []
            self.lines[finding.path] = lines
        at = (finding.line, finding.item_line) if finding.item_line else (finding.line,)
        for n in sorted({n for line in at for n in (line - 1, line - 2)}):
            if 0 <= n < len(lines):
                match = _IGNORE.search(lines[n])
                if match:
                    codes = match.group(1).split()
                    if not codes or finding.code in codes:
                        return True
        return False


# -- static checks ------------------------------------------------------------------------------
def _effects_of(scenario: Scenario) -> list[CEffect]:
    """Every compiled effect of every play, branches, loops and outcome rows included."""
    plays = []
    for card in scenario.cards.values():
        plays.append(card.front)
        if card.back is not None:
            plays.append(card.back)
    plays += [op.play for op in scenario.operations.values()]
    plays += [
        r.play
        for rules in (*scenario.rules_at.values(), *scenario.rules_on.values())
        for r in rules
    ]
    plays += [p for deal in scenario.deals.values() for p in (deal.accept, deal.reject)]
    out: list[CEffect] = []

    def walk(effects: tuple[CEffect, ...]) -> None:
        for effect in effects:
            out.append(effect)
            walk(effect.then)
            walk(effect.orelse)
            if effect.kind == "roll":
                for row in effect.args[0].outcomes:
                    walk(row.effects)

    for play in plays:
        walk(play.effects)
        if play.roll is not None:
            for row in play.roll.outcomes:
                walk(row.effects)
    return out


def _static(scenario: Scenario, places: _Places, out: list[Finding]) -> None:
    for card in scenario.cards.values():
        if card.reaction_on is not None and card.ops:
            message = (
                f"reaction card '{card.id}' has ops {card.ops}, so bots may spend it on "
                "operations instead of keeping it to react: give it ops: 0, or, if its ops are "
                "meant, name the paying cards in doctrine (pay_with) and silence this"
            )
            out.append(places.find("cards", card.id, "W102", message, ("ops",)))
    effects = _effects_of(scenario)
    changed = {e.args[0] for e in effects if e.kind in ("adjust", "set", "flag")}
    for section, group in (
        ("tracks", scenario.tracks),
        ("counters", scenario.counters),
        ("flags", scenario.flags),
    ):
        for value in group:
            if value.id not in changed:
                message = f"no effect changes '{value.id}'; it stays at its start value"
                out.append(places.find(section, value.id, "W104", message))
    for track in scenario.tracks:
        if track.id in changed:
            continue
        start = scenario.start_values.get(track.id, track.start)
        for i, band in enumerate(track.bands):
            if not band.min <= start <= band.max:
                message = f"band '{band.id}' is unreachable: '{track.id}' stays at {start}"
                out.append(places.find("tracks", track.id, "W105", message, ("bands", i)))
    _unused(scenario, places, effects, out)


_WORD = re.compile(r"[a-z][a-z0-9_]*")


def _unused(
    scenario: Scenario, places: _Places, effects: list[CEffect], out: list[Finding]
) -> None:
    """Ids nothing mentions: words of every other item's written form, compared."""
    fired = {e.args[0] for e in effects if e.kind == "trigger"}
    for section, label in (
        ("triggers", "trigger"),
        ("piece_types", "piece type"),
        ("flags", "flag"),
        ("counters", "counter"),
    ):
        for item, _ in places.items.get(section, []):
            if section == "triggers" and item.id in fired:
                continue
            if _mentioned(places, item.id, section):
                continue
            message = f"{label} '{item.id}' is declared but nothing refers to it"
            out.append(places.find(section, item.id, "W108", message))


def _mentioned(places: _Places, ident: str, own: str) -> bool:
    for section, bucket in places.items.items():
        for item, _ in bucket:
            if section == own and getattr(item, "id", None) == ident:
                continue
            text = item.model_dump_json(exclude={"name", "text", "description", "why", "prompt"})
            if ident in _WORD.findall(text):
                return True
    return False


# -- static no-ops (W101 decided from the scenario alone) ----------------------------------------
_LABELS = {"cards": "card", "operations": "operation", "rules": "rule"}


def _written_effects(places: _Places) -> list[tuple[str, str, tuple, Any]]:
    """Every effect as written — (section, item id, path below the item, Effect) — nested ones
    (if/else, for_each, rolls and their rows, flip sides) included."""
    found: list[tuple[str, str, tuple, Any]] = []

    def walk(section: str, ident: str, node: Any, path: tuple) -> None:
        if isinstance(node, list):
            for i, child in enumerate(node):
                walk(section, ident, child, (*path, i))
            return
        if not isinstance(node, BaseModel):
            return
        if isinstance(node, Effect):
            found.append((section, ident, path, node))
        for name, info in type(node).model_fields.items():
            value = getattr(node, name)
            if isinstance(value, BaseModel | list):
                walk(section, ident, value, (*path, info.alias or name))

    for section in _LABELS:
        for item, _ in places.items.get(section, []):
            walk(section, item.id, item, ())
    return found


def _static_noops(scenario: Scenario, places: _Places, out: list[Finding]) -> None:
    """W101 where the scenario alone decides it: effects that can never change anything."""
    written = _written_effects(places)
    zones = {z.id for z in scenario.zones}
    starts: set[tuple[str, str]] = set()
    supply = {p.id: p.total for p in scenario.piece_types}
    for piece, zone, count in scenario.placements:
        starts.add((piece, zone))
        supply[piece] -= count
    # Where each piece can arrive: a zone written out, or anywhere (a choice, a loop's zone).
    arrives: dict[str, set[str]] = {}
    refilled: set[str] = set()
    for _, _, _, effect in written:
        if effect.place is not None or effect.move is not None:
            piece = (effect.place or effect.move).piece
            zone = effect.place.zone if effect.place is not None else effect.move.to
            arrives.setdefault(piece, set()).add(zone if zone in zones else "*")
        if effect.remove is not None:
            refilled.add(effect.remove.piece)

    def never_holds(piece: str, zone: str) -> bool:
        reach = arrives.get(piece, set())
        return zone in zones and (piece, zone) not in starts and not reach & {zone, "*"}

    for section, ident, path, effect in written:
        what = f"{_LABELS[section]} '{ident}'"
        problem = ""
        key: tuple = ()
        if effect.adjust is not None and effect.adjust.by == 0:
            problem = f"adjusts '{effect.adjust.track}' by 0, which changes nothing"
            key = ("adjust", "by")
        for kind in ("place", "remove", "move"):
            spec = getattr(effect, kind)
            if spec is not None and isinstance(spec.count, int) and spec.count <= 0:
                problem = f"{kind}s {spec.count} '{spec.piece}', which changes nothing"
                key = (kind, "count")
        if effect.move is not None and not problem:
            move = effect.move
            if move.from_ == move.to and move.to in zones:
                problem = f"moves '{move.piece}' from '{move.to}' to itself"
                key = ("move", "to")
            elif never_holds(move.piece, move.from_):
                problem = _never(move.piece, move.from_, "move")
                key = ("move", "from")
        if (
            effect.remove is not None
            and not problem
            and never_holds(effect.remove.piece, effect.remove.zone)
        ):
            problem = _never(effect.remove.piece, effect.remove.zone, "remove")
            key = ("remove", "zone")
        if effect.place is not None and not problem:
            piece = effect.place.piece
            if supply.get(piece, 1) <= 0 and piece not in refilled:
                problem = (
                    f"places '{piece}' from a supply that starts empty (all are on the map) "
                    "and that no 'remove' ever refills"
                )
                key = ("place", "piece")
        if problem:
            message = f"{what} {problem}: it can be played and do nothing"
            out.append(places.find(section, ident, "W101", message, (*path, *key)))


def _never(piece: str, zone: str, verb: str) -> str:
    return (
        f"{verb}s '{piece}' from '{zone}', which never holds one (none start there and no "
        "effect puts one there)"
    )


# -- dynamic checks -----------------------------------------------------------------------------
def _dynamic(scenario: Scenario, places: _Places, out: list[Finding], games: int) -> None:
    played: Counter[str] = Counter()
    idle: Counter[str] = Counter()
    legal_cards: set[str] = set()
    fired_rules: set[str] = set()
    chosen: dict[str, set[int]] = {a: set() for a in scenario.doctrine}
    kinds = ["random", "doctrine"] if scenario.doctrine else ["random"]
    for kind in kinds:
        for seed in range(games):
            game = Game.new(scenario, seed=seed)
            game.trace = []
            bots: dict[str, Any] = {
                a: (
                    DoctrineBot(a, seed)
                    if kind == "doctrine" and a in scenario.doctrine
                    else RandomBot(a, seed)
                )
                for a in scenario.playable_actors
            }
            for _ in range(5_000):
                if game.is_over():
                    break
                who = game.to_move()
                assert who is not None
                legal = game.legal_actions()
                legal_cards.update(a.card for a in legal if a.card and a.kind != "ops")
                action = bots[who].choose(observe(game, who))
                events = game.apply(action)
                # a sealed order (an "order" event) resolves later: it is not judged here
                if action.kind in ("event", "ops", "react") and not (
                    events and events[0].kind == "order"
                ):
                    what = action.operation or action.card or ""
                    played[what] += 1
                    if not any(e.cause == what and e.kind in _CHANGES for e in events):
                        idle[what] += 1
                entry = getattr(bots[who], "last_entry", None)
                if entry is not None:
                    chosen[who].add(entry.index)
            fired_rules.update(game.trace or ())
    total = games * len(kinds)
    static = {f.item_line or f.line for f in out if f.code == "W101"}
    for what, n in sorted(idle.items()):
        section = "operations" if what in scenario.operations else "cards"
        origin = places.by_id.get((section, what))
        if origin is not None and origin.problem((), "").line in static:
            continue  # the static check already says why
        message = (
            f"'{what}' changed nothing in {n} of its {played[what]} plays in {total} bot "
            "games: make it legal only when it can act (a 'where' or 'when' on what it "
            "moves, removes, places or changes)"
        )
        out.append(places.find(section, what, "W101", message))
    for card in scenario.cards.values():
        if card.id not in legal_cards and card.reaction_on is None:
            message = f"card '{card.id}' was never playable as an event in {total} bot games"
            out.append(places.find("cards", card.id, "W103", message))
    for rules in scenario.rules_at.values():
        for rule in rules:
            if rule.id not in fired_rules:
                message = f"standing rule '{rule.id}' never fired in {total} bot games"
                out.append(places.find("rules", rule.id, "W106", message))
    for actor, entries in scenario.doctrine.items():
        for entry in entries:
            if entry.index not in chosen.get(actor, set()):
                message = (
                    f"doctrine entry #{entry.index + 1} ({entry.prefer}) never chose a move "
                    f"in {games} doctrine-bot games"
                )
                out.append(
                    places.find("doctrine", actor, "W107", message, ("entries", entry.index))
                )


#: Log kinds that record a change of the game (a play that logs none of them did nothing;
#: changes of internal values are not logged, so a play that only changes those is counted
#: as idle too — silence W101 on it).
_CHANGES = frozenset(
    {"track", "flag", "place", "remove", "move", "draw", "discard", "trigger", "end"}
    | {"reveal", "mark", "message", "offer", "answer"}  # secrets (issue 11)
)


__all__ = ["CODES", "GAMES", "Finding", "lint"]
