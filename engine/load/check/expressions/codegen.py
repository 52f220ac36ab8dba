"""Checked expressions written out as one Python function each, instead of closures calling
closures.

:class:`~engine.load.check.expressions.compiler.Compiler` checks an expression and builds
its closures first (the reference, and the only place an expression can fail to load);
:func:`generate` then walks the same, already checked tree and writes the function ``_expression(s,
b)`` that
computes the same value in one call. What it writes is made of **its own fixed tokens only**
(operators, ``s.values[…]``, ``b.get(…)``, ``if … else``, ``:=``, the digit ``0``) and of
names it makes up (``_c0``, ``_c1``… for values, ``_t0``… for temporaries). Every value the
scenario gives — ids, quoted text, numbers, params, a tag's zones — reaches the function as
one of its own default arguments (``_c3=None`` in the source; the values are the function's
``__defaults__`` tuple), never written into the source, so no text of a scenario is ever
compiled. The source is only compiled, never run as a module: the function's code is taken
from it, and it runs with empty builtins (``min``, ``max`` and the helpers are defaults too).
Arithmetic saturates at ``NUMBER_LIMIT`` after every operation exactly as the closures do,
and ``//`` and ``%`` by zero give 0.

A part it has no writer for (``in_state``, ``ordered``), or one nested too deeply for the
parser, is called as the reference closure (a default) from the generated code. The source
depends on the expression's shape alone (which values sit where is in the defaults), so the
compiled code is kept per source (:data:`_MADE`, bounded) and shared by every expression of
that shape: ``stability >= 6`` and ``incident < 7`` run one code object. A function is
written out on its first call (:func:`generate`), so loading or validating costs nothing more.

``tests/engine/test_codegen.py`` proves the functions equal to the closures on every
expression of every shipped scenario over positions of seeded games, and at the limits.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from types import CodeType, FunctionType
from typing import Any, Protocol

from engine.load.check.expressions.calls import CALLS
from engine.load.check.expressions.kinds import NUMBER_LIMIT, Compiled, World, bounded
from engine.load.check.expressions.trees import add_chain, parsed

#: Generated code kept per source text (each function takes its cells as its defaults).
_MADE: dict[str, CodeType] = {}
#: Bound on :data:`_MADE` (a scenario has a few dozen shapes; a fuzzer must not grow it).
_MADE_KEPT = 2048
#: Below this many levels of the tree a part is called as its closure: the generated text
#: stays far inside the parser's nesting limit (each level adds at most three brackets).
_MAX_LEVEL = 40
#: A sum of more terms than this saturates in one helper call instead of nested tests.
_INLINE_TERMS = 8

_ARITHMETIC = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}
_DIVISION = {ast.FloorDiv: "//", ast.Mod: "%"}
_COMPARE = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}


class Reference(Protocol):
    """What the generator asks of the closure compiler."""

    @property
    def world(self) -> World: ...

    @property
    def bound(self) -> Mapping[str, str]: ...

    def _infer(self, node: ast.AST) -> Any: ...


def _bounded_sum(*parts: int) -> int:
    """``a + b + c …`` saturating after each addition (the closures' ``_sum``)."""
    limit = NUMBER_LIMIT
    first, *rest = parts
    value = first
    for part in rest:
        value += part
        if value > limit:
            value = limit
        elif value < -limit:
            value = -limit
    return value


def _floordiv(a: int, b: int) -> int:
    return bounded(a // b if b else 0)


def _mod(a: int, b: int) -> int:
    return bounded(a % b if b else 0)


class _Writer:
    """Writes one expression; :meth:`cell` hands out the names of its values."""

    def __init__(self, reference: Reference):
        self.reference = reference
        self.world = reference.world
        self.cells: list[Any] = []
        self.named: dict[tuple[type, Any], str] = {}
        self.temps = 0

    def cell(self, value: Any) -> str:
        """The generated name holding ``value`` (one per distinct value)."""
        key = (type(value), value if isinstance(value, int | str) else id(value))
        name = self.named.get(key)
        if name is None:
            name = self.named[key] = f"_c{len(self.cells)}"
            self.cells.append(value)
        return name

    def temp(self) -> str:
        self.temps += 1
        return f"_t{self.temps}"

    def saturated(self, code: str) -> str:
        t, high, low = self.temp(), self.cell(NUMBER_LIMIT), self.cell(-NUMBER_LIMIT)
        return f"({high} if ({t} := {code}) > {high} else ({low} if {t} < {low} else {t}))"

    def closure(self, node: ast.AST) -> tuple[str, bool]:
        """``node`` called as its reference closure."""
        return f"{self.cell(self.reference._infer(node).fn)}(s, b)", False

    # Each writer gives (code, whether the value is surely a bool); the code is an atom
    # (a name, call, subscript or parenthesized), so it can stand anywhere.
    def write(self, node: ast.AST, level: int = 0) -> tuple[str, bool]:
        if level > _MAX_LEVEL:
            return self.closure(node)
        method = getattr(self, f"_w_{type(node).__name__}", None)
        if method is None:
            return self.closure(node)
        code: tuple[str, bool] = method(node, level + 1)
        return code

    def _w_Constant(self, node: ast.Constant, level: int) -> tuple[str, bool]:
        if isinstance(node.value, bool):
            return ("True" if node.value else "False"), True
        return self.cell(node.value), False

    def _w_Name(self, node: ast.Name, level: int) -> tuple[str, bool]:
        # In the order the closure compiler resolves a name (Compiler._n_Name).
        name, world = node.id, self.world
        if name in ("True", "False", "true", "false"):
            return ("True" if name.lower() == "true" else "False"), True
        if name in self.reference.bound:
            return f"b.get({self.cell(name)})", False
        if name in world.params:
            return self.cell(world.params[name]), False
        if name in world.values:
            return f"s.values[{self.cell(name)}]", False
        if name == "turn":
            return "s.turn", False
        if name == "round":
            return "s.round", False
        return self.closure(node)

    def _w_UnaryOp(self, node: ast.UnaryOp, level: int) -> tuple[str, bool]:
        operand, _ = self.write(node.operand, level)
        if isinstance(node.op, ast.Not):
            return f"(not {operand})", True
        if isinstance(node.op, ast.USub):
            return f"(-{operand})", False  # within the limits already, as in the closures
        return operand, False

    def _w_BinOp(self, node: ast.BinOp, level: int) -> tuple[str, bool]:
        if isinstance(node.op, ast.Add):
            terms = add_chain(node)
            codes = [self.write(t, level)[0] for t in terms]
            if len(codes) > _INLINE_TERMS:
                return f"{self.cell(_bounded_sum)}({', '.join(codes)})", False
            code = codes[0]
            for term in codes[1:]:
                code = self.saturated(f"{code} + {term}")
            return code, False
        left, _ = self.write(node.left, level)
        right, _ = self.write(node.right, level)
        symbol = _ARITHMETIC.get(type(node.op))
        if symbol is not None:
            return self.saturated(f"{left} {symbol} {right}"), False
        divisor = self._fixed_number(node.right)
        if divisor:  # a nonzero constant: no test for zero needed
            return self.saturated(f"{left} {_DIVISION[type(node.op)]} {right}"), False
        helper = _floordiv if isinstance(node.op, ast.FloorDiv) else _mod
        return f"{self.cell(helper)}({left}, {right})", False

    def _fixed_number(self, node: ast.expr) -> int | None:
        """The value of a number written as a constant or a param, else None."""
        if isinstance(node, ast.Constant) and type(node.value) is int:
            return node.value
        if isinstance(node, ast.Name) and node.id not in self.reference.bound:
            value = self.world.params.get(node.id)
            if node.id not in ("True", "False", "true", "false") and type(value) is int:
                return value
        return None

    def _w_BoolOp(self, node: ast.BoolOp, level: int) -> tuple[str, bool]:
        word = " and " if isinstance(node.op, ast.And) else " or "
        parts = [self.write(v, level) for v in node.values]
        code = f"({word.join(c for c, _ in parts)})"
        if len(parts) == 2 or all(sure for _, sure in parts):
            return code, all(sure for _, sure in parts)
        return f"(True if {code} else False)", True  # all() / any() give a bool

    def _w_Compare(self, node: ast.Compare, level: int) -> tuple[str, bool]:
        operands = [self.write(o, level)[0] for o in (node.left, *node.comparators)]
        symbols = [_COMPARE[type(op)] for op in node.ops]
        if len(symbols) == 1:
            return f"({operands[0]} {symbols[0]} {operands[1]})", True
        # A chain: every part first, then the comparisons, as the closure does.
        temps = [self.temp() for _ in operands]
        first = ", ".join(f"({t} := {c})" for t, c in zip(temps, operands, strict=True))
        tests = " and ".join(
            f"({temps[i]} {symbol} {temps[i + 1]})" for i, symbol in enumerate(symbols)
        )
        return f"(({first}) and {tests})", True

    def _w_IfExp(self, node: ast.IfExp, level: int) -> tuple[str, bool]:
        test, _ = self.write(node.test, level)
        body, yes = self.write(node.body, level)
        orelse, no = self.write(node.orelse, level)
        return f"({body} if {test} else {orelse})", yes and no

    def _w_Call(self, node: ast.Call, level: int) -> tuple[str, bool]:
        assert isinstance(node.func, ast.Name)  # checked by the closure compiler
        writer = CALLS.get(node.func.id)
        if writer is None:
            return self.closure(node)
        return writer(self, node.args, level)

    def args(self, nodes: list[ast.expr], level: int) -> list[str]:
        return [self.write(n, level)[0] for n in nodes]


def source_of(reference: Reference, node: ast.expr) -> tuple[str, list[Any]]:
    """The source of ``node``'s function, and the values of its cells (its defaults)."""
    writer = _Writer(reference)
    code, _ = writer.write(node)
    cells = "".join(f"_c{i}=None, " for i in range(len(writer.cells)))
    return f"def _expression(s, b, {cells}_lazy=None):\n    return {code}\n", writer.cells


#: Where generated code runs: no builtins (its helpers and values are its defaults).
_GLOBALS: dict[str, Any] = {"__builtins__": {}}


def _function_code(source: str) -> CodeType:
    """The code of the one function ``source`` (our own text) defines."""
    module = compile(source, "<expression>", "exec", dont_inherit=True)
    return next(c for c in module.co_consts if isinstance(c, CodeType))


#: A function not yet written out: its first call writes it (``_lazy[0]`` is :func:`_write`)
#: and calls what it became.
_PENDING = _function_code("def _expression(s, b, _lazy=None):\n    return _lazy[0](_lazy)(s, b)\n")
#: What a function becomes when its code cannot be compiled: a call of the closures.
_DELEGATE = _function_code("def _expression(s, b, _c0=None, _lazy=None):\n    return _c0(s, b)\n")


def generate(reference: Reference, node: ast.expr, fallback: Compiled) -> Compiled:
    """One function computing what ``node``'s closures (``fallback``) compute.

    It is written out on its first call, not at load (validating a scenario writes none):
    until then it holds the compiler and the tree; then its code becomes the generated code
    and its defaults the cells, so callers keep the same function object and later calls
    run the generated code directly. If the code cannot be compiled (nested past the
    parser's limits), the function calls ``fallback``."""
    pending: list[Any] = [_write, reference, node, fallback]
    made = FunctionType(_PENDING, _GLOBALS, "_expression", (pending,))
    pending.append(made)
    return made


def _write(pending: list[Any]) -> Compiled:
    """Turn a pending function into its generated code (see :func:`generate`)."""
    _, reference, node, fallback, made = pending
    if made.__code__ is not _PENDING:  # written meanwhile (by another thread)
        written: Compiled = made
        return written
    source, cells = source_of(reference, node)
    code = _MADE.get(source)
    if code is None:
        try:
            code = _function_code(source)  # our own tokens only (see the module)
        except (SyntaxError, RecursionError, MemoryError, ValueError):
            code, cells = _DELEGATE, [fallback]
        else:
            if len(_MADE) >= _MADE_KEPT:
                _MADE.clear()
            _MADE[source] = code
    # Another thread may call ``made`` between these two steps: the defaults first, with
    # ``_lazy`` last, so that the pending code (whose one default is the last) still finds
    # ``pending``, and the written code finds its cells. Writing twice is harmless.
    made.__defaults__ = (*cells, pending)
    made.__code__ = code
    function: Compiled = made
    return function


def parsed_body(text: str) -> ast.expr:
    """The checked tree's body for ``text`` as the compiler parsed it (for tests and tools)."""
    return parsed(text)[0].body


__all__ = ["generate", "parsed_body", "source_of"]
