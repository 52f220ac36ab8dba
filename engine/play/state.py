"""The game state: plain containers, cheap to copy, holding everything that moves."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.play.events import Event
from engine.play.secret_state import Secrets


@dataclass(frozen=True, slots=True)
class Window:
    """A pending chance for ``actor`` to answer ``trigger`` (fired at ``zone``) with a reaction."""

    actor: str
    trigger: str
    zone: str | None
    by: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """How the game ended: winners (possibly none, possibly several), scores and why."""

    winners: tuple[str, ...]
    scores: dict[str, int]
    reason: str
    turn: int
    condition: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "winners": list(self.winners),
            "scores": dict(self.scores),
            "reason": self.reason,
            "turn": self.turn,
            "condition": self.condition,
        }


@dataclass(slots=True)
class GameState:
    """Everything that changes during a game. Scenario rules live in :class:`Scenario`."""

    values: dict[str, Any]
    board: dict[str, dict[str, int]]
    supply: dict[str, int]
    draw: dict[str, list[str]]
    discard: dict[str, list[str]]
    removed: list[str]
    hands: dict[str, list[str]]
    rng: int
    turn: int = 1
    phase: int = 0
    entered: bool = False
    round: int = 1
    seat: int = 0
    pending: list[Window] = field(default_factory=list)
    log: list[Event] = field(default_factory=list)
    history: list[dict[str, int]] = field(default_factory=list)
    outcome: Outcome | None = None
    #: The acting order of the current actions phase when its ``initiative`` set one (empty:
    #: the phase's fixed order).
    order: tuple[str, ...] = ()
    #: Private bookkeeping: reveals, face-down pieces, piece states, sealed orders, offers.
    secrets: Secrets = field(default_factory=Secrets)

    def copy(self) -> GameState:
        """An independent copy (events and windows are immutable, so lists copy shallowly)."""
        return GameState(
            values=dict(self.values),
            board={z: dict(p) for z, p in self.board.items()},
            supply=dict(self.supply),
            draw={d: list(c) for d, c in self.draw.items()},
            discard={d: list(c) for d, c in self.discard.items()},
            removed=list(self.removed),
            hands={a: list(h) for a, h in self.hands.items()},
            rng=self.rng,
            turn=self.turn,
            phase=self.phase,
            entered=self.entered,
            round=self.round,
            seat=self.seat,
            pending=list(self.pending),
            log=list(self.log),
            history=list(self.history),
            outcome=self.outcome,
            order=self.order,
            secrets=self.secrets.copy(),
        )

    def hand_count(self, actor: str) -> int:
        """How many cards ``actor`` holds (public information)."""
        return len(self.hands.get(actor, ()))
