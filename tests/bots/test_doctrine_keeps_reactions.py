"""With no doctrine entry applying, the doctrine bot plays at random — but never spends for
operations a reaction card that its entries' ``pay_with`` lists leave out (docs/bots.md;
docs/scenario-format.md, "Keep reactions for reacting")."""

from __future__ import annotations

from engine import Game, Scenario, observe
from engine.analysis.run.playout import make_bots, play_game
from engine.bots import DoctrineBot
from tests.helpers import hand_to


def test_random_fallback_does_not_spend_a_kept_reaction_card(tutorial: Scenario) -> None:
    # Iran's entries pay for operations only with world events; hezbollah_answer is its
    # reaction card (ops 1). With build_depot and the reaction in hand no entry applies.
    game = Game.new(tutorial, 1)
    hand_to(game, "iran", ["build_depot", "hezbollah_answer"])
    view = observe(game, "iran")
    assert any(a.kind == "ops" and a.card == "hezbollah_answer" for a in view.legal)
    for seed in range(40):
        bot = DoctrineBot("iran", seed)
        action = bot.choose(view)
        assert bot.last_entry is None
        assert action in view.legal
        assert not (action.kind == "ops" and action.card == "hezbollah_answer"), (seed, action)


def test_doctrine_games_never_spend_the_reaction_card_for_ops(tutorial: Scenario) -> None:
    spent = []
    for seed in range(30):
        bots = make_bots(tutorial, {"iran": "doctrine", "israel": "doctrine"}, seed)

        def seen(game, action, why, seed=seed) -> None:
            if action.kind == "ops" and action.card == "hezbollah_answer":
                spent.append((seed, str(action), why))

        play_game(tutorial, seed, bots, on_move=seen)
    assert not spent, spent[:3]
