"""Multi-choice actions at the table: a move reads as its origin and destination, each way to
make it is its own row, the map lights every zone it could touch, and a click picks among them.

The blockade example's operations choose two zones (``origin``, ``dest``); before the TUI knew
choices, every way to sail a frigate read the same ("Ops: Sail a frigate").
"""

from __future__ import annotations

from textual.widgets import Select

from tests.tui.helpers import until_settled, wait_for
from tui.app import WargameApp
from tui.screens.dialogs import ChoiceDialog
from tui.screens.game import GameScreen
from tui.screens.setup import SetupScreen
from tui.widgets.hand_list import HandList
from tui.widgets.map_view import MapView


async def _first_move(pilot, app):
    """The game screen and the human's first legal action that makes choices."""
    await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
    app.screen.query_one("#who-fleet", Select).value = "human"
    await pilot.pause()
    await pilot.press("ctrl+s")
    await until_settled(pilot)
    screen = app.screen
    assert isinstance(screen, GameScreen)
    game = screen.session.game
    for _ in range(50):  # the Fleet may have to wait for the Island's move
        if screen.human_turn():
            moves = [a for a in game.legal_actions() if a.choices and a.kind == "ops"]
            if moves:
                return screen, moves
        await pilot.press("p")
        await until_settled(pilot)
    raise AssertionError("the Fleet never had a move to make")


async def test_each_way_to_make_a_move_is_its_own_row_naming_its_choices():
    app = WargameApp("blockade", seed=1, bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, moves = await _first_move(pilot, app)
        card = moves[0].card
        same_card = [a for a in moves if a.card == card]
        screen.choose(card=card, use="ops")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        dialog = app.screen
        labels = [str(label) for label, action in dialog.choices if action.choices]
        assert len(labels) >= len(same_card) > 1
        assert len(set(labels)) == len(labels), labels  # no two rows read alike
        assert any("origin: " in label and "dest: " in label for label in labels), labels
        await pilot.press("escape")
        await until_settled(pilot)
        # Highlighting the card lights every zone a move of it could start from or reach.
        hand = screen.query_one(HandList)
        ids = [o.id for o in hand.options if o.id and o.id != "-"]
        hand.focus()
        await pilot.press("home", *["down"] * ids.index(card))
        await wait_for(pilot, lambda: bool(screen.query_one(MapView).highlight))
        lit = screen.query_one(MapView).highlight
        for action in same_card:
            assert {v for _, v in action.choices} <= lit


async def test_a_zone_click_offers_only_the_moves_through_that_zone():
    app = WargameApp("blockade", seed=1, bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, moves = await _first_move(pilot, app)
        card = moves[0].card
        dest = dict(moves[0].choices)["dest"]
        screen.choose(card=card, use="ops", zone=dest)
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        offered = [action for _, action in app.screen.choices]
        assert offered and all(dest in dict(a.choices).values() for a in offered)
        before = len(screen.session.game.actions)
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(screen.session.game.actions) > before)
        assert screen.session.game.actions[before] == offered[0]
