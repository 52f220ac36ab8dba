"""The screens show a player only what the player may know.

Twin games differ only in what the seated player cannot see — the other sides' hands and the
order of the draw piles. Everything the screens render for that player (card and zone details,
the hand, the map, the log, the status line) must be the same in both twins; a screen that
peeked at hidden state would render the twins differently. And no screen module touches the
game's state: they ask a :class:`~engine.play.views.seat.Seat`.
"""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest

from engine import Game, load_scenario
from engine.play.views.seat import Seat, debrief
from tests.helpers import ROOT, SCENARIOS
from tests.tui.helpers import steady_screenshot, until_settled
from tui.app import WargameApp
from tui.details import card_details, zone_details
from tui.session import HUMAN, Session
from tui.text import describe, preview_text

CASES = [("tutorial.yaml", "israel", 5), ("syria/israeli-strike.yaml", "israel", 7)]


def game_with_viewer_to_move(path: str, viewer: str, seed: int) -> Game:
    """A game of ``path`` played at random until ``viewer`` decides, mid-game."""
    game = Game.new(load_scenario(SCENARIOS / path), seed)
    chooser = random.Random(seed)
    moves = 0
    while not game.is_over():
        if game.to_move() == viewer and moves >= 6 and not game.state.pending:
            return game
        game.apply(chooser.choice(game.legal_actions()))
        moves += 1
    raise AssertionError("the game ended before the viewer decided mid-game")


def hidden_twin(game: Game, viewer: str, seed: int) -> Game:
    """A copy whose other hands hold other cards from the same draw piles, and whose draw
    piles are in another order: nothing ``viewer`` can see differs."""
    twin = game.copy()
    state = twin.state
    chooser = random.Random(seed)
    swapped = 0
    for actor, hand in state.hands.items():
        if actor == viewer:
            continue
        for i, card in enumerate(hand):
            pile = state.draw[twin.scenario.cards[card].deck]
            others = [j for j, c in enumerate(pile) if c != card]
            if others:
                j = chooser.choice(others)
                hand[i], pile[j] = pile[j], hand[i]
                swapped += 1
    for pile in state.draw.values():
        chooser.shuffle(pile)
    assert swapped, "the twin must differ in hidden cards"
    return twin


@pytest.mark.parametrize(("path", "viewer", "seed"), CASES)
def test_details_and_descriptions_do_not_depend_on_hidden_cards(path, viewer, seed):
    game = game_with_viewer_to_move(path, viewer, seed)
    twin = hidden_twin(game, viewer, seed)
    assert game.state.hands != twin.state.hands
    seats = Seat(game, viewer), Seat(twin, viewer)
    for card in sorted(set(game.state.hands[viewer])):
        texts = {card_details(seat, card).plain for seat in seats}
        assert len(texts) == 1, card
    for zone in game.scenario.zones:
        assert len({zone_details(seat, zone.id).plain for seat in seats}) == 1, zone.id
    for action in seats[0].legal():
        assert len({describe(seat, action) for seat in seats}) == 1
        assert len({preview_text(seat, action) for seat in seats}) == 1


@pytest.mark.parametrize(("path", "viewer", "seed"), CASES[:1])
async def test_the_game_screen_renders_hidden_twins_alike(path, viewer, seed):
    game = game_with_viewer_to_move(path, viewer, seed)
    screens = []
    for which in (game, hidden_twin(game, viewer, seed)):
        players = {a: (HUMAN if a == viewer else "random") for a in which.scenario.playable_actors}
        app = WargameApp(bot_delay=0)
        async with app.run_test(size=(120, 40)) as pilot:
            app.open_game(Session(which, players))
            await until_settled(pilot)
            screens.append(await steady_screenshot(pilot))
    assert screens[0] == screens[1]


def test_a_debrief_reveals_everything_only_after_the_game():
    game = game_with_viewer_to_move("tutorial.yaml", "israel", 5)
    with pytest.raises(ValueError, match="in progress"):
        debrief(game)
    chooser = random.Random(1)
    while not game.is_over():
        game.apply(chooser.choice(game.legal_actions()))
    view = debrief(game)
    assert view.log == tuple(game.state.log)
    assert any(e.visible_to for e in view.log), "the tutorial has private events to reveal"
    assert list(view.history) == game.track_history()


def test_no_screen_reads_the_game_state():
    """Only the session holds the game; screens, widgets and text go through seats and views."""
    offenders = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        if path.name == "session.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("game", "state"):
                offenders.append(f"{Path(path).relative_to(ROOT)}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.ImportFrom) and node.module == "engine.play.game":
                offenders.append(f"{Path(path).relative_to(ROOT)}:{node.lineno} imports Game")
    assert offenders == []
