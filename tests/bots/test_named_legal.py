"""Listing the legal actions name by name (engine.bots.named_legal) finds exactly what the full
listing has under each name, and the doctrine chooses alike from either.

The playouts of ISMCTS ask the doctrine for its move on the sampled game and list only the
actions its entries name; if that listing ever differed from ``Game.legal_actions`` the search
would model the doctrine wrongly without any error. Checked at every decision of seeded games
of every shipped scenario.
"""

from __future__ import annotations

from engine import Scenario
from engine.bots.doctrine import card_worth, doctrine_choice, doctrine_options, playout_choice
from engine.bots.named_legal import GameNames, ListedNames
from engine.play import rng
from engine.play.game import Game

SEEDS = range(1, 4)


def _decisions(scenario: Scenario, seed: int):
    """Every decision point of a seeded game with random moves (drawn by sample_action)."""
    game = Game.new(scenario, seed, quiet=True)
    walk = rng.derive_seed(seed, "named")
    while not game.is_over():
        yield game
        walk, action = game.sample_action(walk)
        game.push(action)


def test_names_list_what_the_full_listing_has(any_scenario: Scenario) -> None:
    scenario = any_scenario
    names = ["pass", *scenario.cards, *scenario.operations]
    checked = 0
    for seed in SEEDS:
        for game in _decisions(scenario, seed):
            legal = game.legal_actions()
            listed, lazy = ListedNames(legal), GameNames(game)
            for name in names:
                for part in (None, "event", "ops"):
                    if name == "pass" and part is not None:
                        continue
                    assert lazy.get(name, part) == listed.get(name, part), (name, part)
                assert lazy.could(name) or not listed.get(name), name
            assert list(lazy.all()) == legal
            checked += 1
    assert checked > 30


def test_the_public_listing_by_name_has_what_the_full_listing_has(
    any_scenario: Scenario,
) -> None:
    """``Game.legal_actions_named`` at every decision, windows and deals included, asked
    alone and with one ``judged`` dict shared by every name asked at the decision (the
    seeds meet reaction windows in the tutorial and russian-reaction, offered deals in
    backchannel)."""
    scenario = any_scenario
    names = ["pass", *scenario.cards, *scenario.operations, *scenario.deals]
    for seed in SEEDS:
        for game in _decisions(scenario, seed):
            listed = ListedNames(game.legal_actions())
            judged: dict = {}
            for name in names:
                for part in (None, "event", "ops"):
                    want = listed.get(name, part)
                    assert game.legal_actions_named(name, part) == want, (name, part)
                    assert game.legal_actions_named(name, part, judged) == want, (name, part)


def test_the_doctrine_chooses_alike_from_names_and_from_the_list(
    any_scenario: Scenario,
) -> None:
    scenario = any_scenario
    worth = {a: card_worth(scenario, a) for a in scenario.turns.order}
    entries_fired = 0
    for seed in SEEDS:
        for game in _decisions(scenario, seed):
            actor = game.to_move()
            assert actor is not None
            legal = game.legal_actions()
            state = rng.derive_seed(seed, len(game.actions))
            full = doctrine_choice(scenario, actor, game.state, legal, state, worth[actor])
            assert playout_choice(game, actor, state, worth[actor]) == full
            options, entry = doctrine_options(scenario, actor, game.state, legal, worth[actor])
            entries_fired += entry is not None
            assert (full[1] in options) if options else full[2] is None
    if scenario.doctrine:
        assert entries_fired > 0
