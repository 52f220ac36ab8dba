"""Bots decide from their views when there are secrets: changing another side's private values,
the types of its face-down pieces or its sealed order never changes a bot's choice, and a
determinisation agrees with the view it was drawn from (issue 11)."""

from __future__ import annotations

import pytest

from engine import Scenario, load_scenario, observe
from engine.agents import protocol
from engine.bots import BOT_KINDS, make_bot
from engine.play.views.action_space import ActionSpace
from engine.play.views.determinize import determinize
from engine.play.views.encoding import ObservationEncoder
from tests.bots.secret_twins import random_points, scramble_secrets, seen

OPTIONS = {"ismcts": {"iterations": 40}, "greedy": {"samples": 3}}


@pytest.fixture(scope="module")
def backchannel() -> Scenario:
    return load_scenario("backchannel")


def _points(scenario: Scenario) -> list:
    points = []
    for seed in range(3):
        points += random_points(scenario, seed, every=4)
    return points


def test_twins_differ_only_in_secrets(backchannel: Scenario):
    """The twins really differ (values, pieces, orders), yet look the same to the actor."""
    kinds = set()
    space, encoder = ActionSpace(backchannel), ObservationEncoder(backchannel)
    for i, game in enumerate(_points(backchannel)):
        actor = game.to_move()
        twin = scramble_secrets(game, actor, i)
        real, other = game.state, twin.state
        if real.values != other.values:
            kinds.add("values")
        if real.board != other.board:
            kinds.add("pieces")
        if real.secrets.orders != other.secrets.orders:
            kinds.add("orders")
        mine, theirs = observe(game, actor), observe(twin, actor)
        assert seen(mine) == seen(theirs)
        # what an external agent or an RL adapter is sent is the same too
        assert protocol.decide(mine, space, 1, 5, 0) == protocol.decide(theirs, space, 1, 5, 0)
        assert (encoder.encode(mine) == encoder.encode(theirs)).all()
    assert kinds == {"values", "pieces", "orders"}


@pytest.mark.parametrize("kind", sorted(BOT_KINDS))
def test_choice_ignores_secrets(backchannel: Scenario, kind: str):
    points = _points(backchannel)[::3]
    assert len(points) >= 6
    for i, game in enumerate(points):
        actor = game.to_move()
        twin = scramble_secrets(game, actor, i)
        first = make_bot(kind, actor, 5, **OPTIONS.get(kind, {}))
        second = make_bot(kind, actor, 5, **OPTIONS.get(kind, {}))
        assert first.choose(observe(game, actor)) == second.choose(observe(twin, actor))
        assert first.explain() == second.explain()


def test_determinisation_matches_the_view_with_secrets(backchannel: Scenario):
    """A sample keeps everything the actor sees, fills in the rest, and stays a valid game."""
    for game in _points(backchannel):
        actor = game.to_move()
        view = observe(game, actor)
        for k in range(2):
            sample = determinize(view, k)
            assert sample.to_move() == actor
            assert sample.legal_actions() == list(view.legal)
            again = observe(sample, actor, with_log=False)
            assert seen(again)[:-2] == seen(view)[:-2]  # all but history and log
            state = sample.state
            assert set(state.values) == set(game.state.values)
            for piece in backchannel.piece_types:  # totals kept: board plus supply
                on_board = sum(c.get(piece.id, 0) for c in state.board.values())
                assert on_board + state.supply[piece.id] == piece.total
            assert [w for w, _ in state.secrets.orders] == list(view.committed)
            sample.push(sample.legal_actions()[0])  # and it plays on


def test_secret_values_are_sampled(backchannel: Scenario):
    """Hidden values are drawn, not copied: different seeds give different worlds."""
    game = next(g for g in _points(backchannel) if g.to_move() == "iran")
    view = observe(game, "iran")
    assert {"ledger", "understanding"} <= view.hidden
    drawn = {
        tuple(determinize(view, k).state.values[v] for v in sorted(view.hidden)) for k in range(12)
    }
    assert len(drawn) > 1
