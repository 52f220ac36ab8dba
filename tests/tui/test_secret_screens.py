"""The screens keep secrets (issue 11): a player's screen is the same whatever the other sides'
private values, face-down pieces and sealed orders are, and hot-seat sealed orders hand over
without showing the order just written."""

from __future__ import annotations

import html
import random
import re

from engine import Game, load_scenario
from engine.play.views.seat import Seat
from tests.bots.secret_twins import scramble_secrets
from tests.tui.helpers import settled, steady_screenshot, until_settled, wait_for
from tui.app import WargameApp
from tui.details import card_details, zone_details
from tui.screens.dialogs import ChoiceDialog
from tui.screens.game import GameScreen
from tui.screens.handover import HandOverScreen
from tui.session import HUMAN, Session
from tui.text import describe


def _text(svg: str) -> str:
    """The words of an exported screen (its spaces are written as entities)."""
    return html.unescape(svg).replace("\xa0", " ")


def _same_picture(svg: str) -> str:
    return re.sub(r"terminal-\d+", "terminal", svg)


def at_crisis(actor: str, seed: int, committed: int) -> Game:
    """A random game of the back channel stopped in a crisis (orders) phase where ``actor``
    decides after ``committed`` others have written their orders, with a secret in play."""
    scenario = load_scenario("backchannel")
    for attempt in range(200):
        game = Game.new(scenario, seed + attempt)
        chooser = random.Random(seed + attempt)
        while not game.is_over():
            state = game.state
            if (
                game.phase.kind == "orders"
                and game.to_move() == actor
                and len(state.secrets.orders) == committed
                and state.turn >= 2
                and not state.pending
            ):
                return game
            game.apply(chooser.choice(game.legal_actions()))
    raise AssertionError("no such moment in 200 games")


def test_details_ignore_secrets():
    game = at_crisis("iran", 1, committed=2)
    twin = scramble_secrets(game, "iran", 1)
    assert twin.state.secrets.orders != game.state.secrets.orders
    seats = Seat(game, "iran"), Seat(twin, "iran")
    for card in sorted(set(game.state.hands["iran"])):
        assert len({card_details(seat, card).plain for seat in seats}) == 1, card
    for zone in game.scenario.zones:
        assert len({zone_details(seat, zone.id).plain for seat in seats}) == 1, zone.id
    for action in seats[0].legal():
        assert len({describe(seat, action) for seat in seats}) == 1


async def test_the_game_screen_renders_secret_twins_alike():
    game = at_crisis("iran", 2, committed=2)
    screens = []
    for which in (game, scramble_secrets(game, "iran", 2)):
        players = {a: (HUMAN if a == "iran" else "random") for a in which.scenario.playable_actors}
        app = WargameApp(bot_delay=0)
        async with app.run_test(size=(120, 40)) as pilot:
            app.open_game(Session(which, players))
            await until_settled(pilot)
            # the footer's keys are drawn a frame or more after the game settles
            await wait_for(pilot, lambda a=app: "Skip bots" in _text(a.export_screenshot()))
            screens.append(await steady_screenshot(pilot))
    # the same picture (the export's element ids aside: they may differ between runs)
    assert _same_picture(screens[0]) == _same_picture(screens[1])
    assert "sealed order" in _text(screens[0])  # the public line that orders were given is there


async def israel_holds_its_order(app: WargameApp, pilot, session: Session) -> Session:
    """Open a crisis hot-seat, take the keyboard as Israel and give the sealed order 'hold'."""
    app.open_game(session)
    await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen))
    await pilot.press("enter")
    await until_settled(pilot)
    screen = app.screen
    assert isinstance(screen, GameScreen) and screen.viewer == "israel"
    before = len(session.game.actions)
    await pilot.press("p")  # Israel's sealed order: hold
    await wait_for(pilot, lambda: len(session.game.actions) > before)
    return session


async def test_hot_seat_sealed_orders_hand_over_without_showing_the_order():
    game = at_crisis("israel", 3, committed=0)
    players = {"israel": HUMAN, "russia": HUMAN, "iran": "random"}
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await israel_holds_its_order(app, pilot, Session(game, players))
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: settled(app))
        assert app.screen.viewer == "russia"
        shown = _text(app.export_screenshot())
        assert "Israel gives a sealed order" in shown
        assert "sealed order: holds" not in shown  # Israel's own line stays Israel's


def at_offer(seed: int) -> Game:
    """A random game of the back channel stopped where Russia must answer Israel's offer."""
    scenario = load_scenario("backchannel")
    for attempt in range(200):
        game = Game.new(scenario, seed + attempt)
        chooser = random.Random(seed + attempt)
        while not game.is_over():
            if game.state.secrets.offers:
                return game
            game.apply(chooser.choice(game.legal_actions()))
    raise AssertionError("no offer in 200 games")


async def test_a_human_answers_an_offer_in_private():
    game = at_offer(4)
    players = {"israel": "random", "russia": HUMAN, "iran": "random"}
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_game(Session(game, players))
        await until_settled(pilot)
        assert "answer a private offer" in _text(app.export_screenshot())
        session = app.screen.session
        before = len(session.game.actions)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # the first answer: accept
        await wait_for(pilot, lambda: len(session.game.actions) > before)
        assert str(session.game.actions[-1]) == "russia accept quiet_understanding"


async def test_a_whole_game_with_secrets_through_keys():
    """Russia, by keys, against bots: talks, offers to answer, sealed orders, to the end."""
    from tui.screens.end import EndScreen

    game = Game.new(load_scenario("backchannel"), 7)
    players = {"israel": "random", "russia": HUMAN, "iran": "random"}
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_game(Session(game, players))
        for _ in range(200):
            await until_settled(pilot)
            if isinstance(app.screen, EndScreen):
                break
            session = app.screen.session
            before = len(session.game.actions)
            answering = session.game.legal_actions()[0].kind in ("accept", "reject")
            await pilot.press("p")
            if answering:
                await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
                await pilot.press("enter")
            await wait_for(pilot, lambda b=before, s=session: len(s.game.actions) > b)
        assert isinstance(app.screen, EndScreen)
        assert any(a.actor == "russia" for a in session.game.actions)
        assert any(a.kind in ("accept", "reject") for a in session.game.actions)


async def test_the_news_line_does_not_show_the_previous_players_sealed_order():
    """After a hot-seat hand-over in a crisis, the status bar's latest-move line tells the next
    player only that an order was given, never which (it read 'Israel: Event: Airstrike →
    Damascus' on Russia's screen)."""
    game = at_crisis("israel", 3, committed=0)
    players = {"israel": HUMAN, "russia": HUMAN, "iran": "random"}
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await israel_holds_its_order(app, pilot, Session(game, players))
        assert session.game.state.secrets.orders and not session.game.state.secrets.open
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: settled(app))
        assert app.screen.viewer == "russia"
        shown = _text(app.export_screenshot())
        assert "Israel: Pass" not in shown
        assert "Israel: gives a sealed order" in shown


async def test_a_players_notifications_do_not_outlive_the_hand_over():
    """A message shown to one player (here Israel's refused undo) is gone when the next
    player takes the keyboard."""
    game = at_crisis("israel", 3, committed=0)
    players = {"israel": HUMAN, "russia": HUMAN, "iran": "random"}
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_game(Session(game, players))
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen))
        await pilot.press("enter")
        await until_settled(pilot)
        session = app.screen.session
        await pilot.press("u")  # nothing of Israel's to take back here: refused, with a toast
        await wait_for(pilot, lambda: "Undo" in _text(app.export_screenshot()))
        before = len(session.game.actions)
        await pilot.press("p")
        await wait_for(pilot, lambda: len(session.game.actions) > before)
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: settled(app))
        assert app.screen.viewer == "russia"
        assert not list(app._notifications)


def test_a_card_waiting_on_an_offer_says_why():
    """While Russia must answer an offer, its playable cards say so, not 'not playable now'."""
    game = at_offer(4)
    seat = Seat(game, "russia")
    assert "collect" in game.state.hands["russia"]
    assert seat.why_not("collect") == "answer the private offer first"
    assert seat.why_not("air_alert") == "only in the crisis phase"  # the card's own reason first
    assert Seat(game, "israel").why_not("airstrike") != "answer the private offer first"


def test_a_bots_reason_for_a_sealed_order_waits_for_the_reveal():
    """A bot's reason may name its order (a doctrine's does: 'doctrine #1 (airstrike as
    event)'): the log prints it under the move only for the bot's side until orders open."""
    game = at_crisis("israel", 3, committed=0)
    session = Session(game, {"israel": "random", "russia": HUMAN, "iran": "random"})
    order = next(a for a in game.legal_actions() if a.card == "airstrike" or a.kind == "pass")
    session.apply(order, "doctrine #1 (airstrike as event): strike first")
    assert not game.state.secrets.open
    assert not any(actor == "israel" for actor, _ in session.notes("russia").values())
    assert not any(actor == "israel" for actor, _ in session.notes(None).values())
    assert any(actor == "israel" for actor, _ in session.notes("israel").values())
    while game.phase.kind == "orders" and game.to_move() is not None:
        session.apply(game.legal_actions()[0])
    assert any(actor == "israel" for actor, _ in session.notes("russia").values())
