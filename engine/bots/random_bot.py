"""The random bot: a uniform choice among legal actions, from its own seeded generator.

Two kinds share it. ``random`` draws an index into the list of legal actions (the stream every
saved and recorded random game was played with). ``random-fast`` draws the same distribution
through :meth:`engine.play.game.Game.sample_action`, which rarely lists the legal actions, so
playouts run faster — but it draws other numbers, so its games differ seed for seed from
``random``'s. A saved game keeps the kind it was played with, so either replays as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from engine.play import rng
from engine.play.rules.actions import Action
from engine.play.views.view import View

if TYPE_CHECKING:
    from engine.play.game import Game


class RandomBot:
    """Chooses uniformly at random; deterministic for a given seed.

    With ``sample=True`` (the ``random-fast`` kind) playouts call :meth:`sample`, which asks
    the game for one uniform legal action instead of listing them all.
    """

    needs_log = False
    #: It chooses from the legal actions alone: playouts hand it those and build no view
    #: (batches of random games run ~1.4x faster; the choices are the same draws).
    needs_view = False

    def __init__(self, actor: str, seed: int = 0, sample: bool = False):
        self.actor = actor
        self._rng = rng.derive_seed(seed, "random", actor)
        #: Whether playouts should call :meth:`sample` (see the module's docstring).
        self.uses_sample_action = bool(sample)

    def choose(self, view: View) -> Action:
        """A uniformly random legal action."""
        return self.choose_among(view.legal)

    def choose_among(self, legal: Sequence[Action]) -> Action:
        """A uniformly random one of ``legal`` (the actor's legal actions, in their order).

        A ``random-fast`` bot uses it too where it is handed a view (the TUI, agents): the
        same distribution, though not the draws :meth:`sample` would make."""
        self._rng, i = rng.below(self._rng, len(legal))
        return legal[i]

    def sample(self, game: Game) -> Action:
        """A uniformly random legal action of ``game`` for this bot's actor (who must be to
        move), drawn by :meth:`~engine.play.game.Game.sample_action`."""
        self._rng, action = game.sample_action(self._rng)
        return action

    def explain(self) -> str:
        """Random bots have no reasons."""
        return "chosen at random"

    def snapshot(self) -> dict[str, int]:
        """The generator state or call count that the next choice depends on."""
        return {"rng": self._rng}

    def restore(self, snapshot: dict[str, int]) -> None:
        """Continue from a :meth:`snapshot`."""
        self._rng = int(snapshot["rng"])


def fast_random(actor: str, seed: int = 0) -> RandomBot:
    """A ``random-fast`` bot: uniform like ``random``, drawn without listing the actions."""
    return RandomBot(actor, seed, sample=True)
