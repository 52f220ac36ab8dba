"""Private state at play: who may see a value, face-down pieces, piece states, and the
effects that reveal, whisper and mark.

A track, counter or flag with ``visible_to`` is private to those actors; a ``reveal`` effect
adds viewers (or makes it public) for the rest of the game. Its changes are logged only to
its viewers, with the value's ``notice`` (if any) in the public log instead. A piece type with
``hidden: true`` is placed face-down: its owner sees it, the others an unknown piece, until a
``reveal`` turns it face-up. A piece type with ``states`` keeps, per zone, how many of its
pieces are in each state other than the first.

The bookkeeping lives in :class:`engine.play.secret_state.Secrets` (``state.secrets``);
:func:`engine.play.views.view.observe` filters it, so the view stays the one door to what an
actor may know.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.load.scenario import SELF, TARGET, CEffect, Play, Scenario
from engine.play.secret_state import ALL, Secrets

if TYPE_CHECKING:
    from engine.play.game import Game

Binds = dict[str, Any]


@dataclass(frozen=True)
class Privacy:
    """What is secret in one scenario, looked up on every logged change (built once)."""

    #: Private value → the actors who see it from the start.
    owners: dict[str, tuple[str, ...]]
    #: Private value → the public line when it changes ("" for none).
    notices: dict[str, str]
    #: Hidden piece types → their owner.
    hidden: dict[str, str]
    #: Piece types with states → their states (the first is the one placed).
    states: dict[str, tuple[str, ...]]

    @property
    def any(self) -> bool:
        """Whether the scenario has anything private at all."""
        return bool(self.owners or self.hidden or self.states)


def privacy(scenario: Scenario) -> Privacy:
    """The scenario's :class:`Privacy`, built on first use and kept with the scenario."""
    found = scenario.__dict__.get("_privacy")
    if found is None:
        owners: dict[str, tuple[str, ...]] = {}
        notices: dict[str, str] = {}
        for group in (scenario.tracks, scenario.counters, scenario.flags):
            for item in group:
                if item.visible_to:
                    owners[item.id] = tuple(item.visible_to)
                    notices[item.id] = item.notice
        found = Privacy(
            owners=owners,
            notices=notices,
            hidden={p.id: p.owner for p in scenario.piece_types if p.hidden},
            states={p.id: tuple(p.states) for p in scenario.piece_types if p.states},
        )
        scenario.__dict__["_privacy"] = found  # a frozen dataclass: set beside its fields
    return found


def viewers(scenario: Scenario, secrets: Any, value: str) -> tuple[str, ...] | None:
    """Who sees ``value`` now: ``None`` when it is public, else the actors, in a fixed order."""
    owners = privacy(scenario).owners.get(value)
    if owners is None:
        return None
    more = secrets.revealed.get(value, ())
    if ALL in more:
        return None
    return tuple(sorted({*owners, *more}))


def sees(scenario: Scenario, secrets: Any, value: str, actor: str | None) -> bool:
    """Whether ``actor`` (``None``: a spectator) may see ``value`` now."""
    who = viewers(scenario, secrets, value)
    return who is None or (actor is not None and actor in who)


def log_value(
    game: Game,
    value: str,
    kind: str,
    text: str,
    play: Play,
    actor: str | None,
    data: dict[str, Any],
) -> None:
    """Log a change of ``value``: publicly, or to its viewers with its notice for the rest."""
    if game.quiet:
        return
    who = viewers(game.scenario, game.state.secrets, value)
    game.log(kind, text, play, actor, data=data, visible_to=who)
    if who is not None:
        notice = privacy(game.scenario).notices.get(value, "")
        if notice:
            game.log("notice", notice, play, actor, data={"private": True})


# -- pieces ----------------------------------------------------------------------------------
def initial_secrets(scenario: Scenario) -> Secrets:
    """The secrets a game starts with: hidden pieces placed at the start are face-down."""
    secrets = Secrets()
    hidden = privacy(scenario).hidden
    if not hidden:
        return secrets
    for piece, zone, count in scenario.placements:
        if piece in hidden:
            _bump(secrets.facedown, zone, piece, count)
    return secrets


def shifted(game: Game, piece: str, src: str | None, dst: str | None, n: int) -> int:
    """Keep face-down counts and piece states right after ``n`` pieces moved from ``src`` to
    ``dst`` (``None``: the supply). Return how many of them were face-down.

    Pieces leave a zone face-up first and in the type's first state first (the ones a player
    can point at); face-down pieces that move stay face-down, marked ones keep their state.
    Placed pieces are face-down when the type is hidden, and in its first state.
    """
    rules = privacy(game.scenario)
    if piece not in rules.hidden and piece not in rules.states:
        return 0
    secrets = game.state.secrets
    down = 0
    if piece in rules.hidden:
        if src is None:
            down = n
        else:
            there = secrets.facedown.get(src, {}).get(piece, 0)
            total_before = game.state.board[src].get(piece, 0) + n
            down = max(0, n - (total_before - there))
            _bump(secrets.facedown, src, piece, -down)
        if dst is not None:
            _bump(secrets.facedown, dst, piece, down)
    if piece in rules.states and src is not None:
        marks = secrets.marks.get(src, {}).get(piece, {})
        plain = game.state.board[src].get(piece, 0) + n - sum(marks.values())
        leaving = max(0, n - plain)
        for state in rules.states[piece][1:]:
            take = min(leaving, marks.get(state, 0))
            if take:
                _mark(secrets.marks, src, piece, state, -take)
                if dst is not None:
                    _mark(secrets.marks, dst, piece, state, take)
                leaving -= take
    return down


def _bump(table: dict[str, dict[str, int]], zone: str, piece: str, by: int) -> None:
    if not by:
        return
    cell = table.setdefault(zone, {})
    cell[piece] = cell.get(piece, 0) + by
    if not cell[piece]:
        del cell[piece]
    if not cell:
        del table[zone]


def _mark(table: dict[str, dict[str, dict[str, int]]], zone: str, piece: str, state: str, by: int):
    cell = table.setdefault(zone, {}).setdefault(piece, {})
    cell[state] = cell.get(state, 0) + by
    if not cell[state]:
        del cell[state]
    if not cell:
        del table[zone][piece]
    if not table[zone]:
        del table[zone]


def log_pieces(
    game: Game,
    kind: str,
    text: str,
    play: Play,
    actor: str | None,
    data: dict[str, Any],
    down: int,
    unknown_text: str,
) -> None:
    """Log a placement or move: publicly, or — when ``down`` of the pieces are face-down — the
    true line to their owner and ``unknown_text`` (no type named) to everyone."""
    if not down:
        game.log(kind, text, play, actor, data=data)
        return
    owner = privacy(game.scenario).hidden[data["piece"]]
    game.log(kind, text, play, actor, data=data, visible_to=owner)
    public = {k: v for k, v in data.items() if k != "piece"} | {"count": down, "unknown": owner}
    game.log(kind, unknown_text, play, actor, data=public)
    n = data["count"]
    if down < n:  # the face-up ones are seen for what they are
        seen = text.replace(f"{n} ×", f"{n - down} ×", 1)
        game.log(kind, seen, play, actor, data=data | {"count": n - down})


def in_state(state_obj: Any, piece: str, wanted: str, zone: str | None, first: str) -> int:
    """How many pieces of ``piece`` are in state ``wanted`` (in ``zone``, or anywhere)."""
    marks = state_obj.secrets.marks
    zones = [zone] if zone is not None else list(state_obj.board)
    total = 0
    for z in zones:
        cell = marks.get(z, {}).get(piece, {})
        if wanted == first:
            total += state_obj.board.get(z, {}).get(piece, 0) - sum(cell.values())
        else:
            total += cell.get(wanted, 0)
    return total


# -- effects ---------------------------------------------------------------------------------
def _who(binds: Binds, ref: str, actor: str | None) -> str | None:
    if ref == SELF:
        return binds.get(SELF, actor)
    return binds.get(ref, ref)


def _reveal(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    what, name, zone_ref, to = e.args
    if what == "piece":
        _reveal_pieces(game, name, zone_ref, binds, play, actor)
        return
    state = game.state
    before = viewers(game.scenario, state.secrets, name)
    if before is None:
        return  # already public
    if to == ALL:
        state.secrets.revealed[name] = (ALL,)
    else:
        people = [w for w in (_who(binds, r, actor) for r in to) if w is not None]
        new = tuple(sorted({*state.secrets.revealed.get(name, ()), *people}))
        if set(new) <= set(before):
            return
        state.secrets.revealed[name] = new
    after = viewers(game.scenario, state.secrets, name)
    value = state.values[name]
    shown = ("on" if value else "off") if isinstance(value, bool) else str(value)
    text = f"Revealed: {game.names[name]} is {shown} ({play.name})"
    data = {"value": name, "to": shown, "reveal": ALL if after is None else list(after)}
    game.log("reveal", text, play, actor, data=data, visible_to=after)
    if after is not None:  # the others see that something was shared, not what
        names = ", ".join(game.names[a] for a in after if a in game.names)
        game.log("notice", f"A secret is shared with {names}", play, actor, data={"private": True})


def _reveal_pieces(
    game: Game, piece: str, zone_ref: str | None, binds: Binds, play: Play, actor: str | None
) -> None:
    secrets = game.state.secrets
    if zone_ref is None:
        zones = [z for z in game.zone_ids if secrets.facedown.get(z, {}).get(piece)]
    else:
        zone = binds.get(zone_ref) if zone_ref in binds or zone_ref == TARGET else zone_ref
        zones = [zone] if zone is not None else []
    for zone in zones:
        n = secrets.facedown.get(zone, {}).get(piece, 0)
        if not n:
            continue
        _bump(secrets.facedown, zone, piece, -n)
        text = f"Revealed: {n} × {game.names[piece]} in {game.names[zone]} ({play.name})"
        game.log("reveal", text, play, actor, data={"piece": piece, "zone": zone, "count": n})


def _message(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    to, text, notice = e.args
    people = tuple(sorted({w for w in (_who(binds, r, actor) for r in to) if w is not None}))
    if not people:
        return
    game.log("message", text, play, actor, data={"to": list(people)}, visible_to=people)
    if notice:
        game.log("notice", notice, play, actor, data={"private": True})


def _mark_effect(game: Game, e: CEffect, binds: Binds, play: Play, actor: str | None) -> None:
    piece, zone_ref, wanted, source, count = e.args
    zone = binds.get(zone_ref) if zone_ref in binds or zone_ref == TARGET else zone_ref
    if zone is None:
        return
    states = privacy(game.scenario).states[piece]
    state = game.state
    n = int(count(state, binds))
    moved = 0
    for origin in [source] if source else [s for s in states if s != wanted]:
        if origin == wanted:
            continue
        have = in_state(state, piece, origin, zone, states[0])
        take = min(n - moved, have)
        if take <= 0:
            continue
        if origin != states[0]:
            _mark(state.secrets.marks, zone, piece, origin, -take)
        if wanted != states[0]:
            _mark(state.secrets.marks, zone, piece, wanted, take)
        moved += take
    if not moved:
        return
    down = game.state.secrets.facedown.get(zone, {}).get(piece, 0)
    text = f"{moved} × {game.names[piece]} in {game.names[zone]} now {wanted} ({play.name})"
    data = {"piece": piece, "zone": zone, "count": moved, "state": wanted}
    if down:  # a face-down piece's state is its owner's to know
        owner = privacy(game.scenario).hidden[piece]
        game.log("mark", text, play, actor, data=data, visible_to=owner)
    else:
        game.log("mark", text, play, actor, data=data)


HANDLERS: dict[str, Callable[..., None]] = {
    "reveal": _reveal,
    "message": _message,
    "mark": _mark_effect,
}

__all__ = [
    "HANDLERS",
    "Privacy",
    "in_state",
    "initial_secrets",
    "log_pieces",
    "log_value",
    "privacy",
    "sees",
    "shifted",
    "viewers",
]
