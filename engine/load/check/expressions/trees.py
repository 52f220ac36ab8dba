"""Expression text parsed once per process, for every stage of loading that reads it.

A scenario's expressions are read by its fingerprint (:mod:`engine.load.fingerprint`), the
compiler (:mod:`engine.load.check.expressions.compiler`) and the reads analysis
(:mod:`engine.load.check.expressions.reads`), and the campaign repeats many of them across cards;
parsing and measuring the depth was a fifth of loading. Trees are shared between those
readers, so **no reader may change one** (none does: they only walk).
"""

from __future__ import annotations

import ast

#: Parsed expressions by their text (as written, before stripping), with their depth.
_TREES: dict[str, tuple[ast.Expression, int]] = {}
#: Bound on :data:`_TREES`: a scenario has a few hundred distinct expressions, and a fuzzer
#: or a long-lived server must not grow the table without end.
_TREES_KEPT = 4096


def parsed(text: str) -> tuple[ast.Expression, int]:
    """The syntax tree of ``text`` (stripped; ``mode="eval"``) and how deeply its nodes nest.

    Raises what :func:`ast.parse` raises (``SyntaxError``, ``ValueError``, ``RecursionError``,
    ``MemoryError``); a text that fails is not remembered. The tree is shared: never change it.
    """
    hit = _TREES.get(text)
    if hit is None:
        tree = ast.parse(text.strip(), mode="eval")
        hit = (tree, depth(tree))
        if len(_TREES) < _TREES_KEPT:
            _TREES[text] = hit
    return hit


def forget() -> None:
    """Empty the table (benchmarks start each cold load as a fresh process would)."""
    _TREES.clear()


def depth(tree: ast.AST) -> int:
    """How deeply ``tree``'s nodes nest, the node itself counting 1 (contexts and operators
    are nodes too, as :func:`ast.iter_child_nodes` has them).

    Iterative, as the tree may be deep; it reads ``_fields`` directly rather than through
    :func:`ast.iter_child_nodes`, whose generators made it cost more than the parse.
    """
    deepest, stack = 0, [(tree, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, level = pop()
        if level > deepest:
            deepest = level
        level += 1
        for name in node._fields:
            value = getattr(node, name, None)
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        push((item, level))
            elif isinstance(value, ast.AST):
                push((value, level))
    return deepest


def add_chain(node: ast.BinOp) -> list[ast.expr]:
    """The terms of a left-nested sum ``a + b + c`` (Python parses it ``(a + b) + c``): the
    closure compiler and the code generator both saturate such a sum term by term."""
    terms: list[ast.expr] = []
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        terms.append(node.right)
        node = node.left  # type: ignore[assignment]
    terms.append(node)
    return terms[::-1]


__all__ = ["add_chain", "depth", "forget", "parsed"]
