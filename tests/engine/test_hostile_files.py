"""Hostile files, in detail: located answers, contained includes, one verdict, bounded play.

``test_resources.py`` runs each attack of :mod:`tests.engine.hostile` under a memory cap;
these tests check the places, messages and rules behind those answers.
"""

from __future__ import annotations

import pickle
import random
import string
import time
from pathlib import Path

import pytest

from engine import Game, ScenarioError, load_scenario
from engine.errors import Problem, RuleLoopError, capped, did_you_mean
from engine.load.limits import (
    MAX_CHAINED_TRIGGERS,
    MAX_DEPTH,
    MAX_MAGNITUDE,
    MAX_NODES,
    MAX_PROBLEMS_PER_FILE,
)
from engine.load.read import yamlpos
from engine.load.read.compose import BACKEND_ENV, BACKENDS
from engine.load.read.loader import allow_includes
from engine.load.read.verdict import Kind, examine, kind_of
from engine.load.read.yamlpos import load_located
from tests.engine.hostile import (
    GROWING_COUNTER,
    LOOPING_WHILE,
    MANY_UNKNOWN,
    SELF_TRIGGERING,
    SHARED_PART,
    many_unknown_names,
    scenario,
)
from tests.helpers import SCENARIOS
from wargame.cli import main


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    verdict = examine(path)
    assert not verdict.ok
    return [str(p) for p in verdict.problems]


# -- YAML that used to raise -----------------------------------------------------------------
MALFORMED = [
    ("a: &a [1, *a]\n", "1:11", "recursive alias '*a'"),
    ("a: &a {b: *a}\n", "1:11", "recursive alias '*a'"),
    ("a: " + "[" * 500 + "\n", f"1:{MAX_DEPTH + 3}", f"nested more than {MAX_DEPTH}"),
    ("a: !!int x\n", "1:4", "a: cannot read 'x' as a whole number"),
    ("a: !!float x\n", "1:4", "a: cannot read 'x' as a number"),
    ("a: !!bool maybe\n", "1:4", "a: cannot read 'maybe' as true or false"),
    ("a: !!timestamp x\n", "1:4", "a: cannot read 'x' as a date"),
    ("a: !!timestamp 2019-13-45\n", "1:4", "cannot read '2019-13-45' as a date"),
    ("a: " + "7" * 5000 + "\n", "1:4", "as a whole number"),
    ("a: *nowhere\n", "1:4", "undefined alias"),
    ("a: b\x00\n", "1:5", "U+0000 is not allowed"),
    ("? [a, b]\n: c\n", "1:3", "a key must be a name"),
    ("a: {<<: 5}\n", "1:9", "'<<' merges a mapping"),
]


@pytest.fixture(params=BACKENDS)
def parser(request, monkeypatch):
    """Each case composed by libyaml, by libyaml's parser and PyYAML's composer, and by
    PyYAML alone (used where libyaml is not): see engine.load.read.compose."""
    monkeypatch.setenv(BACKEND_ENV, request.param)
    monkeypatch.setattr(yamlpos, "_PARSED", {})
    return request.param


@pytest.mark.parametrize(("text", "place", "message"), MALFORMED, ids=[m for _, _, m in MALFORMED])
def test_malformed_yaml_is_located_never_raised(tmp_path, parser, text, place, message):
    path = write(tmp_path, "a.yaml", text)
    _, found = load_located(path, "a.yaml")
    assert any(str(p).startswith(f"a.yaml:{place}:") and message in str(p) for p in found), found


def test_bytes_that_are_not_utf8_are_located(tmp_path):
    path = write(tmp_path, "a.yaml", b"id: x\ntitle: caf\xe9\n")
    _, found = load_located(path, "a.yaml")
    assert [str(p) for p in found] == [
        "a.yaml:2:11: <document>: not UTF-8 text: byte 0xe9 cannot be read "
        "(invalid continuation byte)"
    ]


def test_billion_laughs_is_refused_at_once(tmp_path, parser):
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        name, prev = chr(97 + i), chr(96 + i)
        levels.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    path = write(tmp_path, "laughs.yaml", "\n".join(levels) + "\n")
    start = time.process_time()
    _, found = load_located(path, "laughs.yaml")
    assert time.process_time() - start < 1.0
    assert len(found) == 1 and f"a scenario may hold {MAX_NODES:,}" in found[0].message


def test_aliases_are_shared_and_merge_keys_work(tmp_path):
    """Anchors, aliases and merge keys read as in ``yaml.safe_load``; each is built once."""
    text = "x: &x [1, 2]\ny: *x\nz: {<<: [{k: 1, m: 1}, {k: 0, n: 3}], k: 2}\n"
    doc, found = load_located(write(tmp_path, "a.yaml", text))
    assert found == []
    assert doc.data["x"] is doc.data["y"]
    assert doc.data["z"] == {"k": 2, "m": 1, "n": 3}
    # In a scenario: the red card's effects are the blue card's, written once.
    text = scenario().replace(
        "  effects:\n  - adjust:\n      track: tension\n      by: 1\n",
        "  effects: &push\n  - adjust:\n      track: tension\n      by: 1\n",
        1,
    )
    text = text.replace(
        "  effects:\n  - adjust:\n      track: tension\n      by: -1\n", "  effects: *push\n", 1
    )
    loaded = load_scenario(write(tmp_path, "s.yaml", text))
    assert [e.args[0] for e in loaded.cards["b1"].front.effects] == ["tension"]


def test_numbers_past_the_magnitude_limit_are_located(tmp_path):
    text = scenario().replace("start: 2\n", f"start: {MAX_MAGNITUDE * 10}\n", 1)
    found = problems(write(tmp_path, "s.yaml", text))
    assert any("tracks[0].start: 10000000000 is too large" in p for p in found), found


def test_problems_are_capped_per_file_and_hints_are_fast(tmp_path):
    path = write(tmp_path, "s.yaml", many_unknown_names())
    start = time.process_time()
    verdict = examine(path)
    spent = time.process_time() - start
    shown = [p for p in verdict.problems if not p.omitted]
    assert len(shown) == MAX_PROBLEMS_PER_FILE
    assert shown[0].message == "unknown zone 'z0000a'; did you mean 'z0000'?"
    more = verdict.problems[-1]
    assert more.omitted == MANY_UNKNOWN - MAX_PROBLEMS_PER_FILE
    assert str(more) == (
        f"{path}: {more.omitted} more problems not shown "
        f"(at most {MAX_PROBLEMS_PER_FILE} are reported per file)"
    )
    assert spent < 3.0, f"{spent:.2f} s"  # 5,000 misspellings took over a minute before


def test_did_you_mean_is_near_linear():
    rng = random.Random(7)
    names = [f"id_{''.join(rng.choices(string.ascii_lowercase, k=8))}" for _ in range(5000)]
    typos = [n[:4] + n[5] + n[4] + n[6:] for n in names]  # two letters swapped
    start = time.process_time()
    hints = [did_you_mean(t, names) for t in typos]
    assert time.process_time() - start < 2.0
    assert hints[0] == f"; did you mean '{names[0]}'?"
    assert all(hints)
    # A few names are compared whole, as before: distant misspellings still get a hint.
    assert did_you_mean("pieces", ["piece_types", "zones"]) == "; did you mean 'piece_types'?"
    assert did_you_mean("x" * 10_000, names) == ""


def test_capped_counts_what_it_leaves_out():
    found = [Problem("a.yaml", i, 1, "", "bad") for i in range(1, MAX_PROBLEMS_PER_FILE + 6)]
    once = capped([*found, Problem("b.yaml", 1, 1, "", "bad")])
    assert [p.omitted for p in once if p.path == "a.yaml"][-1] == 5
    assert capped(once) == once  # capping twice changes nothing


def test_scenario_errors_cross_processes_whole():
    error = ScenarioError([Problem("a.yaml", 2, 3, "k", "bad")])
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems
    loop = RuleLoopError("s.yaml", "standing rules loop: x")
    again = pickle.loads(pickle.dumps(loop))
    assert isinstance(again, RuleLoopError) and str(again) == "s.yaml: standing rules loop: x"


# -- includes stay home ------------------------------------------------------------------------
def test_includes_must_stay_under_the_scenario_folder(tmp_path):
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    write(elsewhere, "map.yaml", "zones: []\n")
    write(home, "parts/ok.yaml", "flags: []\n")
    root = write(home, "s.yaml", scenario(include=["parts/ok.yaml", "../elsewhere/map.yaml"]))
    found = problems(root)
    assert len(found) == 1, found
    assert (
        "include[1]: included file '../elsewhere/map.yaml' is outside the scenario's folder"
        in (found[0])
    )
    assert "--allow-includes DIR" in found[0]
    # Allowed for one load, or for the whole process (the command line's --allow-includes).
    assert load_scenario(root, allow=[elsewhere]).id == "mini"
    try:
        allow_includes([elsewhere])
        assert examine(root).ok
    finally:
        allow_includes([])


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path):
    write(tmp_path / "elsewhere", "map.yaml", "zones: []\n")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "map.yaml").symlink_to(tmp_path / "elsewhere" / "map.yaml")
    root = write(tmp_path / "home", "s.yaml", scenario(include=["map.yaml"]))
    assert any("is outside the scenario's folder" in p for p in problems(root))


def test_a_missing_include_still_has_a_hint(tmp_path):
    write(tmp_path, "map.yaml", "zones: []\n")
    root = write(tmp_path, "s.yaml", scenario(include=["mapp.yaml"]))
    assert any(
        "included file 'mapp.yaml' not found; did you mean 'map.yaml'?" in p for p in problems(root)
    )


def test_shipped_variants_name_their_base_in_the_folder_above():
    variant = SCENARIOS / "syria" / "variants" / "silent-strikes.yaml"
    assert kind_of(variant)[0] is Kind.VARIANT
    assert examine(variant).ok


def test_a_variant_base_outside_its_folders_is_refused(tmp_path):
    write(tmp_path / "far", "s.yaml", scenario())
    variant = write(
        tmp_path / "a" / "b",
        "v.yaml",
        "id: v\ntitle: V\nwhy: Because.\nbase: ../../far/s.yaml\nset: {tracks.tension.start: 3}\n",
    )
    assert any("outside the variant's folder" in p for p in problems(variant))
    assert load_scenario(variant, allow=[tmp_path / "far"]).id == "v"


# -- one verdict -----------------------------------------------------------------------------
def test_a_byte_order_mark_or_a_comment_does_not_change_the_verdict(tmp_path, capsys):
    text = "\ufeff" + scenario().replace("id: mini", "id: mini   # the id", 1)
    path = write(tmp_path, "s.yaml", text)
    assert kind_of(path)[0] is Kind.SCENARIO
    assert main(["validate", str(path)]) == 0
    assert main(["run", str(path)]) == 0
    capsys.readouterr()


def test_a_shared_part_validates_and_run_says_it_is_not_a_scenario(tmp_path, capsys):
    path = write(tmp_path, "part.yaml", SHARED_PART)
    assert main(["validate", str(path)]) == 0
    assert "ok — a shared file" in capsys.readouterr().out
    assert main(["run", str(path)]) == 3
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"{path}:1:1: <document>: a shared part (no top-level 'id'), not a scenario: play a "
        "scenario that includes it, or give it an 'id' and a 'title' to make it one"
    ]


def test_a_file_that_is_not_a_mapping_is_invalid_for_every_command(tmp_path, capsys):
    path = write(tmp_path, "list.yaml", "- a\n- b\n")
    assert kind_of(path)[0] is Kind.INVALID
    for command in ("validate", "run", "batch"):
        assert main([command, str(path)]) == 3
        assert "the file must be a mapping of sections" in capsys.readouterr().err


# -- bounded play ----------------------------------------------------------------------------
def test_a_counter_squared_every_turn_stops_at_the_ceiling(tmp_path):
    scenario_ = load_scenario(write(tmp_path, "s.yaml", GROWING_COUNTER))
    game = Game.new(scenario_, 1)
    while not game.is_over():
        game.push(game.legal_actions()[0])
    assert game.state.values["debt"] == MAX_MAGNITUDE


def test_a_rule_firing_its_own_trigger_is_a_load_error(tmp_path):
    path = write(tmp_path, "s.yaml", SELF_TRIGGERING)
    found = problems(path)
    assert len(found) == 1
    assert (
        "rules[0].effects[0].trigger: standing rules loop without end: rule 'echo' (on 'bang') "
        in (found[0])
    )


def test_a_conditional_loop_is_stopped_while_playing_with_its_name(tmp_path, capsys):
    path = write(tmp_path, "s.yaml", LOOPING_WHILE)
    scenario_ = load_scenario(path)  # the loop depends on a condition: not certain at load
    with pytest.raises(RuleLoopError) as caught:
        Game.new(scenario_, 1)
    message = str(caught.value)
    assert f"more than {MAX_CHAINED_TRIGGERS} firings" in message
    assert "trigger 'bang' → rule 'echo' → trigger 'bang'" in message
    assert main(["run", str(path)]) == 3
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_a_loop_that_stops_in_time_plays(tmp_path):
    text = LOOPING_WHILE.replace("debt < 1000000", "debt < 10")
    scenario_ = load_scenario(write(tmp_path, "s.yaml", text))
    game = Game.new(scenario_, 1)
    assert game.state.values["debt"] == 10


# -- caps on what a command may ask ----------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["batch", "tutorial", "--runs", str(2**70)], "--runs must be at most 1,000,000"),
        (["batch", "tutorial", "--runs", "5", "--jobs", "65"], "--jobs must be at most 64"),
        (["run", "tutorial", "--bots", "all=ismcts:100001"], "positive whole number up to 100,000"),
        (["run", "tutorial", "--bots", "all=greedy:10001"], "positive whole number up to 10,000"),
        (["run", "tutorial", "--allow-includes", "/no/such/folder"], "no such folder"),
    ],
)
def test_caps_are_one_line_and_exit_2(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and message in err, err


def test_the_limits_are_documented():
    import engine.load.limits as limits

    text = (SCENARIOS.parent / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    for name in limits.__all__:
        value = getattr(limits, name)
        if isinstance(value, int):
            assert f"{value:,}" in text, name


def test_the_tests_scenario_is_valid(tmp_path):
    """Control for the cases above: MINI itself loads (only the attack is at fault)."""
    assert examine(write(tmp_path, "s.yaml", scenario())).ok
