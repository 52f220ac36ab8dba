"""A seat at the table: what one player may see of a game and ask of its rules.

Front ends (the terminal UI, a web page, a program playing through a socket) go through a
seat, never through the game's state, so they cannot show a player what the player could not
know: other hands, the order of the draw piles, events another side saw privately. A seat
answers from the player's :class:`~engine.play.views.view.View` where the answer is a fact of the
table (which side of a card is in force, who is where) and from the rules where the answer
is about the player's own options (what it may play, why not, the odds of its own roll) —
the rules answer those without revealing anything else.

After the game is over nothing is hidden any more: :func:`debrief` is the view of
everything, for the after-action review.
"""

from __future__ import annotations

from dataclasses import replace

from engine.load.scenario import SELF, TARGET, CEffect, Play, Scenario
from engine.play.game import Game
from engine.play.rules.actions import Action
from engine.play.rules.listing.legality import choice_binds
from engine.play.rules.resolving.odds import RollPreview, play_of, preview
from engine.play.views.effect_text import describe_effects
from engine.play.views.standings import Standing, standings
from engine.play.views.view import View, observe


class Seat:
    """``actor``'s place at ``game``'s table (``None``: a spectator, who sees public facts).

    A seat holds no copy: it reads the game as it is whenever asked, so one seat serves a
    whole game (replace it when the game object itself is replaced, as after an undo).
    """

    def __init__(self, game: Game, actor: str | None) -> None:
        self.game = game
        self.actor = actor

    @property
    def scenario(self) -> Scenario:
        """The scenario being played (public: every player has the rules)."""
        return self.game.scenario

    def view(self, *, with_log: bool = True) -> View:
        """Everything this seat may see now."""
        return observe(self.game, self.actor, with_log=with_log)

    def zones_of(self, action: Action) -> frozenset[str]:
        """The zones ``action`` names: its target, or every zone among its choices (a move's
        origin and destination), for a map to highlight and a click to match."""
        zone_ids = self.scenario.tables.zone_ids
        zones = {value for _, value in action.choices if value in zone_ids}
        if action.target:
            zones.add(action.target)
        return frozenset(zones)

    def name_of(self, actor_or_zone: str | None) -> str:
        """The display name of an actor, zone or piece type (``nobody`` for None)."""
        return self.game.names.get(actor_or_zone or "", actor_or_zone or "nobody")

    # -- the table ----------------------------------------------------------------------
    def side(self, card_id: str, view: View | None = None) -> Play:
        """The side of ``card_id`` in force, judged on what this seat sees."""
        return self.scenario.cards[card_id].side(view or self.view(with_log=False))

    def flipped(self, card_id: str, view: View | None = None) -> bool:
        """Whether the flip side of ``card_id`` is in force."""
        return self.scenario.cards[card_id].flipped(view or self.view(with_log=False))

    def card_name(self, card_id: str, view: View | None = None) -> str:
        """The name of the side of ``card_id`` in force."""
        return self.side(card_id, view).name

    def standings(self, view: View | None = None) -> list[Standing]:
        """Every side's score as things stand and its distance to a win, judged on what this
        seat sees (a score resting on hidden facts reads as unknown)."""
        return standings(self.scenario, view or self.view(with_log=False))

    def effects(
        self, effects: tuple[CEffect, ...], action: Action | None = None, view: View | None = None
    ) -> list[str]:
        """``effects`` in numbers, e.g. ``Russian tolerance −2``, with ``action``'s actor and
        target filled in (without an action: this seat as the player, no target yet)."""
        binds = {SELF: action.actor if action else self.actor}
        if action is not None and action.choices:  # each choice by its id, target the last zone
            play = play_of(self.game, action)
            assert play is not None  # an action with choices plays a card side or an operation
            binds |= choice_binds(play, action)
        elif action is not None:  # no target key at all without an action: conditions on a
            # target are then described, not judged
            binds |= {TARGET: action.target, "target_piece": action.piece}
        return describe_effects(self.scenario, effects, view or self.view(with_log=False), binds)

    # -- this seat's options --------------------------------------------------------------
    def legal(self) -> list[Action]:
        """This seat's legal actions now (empty when another side decides, or for a spectator)."""
        if self.actor is None:
            return []
        return self.game.legal_actions(self.actor)

    def why_not(self, card_id: str, use: str = "event") -> str | None:
        """Why this seat cannot play ``card_id`` now (as event or ops), or None if it can."""
        if self.actor is None:
            return "spectators do not play"
        reason = self.game.why_not(self.actor, card_id, use)
        offers = self.game.state.secrets.offers
        if reason is None and offers and offers[0][2] == self.actor:
            return "answer the private offer first"  # its answer comes before anything else
        return reason

    def preview(self, action: Action) -> RollPreview | None:
        """The roll this seat's ``action`` would make now (None if it rolls no dice or is not
        this seat's to take)."""
        if self.actor is None or action.actor != self.actor:
            return None
        return preview(self.game, action)


def debrief(game: Game) -> View:
    """The view of everything, every event included: only once the game is over. Its
    ``history`` holds the tracks at the start, after each turn and at an early end.

    Raises ValueError while the game is in progress (hidden facts still matter then).
    """
    if not game.is_over():
        raise ValueError("the game is in progress: a debrief would reveal hidden facts")
    public = observe(game, None, with_log=False)
    return replace(public, log=tuple(game.state.log), history=tuple(game.track_history()))


__all__ = ["Seat", "debrief"]
