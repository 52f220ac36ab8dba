"""Expressions are typed end to end: what loads cannot fail at run time; what would is refused.

A seeded generator writes expressions from the grammar of the language, each part of a known
kind. Well-typed ones must compile and, over random game states, give a value of their kind
within the bounds of every number; the same expressions with one part swapped for a part of
another kind must be refused at load, with a message saying what was expected.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from engine import ScenarioError, load_scenario
from engine.load.check.expressions.compiler import (
    ACTOR,
    BOOL,
    NUMBER,
    NUMBER_LIMIT,
    PIECE,
    TEXT,
    ZONE,
    Compiler,
    ExprError,
    World,
)
from tests.engine.test_loader_errors import VALID, problems_for

L = NUMBER_LIMIT
ZONES = ("north", "south", "east")
ACTORS = ("red", "blue")
PIECES = {"unit": "red", "tank": "red", "post": "blue"}
WORLD = World(
    values=frozenset({"tension", "debt", "alarm"}),
    flags=frozenset({"alarm"}),
    params={"grudge": 3, "zero": 0},
    zones=frozenset(ZONES),
    adjacency={
        "north": frozenset({"south"}),
        "south": frozenset({"north", "east"}),
        "east": frozenset({"south"}),
    },
    zone_tags={"north": frozenset({"border"}), "south": frozenset(), "east": frozenset({"coast"})},
    piece_owner=PIECES,
    piece_total=dict.fromkeys(PIECES, L),
    bands={"tension": (("calm", -L, 2), ("hot", 3, L))},
    actors=frozenset(ACTORS),
)
BOUND = {"target": ZONE, "self": ACTOR, "score": NUMBER, "target_piece": PIECE}


@dataclass
class State:
    """The parts of a game state an expression reads."""

    values: dict
    board: dict
    supply: dict
    hands: dict = field(default_factory=dict)
    turn: int = 1
    round: int = 1

    def hand_count(self, actor: str) -> int:
        return len(self.hands.get(actor, ()))


def number(rng: random.Random) -> int:
    """Small numbers mostly, and the extremes."""
    return rng.choice([0, 1, -1, 2, 7, -5, L, -L, L - 1, rng.randint(-L, L)])


def random_state(rng: random.Random) -> tuple[State, dict]:
    board = {z: {p: rng.choice([0, 1, 3, L]) for p in PIECES if rng.random() < 0.6} for z in ZONES}
    state = State(
        values={"tension": number(rng), "debt": abs(number(rng)), "alarm": rng.random() < 0.5},
        board=board,
        supply={p: rng.choice([0, 2, L]) for p in PIECES},
        hands={a: ["c"] * rng.randint(0, 5) for a in ACTORS},
        turn=rng.randint(1, 100),
        round=rng.randint(1, 20),
    )
    binds = {
        "target": rng.choice([*ZONES, None]),
        "self": rng.choice(ACTORS),
        "score": number(rng),
        "target_piece": rng.choice(list(PIECES)),
    }
    return state, binds


class Writer:
    """Writes a random expression of a kind; with ``poison``, one part (somewhere) is of
    another kind, so that the whole is ill-typed."""

    #: For each kind, parts of other kinds that can never stand in for it.
    WRONG = {
        NUMBER: ("true", "alarm", "'north'", "target", "self", "(1 < 2)"),
        BOOL: ("1", "tension", "'red'", "target", "self", "(1 + 2)"),
        ZONE: ("1", "true", "self", "tension"),
        ACTOR: ("1", "false", "target", "debt"),
    }

    def __init__(self, rng: random.Random, poison: bool):
        self.rng = rng
        self.poison = poison
        self.poisoned = False

    def write(self, kind: str, depth: int = 0) -> str:
        rng = self.rng
        if self.poison and not self.poisoned and rng.random() < 0.25 + 0.2 * depth:
            self.poisoned = True
            return rng.choice(self.WRONG[kind])
        leaf = depth >= 3 or (depth > 0 and rng.random() < 0.3)
        return getattr(self, f"_{kind.replace(' ', '_')}")(depth + 1, leaf)

    def _number(self, d: int, leaf: bool) -> str:
        r = self.rng
        if leaf:
            names = ["tension", "debt", "grudge", "zero", "turn", "round", "score"]
            calls = ["supply('unit')", "pieces('tank')", "hand(self)"]
            return r.choice([str(r.choice([0, 1, 2, 9, L])), *names, *calls])
        n = lambda: self.write(NUMBER, d)  # noqa: E731
        z, a = (lambda: self.write(ZONE, d)), (lambda: self.write(ACTOR, d))
        b = lambda: self.write(BOOL, d)  # noqa: E731
        op = r.choice(["+", "-", "*", "//", "%"])
        return r.choice(
            [
                lambda: f"({n()} {op} {n()})",
                lambda: f"(-{n()})",
                lambda: f"min({n()}, {n()}, {n()})",
                lambda: f"max({n()}, {n()})",
                lambda: f"abs({n()})",
                lambda: f"clamp({n()}, {n()}, {n()})",
                lambda: f"pieces('unit', {z()})",
                lambda: f"near('post', {z()})",
                lambda: "tagged('tank', 'border')",
                lambda: f"owned({a()})",
                lambda: f"owned({a()}, {z()})",
                lambda: f"hand({a()})",
                lambda: f"({n()} if {b()} else {n()})",
            ]
        )()

    def _truth_value(self, d: int, leaf: bool) -> str:
        r = self.rng
        if leaf:
            return r.choice(["true", "false", "alarm", "in_band('tension', 'hot')"])
        n, b = (lambda: self.write(NUMBER, d)), (lambda: self.write(BOOL, d))
        z, a = (lambda: self.write(ZONE, d)), (lambda: self.write(ACTOR, d))
        cmp = r.choice(["<", "<=", ">", ">=", "==", "!="])
        eq = r.choice(["==", "!="])
        return r.choice(
            [
                lambda: f"({n()} {cmp} {n()})",
                lambda: f"({n()} <= {n()} < {n()})",
                lambda: f"({b()} {eq} {b()})",
                lambda: f"({z()} {eq} {z()})",
                lambda: f"({a()} {eq} {a()})",
                lambda: f"(not {b()})",
                lambda: f"({b()} and {b()})",
                lambda: f"({b()} or {b()} or {b()})",
                lambda: f"adjacent({z()}, {z()})",
                lambda: f"has_tag({z()}, 'coast')",
                lambda: "in_band('tension', 'calm', 'hot')",
                lambda: f"({b()} if {b()} else {b()})",
                lambda: f"(target_piece {eq} 'tank')",
            ]
        )()

    def _zone(self, d: int, leaf: bool) -> str:
        if leaf or self.rng.random() < 0.7:
            return self.rng.choice([*(f"'{z}'" for z in ZONES), "target"])
        return f"({self.write(ZONE, d)} if {self.write(BOOL, d)} else {self.write(ZONE, d)})"

    def _actor(self, d: int, leaf: bool) -> str:
        if leaf or self.rng.random() < 0.7:
            return self.rng.choice([*(f"'{a}'" for a in ACTORS), "self"])
        return f"({self.write(ACTOR, d)} if {self.write(BOOL, d)} else {self.write(ACTOR, d)})"


def expressions(seed: int, count: int, *, poison: bool) -> list[tuple[str, str]]:
    """``count`` expressions (text, the kind its field wants), of at most 400 characters."""
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        want = rng.choice([NUMBER, BOOL])
        writer = Writer(rng, poison)
        text = writer.write(want)
        if len(text) <= 400 and writer.poisoned == poison:
            out.append((text, want))
    return out


def kind_of(value: object) -> str:
    if type(value) is bool:
        return BOOL
    assert type(value) is int, value
    assert -L <= value <= L, value
    return NUMBER


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_well_typed_expressions_never_fail_at_run_time(seed: int):
    rng = random.Random(seed * 1000)
    cases = expressions(seed, 600, poison=False)
    for text, want in cases:
        fn = Compiler(WORLD, BOUND).compile(text, want)
        for _ in range(4):
            state, binds = random_state(rng)
            assert kind_of(fn(state, binds)) == want, text


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_ill_typed_expressions_are_refused_at_load(seed: int):
    for text, want in expressions(seed, 600, poison=True):
        with pytest.raises(ExprError) as info:
            Compiler(WORLD, BOUND).compile(text, want)
        message = info.value.message
        kinds = ("a number", "a truth value", "text", "a zone", "an actor")
        assert message.startswith("unknown ") or any(k in message for k in kinds), (text, message)


def test_the_generator_writes_varied_expressions():
    cases = expressions(7, 300, poison=False)
    texts = [t for t, _ in cases]
    assert len(set(texts)) > 200
    for needle in ("if", "owned(", "near(", "//", "not ", "adjacent(", "clamp("):
        assert any(needle in t for t in texts), needle
    assert {w for _, w in cases} == {NUMBER, BOOL}


@pytest.mark.parametrize(
    ("text", "want", "message"),
    [
        (
            "owned(1) > 0",
            BOOL,
            "a number cannot be used as argument 1 of owned(): expected an actor",
        ),
        ("has_tag(1, 'border')", BOOL, "argument 1 of has_tag(): expected a zone"),
        ("adjacent(1, 2)", BOOL, "argument 1 of adjacent(): expected a zone"),
        ("hand(1) > 0", BOOL, "a number cannot be used as argument 1 of hand(): expected an actor"),
        ("min('a', 1) > 0", BOOL, "text cannot be used as argument 1 of min(): expected a number"),
        ("abs('x') > 0", BOOL, "text cannot be used as argument 1 of abs()"),
        ("-'x' > 0", BOOL, "text cannot be used in arithmetic: expected a number"),
        ("'a' + 1 > 0", BOOL, "text cannot be used in arithmetic"),
        ("max('ab', 'ab') * 999999999", NUMBER, "text cannot be used as argument 1 of max()"),
        ("tension", BOOL, "'tension' is a number, not a truth value"),
        ("pieces('unit') + 1", BOOL, "expected a truth value, found a number"),
        ("tension > 1", NUMBER, "expected a number, found a truth value"),
        ("alarm + 1", NUMBER, "'alarm' is a truth value, not a number"),
        ("not tension", BOOL, "it cannot be used after 'not'"),
        ("tension == true", BOOL, "cannot compare a number with a truth value"),
        ("target == self", BOOL, "cannot compare a zone with an actor"),
        ("owned(target) > 0", BOOL, "'target' names a zone, not an actor"),
        ("pieces('unit', self) > 0", BOOL, "'self' names an actor, not a zone"),
        ("1 if alarm else true", NUMBER, "'true' is a truth value, not a number"),
        ("1 if alarm else 'x'", NUMBER, "expected a number, found text"),
        ("score == 'high'", BOOL, "text cannot be compared with a number"),
        ("'abc'", BOOL, "expected a truth value, found text"),
        ("(target if alarm else 'nowhere') == 'north'", BOOL, "unknown zone 'nowhere'"),
        ("alarm and 1", BOOL, "'and'"),
        ("10000000000 > 1", BOOL, "too large"),
        ("-" * 100 + "1", NUMBER, "nests more than 64 levels"),
    ],
)
def test_wrong_kinds_say_what_was_expected_and_found(text: str, want: str, message: str):
    with pytest.raises(ExprError) as info:
        Compiler(WORLD, BOUND).compile(text, want)
    assert message in info.value.message


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("1 if discomfort < grudge // 2 else -1", NUMBER),
        ("alarm == true and alarm != false", BOOL),
        ("in_band('tension', 'hot') == alarm", BOOL),
        ("target == 'north' or self != 'red'", BOOL),
        ("(target if alarm else 'east') == 'south'", BOOL),
        ("target_piece == 'tank'", BOOL),
        ("score >= grudge", BOOL),
        ("'north' == 'north'", BOOL),
    ],
)
def test_well_typed_forms_load(text: str, want: str):
    world = World(**{**WORLD.__dict__, "values": WORLD.values | {"discomfort"}})
    Compiler(world, BOUND).compile(text, want)


def test_arithmetic_saturates_at_the_bound():
    state, binds = random_state(random.Random(0))
    state.values["tension"] = L
    big = Compiler(WORLD, BOUND).compile("tension * tension * tension + tension", NUMBER)
    assert big(state, binds) == L
    assert Compiler(WORLD, BOUND).compile("0 - tension * 5", NUMBER)(state, binds) == -L
    assert Compiler(WORLD, BOUND).compile("tension // 0 + 7 % 0", NUMBER)(state, binds) == 0


def _scenario(tmp_path: Path, old: str, new: str) -> list[str]:
    assert old in VALID
    return problems_for(tmp_path, VALID.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("when: tension > 1", "when: tension", "cards[0].when: 'tension' is a number, not a truth"),
        ("by: 1}", 'by: "tension > 1"}', "cards[0].effects[0].adjust.by: expected a number"),
        ("by: 1}", "by: 10000000000}", "is too large"),
        ("score: tension,", 'score: "tension > 1",', "victory.end[0].score: expected a number"),
        ("wins: score > 2", "wins: score", "victory.end[0].wins: 'score' is a number"),
        ("wins: score > 2", "wins: \"score == 'x'\"", "text cannot be compared with a number"),
    ],
)
def test_each_field_wants_its_kind(tmp_path: Path, old: str, new: str, message: str):
    found = _scenario(tmp_path, old, new)
    assert any(message in p for p in found), found


def test_a_count_must_be_a_number(tmp_path: Path):
    text = VALID.replace(
        "      - adjust: {track: tension, by: 1}",
        "      - place: {piece: unit, zone: north, count: \"max('ab', 'ab') * 999999999\"}",
    )
    (tmp_path / "s.yaml").write_text(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "s.yaml")
    assert "text cannot be used as argument 1 of max()" in str(info.value)


def test_text_is_never_a_kind_a_field_takes():
    for want in (NUMBER, BOOL):
        with pytest.raises(ExprError, match=f"expected a {want}, found {TEXT}"):
            Compiler(WORLD, BOUND).compile("'red'", want)
