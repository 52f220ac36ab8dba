"""A scenario's action space: every action it can ever offer, numbered once and for all.

Reinforcement-learning libraries and external agents want a fixed, finite list of actions
with a mask of the legal ones. :class:`ActionSpace` enumerates it from the scenario itself —
not by sampling games — as the union over actors of:

- each card the actor can draw (from the decks it owns) played as an event, at each target
  either side of the card can name (every zone, or every zone × piece kind it lists; for a
  multi-choice side, every combination of its choices' zones or options);
- each such card with an operations value paid for each of the actor's operations it can
  afford, at each target of that operation;
- each reaction card answered to a window, at every zone and at none (a trigger may fire
  without a zone);
- ``decline`` and ``pass``;
- for an actor with a hand limit, discarding each card it can hold;
- ``accept`` and ``reject`` of each deal, for the actor who answers it.

The list is a superset of what the rules allow at any moment (a target's ``where`` is judged
during play, not here); :meth:`ActionSpace.mask` marks the legal ones. Actions are sorted
(:meth:`Action.sort_key`), so an action's id is its position in that order: stable for a
scenario's content (see ``Scenario.content_hash``), whatever the process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from itertools import product
from typing import Any

import numpy as np

from engine.errors import InvalidActionError
from engine.load.scenario import CCard, CEffect, CRoll, Play, Scenario
from engine.play.rules.actions import Action

Target = tuple[str | None, str | None, tuple[tuple[str, str], ...]]


def _targets(
    play: Play, zones: Sequence[str], cards: Sequence[str] = (), played: str | None = None
) -> list[Target]:
    """Every (zone, piece, choices) a play could name, ignoring its ``where`` conditions: each
    zone (or zone × piece kind) of a single target, or every combination of a multi-choice
    play's choices (zones, options, or ``cards`` the player may hold other than the one
    ``played``, in order; the format bounds their number)."""
    if play.choices:
        others = [c for c in cards if c != played]
        per_choice = [
            [(c.id, value) for value in {"zone": zones, "card": others}.get(c.kind, c.options)]
            for c in play.choices
        ]
        return [(None, None, tuple(made)) for made in product(*per_choice)]
    target = play.target
    if target is None:
        return [(None, None, ())]
    if target.kind == "zone":
        return [(zone, None, ()) for zone in zones]
    return [(zone, piece, ()) for zone in zones for piece in target.pieces]


def _effects_of(scenario: Scenario) -> Iterator[CEffect]:
    """Every compiled effect of the scenario, nested ones (if/else, rolls, loops) included."""
    plays: list[Play] = []
    for card in scenario.cards.values():
        plays += [card.front] if card.back is None else [card.front, card.back]
    plays += [op.play for op in scenario.operations.values()]
    for rules in (*scenario.rules_at.values(), *scenario.rules_on.values()):
        plays += [rule.play for rule in rules]
    plays += [p for deal in scenario.deals.values() for p in (deal.accept, deal.reject)]
    todo: list[Any] = []
    for play in plays:
        todo += play.effects
        if play.roll is not None:
            todo += [e for row in play.roll.outcomes for e in row.effects]
    while todo:
        item = todo.pop()
        if isinstance(item, CEffect):
            yield item
            todo += [*item.then, *item.orelse, *item.args]
        elif isinstance(item, CRoll):
            todo += [e for row in item.outcomes for e in row.effects]
        elif isinstance(item, tuple | list):
            todo += item


def _cards_held(scenario: Scenario, actor: str) -> list[CCard]:
    """The cards ``actor`` may ever hold: its decks' cards — or every card, when an effect can
    give a card from one player to another."""
    if any(e.kind == "give" for e in _effects_of(scenario)):
        return list(scenario.cards.values())
    decks = {d.id for d in scenario.decks_of(actor)}
    return [card for card in scenario.cards.values() if card.deck in decks]


def enumerate_actions(scenario: Scenario) -> list[Action]:
    """Every action ``scenario`` can offer, sorted (see the module docstring)."""
    zones = [z.id for z in scenario.zones]
    found: set[Action] = set()
    for actor in scenario.playable_actors:
        operations = scenario.operations_of(actor)
        held = _cards_held(scenario, actor)
        others = sorted({card.id for card in held})
        for card in held:
            if card.reaction_on is not None:
                for zone in [None, *zones]:
                    found.add(Action(actor, "react", card.id, target=zone))
            else:
                sides = [card.front] if card.back is None else [card.front, card.back]
                for side in sides:
                    for zone, piece, chosen in _targets(side, zones, others, card.id):
                        found.add(Action(actor, "event", card.id, None, zone, piece, chosen))
            if card.ops:
                for op in operations:
                    if op.ops <= card.ops:
                        for zone, piece, chosen in _targets(op.play, zones, others, card.id):
                            found.add(Action(actor, "ops", card.id, op.id, zone, piece, chosen))
        found.add(Action(actor, "decline"))
        found.add(Action(actor, "pass"))
        if scenario.actor(actor).hand_limit is not None:
            found.update(Action(actor, "discard", card.id) for card in held)
    for deal in scenario.deals.values():  # the answers to offered deals
        found.add(Action(deal.answerer, "accept", None, deal.id))
        found.add(Action(deal.answerer, "reject", None, deal.id))
    return sorted(found)


class ActionSpace:
    """The numbered actions of one scenario: ids ↔ actions ↔ text, and legal masks.

    ``space[i]`` is action ``i``; ``space.index(action)`` its id; ``len(space)`` the size.
    """

    def __init__(self, scenario: Scenario):
        self.scenario_id = scenario.id
        self.content_hash = scenario.content_hash
        self.actions: tuple[Action, ...] = tuple(enumerate_actions(scenario))
        self._ids = {action: i for i, action in enumerate(self.actions)}
        self._by_identity: dict[int, int] = {}
        self._alive: list[Action] = []  # the actions _by_identity's keys are the ids of

    def __len__(self) -> int:
        return len(self.actions)

    def __getitem__(self, index: int) -> Action:
        return self.actions[index]

    def __contains__(self, action: object) -> bool:
        return action in self._ids

    def index(self, action: Action | str) -> int:
        """The id of ``action`` (or its text); raise :class:`InvalidActionError` if absent."""
        if isinstance(action, str):
            action = Action.parse(action)
        found = self._ids.get(action)
        if found is None:
            raise InvalidActionError(f"'{action}' is not an action of {self.scenario_id}")
        return found

    def ids(self, actions: Iterable[Action]) -> list[int]:
        """The ids of ``actions``, in the given order."""
        if not isinstance(actions, list | tuple):
            actions = list(actions)  # read twice below when an action is new
        try:  # by identity, as mask() does
            return list(map(self._by_identity.__getitem__, map(id, actions)))
        except KeyError:
            return [self._id_of(action) for action in actions]

    def mask(self, legal: Iterable[Action]) -> np.ndarray:
        """A 0/1 ``int8`` vector over the space, 1 where the action is in ``legal``."""
        out = np.zeros(len(self.actions), dtype=np.int8)
        if not isinstance(legal, list | tuple):
            legal = list(legal)  # read twice below when an action is new
        # Legal actions are interned (engine.play.rules.listing.legality): look them up by
        # identity, which skips hashing six fields. An entry keeps its action alive, so no other
        # object can have its id while the entry exists. map() and np.fromiter loop in C, and
        # numpy has no Python list of ids to convert.
        try:
            out[
                np.fromiter(map(self._by_identity.__getitem__, map(id, legal)), np.intp, len(legal))
            ] = 1
        except KeyError:
            out[[self._id_of(action) for action in legal]] = 1
        return out

    def _id_of(self, action: Action) -> int:
        index = self._ids[action]
        if len(self._by_identity) < 4 * len(self.actions):
            self._by_identity[id(action)] = index
            self._alive.append(action)
        return index

    @cached_property
    def by_actor(self) -> dict[str, tuple[int, int]]:
        """Per actor, the half-open range of its ids (actions sort by actor first)."""
        out: dict[str, tuple[int, int]] = {}
        for i, action in enumerate(self.actions):
            start, _ = out.get(action.actor, (i, i))
            out[action.actor] = (start, i + 1)
        return out

    def texts(self) -> list[str]:
        """Every action's text form, by id."""
        return [str(a) for a in self.actions]


__all__ = ["ActionSpace", "enumerate_actions"]
