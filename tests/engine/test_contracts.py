"""The engine's promises: purity, determinism across processes, hidden information."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from engine import Game, load_scenario, observe
from engine.analysis.run.playout import make_bots, play_game
from tests.helpers import ROOT, SCENARIOS

PLAY_SCRIPT = """
import sys
from engine import load_scenario, log_to_jsonl
from engine.analysis.run.playout import make_bots, play_game
s = load_scenario(sys.argv[1])
game = play_game(s, int(sys.argv[2]), make_bots(s, {"all": "random"}, int(sys.argv[2])))
sys.stdout.write(log_to_jsonl(game.state.log))
"""


def run_python(code: str, *args: str, hashseed: str = "0") -> str:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return result.stdout


def test_engine_imports_no_ui():
    code = (
        "import sys, engine, engine.bots, engine.analysis.run.playout, engine.analysis.run.batch\n"
        "import engine.load.read.catalog, engine.load.schema\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui'))\n"
        "print(','.join(bad))"
    )
    assert run_python(code).strip() == ""


def test_same_seed_same_log_across_processes_and_hash_seeds():
    path = str(SCENARIOS / "tutorial.yaml")
    logs = {run_python(PLAY_SCRIPT, path, "11", hashseed=h) for h in ("0", "1", "random", "12345")}
    assert len(logs) == 1
    log = logs.pop()
    assert len(log.splitlines()) > 20
    assert json.loads(log.splitlines()[-1])["kind"] == "end"


def test_different_seeds_differ():
    s = load_scenario(SCENARIOS / "tutorial.yaml")
    logs = {
        tuple(e.text for e in play_game(s, seed, make_bots(s, {}, seed)).state.log)
        for seed in range(5)
    }
    assert len(logs) == 5


def test_views_hide_other_hands_deck_order_and_rng():
    s = load_scenario(SCENARIOS / "tutorial.yaml")
    game = Game.new(s, seed=5)
    view = observe(game, "israel")
    assert view.hand == tuple(game.state.hands["israel"])
    fields = (
        vars(view)
        if hasattr(view, "__dict__")
        else {f: getattr(view, f) for f in view.__dataclass_fields__}
    )
    text = repr({k: v for k, v in fields.items() if k != "scenario"})
    assert "rng" not in fields and str(game.state.rng) not in text
    assert view.hand_sizes["iran"] == len(game.state.hands["iran"])
    # Nothing in the view names Iran's cards, unless Israel holds the same card id.
    for card in set(game.state.hands["iran"]) - set(game.state.hands["israel"]):
        assert card not in text
    # Draw piles appear only as sizes.
    assert view.draw_sizes == {d: len(p) for d, p in game.state.draw.items()}
    assert all(e.visible_to in (None, "israel") for e in view.log)
    assert any(e.visible_to is None and e.kind == "draw" and e.actor == "iran" for e in view.log)


def test_view_is_unchanged_by_hidden_information():
    s = load_scenario(SCENARIOS / "tutorial.yaml")
    game = Game.new(s, seed=5)
    other = game.copy()
    other.state.hands["iran"].reverse()
    other.state.rng ^= 0xDEADBEEF
    for pile in other.state.draw.values():
        pile.reverse()
    a, b = observe(game, "israel"), observe(other, "israel")
    assert (a.hand, a.values, a.board, a.legal, a.hand_sizes, a.draw_sizes) == (
        b.hand,
        b.values,
        b.board,
        b.legal,
        b.hand_sizes,
        b.draw_sizes,
    )


def test_copy_is_independent():
    s = load_scenario(SCENARIOS / "tutorial.yaml")
    game = Game.new(s, seed=2)
    twin = game.copy()
    twin.apply(twin.legal_actions()[0])
    assert len(game.state.log) < len(twin.state.log)
    assert game.actions == [] and len(twin.actions) == 1


def test_every_shipped_yaml_has_a_schema_modeline():
    for path in Path(SCENARIOS).rglob("*.yaml"):
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=")[1]).resolve()
        assert target.is_file(), f"{path}: schema {target} missing"


def test_committed_schemas_are_current():
    from engine.load.schema import SCHEMAS, schema_text

    for name in SCHEMAS:
        assert (SCENARIOS / "schema" / name).read_text() == schema_text(name), (
            f"scenarios/schema/{name} is stale: run `wargame schema scenarios/schema`"
        )


def test_a_quiet_game_differs_only_by_its_log():
    s = load_scenario(SCENARIOS / "tutorial.yaml")
    for seed in range(20):
        loud = play_game(s, seed, make_bots(s, {}, seed))
        quiet = play_game(s, seed, make_bots(s, {}, seed), quiet=True)
        assert quiet.actions == loud.actions and quiet.outcome == loud.outcome
        assert quiet.state.values == loud.state.values and quiet.state.board == loud.state.board
        assert quiet.state.log == [] and loud.state.log
