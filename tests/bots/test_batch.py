"""Batches: seeds per playthrough, identical whatever the process count, reports and CLI."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine import Scenario
from engine.analysis.measure.stats import wilson
from engine.analysis.run.batch import playthrough_seed, run_batch
from engine.analysis.run.playout import play_game
from engine.play.rng import derive_seed
from wargame.cli import main


def test_wilson_interval_known_values() -> None:
    low, high = wilson(50, 100)
    assert (round(low, 4), round(high, 4)) == (0.4038, 0.5962)
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == 1.0
    assert wilson(0, 0) == (0.0, 1.0)


def test_playthrough_seeds_come_from_the_root_and_index() -> None:
    assert playthrough_seed(7, 3) == derive_seed(7, 3)
    assert playthrough_seed(7, 3) != playthrough_seed(7, 4) != playthrough_seed(8, 3)


def test_results_do_not_depend_on_processes_or_chunks(tutorial: Scenario) -> None:
    one = run_batch(tutorial, 40, seed=3, jobs=1)
    two = run_batch(tutorial, 40, seed=3, jobs=2, chunk=7)
    assert one.to_dict() == two.to_dict()
    assert one.records == two.records
    assert [r.index for r in two.records] == list(range(40))


def test_a_record_is_the_game_its_seed_plays(tutorial: Scenario) -> None:
    from engine.analysis.run.playout import make_bots

    result = run_batch(tutorial, 3, seed=5, jobs=1, bots={"iran": "doctrine"})
    record = result.records[2]
    game = play_game(tutorial, record.seed, make_bots(tutorial, {"iran": "doctrine"}, record.seed))
    assert game.outcome.winners == record.winners and game.outcome.scores == record.scores


def test_summary_holds_the_required_fields(tutorial: Scenario) -> None:
    data = run_batch(tutorial, 60, seed=1, jobs=1).to_dict()
    for key in ("scenario", "runs", "seed", "wins", "win_rate", "ci95", "mean_turns"):
        assert key in data
    assert data["scenario"] == "tutorial" and data["runs"] == 60
    for actor in ("israel", "iran"):
        assert data["win_rate"][actor] == round(data["wins"][actor] / 60, 4)
        low, high = data["ci95"][actor]
        assert low <= data["win_rate"][actor] <= high
    assert len(data["track_means"]["entrenchment"]) == tutorial.turns.count + 1
    assert data["track_means"]["entrenchment"][0] == 3.0
    assert set(data["associations"]) == {"israel", "iran", "nobody"}


def test_progress_is_reported(tutorial: Scenario) -> None:
    seen = []
    run_batch(tutorial, 10, jobs=1, chunk=3, on_progress=lambda d, t: seen.append((d, t)))
    assert seen == [(3, 10), (6, 10), (9, 10), (10, 10)]


def test_cli_writes_json_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out_json, out_csv = tmp_path / "r.json", tmp_path / "r.csv"
    code = main(
        ["batch", "tutorial", "--runs", "12", "--seed", "4", "--jobs", "1", "--bots",
         "iran=doctrine", "--json", str(out_json), "--csv", str(out_csv)]
    )  # fmt: skip
    assert code == 0
    text = capsys.readouterr()
    assert "Win rates (95% Wilson interval)" in text.out
    assert "Cards and rules most associated with each outcome" in text.out
    assert "What moved the main tracks" in text.out
    assert text.err == ""  # no progress bar when not on a terminal
    data = json.loads(out_json.read_text())
    assert data["bots"] == {"iran": "doctrine", "israel": "random"} and data["seed"] == 4
    rows = list(csv.DictReader(out_csv.open()))
    assert (
        len(rows) == 12
        and rows[0]["run"] == "0"
        and rows[0]["scenario"] == "tutorial"
        and "score_iran" in rows[0]
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--runs", "0"], "--runs must be at least 1"),
        (["--jobs", "0"], "--jobs must be at least 1"),
        (["--bots", "iran=clever"], "unknown bot kind 'clever'"),
        (["--bots", "russia=random"], "'russia' is not a playable actor"),
        (["--bots", "iran"], "should look like ACTOR=KIND"),
        (["--bots", "iran=ismcts:lots"], "must be a positive whole number"),
        (["--json", "/no/such/folder/x.json"], "cannot write"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture
) -> None:
    assert main(["batch", "tutorial", "--runs", "2", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_cli_unknown_scenario(capsys: pytest.CaptureFixture) -> None:
    assert main(["batch", "tutorail"]) == 2
    assert "did you mean 'tutorial'" in capsys.readouterr().err


def test_engine_modules_stay_free_of_ui_libraries() -> None:
    code = (
        "import sys, engine.analysis.run.batch, engine.bots, engine.play.views.determinize\n"
        "import engine.analysis.check.playtest, engine.analysis.check.expectations\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('rich', 'textual', 'tui')]\n"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
