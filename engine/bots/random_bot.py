"""The random bot: a uniform choice among legal actions, from its own seeded generator."""

from __future__ import annotations

from engine.play import rng
from engine.play.actions import Action
from engine.play.view import View


class RandomBot:
    """Chooses uniformly at random; deterministic for a given seed."""

    needs_log = False

    def __init__(self, actor: str, seed: int = 0):
        self.actor = actor
        self._rng = rng.derive_seed(seed, "random", actor)

    def choose(self, view: View) -> Action:
        """A uniformly random legal action."""
        self._rng, i = rng.below(self._rng, len(view.legal))
        return view.legal[i]

    def explain(self) -> str:
        """Random bots have no reasons."""
        return "chosen at random"

    def snapshot(self) -> dict[str, int]:
        """The generator state or call count that the next choice depends on."""
        return {"rng": self._rng}

    def restore(self, snapshot: dict[str, int]) -> None:
        """Continue from a :meth:`snapshot`."""
        self._rng = int(snapshot["rng"])
