"""The greedy bot: one ply on its own score.

For each legal action it plays the action on a few determinisations of its view (the same
ones for every action, so the comparison is fair) and evaluates its end-of-game score formula
right after; a game that ends counts as a decisive win or loss. Ties go to the action listed
first in ``view.legal``.
"""

from __future__ import annotations

from engine.bots.evaluate import one_ply_value
from engine.play import rng
from engine.play.rules.actions import Action
from engine.play.views.determinize import Determinizer
from engine.play.views.view import View


class GreedyBot:
    """Maximises its score one action ahead; deterministic for a given seed."""

    needs_log = False

    def __init__(self, actor: str, seed: int = 0, samples: int = 6):
        self.actor = actor
        self.samples = max(1, int(samples))
        self._seed = rng.derive_seed(seed, "greedy", actor)
        self._calls = 0
        self._why = "no choice made yet"

    def choose(self, view: View) -> Action:
        """The legal action with the best mean one-ply value."""
        self._calls += 1
        legal = view.legal
        if len(legal) == 1:
            self._why = "the only legal action"
            return legal[0]
        sampler = Determinizer(view)
        worlds = [
            sampler.sample(rng.derive_seed(self._seed, self._calls, k)) for k in range(self.samples)
        ]
        best, best_value = legal[0], float("-inf")
        for action in legal:
            total = 0.0
            for world in worlds:
                game = world.copy()
                game.push(action)
                total += one_ply_value(game, self.actor)
            value = total / len(worlds)
            if value > best_value:
                best, best_value = action, value
        self._why = (
            f"best expected score one move ahead ({best_value:.1f} over {len(worlds)} samples)"
        )
        return best

    def explain(self) -> str:
        """The value that made the last choice best."""
        return self._why

    def snapshot(self) -> dict[str, int]:
        """The generator state or call count that the next choice depends on."""
        return {"calls": self._calls}

    def restore(self, snapshot: dict[str, int]) -> None:
        """Continue from a :meth:`snapshot`."""
        self._calls = int(snapshot["calls"])
