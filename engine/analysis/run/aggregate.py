"""A batch's counts: integer sums and histograms over its playthroughs, one per chunk, merged.

Every count is an integer (wins, score and length histograms, summed track values, features and
their outcomes, attributed changes), so merging chunks is exact and does not depend on their
order: a batch gives the same numbers however it was cut up and wherever the chunks ran.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, product, zip_longest
from operator import itemgetter
from typing import Any

from engine.analysis.run.features import game_features
from engine.play.game import Game

#: The outcome label of a game nobody won.
NOBODY = "nobody"
#: The ending of a game no instant end stopped.
TURN_LIMIT = "turn limit"


@dataclass
class Aggregate:
    """Integer sums over playthroughs; :meth:`merge` adds another chunk's sums."""

    runs: int = 0
    wins: Counter = field(default_factory=Counter)
    no_winner: int = 0
    scores: dict[str, Counter] = field(default_factory=dict)
    turns: Counter = field(default_factory=Counter)
    actions: Counter = field(default_factory=Counter)
    endings: Counter = field(default_factory=Counter)
    #: track id -> snapshot index (0 = start, t = after turn t) -> sum of values
    track_sums: dict[str, Counter] = field(default_factory=dict)
    #: snapshot index -> playthroughs that reached it
    track_counts: Counter = field(default_factory=Counter)
    #: feature label (see :func:`game_features`) -> playthroughs in which it occurred
    features: Counter = field(default_factory=Counter)
    #: feature label -> outcome label -> playthroughs with that feature and outcome
    feature_outcomes: dict[str, Counter] = field(default_factory=dict)
    outcomes: Counter = field(default_factory=Counter)
    #: (track, cause, claims, actor, turn) -> summed change
    #: (see :mod:`engine.analysis.explain.attribution`)
    attribution: Counter = field(default_factory=Counter)

    def add(self, game: Game) -> None:
        """Count one finished game."""
        outcome = game.outcome
        assert outcome is not None
        self.runs += 1
        self.wins.update(outcome.winners)
        self.no_winner += not outcome.winners
        scores = self.scores
        for actor, score in outcome.scores.items():
            counts = scores.get(actor)
            if counts is None:
                counts = scores[actor] = Counter()
            counts[score] += 1
        self.turns[outcome.turn] += 1
        self.actions[len(game.actions)] += 1
        self.endings[outcome.condition or TURN_LIMIT] += 1
        # The hottest lines of a batch after play itself: no Counter built per track and turn.
        track_sums, track_counts = self.track_sums, self.track_counts
        for i, snapshot in enumerate(game.state.history):
            track_counts[i] += 1
            for track, value in snapshot.items():
                sums = track_sums.get(track)
                if sums is None:
                    sums = track_sums[track] = Counter()
                sums[i] += value
        labels = outcome_labels(outcome.winners)
        self.outcomes.update(labels)
        features, feature_outcomes = self.features, self.feature_outcomes
        for feature in sorted(game_features(game)):
            features[feature] += 1
            counts = feature_outcomes.get(feature)
            if counts is None:
                counts = feature_outcomes[feature] = Counter()
            for label in labels:  # distinct: the winners, or nobody
                counts[label] += 1
        if game.attribution is not None:
            self.attribution.update(game.attribution)

    def merge(self, other: Aggregate) -> None:
        """Add ``other``'s counts to this one."""
        self.runs += other.runs
        self.wins.update(other.wins)
        self.no_winner += other.no_winner
        for name in ("scores", "track_sums", "feature_outcomes"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for key, counts in theirs.items():
                mine.setdefault(key, Counter()).update(counts)
        for name in (
            "turns",
            "actions",
            "endings",
            "track_counts",
            "features",
            "outcomes",
            "attribution",
        ):
            getattr(self, name).update(getattr(other, name))


class Tally:
    """A chunk's games counted as :meth:`Aggregate.add` counts them, for less: each game's
    few values are kept in flat lists and counted together by :meth:`aggregate` (in C, with
    :class:`Counter` over the lists), instead of a dict update per track, turn, feature and
    outcome of every game. Its :attr:`attribution` can be handed to the games to sum their
    changes into as they are played (``Game.new(record=True, attribution=...)``).

    The aggregate is equal to the one :meth:`Aggregate.add` builds game by game — the same
    counts, each dict's keys in the same order (the order a key first occurs in, game after
    game) — as ``tests/analysis/test_batch_bookkeeping.py`` checks."""

    def __init__(self) -> None:
        #: What the games' track and counter changes sum to, by (track, cause, claims, actor,
        #: turn): the games may record into it directly.
        self.attribution: Counter = Counter()
        self._winners: list[tuple[str, ...]] = []
        self._scores: list[Mapping[str, int]] = []
        self._turns: list[int] = []
        self._lengths: list[int] = []
        self._endings: list[str] = []
        self._histories: list[list[dict[str, int]]] = []
        self._features: list[list[str]] = []
        self._labels: list[list[str]] = []

    def add(self, game: Game) -> None:
        """Count one finished game (its attribution too, unless it recorded into ours)."""
        outcome = game.outcome
        assert outcome is not None
        self._winners.append(outcome.winners)
        self._scores.append(outcome.scores)
        self._turns.append(outcome.turn)
        self._lengths.append(len(game.actions))
        self._endings.append(outcome.condition or TURN_LIMIT)
        self._histories.append(game.state.history)
        self._features.append(sorted(game_features(game)))
        self._labels.append(outcome_labels(outcome.winners))
        if game.attribution is not None and game.attribution is not self.attribution:
            self.attribution.update(game.attribution)

    def aggregate(self) -> Aggregate:
        """The aggregate of the games counted so far."""
        labels = self._labels
        agg = Aggregate(runs=len(self._turns))
        agg.wins = Counter(chain.from_iterable(self._winners))
        agg.no_winner = sum(not winners for winners in self._winners)
        agg.scores = _split(Counter(chain.from_iterable(s.items() for s in self._scores)))
        agg.turns = Counter(self._turns)
        agg.actions = Counter(self._lengths)
        agg.endings = Counter(self._endings)
        agg.track_sums, agg.track_counts = _track_sums(self._histories)
        agg.outcomes = Counter(chain.from_iterable(labels))
        agg.features = Counter(chain.from_iterable(self._features))
        pairs = map(product, self._features, labels)  # (feature, label) of every game
        agg.feature_outcomes = _split(Counter(chain.from_iterable(pairs)))
        agg.attribution = self.attribution
        return agg


def _split(pairs: Counter) -> dict[Any, Counter]:
    """``{(a, b): n}`` as ``{a: Counter({b: n})}``, keys in the order the pairs first occur."""
    out: dict[Any, Counter] = {}
    for (a, b), n in pairs.items():
        counts = out.get(a)
        if counts is None:
            counts = out[a] = Counter()
        counts[b] = n
    return out


def _track_sums(
    histories: Sequence[list[dict[str, int]]],
) -> tuple[dict[str, Counter], Counter]:
    """:attr:`Aggregate.track_sums` and :attr:`Aggregate.track_counts` of games with these
    track histories: each snapshot index's values summed a track at a time when every
    snapshot has the same tracks (a scenario's always do), else value by value."""
    columns = [[s for s in column if s is not None] for column in zip_longest(*histories)]
    counts = Counter({i: len(column) for i, column in enumerate(columns)})
    sums: dict[str, Counter] = {}
    if not columns:
        return sums, counts
    tracks = columns[0][0].keys()
    if all(s.keys() == tracks for column in columns for s in column):
        for track in tracks:  # in the order of the first snapshot: the order they first occur
            get = itemgetter(track)
            sums[track] = Counter({i: sum(map(get, column)) for i, column in enumerate(columns)})
        return sums, counts
    for history in histories:  # as Aggregate.add counts them
        for i, snapshot in enumerate(history):
            for track, value in snapshot.items():
                found = sums.get(track)
                if found is None:
                    found = sums[track] = Counter()
                found[i] += value
    return sums, counts


def outcome_labels(winners: tuple[str, ...]) -> list[str]:
    """The outcome labels a game counts under: each winner, or ``nobody``."""
    return list(winners) if winners else [NOBODY]


__all__ = ["NOBODY", "TURN_LIMIT", "Aggregate", "Tally", "outcome_labels"]
