"""Thousands of seeded random playthroughs of every shipped scenario keep the invariants."""

from __future__ import annotations

from collections import Counter

import pytest

from engine import Game, load_scenario, observe
from engine.bots import RandomBot
from engine.load.read.catalog import shipped

ENTRIES = shipped()
RUNS_CHECKED_EVERY_STEP = 50
RUNS = 2000
CHUNKS = 4  # so pytest-xdist can spread one scenario's runs over workers


def card_census(game: Game) -> Counter:
    state = game.state
    census: Counter = Counter(state.removed)
    for pile in (*state.draw.values(), *state.discard.values(), *state.hands.values()):
        census.update(pile)
    return census


def check_invariants(game: Game, expected_cards: Counter) -> None:
    s, state = game.scenario, game.state
    for track in s.tracks:
        assert track.min <= state.values[track.id] <= track.max, track.id
    for counter in s.counters:
        assert state.values[counter.id] >= counter.min, counter.id
    for piece in s.piece_types:
        on_board = sum(cell.get(piece.id, 0) for cell in state.board.values())
        assert state.supply[piece.id] >= 0 and on_board + state.supply[piece.id] == piece.total, (
            piece.id
        )
    assert card_census(game) == expected_cards
    assert state.turn <= s.turns.count


def playthrough(scenario, seed: int, every_step: bool) -> Game:
    game = Game.new(scenario, seed)
    expected = Counter(c for d in scenario.decks for c in scenario.deck_cards(d.id))
    bots = {a: RandomBot(a, seed) for a in scenario.playable_actors}
    steps = 0
    while not game.is_over():
        if every_step:
            check_invariants(game, expected)
        actor = game.to_move()
        action = bots[actor].choose(observe(game, actor, with_log=False))
        game.apply(action) if every_step else game.push(action)
        steps += 1
        assert steps < 5000, "a game should end by its turn limit"
    check_invariants(game, expected)
    assert game.outcome is not None
    assert set(game.outcome.scores) <= {a.id for a in scenario.actors}
    return game


@pytest.mark.parametrize("chunk", range(CHUNKS))
@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_random_playthroughs_keep_invariants(entry, chunk):
    """Seeds chunk, chunk+CHUNKS, ...: every step checked for the first few, the end for all."""
    scenario = load_scenario(entry.path)
    for seed in range(chunk, RUNS, CHUNKS):
        playthrough(scenario, seed, every_step=seed < RUNS_CHECKED_EVERY_STEP)
