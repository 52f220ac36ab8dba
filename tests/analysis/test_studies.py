"""Paired studies: compare, ablate, sweep — pairing, intervals, attribution sums, the CLI."""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter

import pytest
from scipy import stats as scipy_stats

from engine import load_scenario
from engine.analysis.explain.attribution import attribution_report, totals_by_track
from engine.analysis.measure.ablate import ablate, units
from engine.analysis.measure.compare import compare, pairs
from engine.analysis.measure.stats import paired
from engine.analysis.measure.sweep import AxisError, parse_axis, sweep
from engine.analysis.run.backends import LocalBackend
from engine.analysis.run.batch import Arm, run_arms, run_batch
from engine.analysis.run.playout import make_bots, play_game
from engine.load.vary.variant import Variant
from tests.helpers import SCENARIOS
from wargame.cli import main

TUTORIAL = SCENARIOS / "tutorial.yaml"
RECKONING = SCENARIOS / "syria" / "russian-reaction.yaml"


@pytest.fixture(scope="module")
def tutorial():
    return load_scenario(TUTORIAL)


def variant(*sets: str, disable: tuple[str, ...] = ()):
    return load_scenario(TUTORIAL, Variant.from_options(sets, disable))


# -- statistics -----------------------------------------------------------------------
def test_paired_interval_is_the_paired_t_interval():
    a = [3, 5, 4, 6, 2, 5, 7, 4]
    b = [4, 6, 4, 8, 3, 5, 9, 6]
    estimate = paired(a, b)
    d = [y - x for x, y in zip(a, b, strict=True)]
    mean = sum(d) / len(d)
    sd = math.sqrt(sum((x - mean) ** 2 for x in d) / (len(d) - 1))
    half = scipy_stats.t.ppf(0.975, len(d) - 1) * sd / math.sqrt(len(d))
    assert estimate.diff == pytest.approx(mean)
    assert (estimate.low, estimate.high) == pytest.approx((mean - half, mean + half))
    assert estimate.significant


def test_paired_binary_uses_mcnemar_and_degenerate_samples_are_exact():
    a = [0] * 50 + [1] * 50
    b = [1] * 10 + [0] * 40 + [1] * 50  # ten wins gained, none lost
    estimate = paired(a, b, binary=True)
    assert estimate.diff == pytest.approx(0.1)
    assert estimate.p_value == pytest.approx(scipy_stats.binomtest(10, 10, 0.5).pvalue)
    same = paired([1, 0, 1], [1, 0, 1])
    assert (same.diff, same.low, same.high, same.significant) == (0, 0, 0, False)
    shifted = paired([1, 2, 3], [2, 3, 4])
    assert (shifted.low, shifted.high, shifted.significant) == (1, 1, True)


# -- pairing ----------------------------------------------------------------------------
def test_both_sides_play_the_same_seeds(tutorial):
    result = compare(Arm(tutorial), Arm(variant("tracks.tolerance.start=3")), 30, seed=9)
    matched = pairs(result.a, result.b)
    assert len(matched) == 30
    assert all(x.seed == y.seed and x.index == y.index for x, y in matched)


def test_a_change_that_changes_nothing_measures_exactly_zero(tutorial):
    cosmetic = variant("tracks.tolerance.name=Moscow's patience")
    result = compare(Arm(tutorial, {"all": "doctrine"}), Arm(cosmetic, {"all": "doctrine"}), 40)
    for group in (result.wins, result.scores, result.tracks, result.endings):
        for estimate in group.values():
            assert estimate.diff == estimate.low == estimate.high == 0


def test_the_win_difference_is_the_mean_of_per_seed_differences(tutorial):
    result = compare(
        Arm(tutorial, {"all": "doctrine"}),
        Arm(variant("tracks.tolerance.start=3"), {"all": "doctrine"}),
        60,
        seed=2,
    )
    diffs = [
        ("israel" in y.winners) - ("israel" in x.winners) for x, y in pairs(result.a, result.b)
    ]
    assert result.wins["israel"].diff == pytest.approx(sum(diffs) / len(diffs))
    # A Moscow that starts less tolerant closes the door sooner: Israel wins less.
    assert result.wins["israel"].diff < 0
    assert result.tracks["tolerance"].diff < 0


def test_results_do_not_depend_on_processes_or_chunks(tutorial):
    arms = [Arm(tutorial), Arm(variant("tracks.tolerance.start=3"))]
    one = run_arms(arms, 24, 3, backend=LocalBackend(1))
    two = run_arms(arms, 24, 3, backend=LocalBackend(2), chunk=5)
    for x, y in zip(one, two, strict=True):
        assert x.records == y.records
        assert x.to_dict() == y.to_dict()


# -- attribution -------------------------------------------------------------------------
@pytest.mark.parametrize("path", [TUTORIAL, RECKONING])
def test_changes_by_cause_add_up_to_each_tracks_change(path):
    scenario = load_scenario(path)
    for seed in range(6):
        game = play_game(scenario, seed, make_bots(scenario, {}, seed), quiet=True, record=True)
        start = game.state.history[0]
        final = game.track_snapshot()
        totals = totals_by_track(game.attribution)
        for track, value in final.items():
            assert start[track] + totals.get(track, 0) == value, (seed, track)


def test_batch_attribution_sums_match_the_games(tutorial):
    result = run_batch(tutorial, 30, seed=4, jobs=1)
    report = result.to_dict()["attribution"]
    start = load_scenario(TUTORIAL).start_values
    for track, entry in report.items():
        moved = sum(r.finals[track] - start[track] for r in result.records)
        assert entry["sum"] == moved
        assert sum(c["sum"] for c in entry["by_cause"]) == moved


def test_attribution_splits_by_claim_side_and_turn():
    scenario = load_scenario(TUTORIAL)
    attribution = Counter(
        {
            ("tolerance", "careless_strike", ("C19",), None, 1): -2,
            ("tolerance", "unpaid_ledger", ("C14", "C18"), None, 2): -1,
            ("tolerance", "pay_the_ledger", (), "israel", 2): 1,
        }
    )
    entry = attribution_report(scenario, attribution, runs=1)["tolerance"]
    assert entry["sum"] == -2
    assert [c["cause"] for c in entry["by_cause"]] == [
        "careless_strike",
        "pay_the_ledger",
        "unpaid_ledger",
    ]
    assert entry["by_cause"][0]["kind"] == "rule"
    assert entry["by_claim"] == {"C14": -1.0, "C18": -1.0, "C19": -2.0, "none": 1.0}
    assert entry["by_side"] == {"israel": 1.0, "rules": -3.0}
    assert entry["by_turn"] == {"1": -2.0, "2": 0.0} or entry["by_turn"] == {"1": -2.0}


# -- ablation and sweep -------------------------------------------------------------------
def test_ablation_units_by_item_and_by_claim(tutorial):
    items = {u.id: u for u in units(tutorial)}
    assert {"precision_strike", "lobby", "unpaid_ledger"} <= set(items)
    assert items["unpaid_ledger"].kind == "rule"
    claims = {u.id: u for u in units(tutorial, "claim")}
    assert "unpaid_ledger" in claims["C14"].disable
    assert "open_clash" in claims["C4"].disable  # instant ends count under their claims


def test_ablation_finds_what_matters_and_what_does_not(tutorial):
    result = ablate(tutorial, 40, bots={"all": "doctrine"}, only=["careless_strike", "lobby"])
    rows = {unit.id: comparison for unit, comparison in result.rows}
    # Without the rule, careless strikes no longer cost Moscow's tolerance.
    assert rows["careless_strike"].tracks["tolerance"].significant
    assert rows["careless_strike"].tracks["tolerance"].diff > 0
    # Without lobbying, Israel's doctrine cannot rebuild its capital; entrenchment does not
    # notice.
    assert rows["lobby"].tracks["capital"].significant and rows["lobby"].tracks["capital"].diff < 0
    assert not rows["lobby"].tracks["entrenchment"].significant
    ranked = [unit.id for unit, _ in result.ranked()]
    assert sorted(ranked) == ["careless_strike", "lobby"]
    assert [unit["id"] for unit in result.to_dict()["units"]] == ranked


def test_an_item_that_cannot_be_switched_off_is_skipped_with_the_reason(mini):
    scenario = mini()
    result = ablate(scenario, 4, only=["b1", "noop_red"])
    assert [u.id for u, _ in result.skipped] == ["b1"]
    assert "has no cards" in result.skipped[0][1]
    assert [u.id for u, _ in result.rows] == ["noop_red"]


def test_sweep_axes_and_grid(tutorial):
    axis = parse_axis("tracks.tolerance.start=2..8:3", tutorial)
    assert axis.values == (2, 5, 8)
    result = sweep(tutorial, [axis], 20, bots={"all": "doctrine"})
    rows = result.rows()
    assert [r["tracks.tolerance.start"] for r in rows] == [2, 5, 8]
    assert rows[0]["win_israel"] <= rows[-1]["win_israel"]
    assert all(r["low_israel"] <= r["win_israel"] <= r["high_israel"] for r in rows)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tracks.tolerance.start", "should look like NAME=LO..HI"),
        ("speed=1..3", "'speed' is not a named parameter"),
        ("tracks.tolerance.start=5..2", "runs from 5 down to 2"),
        ("tracks.tolerance.start=1..4:0", "step must be at least 1"),
        ("tracks.tolerance.start=a..b", "whole numbers"),
        ("tracks.tolerance.start=1,1", "repeated"),
    ],
)
def test_bad_axes(tutorial, text, message):
    with pytest.raises(AxisError, match=message):
        parse_axis(text, tutorial)


# -- the command line ---------------------------------------------------------------------
def test_cli_compare_report_and_json(capsys, tmp_path):
    out = tmp_path / "c.json"
    argv = ["compare", "tutorial", "--set", "tracks.tolerance.start=3", "--runs", "30"]
    code = main([*argv, "--jobs", "1", "--bots", "all=doctrine", "--json", str(out)])
    text = capsys.readouterr().out
    assert code == 0
    assert "Paired comparison over 30 seeds" in text and "B − A (95% interval)" in text
    data = json.loads(out.read_text())
    assert data["b"]["variant"]["changes"] == [{"set": "tracks.tolerance.start", "to": 3}]
    assert set(data["wins"]["israel"]) >= {"a", "b", "diff", "ci95", "p", "significant"}


def test_cli_ablate_and_sweep(capsys, tmp_path):
    code = main(
        ["ablate", "tutorial", "--runs", "10", "--jobs", "1", "--only", "unpaid_ledger,lobby"]
    )
    assert code == 0 and "Ablation of Tutorial" in capsys.readouterr().out
    csv_path, chart = tmp_path / "s.csv", tmp_path / "s.svg"
    argv = ["sweep", "tutorial", "--param", "tracks.tolerance.start=3..5", "--runs", "6"]
    code = main([*argv, "--jobs", "1", "--csv", str(csv_path), "--chart", str(chart)])
    assert code == 0 and "Sweep of Tutorial" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text())))
    assert [r["tracks.tolerance.start"] for r in rows] == ["3", "4", "5"]
    assert chart.read_text().lstrip().startswith("<?xml")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["compare", "tutorial"], "nothing differs between A and B"),
        (["compare", "tutorial", "--set", "x.y=1"], "unknown section 'x'"),
        (["ablate", "tutorial", "--only", "unpaid_ledgr"], "did you mean 'unpaid_ledger'"),
        (["sweep", "tutorial", "--param", "tracks.tolerance.start=7..9"], "9 is outside 0..8"),
        (["sweep", "tutorial", "--param", "a=1", "--chart", "x.pdf"], "give a .svg or .png"),
        (["compare", "tutorial", "--disable", "lobby", "--runs", "0"], "--runs must be at least 1"),
    ],
)
def test_cli_study_bad_input(capsys, argv, message):
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err and "Traceback" not in err


def test_attribution_counts_the_designers_assumptions_too():
    scenario = load_scenario(RECKONING)
    attribution = Counter({("entrenchment", "count_entrenchment", (), None, 1): 3})
    entry = attribution_report(scenario, attribution, runs=1)["entrenchment"]
    assert entry["by_assumption"] == {"A5": 3.0}
    assert entry["by_claim"] == {}  # a cause resting only on assumptions is not "uncited"
