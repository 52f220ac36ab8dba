"""The legal actions under one name (a card, an operation, ``pass``), listed only when asked.

The doctrine takes the first of its entries that fires and matches a legal action, and each
entry names one card, operation or ``pass``. In a search's playouts listing every legal action
of every card to find the few the first firing entry wants was most of the cost of a move
(every target of every operation judged). :class:`GameNames` lists only the actions under the
names the doctrine asks for (:meth:`engine.play.game.Game.legal_actions_named`), judged exactly
as :meth:`engine.play.game.Game.legal_actions` judges them and in the same order, so the
doctrine chooses the same actions from it as from the full list —
``tests/bots/test_named_legal.py`` checks both against the full listing at every decision of
seeded campaign games. Reaction windows, hand-limit discards and offered deals, which list a
handful of actions, are listed whole.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Any

from engine.play.game import Game
from engine.play.rules.actions import Action
from engine.play.rules.listing.named_actions import PART_KINDS

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
        kinds = PART_KINDS[part]
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
    """Names over a game's legal actions for the actor to move, listed name by name
    (:meth:`engine.play.game.Game.legal_actions_named`)."""

    def __init__(self, game: Game):
        self.game = game
        state = game.state
        self._listed: ListedNames | None = None
        if state.pending or state.secrets.offers or game.names_collide():
            # A window or a deal lists a few actions; a card named like an operation would
            # merge two names: list them all, as the view's list would be.
            self._listed = ListedNames(game.legal_actions())
            self.possible: Container[str] = self._listed.possible
            return
        who = game.to_move()
        assert who is not None  # a playout asks only while the game goes on
        hand = set(state.hands[who])
        cards = game.scenario.cards
        most = max([cards[c].ops or 0 for c in hand], default=0)
        #: The names some legal action may be under (see :meth:`could`), as one set.
        self.possible = hand | _payable(game, who, most)
        self._names: dict[tuple[str, str | None], list[Action]] = {}
        self._judged: dict[str, Any] = {}  # each operation's verdict at this position

    def get(self, name: str, part: str | None = None) -> list[Action]:
        """The legal actions under ``name`` (empty when none), in legal order; with ``part``
        (``event`` or ``ops``), only a card's events or only its operations."""
        if self._listed is not None:
            return self._listed.get(name, part)
        key = (name, part)
        found = self._names.get(key)
        if found is None:
            found = self._names[key] = self.game.legal_actions_named(name, part, self._judged)
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


def _payable(game: Game, actor: str, most: int) -> frozenset[str]:
    """``pass`` and the actor's operations a card worth ``most`` ops can pay for (none when
    ``most`` is 0: such a card pays for nothing), kept with the scenario's caches."""
    key = ("named_legal.payable", actor, most)
    found = game.hot.get(key)
    if found is None:
        ops = game.tables.operations[actor] if most else ()
        found = game.hot[key] = frozenset(["pass", *(op.id for op in ops if op.ops <= most)])
    return found
