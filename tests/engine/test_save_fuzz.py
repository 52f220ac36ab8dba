"""Save fuzzing: no save text or file, however damaged or hostile, gets past a SaveError.

Seeded mutations of a real save — truncations, byte flips, every value swapped for values of
other types, huge numbers, long text, deep nesting — are read from text and from files and
replayed; each must give a game or a :class:`SaveError` naming the file, and a file read is
left exactly as it was.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine import Game, SaveError, load_scenario
from engine.play.record.save_format import MAX_SAVE_BYTES
from engine.play.record.saves import default_loader, dumps, loads, read_save, restore
from tests.helpers import SCENARIOS


@pytest.fixture(scope="module")
def tutorial():
    return load_scenario(SCENARIOS / "tutorial.yaml")


@pytest.fixture(scope="module")
def good(tutorial) -> str:
    game = Game.new(tutorial, 5)
    while len(game.actions) < 12 and not game.is_over():
        legal = game.legal_actions()
        game.apply(legal[len(game.actions) % len(legal)])
    meta = {"players": {"israel": "human", "iran": "random"}, "turn": "2 (Spring)", "over": False}
    return dumps(game, name="fuzz me", saved_at="2026-11-28T10:00:00", meta=meta)


STRANGE: list[Any] = [
    None,
    True,
    0,
    -1,
    1.5,
    "",
    "x" * 5000,
    [],
    {},
    [[[[["deep"]]]]],
    {"a": {"b": {"c": {"d": {}}}}},
    10**30,
    -(10**19),
    "\u202e\x00\x1b[2J",
    "../../../etc/passwd",
]


def paths(node: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every place in a JSON document (keys of objects, indexes of lists)."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node[:3]):
            yield from paths(value, (*prefix, i))


def replaced(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    copy = dict(doc) if isinstance(doc, dict) else list(doc)
    copy[head] = replaced(doc[head], tuple(rest), value)
    return copy


def mutations(text: str, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    doc = json.loads(text)
    places = list(paths(doc))
    # truncations, everywhere from nothing to all but the last byte
    for _ in range(300):
        yield text[: rng.randrange(len(text))]
    # character flips, insertions and deletions
    for _ in range(600):
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(chars))
            op = rng.random()
            if op < 0.5:
                chars[i] = chr(rng.choice([0, 9, 34, 44, 48, 58, 91, 93, 123, 125, 0xD800, 0x263A]))
            elif op < 0.75:
                del chars[i]
            else:
                chars.insert(i, rng.choice('{}[]",:0e-\\'))
        yield "".join(chars)
    # every place given a value of another type
    for place in places:
        for value in STRANGE:
            yield json.dumps(replaced(doc, place, value))
    # huge numbers, long text and deep nesting, in random places
    for _ in range(150):
        place = rng.choice(places)
        kind = rng.randrange(4)
        if kind == 0:
            number = "9" * rng.choice([25, 400, 5000])
            yield json.dumps(replaced(doc, place, "@N@")).replace('"@N@"', number)
        elif kind == 1:
            depth = rng.choice([17, 200, 5000, 100_000])
            nest = "[" * depth + "]" * depth
            yield json.dumps(replaced(doc, place, "@N@")).replace('"@N@"', nest)
        elif kind == 2:
            yield json.dumps(replaced(doc, place, "y" * rng.choice([5000, 100_000])))
        else:
            yield json.dumps(replaced(doc, place, {"k": list(range(rng.choice([10, 5000])))}))


def read_or_refuse(text: str, tutorial) -> str:
    """'ok' or 'refused'; anything else raises (and fails the test)."""
    try:
        data = loads(text, origin="fuzz.json")
    except SaveError as exc:
        assert str(exc).startswith("fuzz.json: "), exc
        return "refused"
    try:
        restore(data, lambda d: tutorial, origin="fuzz.json")
    except SaveError as exc:
        assert str(exc).startswith("fuzz.json: "), exc
        return "refused"
    return "ok"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mutated_save_text_loads_or_is_refused(tutorial, good, seed):
    outcomes = {"ok": 0, "refused": 0}
    for text in mutations(good, seed):
        outcomes[read_or_refuse(text, tutorial)] += 1
    assert sum(outcomes.values()) >= 1300, outcomes
    assert outcomes["refused"] > 1000 and outcomes["ok"] > 10, outcomes


def test_mutated_save_files_are_refused_and_left_as_they_were(tutorial, good, tmp_path):
    rng = random.Random(3)
    raw = good.encode()
    path = tmp_path / "fuzz.json"
    for _ in range(150):
        data = bytearray(raw[: rng.randrange(len(raw) + 1)])
        for _ in range(rng.randint(0, 3)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))
        try:
            restore(read_save(path), lambda d: tutorial, origin="fuzz.json")
        except SaveError as exc:
            assert str(exc).startswith("fuzz.json: "), exc
        assert path.read_bytes() == bytes(data)


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda d: d | {"seed": int("9" * 4000)}, "digits"),
        (lambda d: d | {"meta": {"x": [[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]}}, "nest more than"),
        (lambda d: d | {"scenario": d["scenario"] | {"path": "p" * 100_000}}, "too long"),
        (lambda d: d | {"meta": {"players": {"israel": ["human"]}}}, '"meta.players.israel"'),
        (lambda d: d | {"meta": {"turn": {"n": 1}}}, '"meta.turn" should be text or a whole'),
        (lambda d: d | {"meta": {"over": "yes"}}, '"meta.over" should be true or false'),
        (lambda d: d | {"meta": {"bots": {"iran": {"rng": -1}}}}, '"meta.bots.iran.rng" is out'),
        (lambda d: d | {"meta": {"bots": {"iran": ["rng"]}}}, '"meta.bots.iran" should be an'),
        (lambda d: d | {"name": ["x"]}, '"name" should be text'),
        (lambda d: d | {"saved_at": 12}, '"saved_at" should be text'),
        (lambda d: d | {"scenario": d["scenario"] | {"id": "/etc/passwd"}}, "not a scenario id"),
        (lambda d: d | {"actions": ["a pass"] * 210_000}, '"actions" has too many items'),
        (lambda d: d | {"seed": 2**70}, '"seed" is out of range'),
        (lambda d: d | {"version": "1"}, "version '1' is not supported"),
    ],
)
def test_hostile_values_are_named(good, mangle, message):
    text = json.dumps(mangle(json.loads(good)))
    with pytest.raises(SaveError, match=r"^fuzz\.json: ") as info:
        loads(text, origin="fuzz.json")
    assert message in str(info.value)


def test_a_deep_document_is_refused_without_recursion(good):
    text = good.replace('"meta": {', '"meta": {"x": ' + "[" * 200_000 + "]" * 200_000 + ",", 1)
    with pytest.raises(SaveError, match="nest more than"):
        loads(text, origin="fuzz.json")


def test_an_oversized_save_is_refused(good, tmp_path):
    path = tmp_path / "big.json"
    path.write_text(good[:-2] + " " * MAX_SAVE_BYTES + "}\n")
    with pytest.raises(SaveError, match=r"big\.json: the file is .* bytes; a save is at most"):
        read_save(path)


def test_an_overlong_or_strange_scenario_path_is_a_save_error(good):
    for path in ("/a" * 3000, "a\x00b", "\udcff"):
        raw = json.loads(good)
        raw["scenario"] |= {"id": "not-installed", "path": path}
        try:
            data = loads(json.dumps(raw), origin="fuzz.json")
        except SaveError:
            continue
        with pytest.raises(SaveError, match=r"^fuzz\.json: the save's scenario 'not-installed'"):
            restore(data, default_loader, origin="fuzz.json")


def test_special_files_are_refused_without_blocking(tmp_path: Path):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(SaveError, match=r"pipe\.json: not a regular file"):
        read_save(fifo)
    with pytest.raises(SaveError, match="not a regular file"):
        read_save(tmp_path)
    if Path("/dev/zero").exists():
        with pytest.raises(SaveError, match="not a regular file"):
            read_save(Path("/dev/zero"))
