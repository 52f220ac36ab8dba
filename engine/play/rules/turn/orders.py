"""Sealed orders: a phase in which every actor commits an order unseen, then all are revealed
together and resolved one by one in the phase's declared order.

A phase of ``kind: orders`` collects one order from each actor of its order (hot-seat: each
in turn, none seeing the others'). An order is any action legal for that actor then (a card's
event, an operation paid with a card, or ``pass``); committing it changes nothing but the
sealed list, so hand sizes and the board give nothing away. When the last order is in, the
engine reveals them all in one public line, then resolves them in ``resolve`` order (default:
the phase's order). Conflicts follow the scenario's rules: an order that is no longer legal
when its turn comes (its card's condition fails, its target is gone, its cost cannot be paid)
fails and is logged as such; effects may test ``ordered(actor, 'card')`` to make two orders
interact (a strike meets an air-defence alert).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.load.scenario import Play
from engine.play.rules.actions import Action
from engine.play.rules.resolving.effects import resolve

if TYPE_CHECKING:
    from engine.play.game import Game

_ENGINE = Play("engine", "engine", "", (), None, (), None, (), None)


def in_orders_phase(game: Game) -> bool:
    """Whether the game is collecting sealed orders now (not answering a reaction)."""
    return game.phase.kind == "orders" and not game.state.pending


def commit(game: Game, action: Action) -> None:
    """Seal ``action`` as its actor's order: the others see only that an order was given."""
    state = game.state
    state.seat += 1
    who = action.actor
    state.secrets.orders.append((who, str(action)))
    name = game.names[who]
    game.log("order", f"{name} gives a sealed order", _ENGINE, who, data={"actor": who})
    text = f"{name}'s sealed order: {describe(game, action)}"
    game.log("order", text, _ENGINE, who, data={"order": str(action)}, visible_to=who)


def describe(game: Game, action: Action) -> str:
    """An order in words: ``plays Strike on T4``, ``uses Plan for Build (…)``, ``holds``."""
    if action.kind == "pass" or action.card is None:
        return "holds"
    card = game.card_name(action.card)
    where = game._where(action)
    if action.kind == "ops" and action.operation is not None:
        op = game.scenario.operations[action.operation].play.name
        return f"uses {card} for {op}{where}"
    return f"plays {card}{where}"


def step(game: Game) -> bool:
    """Move an orders phase on once every order is in: reveal them all, then resolve one.
    Return False when nothing is left to do (the phase may end; its orders are cleared)."""
    secrets = game.state.secrets
    if not secrets.open:
        secrets.open = True
        resolve_order = game.phase.resolve or [who for who, _ in secrets.orders]
        rank = {who: i for i, who in enumerate(resolve_order)}
        secrets.resolving = sorted(secrets.orders, key=lambda o: rank.get(o[0], len(rank)))
        parts = "; ".join(
            f"{game.names[who]} {describe(game, Action.parse(text))}"
            for who, text in secrets.resolving
        )
        data = {"orders": [list(o) for o in secrets.resolving]}
        game.log("reveal", f"Orders revealed: {parts}", _ENGINE, None, data=data)
        return True
    if secrets.resolving:
        _, text = secrets.resolving.pop(0)
        _resolve(game, Action.parse(text))
        return True
    secrets.orders = []
    secrets.open = False
    return False


def _still_legal(game: Game, action: Action) -> bool:
    """Whether ``action`` would be legal for its actor now (judged as if it were to move)."""
    state = game.state
    acting = state.order or game.tables.phase_orders[state.phase]
    seat = state.seat
    state.seat = acting.index(action.actor)
    try:
        return action in game.legal_actions()
    finally:
        state.seat = seat


def _resolve(game: Game, action: Action) -> None:
    """Carry out one revealed order (or log that it fails)."""
    who = action.actor
    name = game.names[who]
    if action.kind == "pass":
        game.log("pass", f"{name} holds", _ENGINE, who)
        return
    if not _still_legal(game, action):
        text = f"{name}'s order fails: {describe(game, action)} is no longer possible"
        game.log("order_fails", text, _ENGINE, who, data={"order": str(action)})
        return
    assert action.card is not None  # a legal non-pass order names its card
    if action.kind == "event":
        side = game._take_card(who, action.card, as_event=True)
        game.log(
            "play",
            f"{name} plays {side.name}{game._where(action)}",
            side,
            who,
            data={"card": action.card, "use": "event", **game._chosen(action)},
        )
        resolve(game, side, game._binds(side, action), who)
        return
    assert action.operation is not None  # a legal ops order names its operation
    card = game.scenario.cards[action.card]
    side = game._take_card(who, action.card, as_event=False)
    op = game.scenario.operations[action.operation]
    game.log(
        "play",
        f"{name} uses {side.name} for {card.ops} ops: {op.play.name}{game._where(action)}",
        op.play,
        who,
        data={"card": action.card, "use": "ops", "operation": op.id, **game._chosen(action)},
    )
    resolve(game, op.play, game._binds(op.play, action), who)


__all__ = ["commit", "describe", "in_orders_phase", "step"]
