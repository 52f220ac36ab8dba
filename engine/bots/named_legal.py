"""The legal actions under one name (a card, an operation, ``pass``), listed only when asked.

The doctrine takes the first of its entries that fires and matches a legal action, and each
entry names one card, operation or ``pass``. In a search's playouts listing every legal action
of every card to find the few the first firing entry wants was most of the cost of a move
(every target of every operation judged). :class:`GameNames` lists only the actions under the
names the doctrine asks for, judged exactly as :meth:`engine.play.game.Game.legal_actions`
judges them and in the same order, so the doctrine chooses the same actions from it as from
the full list — ``tests/bots/test_named_legal.py`` checks both against the full listing at
every decision of seeded campaign games. Reaction windows, hand-limit discards and offered
deals, which list a handful of actions, are listed whole.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Any

from engine.play.game import Game
from engine.play.rules.actions import Action

# The interned actions legal_actions lists: equal values either way, but one object is
# cheaper to hash and compare in the search tree's dicts.
from engine.play.rules.legality import _action

#: An operation not judged yet (None in :attr:`GameNames._ops` is one judged unplayable).
_UNJUDGED = object()

#: The kinds of action in each part of a card's actions.
_PART_KINDS = {"event": ("event", "react"), "ops": ("ops",)}

#: What an index of legal actions by name holds: the actions under each name, in legal order.
Index = dict[str, list[Action]]


def index_by_name(legal: Sequence[Action]) -> Index:
    """The legal actions under each name an entry may prefer (card, operation, ``pass``), in
    their legal order: every action a doctrine entry can accept is under ``entry.prefer``."""
    index: Index = {}
    for a in legal:
        if a.kind in ("pass", "decline"):
            index.setdefault("pass", []).append(a)
        if a.card is not None:
            index.setdefault(a.card, []).append(a)
        if a.operation is not None and a.operation != a.card:
            index.setdefault(a.operation, []).append(a)
    return index


class ListedNames:
    """Names over a list of legal actions already made (a bot's view)."""

    def __init__(self, legal: Sequence[Action]):
        self.legal = legal
        self._index: Index | None = None

    def get(self, name: str, part: str | None = None) -> list[Action]:
        """The legal actions under ``name`` (empty when none); with ``part``, only its events
        (and reactions) or only its operations."""
        found = self._by_name().get(name, [])
        if part is None:
            return found
        kinds = _PART_KINDS[part]
        return [a for a in found if a.kind in kinds]

    def could(self, name: str) -> bool:
        """Whether some legal action is under ``name``."""
        return bool(self.get(name))

    @property
    def possible(self) -> Container[str]:
        """The names some legal action is under (a container to test names against)."""
        return self._by_name()

    def _by_name(self) -> Index:
        """The legal actions by name (indexed on first use)."""
        if self._index is None:
            self._index = index_by_name(self.legal)
        return self._index

    def all(self) -> Sequence[Action]:
        """Every legal action."""
        return self.legal

    def first_kind(self) -> str | None:
        """The kind of the first legal action (``discard`` marks a hand-limit window)."""
        return self.legal[0].kind if self.legal else None


class GameNames:
    """Names over a game's legal actions for the actor to move, listed name by name."""

    def __init__(self, game: Game):
        self.game = game
        state = game.state
        self._listed: ListedNames | None = None
        if state.pending or state.secrets.offers or _names_collide(game):
            # A window or a deal lists a few actions; a card named like an operation would
            # merge two names: list them all, as the view's list would be.
            self._listed = ListedNames(game.legal_actions())
            self.possible: Container[str] = self._listed.possible
            return
        who = game.to_move()
        assert who is not None  # a playout asks only while the game goes on
        self.who = who
        self._hand_set = hand = set(state.hands[who])
        self.hand = sorted(hand)
        self._op_by_id = _operations_by_id(game, who)
        cards = game.scenario.cards
        most = max([cards[c].ops or 0 for c in hand], default=0)
        #: The names some legal action may be under (see :meth:`could`), as one set.
        self.possible = hand | _payable(game, who, most)
        self.phase_id = game.phases[state.phase].id
        self._names: dict[tuple[str, str | None], list[Action]] = {}
        self._ops: dict[str, Any] = {}  # an operation id -> its targets (None: unplayable)

    def get(self, name: str, part: str | None = None) -> list[Action]:
        """The legal actions under ``name`` (empty when none), in legal order; with ``part``
        (``event`` or ``ops``), only a card's events or only its operations."""
        if self._listed is not None:
            return self._listed.get(name, part)
        key = (name, part)
        found = self._names.get(key)
        if found is None:
            found = self._names[key] = self._list(name, part)
        return found

    def could(self, name: str) -> bool:
        """Whether some legal action may be under ``name``, judged cheaply: the card is in
        hand, some card in hand pays for the operation, or it is ``pass`` (False: none is)."""
        if self._listed is not None:
            return self._listed.could(name)
        return name in self.possible

    def all(self) -> Sequence[Action]:
        """Every legal action (listed in full: the random fallback needs them)."""
        if self._listed is None:
            self._listed = ListedNames(self.game.legal_actions())
        return self._listed.all()

    def first_kind(self) -> str | None:
        """The kind of the first legal action (never a discard outside a window)."""
        if self._listed is not None:
            return self._listed.first_kind()
        return None

    def _list(self, name: str, part: str | None) -> list[Action]:
        game, who = self.game, self.who
        if name == "pass":
            return [_action(who, "pass", None, None, None, None, ())] if part is None else []
        cards = game.scenario.cards
        if name in cards:
            return self._card(name, part) if name in self._hand_set else []
        op = self._op_by_id.get(name)
        out: list[Action] = []
        if op is not None and part != "event":
            for card_id in self.hand:
                ops = cards[card_id].ops
                if ops and op.ops <= ops:
                    out.extend(self._op_actions(op, card_id))
        return out

    def _card(self, card_id: str, part: str | None) -> list[Action]:
        """The actions of one card in hand: its event, then each operation it pays for."""
        game, who = self.game, self.who
        card = game.scenario.cards[card_id]
        out: list[Action] = []
        events = part != "ops" and card.reaction_on is None
        if events and card.phase in (None, self.phase_id):
            side = card.side(game.state)
            if game._playable(side, who):
                for zone, piece, chosen in game._targets(side, who, card_id):
                    out.append(_action(who, "event", card_id, None, zone, piece, chosen))
        if card.ops and part != "event":
            for op in game.tables.operations[who]:
                if op.ops <= card.ops:
                    out.extend(self._op_actions(op, card_id))
        return out

    def _op_actions(self, op: Any, card_id: str) -> list[Action]:
        """The ops actions of ``op`` paid with ``card_id`` (judged once per op, as listing
        does, unless the card paying is one of its choices)."""
        game, who = self.game, self.who
        targets = self._ops.get(op.id, _UNJUDGED)
        if targets is _UNJUDGED:
            playable = game._playable(op.play, who)
            targets = self._ops[op.id] = game._targets(op.play, who) if playable else None
        if targets is None:  # not playable now
            return []
        if any(c.kind == "card" for c in op.play.choices):
            targets = game._targets(op.play, who, card_id)  # this card pays
        return [
            _action(who, "ops", card_id, op.id, zone, piece, chosen)
            for zone, piece, chosen in targets
        ]


def _operations_by_id(game: Game, actor: str) -> dict[str, Any]:
    """The actor's operations by id (kept with the scenario's caches)."""
    key = ("named_legal.operations", actor)
    found = game.hot.get(key)
    if found is None:
        found = game.hot[key] = {op.id: op for op in game.tables.operations[actor]}
    return found


def _payable(game: Game, actor: str, most: int) -> frozenset[str]:
    """``pass`` and the actor's operations a card worth ``most`` ops can pay for (none when
    ``most`` is 0: such a card pays for nothing), kept with the scenario's caches."""
    key = ("named_legal.payable", actor, most)
    found = game.hot.get(key)
    if found is None:
        ops = game.tables.operations[actor] if most else ()
        found = game.hot[key] = frozenset(["pass", *(op.id for op in ops if op.ops <= most)])
    return found


def _names_collide(game: Game) -> bool:
    """Whether some operation shares its id with a card (then the names merge)."""
    hot = game.hot
    key = ("named_legal.collide",)
    found = hot.get(key)
    if found is None:
        scenario = game.scenario
        found = hot[key] = bool(set(scenario.operations) & set(scenario.cards))
    return bool(found)
