"""The playtest machinery itself: loading, located errors, readable diffs, the Python helper."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import IllegalActionError, load_scenario
from engine.analysis.check.playtest import (
    PlaytestError,
    assert_state,
    load_playtests,
    playthrough,
    run_playtest,
)
from engine.load.read.catalog import resolve
from tests.playtests.plugin import playtest_files


def write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_failing_playtest_reports_expected_and_actual(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "scenario: tutorial\nseed: 7\nmoves: [iran pass, israel event precision_strike @homs]\n"
        "expect:\n  - after: moves\n    tracks: {tolerance: 6, ledger: [0, 1]}\n"
        "    flags: {notified: true}\n    pieces: {homs: {militia: 1}}\n",
    )
    [pt] = load_playtests(path)
    result = run_playtest(pt)
    assert not result.ok
    report = result.report()
    assert f"{path}:5" in report  # where the failing checkpoint is written
    assert "tracks.tolerance: expected 6, actual 4" in report
    assert "tracks.ledger: expected 0..1, actual 2" in report
    assert "flags.notified: expected true, actual false" in report
    assert "pieces.homs" not in report  # that one held
    assert "israel event precision_strike @homs" in report  # the actions, for context


def test_unknown_names_get_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "scenario: tutorial\nseed: 1\nexpect:\n  tracks: {tolerence: 3}\n")
    [pt] = load_playtests(path)
    report = run_playtest(pt).report()
    assert "tracks.tolerence: no such track or counter; did you mean 'tolerance'?" in report


def test_an_illegal_move_lists_the_legal_ones(tmp_path: Path) -> None:
    path = write(tmp_path, "scenario: tutorial\nseed: 7\nmoves: [iran event build_depot @golan]\n")
    [pt] = load_playtests(path)
    report = run_playtest(pt).report()
    assert "move 1 (iran event build_depot @golan)" in report
    assert "legal now:" in report and "iran pass" in report


def test_a_checkpoint_never_reached_says_why(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "scenario: tutorial\nseed: 7\nmoves: [iran pass]\nexpect:\n  - after: 3\n    turn: 3\n",
    )
    [pt] = load_playtests(path)
    report = run_playtest(pt).report()
    assert "never reached: moves ran out and israel has no bot" in report


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("scenario: tutorial\n", "missing 'seed'"),
        (
            "scenario: tutorial\nseed: 1\nmovez: []\n",
            "t.yaml:3: unknown key 'movez'; did you mean 'moves'?",
        ),
        ("scenario: tutorial\nseed: 1\nmoves: [iran fly]\n", "t.yaml:3: 'iran fly': unknown kind"),
        (
            "scenario: tutorial\nseed: 1\nexpect:\n  - after: soon\n",
            "t.yaml:4: 'after' is 'moves', 'end', a turn number or 'turn N'",
        ),
        (
            "scenario: tutorial\nseed: 1\nexpect:\n  - winner: [iran]\n",
            "unknown check 'winner'; did you mean 'winners'?",
        ),
    ],
)
def test_malformed_files_are_located(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(PlaytestError) as info:
        load_playtests(path)
    assert message in str(info.value)


def test_a_file_can_hold_several_playtests_with_shared_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "scenario: tutorial\nseed: 3\nplaytests:\n  - name: a\n  - name: b\n    seed: 4\n",
    )
    a, b = load_playtests(path)
    assert (a.name, a.seed, b.name, b.seed) == ("a", 3, "b", 4)


def test_named_folders_are_collected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "scenario: tutorial\nseed: 1\n", "mine.yaml")
    monkeypatch.setenv("WARGAME_PLAYTESTS", str(tmp_path))
    files = playtest_files(None)
    assert tmp_path / "mine.yaml" in files
    assert any(f.name == "tutorial_opening.yaml" for f in files)


def test_the_python_helper() -> None:
    scenario = load_scenario(resolve("tutorial"))
    played = playthrough(
        scenario, 7, ["iran pass", "israel event precision_strike @homs"], bots={"all": "doctrine"}
    )
    assert played.game.is_over()
    assert_state(played, "moves", tracks={"tolerance": 4}, flags={"notified": False})
    assert_state(played, 1, turn=1)
    with pytest.raises(AssertionError, match=r"tracks\.tolerance: expected 8, actual 4"):
        assert_state(played, "moves", tracks={"tolerance": 8})
    with pytest.raises(IllegalActionError, match="is for israel, but iran decides"):
        playthrough(scenario, 7, ["israel pass"])


def test_an_instant_ending_mid_turn_is_not_the_end_of_that_turn() -> None:
    scenario = load_scenario(resolve("tutorial"))
    played = playthrough(scenario, 13, bots={"all": "random"})  # seed 13 ends early
    outcome = played.game.outcome
    assert outcome.condition is not None, "seed 13 of the tutorial should end instantly"
    assert played.state_at(outcome.turn) is None
    assert played.state_at(outcome.turn - 1) is not None
    assert played.state_at("end").outcome == outcome
