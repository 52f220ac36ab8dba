"""Bots see only their view: changing what they cannot see never changes their choice."""

from __future__ import annotations

import pytest

from engine import Game, Scenario, observe
from engine.bots import BOT_KINDS, make_bot
from engine.bots.random_bot import RandomBot
from engine.play import rng
from engine.play.views.determinize import determinize

#: Small budgets keep the search bots fast here; the property does not depend on them.
OPTIONS = {"ismcts": {"iterations": 40}, "greedy": {"samples": 3}}


def rescramble(game: Game, actor: str, seed: int) -> Game:
    """A copy of ``game`` that differs only in what ``actor`` cannot see.

    Other actors' hands are redealt from their cards plus the draw piles (same count per deck),
    every draw pile is reshuffled, and the RNG is replaced.
    """
    other = game.copy()
    state = other.state
    scenario = other.scenario
    r = rng.derive_seed(seed, "scramble")
    for deck in scenario.decks:
        pool = list(state.draw[deck.id])
        counts = {}
        for holder, hand in state.hands.items():
            if holder == actor:
                continue
            mine = [c for c in hand if scenario.cards[c].deck == deck.id]
            counts[holder] = len(mine)
            pool += mine
            state.hands[holder] = [c for c in hand if scenario.cards[c].deck != deck.id]
        r, pool = rng.shuffled(r, pool)
        for holder, n in counts.items():
            state.hands[holder] += [pool.pop() for _ in range(n)]
        state.draw[deck.id] = pool
    state.rng = rng.derive_seed(seed, "new rng")
    return other


def public(view) -> tuple:
    """The parts of a view that must not depend on hidden information."""
    return (
        view.values,
        view.board,
        view.supply,
        view.hand,
        view.hand_sizes,
        view.draw_sizes,
        view.discards,
        view.removed,
        view.legal,
        view.reacting_to,
        [e.to_dict() for e in view.log],
    )


def decision_points(scenario: Scenario, seed: int, every: int) -> list[Game]:
    """Copies of a random game at every ``every``-th decision with a real choice."""
    game = Game.new(scenario, seed)
    bots = {a: RandomBot(a, seed) for a in scenario.playable_actors}
    out = []
    step = 0
    while not game.is_over():
        actor = game.to_move()
        view = observe(game, actor, with_log=False)
        if len(view.legal) > 1:
            step += 1
            if step % every == 0:
                out.append(game.copy())
        game.push(bots[actor].choose(view))
    return out


@pytest.mark.parametrize("kind", sorted(BOT_KINDS))
def test_choice_ignores_hidden_information(any_scenario: Scenario, kind: str) -> None:
    points = decision_points(any_scenario, seed=3, every=7)[:4]
    assert points
    for i, game in enumerate(points):
        actor = game.to_move()
        scrambled = rescramble(game, actor, seed=i)
        # The scramble really changed something hidden...
        hidden = (game.state.hands, game.state.draw, game.state.rng)
        assert hidden != (scrambled.state.hands, scrambled.state.draw, scrambled.state.rng)
        # ...and nothing the actor can see.
        assert public(observe(game, actor)) == public(observe(scrambled, actor))
        first = make_bot(kind, actor, 11, **OPTIONS.get(kind, {}))
        second = make_bot(kind, actor, 11, **OPTIONS.get(kind, {}))
        assert first.choose(observe(game, actor)) == second.choose(observe(scrambled, actor))


def test_determinisation_matches_the_view(any_scenario: Scenario) -> None:
    """A sampled game agrees with the view on everything public, including the legal moves."""
    for game in decision_points(any_scenario, seed=5, every=3):
        actor = game.to_move()
        view = observe(game, actor)
        for k in range(2):
            sample = determinize(view, k)
            assert sample.to_move() == actor
            assert sample.legal_actions() == list(view.legal)
            again = observe(sample, actor, with_log=False)
            assert public(again)[:-1] == public(view)[:-1]


def test_determinisation_keeps_hand_sizes_and_cards(any_scenario: Scenario) -> None:
    from collections import Counter

    for game in decision_points(any_scenario, seed=8, every=5):
        actor = game.to_move()
        sample = determinize(observe(game, actor), 1)
        for holder, hand in game.state.hands.items():
            assert len(sample.state.hands[holder]) == len(hand)
        real = Counter(
            c for pile in (*game.state.hands.values(), *game.state.draw.values()) for c in pile
        )
        fake = Counter(
            c for pile in (*sample.state.hands.values(), *sample.state.draw.values()) for c in pile
        )
        assert real == fake
