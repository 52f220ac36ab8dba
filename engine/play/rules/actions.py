"""Actions: small frozen values with a text form that round-trips (like a chess move's UCI).

Text form: ``ACTOR KIND [CARD] [OPERATION] [@ZONE[:PIECE] | @CHOICE=VALUE,...]``, for example
``israel event precision_strike @t4``, ``iran ops militia_surge build_militia @golan``,
``russia react air_defence_alert``, ``russia decline``, ``israel pass``, ``israel discard
notify_hotline`` (discarding down to a hand limit, see engine.play.rules.turn.hand_limit),
the answer to an offered deal ``russia accept quiet_understanding`` (or ``reject``; the
deal's id is kept as the action's ``operation``), and for a multi-choice action ``navy ops
convoy sail @origin=north,dest=east`` (each choice by its id, in the order they are made).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.errors import InvalidActionError

KINDS = ("event", "ops", "react", "decline", "pass", "discard", "accept", "reject")
_KIND_RANK = {kind: i for i, kind in enumerate(KINDS)}


@dataclass(frozen=True, slots=True)
class Action:
    """One decision by one actor.

    Actions sort (by :meth:`sort_key`: actor, kind in the order of ``KINDS``, card, operation,
    target, piece — a missing name before any name), so a list of them has one canonical order;
    :class:`engine.play.views.action_space.ActionSpace` numbers a scenario's actions in that order.
    """

    actor: str
    kind: str
    card: str | None = None
    operation: str | None = None
    target: str | None = None
    piece: str | None = None
    #: A multi-choice action's decisions, in order: ``(("origin", "north"), ("dest", "east"))``.
    choices: tuple[tuple[str, str], ...] = ()

    def sort_key(self) -> tuple[str, int, str, str, str, str, tuple[tuple[str, str], ...]]:
        """The key actions sort by (``None`` sorts as the empty name, before any other)."""
        return (
            self.actor,
            _KIND_RANK.get(self.kind, len(KINDS)),
            self.card or "",
            self.operation or "",
            self.target or "",
            self.piece or "",
            self.choices,
        )

    def __eq__(self, other: object) -> bool:
        # As the dataclass's own, field by field, without building two tuples: a chosen action
        # is checked against the legal list (``in``) on every move of a playout.
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Action)
        return (
            self.card == other.card
            and self.target == other.target
            and self.kind == other.kind
            and self.operation == other.operation
            and self.piece == other.piece
            and self.actor == other.actor
            and self.choices == other.choices
        )

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Action):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Action):
            return NotImplemented
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Action):
            return NotImplemented
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Action):
            return NotImplemented
        return self.sort_key() >= other.sort_key()

    def __str__(self) -> str:
        parts = [self.actor, self.kind]
        if self.card:
            parts.append(self.card)
        if self.operation:
            parts.append(self.operation)
        if self.target:
            parts.append(f"@{self.target}" + (f":{self.piece}" if self.piece else ""))
        elif self.choices:
            parts.append("@" + ",".join(f"{name}={value}" for name, value in self.choices))
        return " ".join(parts)

    def chosen(self, name: str) -> str | None:
        """The value chosen for the choice ``name``, or None."""
        return next((value for n, value in self.choices if n == name), None)

    def __repr__(self) -> str:
        return f"Action.parse({str(self)!r})"

    @classmethod
    def parse(cls, text: str) -> Action:
        """Parse the text form; raise :class:`InvalidActionError` when malformed."""
        words = text.split()
        if len(words) < 2:
            raise InvalidActionError(f"'{text}': expected 'ACTOR KIND ...'")
        actor, kind, *rest = words
        if kind not in KINDS:
            raise InvalidActionError(f"'{text}': unknown kind '{kind}' (one of {', '.join(KINDS)})")
        target = piece = None
        choices: tuple[tuple[str, str], ...] = ()
        if rest and rest[-1].startswith("@"):
            spec = rest.pop()[1:]
            if "=" in spec:
                choices = _choices(text, spec)
            else:
                target, _, piece_part = spec.partition(":")
                piece = piece_part or None
                if not target:
                    raise InvalidActionError(f"'{text}': empty target after '@'")
        want = {"event": 1, "react": 1, "ops": 2, "decline": 0, "pass": 0, "discard": 1}.get(
            kind, 1
        )
        if len(rest) != want:
            raise InvalidActionError(f"'{text}': '{kind}' takes {want} name(s), got {len(rest)}")
        if kind in ("accept", "reject"):  # the answer to a deal: its id is the one name
            return cls(actor, kind, None, rest[0])
        card = rest[0] if want >= 1 else None
        operation = rest[1] if want == 2 else None
        return cls(actor, kind, card, operation, target, piece, choices)


_INTERNED: dict[tuple[Any, ...], Action] = {}


def interned(
    actor: str,
    kind: str,
    card: str | None = None,
    operation: str | None = None,
    target: str | None = None,
    piece: str | None = None,
    choices: tuple[tuple[str, str], ...] = (),
) -> Action:
    """The one shared object for this action. Actions are values, but the legal lists are
    hot: one object per distinct action is cheaper to hash and compare, and lets the action
    space and the search find an action by identity."""
    key = (actor, kind, card, operation, target, piece, choices)
    action = _INTERNED.get(key)
    if action is None:
        action = _INTERNED[key] = Action(*key)
    return action


def _choices(text: str, spec: str) -> tuple[tuple[str, str], ...]:
    """``origin=north,dest=east`` → ``(("origin", "north"), ("dest", "east"))``."""
    out: list[tuple[str, str]] = []
    for part in spec.split(","):
        name, sep, value = part.partition("=")
        if not (sep and name and value) or "=" in value:
            raise InvalidActionError(f"'{text}': expected '@CHOICE=VALUE,...', got '{part}'")
        if any(name == n for n, _ in out):
            raise InvalidActionError(f"'{text}': choice '{name}' given twice")
        out.append((name, value))
    return tuple(out)
