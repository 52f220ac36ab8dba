"""Resolution: running a card side, operation or rule — costs, effects, dice — into the log."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from engine.errors import RuleLoopError
from engine.load.limits import MAX_CHAINED_TRIGGERS, MAX_MAGNITUDE
from engine.load.read.loader import display_path
from engine.load.scenario import SELF, TARGET, CEffect, CRoll, Play
from engine.play import rng
from engine.play.rules.resolving import deals, secrets
from engine.play.state import Window

if TYPE_CHECKING:
    from engine.play.game import Game

Binds = dict[str, Any]


def resolve(game: Game, play: Play, binds: Binds, actor: str | None) -> None:
    """Pay ``play``'s costs, run its effects, then its roll and the outcome row's effects."""
    state = game.state
    if game.trace is not None:
        game.trace.append(play.source)
    for track, amount in play.costs:
        _change(game, track, state.values[track] - amount, play, actor)
    run(game, play.effects, binds, play, actor)
    if play.roll is not None:
        _roll(game, play.roll, binds, play, actor)


def run(
    game: Game, effects: tuple[CEffect, ...], binds: Binds, play: Play, actor: str | None
) -> None:
    """Run effects in order."""
    state = game.state
    handlers = _HANDLERS
    for effect in effects:
        if state.outcome is not None:
            return
        handlers[effect.kind](game, effect, binds, play, actor)


def _roll(game: Game, roll: CRoll, binds: Binds, play: Play, actor: str | None) -> None:
    state = game.state
    if game.quiet:  # the same draws and total, without the lists the log line needs
        total = 0
        below = rng.below
        for _ in range(roll.count):
            state.rng, face = below(state.rng, roll.sides)
            total += face + 1
        for mod in roll.modifiers:
            if mod.condition is None or mod.condition(state, binds):
                total += int(mod.add(state, binds))
        run(game, roll.row(total).effects, binds, play, actor)
        return
    dice = []
    for _ in range(roll.count):
        state.rng, face = rng.below(state.rng, roll.sides)
        dice.append(face + 1)
    applied = roll.applied(state, binds)
    total = sum(dice) + sum(a for _, a in applied)
    row = roll.row(total)
    mods = "".join(f" {'+' if a > 0 else '-'}{abs(a)} ({label})" for label, a in applied)
    text = f"{play.name}: rolled {'+'.join(map(str, dice))}{mods} = {total} → {row.label}"
    game.log(
        "roll",
        text,
        play,
        actor,
        data={
            "dice": dice,
            "sides": roll.sides,
            "modifiers": [[label, a] for label, a in applied],
            "total": total,
            "outcome": row.label,
            "table": [[r.low, r.high, r.label] for r in roll.outcomes],
        },
    )
    run(game, row.effects, binds, play, actor)


def _change(game: Game, track: str, value: int, play: Play, actor: str | None) -> None:
    state = game.state
    values = state.values
    old = values[track]
    # _clamp, inlined (every change of a track goes through here)
    low, high = game.bounds[track]
    if value < low:
        new = low
    elif value > (MAX_MAGNITUDE if high is None else high):
        new = MAX_MAGNITUDE if high is None else high
    else:
        new = value
    if new == old:
        return
    values[track] = new
    attribution = game.attribution
    if attribution is not None:
        # get + set rather than +=: a missing key would go through Counter.__missing__ (Python)
        key = (track, play.source, play.claims, actor, state.turn)
        attribution[key] = attribution.get(key, 0) + new - old
    if game.quiet or track in game.tables.internal:
        return
    name = game.names[track]
    # a private value's change is logged to its viewers only (with its notice for the rest)
    secrets.log_value(
        game,
        track,
        "track",
        f"{name} {old} → {new} ({play.name})",
        play,
        actor,
        {"track": track, "from": old, "to": new},
    )


def _adjust(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    track, amount = e.args
    state = game.state
    by = int(amount(state, binds))
    if by:
        _change(game, track, state.values[track] + by, play, actor)


def _set(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    track, amount = e.args
    _change(game, track, int(amount(game.state, binds)), play, actor)


def _flag(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    flag, value = e.args
    state = game.state
    if state.values[flag] == value:
        return
    state.values[flag] = value
    if flag in game.tables.internal:
        return
    word = "on" if value else "off"
    secrets.log_value(
        game,
        flag,
        "flag",
        f"{game.names[flag]}: {word} ({play.name})",
        play,
        actor,
        {"flag": flag, "to": value},
    )


def _zone(binds: Binds, zone: str) -> str | None:
    # 'target' or a zone choice's id (the loader keeps those apart from zone ids)
    return binds.get(zone) if zone in binds or zone == TARGET else zone


def _piece(binds: Binds, piece: str) -> str | None:
    return binds.get("target_piece") if piece == "target_piece" else piece


def _shift(game: Game, piece: str, src: str | None, dst: str | None, wanted: int) -> int:
    """Move up to ``wanted`` pieces from ``src`` to ``dst`` (``None`` is the supply)."""
    state = game.state
    have = state.supply[piece] if src is None else state.board[src].get(piece, 0)
    n = min(wanted, have)
    if n <= 0:
        return 0
    if src is None:
        state.supply[piece] -= n
    else:
        cell = state.board[src]
        cell[piece] -= n
        if not cell[piece]:
            del cell[piece]
    if dst is None:
        state.supply[piece] += n
    else:
        cell = state.board[dst]
        cell[piece] = cell.get(piece, 0) + n
    return n


def _nothing(game: Game, play: Play, actor: str | None, why: str, data: dict[str, Any]) -> None:
    """Log an effect that could do nothing, so a silent no-op is visible in the log."""
    if not game.quiet:
        game.log("nothing", f"{why} ({play.name})", play, actor, data=data)


def _place(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    piece_ref, zone_ref, count = e.args
    piece, zone = _piece(binds, piece_ref), _zone(binds, zone_ref)
    if piece is None or zone is None:
        return
    wanted = int(count(game.state, binds))
    n = _shift(game, piece, None, zone, wanted)
    down = secrets.shifted(game, piece, None, zone, n) if n else 0
    if n and not game.quiet:
        text = f"{n} × {game.names[piece]} placed in {game.names[zone]} ({play.name})"
        unknown = f"{n} × unknown piece placed in {game.names[zone]} ({play.name})"
        data = {"piece": piece, "zone": zone, "count": n}
        secrets.log_pieces(game, "place", text, play, actor, data, down, unknown)
    elif wanted > 0 and not n:
        why = f"no {game.names[piece]} left in supply to place in {game.names[zone]}"
        _nothing(game, play, actor, why, {"effect": "place", "piece": piece, "zone": zone})


def _remove(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    piece_ref, zone_ref, count = e.args
    piece, zone = _piece(binds, piece_ref), _zone(binds, zone_ref)
    if piece is None or zone is None:
        return
    wanted = int(count(game.state, binds))
    n = _shift(game, piece, zone, None, wanted)
    down = secrets.shifted(game, piece, zone, None, n) if n else 0
    if n and not game.quiet:
        text = f"{n} × {game.names[piece]} removed from {game.names[zone]} ({play.name})"
        unknown = f"{down} × unknown piece removed from {game.names[zone]} ({play.name})"
        data = {"piece": piece, "zone": zone, "count": n}
        secrets.log_pieces(game, "remove", text, play, actor, data, down, unknown)
    elif wanted > 0 and not n:
        why = f"no {game.names[piece]} in {game.names[zone]} to remove"
        _nothing(game, play, actor, why, {"effect": "remove", "piece": piece, "zone": zone})


def _move(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    piece_ref, src_ref, dst_ref, count = e.args
    piece = _piece(binds, piece_ref)
    src, dst = _zone(binds, src_ref), _zone(binds, dst_ref)
    if piece is None or src is None or dst is None or src == dst:
        return
    wanted = int(count(game.state, binds))
    n = _shift(game, piece, src, dst, wanted)
    down = secrets.shifted(game, piece, src, dst, n) if n else 0
    if not n and wanted > 0:
        why = f"no {game.names[piece]} in {game.names[src]} to move to {game.names[dst]}"
        _nothing(game, play, actor, why, {"effect": "move", "piece": piece, "from": src, "to": dst})
    if n and not game.quiet:
        names = game.names
        text = f"{n} × {names[piece]} moved {names[src]} → {names[dst]} ({play.name})"
        data = {"piece": piece, "from": src, "to": dst, "count": n}
        unknown = f"{down} × unknown piece moved {names[src]} → {names[dst]} ({play.name})"
        secrets.log_pieces(game, "move", text, play, actor, data, down, unknown)


def _who(binds: Binds, ref: str) -> str | None:
    # 'self' or a for_each name (the loader keeps those apart from actor ids)
    return binds.get(ref) if ref in binds or ref == SELF else ref


def _draw(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    who = _who(binds, e.args[0])
    if who is not None:
        game.draw_cards(who, int(e.args[1](game.state, binds)), play)


def _discard(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    who = _who(binds, e.args[0])
    state = game.state
    if who is None:
        return
    hand = state.hands.get(who, [])
    gone = []
    for _ in range(min(int(e.args[1](state, binds)), len(hand))):
        state.rng, i = rng.below(state.rng, len(hand))
        card = hand.pop(i)
        state.discard[game.scenario.cards[card].deck].append(card)
        gone.append(card)
    if gone:
        names = ", ".join(game.card_name(c) for c in gone)
        game.log(
            "discard",
            f"{game.names[who]} discards {names} ({play.name})",
            play,
            actor,
            data={"actor": who, "cards": gone},
        )


def _discard_card(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    """Discard the card the player picked with a card choice, if it is still held."""
    who, chosen = _who(binds, e.args[0]), binds.get(e.args[1])
    state = game.state
    if who is None or chosen is None:
        return
    hand = state.hands.get(who, [])
    if chosen not in hand:
        why = f"{game.names[who]} no longer holds {game.card_name(chosen)}"
        _nothing(game, play, actor, why, {"effect": "discard", "card": chosen})
        return
    hand.remove(chosen)
    state.discard[game.scenario.cards[chosen].deck].append(chosen)
    game.log(
        "discard",
        f"{game.names[who]} discards {game.card_name(chosen)} ({play.name})",
        play,
        actor,
        data={"actor": who, "cards": [chosen]},
    )


def _give(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    """Pass the card a card choice picked from the player's hand to another's: everyone sees
    that a card changed hands; only the two players see which."""
    chosen, to = binds.get(e.args[0]), _who(binds, e.args[1])
    state = game.state
    if actor is None or chosen is None or to is None or to == actor:
        return
    hand = state.hands.get(actor, [])
    if chosen not in hand or to not in state.hands:
        why = f"{game.names[actor]} no longer holds {game.card_name(chosen)}"
        _nothing(game, play, actor, why, {"effect": "give", "card": chosen})
        return
    hand.remove(chosen)
    state.hands[to].append(chosen)
    names = game.names
    game.log(
        "give",
        f"{names[actor]} passes a card to {names[to]} ({play.name})",
        play,
        actor,
        data={"from": actor, "to": to},
    )
    for seat in (actor, to):
        game.log(
            "give",
            f"The card passed: {game.card_name(chosen)}",
            play,
            actor,
            data={"card": chosen},
            visible_to=seat,
        )


def _trigger(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    trigger = e.args[0]
    zone = binds.get(TARGET)
    if not game.quiet:
        where = f" at {game.names[zone]}" if zone else ""
        game.log(
            "trigger",
            f"{game.scenario.triggers[trigger]}{where}",
            play,
            actor,
            data={"trigger": trigger, "zone": zone},
        )
    state = game.state
    firing = game.firing
    if not firing:
        game.fired = 0
    game.fired += 1
    if game.fired > MAX_CHAINED_TRIGGERS:
        raise RuleLoopError(display_path(game.scenario.path), _loop_message(game, trigger, play))
    for rule in game.scenario.rules_on.get(trigger, ()):
        rule_binds = {TARGET: zone}
        if rule.play.condition is None or rule.play.condition(state, rule_binds):
            if not game.quiet:
                game.log("rule", f"Standing rule: {rule.play.name}", rule.play, None)
            firing.append((trigger, rule.id))
            try:
                resolve(game, rule.play, rule_binds, None)
            finally:
                firing.pop()
    # Everyone who could hold an answer gets a window, whatever is in their hand now; a
    # window with nothing to answer with is declined by the engine (see Game._advance).
    for other in game.reactors[trigger]:
        if other == actor or any(w.actor == other and w.trigger == trigger for w in state.pending):
            continue
        state.pending.append(Window(other, trigger, zone, actor))


def _loop_message(game: Game, trigger: str, play: Play) -> str:
    """Name the loop: the rules and triggers from the trigger's first firing in the chain."""
    chain = [*game.firing, (trigger, "")]
    first = next((i for i, (t, _) in enumerate(chain) if t == trigger), 0)
    steps = [f"trigger '{t}'" + (f" → rule '{r}'" if r else "") for t, r in chain[first:]]
    if len(steps) == 1:  # not a cycle on the stack: many firings side by side
        steps = [f"rule '{play.source}' → trigger '{trigger}'"]
    return (
        f"standing rules loop: one trigger set off more than {MAX_CHAINED_TRIGGERS} firings "
        f"(turn {game.state.turn}): {' → '.join(steps)} …; give a rule in the loop a 'when' "
        "that stops it"
    )


def _narrate(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    if game.quiet:
        return
    out = []
    for literal, value, kind in e.args[1]:
        out.append(literal)
        if value is not None:
            out.append(_shown(game, value(game.state, binds), kind))
    game.log("narrate", "".join(out), play, actor, visible_to=_narration_readers(game, e))


#: A ``{…}`` field of narration, and the names (bare or quoted) an expression in it reads.
_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _narration_readers(game: Game, e: CEffect) -> tuple[str, ...] | None:
    """Who may read a narration line: everyone (``None``), unless it prints a private value
    (then its viewers now) or counts a hidden piece type (then its owner) — only those who
    may see all it reads."""
    scenario = game.scenario
    rules = secrets.privacy(scenario)
    if not rules.owners and not rules.hidden:
        return None
    who: set[str] | None = None
    for field in _FIELD.finditer(e.args[0]):
        for name in _NAME.findall(field.group(1) or ""):
            if name in rules.owners:
                seen = secrets.viewers(scenario, game.state.secrets, name)
            elif name in rules.hidden:
                seen = (rules.hidden[name],)
            else:
                continue
            if seen is not None:
                who = set(seen) if who is None else who & set(seen)
    return None if who is None else tuple(sorted(who))


def _shown(game: Game, value: Any, kind: str) -> str:
    """A value as narration prints it: ids by their display names, truth as yes or no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return game.names.get(value, value.replace("_", " "))
    return str(value)


def _branch(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    run(game, e.then if e.args[0](game.state, binds) else e.orelse, binds, play, actor)


def _roll_effect(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    _roll(game, e.args[0], binds, play, actor)


def _for_each(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    name, kind, where = e.args
    items = game.zone_ids if kind == "zone" else game.order
    inner = dict(binds)
    chosen = []
    for item in items:  # judged first, so the body cannot change which ones run
        inner[name] = item
        if where is None or where(game.state, inner):
            chosen.append(item)
    for item in chosen:
        if game.state.outcome is not None:
            return
        inner[name] = item
        run(game, e.then, inner, play, actor)


_HANDLERS: dict[str, Callable[..., None]] = {
    "adjust": _adjust,
    "set": _set,
    "flag": _flag,
    "place": _place,
    "remove": _remove,
    "move": _move,
    "draw": _draw,
    "discard": _discard,
    "discard_card": _discard_card,
    "give": _give,
    "trigger": _trigger,
    "narrate": _narrate,
    "if": _branch,
    "roll": _roll_effect,
    "for_each": _for_each,
    **secrets.HANDLERS,
    **deals.HANDLERS,
}
