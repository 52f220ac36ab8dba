"""Conditions and formulas: a whitelisted subset of Python expressions, compiled to closures.

Text is parsed once, at load, with :mod:`ast`. Only arithmetic, comparisons, boolean logic,
``a if c else b``, names the scenario declares, and a small set of registered functions are
accepted; everything else (attributes, subscripts, lambdas, comprehensions, walrus, dunder
names, unknown calls) is a load error with its column. The result is a plain closure
``f(state, binds)``: no ``eval``, and no Python object is reachable from an expression.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.errors import did_you_mean

MAX_LENGTH = 400

#: A compiled expression: ``f(state, binds) -> int | bool | str | None``.
Compiled = Callable[[Any, Mapping[str, Any]], Any]


class ExprError(ValueError):
    """An expression is malformed or uses something not allowed; ``offset`` is 0-based."""

    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class World:
    """Static facts of a scenario that expressions may refer to."""

    values: frozenset[str] = frozenset()
    #: Named numbers (``params:``) and their values: constants once compiled.
    params: Mapping[str, int] = field(default_factory=dict)
    zones: frozenset[str] = frozenset()
    adjacency: Mapping[str, frozenset[str]] = field(default_factory=dict)
    zone_tags: Mapping[str, frozenset[str]] = field(default_factory=dict)
    piece_owner: Mapping[str, str] = field(default_factory=dict)
    piece_total: Mapping[str, int] = field(default_factory=dict)
    bands: Mapping[str, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)
    actors: frozenset[str] = frozenset()
    cards: frozenset[str] = frozenset()

    @property
    def tags(self) -> frozenset[str]:
        """Every tag used on any zone."""
        return frozenset(t for tags in self.zone_tags.values() for t in tags)


_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
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


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


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

# Argument kinds of registered functions: literal ids checked at load, or sub-expressions.
PIECE, ZONE, TAG, ACTOR, TRACK, BAND, NUM = "piece", "zone", "tag", "actor", "track", "band", "num"


@dataclass(frozen=True)
class FunctionSpec:
    """A function expressions may call: argument kinds, optional count, and its builder."""

    args: tuple[str, ...]
    optional: int = 0
    variadic: bool = False
    doc: str = ""


FUNCTIONS: dict[str, FunctionSpec] = {
    "min": FunctionSpec((NUM, NUM), variadic=True, doc="smallest of two or more numbers"),
    "max": FunctionSpec((NUM, NUM), variadic=True, doc="largest of two or more numbers"),
    "abs": FunctionSpec((NUM,), doc="absolute value"),
    "clamp": FunctionSpec((NUM, NUM, NUM), doc="clamp(x, lo, hi)"),
    "pieces": FunctionSpec((PIECE, ZONE), optional=1, doc="pieces('type'[, zone]): count"),
    "near": FunctionSpec((PIECE, ZONE), doc="near('type', zone): count in zone and neighbours"),
    "tagged": FunctionSpec((PIECE, TAG), doc="tagged('type', 'tag'): count in zones with tag"),
    "owned": FunctionSpec((ACTOR, ZONE), optional=1, doc="owned('actor'[, zone]): count"),
    "supply": FunctionSpec((PIECE,), doc="supply('type'): pieces not on the map"),
    "adjacent": FunctionSpec((ZONE, ZONE), doc="adjacent(a, b): zones are neighbours"),
    "has_tag": FunctionSpec((ZONE, TAG), doc="has_tag(zone, 'tag'): zone carries the tag"),
    "in_band": FunctionSpec((TRACK, BAND), variadic=True, doc="in_band('track', 'band', ...)"),
    "hand": FunctionSpec((ACTOR,), doc="hand('actor'): cards in that actor's hand"),
}


class Compiler:
    """Compiles expression text against a :class:`World` and a set of bound names."""

    def __init__(self, world: World, bound: Mapping[str, str] | None = None):
        self.world = world
        # Bound names (e.g. 'target', 'score') with their kind ('zone', 'num', 'actor').
        self.bound = dict(bound or {})

    def compile(self, text: str) -> Compiled:
        """Parse and check ``text``; return its closure or raise :class:`ExprError`."""
        if len(text) > MAX_LENGTH:
            raise ExprError(f"expression is {len(text)} characters; the limit is {MAX_LENGTH}")
        try:
            tree = ast.parse(text.strip(), mode="eval")
        except SyntaxError as exc:
            raise ExprError(f"invalid syntax: {exc.msg}", max((exc.offset or 1) - 1, 0)) from None
        return self._node(tree.body)

    # -- nodes ---------------------------------------------------------------------------
    def _node(self, node: ast.AST) -> Compiled:
        method = getattr(self, f"_n_{type(node).__name__}", None)
        if method is None:
            reason = _FORBIDDEN.get(type(node), f"'{type(node).__name__}' is not allowed here")
            raise ExprError(reason, getattr(node, "col_offset", 0))
        return method(node)

    def _n_Constant(self, node: ast.Constant) -> Compiled:
        value = node.value
        if isinstance(value, bool | int | str) and not (isinstance(value, int) and value > 10**9):
            return lambda s, b: value
        raise ExprError(
            f"constant {value!r} is not allowed: use whole numbers, true/false or 'ids'",
            node.col_offset,
        )

    def _n_Name(self, node: ast.Name) -> Compiled:
        name = node.id
        if name.startswith("__"):
            raise ExprError("names starting with '__' are not allowed", node.col_offset)
        if name in ("True", "False", "true", "false"):
            value = name.lower() == "true"
            return lambda s, b: value
        if name in self.bound:
            return lambda s, b: b.get(name)
        if name in ("target", "target_piece"):
            raise ExprError(
                f"'{name}' is not known here: it names the chosen target, so use it in "
                "'target.where', the effects or the roll",
                node.col_offset,
            )
        if name in self.world.params:
            constant = self.world.params[name]
            return lambda s, b: constant
        if name in self.world.values:
            return lambda s, b: s.values[name]
        if name == "turn":
            return lambda s, b: s.turn
        if name == "round":
            return lambda s, b: s.round
        known = [*self.world.values, *self.world.params, *self.bound, "turn", "round"]
        hint = did_you_mean(name, known)
        if not hint and name in FUNCTIONS:
            hint = f"; '{name}' is a function: call it as {name}(...)"
        raise ExprError(f"unknown name '{name}'{hint}", node.col_offset)

    def _n_UnaryOp(self, node: ast.UnaryOp) -> Compiled:
        operand = self._node(node.operand)
        if isinstance(node.op, ast.Not):
            return lambda s, b: not operand(s, b)
        if isinstance(node.op, ast.USub):
            return lambda s, b: -operand(s, b)
        if isinstance(node.op, ast.UAdd):
            return operand
        raise ExprError("operator '~' is not allowed", node.col_offset)

    def _n_BinOp(self, node: ast.BinOp) -> Compiled:
        op = _BINOPS.get(type(node.op))
        if op is None:
            symbol = _SYMBOLS.get(type(node.op), type(node.op).__name__)
            hint = "; use // for whole-number division" if symbol == "/" else ""
            raise ExprError(f"operator '{symbol}' is not allowed{hint}", node.col_offset)
        for side in (node.left, node.right):
            if _is_text(side):
                raise ExprError("text cannot be used in arithmetic", side.col_offset)
            self._no_id_names(side, "in arithmetic")
        left, right = self._node(node.left), self._node(node.right)
        return lambda s, b: op(left(s, b), right(s, b))

    def _n_BoolOp(self, node: ast.BoolOp) -> Compiled:
        parts = [self._node(v) for v in node.values]
        if len(parts) == 2:  # the common case, without a generator's overhead
            first, second = parts
            if isinstance(node.op, ast.And):
                return lambda s, b: bool(first(s, b)) and bool(second(s, b))
            return lambda s, b: bool(first(s, b)) or bool(second(s, b))
        if isinstance(node.op, ast.And):
            return lambda s, b: all(p(s, b) for p in parts)
        return lambda s, b: any(p(s, b) for p in parts)

    def _n_Compare(self, node: ast.Compare) -> Compiled:
        operands = [node.left, *node.comparators]
        ops = []
        for op in node.ops:
            fn = _CMPOPS.get(type(op))
            if fn is None:
                symbol = _SYMBOLS.get(type(op), type(op).__name__)
                raise ExprError(f"comparison '{symbol}' is not allowed", node.col_offset)
            ordering = not isinstance(op, ast.Eq | ast.NotEq)
            if ordering and any(_is_text(o) for o in operands):
                raise ExprError("text can only be compared with == or !=", node.col_offset)
            if ordering:
                for operand in operands:
                    self._no_id_names(operand, "with <, <=, > or >=")
            ops.append(fn)
        self._check_id_literals(operands)
        parts = [self._node(o) for o in operands]
        if len(ops) == 1:
            fn, left, right = ops[0], parts[0], parts[1]
            fast = self._value_vs_constant(node, fn)
            if fast is not None:
                return fast
            last = node.comparators[0]
            if isinstance(last, ast.Constant) and isinstance(last.value, int):
                const = last.value
                return lambda s, b: fn(left(s, b), const)
            return lambda s, b: fn(left(s, b), right(s, b))

        def chained(s: Any, b: Mapping[str, Any]) -> bool:
            values = [p(s, b) for p in parts]
            return all(fn(values[i], values[i + 1]) for i, fn in enumerate(ops))

        return chained

    def _value_vs_constant(
        self, node: ast.Compare, fn: Callable[[Any, Any], bool]
    ) -> Compiled | None:
        # Hot path: `track >= 3` is the commonest condition; read the value directly.
        left, right = node.left, node.comparators[0]
        if not (isinstance(left, ast.Name) and left.id in self.world.values):
            return None
        if left.id in self.bound or not isinstance(right, ast.Constant):
            return None
        if not isinstance(right.value, int):
            return None
        name, const = left.id, right.value
        return lambda s, b: fn(s.values[name], const)

    def _no_id_names(self, node: ast.expr, where: str) -> None:
        # `target > 1`: a name holding an id (zone, actor, piece) is not a number.
        if isinstance(node, ast.Name) and self.bound.get(node.id) in (ZONE, ACTOR, PIECE):
            kind = self.bound[node.id]
            article = "an" if kind[0] in "aeiou" else "a"
            raise ExprError(
                f"'{node.id}' names {article} {kind}, not a number: it cannot be used {where}; "
                f"compare it with == or != to a quoted {kind} id",
                node.col_offset,
            )

    def _check_id_literals(self, operands: list[ast.expr]) -> None:
        # `target == 'golan'`, `self == 'iran'`: text compared with an id-valued name must be
        # a known id of that kind; text compared with a number-valued name is a mistake.
        kinds = set()
        for o in operands:
            if isinstance(o, ast.Name):
                if o.id in self.bound and self.bound[o.id] in (ZONE, ACTOR, PIECE):
                    kinds.add(self.bound[o.id])
                elif (
                    o.id in self.world.values
                    or o.id in self.world.params
                    or o.id
                    in (
                        "turn",
                        "round",
                    )
                ):
                    kinds.add(NUM)
        if not kinds:
            return
        for o in operands:
            if _is_text(o):
                if NUM in kinds:
                    raise ExprError("text cannot be compared with a number", o.col_offset)
                for kind in kinds:
                    self._literal(o, kind)

    def _n_IfExp(self, node: ast.IfExp) -> Compiled:
        test, body, orelse = self._node(node.test), self._node(node.body), self._node(node.orelse)
        return lambda s, b: body(s, b) if test(s, b) else orelse(s, b)

    def _n_Call(self, node: ast.Call) -> Compiled:
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
        return getattr(self, f"_f_{name}")(node.args)

    # -- arguments -----------------------------------------------------------------------
    def _literal(self, node: ast.expr, kind: str, track: str | None = None) -> str:
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            raise ExprError(f"expected a quoted {kind} id here, e.g. '{kind}_id'", node.col_offset)
        value = node.value
        choices: Any = {
            PIECE: self.world.piece_owner,
            ZONE: self.world.zones,
            TAG: self.world.tags,
            ACTOR: self.world.actors,
            TRACK: self.world.bands,
            BAND: [b[0] for b in self.world.bands.get(track or "", ())],
        }[kind]
        if value not in choices:
            extra = " (only tracks with bands)" if kind == TRACK else ""
            raise ExprError(
                f"unknown {kind} '{value}'{extra}{did_you_mean(value, choices)}", node.col_offset
            )
        return value

    def _zone(self, node: ast.expr) -> Compiled:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            zone = self._literal(node, ZONE)
            return lambda s, b: zone
        return self._node(node)

    def _actor(self, node: ast.expr) -> Compiled:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            actor = self._literal(node, ACTOR)
            return lambda s, b: actor
        return self._node(node)

    # -- functions -----------------------------------------------------------------------
    def _f_min(self, args: list[ast.expr]) -> Compiled:
        parts = [self._node(a) for a in args]
        return lambda s, b: min(p(s, b) for p in parts)

    def _f_max(self, args: list[ast.expr]) -> Compiled:
        parts = [self._node(a) for a in args]
        return lambda s, b: max(p(s, b) for p in parts)

    def _f_abs(self, args: list[ast.expr]) -> Compiled:
        x = self._node(args[0])
        return lambda s, b: abs(x(s, b))

    def _f_clamp(self, args: list[ast.expr]) -> Compiled:
        x, lo, hi = (self._node(a) for a in args)
        return lambda s, b: max(lo(s, b), min(hi(s, b), x(s, b)))

    def _f_pieces(self, args: list[ast.expr]) -> Compiled:
        piece = self._literal(args[0], PIECE)
        total = self.world.piece_total[piece]
        if len(args) == 1:
            return lambda s, b: total - s.supply[piece]
        zone = self._zone(args[1])
        return lambda s, b: s.board.get(zone(s, b), {}).get(piece, 0)

    def _f_near(self, args: list[ast.expr]) -> Compiled:
        piece = self._literal(args[0], PIECE)
        zone = self._zone(args[1])
        adjacency = self.world.adjacency

        def near(s: Any, b: Mapping[str, Any]) -> int:
            z = zone(s, b)
            board = s.board
            count = board.get(z, {}).get(piece, 0)
            for other in adjacency.get(z, ()):
                count += board[other].get(piece, 0)
            return count

        return near

    def _f_tagged(self, args: list[ast.expr]) -> Compiled:
        piece = self._literal(args[0], PIECE)
        tag = self._literal(args[1], TAG)
        zones = sorted(z for z, tags in self.world.zone_tags.items() if tag in tags)
        return lambda s, b: sum(s.board[z].get(piece, 0) for z in zones)

    def _f_owned(self, args: list[ast.expr]) -> Compiled:
        actor = self._actor(args[0])
        owner = self.world.piece_owner
        if len(args) == 1:

            def owned_all(s: Any, b: Mapping[str, Any]) -> int:
                who = actor(s, b)
                return sum(
                    n for pieces in s.board.values() for t, n in pieces.items() if owner[t] == who
                )

            return owned_all
        zone = self._zone(args[1])

        def owned_in(s: Any, b: Mapping[str, Any]) -> int:
            who = actor(s, b)
            return sum(n for t, n in s.board.get(zone(s, b), {}).items() if owner[t] == who)

        return owned_in

    def _f_supply(self, args: list[ast.expr]) -> Compiled:
        piece = self._literal(args[0], PIECE)
        return lambda s, b: s.supply[piece]

    def _f_adjacent(self, args: list[ast.expr]) -> Compiled:
        a, c = self._zone(args[0]), self._zone(args[1])
        adjacency = self.world.adjacency
        return lambda s, b: c(s, b) in adjacency.get(a(s, b), ())

    def _f_has_tag(self, args: list[ast.expr]) -> Compiled:
        zone = self._zone(args[0])
        tag = self._literal(args[1], TAG)
        tags = self.world.zone_tags
        return lambda s, b: tag in tags.get(zone(s, b), ())

    def _f_in_band(self, args: list[ast.expr]) -> Compiled:
        track = self._literal(args[0], TRACK)
        wanted = {self._literal(a, BAND, track) for a in args[1:]}
        ranges = [(lo, hi) for band, lo, hi in self.world.bands[track] if band in wanted]
        return lambda s, b: any(lo <= s.values[track] <= hi for lo, hi in ranges)

    def _f_hand(self, args: list[ast.expr]) -> Compiled:
        actor = self._actor(args[0])
        return lambda s, b: s.hand_count(actor(s, b))
