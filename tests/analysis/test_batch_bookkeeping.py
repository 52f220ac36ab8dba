"""A batch's own bookkeeping counts exactly what the plain way counts.

``play_chunk`` plays a chunk's games and counts them its own, cheaper way (a
:class:`~engine.analysis.run.aggregate.Tally`: flat lists counted together at the end, the
games' attribution summed into one Counter as they are played). Checked against the plain
way, kept here as the reference: bots made for each game, each game played on its own and
counted by :meth:`Aggregate.add` — the same counts, the same records, and every dict's keys in
the same order (the JSON report and ``compare`` read them in that order), for seeded games
of scenarios with chains, deals and reaction windows, with each kind of random bot.
"""

from __future__ import annotations

import gc
from collections import Counter
from typing import Any

import pytest

from engine import load_scenario
from engine.analysis.explain.chains import fired_chains, full_trace
from engine.analysis.run.aggregate import Aggregate, Tally, _track_sums
from engine.analysis.run.batch import play_chunk, playthrough_seed
from engine.analysis.run.batch_result import BatchResult
from engine.analysis.run.features import game_features
from engine.analysis.run.playout import make_bots, play_game, resolved_bots
from engine.analysis.run.records import RunRecord, cards_played
from engine.load.read.catalog import resolve, shipped

FIELDS = (
    "runs",
    "wins",
    "no_winner",
    "scores",
    "turns",
    "actions",
    "endings",
    "track_sums",
    "track_counts",
    "features",
    "feature_outcomes",
    "outcomes",
    "attribution",
)


def plain_chunk(scenario, kinds, root: int, indices: range) -> tuple[Aggregate, list[RunRecord]]:
    """The reference: each game played alone and counted by Aggregate.add."""
    aggregate = Aggregate()
    records = []
    for index in indices:
        seed = playthrough_seed(root, index)
        game = play_game(scenario, seed, make_bots(scenario, kinds, seed), quiet=True, record=True)
        outcome = game.outcome
        assert outcome is not None
        aggregate.add(game)
        records.append(
            RunRecord(
                index,
                seed,
                outcome.winners,
                dict(outcome.scores),
                outcome.turn,
                len(game.actions),
                outcome.condition,
                outcome.reason,
                game.track_snapshot(),
                tuple(cards_played(game.actions)),
            )
        )
    return aggregate, records


def plain_features(game) -> set[str]:
    """The reference for :func:`game_features`: every label made as it is read off."""
    out = set()
    for action in game.actions:
        if action.card and action.kind != "discard":
            out.add(f"{'ops' if action.kind == 'ops' else 'event'}:{action.card}")
        if action.kind in ("accept", "reject"):
            out.add(f"deal:{action.operation}:{action.kind}")
        elif action.operation:
            out.add(f"op:{action.operation}")
    rules = game.scenario.tables.rule_ids
    out.update(f"rule:{cause}" for cause in game.trace if cause in rules)
    fired = fired_chains(game.scenario, full_trace(game))
    out.update(f"chain:{match.chain.id}" for match in fired)
    return out


def same_in_order(got: Any, want: Any, where: str) -> None:
    """Equal, and every dict (Counters too) with its keys in the same order, all the way down."""
    assert got == want, where
    if isinstance(want, dict):
        assert list(got) == list(want), f"{where}: key order"
        for key, value in want.items():
            same_in_order(got[key], value, f"{where}[{key!r}]")


@pytest.mark.parametrize(
    ("ref", "kind", "runs"),
    [
        ("tutorial", "random", 40),
        ("israeli-strike", "random", 25),
        ("israeli-strike", "random-fast", 25),
        ("russian-reaction", "random-fast", 25),
        ("backchannel", "random", 25),
    ],
)
def test_a_chunk_counts_what_the_plain_way_counts(ref: str, kind: str, runs: int) -> None:
    scenario = load_scenario(resolve(ref))
    indices = range(3, 3 + runs)
    got, got_records = play_chunk(scenario, {"all": kind}, 11, indices)
    want, want_records = plain_chunk(scenario, {"all": kind}, 11, indices)
    assert got_records == want_records
    for name in FIELDS:
        same_in_order(getattr(got, name), getattr(want, name), name)
    assert got.features and got.attribution  # something was counted
    bots = resolved_bots(scenario, {"all": kind})
    report = BatchResult(scenario, runs, 11, bots, got, got_records).to_dict()
    assert report == BatchResult(scenario, runs, 11, bots, want, want_records).to_dict()


@pytest.mark.parametrize(
    ("ref", "kinds"),
    [
        ("israeli-strike", {"rule", "op", "ops", "event", "chain"}),
        ("iranian-entrenchment", {"rule", "op", "ops", "event", "chain"}),
        ("backchannel", {"event", "deal"}),
    ],
)
def test_features_are_what_the_game_did(ref: str, kinds: set[str]) -> None:
    """The features (rules by set, chains by their forward pass) against the plain reading."""
    scenario = load_scenario(resolve(ref))
    seen: set[str] = set()
    for index in range(30):
        seed = playthrough_seed(4, index)
        kind = "random" if index % 2 else "random-fast"
        bots = make_bots(scenario, {"all": kind}, seed)
        game = play_game(scenario, seed, bots, quiet=True, record=True)
        features = game_features(game)
        assert features == plain_features(game), index
        seen |= {f.partition(":")[0] for f in features}
    assert kinds <= seen  # every kind of feature met


def test_a_tally_adds_games_that_kept_their_own_attribution() -> None:
    scenario = load_scenario(resolve("israeli-strike"))
    tally, plain = Tally(), Aggregate()
    for index in range(6):
        seed = playthrough_seed(2, index)
        bots = make_bots(scenario, {"all": "random-fast"}, seed)
        game = play_game(scenario, seed, bots, quiet=True, record=True)
        tally.add(game)
        plain.add(game)
    got = tally.aggregate()
    for name in FIELDS:
        same_in_order(getattr(got, name), getattr(plain, name), name)
    empty = Tally().aggregate()
    for name in FIELDS:
        same_in_order(getattr(empty, name), getattr(Aggregate(), name), name)


def test_track_sums_of_snapshots_with_other_tracks_are_counted_value_by_value() -> None:
    """Snapshots that do not all hold the same tracks take the slow way, with the same
    result as counting them one by one."""
    histories = [
        [{"a": 1, "b": 2}, {"a": 3, "b": 0}],
        [{"b": 5, "a": 1}, {"a": 1, "b": 1}, {"a": 7, "b": 2}],
        [{"a": 2, "c": 4}],
    ]
    sums, counts = _track_sums(histories)
    plain = Aggregate()
    for history in histories:
        for i, snapshot in enumerate(history):
            plain.track_counts[i] += 1
            for track, value in snapshot.items():
                plain.track_sums.setdefault(track, Counter())[i] += value
    same_in_order(sums, plain.track_sums, "track_sums")
    same_in_order(counts, plain.track_counts, "track_counts")
    fast, _ = _track_sums(histories[:2])  # the same tracks everywhere: a track at a time
    assert fast == {"a": Counter({0: 2, 1: 4, 2: 7}), "b": Counter({0: 7, 1: 1, 2: 2})}
    assert list(fast) == ["a", "b"]


@pytest.mark.parametrize("ref", [entry.id for entry in shipped()])
def test_games_leave_no_reference_cycles(ref: str) -> None:
    """A finished game is freed by reference counting alone, with every built-in bot kind a
    batch plays (listing multi-choice plays through a closure that called itself kept each
    blockade and tutorial game alive until the cycle collector ran)."""
    scenario = load_scenario(resolve(ref))
    gc.collect()
    running = gc.isenabled()
    gc.disable()
    try:
        for kind, games in (("random", 2), ("random-fast", 2), ("doctrine", 2), ("ismcts:8", 1)):
            for index in range(games):
                seed = playthrough_seed(6, index)
                bots = make_bots(scenario, {"all": kind}, seed)
                play_game(scenario, seed, bots, quiet=True, record=True)
        assert gc.collect() == 0
    finally:
        if running:
            gc.enable()
