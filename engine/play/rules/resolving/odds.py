"""Odds of a roll: the distribution of dice totals, and a preview for one concrete action.

Modifiers depend on the state and the chosen target, so exact odds exist only for an action;
``preview`` evaluates them the way resolution will, without rolling or changing anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from engine.load.scenario import SELF, TARGET, CRoll, Play
from engine.play.rules.actions import Action

if TYPE_CHECKING:
    from engine.play.game import Game


@lru_cache(maxsize=64)
def distribution(count: int, sides: int) -> dict[int, float]:
    """Probability of each total of ``count`` dice with ``sides`` faces (exact convolution)."""
    dist = {0: 1.0}
    for _ in range(count):
        nxt: dict[int, float] = {}
        for total, p in dist.items():
            for face in range(1, sides + 1):
                nxt[total + face] = nxt.get(total + face, 0.0) + p / sides
        dist = nxt
    return dist


@dataclass(frozen=True)
class RowOdds:
    """One outcome row and the chance of landing on it."""

    low: int
    high: int
    label: str
    probability: float


def row_odds(roll: CRoll, modifier: int = 0) -> list[RowOdds]:
    """Each outcome row with its probability, for the dice plus a total ``modifier``."""
    chances: dict[int, float] = {}
    for total, p in distribution(roll.count, roll.sides).items():
        row = roll.row(total + modifier)
        chances[id(row)] = chances.get(id(row), 0.0) + p
    return [RowOdds(r.low, r.high, r.label, chances.get(id(r), 0.0)) for r in roll.outcomes]


@dataclass(frozen=True)
class RollPreview:
    """What a roll would face if ``action`` were taken now: modifiers and row odds."""

    modifiers: tuple[tuple[str, int], ...]
    rows: tuple[RowOdds, ...]

    @property
    def total_modifier(self) -> int:
        """Sum of the modifiers that apply."""
        return sum(add for _, add in self.modifiers)


def play_of(game: Game, action: Action) -> Play | None:
    """The card side or operation ``action`` plays (None for a pass or a decline)."""
    scenario = game.scenario
    if action.kind == "ops" and action.operation:
        return scenario.operations[action.operation].play
    if action.kind in ("event", "react") and action.card:
        return scenario.cards[action.card].side(game.state)
    return None


def preview(game: Game, action: Action) -> RollPreview | None:
    """The roll ``action`` would make now, or None when it rolls no dice.

    Modifiers are judged on the current state; effects that run before the roll (and could
    change a modifier's condition) are not simulated.
    """
    play = play_of(game, action)
    if play is None or play.roll is None:
        return None
    binds = {SELF: action.actor, TARGET: action.target, "target_piece": action.piece}
    applied = play.roll.applied(game.state, binds)
    total = sum(add for _, add in applied)
    return RollPreview(tuple(applied), tuple(row_odds(play.roll, total)))
