"""Generated expression code (engine.load.check.expressions.codegen) against the closures.

Every expression of every shipped scenario and of the tic-tac-toe benchmark is compiled both
ways and judged on positions of seeded games (and on those positions pushed to the number
limits), with binds drawn from the scenario's ids; random arithmetic at the limits is
compared too; seeded games play the same logs either way; and what is compiled is made of the
generator's own tokens only.
"""

from __future__ import annotations

import io
import random
import tokenize
from pathlib import Path
from typing import Any

import pytest

from engine import Game, load_scenario
from engine.analysis.run.playout import make_bots, play_game
from engine.bots import RandomBot
from engine.load.check.expressions import codegen as expression_codegen
from engine.load.check.expressions.compiler import Compiler
from engine.load.check.expressions.kinds import NUMBER_LIMIT, World
from engine.load.read.catalog import shipped
from engine.play import rng
from engine.play.state import GameState

L = NUMBER_LIMIT
TICTACTOE = Path(__file__).resolve().parents[2] / "benchmarks" / "tictactoe.yaml"
PATHS = {**{e.id: e.path for e in shipped()}, "tictactoe": TICTACTOE}


def _recorded(path: Path) -> tuple[Any, list[tuple[World, dict[str, str], str, Any]]]:
    """The scenario at ``path`` and every expression its load compiled (world, bound names,
    text, wanted kind)."""
    seen: dict[tuple, tuple[World, dict[str, str], str, Any]] = {}
    original = Compiler.compile_typed

    def record(self: Compiler, text: str, want: str | None = None) -> Any:
        key = (text, want, tuple(sorted(self.bound.items())))
        seen.setdefault(key, (self.world, dict(self.bound), text, want))
        return original(self, text, want)

    Compiler.compile_typed = record  # type: ignore[method-assign]
    try:
        scenario = load_scenario(path)
    finally:
        Compiler.compile_typed = original  # type: ignore[method-assign]
    return scenario, list(seen.values())


def _both(world: World, bound: dict[str, str], text: str, want: Any) -> tuple[Any, Any]:
    """``text`` compiled as the reference closures and as generated code."""
    reference = Compiler(world, bound)
    reference.generate = False
    return reference.compile(text, want), Compiler(world, bound).compile(text, want)


def _states(scenario: Any, games: int, seed: int) -> list[Any]:
    """The state at every decision of seeded random games."""
    out = []
    for i in range(games):
        game = Game.new(scenario, rng.derive_seed(seed, i), quiet=True)
        bots = {a: RandomBot(a, i) for a in scenario.playable_actors}
        while not game.is_over():
            out.append(game.state.copy())
            actor = game.to_move()
            assert actor is not None
            game.push(bots[actor].choose_among(game.legal_actions()))
        out.append(game.state.copy())
    return out


def _at_limits(state: Any, chooser: random.Random) -> Any:
    """``state`` with its numbers pushed towards the limits (and some pieces piled up)."""
    state = state.copy()
    for key, value in state.values.items():
        if not isinstance(value, bool):
            state.values[key] = chooser.choice((L, -L, L - 1, 1 - L, 0, 1, -1, value))
    for cell in state.board.values():
        for piece in list(cell):
            cell[piece] = chooser.choice((cell[piece], L, L - 1, L // 2 + 1))
    return state


def _binds(world: World, bound: dict[str, str], chooser: random.Random) -> dict[str, Any]:
    """Values for the bound names, drawn from the scenario's ids (a zone may be None)."""
    domains = {
        "zone": [*sorted(world.zones), None],
        "actor": sorted(world.actors),
        "piece": sorted(world.piece_owner),
        "card": sorted(world.cards),
        "number": [0, 3, -4, L, -L],
    }
    return {n: chooser.choice(domains.get(k, [None])) for n, k in bound.items()}


def _outcome(fn: Any, state: Any, binds: dict[str, Any]) -> Any:
    try:
        value = fn(state, binds)
    except Exception as exc:  # the same failure, if any (a bind of the wrong kind)
        return ("raised", type(exc))
    return (type(value), value)


@pytest.mark.parametrize("scenario_id", sorted(PATHS))
def test_generated_code_equals_the_closures_on_every_shipped_expression(scenario_id):
    scenario, expressions = _recorded(PATHS[scenario_id])
    chooser = random.Random(scenario_id)
    states = _states(scenario, 12, seed=5)
    states += [_at_limits(chooser.choice(states), chooser) for _ in range(len(states) // 2)]
    judged = 0
    for world, bound, text, want in expressions:
        reference, generated = _both(world, bound, text, want)
        assert generated.__code__ is expression_codegen._PENDING  # written on its first call
        for state in chooser.sample(states, min(len(states), 300)):
            binds = _binds(world, bound, chooser)
            expected = _outcome(reference, state, binds)
            assert _outcome(generated, state, binds) == expected, (text, binds)
            judged += 1
        assert generated.__code__ not in (expression_codegen._PENDING, expression_codegen._DELEGATE)
    assert len(expressions) > 8 and judged > 1000


#: Tokens the generator writes besides its own names (_c0…, _t0…).
_FIXED_NAMES = frozenset(
    {"def", "return", "None", "_expression", "_lazy", "s", "b", "values", "board", "supply"}
    | {"get"}
    | {"turn", "round", "hand_count", "True", "False", "and", "or", "not", "in", "if", "else"}
)


def _own_tokens_only(source: str) -> None:
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME:
            name = token.string
            assert name in _FIXED_NAMES or (name[:2] in ("_c", "_t") and name[2:].isdigit())
        assert token.type != tokenize.STRING
        assert token.type != tokenize.NUMBER or token.string == "0"


@pytest.mark.parametrize("scenario_id", sorted(PATHS))
def test_generated_source_holds_no_scenario_text(scenario_id):
    _, expressions = _recorded(PATHS[scenario_id])
    for world, bound, text, _ in expressions:
        tree = expression_codegen.parsed_body(text)
        source, _cells = expression_codegen.source_of(Compiler(world, bound), tree)
        _own_tokens_only(source)


def _world() -> World:
    return World(
        values=frozenset({"a", "c", "f"}),
        params={"k": 3, "zero": 0},
        zones=frozenset({"z1", "z2"}),
        adjacency={"z1": frozenset({"z2"}), "z2": frozenset({"z1"})},
        zone_tags={"z1": frozenset({"t"}), "z2": frozenset()},
        piece_owner={"p": "x"},
        piece_total={"p": L},
        bands={"a": (("low", -L, 0), ("high", 1, L))},
        actors=frozenset({"x"}),
        flags=frozenset({"f"}),
    )


def bare_state(
    values: dict[str, Any],
    board: dict[str, dict[str, int]],
    supply: dict[str, int],
    hands: dict[str, list[str]] | None = None,
    **rest: Any,
) -> GameState:
    """A state of values, board, supply (and hands) only: no cards, seed 0 (for tests that
    judge expressions on a small world; ``rest`` as :class:`GameState` takes it)."""
    return GameState(values, board, supply, {}, {}, [], hands or {}, 0, **rest)


def _random_number(chooser: random.Random, depth: int) -> str:
    """A random formula over ``a``, ``c``, params and constants at and near the limits."""
    if depth <= 0 or chooser.random() < 0.2:
        return chooser.choice(("a", "c", "k", "zero", "0", "1", "2", f"{L}", f"{L - 1}", "turn"))
    x, y = _random_number(chooser, depth - 1), _random_number(chooser, depth - 1)
    shape = chooser.choice(("+", "-", "*", "//", "%", "neg", "min", "clamp", "abs", "if", "sum"))
    if shape == "neg":
        return f"-({x})"
    if shape in ("min", "abs"):
        return f"min({x}, {y})" if shape == "min" else f"abs({x})"
    if shape == "clamp":
        return f"clamp({x}, {y}, max({y}, {_random_number(chooser, depth - 1)}))"
    if shape == "if":
        return f"({x} if {x} > {y} or f else {y})"
    if shape == "sum":
        return " + ".join([f"({x})", f"({y})", *(f"({y})" for _ in range(chooser.randint(1, 9)))])
    return f"({x}) {shape} ({y})"


def test_random_formulas_saturate_as_the_closures_do():
    world = _world()
    chooser = random.Random(1)
    tried = 0
    while tried < 1500:
        text = _random_number(chooser, chooser.randint(1, 4))
        if len(text) > 180:  # (the condition below holds it twice; the limit is 400)
            continue
        tried += 1
        reference, generated = _both(world, {}, text, "number")
        condition = f"{text} >= c and not f or a < {text} <= c"
        ref_condition, gen_condition = _both(world, {}, condition, "truth value")
        for _ in range(8):
            state = bare_state(
                values={
                    "a": chooser.choice((L, -L, L - 1, 0, 7, -7)),
                    "c": chooser.choice((L, -L, 1, 0, -1)),
                    "f": chooser.random() < 0.5,
                },
                board={"z1": {"p": L}, "z2": {}},
                supply={"p": 0},
                turn=chooser.choice((1, L)),
            )
            assert _outcome(generated, state, {}) == _outcome(reference, state, {}), text
            assert _outcome(gen_condition, state, {}) == _outcome(ref_condition, state, {})


def _nested(levels: int) -> str:
    text = "a"
    for i in range(levels):
        text = f"({text} {('+', '*', '-', '//', '%')[i % 5]} {('c', '2', 'k')[i % 3]})"
    return text


def test_deep_and_long_expressions_still_compile_and_agree():
    world = _world()
    values = {"a": L, "c": -L, "f": True}
    state = bare_state(values, {"z1": {}, "z2": {}}, {"p": L})
    texts = [
        "-(" * 20 + "a" + ")" * 20,
        " + ".join(["a"] * 40),
        _nested(45),  # past the level where parts are called as closures
        _nested(12),
        "a if f else (c if not f else (a if f else (c if f else (a if f else c))))",
        "1 < 2 < a <= a < c",
        "a // zero + a % zero + a // c + a % c",
    ]
    for text in texts:
        reference, generated = _both(world, {}, text, None)
        assert _outcome(generated, state, {}) == _outcome(reference, state, {}), text


def test_text_in_a_scenario_goes_in_cells_not_source():
    world = _world()
    text = "'x) or __import__(\"os\") or (' == 'y'"
    reference, generated = _both(world, {}, text, "truth value")
    assert generated(None, {}) is reference(None, {}) is False
    source, cells = expression_codegen.source_of(
        Compiler(world, {}), expression_codegen.parsed_body(text)
    )
    _own_tokens_only(source)
    assert 'x) or __import__("os") or (' in cells


# -- whole games ---------------------------------------------------------------------------
def _games(scenario: Any, seeds: range) -> list[Game]:
    out = []
    for seed in seeds:
        game = Game.new(scenario, seed)
        bots = {a: RandomBot(a, seed) for a in scenario.playable_actors}
        while not game.is_over():
            actor = game.to_move()
            assert actor is not None
            game.push(bots[actor].choose_among(game.legal_actions()))
        out.append(game)
        out.append(play_game(scenario, seed, make_bots(scenario, {"all": "random-fast"}, seed)))
    return out


@pytest.mark.parametrize("scenario_id", sorted(PATHS))
def test_generated_code_plays_the_same_logs(scenario_id, monkeypatch):
    """Differential: seeded logged games (``random`` and ``random-fast``) of a scenario loaded
    with generated code and loaded with the reference closures, event by event."""
    seeds = range(60 if scenario_id != "tictactoe" else 200)
    generated = _games(load_scenario(PATHS[scenario_id]), seeds)
    monkeypatch.setattr(Compiler, "generate", False)
    plain = _games(load_scenario(PATHS[scenario_id]), seeds)
    for game, other in zip(generated, plain, strict=True):
        assert game.actions == other.actions
        assert game.state.log == other.state.log
        assert game.outcome == other.outcome


def test_a_call_while_another_thread_writes_the_function_still_agrees():
    """The pending function's defaults are set before its code (expression_codegen._write):
    a call between the two steps runs the pending code, which must still find its list."""
    world = _world()
    text = "a + c > k and not f"
    reference, generated = _both(world, {}, text, "truth value")
    state = bare_state({"a": L, "c": 1, "f": False}, {"z1": {}, "z2": {}}, {"p": 0})
    pending = generated.__defaults__[0]
    _, cells = expression_codegen.source_of(
        Compiler(world, {}), expression_codegen.parsed_body(text)
    )
    generated.__defaults__ = (*cells, pending)  # the first step only
    assert generated.__code__ is expression_codegen._PENDING
    assert generated(state, {}) is reference(state, {}) is True
    assert generated.__code__ is not expression_codegen._PENDING
    assert generated(state, {}) is True
