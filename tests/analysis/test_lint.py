"""wargame lint: the silent no-op operation and the burnt reaction card are flagged at their
lines, each finding can be silenced for its item, and clean files pass."""

from __future__ import annotations

import re
from pathlib import Path

from engine import load_scenario
from engine.analysis.check.lint import lint
from wargame.cli import main

SCENARIO = """\
id: linted
title: Linted
actors:
  - {id: red, name: Red}
  - {id: blue, name: Blue}
tracks:
  - id: tension
    name: Tension
    max: 5
    start: 2
    bands:
      - {id: calm, min: 0, max: 2}
      - {id: hot, min: 3, max: 5}
  - id: frozen
    name: Frozen
    max: 4
    start: 1
    bands:
      - {id: low, min: 0, max: 1}
      - {id: high, min: 2, max: 4}
zones:
  - {id: north, name: North, pos: [1, 1], adjacent: [south]}
  - {id: south, name: South, pos: [1, 9]}
piece_types:
  - {id: unit, name: Unit, owner: red, symbol: u, total: 2}
triggers:
  - {id: bang, name: Bang}
  - {id: unheard, name: Never fired}
turns:
  count: 3
  order: [red, blue]
  phases:
    - {id: draw, kind: draw}
    - {id: act, kind: actions}
decks:
  - {id: d, name: Deck, owners: [red, blue], hand_size: 2}
cards:
  - id: push
    name: Push
    deck: d
    copies: 6
    ops: 1
    effects:
      - adjust: {track: tension, by: 1}
      - trigger: bang
  - id: answer
    name: Answer
    deck: d
    copies: 2
    ops: 1
    reaction: {on: bang}
    effects:
      - adjust: {track: tension, by: -1}
operations:
  - id: march
    name: March
    actor: red
    ops: 1
    target: {kind: zone}
    effects:
      - move: {piece: unit, from: north, to: target}
victory:
  end:
    - {actor: red, score: tension, wins: score > 3}
    - {actor: blue, score: 5 - tension, wins: score > 3}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "linted.yaml"
    path.write_text(text)
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_noop_operation_and_the_burnt_reaction_card_are_flagged(tmp_path: Path):
    path = write(tmp_path, SCENARIO)
    found = [str(f) for f in lint(load_scenario(path), games=6)]
    march = line_of(SCENARIO, "- id: march")
    ops = line_of(SCENARIO, "    reaction: {on: bang}") - 1
    assert any(
        f":{march}:5: operations[0]: W101 noop-operation: 'march' changed nothing" in f
        for f in found
    ), found
    assert any(f":{ops}:10: cards[1].ops: W102 reaction-for-ops" in f for f in found), found
    assert any("W104" in f and "'frozen'" in f for f in found), found
    assert any("W105" in f and "band 'high' is unreachable" in f for f in found), found
    assert any("W108" in f and "trigger 'unheard'" in f for f in found), found
    assert not any("'tension'" in f and "W104" in f for f in found)


def test_a_comment_silences_one_item(tmp_path: Path):
    text = SCENARIO.replace("  - id: march\n", "  # lint: ignore W101\n  - id: march\n").replace(
        "    ops: 1\n    reaction:", "    ops: 1  # lint: ignore W102\n    reaction:"
    )
    found = [str(f) for f in lint(load_scenario(write(tmp_path, text)), games=6)]
    assert not any("W101" in f and "'march'" in f for f in found), found
    assert not any("W102" in f for f in found), found
    assert any("W104" in f for f in found)  # other findings stay


def test_cli_exit_codes(tmp_path: Path, capsys):
    assert main(["lint", str(write(tmp_path, SCENARIO)), "--games", "4"]) == 1
    out = capsys.readouterr().out
    assert "W102 reaction-for-ops" in out and "findings" in out
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ntitle: X\nactors: 3\n")
    assert main(["lint", str(broken)]) == 3
    assert "actors" in capsys.readouterr().err
    assert main(["lint", str(tmp_path / "missing.yaml")]) == 2


def test_the_blockade_example_lints_clean():
    """The example scenario shows the constructs without the mistakes lint looks for (its two
    deliberate exceptions are silenced in the file, with the reason)."""
    from tests.helpers import SCENARIOS

    assert [str(f) for f in lint(load_scenario(SCENARIOS / "examples" / "blockade.yaml"))] == []


#: Effects that can never act, decided from the scenario alone (static W101).
NOOPS = """\
  - id: launch
    name: Launch
    deck: d
    effects:
      - place: {piece: ship, zone: south}
  - id: sweep
    name: Sweep
    deck: d
    effects:
      - adjust: {track: tension, by: 0}
      - remove: {piece: mine, zone: south}
      - move: {piece: unit, from: south, to: south}
      - place: {piece: unit, zone: south, count: 0}
"""


def static_scenario() -> str:
    return SCENARIO.replace(
        "  - {id: unit, name: Unit, owner: red, symbol: u, total: 2}\n",
        "  - {id: unit, name: Unit, owner: red, symbol: u, total: 2}\n"
        "  - {id: ship, name: Ship, owner: red, symbol: s, total: 1}\n"
        "  - {id: mine, name: Mine, owner: blue, symbol: m, total: 3}\n"
        "pieces:\n  - {piece: ship, zone: north}\n",
    ).replace("operations:\n", NOOPS + "operations:\n")


def test_noops_the_scenario_alone_decides_are_flagged_where_written(tmp_path: Path):
    text = static_scenario()
    found = [str(f) for f in lint(load_scenario(write(tmp_path, text)), games=4)]
    expected = [
        ("place: {piece: ship", "cards[2].effects[0].place.piece", "supply that starts empty"),
        ("adjust: {track: tension, by: 0}", "cards[3].effects[0].adjust.by", "by 0"),
        ("remove: {piece: mine", "cards[3].effects[1].remove.zone", "which never holds one"),
        ("move: {piece: unit, from: south", "cards[3].effects[2].move.to", "to itself"),
        ("count: 0}", "cards[3].effects[3].place.count", "places 0 'unit'"),
    ]
    for needle, key, words in expected:
        line = line_of(text, needle)
        assert any(
            f":{line}:" in f and f"{key}: W101 noop-operation" in f and words in f for f in found
        ), (needle, found)
    # the dynamic check does not say it again for the same cards
    assert not any("changed nothing in" in f and ("'sweep'" in f or "'launch'" in f) for f in found)


def test_a_comment_on_the_item_silences_its_static_noops(tmp_path: Path):
    text = static_scenario().replace("  - id: sweep\n", "  - id: sweep  # lint: ignore W101\n")
    found = [str(f) for f in lint(load_scenario(write(tmp_path, text)), games=4)]
    assert not any("cards[3]" in f for f in found), found
    assert any("cards[2].effects[0].place.piece: W101" in f for f in found), found


def test_every_shipped_scenario_lints_clean_or_says_why():
    """Every shipped scenario and variant lints clean: what lint would still say is silenced in
    the files, item by item, and every silence gives its reason after the codes."""
    from engine.load.read.catalog import scenarios_dir, shipped

    entries = shipped()
    assert {"tutorial", "blockade", "israeli-strike", "reckoning-symbolic-only"} <= {
        e.id for e in entries
    }
    for entry in entries:
        found = [str(f) for f in lint(load_scenario(entry.path))]
        assert found == [], (entry.id, found)
    silence = re.compile(r"#\s*lint:\s*ignore\b(.*)")
    for path in sorted(scenarios_dir().rglob("*.yaml")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = silence.search(line)
            if match:
                assert re.fullmatch(r"( W1\d\d)+ \(.+\)", match.group(1)), f"{path}:{n}: {line}"
