"""Effects in numbers and the live score, generated from the compiled scenario."""

from __future__ import annotations

import pytest

from engine import Action, Game, load_scenario, observe
from engine.play.views.effect_text import describe_effects
from engine.play.views.seat import Seat
from engine.play.views.standings import standings
from tests.helpers import SCENARIOS

CAMPAIGN = ["syria/israeli-strike.yaml", "syria/russian-reaction.yaml", "tutorial.yaml"]


@pytest.mark.parametrize("path", CAMPAIGN)
def test_every_card_side_and_outcome_row_says_what_it_changes(path):
    scenario = load_scenario(SCENARIOS / path)
    view = observe(Game.new(scenario, 1), None, with_log=False)
    plays = [c.front for c in scenario.cards.values()]
    plays += [c.back for c in scenario.cards.values() if c.back is not None]
    plays += [op.play for op in scenario.operations.values()]
    described = 0
    for play in plays:
        rows = [play.effects] + ([r.effects for r in play.roll.outcomes] if play.roll else [])
        for effects in rows:
            phrases = describe_effects(scenario, effects, view, {})
            assert all(p and "_" not in p.split(" ")[0] for p in phrases), (play.source, phrases)
            described += bool(phrases)
    assert described > len(plays) // 2


def test_the_t4_strike_says_how_many_pieces_come_off_and_where():
    scenario = load_scenario(SCENARIOS / "syria/israeli-strike.yaml")
    game = Game.new(scenario, 1)
    seat = Seat(game, "israel")
    roll = scenario.cards["t4_strike"].front.roll
    rows = {row.label: seat.effects(row.effects) for row in roll.outcomes}
    destroyed = "; ".join(rows["complex destroyed"])
    assert "remove 2 × Iranian weapons depot from Homs and the T4 air base" in destroyed
    assert "Israeli leverage +1" in destroyed
    assert "Incident and escalation risk +3" in "; ".join(rows["strike falls short"])


def test_a_target_fills_in_the_zone_of_a_chosen_action():
    scenario = load_scenario(SCENARIOS / "syria/israeli-strike.yaml")
    seat = Seat(Game.new(scenario, 1), "israel")
    roll = scenario.cards["depot_strike"].front.roll
    hit = next(r for r in roll.outcomes if "destroyed" in r.label)
    generic = "; ".join(seat.effects(hit.effects))
    assert "the target zone" in generic
    action = Action("israel", "event", "depot_strike", target="homs_t4")
    aimed = "; ".join(seat.effects(hit.effects, action))
    assert "from Homs and the T4 air base (2 there now)" in aimed


def test_the_live_score_gives_each_side_its_distance_to_a_win():
    scenario = load_scenario(SCENARIOS / "syria/israeli-strike.yaml")
    game = Game.new(scenario, 1)
    view = observe(game, "israel", with_log=False)
    by_actor = {s.actor: s for s in standings(scenario, view)}
    israel = by_actor["israel"]
    assert israel.threshold == 8 and israel.higher
    assert israel.score == int(scenario.scores[0].score(game.state, {}))
    iran = by_actor["iran"]
    assert iran.need == max(0, iran.threshold - iran.score)
    assert "wins at ≥ 40" in iran.phrase()


def test_a_score_resting_on_hidden_facts_reads_as_unknown():
    scenario = load_scenario(SCENARIOS / "tutorial.yaml")
    view = observe(Game.new(scenario, 1), "israel", with_log=False)

    def peeks(state, binds):
        return len(state.hands["iran"])  # a view has no hands: this cannot be judged

    rule = scenario.scores[0]
    hidden = type(rule)(rule.actor, peeks, rule.wins, rule.explain)
    patched = type(scenario).__new__(type(scenario))
    patched.__dict__.update(scenario.__dict__)
    object.__setattr__(patched, "scores", (hidden,))
    (standing,) = standings(patched, view)
    assert standing.score is None and standing.phrase() == "score hidden"


def test_a_mark_reads_as_a_sentence():
    """The back channel's repair: '1 × Depot in Damascus becomes intact' (it read '1 Depot
    in Damascus become intact')."""
    scenario = load_scenario("backchannel")
    seat = Seat(Game.new(scenario, 1), "iran")
    text = "; ".join(seat.effects(scenario.cards["repair"].front.effects))
    assert "1 × Depot in Damascus becomes intact" in text, text
