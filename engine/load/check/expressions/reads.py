"""What an expression reads of the game state, worked out from its text at load.

Instant-end conditions are judged after every step of the turn machine; most steps change
nothing they read. :func:`reads_of` lists what a condition reads — a track, flag or counter,
a zone's count of a piece type, the supply of one, a hand's size, the turn, the round — so
that the game can skip judging conditions again while all of those are as they were when they
last all failed (see :mod:`engine.play.rules.turn.watch`). Reads that depend on the state itself (a
zone computed by the expression) or on bound names make it give up (``None``): then the
conditions are judged every time, as before.

A target's ``where`` is judged for every candidate zone each time the legal actions are
listed, and mostly gives what it gave the last time: :func:`target_reads` lists what it reads
besides the zone judged, so that the list of legal targets can be kept per snapshot of those
reads (see :mod:`engine.play.rules.listing.watched_targets`)."""

from __future__ import annotations

import ast

from engine.load.check.expressions.compiler import Compiler
from engine.load.check.expressions.kinds import BOOL, ZONE, ExprError, World
from engine.load.check.expressions.trees import parsed

#: One thing read: ``("value", id)``, ``("cell", zone, piece)``, ``("supply", piece)``,
#: ``("hand", actor)``, ``("turn",)`` or ``("round",)``.
Read = tuple[str, ...]

#: Functions that read nothing of the state but their arguments (or the map, which is fixed).
_PURE = frozenset({"min", "max", "abs", "clamp", "adjacent", "distance", "has_tag"})


def reads_of(text: str, world: World) -> frozenset[Read] | None:
    """What the expression ``text`` (already compiled without bound names) reads of the
    state; ``None`` when that cannot be known from the text alone."""
    return _reads(text, world, target=False)


#: The zone of a read that is the target zone, whichever it is (``target`` is a reserved
#: word, never a zone id): ``("cell", TARGET_ZONE, piece)`` is the target's count of a piece,
#: ``("near", piece)`` its count there and in the zones adjacent to it.
TARGET_ZONE = "target"


def target_reads(text: str, world: World) -> frozenset[Read] | None:
    """What a target's ``where`` reads of the state, besides the target zone and the acting
    actor (``self``) it is judged for: the reads of :func:`reads_of`, plus
    ``("cell", TARGET_ZONE, piece)`` for ``pieces('piece', target)`` and ``("near", piece)``
    for ``near('piece', target)``. ``None`` when that cannot be known from the text alone
    (then the target is judged zone by zone every time)."""
    return _reads(text, world, target=True)


def _reads(text: str, world: World, *, target: bool) -> frozenset[Read] | None:
    try:
        tree = parsed(text)[0]  # (shared with the compiler, which parsed it first)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    out: set[Read] = set()
    bound = ("target", "self") if target else ()
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and id(node) not in called:
            if node.id in world.values:
                out.add(("value", node.id))
            elif node.id in ("turn", "round"):
                out.add((node.id,))
            elif node.id in bound:
                continue  # the zone judged, the actor judging: given, not read
            elif node.id not in world.params and node.id not in ("True", "False", "true", "false"):
                return None  # a bound name or anything unforeseen: judge every time
        elif isinstance(node, ast.Call):
            found = _call_reads(node, world, target)
            if found is None:
                return None
            out.update(found)
    return frozenset(out)


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_reads(node: ast.Call, world: World, target: bool = False) -> set[Read] | None:
    name = node.func.id if isinstance(node.func, ast.Name) else None
    if name in _PURE:
        return set()
    args = [_literal(a) for a in node.args]
    at_target = (
        target
        and len(node.args) == 2
        and isinstance(node.args[1], ast.Name)
        and node.args[1].id == "target"
    )
    if at_target and name == "pieces" and args[0]:
        return {("cell", TARGET_ZONE, args[0])}
    if at_target and name == "near" and args[0]:
        return {("near", args[0])}
    if name == "pieces" and len(args) == 1 and args[0]:
        return {("supply", args[0])}
    if name == "pieces" and len(args) == 2 and args[0] and args[1]:
        return {("cell", args[1], args[0])}
    if name == "supply" and len(args) == 1 and args[0]:
        return {("supply", args[0])}
    if name == "near" and len(args) == 2 and args[0] and args[1]:
        zones = {args[1], *world.adjacency.get(args[1], ())}
        return {("cell", zone, args[0]) for zone in zones}
    if name == "tagged" and len(args) == 2 and args[0] and args[1]:
        tag, piece = args[1], args[0]
        return {("cell", z, piece) for z, tags in world.zone_tags.items() if tag in tags}
    if name == "owned" and args and args[0] and all(args):
        pieces = [p for p, owner in world.piece_owner.items() if owner == args[0]]
        where = [str(args[1])] if len(args) == 2 else sorted(world.zones)
        return {("cell", z, p) for z in where for p in pieces}
    if name == "in_band" and args and args[0]:
        return {("value", args[0])}
    if name == "hand" and len(args) == 1 and args[0]:
        return {("hand", args[0])}
    return None


#: Names a target's fixed part may use besides quoted ids and the scenario's params.
_FIXED_FUNCTIONS = frozenset({"has_tag", "adjacent", "distance", "min", "max", "abs", "clamp"})


def fixed_zones(text: str, world: World, zones: tuple[str, ...]) -> tuple[str, ...] | None:
    """The zones (in ``zones``' order) that a target's ``where`` could ever accept, judged by
    the part of it that depends on the target zone alone — the conjuncts of a top-level
    ``and`` that read nothing of the state (``has_tag(target, 'syria')``, ``adjacent(...)``,
    ``target != 'golan'``). ``None`` when no conjunct is fixed: every zone is a candidate.

    Sound by construction: a zone left out fails a conjunct whose value never changes, so
    the whole ``and`` fails there in every state."""
    try:
        tree = parsed(text)[0]  # (shared with the compiler, which parsed it first)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    body = tree.body
    conjuncts = (
        body.values if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And) else [body]
    )
    fixed = [c for c in conjuncts if _fixed(c, world)]
    if not fixed:
        return None
    compiler = Compiler(world, {"target": ZONE})
    try:
        tests = [compiler.compile(ast.unparse(c), BOOL) for c in fixed]
    except ExprError:
        return None
    return tuple(z for z in zones if all(t(None, {"target": z}) for t in tests))


def _fixed(node: ast.expr, world: World) -> bool:
    """Whether ``node`` depends on the target zone, constants and the map alone."""
    called = {id(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)}
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            if not (isinstance(n.func, ast.Name) and n.func.id in _FIXED_FUNCTIONS):
                return False
        elif (
            isinstance(n, ast.Name)
            and id(n) not in called
            and n.id != "target"
            and n.id not in world.params
        ):
            return False
    return True
