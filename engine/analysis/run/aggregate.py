"""A batch's counts: integer sums and histograms over its playthroughs, one per chunk, merged.

Every count is an integer (wins, score and length histograms, summed track values, features and
their outcomes, attributed changes), so merging chunks is exact and does not depend on their
order: a batch gives the same numbers however it was cut up and wherever the chunks ran.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

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


def outcome_labels(winners: tuple[str, ...]) -> list[str]:
    """The outcome labels a game counts under: each winner, or ``nobody``."""
    return list(winners) if winners else [NOBODY]


__all__ = ["NOBODY", "TURN_LIMIT", "Aggregate", "outcome_labels"]
