"""The fast observation vector, action mask and ids equal the straightforward ones.

``ObservationEncoder.encode``, ``ActionSpace.mask`` and ``ActionSpace.ids`` are tuned for the
adapters' step (work done once per scenario, one C call to pack the vector, ids looked up by
identity). The references below are the plain versions they replaced; every shipped scenario
is played with seeded random moves and, at each decision, every actor's view (and a
spectator's) is encoded both ways — secrets included (private values absent from a view,
others' face-down pieces).
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

import numpy as np
import pytest

from engine import Game, load_scenario, observe
from engine.load.read.catalog import shipped
from engine.play.rules.actions import Action
from engine.play.views.action_space import ActionSpace
from engine.play.views.encoding import ObservationEncoder
from engine.play.views.view import View

IDS = [e.id for e in shipped()]
SEEDS = (1, 2)


def reference_encode(encoder: ObservationEncoder, view: View) -> np.ndarray:
    """The vector as first written: a lookup per entry, then ``np.array``."""
    out = [0.0] * encoder.size
    at = {f.name: {label: f.offset + i for i, label in enumerate(f.labels)} for f in encoder.fields}
    phases = {p.id: i for i, p in enumerate(encoder.scenario.turns.phases)}
    for block, key in (("me", view.actor), ("to_move", view.to_move)):
        index = at[block].get(key) if key is not None else None
        if index is not None:
            out[index] = 1.0
    clock = at["clock"]
    out[clock["turn"]] = view.turn
    out[clock["phase"]] = phases.get(view.phase, 0)
    out[clock["round"]] = view.round
    out[clock["seat"]] = view.seat
    out[clock["over"]] = 1.0 if view.outcome is not None else 0.0
    for key, index in at["values"].items():
        out[index] = view.values.get(key, 0)
    for zone, cell in view.board.items():
        for piece, count in cell.items():
            out[at["board"][f"{zone}:{piece}"]] = count
    for piece, count in view.supply.items():
        out[at["supply"][piece]] += count
    for card in view.hand:
        out[at["hand"][card]] += 1
    for actor, size in view.hand_sizes.items():
        if actor in at["hand_sizes"]:
            out[at["hand_sizes"][actor]] = size
    for deck, size in view.draw_sizes.items():
        out[at["draw_sizes"][deck]] = size
    for pile in view.discards.values():
        for card in pile:
            out[at["discards"][card]] += 1
    for card in view.removed:
        out[at["removed"][card]] += 1
    out[at["pending"]["windows"]] = len(view.pending)
    if view.pending:
        window = view.pending[0]
        for block, key in (
            ("window_trigger", window.trigger),
            ("window_zone", window.zone),
            ("window_actor", window.actor),
            ("window_by", window.by),
        ):
            index = at[block].get(key) if key is not None else None
            if index is not None:
                out[index] = 1.0
    return np.array(out, dtype=np.float32)


def reference_mask(space: ActionSpace, legal: tuple[Action, ...]) -> np.ndarray:
    """The mask as first written: each legal action looked up by value."""
    out = np.zeros(len(space), dtype=np.int8)
    for action in legal:
        out[space.actions.index(action)] = 1
    return out


def same(fast: np.ndarray, slow: np.ndarray) -> bool:
    """Equal dtype, shape, bytes (so -0.0 and NaN count too) and writability."""
    return (
        fast.dtype == slow.dtype
        and fast.shape == slow.shape
        and fast.tobytes() == slow.tobytes()
        and fast.flags.writeable == slow.flags.writeable
    )


@cache  # the tests below read the same games' counts: each game is played and compared once
def check_game(ref: str, seed: int) -> dict[str, int]:
    """Play one seeded random game, comparing at every decision; count what was exercised
    (kept per game: callers must not change it)."""
    scenario = load_scenario(ref)
    encoder, space = ObservationEncoder(scenario), ActionSpace(scenario)
    game = Game.new(scenario, seed, quiet=True)
    pick = random.Random(seed)
    seen: dict[str, int] = {"views": 0, "hidden": 0, "unknown": 0, "pending": 0, "legal": 0}
    while True:
        for actor in (*scenario.playable_actors, None):
            view = observe(game, actor, with_log=False)
            fast, slow = encoder.encode(view), reference_encode(encoder, view)
            assert same(fast, slow), (ref, seed, len(game.actions), actor)
            assert same(space.mask(view.legal), reference_mask(space, view.legal))
            assert space.ids(view.legal) == [space.actions.index(a) for a in view.legal]
            seen["views"] += 1
            seen["hidden"] += bool(view.hidden)
            seen["unknown"] += bool(view.unknown)
            seen["pending"] += bool(view.pending)
            seen["legal"] += bool(view.legal)
        if game.is_over():
            return seen
        game.push(pick.choice(game.legal_actions()))


@pytest.mark.parametrize("ref", IDS)
def test_fast_vector_and_mask_equal_the_reference(ref: str):
    for seed in SEEDS:
        seen = check_game(ref, seed)
        assert seen["legal"] > 0


def test_the_secret_paths_are_exercised():
    """backchannel hides private values and face-down pieces: the views compared above
    include views with values missing and with others' unknown pieces."""
    seen: dict[str, Any] = {}
    for seed in SEEDS:
        for key, count in check_game("backchannel", seed).items():
            seen[key] = seen.get(key, 0) + count
    assert seen["hidden"] > 0 and seen["unknown"] > 0


def test_reaction_windows_are_exercised():
    assert sum(check_game(ref, seed)["pending"] for ref in IDS for seed in SEEDS) > 0
