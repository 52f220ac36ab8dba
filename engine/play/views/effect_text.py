"""Effects in numbers: what a card side, operation or outcome row changes, by how much, where.

Generated from the scenario's compiled effects (never hand-written per card), so a card's
description cannot drift from what it does. Amounts and branch conditions are formulas
evaluated against what the reader may see (a :class:`~engine.play.views.view.View`) with the
bindings of a chosen action — its actor and target — so "You can now: strike Homs" reads
"Depot −1 in Homs (T4)"; without a target a formula that needs one reads "varies with the
target". Pure text, no styling: front ends add their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.load.scenario import SELF, TARGET, CEffect, Play, Scenario

Binds = Mapping[str, Any]


def describe_play(
    scenario: Scenario, play: Play, view: Any, binds: Binds | None = None
) -> list[str]:
    """The unconditional effects of ``play`` (before any roll), one phrase each."""
    return describe_effects(scenario, play.effects, view, binds or {})


def describe_effects(
    scenario: Scenario, effects: tuple[CEffect, ...], view: Any, binds: Binds
) -> list[str]:
    """One phrase per effect, e.g. ``Russian tolerance −2``, ``place 1 Militia in Golan``.

    Narration is left out (it changes nothing); a branch reads ``if … then …``, saying which
    way it goes as things stand when the condition can be judged now.
    """
    out: list[str] = []
    for effect in effects:
        if effect.kind in ("adjust", "set", "flag") and effect.args[0] in scenario.tables.internal:
            continue  # bookkeeping players never see
        phrase = _PHRASES.get(effect.kind, _unknown)(scenario, effect, view, binds)
        if phrase:
            out.append(phrase)
    return out


def summary(scenario: Scenario, effects: tuple[CEffect, ...], view: Any, binds: Binds) -> str:
    """The phrases joined by ``; `` (``no change`` when there are none)."""
    return "; ".join(describe_effects(scenario, effects, view, binds)) or "no change"


# -- numbers --------------------------------------------------------------------------------
def _value(formula: Any, view: Any, binds: Binds) -> int | None:
    """A formula's value now, or None when it cannot be judged (e.g. it needs a target)."""
    try:
        return int(formula(view, binds))
    except Exception:
        return None


def signed(n: int) -> str:
    """``+2``, ``−1`` (a true minus sign), ``0``."""
    return f"+{n}" if n > 0 else (f"−{-n}" if n < 0 else "0")


def _name(scenario: Scenario, ident: str | None) -> str:
    return scenario.tables.names.get(ident or "", ident or "?")


def _zone(scenario: Scenario, ref: str, binds: Binds) -> str:
    if ref != TARGET and ref in binds:  # a choice's or a loop's name
        zone = binds[ref]
        return _name(scenario, zone) if isinstance(zone, str) else f"each {ref.replace('_', ' ')}"
    if ref == TARGET:
        zone = binds.get(TARGET)
        return _name(scenario, zone) if zone else "the target zone"
    return _name(scenario, ref)


def _piece(scenario: Scenario, ref: str, binds: Binds) -> str:
    if ref == "target_piece":
        piece = binds.get("target_piece")
        return _name(scenario, piece) if piece else "the chosen piece"
    return _name(scenario, ref)


def _who(scenario: Scenario, ref: str, binds: Binds) -> str:
    if ref == SELF:
        who = binds.get(SELF)
        return _name(scenario, who) if who else "the player"
    return _name(scenario, ref)


# -- phrases --------------------------------------------------------------------------------
def _adjust(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    track, amount = e.args
    by = _value(amount, view, binds)
    return f"{_name(scenario, track)} {signed(by) if by is not None else '± varies'}"


def _set(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    track, amount = e.args
    to = _value(amount, view, binds)
    return f"{_name(scenario, track)} set to {to if to is not None else 'a varying value'}"


def _flag(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    flag, value = e.args
    return f"{_name(scenario, flag)}: {'on' if value else 'off'}"


def _count(amount: Any, view: Any, binds: Binds) -> str:
    n = _value(amount, view, binds)
    return str(n) if n is not None else "some"


def _place(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    piece, zone, amount = e.args
    n = _count(amount, view, binds)
    return f"place {n} × {_piece(scenario, piece, binds)} in {_zone(scenario, zone, binds)}"


def _remove(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    piece, zone, amount = e.args
    n = _count(amount, view, binds)
    where = _zone(scenario, zone, binds)
    text = f"remove {n} × {_piece(scenario, piece, binds)} from {where}"
    there = _on_board(view, zone, piece, binds)
    if there is not None:
        text += f" ({there} there now)"
    return text


def _on_board(view: Any, zone_ref: str, piece_ref: str, binds: Binds) -> int | None:
    zone = binds.get(TARGET) if zone_ref == TARGET else zone_ref
    piece = binds.get("target_piece") if piece_ref == "target_piece" else piece_ref
    board = getattr(view, "board", None)
    if not zone or not piece or not isinstance(board, dict):
        return None
    return int(board.get(zone, {}).get(piece, 0))


def _move(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    piece, src, dst, amount = e.args
    n = _count(amount, view, binds)
    return (
        f"move {n} × {_piece(scenario, piece, binds)} from {_zone(scenario, src, binds)} "
        f"to {_zone(scenario, dst, binds)}"
    )


def _draw(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    who, amount = e.args
    n = _count(amount, view, binds)
    return f"{_who(scenario, who, binds)} draws {n} card{'s' if n != '1' else ''}"


def _discard(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    who, amount = e.args
    n = _count(amount, view, binds)
    return f"{_who(scenario, who, binds)} discards {n} at random"


def _trigger(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    trigger = e.args[0]
    text = f"sets off “{scenario.triggers.get(trigger, trigger)}”"
    # Named in the card's own words elsewhere; here only how much may follow, kept short.
    rules = scenario.rules_on.get(trigger, ())
    follow = []
    if len(rules) == 1:
        follow.append(f"standing rule “{rules[0].play.name}” may fire")
    elif rules:
        follow.append(f"{len(rules)} standing rules may fire")
    if scenario.tables.reactors.get(trigger):
        names = ", ".join(_name(scenario, a) for a in scenario.tables.reactors[trigger])
        follow.append(f"{names} may react")
    return text + (f" ({'; '.join(follow)})" if follow else "")


def _narrate(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    return ""  # narration changes nothing


def _branch(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    then = summary(scenario, e.then, view, binds)
    orelse = summary(scenario, e.orelse, view, binds) if e.orelse else "no change"
    if then == orelse == "no change":
        return ""  # a branch that only narrates
    generic = f"if a condition holds: {then}" + (
        f", otherwise {orelse}" if orelse != "no change" else ""
    )
    if TARGET not in binds:  # no action chosen yet: the condition may hang on its target
        return generic
    try:
        now = bool(e.args[0](view, binds))
    except Exception:
        return generic  # a condition on what the reader cannot see
    taken, other = (then, orelse) if now else (orelse, then)
    if taken == "no change":
        return f"no change as things stand ({other} if a condition changes)"
    if other == "no change":
        return f"{taken} (as things stand)"
    return f"{taken} (as things stand; otherwise {other})"


def _roll(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    roll = e.args[0]
    rows = "; ".join(
        f"{row.low}–{row.high}: {summary(scenario, row.effects, view, binds)}"
        for row in roll.outcomes
    )
    return f"roll {roll.count}d{roll.sides} ({rows})"


def _for_each(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    name, kind, where = e.args
    which = f"each {kind} where a condition holds" if where is not None else f"each {kind}"
    return f"for {which}: {summary(scenario, e.then, view, {**binds, name: _EACH})}"


class _Each:
    """Stands for a loop's zone or actor: formulas that need it cannot be judged ("some")."""

    def __hash__(self) -> int:
        raise TypeError("a loop's name has no value outside the loop")


_EACH = _Each()


def _discard_card(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    return f"{_who(scenario, e.args[0], binds)} discards the card chosen"


def _give(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    return f"pass the card chosen to {_who(scenario, e.args[1], binds)}"


def _reveal(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    what, name, zone, to = e.args
    if what == "piece":
        where = f" in {_zone(scenario, zone, binds)}" if zone else ""
        return f"turn {_name(scenario, name)} face-up{where}"
    whom = "everyone" if to == "*" else ", ".join(_who(scenario, w, binds) for w in to)
    return f"reveal {_name(scenario, name)} to {whom}"


def _message(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    # the words are for the readers only: the description names them, not the text
    return "private message to " + ", ".join(_who(scenario, w, binds) for w in e.args[0])


def _mark(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    piece, zone, state, _, count = e.args
    n = _count(count, view, binds)
    verb = "becomes" if n == "1" else "become"
    return f"{n} × {_name(scenario, piece)} in {_zone(scenario, zone, binds)} {verb} {state}"


def _offer(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    deal = scenario.deals[e.args[0]]
    return f"offer {_name(scenario, deal.answerer)} a deal in private: {deal.name}"


def _unknown(scenario: Scenario, e: CEffect, view: Any, binds: Binds) -> str:
    return e.kind


_PHRASES = {
    "adjust": _adjust,
    "set": _set,
    "flag": _flag,
    "place": _place,
    "remove": _remove,
    "move": _move,
    "draw": _draw,
    "discard": _discard,
    "trigger": _trigger,
    "narrate": _narrate,
    "if": _branch,
    "roll": _roll,
    "for_each": _for_each,
    "discard_card": _discard_card,
    "give": _give,
    "reveal": _reveal,
    "message": _message,
    "mark": _mark,
    "offer": _offer,
}

__all__ = ["describe_effects", "describe_play", "signed", "summary"]
