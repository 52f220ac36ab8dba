"""The engine's fast paths agree with the straightforward ones.

``Game.sample_action`` draws one legal action uniformly without listing them: it must only
ever return a legal action (the very object ``legal_actions`` lists), and every legal action
must be exactly as likely — proved exactly (probabilities as fractions, by walking every
sequence of draws) on small positions and by a chi-square test on many campaign positions.
``legal_actions`` itself is checked against a brute-force oracle at every decision of
thousands of seeded games, and the ``random-fast`` bot's games against that oracle too.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from types import SimpleNamespace

import pytest
from scipy.stats import chi2

from engine import Game, load_scenario
from engine.analysis.run.playout import make_bots, play_game
from engine.bots import RandomBot
from engine.load.read.catalog import shipped
from engine.load.scenario import SELF, TARGET
from engine.play import rng
from engine.play.rules import hand_limit, legality
from engine.play.rules.actions import Action

ENTRIES = shipped()
SCENARIOS = {e.id: load_scenario(e.path) for e in ENTRIES}


def reference_legal(game: Game) -> list[Action]:
    """Every legal action, derived from the rules as written (slow and plain): an oracle."""
    who = game.to_move()
    if who is None:
        return []
    state, scenario = game.state, game.scenario
    hand = sorted(set(state.hands[who]))
    if state.secrets.offers:  # a deal offered in private: its answerer accepts or rejects
        deal = state.secrets.offers[0][0]
        return [Action(who, "accept", None, deal), Action(who, "reject", None, deal)]
    if state.pending:
        window = state.pending[0]
        if hand_limit.is_discard_window(window):
            return hand_limit.discard_actions(who, hand)
        out = [
            Action(who, "react", c, target=window.zone)
            for c in game.reactions_for(who, window.trigger, window.zone, hand)
        ]
        return [*out, Action(who, "decline")]

    def targets(play, card_id):
        if play.choices:
            return [(None, None, c) for c in game._choose(play.choices, who, card_id)]
        target = play.target
        if target is None:
            return [(None, None, ())]
        found = []
        for zone in game.zone_ids:
            pieces = [None] if target.kind == "zone" else list(target.pieces)
            for piece in pieces:
                if piece is not None and not state.board[zone].get(piece):
                    continue
                binds = {SELF: who, TARGET: zone}
                if piece is not None:
                    binds["target_piece"] = piece
                if target.where is None or target.where(state, binds):
                    found.append((zone, piece, ()))
        return found

    def playable(play):
        for track, amount in play.costs:
            if state.values[track] - amount < game.bounds[track][0]:
                return False
        return play.condition is None or bool(play.condition(state, {SELF: who, TARGET: None}))

    out = []
    phase = game.phases[state.phase].id
    for card_id in hand:
        card = scenario.cards[card_id]
        side = card.side(state)
        if card.reaction_on is None and card.phase in (None, phase) and playable(side):
            for zone, piece, chosen in targets(side, card_id):
                out.append(Action(who, "event", card_id, None, zone, piece, chosen))
        for op in scenario.operations_of(who) if card.ops else ():
            if op.ops <= card.ops and playable(op.play):
                for zone, piece, chosen in targets(op.play, card_id):
                    out.append(Action(who, "ops", card_id, op.id, zone, piece, chosen))
    return [*out, Action(who, "pass")]


def positions(scenario, games: int, seed: int = 0) -> list[Game]:
    """Copies of every decision point of ``games`` seeded random games."""
    out = []
    for i in range(games):
        game = Game.new(scenario, rng.derive_seed(seed, i), quiet=True)
        bots = {a: RandomBot(a, i) for a in scenario.playable_actors}
        while not game.is_over():
            out.append(game.copy())
            actor = game.to_move()
            assert actor is not None
            game.push(bots[actor].choose_among(game.legal_actions()))
    return out


# -- legal_actions against the oracle -------------------------------------------------------
@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_legal_actions_match_the_oracle_at_every_decision(scenario_id):
    scenario = SCENARIOS[scenario_id]
    decisions = 0
    for game in positions(scenario, 60, seed=11):
        assert game.legal_actions() == reference_legal(game)
        decisions += 1
    assert decisions > 500


# -- sample_action -------------------------------------------------------------------------
@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_sample_action_returns_the_listed_legal_object(scenario_id):
    for n, game in enumerate(positions(SCENARIOS[scenario_id], 30, seed=5)):
        legal = game.legal_actions()
        seed = rng.derive_seed(99, n)
        for _ in range(5):
            seed, action = game.sample_action(seed)
            assert action in legal
            if action.kind in ("event", "ops", "pass"):  # drawn without the list:
                # the same interned object (ActionSpace looks actions up by identity first)
                assert any(action is a for a in legal), action


def exact_distribution(game: Game, budget: int = 2_000) -> dict[Action, Fraction]:
    """The exact probability of each action ``sample_action`` returns, by running it on every
    sequence of draws (each draw of ``below(n)`` has n equally likely results)."""

    class OutOfDraws(Exception):
        def __init__(self, n: int):
            self.n = n

    script: list[int] = []
    used = [0]

    def scripted_below(state: int, n: int) -> tuple[int, int]:
        if used[0] == len(script):
            raise OutOfDraws(n)
        value = script[used[0]]
        used[0] += 1
        return state, value

    out: Counter = Counter()
    stack: list[tuple[list[int], Fraction]] = [([], Fraction(1))]
    runs = 0
    real = legality.rng
    legality.rng = SimpleNamespace(below=scripted_below)  # type: ignore[assignment]
    try:
        while stack:
            prefix, p = stack.pop()
            script[:] = prefix
            used[0] = 0
            runs += 1
            if runs > budget:
                raise OverflowError("too many draw sequences")
            try:
                _, action = game.sample_action(0)
            except OutOfDraws as more:
                stack.extend(([*prefix, v], p / more.n) for v in range(more.n))
                continue
            assert used[0] == len(prefix), "a finished draw sequence used every draw"
            out[action] += p
    finally:
        legality.rng = real
    return dict(out)


def test_sample_action_is_exactly_uniform_on_small_positions(monkeypatch):
    # Few allowed misses keep every sequence of draws enumerable; the argument for uniformity
    # does not depend on the number (it bounds the work before the list is drawn from).
    checked = 0
    for scenario_id in ("tutorial", "blockade", "israeli-strike"):
        for game in positions(SCENARIOS[scenario_id], 2, seed=2)[::4]:
            legal = game.legal_actions()
            for misses in (0, 1, 2):
                monkeypatch.setattr(legality, "MAX_MISSES", misses)
                try:
                    dist = exact_distribution(game)
                except OverflowError:
                    continue
                assert set(dist) == set(legal)
                assert all(p == Fraction(1, len(legal)) for p in dist.values()), dist
                checked += 1
    assert checked > 60


def test_sample_action_is_uniform_by_chi_square_over_campaign_positions():
    """Pooled over many positions: sum of per-position chi-square statistics against a
    uniform choice; fixed seeds, so the verdict is reproducible."""
    statistic, dof, draws_per_action = 0.0, 0, 30
    for scenario_id in ("iranian-entrenchment", "israeli-strike", "russian-reaction"):
        for n, game in enumerate(positions(SCENARIOS[scenario_id], 4, seed=3)[::4]):
            legal = game.legal_actions()
            if len(legal) < 2:
                continue
            seed = rng.derive_seed(7, scenario_id, n)
            counts: Counter = Counter()
            for _ in range(draws_per_action * len(legal)):
                seed, action = game.sample_action(seed)
                counts[action] += 1
            assert set(counts) <= set(legal)
            statistic += sum((counts[a] - draws_per_action) ** 2 for a in legal) / draws_per_action
            dof += len(legal) - 1
    assert dof > 300
    assert chi2.sf(statistic, dof) > 0.001, (statistic, dof)


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_random_fast_games_play_only_legal_actions(scenario_id):
    """Thousands of moves by ``random-fast`` bots, each checked against the oracle."""
    scenario = SCENARIOS[scenario_id]
    moves = 0

    def check(game, action, why):
        nonlocal moves
        assert action in reference_legal(game)
        moves += 1

    for seed in range(40):
        bots = make_bots(scenario, {"all": "random-fast"}, seed)
        play_game(scenario, seed, bots, quiet=True, on_move=check)
    assert moves > 400


def test_random_fast_is_reproducible_and_keeps_random_as_it_was():
    scenario = SCENARIOS["israeli-strike"]

    def actions(kind: str, seed: int) -> list[str]:
        game = play_game(scenario, seed, make_bots(scenario, {"all": kind}, seed), quiet=True)
        return [str(a) for a in game.actions]

    assert actions("random-fast", 4) == actions("random-fast", 4)
    # ``random`` still draws an index into the listed legal actions (saved games rely on it).
    game = Game.new(scenario, 4, quiet=True)
    bots = {a: RandomBot(a, 4) for a in scenario.playable_actors}
    while not game.is_over():
        legal = game.legal_actions()
        bot = bots[legal[0].actor]
        state, i = rng.below(bot._rng, len(legal))
        bot._rng = state
        game.push(legal[i])
    assert [str(a) for a in game.actions] == actions("random", 4)
