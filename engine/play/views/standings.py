"""The live score: each side's end-of-game score as things stand, and how far it is from a win.

A scenario's ``victory.end`` gives each side a score formula and a ``wins`` condition on that
score (``score >= israel_target``). Both are judged on a :class:`~engine.play.views.view.View`, so a
side's standing is only shown from what the reader may see: a formula that needs hidden facts
reads as unknown rather than leaking them. The winning threshold is found by searching the
``wins`` condition over scores, so any condition monotone in the score (``>=``, ``>``, ``<=``)
gives a distance; anything else reports only whether it holds now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.load.scenario import Scenario
from engine.play.views.secret_view import unknown_variants

#: The scores searched for a winning threshold.
_LOW, _HIGH = -100_000, 100_000


@dataclass(frozen=True)
class Standing:
    """One side's score now and its distance to winning.

    ``threshold`` is the score at which the side wins (None when the condition is not a
    threshold); ``higher`` says whether a higher score is better; ``need`` is how many points
    are still missing (0 when the side would win if the game ended now).
    """

    actor: str
    name: str
    score: int | None
    wins_now: bool | None
    threshold: int | None
    higher: bool
    explain: str

    @property
    def need(self) -> int | None:
        """Points still missing to win (0 if winning now), or None when unknown."""
        if self.score is None or self.threshold is None:
            return None
        gap = self.threshold - self.score if self.higher else self.score - self.threshold
        return max(0, gap)

    def phrase(self) -> str:
        """``12, wins at ≥ 8 (winning)`` or ``33, wins at ≥ 40 (needs +7)``."""
        if self.score is None:
            return "score hidden"
        text = str(self.score)
        if self.threshold is not None:
            text += f", wins at {'≥' if self.higher else '≤'} {self.threshold}"
            need = self.need
            if need == 0:
                text += " (winning now)"
            else:
                text += f" (needs {'+' if self.higher else '−'}{need})"
        elif self.wins_now is not None:
            text += " (winning now)" if self.wins_now else " (not winning now)"
        return text


def _holds(condition: Any, view: Any, score: int) -> bool | None:
    try:
        return bool(condition(view, {"score": score}))
    except Exception:
        return None


def _threshold(condition: Any, view: Any) -> tuple[int | None, bool]:
    """The least (or greatest) winning score, and whether higher is better."""
    low, high = _holds(condition, view, _LOW), _holds(condition, view, _HIGH)
    if low is None or high is None or low == high:
        return None, True
    higher = bool(high)
    lo, hi = _LOW, _HIGH  # invariant: the answer flips between lo and hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _holds(condition, view, mid) == high:
            hi = mid
        else:
            lo = mid
    return (hi, True) if higher else (lo, False)


def standings(scenario: Scenario, view: Any) -> list[Standing]:
    """Every scored side's standing as ``view`` sees it, in the scenario's order."""
    out = []
    names = scenario.tables.names
    variants = unknown_variants(view) if getattr(view, "unknown", None) else []
    for score in scenario.scores:
        try:
            value: int | None = int(score.score(view, {}))
        except Exception:
            value = None
        if value is not None and any(int(score.score(v, {})) != value for v in variants):
            value = None  # it counts face-down pieces whose type the reader cannot see
        threshold, higher = _threshold(score.wins, view)
        wins_now = _holds(score.wins, view, value) if value is not None else None
        out.append(
            Standing(
                score.actor,
                names.get(score.actor, score.actor),
                value,
                wins_now,
                threshold,
                higher,
                score.explain,
            )
        )
    return out


__all__ = ["Standing", "standings"]
