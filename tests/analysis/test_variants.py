"""Variants: --set, --disable, named params and variant files, checked like scenario files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine import ScenarioError, load_scenario
from engine.analysis.run.playout import make_bots, play_game
from engine.load.vary.variant import Variant, VariantError, parse_set
from engine.play.record.saves import dumps, load_game
from tests.helpers import ROOT, SCENARIOS, write_yaml
from wargame.cli import main

TUTORIAL = SCENARIOS / "tutorial.yaml"
RECKONING = SCENARIOS / "syria" / "russian-reaction.yaml"


def with_changes(path: Path, sets=(), disable=()):
    return load_scenario(path, Variant.from_options(sets, disable))


def problems_of(path: Path, sets=(), disable=()) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        with_changes(path, sets, disable)
    return [str(p) for p in caught.value.problems]


def test_set_changes_a_start_value_and_the_content_hash():
    base = load_scenario(TUTORIAL)
    changed = with_changes(TUTORIAL, ["tracks.tolerance.start=4"])
    assert base.start_values["tolerance"] == 6 and changed.start_values["tolerance"] == 4
    assert changed.content_hash != base.content_hash
    assert changed.variant.describe() == ["tracks.tolerance.start = 4"]
    # The same change gives the same hash: saves and workers can rely on it.
    assert with_changes(TUTORIAL, ["tracks.tolerance.start=4"]).content_hash == changed.content_hash


def test_a_start_value_overridden_by_setup_is_changed_where_it_takes_effect():
    """russian-reaction's setup sets tolerance 6: tracks.tolerance.start must not be a no-op."""
    changed = with_changes(RECKONING, ["tracks.tolerance.start=4"])
    assert changed.start_values["tolerance"] == 4


def test_set_reaches_nested_items_by_id_and_index():
    changed = with_changes(
        TUTORIAL,
        [
            "turns.phases.action.rounds=3",
            "cards.precision_strike.ops=3",
            "victory.end.israel.wins=score >= 9",
            "rules.unpaid_ledger.when=ledger >= 4",
        ],
    )
    assert next(p for p in changed.turns.phases if p.id == "action").rounds == 3
    assert changed.cards["precision_strike"].ops == 3
    rule = next(r for r in changed.rules_at["upkeep"] if r.id == "unpaid_ledger")
    assert rule.play.condition is not None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("tracks.tolerence.start=4", "unknown track 'tolerence'; did you mean 'tolerance'?"),
        ("tracks.tolerance.strt=4", "unknown key 'strt'; did you mean 'start'?"),
        ("tracks.tolerance.start=40", "40 is outside 0..8"),
        ("cardz.x.ops=1", "unknown section 'cardz'; did you mean 'cards'?"),
        ("cards.lobby.ops=1", "it is an operation: operations.lobby"),
        ("tracks.tolerance=3", "name the key to change after 'tracks.tolerance'"),
        ("turns.phases.actoin.rounds=2", "no item 'actoin'"),
        ("turns.count=0", "greater than or equal to 1"),
        ("rules.unpaid_ledger.when=ledger >= nope", "unknown name 'nope'"),
        ("params.speed=3", "unknown param 'speed'"),
    ],
)
def test_a_bad_change_is_one_located_line(change, message):
    found = problems_of(TUTORIAL, [change])
    assert len(found) == 1
    assert found[0].startswith(f"--set {change}: ")
    assert message in found[0]


def test_malformed_set_text():
    with pytest.raises(VariantError, match="should look like PATH=VALUE"):
        parse_set("tracks.tolerance.start")
    assert parse_set("a.b=true").value is True
    assert parse_set("a.b='4'").value == "4"
    assert parse_set("a.b=2019-01-01").value == "2019-01-01"  # a date stays text


def test_disable_switches_off_cards_operations_rules_and_instant_ends():
    base = load_scenario(TUTORIAL)
    changed = with_changes(
        TUTORIAL, disable=["precision_strike", "lobby", "unpaid_ledger", "open_clash"]
    )
    assert "precision_strike" in base.cards and "precision_strike" not in changed.cards
    assert "lobby" in base.operations and "lobby" not in changed.operations
    assert all(r.id != "unpaid_ledger" for r in changed.rules_at["upkeep"])
    assert [c.id for c in changed.instant] == ["moscow_shuts_the_door", "frontier_crisis"]
    # The doctrine entry that preferred the card goes with it; the others stay.
    prefers = [e.prefer for e in changed.doctrine["israel"]]
    assert "precision_strike" not in prefers and "notify_hotline" in prefers


def test_disable_an_unknown_id():
    found = problems_of(TUTORIAL, disable=["precision_strik"])
    assert found == [
        "--disable precision_strik: unknown card, operation, rule or instant end "
        "'precision_strik'; did you mean 'precision_strike'?"
    ]


def test_named_params_are_constants_in_expressions(tmp_path, mini_data):
    mini_data["params"] = [
        {"id": "step", "name": "Tension step", "default": 1, "min": 0, "max": 3}
    ]
    mini_data["cards"][0]["effects"] = [{"adjust": {"track": "tension", "by": "step"}}]
    path = write_yaml(tmp_path / "mini.yaml", mini_data)
    base = load_scenario(path)
    assert base.params["step"].default == 1
    doubled = with_changes(path, ["params.step=2"])
    assert doubled.params["step"].default == 2
    found = problems_of(path, ["params.step=7"])
    assert found == ["--set params.step=7: 7 is outside the allowed range 0..3 (got 7)"]


def test_a_param_shares_the_namespace_of_tracks(tmp_path, mini_data):
    mini_data["params"] = [{"id": "tension", "default": 1, "min": 0, "max": 3}]
    with pytest.raises(ScenarioError, match="duplicate track/counter/flag/param id 'tension'"):
        load_scenario(write_yaml(tmp_path / "mini.yaml", mini_data))


def _variant_file(tmp_path: Path, **fields) -> Path:
    data = {
        "id": "tutorial-patient-moscow",
        "title": "Tutorial: a more patient Moscow",
        "why": "Does a higher starting tolerance save Israel?",
        "base": "tutorial",
        "set": {"tracks.tolerance.start": 8},
        "disable": ["unpaid_ledger"],
    } | fields
    return write_yaml(tmp_path / "variant.yaml", data)


def test_a_variant_file_loads_like_a_scenario(tmp_path):
    scenario = load_scenario(_variant_file(tmp_path))
    assert scenario.id == "tutorial-patient-moscow"
    assert scenario.title == "Tutorial: a more patient Moscow"
    assert scenario.base_id == "tutorial"
    assert scenario.start_values["tolerance"] == 8
    assert scenario.variant.why == "Does a higher starting tolerance save Israel?"
    # Command-line changes come after the file's own.
    later = Variant.from_options(["tracks.tolerance.start=7"])
    more = load_scenario(_variant_file(tmp_path), later)
    assert more.start_values["tolerance"] == 7


def test_a_variant_file_base_may_be_a_relative_path(tmp_path):
    # Outside the variant's folder and the one above it, the base's folder must be allowed.
    variant = _variant_file(tmp_path, base=os.path.relpath(TUTORIAL, tmp_path))
    with pytest.raises(ScenarioError, match="outside the variant's folder"):
        load_scenario(variant)
    scenario = load_scenario(variant, allow=[TUTORIAL.parent])
    assert scenario.base_id == "tutorial"


def test_problems_in_a_variant_file_point_into_it(tmp_path):
    path = _variant_file(
        tmp_path, set={"tracks.tolerance.strat": 8}, disable=["nothing_here"], bsae="x"
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    text = str(caught.value)
    assert f"{path.name}:" in text or str(path) in text
    assert "unknown key 'bsae'" in text
    path = _variant_file(tmp_path, set={"tracks.tolerance.strat": 8}, disable=["nothing_here"])
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    lines = [str(p) for p in caught.value.problems]
    line_no = path.read_text().splitlines().index("  tracks.tolerance.strat: 8") + 1
    assert any(f":{line_no}:3:" in line and "unknown key 'strat'" in line for line in lines), lines
    assert any("nothing_here" in line and "variant.yaml:" in line for line in lines), lines


def test_a_variant_of_an_unknown_base(tmp_path):
    with pytest.raises(ScenarioError, match="unknown scenario 'tutorail'; did you mean 'tutorial'"):
        load_scenario(_variant_file(tmp_path, base="tutorail"))


def test_saves_carry_the_variant_and_replay_it(tmp_path):
    scenario = load_scenario(_variant_file(tmp_path), Variant.from_options(["turns.count=2"]))
    game = play_game(scenario, 5, make_bots(scenario, {"all": "random"}, 5))
    text = dumps(game)
    assert json.loads(text)["scenario"]["variant"]["changes"] == [
        {"set": "tracks.tolerance.start", "to": 8},
        {"disable": "unpaid_ledger"},
        {"set": "turns.count", "to": 2},
    ]
    restored, _ = load_game(text)
    assert restored.scenario.content_hash == scenario.content_hash
    assert restored.state.log[-1].to_dict() == game.state.log[-1].to_dict()


def test_the_content_hash_does_not_depend_on_the_working_directory(tmp_path):
    code = (
        "from engine import load_scenario\n"
        f"print(load_scenario({str(RECKONING)!r}).content_hash)"
    )
    hashes = {
        subprocess.run(
            [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True
        ).stdout
        for cwd in (ROOT, tmp_path)
    }
    assert len(hashes) == 1


def test_cli_run_and_validate_take_changes(capsys, tmp_path):
    code = main(["run", "tutorial", "--set", "tracks.tolerance.start=4", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["variant"]["changes"] == [{"set": "tracks.tolerance.start", "to": 4}]
    assert main(["validate", str(_variant_file(tmp_path))]) == 0
    assert "ok — tutorial-patient-moscow" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "tutorial", "--set", "tracks.tolerance.start"], "should look like PATH=VALUE"),
        (["run", "tutorial", "--set", "tracks.tolerence.start=4"], "did you mean 'tolerance'"),
        (["batch", "tutorial", "--disable", "lobyy", "--runs", "2"], "did you mean 'lobby'"),
        (["play", "--set", "turns.count=2"], "need a scenario to change"),
        (["validate", "tutorial", "--turns", "0"], "--turns must be at least 1"),
    ],
)
def test_cli_bad_changes_exit_2_with_one_line(capsys, argv, message):
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
