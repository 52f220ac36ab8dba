"""The secret part of a game's state: who has been shown what, face-down pieces, piece
states, sealed orders not yet revealed, and offers awaiting an answer.

Kept apart from :class:`engine.play.state.GameState` (which holds one :class:`Secrets`) so
that the secret machinery lives in its own modules; every field is plain data, cheap to copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: In ``revealed``: the value is public from now on.
ALL = "*"


@dataclass(slots=True)
class Secrets:
    """Secret bookkeeping of one game (or what one actor may see of it, in a view).

    ``revealed`` maps a private value to the actors it was later shown to (``ALL``: public);
    ``facedown`` counts, per zone and piece type, how many of the pieces there are face-down;
    ``marks`` counts, per zone and piece type, pieces in a state other than the type's first;
    ``orders`` holds the sealed orders committed this phase, in commit order, as
    ``(actor, action text)``; ``resolving`` the revealed orders still to resolve;
    ``offers`` the deals proposed and not yet answered, as ``(deal, from, to)``. Orders stay
    after they are revealed (``open``) until the phase ends, so conflict rules can read them.
    """

    revealed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    facedown: dict[str, dict[str, int]] = field(default_factory=dict)
    marks: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    orders: list[tuple[str, str]] = field(default_factory=list)
    resolving: list[tuple[str, str]] = field(default_factory=list)
    offers: list[tuple[str, str, str]] = field(default_factory=list)
    #: Whether this phase's sealed orders have been revealed (they stay readable till it ends).
    open: bool = False

    def copy(self) -> Secrets:
        """An independent copy."""
        return Secrets(
            revealed=dict(self.revealed),
            facedown={z: dict(p) for z, p in self.facedown.items()},
            marks={z: {p: dict(s) for p, s in c.items()} for z, c in self.marks.items()},
            orders=list(self.orders),
            resolving=list(self.resolving),
            offers=list(self.offers),
            open=self.open,
        )

    def is_empty(self) -> bool:
        """Whether nothing secret is going on (most scenarios, always)."""
        return not (
            self.revealed
            or self.facedown
            or self.marks
            or self.orders
            or self.resolving
            or self.offers
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with a stable order (empty parts left out)."""
        out: dict[str, Any] = {}
        if self.revealed:
            out["revealed"] = {k: list(v) for k, v in sorted(self.revealed.items())}
        if self.facedown:
            out["facedown"] = {z: dict(sorted(p.items())) for z, p in sorted(self.facedown.items())}
        if self.marks:
            out["marks"] = {
                z: {p: dict(sorted(s.items())) for p, s in sorted(c.items())}
                for z, c in sorted(self.marks.items())
            }
        if self.orders:
            out["orders"] = [list(o) for o in self.orders]
        if self.resolving:
            out["resolving"] = [list(o) for o in self.resolving]
        if self.offers:
            out["offers"] = [list(o) for o in self.offers]
        if self.open:
            out["open"] = True
        return out


__all__ = ["ALL", "Secrets"]
