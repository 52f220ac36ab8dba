"""The campaign's scenarios load, cite the article fully, and play to the end."""

from __future__ import annotations

import re
import shutil

import pytest

from engine import ScenarioError, load_scenario
from engine.analysis.run.playout import make_bots, play_game
from engine.load.read.catalog import shipped
from tests.campaign.conftest import CLAIM_IDS, SCENARIO_IDS, SIDES, SYRIA
from wargame.cli import main


def cited_claims(scenario) -> set[str]:
    """Every claim id cited by a card side, an operation or a standing rule."""
    cited: set[str] = set()
    for play in plays(scenario):
        cited.update(play.claims)
    return cited


def plays(scenario):
    """Every card side, operation and standing rule of a scenario."""
    for card in scenario.cards.values():
        yield card.front
        if card.back is not None:
            yield card.back
    yield from (op.play for op in scenario.operations.values())
    for rules in (*scenario.rules_at.values(), *scenario.rules_on.values()):
        yield from (rule.play for rule in rules)


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
    assert {a.id: a.bot for a in scenario.actors if a.playable} == dict.fromkeys(SIDES, "doctrine")


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_every_claim_is_modelled_in_every_scenario(campaign, scenario_id):
    assert set(CLAIM_IDS) <= cited_claims(campaign[scenario_id])


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_every_rule_and_fact_rests_on_claims_or_assumptions(campaign, scenario_id):
    """Cards, operations, rules, tracks, counters, flags, params, ends, chains and facts all
    say what they rest on: the article's claims, the designer's assumptions, or both."""
    scenario = campaign[scenario_id]
    for play in plays(scenario):
        assert play.claims or play.assumptions, play.source
    items = [
        *scenario.tracks,
        *scenario.counters,
        *scenario.flags,
        *scenario.params.values(),
        *scenario.piece_types,
        *scenario.chains,
        *scenario.facts,
    ]
    for item in items:
        assert item.claims or item.assumptions, item.id
    for end in scenario.instant:
        assert end.claims and end.assumptions, end.id
    assert scenario.facts, "invented scenario facts are labelled"


def test_irans_deck_rests_on_assumptions(campaign):
    """The article gives Iran no actions: Iran's cards and operations rest on assumptions."""
    scenario = campaign["iranian-entrenchment"]
    iran = [c for c in scenario.cards.values() if c.deck == "iran_deck"]
    assert len(iran) >= 10
    for card in iran:
        assert "A6" in card.front.assumptions, card.id
    assert sum(1 for c in iran if c.front.claims) <= 1  # lean_on_moscow also cites C14
    for op in scenario.operations_of("iran"):
        assert op.play.assumptions and not op.play.claims, op.id


def test_restatements_keep_the_articles_hedges(campaign):
    """C10 is 'partly', C11 'unprecedented' (not the first meeting), C14 'in Russian eyes'."""
    claims = campaign["russian-reaction"].claims
    text = {cid: claims[cid].text.lower() for cid in CLAIM_IDS}
    assert "partly" in text["C10"]
    assert "unprecedented" in text["C11"] and "first" not in text["C11"]
    assert "in russian eyes" in text["C14"]
    assert "would" in text["C15"]
    assert "probably" in text["C17"] and "probably" in text["C18"]
    assert "perhaps" in text["C7"]
    assert "likely" in text["C20"]


def test_every_assumption_is_used_and_sourced(campaign):
    scenario = campaign["iranian-entrenchment"]
    cited: set[str] = set()
    for s in campaign.values():
        for play in plays(s):
            cited.update(play.assumptions)
        for group in (s.tracks, s.counters, s.flags, s.params.values(), s.chains, s.facts):
            for item in group:
                cited.update(item.assumptions)
        for end in s.instant:
            cited.update(end.assumptions)
    assert set(scenario.assumptions) == cited
    for assumption in scenario.assumptions.values():
        assert assumption.rationale, assumption.id
        assert assumption.basis == "designer" or assumption.citation, assumption.id


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


def _claims_scenario(tmp_path, card_claims: str, rule_claims: str, card_assumptions: str = "[]"):
    """A small scenario on the campaign's registries, citing the given claims and assumptions.

    A scenario includes only files under its own folder: the registries are copied beside it.
    """
    for name in ("sources.yaml", "assumptions.yaml"):
        shutil.copyfile(SYRIA / name, tmp_path / name)
    path = tmp_path / "claims.yaml"
    path.write_text(
        f"""
id: claims
title: Claims
include: [sources.yaml, assumptions.yaml]
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
    assumptions: {card_assumptions}
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


def test_validate_rejects_a_card_citing_an_unknown_assumption(tmp_path, capsys):
    path = _claims_scenario(tmp_path, "[C3]", "[C1]", card_assumptions="[A4, A99]")
    assert main(["validate", str(path)]) == 3
    err = capsys.readouterr().err
    assert "cards[0].assumptions[1]: unknown assumption 'A99'" in err
    assert "Traceback" not in err


def test_claims_and_assumptions_are_not_confused(tmp_path):
    """A claim listed as an assumption (or the reverse) is a located error, not a silent pass."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_claims_scenario(tmp_path, "[A4]", "[C1]", card_assumptions="[C3]"))
    text = str(caught.value)
    assert "'A4' is an assumption, not a claim" in text
    assert "'C3' is a claim of a source, not an assumption" in text


def test_the_same_scenario_with_known_assumptions_loads(tmp_path):
    path = _claims_scenario(tmp_path, "[C3]", "[C1]", card_assumptions="[A4]")
    assert load_scenario(path).cards["a_card"].front.assumptions == ("A4",)
