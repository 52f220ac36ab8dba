"""The narrative log: every change of state is an :class:`Event` that names its cause."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Event:
    """One logged happening (treat as immutable; not frozen only because that is slower).

    ``cause`` is the card, operation or rule id (or ``engine`` for the turn machinery);
    ``claims`` the source claims that rule models, ``assumptions`` the designer's;
    ``visible_to`` limits a private event (e.g. which cards were drawn) to one actor, or to a
    tuple of actors (the parties to a secret).
    """

    seq: int
    turn: int
    kind: str
    text: str
    cause: str = "engine"
    claims: tuple[str, ...] = ()
    actor: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    visible_to: str | tuple[str, ...] | None = None
    #: The designer's assumptions the cause rests on (beside the source's ``claims``).
    assumptions: tuple[str, ...] = ()

    def visible(self, actor: str | None) -> bool:
        """Whether ``actor`` may see this event (``None`` sees only public events)."""
        seen = self.visible_to
        if seen is None or seen == actor:
            return True
        # a private line shared by several actors (a secret deal's parties)
        return isinstance(seen, tuple) and actor in seen

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with a stable key order."""
        out: dict[str, Any] = {
            "seq": self.seq,
            "turn": self.turn,
            "kind": self.kind,
            "text": self.text,
            "cause": self.cause,
            "claims": list(self.claims),
        }
        if self.assumptions:
            out["assumptions"] = list(self.assumptions)
        if self.actor is not None:
            out["actor"] = self.actor
        if self.data:
            out["data"] = self.data
        if self.visible_to is not None:
            seen = self.visible_to
            out["visible_to"] = list(seen) if isinstance(seen, tuple) else seen
        return out


def log_to_jsonl(events: list[Event]) -> str:
    """The log as JSON lines: byte-identical for identical games."""
    return "".join(json.dumps(e.to_dict(), sort_keys=True) + "\n" for e in events)
