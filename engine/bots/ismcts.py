"""The ISMCTS bot: information-set Monte Carlo tree search over determinisations.

Each iteration samples a full game consistent with the bot's view (other hands, deck order
and dice drawn afresh; :mod:`engine.play.views.determinize`), walks the tree of the bot's own
decisions with UCB while every action on the path is legal in that sample (counting
availability, as single-observer ISMCTS does), adds one node, plays the rest out, and backs the
outcome up. The other actors are not searched (``opponents="policy"``, the default): their
moves, like every move past the tree, come from the playout policy — each actor's doctrine
where the scenario gives one, with a share ``epsilon`` of uniformly random moves (drawn by
:meth:`Game.sample_action`, which lists nothing), and random moves otherwise; the doctrine's
move is found listing only the legal actions its entries name (:mod:`engine.bots.named_legal`).
So the budget goes to the bot's own choices, and a doctrine-playing opponent is modelled as it
plays, while the random share keeps other answers in sight. ``opponents="random"`` models the
other actors as uniformly random players instead (right when they are: a batch's random bots;
it did not win more against them on the campaign, docs/bots.md); ``opponents="search"`` searches
every actor's moves in one tree, each maximising its own value (max^n), as this bot did before;
``rollout="random"`` makes the whole policy random. Inside the tree the doctrine's preferred
moves are expanded first and get a bonus that fades with visits ("progressive bias"), so a
small budget plays at least as the doctrine does and a larger one finds better. A node's value
is that of the actor whose move led to it: mostly whether it wins, a little its score
(normalised over the scores seen in the search). Forced moves make no node. The move played is
the most visited one. ``opponent_epsilon`` sets the random share of the other actors' playout
moves apart from the bot's own (by default the same ``epsilon``); ``win_weight`` and ``bias``
override :data:`WIN_WEIGHT` and :data:`BIAS` (for benchmarks: retuning them did not pay,
docs/bots.md).

The budget is a number of iterations (deterministic; the default keeps a move well under a
second) or, if ``time`` is given, a wall-clock limit in seconds (then not reproducible).
"""

from __future__ import annotations

import math
import time as _time

from engine.bots.doctrine import card_worth, doctrine_options, playout_choice
from engine.play import rng
from engine.play.game import Game
from engine.play.rules.actions import Action
from engine.play.views.determinize import Determinizer
from engine.play.views.view import View

#: Weight of winning versus score in a node's value (the rest goes to the normalised score).
WIN_WEIGHT = 0.75
#: Progressive bias toward the doctrine's moves: a bonus of BIAS / (visits + 1) in selection.
BIAS = 1.0
DEFAULT_ITERATIONS = 250
#: Share of playout moves (the searching actor's own, and its opponents') chosen at random.
EPSILON = 0.1
_GRAIN = 1 << 20  # epsilon's resolution


class _Node:
    __slots__ = ("avail", "children", "score", "visits", "wins")

    def __init__(self) -> None:
        self.children: dict[Action, _Node] = {}
        self.visits = 0
        self.avail = 0
        self.wins = 0
        self.score = 0


class ISMCTSBot:
    """Searches determinised futures of its view; deterministic for a seed and iteration budget."""

    needs_log = False

    def __init__(
        self,
        actor: str,
        seed: int = 0,
        iterations: int = DEFAULT_ITERATIONS,
        time: float | None = None,
        exploration: float = 0.7,
        rollout: str = "doctrine",
        opponents: str = "policy",
        epsilon: float = EPSILON,
        opponent_epsilon: float | None = None,
        win_weight: float = WIN_WEIGHT,
        bias: float = BIAS,
    ):
        self.actor = actor
        self.iterations = max(1, int(iterations))
        self.time = float(time) if time else None
        self.exploration = float(exploration)
        if rollout not in ("doctrine", "random"):
            raise ValueError(f"rollout must be 'doctrine' or 'random', not {rollout!r}")
        self.rollout = rollout
        if opponents not in ("policy", "random", "search"):
            raise ValueError(f"opponents must be 'policy', 'random' or 'search', not {opponents!r}")
        self.opponents = opponents
        if not 0.0 <= float(epsilon) <= 1.0:
            raise ValueError(f"epsilon must be between 0 and 1, not {epsilon!r}")
        self.epsilon = float(epsilon)
        self._random_below = round(self.epsilon * _GRAIN)
        if opponent_epsilon is None:
            opponent_epsilon = self.epsilon
        if not 0.0 <= float(opponent_epsilon) <= 1.0:
            raise ValueError(f"opponent_epsilon must be between 0 and 1, not {opponent_epsilon!r}")
        self.opponent_epsilon = float(opponent_epsilon)
        self._others_random_below = round(self.opponent_epsilon * _GRAIN)
        self.win_weight = float(win_weight)
        self.bias = float(bias)
        self._worth: dict[str, dict[str, int]] = {}
        self._seed = rng.derive_seed(seed, "ismcts", actor)
        self._calls = 0
        self._why = "no choice made yet"
        #: Iterations run for the last choice (for benchmarks and explanations).
        self.last_iterations = 0
        #: The tree of the last choice (for tests and analysis; rebuilt at every choice).
        self.last_root: _Node = _Node()

    def choose(self, view: View) -> Action:
        """The most visited root action after the search budget is spent."""
        self._calls += 1
        legal = view.legal
        if len(legal) == 1:
            self._why = "the only legal action"
            self.last_iterations = 0
            return legal[0]
        root = self.last_root = _Node()
        sampler = self._sampler(view)
        seed = rng.derive_seed(self._seed, self._calls)
        bounds: dict[str, list[int]] = {}
        deadline = _time.perf_counter() + self.time if self.time else None
        done = 0
        while True:
            if deadline is None:
                if done >= self.iterations:
                    break
            elif done and _time.perf_counter() >= deadline:
                break
            game = sampler.sample(rng.derive_seed(seed, done))
            self._iterate(root, game, rng.derive_seed(seed, "walk", done), bounds)
            done += 1
        self.last_iterations = done
        best = max(
            legal,
            key=lambda a: (
                (root.children[a].visits, root.children[a].wins) if a in root.children else (-1, -1)
            ),
        )
        node = root.children[best]
        self._why = (
            f"searched {done} sampled futures: this move won {node.wins / max(1, node.visits):.0%}"
            f" of {node.visits} playouts (mean score {node.score / max(1, node.visits):.1f})"
        )
        return best

    def _sampler(self, view: View) -> Determinizer:
        """What draws this choice's determinisations (a hook: benchmarks swap in samplers that
        see more than the view, to measure what knowing it would be worth)."""
        return Determinizer(view)

    def _iterate(self, root: _Node, game: Game, walk: int, bounds: dict[str, list[int]]) -> None:
        me = self.actor
        searched_all = self.opponents == "search"
        random_others = self.opponents == "random"
        path: list[tuple[_Node, str]] = []
        node: _Node | None = root
        while (actor := game.to_move()) is not None:
            if node is None or not (searched_all or actor == me):
                # Past the tree, or an opponent modelled by the playout policy.
                if actor != me and random_others:
                    walk, action = self._sample(game, walk)
                    game.push(action)
                else:
                    walk = self._playout_move(game, actor, walk)
                continue
            legal = self._legal(game)
            if len(legal) == 1:  # a forced move tells the search nothing
                game.push(legal[0])
                continue
            favoured = self._favoured(game, legal)
            children = node.children
            untried = []
            for action in legal:  # count availability; note what has no node yet
                child = children.get(action)
                if child is None:
                    untried.append(action)
                else:
                    child.avail += 1
            if untried:
                pool = untried
                if favoured:
                    pool = [a for a in untried if a in favoured] or untried
                walk, i = rng.below(walk, len(pool))
                action = pool[i]
                child = children[action] = _Node()
                child.avail = 1
                path.append((child, actor))
                node = None  # one node added: the rest is the playout
            else:
                action = self._select(node, legal, bounds, favoured)
                node = children[action]
                path.append((node, actor))
            game.push(action)
        outcome = game.state.outcome
        assert outcome is not None
        for actor, score in outcome.scores.items():
            seen = bounds.get(actor)
            if seen is None:
                bounds[actor] = [score, score]
            else:
                seen[0] = min(seen[0], score)
                seen[1] = max(seen[1], score)
        winners = outcome.winners
        scores = outcome.scores
        for child, actor in path:
            child.visits += 1
            child.wins += actor in winners
            child.score += scores.get(actor, 0)

    def _playout_move(self, game: Game, actor: str, walk: int) -> int:
        """Play one playout move: the actor's doctrine where it has one, except with probability
        ``epsilon`` (and always without a doctrine) a uniformly random legal action, drawn by
        :meth:`Game.sample_action` without listing the legal actions. Returns the new walk."""
        doctrine = game.scenario.doctrine if self.rollout == "doctrine" else {}
        if actor in doctrine:
            walk, roll = rng.below(walk, _GRAIN)
            if roll >= (self._random_below if actor == self.actor else self._others_random_below):
                worth = self._card_worth(game.scenario, actor)
                walk, action, _ = playout_choice(game, actor, walk, worth)
                game.push(action)
                return walk
        walk, action = self._sample(game, walk)
        game.push(action)
        return walk

    def _sample(self, game: Game, walk: int) -> tuple[int, Action]:
        """A uniformly random legal action for a playout: ``(walk', action)``."""
        return game.sample_action(walk)

    def _card_worth(self, scenario, actor: str) -> dict[str, int]:
        worth = self._worth.get(actor)
        if worth is None:
            worth = self._worth[actor] = card_worth(scenario, actor)
        return worth

    def _favoured(self, game: Game, legal: list[Action]) -> frozenset[Action]:
        """The doctrine's preferred moves here (none with random playouts or no doctrine)."""
        if self.rollout != "doctrine" or not legal:
            return frozenset()
        actor = legal[0].actor
        scenario = game.scenario
        if actor not in scenario.doctrine:
            return frozenset()
        worth = self._card_worth(scenario, actor)
        options, _ = doctrine_options(scenario, actor, game.state, legal, worth)
        return frozenset(options)

    def _select(
        self,
        node: _Node,
        legal: list[Action],
        bounds: dict[str, list[int]],
        favoured: frozenset[Action] = frozenset(),
    ) -> Action:
        best, best_ucb = legal[0], -math.inf
        c = self.exploration
        win_weight, bias = self.win_weight, self.bias
        lo, hi = bounds.get(legal[0].actor, (0, 0))  # one actor decides at a node
        span = hi - lo
        children = node.children
        log, sqrt = math.log, math.sqrt
        for action in legal:
            child = children[action]
            visits = child.visits
            norm = (child.score / visits - lo) / span if span > 0 else 0.5
            ucb = (
                win_weight * child.wins / visits
                + (1 - win_weight) * norm
                + c * sqrt(log(child.avail) / visits)
            )
            if favoured and action in favoured:
                ucb += bias / (visits + 1)
            if ucb > best_ucb:
                best, best_ucb = action, ucb
        return best

    def _legal(self, game: Game) -> list[Action]:
        """The legal actions at a decision in the tree."""
        return game.legal_actions()

    def explain(self) -> str:
        """How the last move fared in the search."""
        return self._why

    def snapshot(self) -> dict[str, int]:
        """The generator state or call count that the next choice depends on."""
        return {"calls": self._calls}

    def restore(self, snapshot: dict[str, int]) -> None:
        """Continue from a :meth:`snapshot`."""
        self._calls = int(snapshot["calls"])
