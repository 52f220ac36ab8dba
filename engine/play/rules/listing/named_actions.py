"""Listing the legal actions under one name — a card, an operation, ``pass`` — without
listing the rest (a mixin of :class:`engine.play.game.Game`, on top of
:class:`~engine.play.rules.listing.legality.Legality`).

A doctrine entry names one card, operation or ``pass``; a search's playouts ask the doctrine
for its move, and listing every legal action of every card to find the few its first firing
entry wants was most of the cost of a move (:mod:`engine.bots.named_legal`). Judged exactly
as :meth:`~engine.play.rules.listing.legality.Legality.legal_actions` judges them, in its order:
``tests/bots/test_named_legal.py`` checks every name at every decision of seeded games.
"""

from __future__ import annotations

from typing import Any

from engine.play.rules.actions import Action, interned
from engine.play.rules.listing.legality import Legality

#: The kinds of action in each part of a card's actions.
PART_KINDS = {"event": ("event", "react"), "ops": ("ops",)}
#: An operation not judged yet (None in ``judged`` is one judged unplayable).
_UNJUDGED = object()


class NamedActions(Legality):
    """The legal actions under one name (mixed into Game)."""

    def legal_actions_named(
        self, name: str, part: str | None = None, judged: dict[str, Any] | None = None
    ) -> list[Action]:
        """The legal actions for the actor to move under ``name``: the actions of
        :meth:`legal_actions` that play the card ``name`` (its event, then each operation it
        pays for), use the operation ``name`` (paid with each card in hand, in card order) or,
        for ``pass``, pass or decline — judged exactly as :meth:`legal_actions` judges them,
        in its order, but without judging what other names would list. Empty for a name
        nothing legal is under, and when the game is over.

        ``part`` keeps only a card's events and reactions (``"event"``) or only its
        operations (``"ops"``). ``judged``, a dict the caller keeps for one position (the
        same state and actor), keeps each operation's verdict between calls, so that asking
        several names at one decision judges each operation once, as listing does.

        In a reaction window, a hand-limit discard, an offered deal, or a scenario where an
        operation shares its id with a card, the full list is made and the name's actions
        taken from it."""
        who = self.to_move()
        if who is None:
            return []
        state = self.state
        if state.pending or state.secrets.offers or self.names_collide():
            kinds = PART_KINDS.get(part) if part is not None else None
            passing = ("pass", "decline") if name == "pass" else ()
            return [
                a
                for a in self.legal_actions()
                if (a.card == name or a.operation == name or a.kind in passing)
                and (kinds is None or a.kind in kinds)
            ]
        if judged is None:
            judged = {}
        if name == "pass":
            return [interned(who, "pass", None, None, None, None, ())] if part is None else []
        cards = self.scenario.cards
        if name in cards:
            if name not in state.hands[who]:
                return []
            return self._card_named(who, name, part, judged)
        op = self._operations_by_id(who).get(name)
        out: list[Action] = []
        if op is not None and part != "event":
            for card_id in sorted(set(state.hands[who])):
                ops = cards[card_id].ops
                if ops and op.ops <= ops:
                    out.extend(self._op_named(who, op, card_id, judged))
        return out

    def _card_named(
        self, who: str, card_id: str, part: str | None, judged: dict[str, Any]
    ) -> list[Action]:
        """The legal actions of one card in hand: its event, then each operation it pays for
        (as :meth:`legal_actions` lists them)."""
        state = self.state
        card = self.scenario.cards[card_id]
        out: list[Action] = []
        events = part != "ops" and card.reaction_on is None
        if events and card.phase in (None, self.phases[state.phase].id):
            side = card.side(state)
            if self._playable(side, who):
                for zone, piece, chosen in self._targets(side, who, card_id):
                    out.append(interned(who, "event", card_id, None, zone, piece, chosen))
        if card.ops and part != "event":
            for op in self.tables.operations[who]:
                if op.ops <= card.ops:
                    out.extend(self._op_named(who, op, card_id, judged))
        return out

    def _op_named(self, who: str, op: Any, card_id: str, judged: dict[str, Any]) -> list[Action]:
        """The legal actions of operation ``op`` paid with ``card_id``: its verdict and targets
        judged once per position (kept in ``judged``), as listing does, unless the card
        paying is one of its choices."""
        targets = judged.get(op.id, _UNJUDGED)
        if targets is _UNJUDGED:
            playable = self._playable(op.play, who)
            targets = judged[op.id] = self._targets(op.play, who) if playable else None
        if targets is None:  # not playable now
            return []
        if any(c.kind == "card" for c in op.play.choices):
            targets = self._targets(op.play, who, card_id)  # this card pays
        return [
            interned(who, "ops", card_id, op.id, zone, piece, chosen)
            for zone, piece, chosen in targets
        ]

    def _operations_by_id(self, actor: str) -> dict[str, Any]:
        """The actor's operations by id (kept with the scenario's caches)."""
        key = ("operations_by_id", actor)
        found = self.hot.get(key)
        if found is None:
            found = self.hot[key] = {op.id: op for op in self.tables.operations[actor]}
        return found

    def names_collide(self) -> bool:
        """Whether some operation shares its id with a card (then their names merge, and
        :meth:`legal_actions_named` takes a name's actions from the full list)."""
        key = ("names_collide",)
        found = self.hot.get(key)
        if found is None:
            scenario = self.scenario
            found = self.hot[key] = bool(set(scenario.operations) & set(scenario.cards))
        return bool(found)


__all__ = ["PART_KINDS", "NamedActions"]
