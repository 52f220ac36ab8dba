"""After-action reports: win probability, turning points, report data, rendering, the CLI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from engine import load_scenario
from engine.analysis.explain.aar import game_report
from engine.analysis.explain.batch_report import batch_report
from engine.analysis.explain.decisions import HUMAN_REASON
from engine.analysis.measure.winprob import (
    WinProbability,
    estimate_win_probability,
    players_rollout_bots,
    rollout_bots,
    swings,
    turning_points,
)
from engine.analysis.run.backends import LocalBackend
from engine.analysis.run.batch import run_batch
from engine.analysis.run.playout import make_bots, play_game
from engine.load.vary.variant import Variant
from engine.play.record.saves import dumps
from tests.helpers import SCENARIOS
from wargame.cli import main
from wargame.report import document, render_html, render_markdown

TUTORIAL = SCENARIOS / "tutorial.yaml"
DOCTRINE = {"all": "doctrine"}
#: A tutorial game in which a causal chain (strike and answer) happens.
SEED = 40


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(TUTORIAL)


@pytest.fixture(scope="module")
def played(scenario):
    """The doctrine game of SEED with each move's reason, as play_game reports them."""
    reasons: dict[int, str] = {}

    def record(game, action, why):
        reasons[len(game.actions)] = why

    game = play_game(scenario, SEED, make_bots(scenario, DOCTRINE, SEED), on_move=record)
    return game, reasons


@pytest.fixture(scope="module")
def report(scenario, played):
    game, reasons = played
    players = dict.fromkeys(scenario.playable_actors, "doctrine")
    return game_report(
        scenario,
        SEED,
        game.actions,
        reasons=reasons,
        players=players,
        rollouts=8,
        rollout_bots=DOCTRINE,
        backend=LocalBackend(1),
    )


# -- win probability ----------------------------------------------------------------------
def test_win_probability_is_deterministic_bounded_and_exact_at_the_end(scenario, played):
    game, _ = played
    one = estimate_win_probability(
        scenario, SEED, game.actions, rollouts=6, bots=DOCTRINE, backend=LocalBackend(1)
    )
    two = estimate_win_probability(
        scenario, SEED, game.actions, rollouts=6, bots=DOCTRINE, backend=LocalBackend(2)
    )
    assert one == two
    assert one.points == len(game.actions) + 1
    for actor in scenario.playable_actors:
        series = one.series[actor]
        assert len(series) == one.points and all(0.0 <= p <= 1.0 for p in series)
        assert series[-1] == (1.0 if actor in game.outcome.winners else 0.0)
    assert one.finished
    # More rollouts change the estimates, not the exact end.
    more = estimate_win_probability(
        scenario, SEED, game.actions, rollouts=7, bots=DOCTRINE, backend=LocalBackend(1)
    )
    assert more.at(one.points - 1) == one.at(one.points - 1)


def test_an_unfinished_game_is_estimated_at_its_last_point(scenario, played):
    game, _ = played
    wp = estimate_win_probability(scenario, SEED, game.actions[:5], rollouts=4, bots=DOCTRINE)
    assert wp.points == 6 and not wp.finished
    assert all(0.0 <= wp.series[a][-1] <= 1.0 for a in wp.actors)


def test_rollout_bots_keep_what_is_asked_and_make_slow_defaults_fast(scenario):
    assert rollout_bots(scenario, {"all": "random"}) == {"iran": "random", "israel": "random"}
    assert rollout_bots(scenario, {"israel": "ismcts"})["israel"] == "ismcts"
    # The tutorial's actors default to random bots; a slow default becomes doctrine.
    changed = load_scenario(TUTORIAL, Variant.from_options(["actors.israel.bot=ismcts"]))
    assert rollout_bots(changed)["israel"] == "doctrine"
    # A game's players: their own fast kinds; a slow bot becomes doctrine; people, the default.
    players = {"israel": "ismcts:50", "iran": "human"}
    assert players_rollout_bots(scenario, players) == {"israel": "doctrine", "iran": "random"}
    assert players_rollout_bots(scenario, {"iran": "greedy"})["iran"] == "doctrine"


def test_turning_points_are_the_largest_swings():
    wp = WinProbability(
        actors=("red", "blue"),
        rollouts=10,
        bots={},
        series={"red": (0.5, 0.6, 0.1, 0.2, 1.0), "blue": (0.5, 0.4, 0.45, 0.9, 0.0)},
        nobody=(0.0,) * 5,
    )
    assert [(s.index, s.actor) for s in swings(wp)] == [
        (0, "red"),
        (1, "red"),
        (2, "blue"),
        (3, "blue"),
    ]
    top = turning_points(wp, top=2)
    assert [(s.index, s.actor, round(s.change, 2)) for s in top] == [
        (3, "blue", -0.9),
        (1, "red", -0.5),
    ]
    assert top[0].changes == pytest.approx({"red": 0.8, "blue": -0.9})
    assert [s.index for s in turning_points(wp, top=10, minimum=0.4)] == [3, 1, 2]
    assert turning_points(wp, top=10, minimum=0.95) == []


# -- the report's data --------------------------------------------------------------------
def test_the_game_report_holds_reasons_tracks_chances_and_chains(scenario, played, report):
    game, reasons = played
    assert [d.action for d in report.decisions] == [str(a) for a in game.actions]
    assert [d.reason for d in report.decisions] == [reasons[i] for i in range(len(reasons))]
    assert report.history == game.track_history()
    assert report.history_labels[0] == "start" and report.history_labels[1] == "Spring 2019"
    assert report.winprob is not None and report.winprob.rollouts == 8
    assert 1 <= len(report.turning_points) <= 3
    for point in report.turning_points:
        assert point.decision.index == point.swing.index
        if point.decision.action.split()[1] != "pass":  # a pass changes nothing but the seat
            assert point.events and point.events[0].kind in ("play", "react")
        assert set(point.claims) == {c for e in point.events for c in e.claims}
    (fired,) = report.chains
    assert fired.chain.id == "strike_and_answer"
    assert [s.step for s in fired.steps] == ["precision_strike", "hezbollah_answer"]
    assert all(e.cause == s.step for s in fired.steps for e in s.events)
    assert fired.steps[0].turn <= fired.steps[1].turn
    # The large moves' causes add up to each move.
    for moves in report.moves.values():
        for move in moves:
            assert sum(c.change for c in move.causes) == move.change
    assert set(report.claims_cited()) >= {"C4"}


def test_reasons_are_inferred_from_who_played(scenario, played):
    game, reasons = played
    players = {"israel": "human", "iran": "doctrine"}
    inferred = game_report(scenario, SEED, game.actions, players=players, rollouts=0)
    for decision in inferred.decisions:
        if decision.actor == "israel":
            assert decision.reason == HUMAN_REASON
        else:
            assert decision.reason == reasons[decision.index]
    assert inferred.winprob is None and inferred.turning_points == []
    unknown = game_report(scenario, SEED, game.actions, rollouts=0)
    assert {d.reason for d in unknown.decisions} == {""}


# -- rendering ----------------------------------------------------------------------------
GAME_SECTIONS = [
    "The game in brief",
    "Turning points",
    "Each side's chance of winning",
    "The tracks over the game",
    "Causal chains",
    "Timeline of decisions",
    "Claims cited",
    "How to read this report",
]


def urls(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>)]+", text)


def test_the_game_report_renders_to_markdown_and_self_contained_html(scenario, report):
    doc = document(report)
    for section in GAME_SECTIONS:
        assert section in doc.sections()
    markdown = render_markdown(doc)
    for section in GAME_SECTIONS:
        assert f"## {section}" in markdown
    assert "Strike and answer" in markdown
    assert scenario.claims["C4"].text in markdown
    source_url = scenario.sources[0].url
    assert set(urls(markdown)) == {source_url}
    html = render_html(doc)
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") == 2
    assert "<script" not in html and "<link" not in html and "xmlns" not in html
    assert set(urls(html)) == {source_url}
    for section in GAME_SECTIONS:
        assert section.replace("'", "&#x27;") in html or section in html
    # Same report, same bytes.
    assert render_html(document(report)) == html


def test_the_batch_report_keeps_cards_as_events_and_for_ops_apart(scenario):
    result = run_batch(scenario, 40, seed=3, bots=DOCTRINE, jobs=1)
    data = batch_report(result)
    assert [r.label for r in data.win_rates] == ["israel", "iran", "nobody"]
    assert all(r.low <= r.rate <= r.high for r in data.win_rates)
    for kinds in data.associations.values():
        for kind, features in kinds.items():
            assert all(f["feature"].startswith(f"{kind}:") for f in features)
            assert len(features) <= 3
    assert {c.chain.id for c in data.chains} == {c.id for c in scenario.chains}
    assert any(c.games for c in data.chains)
    markdown = render_markdown(document(data))
    for section in ("Outcomes", "Scores", "What moved the main tracks"):
        assert f"## {section}" in markdown
    assert "## What went with each outcome" in markdown and "## Causal chains" in markdown
    assert set(urls(markdown)) <= {scenario.sources[0].url}


# -- the command line ---------------------------------------------------------------------
def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_wargame_aar_writes_markdown_and_html_for_a_seeded_game(capsys, tmp_path):
    md, html = tmp_path / "aar.md", tmp_path / "aar.html"
    argv = ["aar", "tutorial", "--seed", str(SEED), "--bots", "all=doctrine", "--rollouts", "4"]
    code, out, err = run(capsys, *argv, "--jobs", "1", "--md", str(md), "--html", str(html))
    assert code == 0 and out == "" and err == ""
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# After-action report: Tutorial") and "## Turning points" in text
    assert "<svg" in html.read_text(encoding="utf-8")
    # Without files, Markdown goes to stdout; the same game gives the same report.
    code, out, _ = run(capsys, *argv, "--jobs", "1")
    assert code == 0 and out == text


def test_wargame_aar_reads_a_save_and_a_batch(capsys, tmp_path, scenario, played):
    game, _ = played
    save = tmp_path / "game.json"
    meta = {"players": {"israel": "human", "iran": "doctrine"}}
    save.write_text(dumps(game, name="debrief", meta=meta), encoding="utf-8")
    code, out, err = run(capsys, "aar", str(save), "--rollouts", "0")
    assert code == 0, err
    assert HUMAN_REASON in out and "doctrine #" in out
    code, out, err = run(capsys, "aar", "tutorial", "--runs", "12", "--jobs", "1")
    assert code == 0, err
    assert "— 12 games" in out and "## What went with each outcome" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["aar", "tutorrial"], "did you mean 'tutorial'?"),
        (["aar", "missing.json"], "cannot read 'missing.json': no such file"),
        (["aar", "tutorial", "--md", "/no/such/folder/x.md"], "no folder '/no/such/folder'"),
        (["aar", "tutorial", "--html", "-"], "--html needs a file name"),
        (["aar", "tutorial", "--runs", "0"], "--runs must be at least 1"),
        (["aar", "tutorial", "--runs", "5", "--rollouts", "3"], "apply to one game"),
        (["aar", "tutorial", "--bots", "all=wizard"], "unknown bot kind 'wizard'"),
    ],
)
def test_wargame_aar_bad_input_is_one_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_wargame_aar_refuses_corrupt_and_outdated_saves(capsys, tmp_path, played):
    game, _ = played
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"format": "wargame-save", "version": 1, "seed": ', encoding="utf-8")
    code, _, err = run(capsys, "aar", str(corrupt))
    assert code == 2 and "corrupt.json: not valid JSON" in err
    assert len(err.strip().splitlines()) == 1
    outdated = tmp_path / "outdated.json"
    data = json.loads(dumps(game))
    data["scenario"]["content_hash"] = "0" * 16
    outdated.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "aar", str(outdated))
    assert code == 2 and "has changed since this game was saved" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "aar", str(outdated), "--seed", "3")
    assert code == 2 and "a save holds its own" in err


def test_the_report_is_the_same_in_any_process_folder_and_hash_seed(tmp_path):
    outputs = set()
    for i, (hashseed, jobs) in enumerate((("0", "1"), ("12345", "2"))):
        folder = tmp_path / f"run{i}"
        folder.mkdir()
        argv = ["aar", "tutorial", "--seed", str(SEED), "--rollouts", "4", "--jobs", jobs]
        subprocess.run(
            [sys.executable, "-m", "wargame", *argv, "--html", "r.html", "--md", "r.md"],
            cwd=folder,
            env={**os.environ, "PYTHONHASHSEED": hashseed},
            check=True,
        )
        outputs.add(((folder / "r.html").read_bytes(), (folder / "r.md").read_bytes()))
    assert len(outputs) == 1
