"""The report of a game saved before its end names the turn it was saved in — the turn the
game had reached, not that of its last decision (a save made after a turn's orders, at the
start of the next, said 'during turn 1' in turn 2)."""

from __future__ import annotations

from engine import Game, load_scenario
from engine.analysis.explain.aar import game_report
from wargame.report import render_markdown
from wargame.report.game import game_document


def test_an_unfinished_report_names_the_turn_reached() -> None:
    scenario = load_scenario("backchannel")
    game = Game.new(scenario, 1)
    while game.state.turn == 1:
        game.apply(next(a for a in game.legal_actions() if a.kind == "pass"))
    assert game.state.turn == 2 and not game.is_over()
    assert game.actions[-1].kind == "pass"
    report = game_report(scenario, 1, game.actions, rollouts=0)
    assert report.decisions[-1].turn == 1  # the last decision was in turn 1
    text = render_markdown(game_document(report))
    assert "The game was saved before its end, during turn 2." in text, text[:600]
