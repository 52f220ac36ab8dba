"""Every data output validates against its published JSON Schema (engine/schemas/)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from engine import load_scenario
from engine.agents import protocol
from engine.analysis.run.records import SCHEMA_VERSION, schema_path
from engine.play.game import Game
from engine.play.views.action_space import ActionSpace
from engine.play.views.view import observe
from tests.helpers import ROOT
from wargame.cli import main

jsonschema = pytest.importorskip("jsonschema")

BIG_SEED = 2**64 - 1  # past 2^53: JavaScript and jq 1.6 would round the number


def validator(name: str):
    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def output(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_run_json_validates(capsys):
    data = json.loads(output(capsys, "run", "tutorial", "--seed", str(BIG_SEED), "--json"))
    validator("run").validate(data)
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["seed_str"] == str(BIG_SEED)
    assert data["bots"] == {"iran": "random", "israel": "random"}  # defaults named, never {}


def test_run_json_of_a_variant_validates(capsys):
    argv = ("run", "israeli-strike", "--json", "--set", "tracks.tolerance.start=4")
    data = json.loads(output(capsys, *argv))
    validator("run").validate(data)
    assert data["variant"] and set(data["bots"]) == {"iran", "israel", "russia"}


def test_batch_json_and_jsonl_validate(tmp_path, capsys):
    summary, lines, rows = tmp_path / "b.json", tmp_path / "g.jsonl", tmp_path / "g.csv"
    argv = ["batch", "israeli-strike", "--runs", "6", "--jobs", "1", "--seed", str(BIG_SEED)]
    argv += ["--json", str(summary), "--jsonl", str(lines), "--csv", str(rows), "--quiet"]
    output(capsys, *argv)
    data = json.loads(summary.read_text())
    validator("batch").validate(data)
    assert data["seed_str"] == str(BIG_SEED) and data["bots"]  # each side's default bot
    assert set(data["bots"].values()) == {"doctrine"}
    games = [json.loads(line) for line in lines.read_text().splitlines()]
    check = validator("game")
    for run, game in enumerate(games):
        check.validate(game)
        assert game["run"] == run and game["root_seed_str"] == str(BIG_SEED)
        assert game["seed_str"] == str(game["seed"]) and game["bots"] == data["bots"]
        assert game["cards_played"]
    table = list(csv.DictReader(io.StringIO(rows.read_text())))
    assert list(table[0])[:6] == ["scenario", "root_seed", "bots", "run", "seed", "winners"]
    assert [r["seed"] for r in table] == [g["seed_str"] for g in games]
    assert table[0]["bots"] == "iran=doctrine;israel=doctrine;russia=doctrine"


def test_agent_messages_validate():
    check = validator("agent")
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    space = ActionSpace(scenario)
    check.validate(protocol.hello(scenario, space, "iran", BIG_SEED, 10))
    game = Game.new(scenario, 3)
    decision = 0
    while not game.is_over():
        actor = game.to_move()
        assert actor is not None
        view = observe(game, actor)
        decision += 1
        check.validate(protocol.decide(view, space, decision, 10, 0))
        game.apply(view.legal[0])
    check.validate(protocol.end(game.outcome))
    check.validate({"type": "ready", "name": "x"})
    check.validate({"type": "act", "decision": 1, "action": 3, "reason": "why not"})
    with pytest.raises(jsonschema.ValidationError):
        check.validate({"type": "act", "action": "pass"})
