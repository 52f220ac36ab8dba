"""Pilot tests: a whole game through key presses, hot-seat hand-over, undo."""

from __future__ import annotations

from textual.widgets import Select

from engine import Action
from tests.tui.helpers import settled, until_settled, wait_for
from tui.app import WargameApp
from tui.screens.dialogs import ChoiceDialog
from tui.screens.end import EndScreen
from tui.screens.game import GameScreen
from tui.screens.handover import HandOverScreen
from tui.screens.setup import SetupScreen
from tui.widgets.hand_list import HandList


def hand_ids(screen: GameScreen) -> list[str]:
    hand = screen.query_one(HandList)
    return [o.id for o in hand.options if o.id and o.id != "-"]


async def test_a_whole_game_against_a_bot_through_keys():
    app = WargameApp("tutorial", seed=3, bot_delay=0)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
        await pilot.press("ctrl+s")
        await until_settled(pilot)
        game_screen = app.screen
        assert isinstance(game_screen, GameScreen)
        session = game_screen.session
        assert session.players == {"israel": "human", "iran": "random"}
        played_cards = 0
        for _ in range(200):
            await until_settled(pilot)
            if isinstance(app.screen, EndScreen):
                break
            screen = app.screen
            before = len(session.game.actions)
            legal = session.game.legal_actions()
            playable = [a for a in legal if a.card]
            # over the hand limit there is no passing: the player picks a card to discard
            must_discard = all(a.kind == "discard" for a in legal)
            if playable and (played_cards < 6 or must_discard):
                # highlight the card of the first legal play, Enter, then pick it in the dialog
                target = playable[0]
                ids = hand_ids(screen)
                hand = screen.query_one(HandList)
                hand.focus()
                await pilot.press("home", *["down"] * ids.index(target.card), "enter")
                await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
                await pilot.press("enter")
                played_cards += 1
            else:
                await pilot.press("p")
            await wait_for(pilot, lambda b=before: len(session.game.actions) > b)
        assert isinstance(app.screen, EndScreen)
        game = session.game
        assert game.is_over()
        assert played_cards > 0
        human = [a for a in game.actions if a.actor == "israel"]
        assert any(a.kind in ("event", "ops", "react") for a in human)
        outcome = str(app.screen.query_one("#outcome").render())
        assert "Game over" in outcome
        assert game.outcome.reason in outcome
        for actor in ("Israel", "Iran"):
            assert actor in outcome


async def start_hot_seat(app: WargameApp, pilot) -> None:
    """From setup, make both sides human and start: the first hand-over screen shows."""
    await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
    app.screen.query_one("#who-iran", Select).value = "human"
    app.screen.query_one("#who-israel", Select).value = "human"
    await pilot.pause()
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen))


async def test_hot_seat_hides_the_hand_until_the_next_player_is_ready():
    app = WargameApp("tutorial", seed=4, bot_delay=0)
    async with app.run_test(size=(100, 32)) as pilot:
        await start_hot_seat(app, pilot)
        game_screen = app.screen_stack[-2]
        assert isinstance(game_screen, GameScreen)
        assert game_screen.viewer is None
        assert hand_ids(game_screen) == []
        await pilot.press("x")  # any key
        await wait_for(pilot, lambda: settled(app))
        game = game_screen.session.game
        assert game_screen.viewer == "iran"
        iran_hand = sorted(set(game.state.hands["iran"]))
        assert sorted(hand_ids(game_screen)) == iran_hand
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen))
        assert game_screen.viewer is None
        assert hand_ids(game_screen) == []
        # nothing of Iran's hand is on the game screen behind the hand-over
        rendered = " ".join(str(o.prompt) for o in game_screen.query_one(HandList).options)
        for card in iran_hand:
            assert game.card_name(card) not in rendered
        await pilot.press("enter")
        await wait_for(pilot, lambda: settled(app))
        assert game_screen.viewer == "israel"
        assert sorted(hand_ids(game_screen)) == sorted(set(game.state.hands["israel"]))


async def test_undo_takes_back_the_last_action_until_something_is_revealed():
    app = WargameApp("tutorial", seed=4, bot_delay=0)
    async with app.run_test(size=(100, 32)) as pilot:
        await start_hot_seat(app, pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: settled(app))
        screen = app.screen
        game_before = screen.session.game
        log_before = len(game_before.state.log)
        await pilot.press("p")  # Iran passes
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: settled(app))
        assert screen.viewer == "israel"
        await pilot.press("u")  # Israel has not acted: nothing to undo
        await pilot.pause()
        assert len(screen.session.game.actions) == 1
        await pilot.press("p")  # Israel passes too: round 2, Iran again
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: settled(app))
        assert screen.viewer == "iran"
        await pilot.press("u")
        await wait_for(pilot, lambda: len(screen.session.game.actions) == 0)
        game = screen.session.game
        assert game.to_move() == "iran"
        assert len(game.state.log) == log_before
        assert screen.viewer == "iran"


def test_undo_is_refused_after_dice():
    from engine import load_scenario
    from tests.helpers import SCENARIOS
    from tui.session import Session

    scenario = load_scenario(SCENARIOS / "tutorial.yaml")
    session = Session.new(scenario, 3, {"israel": "human", "iran": "human"})
    game = session.game
    # play until someone's action rolls dice
    for _ in range(100):
        legal = game.legal_actions()
        rolling = [a for a in legal if a.card and _rolls(game, a)]
        action = rolling[0] if rolling else next(a for a in legal if a.kind in ("pass", "decline"))
        events = session.apply(action)
        if any(e.kind == "roll" for e in events):
            index, reason = session.undo_point(action.actor)
            assert index is None
            assert "dice were rolled" in reason
            return
    raise AssertionError("no roll happened")


def _rolls(game, action: Action) -> bool:
    card = game.scenario.cards[action.card]
    if action.kind == "ops":
        return game.scenario.operations[action.operation].play.roll is not None
    return card.side(game.state).roll is not None


async def test_over_the_hand_limit_the_player_picks_the_discard():
    """At the end of the turn Israel holds four cards: 'p' cannot pass (it says why), and
    Enter on a card offers its discard, one card per action, down to the limit of two."""
    app = WargameApp("tutorial", seed=7, bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
        await pilot.press("ctrl+s")
        await until_settled(pilot)
        screen = app.screen
        assert isinstance(screen, GameScreen)
        game = screen.session.game
        for move in ("israel event back_channel", "israel pass"):  # draw two, then hold
            await wait_for(pilot, lambda: game.to_move() == "israel" and settled(app))
            screen.play(Action.parse(move))
        await wait_for(pilot, lambda: game.phase.id == "end_of_turn" and settled(app))
        assert len(game.state.hands["israel"]) == 4
        assert all(a.kind == "discard" for a in game.legal_actions())
        before = len(game.actions)
        await pilot.press("p")
        await wait_for(pilot, lambda: bool(app._notifications))
        assert "hand limit" in str(list(app._notifications)[-1].message)
        assert len(game.actions) == before  # no pass
        for n in (1, 2):
            await until_settled(pilot)
            hand = screen.query_one(HandList)
            hand.focus()
            await pilot.press("home", "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            assert app.screen.note == "Enter: discard · Escape: cancel"
            await pilot.press("enter")
            await wait_for(pilot, lambda n=n: len(game.actions) >= before + n)
        assert [a.kind for a in game.actions[before : before + 2]] == ["discard", "discard"]
        assert game.state.turn == 2 and len(game.state.hands["israel"]) >= 2
