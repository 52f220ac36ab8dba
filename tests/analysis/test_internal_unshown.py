"""Internal values (``internal: true``: bookkeeping, never shown nor logged) stay out of what
batch, compare and ablate report — the tutorial's ``strikes`` counter is one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine import load_scenario
from engine.analysis.measure.ablate import ablate
from engine.analysis.run.backends import LocalBackend
from engine.analysis.run.batch import run_batch
from engine.analysis.run.records import game_record
from tests.helpers import SCENARIOS
from wargame.cli import main

TUTORIAL = SCENARIOS / "tutorial.yaml"


@pytest.fixture(scope="module")
def tutorial():
    scenario = load_scenario(TUTORIAL)
    assert "strikes" in scenario.tables.internal  # the case these tests are about
    return scenario


def test_batch_track_means_and_records_leave_internal_values_out(tutorial) -> None:
    result = run_batch(tutorial, runs=6, seed=1, jobs=1)
    assert "strikes" not in result.track_means()
    assert "strikes" not in result.to_dict()["track_means"]
    assert "tolerance" in result.track_means()
    record = game_record(tutorial, 1, result.bots, result.records[0])
    assert "strikes" not in record["final"]


def test_batch_text_report_does_not_list_an_internal_counter(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "b.json"
    assert main(["batch", str(TUTORIAL), "--runs", "6", "--jobs", "1", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Russian tolerance" in text
    assert "Strikes this turn" not in text
    assert "strikes" not in json.loads(out.read_text())["track_means"]


def test_ablation_compares_no_internal_value(tutorial) -> None:
    study = ablate(tutorial, runs=4, seed=1, only=["back_channel"], backend=LocalBackend(1))
    data = study.to_dict()
    assert data["units"], data
    for unit in data["units"]:
        assert "tolerance" in unit["tracks"]
        assert "strikes" not in unit["tracks"]
