"""The campaign's scenarios load, cite the article fully, and play to the end."""

from __future__ import annotations

import re

import pytest

from engine import ScenarioError, load_scenario
from engine.analysis.playout import make_bots, play_game
from engine.load.catalog import shipped
from tests.campaign.conftest import CLAIM_IDS, SCENARIO_IDS, SYRIA


def cited_claims(scenario) -> set[str]:
    """Every claim id cited by a card side, an operation or a standing rule."""
    cited: set[str] = set()
    for card in scenario.cards.values():
        cited.update(card.front.claims)
        if card.back is not None:
            cited.update(card.back.claims)
    for rules in (*scenario.rules_at.values(), *scenario.rules_on.values()):
        for rule in rules:
            cited.update(rule.play.claims)
    return cited


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_scenario_loads_with_its_parts(campaign, scenario_id):
    scenario = campaign[scenario_id]
    assert scenario.id == scenario_id
    assert scenario.title and scenario.summary and scenario.briefing
    assert set(scenario.briefings) == {"israel", "russia", "iran"}
    assert set(scenario.playable_actors) == {"israel", "russia", "iran"}
    non_playable = {a.id for a in scenario.actors if not a.playable}
    assert non_playable == {"regime", "usa"}
    assert len(scenario.zones) >= 8
    assert len(scenario.turns.calendar) == scenario.turns.count
    assert set(scenario.doctrine) == {"israel", "russia", "iran"}


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_every_claim_is_modelled_in_every_scenario(campaign, scenario_id):
    assert set(CLAIM_IDS) <= cited_claims(campaign[scenario_id])


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_every_card_and_rule_cites_a_claim(campaign, scenario_id):
    scenario = campaign[scenario_id]
    for card in scenario.cards.values():
        assert card.front.claims, card.id
        assert card.back is None or card.back.claims, card.id
    for rules in (*scenario.rules_at.values(), *scenario.rules_on.values()):
        for rule in rules:
            assert rule.play.claims, rule.id


def test_deck_has_forty_cards_across_the_three_sides(campaign):
    scenario = campaign["iranian-entrenchment"]
    by_deck: dict[str, int] = {}
    for card in scenario.cards.values():
        by_deck[card.deck] = by_deck.get(card.deck, 0) + 1
    assert sum(by_deck.values()) >= 40
    assert {"israel_deck", "russia_deck", "iran_deck"} <= set(by_deck)


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_start_counts_match_the_pieces(campaign, scenario_id):
    """The entrenchment tracks start at what the end-of-turn recount would give."""
    scenario = campaign[scenario_id]
    tags = {z.id: set(z.tags) for z in scenario.zones}
    weight = {"militia": 1, "hezbollah": 1, "depot": 2}

    def count(tag: str) -> int:
        return sum(
            weight[piece] * n
            for piece, zone, n in scenario.placements
            if piece in weight and tag in tags[zone]
        )

    assert scenario.start_values["entrenchment"] == count("syria")
    assert scenario.start_values["border_entrenchment"] == count("border")


def test_files_start_with_the_schema_line():
    for path in sorted(SYRIA.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "scenario" if re.search(r"^id:", path.read_text(), re.MULTILINE) else "fragment"
        assert first == f"# yaml-language-server: $schema=../schema/{kind}.schema.json", path


def test_scenarios_are_shipped():
    ids = {entry.id for entry in shipped()}
    assert set(SCENARIO_IDS) <= ids


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_plays_to_the_end_headless(campaign, scenario_id):
    scenario = campaign[scenario_id]
    game = play_game(scenario, 3, make_bots(scenario, {"all": "random"}, 3))
    assert game.is_over()
    assert set(game.outcome.scores) == {"israel", "russia", "iran"}


def _claims_scenario(tmp_path, card_claims: str, rule_claims: str):
    """A small scenario on the campaign's source registry, citing the given claims."""
    path = tmp_path / "claims.yaml"
    path.write_text(
        f"""
id: claims
title: Claims
include: [{SYRIA / "sources.yaml"}]
actors:
  - {{id: israel, name: Israel}}
tracks:
  - {{id: tolerance, name: Tolerance, max: 5, start: 3}}
decks:
  - {{id: d, name: Deck, owners: [israel], hand_size: 1}}
cards:
  - id: a_card
    name: A card
    deck: d
    claims: {card_claims}
    effects: [{{adjust: {{track: tolerance, by: 1}}}}]
rules:
  - id: a_rule
    name: A rule
    at: upkeep
    claims: {rule_claims}
    effects: [{{adjust: {{track: tolerance, by: -1}}}}]
turns:
  count: 1
  order: [israel]
  phases:
    - {{id: upkeep, kind: upkeep}}
    - {{id: action, kind: actions}}
victory: {{}}
""",
        encoding="utf-8",
    )
    return path


def test_unknown_claim_id_is_rejected(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_claims_scenario(tmp_path, "[C3, C99]", "[C22]"))
    text = str(caught.value)
    assert "C99" in text and "C22" in text
    assert "C3'" not in text


def test_the_same_scenario_with_known_claims_loads(tmp_path):
    """Control for the test above: only the unknown ids were at fault."""
    assert load_scenario(_claims_scenario(tmp_path, "[C3, C21]", "[C1]")).id == "claims"
