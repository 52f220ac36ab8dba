"""A scenario's fingerprint: a hash of what its rules do, not of the bytes of its files.

Saves and studies record it, and refuse to replay a game or merge results when it differs:
another fingerprint means the same actions could lead to another game. So it is computed
from the validated, merged models — never from the text — and covers exactly what decides
the course of a game:

- every id (actions name cards, operations, zones, actors and pieces by id), every number,
  every expression (as its syntax tree: spacing and parentheses do not count), every
  effect, in order (the order of cards, decks, actors, phases, rules
  and doctrine entries matters: it decides shuffles, turn order and which rule fires first);
- the turn machine, the setup, victory and scoring, the bots' doctrine and default players;
- which cards are left out (``exclude_cards``).

It leaves out what only explains or shows the rules, so that a comment, reformatting, key
order, a file moved or copied elsewhere, a reworded name, briefing or card text, a new
colour, or a citation added to a rule keeps every save loadable:

- text for people (:data:`PRESENTATION`): names, titles, summaries, briefings, descriptions,
  rules text, prompts, labels, reasons, explanations, narration, calendar labels; colours,
  map symbols and positions; which tracks are charted;
- provenance (:data:`PROVENANCE`): the source registry and its claims, the assumptions
  register, facts, causal chains, and the claims and assumptions each rule cites;
- file layout: which file holds what, the ``include:`` lists, file paths.

A field left at its default counts as absent, so a later engine that adds an optional field
does not change the fingerprint of scenarios that do not use it. A variant's changes are
folded in separately (:mod:`engine.load.check.build`).
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
from typing import Any

from pydantic import BaseModel

from engine.load.check.expressions.trees import parsed
from engine.load.models import LIST_SECTIONS, SINGLE_SECTIONS

#: Fields that only show or explain: changing them leaves a game as it was.
PRESENTATION = frozenset(
    {
        "name",
        "title",
        "summary",
        "briefing",
        "briefings",
        "campaign",
        "description",
        "text",
        "prompt",
        "label",
        "reason",
        "explain",
        "why",
        "calendar",
        "colour",
        "symbol",
        "pos",
        "main",
    }
)
#: What the rules rest on (cited on items, and registries of their own).
PROVENANCE = frozenset({"claims", "assumptions"})
#: Sections that are provenance, file layout or text, left out whole.
LEFT_OUT_SECTIONS = frozenset({"sources", "assumptions", "facts", "chains", "include"})

_LEFT_OUT_FIELDS = PRESENTATION | PROVENANCE


#: Fields that may hold an expression: compared by its syntax tree, not its spacing.
EXPRESSION_FIELDS = frozenset(
    {"when", "where", "flip_when", "score", "wins", "by", "to", "count", "add"}
)


def _expression(text: str) -> Any:
    """An expression's syntax tree as plain data (``a>1`` and ``(a > 1)`` alike), from the
    node and field names only, so it does not depend on the Python version's ``ast.dump``."""
    try:
        return ["expr", _tree(parsed(text)[0].body)]
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return text  # not an expression, or one the compiler refuses anyway


#: Node fields that say nothing about what an expression computes.
_UNREAD_FIELDS = frozenset(("ctx", "kind", "type_comment"))


def _tree(node: Any) -> Any:
    if isinstance(node, ast.AST):
        # (``ast.iter_fields`` without its generator: the fields it yields, in its order)
        out: list[Any] = [type(node).__name__]
        for name in node._fields:
            if name in _UNREAD_FIELDS:
                continue
            try:
                value = getattr(node, name)
            except AttributeError:
                continue
            out.append([name, _tree(value)])
        return out
    if isinstance(node, list):
        return [_tree(v) for v in node]
    if node is None or isinstance(node, str | int | float):
        return node
    return ["constant", repr(node)]  # ..., 1j, b'x': refused by the compiler, named here


#: Values :func:`_canonical` keeps as they are (exactly these classes, not subclasses).
_SCALARS = frozenset((str, int, bool, float, type(None)))


def _canonical(value: Any) -> Any:
    """``value`` as plain JSON data, without what :data:`PRESENTATION` and
    :data:`PROVENANCE` name, and without fields at their defaults."""
    if isinstance(value, BaseModel):
        out = {}
        for name, has_default, default, is_expression in _plan(type(value)):
            item = getattr(value, name)
            if has_default and item == default:
                continue
            if item.__class__ is str:
                out[name] = _expression(item) if is_expression else item
            else:
                out[name] = item if item.__class__ in _SCALARS else _canonical(item)
        return out
    if isinstance(value, list | tuple):
        # (lists of ids and numbers are the commonest: their items are kept as they are)
        return [
            v if v.__class__ in _SCALARS else _canonical(v)
            for v in value
            if v.__class__ in _SCALARS or not _is_narration(v)
        ]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    return value


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, bool, Any, bool], ...]:
    """What :func:`_canonical` does with each field of ``model``, in order, worked out once
    per model (pydantic's ``model_fields`` is a slow descriptor, and it inspects a default
    factory's signature on every ``get_default`` call): the name, whether it has a default,
    the default (only compared with, never handed out), and whether it holds expression
    text. Left-out fields are absent."""
    return tuple(
        (
            name,
            not info.is_required(),
            None if info.is_required() else info.get_default(call_default_factory=True),
            name in EXPRESSION_FIELDS,
        )
        for name, info in model.model_fields.items()
        if name not in _LEFT_OUT_FIELDS
    )


def _is_narration(value: Any) -> bool:
    """A ``narrate:`` effect: it writes to the log and changes nothing else."""
    return _has_kind(value.__class__) and value.kind == "narrate"


@functools.cache
def _has_kind(cls: type) -> bool:
    """Whether values of ``cls`` have a ``kind`` (a field or a property), worked out once per
    class: asking every item of every list for one, through pydantic's ``__getattr__``, cost
    more than the answer."""
    return hasattr(cls, "kind") or (issubclass(cls, BaseModel) and "kind" in cls.model_fields)


def rules_of(merged: Any) -> dict[str, Any]:
    """The rules of a merged scenario (:class:`engine.load.read.loader.Merged`) as plain data."""
    out: dict[str, Any] = {"id": merged.root.id}
    for section in LIST_SECTIONS:
        if section in LEFT_OUT_SECTIONS:
            continue
        out[section] = [_canonical(item) for item, _ in merged.items.get(section, [])]
    for section in SINGLE_SECTIONS:
        if section in merged.singles:
            out[section] = _canonical(merged.singles[section][0])
    return out


def fingerprint(merged: Any) -> str:
    """16 hex digits identifying what a merged scenario's rules do (see the module)."""
    plain = rules_of(merged)
    text = json.dumps(
        plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=repr
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


__all__ = [
    "EXPRESSION_FIELDS",
    "LEFT_OUT_SECTIONS",
    "PRESENTATION",
    "PROVENANCE",
    "fingerprint",
    "rules_of",
]
