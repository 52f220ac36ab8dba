"""Thousands of seeded random playthroughs of every shipped scenario keep the invariants.

How many games each scenario plays is chosen by coverage, not by habit: the count from which
2,000 random games reach nothing new — no move (kind, card, operation), track bound (a track
at its minimum or maximum after a turn) or ending they did not reach by then. ``python -m
tests.engine.test_playthroughs`` measures it again (run it after changing a scenario; a
scenario without a measured count plays 2,000 games).

A variant file whose changes random bots never read (doctrine parameters) plays the same
games as its base, move for move: its first games are played, checked and compared with the
base's, and the rest only if they differ — otherwise they are the base's, checked there.
"""

from __future__ import annotations

from collections import Counter

import pytest

from engine import Game, load_scenario
from engine.bots import RandomBot
from engine.load.read.catalog import shipped
from engine.load.scenario import Scenario

ENTRIES = shipped()
RUNS_CHECKED_EVERY_STEP = 50
#: The games random play needs to reach everything 2,000 games reach (formerly 2,000 each).
RUNS = {
    "backchannel": 300,  # 257: tolerance at its maximum
    "blockade": 250,  # coverage complete at game 229
    "iranian-entrenchment": 950,  # 948: Washington's track at its maximum
    "israeli-strike": 1000,  # 997: suspend_the_line played as an event
    "russian-reaction": 1200,  # 1189: tolerance at its maximum
    "tutorial": 1200,  # 1190: hezbollah_answer discarded
}
MEASURED = 2000
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


def playthrough(scenario: Scenario, seed: int, every_step: bool) -> Game:
    """One random game; the invariants checked at its end, and after every move if asked
    (then each move goes through the checked ``apply``). Random bots choose from the legal
    actions as they do in batches, without a view (tests/bots/test_bots.py shows the games
    are the same as through a view)."""
    game = Game.new(scenario, seed)
    expected = Counter(c for d in scenario.decks for c in scenario.deck_cards(d.id))
    bots = {a: RandomBot(a, seed) for a in scenario.playable_actors}
    steps = 0
    while not game.is_over():
        if every_step:
            check_invariants(game, expected)
        actor = game.to_move()
        action = bots[actor].choose_among(game.legal_actions(actor))
        game.apply(action) if every_step else game.push(action)
        steps += 1
        assert steps < 5000, "a game should end by its turn limit"
    check_invariants(game, expected)
    assert game.outcome is not None
    assert set(game.outcome.scores) <= {a.id for a in scenario.actors}
    return game


def coverage(game: Game) -> set[str]:
    """What a game reached: its moves, the track bounds it touched after a turn, its ending."""
    out = {f"{a.kind}:{a.card or ''}:{a.operation or ''}" for a in game.actions}
    for snapshot in game.state.history:
        for track in game.scenario.tracks:
            if snapshot.get(track.id) == track.min:
                out.add(f"min:{track.id}")
            if snapshot.get(track.id) == track.max:
                out.add(f"max:{track.id}")
    assert game.outcome is not None
    out.add(f"end:{game.outcome.condition or 'turn limit'}")
    return out


def base_of(scenario: Scenario) -> Scenario | None:
    """The scenario a variant file changes (None for a scenario file)."""
    return load_scenario(scenario.path) if scenario.variant.changes else None


def runs_of(scenario: Scenario) -> int:
    base = base_of(scenario)
    return RUNS.get(base.id if base else scenario.id, MEASURED)


@pytest.mark.parametrize("chunk", range(CHUNKS))
@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_random_playthroughs_keep_invariants(entry, chunk):
    """Seeds chunk, chunk+CHUNKS, ...: every step checked for the first few, the end for all."""
    scenario = load_scenario(entry.path)
    runs = runs_of(scenario)
    base = base_of(scenario)
    same_as_base = base is not None
    for seed in range(chunk, runs, CHUNKS):
        checked = seed < RUNS_CHECKED_EVERY_STEP
        if same_as_base and not checked:
            break  # the base's games, checked by the base's own test
        game = playthrough(scenario, seed, every_step=checked)
        if same_as_base:
            assert base is not None
            same_as_base = game.actions == playthrough(base, seed, every_step=False).actions


def saturation(scenario: Scenario, runs: int = MEASURED) -> tuple[int, str]:
    """The last of ``runs`` games to reach something new, and what it reached."""
    seen: dict[str, int] = {}
    for seed in range(runs):
        for item in coverage(playthrough(scenario, seed, every_step=False)):
            seen.setdefault(item, seed)
    last = max(seen, key=lambda item: (seen[item], item))
    return seen[last], last


if __name__ == "__main__":  # pragma: no cover - a measurement, run by hand
    for entry in ENTRIES:
        scenario = load_scenario(entry.path)
        if base_of(scenario) is None:
            seed, item = saturation(scenario)
            print(f"{entry.id}: coverage complete at game {seed} ({item})")
