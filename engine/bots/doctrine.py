"""The doctrine bot: follows the scenario's per-actor priority list and says which entry chose.

Each entry is "when CONDITION prefer CARD-OR-OPERATION-OR-pass [use event|ops]". The bot takes
the first entry whose condition holds on its view *and* that matches at least one legal
action (a card with no ``use`` means its event when playable, else its operations); among
several matching actions (targets) it picks one with its seeded generator. When the entry
prefers an operation, it pays with the card its doctrine values least — the card whose own
event comes latest in the doctrine, or nowhere — so that strike cards are not spent as
operations points while a weaker card would do.
When no entry applies it plays at random and says so — never spending for operations a
reaction card that its entries' ``pay_with`` lists leave out, while anything else is legal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from engine.bots.named_legal import GameNames, ListedNames
from engine.load.scenario import SELF, TARGET, CChoice, CDoctrineEntry, Scenario
from engine.play import rng
from engine.play.game import Game
from engine.play.rules.actions import Action
from engine.play.views.view import View


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


def _action_binds(scenario: Scenario, actor: str, action: Action) -> dict[str, Any]:
    """What a doctrine entry's ``target`` condition may name about ``action``."""
    if action.choices:
        zones = {c.id for c in _choices_of(scenario, action) if c.kind == "zone"}
        last = [v for n, v in action.choices if n in zones]
        return {SELF: actor, **dict(action.choices), TARGET: last[-1] if last else None}
    return {SELF: actor, TARGET: action.target, "target_piece": action.piece}


def _choices_of(scenario: Scenario, action: Action) -> tuple[CChoice, ...]:
    if action.operation is not None:
        return scenario.operations[action.operation].play.choices
    card = scenario.cards[action.card or ""]
    return card.front.choices + (card.back.choices if card.back is not None else ())


def _cheapest(options: list[Action], worth: dict[str, int]) -> list[Action]:
    """The options that spend the least valued card."""
    lowest = min(worth.get(a.card or "", 0) for a in options)
    return [a for a in options if worth.get(a.card or "", 0) == lowest]


def card_worth(scenario: Scenario, actor: str) -> dict[str, int]:
    """How much an actor's doctrine values each card as an event: the number of entries after
    the first one that prefers it (a card no entry prefers is worth nothing)."""
    entries = scenario.doctrine.get(actor, ())
    worth: dict[str, int] = {}
    for entry in entries:
        if entry.prefer in scenario.cards and entry.prefer not in worth:
            worth[entry.prefer] = len(entries) - entry.index
    return worth


def doctrine_options(
    scenario: Scenario,
    actor: str,
    situation: Any,
    legal: Sequence[Action],
    worth: dict[str, int],
) -> tuple[list[Action], CDoctrineEntry | None]:
    """The actions the first applicable doctrine entry prefers, and that entry; ([], None)
    when no entry applies.

    ``situation`` is what conditions read: a :class:`View` for a bot, or the game state
    itself for the playouts of a search (which may see everything in its sampled world).
    """
    return _options(scenario, actor, situation, ListedNames(legal), worth)


def _options(
    scenario: Scenario,
    actor: str,
    situation: Any,
    names: ListedNames | GameNames,
    worth: dict[str, int],
) -> tuple[list[Action], CDoctrineEntry | None]:
    """:func:`doctrine_options` over the legal actions by name (listed or listed when asked)."""
    if names.first_kind() == "discard":
        # Discarding down to a hand limit: keep what the doctrine values, let the least go.
        return _cheapest(list(names.all()), worth), None
    binds = {SELF: actor, TARGET: None}
    cards = scenario.cards
    possible = names.possible
    for entry in scenario.doctrine.get(actor, ()):
        prefer, condition = entry.prefer, entry.condition
        # The cheap test first, then the condition, then the actions (in a playout, listing
        # an entry's actions costs more than judging its condition; all three must hold).
        if prefer not in possible:
            continue
        if condition is not None and not _holds(condition, situation, binds):
            continue
        if prefer in cards and entry.use is None:
            # "prefer CARD" with no use means the card's event when it can be played, else
            # its operations: the operations are listed only when no event will do.
            options = _narrowed(scenario, actor, situation, names.get(prefer, "event"), entry)
            if not options:
                ops = names.get(prefer, "ops")
                options = _narrowed(scenario, actor, situation, ops, entry)
        else:
            part = entry.use if prefer in cards else None
            options = _narrowed(scenario, actor, situation, names.get(prefer, part), entry)
        if not options:
            continue
        if prefer not in cards and all(a.kind == "ops" for a in options):
            options = _cheapest(options, worth)
        return options, entry
    return [], None


def _narrowed(
    scenario: Scenario,
    actor: str,
    situation: Any,
    candidates: Sequence[Action],
    entry: CDoctrineEntry,
) -> list[Action]:
    """The candidates ``entry`` accepts: what it prefers, paid with its cards, on its target."""
    options = [a for a in candidates if matches(a, entry)]
    if options and entry.pay_with:
        options = [a for a in options if a.kind != "ops" or a.card in entry.pay_with]
    if options and entry.target is not None:
        aim = entry.target
        options = [a for a in options if aim(situation, _action_binds(scenario, actor, a))]
    return options


def _unkept(scenario: Scenario, actor: str, legal: Sequence[Action]) -> Sequence[Action]:
    """The legal actions left to a random choice: all but those that spend for operations a
    reaction card the actor's doctrine keeps — one that no entry's ``pay_with`` names, when
    some entry names paying cards (unless nothing else is legal)."""
    paying = {card for e in scenario.doctrine.get(actor, ()) for card in e.pay_with}
    if not paying:
        return legal
    cards = scenario.cards
    rest = [
        a
        for a in legal
        if not (
            a.kind == "ops"
            and a.card is not None
            and a.card not in paying
            and cards[a.card].reaction_on is not None
        )
    ]
    return rest or legal


def _holds(condition: Any, situation: Any, binds: dict[str, Any]) -> bool:
    """A doctrine condition on ``situation``; one that reads a private value this actor does
    not see (absent from its view) does not hold."""
    try:
        return bool(condition(situation, binds))
    except KeyError:
        return False


def doctrine_choice(
    scenario: Scenario,
    actor: str,
    situation: Any,
    legal: Sequence[Action],
    state: int,
    worth: dict[str, int],
) -> tuple[int, Action, CDoctrineEntry | None]:
    """The doctrine's move: ``(new rng state, action, entry)``; entry is None at random."""
    return _choice(scenario, actor, situation, ListedNames(legal), state, worth)


def playout_choice(
    game: Game, actor: str, state: int, worth: dict[str, int]
) -> tuple[int, Action, CDoctrineEntry | None]:
    """:func:`doctrine_choice` on a game's own state (a search's sampled world), listing only
    the legal actions the entries ask for: the same move for the same ``state``."""
    return _choice(game.scenario, actor, game.state, GameNames(game), state, worth)


def _choice(
    scenario: Scenario,
    actor: str,
    situation: Any,
    names: ListedNames | GameNames,
    state: int,
    worth: dict[str, int],
) -> tuple[int, Action, CDoctrineEntry | None]:
    options, entry = _options(scenario, actor, situation, names, worth)
    pool = options or _unkept(scenario, actor, names.all())
    state, i = rng.below(state, len(pool))
    return state, pool[i], entry


class DoctrineBot:
    """Plays the scenario's doctrine for its actor; deterministic for a given seed."""

    needs_log = False

    def __init__(self, actor: str, seed: int = 0):
        self.actor = actor
        self._rng = rng.derive_seed(seed, "doctrine", actor)
        self._why = "no choice made yet"
        self._worth: dict[str, int] | None = None
        #: The doctrine entry behind the last choice (None when it fell back to random).
        self.last_entry: CDoctrineEntry | None = None

    def choose(self, view: View) -> Action:
        """The first firing doctrine entry's action, else a random legal action."""
        if self._worth is None:
            self._worth = card_worth(view.scenario, self.actor)
        self._rng, action, entry = doctrine_choice(
            view.scenario, self.actor, view, view.legal, self._rng, self._worth
        )
        self.last_entry = entry
        if action.kind == "discard":
            self._why = "over the hand limit: discards the card its doctrine values least"
        elif entry is None:
            self._why = "no doctrine entry applies; chosen at random"
        else:
            use = f" as {entry.use}" if entry.use else ""
            self._why = f"doctrine #{entry.index + 1} ({entry.prefer}{use}): {entry.why}"
        return action

    def explain(self) -> str:
        """The doctrine entry (number, preference and its ``why``) behind the last choice."""
        return self._why

    def snapshot(self) -> dict[str, int]:
        """The generator state or call count that the next choice depends on."""
        return {"rng": self._rng}

    def restore(self, snapshot: dict[str, int]) -> None:
        """Continue from a :meth:`snapshot`."""
        self._rng = int(snapshot["rng"])
