"""Conditions and formulas: a whitelisted, typed subset of Python expressions, compiled to code.

Text is parsed once, at load, with :mod:`ast`. Only arithmetic, comparisons, boolean logic,
``a if c else b``, names the scenario declares, and a small set of registered functions are
accepted; everything else (attributes, subscripts, lambdas, comprehensions, walrus, dunder
names, unknown calls) is a load error with its column. A checked expression is built as
closures (the reference: ``Compiler.generate = False`` keeps them) and then written out as one
Python function ``f(state, binds)`` by :mod:`engine.load.check.expressions.codegen`.

What is compiled is never the scenario's text: the generator writes only its own fixed tokens
(operators, ``s.values[…]``, ``b.get(…)``, ``if … else``…) and names it makes up, from the
checked tree; every id, quoted text and number of the scenario reaches the function as one
of its default arguments (a tuple of values), never as source. The function runs with empty
builtins and reads only the state and binds it is given, so no ``eval`` of user text happens
and no Python object is reachable from an expression. Generated and reference code are
proved equal by ``tests/engine/test_codegen.py``.

Every expression is typed at load (:mod:`engine.load.check.expressions.kinds`): each name,
literal and function has a kind, each operator and function says what it takes, and the field
says what it needs (a condition a truth value, an amount a number). So an expression that loads
cannot fail while playing, and text never reaches arithmetic. Numbers saturate at
``NUMBER_LIMIT``: no expression can build a value that grows without bound.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

from engine.errors import did_you_mean
from engine.load.check.expressions.codegen import generate
from engine.load.check.expressions.functions import FUNCTIONS, LITERAL_ONLY, FunctionSpec
from engine.load.check.expressions.kinds import (
    ACTOR,
    BAND,
    BOOL,
    CARD,
    ID_KINDS,
    KINDS,
    MAX_EXPRESSION_DEPTH,
    MAX_LENGTH,
    NUM,
    NUMBER,
    NUMBER_LIMIT,
    PIECE,
    TAG,
    TEXT,
    TRACK,
    ZONE,
    Compiled,
    ExprError,
    Typed,
    World,
    band_name_hint,
    bounded,
    describe,
)
from engine.load.check.expressions.trees import add_chain, parsed


def _arithmetic(op: Callable[[int, int], int], left: Compiled, right: Compiled) -> Compiled:
    limit = NUMBER_LIMIT

    def apply(s: Any, b: Mapping[str, Any]) -> int:
        value = op(left(s, b), right(s, b))
        if -limit <= value <= limit:
            return value
        return limit if value > 0 else -limit

    return apply


def _sum(parts: list[Compiled]) -> Compiled:
    """``a + b + c ...`` in one closure, saturating after each addition exactly as the nested
    ``(a + b) + c`` does (a long sum of counts is a common condition: one call, not many)."""
    limit = NUMBER_LIMIT
    first, *rest = parts

    def apply(s: Any, b: Mapping[str, Any]) -> int:
        value = first(s, b)
        for part in rest:
            value += part(s, b)
            if value > limit:
                value = limit
            elif value < -limit:
                value = -limit
        return value

    return apply


_BINOPS: dict[type, Callable[[int, int], int]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: lambda a, b: a // b if b else 0,
    ast.Mod: lambda a, b: a % b if b else 0,
}
_CMPOPS: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_SYMBOLS = {
    ast.Div: "/",
    ast.Pow: "**",
    ast.MatMult: "@",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}

_FORBIDDEN = {
    ast.Attribute: "attribute access ('.') is not allowed",
    ast.Subscript: "subscripts ('[...]') are not allowed",
    ast.Lambda: "lambdas are not allowed",
    ast.NamedExpr: "assignment expressions (':=') are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples are not allowed",
    ast.Dict: "dicts are not allowed",
    ast.Set: "sets are not allowed",
    ast.Starred: "'*' unpacking is not allowed",
    ast.JoinedStr: "f-strings are not allowed",
    ast.Await: "await is not allowed",
    ast.Yield: "yield is not allowed",
}


#: For each id kind, the ids of that kind a world knows (a band's: those of ``track``).
_ID_CHOICES: dict[str, Callable[[World, str], Any]] = {
    PIECE: lambda world, track: world.piece_owner,
    ZONE: lambda world, track: world.zones,
    TAG: lambda world, track: world.tags,
    ACTOR: lambda world, track: world.actors,
    CARD: lambda world, track: world.cards,
    TRACK: lambda world, track: world.bands,
    BAND: lambda world, track: [b[0] for b in world.bands.get(track, ())],
}


class Compiler:
    """Compiles expression text against a :class:`World` and a set of bound names."""

    #: Give each checked expression as one generated function (True), or as the reference
    #: closures (False: the differential tests compare the two).
    generate = True

    def __init__(self, world: World, bound: Mapping[str, str] | None = None):
        self.world = world
        # Bound names (e.g. 'target', 'score') with their kind (zone, number, actor, piece).
        self.bound = {n: (NUMBER if k == "num" else k) for n, k in (bound or {}).items()}

    def compile(self, text: str, want: str | None = None) -> Compiled:
        """Parse and check ``text`` (as ``want``, when given); return its closure or raise
        :class:`ExprError`."""
        return self.compile_typed(text, want).fn

    def compile_typed(self, text: str, want: str | None = None) -> Typed:
        """Parse and check ``text``; return its closure and kind (``want`` when given)."""
        if len(text) > MAX_LENGTH:
            raise ExprError(f"expression is {len(text)} characters; the limit is {MAX_LENGTH}")
        try:
            tree, depth = parsed(text)  # (shared with the fingerprint, which parsed it first)
        except SyntaxError as exc:
            raise ExprError(
                _syntax_message(text.strip(), exc.msg), max((exc.offset or 1) - 1, 0)
            ) from None
        except (RecursionError, MemoryError, ValueError):
            raise ExprError("the expression cannot be parsed (too deeply nested?)") from None
        if depth > MAX_EXPRESSION_DEPTH:
            raise ExprError(f"the expression nests more than {MAX_EXPRESSION_DEPTH} levels deep")
        if want is None:
            typed = self._infer(tree.body)
        else:
            typed = Typed(self._check(tree.body, want), want)
        if not self.generate:
            return typed
        # Checked: now the same tree as one generated function (expressions.codegen).
        return Typed(generate(self, tree.body, typed.fn), typed.kind, typed.text)

    # -- kinds ---------------------------------------------------------------------------
    def _check(self, node: ast.expr, want: str, where: str = "") -> Compiled:
        """Compile ``node``, which must be of kind ``want``; a quoted id is checked as one."""
        if isinstance(node, ast.IfExp):  # each branch must be ``want``: say which is not
            test = self._check(node.test, BOOL)
            body = self._check(node.body, want, where)
            orelse = self._check(node.orelse, want, where)
            return lambda s, b: body(s, b) if test(s, b) else orelse(s, b)
        typed = self._infer(node)
        if typed.kind == want:
            return typed.fn
        if typed.text is not None and want in ID_KINDS:
            self._known_id(node, typed.text, want)
            return typed.fn
        raise self._mismatch(node, want, typed.kind, where)

    def _mismatch(self, node: ast.expr, want: str, found: str, where: str = "") -> ExprError:
        """'expected X, found Y', said of the part at ``node`` used ``where`` (a phrase such
        as 'in arithmetic' or 'as argument 1 of owned()')."""
        if isinstance(node, ast.Name) and found in ID_KINDS:
            message = (
                f"'{node.id}' names {describe(found)}, not {describe(want)}: it cannot be used "
                f"{where or 'here'}"
            )
            if want == NUMBER:
                message += f"; compare it with == or != to a quoted {found} id"
        elif isinstance(node, ast.Name):
            message = f"'{node.id}' is {describe(found)}, not {describe(want)}"
            message += f": it cannot be used {where}" if where else ""
        elif where:
            message = f"{describe(found)} cannot be used {where}: expected {describe(want)}"
        else:
            message = f"expected {describe(want)}, found {describe(found)}"
        if want == BOOL and found == NUMBER:
            message += "; compare it, e.g. 'x > 0'"
        elif want == NUMBER and found == BOOL:
            message += "; write '1 if … else 0' for a number"
        return ExprError(message, node.col_offset)

    def _known_id(self, node: ast.expr, value: str, kind: str, track: str | None = None) -> str:
        # Only the kind asked for is worked out (the tags are gathered from every zone).
        choices: Any = _ID_CHOICES[kind](self.world, track or "")
        if value not in choices:
            extra = " (only tracks with bands)" if kind == TRACK else ""
            hint = band_name_hint(self.world, track or "", value) if kind == BAND else ""
            raise ExprError(
                f"unknown {kind} '{value}'{extra}{hint or did_you_mean(value, choices)}",
                node.col_offset,
            )
        return value

    def _unify(self, left: ast.expr, lt: Typed, right: ast.expr, rt: Typed, what: str) -> str:
        """The common kind of two parts compared, or of two branches; quoted text takes the id
        kind of the other side (and is checked as such an id). ``what`` formats the message
        when the kinds differ."""
        if lt.kind == rt.kind:
            return lt.kind
        for text_node, text, other in ((left, lt, rt), (right, rt, lt)):
            if text.kind == TEXT and other.kind in ID_KINDS:
                self._check(text_node, other.kind)
                return other.kind
            if text.kind == TEXT and other.kind in (NUMBER, BOOL):
                raise ExprError(
                    f"text cannot be compared with {describe(other.kind)}", text_node.col_offset
                )
        raise ExprError(what.format(describe(lt.kind), describe(rt.kind)), right.col_offset)

    # -- nodes ---------------------------------------------------------------------------
    def _infer(self, node: ast.AST) -> Typed:
        method = getattr(self, f"_n_{type(node).__name__}", None)
        if method is None:
            reason = _FORBIDDEN.get(type(node), f"'{type(node).__name__}' is not allowed here")
            raise ExprError(reason, getattr(node, "col_offset", 0))
        return method(node)

    def _n_Constant(self, node: ast.Constant) -> Typed:
        value = node.value
        if isinstance(value, bool):
            return Typed(lambda s, b: value, BOOL)
        if isinstance(value, str):
            return Typed(lambda s, b: value, TEXT, value)
        if isinstance(value, int) and value <= NUMBER_LIMIT:
            return Typed(lambda s, b: value, NUMBER)
        if isinstance(value, int):
            raise ExprError(
                f"constant {value} is too large: numbers are limited to ±{NUMBER_LIMIT:,}",
                node.col_offset,
            )
        raise ExprError(
            f"constant {value!r} is not allowed: use whole numbers, true/false or 'ids'",
            node.col_offset,
        )

    def _n_Name(self, node: ast.Name) -> Typed:
        name = node.id
        if name.startswith("__"):
            raise ExprError("names starting with '__' are not allowed", node.col_offset)
        if name in ("True", "False", "true", "false"):
            value = name.lower() == "true"
            return Typed(lambda s, b: value, BOOL)
        if name in self.bound:
            return Typed(lambda s, b: b.get(name), self.bound[name])
        if name in ("target", "target_piece"):
            raise ExprError(
                f"'{name}' is not known here: it names the chosen target, so use it in "
                "'target.where', the effects or the roll",
                node.col_offset,
            )
        if name in self.world.params:
            constant = self.world.params[name]
            return Typed(lambda s, b: constant, NUMBER)
        if name in self.world.values:
            return Typed(lambda s, b: s.values[name], BOOL if name in self.world.flags else NUMBER)
        if name == "turn":
            return Typed(lambda s, b: s.turn, NUMBER)
        if name == "round":
            return Typed(lambda s, b: s.round, NUMBER)
        known = [*self.world.values, *self.world.params, *self.bound, "turn", "round"]
        hint = did_you_mean(name, known)
        if not hint and name in FUNCTIONS:
            hint = f"; '{name}' is a function: call it as {name}(...)"
        raise ExprError(f"unknown name '{name}'{hint}", node.col_offset)

    def _n_UnaryOp(self, node: ast.UnaryOp) -> Typed:
        if isinstance(node.op, ast.Not):
            operand = self._check(node.operand, BOOL, "after 'not'")
            return Typed(lambda s, b: not operand(s, b), BOOL)
        if isinstance(node.op, ast.Invert):
            raise ExprError("operator '~' is not allowed", node.col_offset)
        operand = self._check(node.operand, NUMBER, "in arithmetic")
        if isinstance(node.op, ast.USub):
            return Typed(lambda s, b: -operand(s, b), NUMBER)
        return Typed(operand, NUMBER)

    def _n_BinOp(self, node: ast.BinOp) -> Typed:
        op = _BINOPS.get(type(node.op))
        if op is None:
            symbol = _SYMBOLS.get(type(node.op), type(node.op).__name__)
            hint = "; use // for whole-number division" if symbol == "/" else ""
            raise ExprError(f"operator '{symbol}' is not allowed{hint}", node.col_offset)
        terms = add_chain(node) if isinstance(node.op, ast.Add) else []
        if len(terms) > 2:  # checked term by term in the same order as the nested form
            return Typed(_sum([self._check(t, NUMBER, "in arithmetic") for t in terms]), NUMBER)
        left = self._check(node.left, NUMBER, "in arithmetic")
        right = self._check(node.right, NUMBER, "in arithmetic")
        return Typed(_arithmetic(op, left, right), NUMBER)

    def _n_BoolOp(self, node: ast.BoolOp) -> Typed:
        word = "and" if isinstance(node.op, ast.And) else "or"
        parts = [self._check(v, BOOL, f"with '{word}'") for v in node.values]
        if len(parts) == 2:  # the common case, without a generator's overhead
            first, second = parts
            if word == "and":
                return Typed(lambda s, b: first(s, b) and second(s, b), BOOL)
            return Typed(lambda s, b: first(s, b) or second(s, b), BOOL)
        if word == "and":
            return Typed(lambda s, b: all(p(s, b) for p in parts), BOOL)
        return Typed(lambda s, b: any(p(s, b) for p in parts), BOOL)

    def _n_Compare(self, node: ast.Compare) -> Typed:
        operands = [node.left, *node.comparators]
        typed = [self._infer(o) for o in operands]
        ops = []
        for i, op in enumerate(node.ops):
            fn = _CMPOPS.get(type(op))
            if fn is None:
                symbol = _SYMBOLS.get(type(op), type(op).__name__)
                raise ExprError(f"comparison '{symbol}' is not allowed", node.col_offset)
            pair = ((operands[i], typed[i]), (operands[i + 1], typed[i + 1]))
            if isinstance(op, ast.Eq | ast.NotEq):
                self._unify(*pair[0], *pair[1], "cannot compare {} with {}")
            else:
                for part, kind in pair:
                    if kind.kind == TEXT:
                        message = "text can only be compared with == or !=: expected a number"
                        raise ExprError(f"{message}, found text", node.col_offset)
                    if kind.kind != NUMBER:
                        raise self._mismatch(part, NUMBER, kind.kind, "with <, <=, > or >=")
            ops.append(fn)
        parts = [t.fn for t in typed]
        if len(ops) == 1:
            fn, left, right = ops[0], parts[0], parts[1]
            fast = self._value_vs_constant(node, fn)
            if fast is not None:
                return Typed(fast, BOOL)
            last = node.comparators[0]
            if isinstance(last, ast.Constant) and type(last.value) is int:
                const = last.value
                return Typed(lambda s, b: fn(left(s, b), const), BOOL)
            return Typed(lambda s, b: fn(left(s, b), right(s, b)), BOOL)

        def chained(s: Any, b: Mapping[str, Any]) -> bool:
            values = [p(s, b) for p in parts]
            return all(fn(values[i], values[i + 1]) for i, fn in enumerate(ops))

        return Typed(chained, BOOL)

    def _value_vs_constant(
        self, node: ast.Compare, fn: Callable[[Any, Any], bool]
    ) -> Compiled | None:
        # Hot path: `track >= 3` is the commonest condition; read the value directly.
        left, right = node.left, node.comparators[0]
        if not (isinstance(left, ast.Name) and left.id in self.world.values):
            return None
        if left.id in self.bound or left.id in self.world.params:
            return None
        if not isinstance(right, ast.Constant) or not isinstance(right.value, int):
            return None
        name, const = left.id, right.value
        return lambda s, b: fn(s.values[name], const)

    def _n_IfExp(self, node: ast.IfExp) -> Typed:
        test = self._check(node.test, BOOL, "as the condition of 'if … else'")
        body, orelse = self._infer(node.body), self._infer(node.orelse)
        kind = self._unify(
            node.body,
            body,
            node.orelse,
            orelse,
            "'if … else' gives {} or {}: expected one kind in both branches",
        )
        yes, no = body.fn, orelse.fn
        return Typed(lambda s, b: yes(s, b) if test(s, b) else no(s, b), kind)

    def _n_Call(self, node: ast.Call) -> Typed:
        if not isinstance(node.func, ast.Name):
            raise ExprError("only the registered functions may be called", node.col_offset)
        name = node.func.id
        spec = FUNCTIONS.get(name)
        if spec is None:
            hint = did_you_mean(name, FUNCTIONS)
            raise ExprError(f"unknown function '{name}'{hint}", node.col_offset)
        if node.keywords:
            raise ExprError(f"{name}() takes no keyword arguments", node.col_offset)
        low, high = len(spec.args) - spec.optional, len(spec.args)
        n = len(node.args)
        if n < low or (n > high and not spec.variadic):
            want = f"{low}" if low == high else f"{low} to {high}"
            if spec.variadic:
                want = f"at least {low}"
            raise ExprError(f"{name}() takes {want} arguments, got {n}", node.col_offset)
        return Typed(spec.build(self, node.args), spec.result)

    # -- arguments (for the builders of :mod:`engine.load.check.expressions.functions`) -----------
    def argument(self, function: str, index: int, node: ast.expr, kind: str) -> Compiled:
        """Argument ``index`` (from 1) of ``function``, computed, of ``kind``."""
        return self._check(node, kind, f"as argument {index} of {function}()")

    def literal(self, node: ast.expr, kind: str, track: str | None = None) -> str:
        """An argument written as a quoted id of ``kind``, checked against the scenario."""
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            raise ExprError(f"expected a quoted {kind} id here, e.g. '{kind}_id'", node.col_offset)
        return self._known_id(node, node.value, kind, track)


__all__ = [
    "ACTOR",
    "BAND",
    "BOOL",
    "CARD",
    "FUNCTIONS",
    "ID_KINDS",
    "KINDS",
    "LITERAL_ONLY",
    "MAX_LENGTH",
    "NUM",
    "NUMBER",
    "NUMBER_LIMIT",
    "PIECE",
    "TAG",
    "TEXT",
    "TRACK",
    "ZONE",
    "Compiled",
    "Compiler",
    "ExprError",
    "FunctionSpec",
    "Typed",
    "World",
    "bounded",
    "describe",
]


#: Operators from other languages, and what an expression says instead.
_FOREIGN = (
    (re.compile(r"&&"), "write 'and' instead of '&&'"),
    (re.compile(r"\|\|"), "write 'or' instead of '||'"),
    (re.compile(r"!(?!=)"), "write 'not' instead of '!'"),
    (re.compile(r"(?<![=!<>])=(?!=)"), "write '==' to compare ('=' is not an operator here)"),
)


def _syntax_message(text: str, reason: str) -> str:
    """'invalid syntax', with what to write when the text uses another language's operator."""
    hints = [hint for pattern, hint in _FOREIGN if pattern.search(text)]
    head = "invalid syntax" if reason in ("invalid syntax", "") else f"invalid syntax: {reason}"
    return head + (f"; {'; '.join(hints)}" if hints else "")
