"""The doctrine bot: follows the scenario's per-actor priority list and says which entry chose.

Each entry is "when CONDITION prefer CARD-OR-OPERATION-OR-pass [use event|ops]". The bot takes
the first entry whose condition holds on its view *and* that matches at least one legal
action (a card with no ``use`` means its event when playable, else its operations); among
several matching actions (targets) it picks one with its seeded generator.
When no entry applies it plays at random and says so.
"""

from __future__ import annotations

from engine.load.scenario import SELF, TARGET, CDoctrineEntry
from engine.play import rng
from engine.play.actions import Action
from engine.play.view import View


def matches(action: Action, entry: CDoctrineEntry) -> bool:
    """Whether ``action`` is what ``entry`` prefers."""
    prefer = entry.prefer
    if prefer == "pass":
        return action.kind in ("pass", "decline")
    if action.card == prefer:
        if entry.use == "event":
            return action.kind in ("event", "react")
        if entry.use == "ops":
            return action.kind == "ops"
        return True
    return action.operation == prefer


class DoctrineBot:
    """Plays the scenario's doctrine for its actor; deterministic for a given seed."""

    needs_log = False

    def __init__(self, actor: str, seed: int = 0):
        self.actor = actor
        self._rng = rng.derive_seed(seed, "doctrine", actor)
        self._why = "no choice made yet"
        #: The doctrine entry behind the last choice (None when it fell back to random).
        self.last_entry: CDoctrineEntry | None = None

    def choose(self, view: View) -> Action:
        """The first firing doctrine entry's action, else a random legal action."""
        legal = view.legal
        binds = {SELF: self.actor, TARGET: None}
        for entry in view.scenario.doctrine.get(self.actor, ()):
            if entry.condition is not None and not entry.condition(view, binds):
                continue
            options = [a for a in legal if matches(a, entry)]
            if not options:
                continue
            if entry.use is None:
                # "prefer CARD" with no use means the card's event when it can be played.
                events = [a for a in options if a.kind in ("event", "react")]
                options = events or options
            self._rng, i = rng.below(self._rng, len(options))
            self.last_entry = entry
            use = f" as {entry.use}" if entry.use else ""
            self._why = f"doctrine #{entry.index + 1} ({entry.prefer}{use}): {entry.why}"
            return options[i]
        self.last_entry = None
        self._rng, i = rng.below(self._rng, len(legal))
        self._why = "no doctrine entry applies; chosen at random"
        return legal[i]

    def explain(self) -> str:
        """The doctrine entry (number, preference and its ``why``) behind the last choice."""
        return self._why
