"""Shared base for scenario models: frozen, strict about unknown keys, described."""

from __future__ import annotations

import functools
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

from engine.load.check.colours import CSS_COLOURS, colour_problem

ID_PATTERN = r"^[a-z][a-z0-9_]*$"

#: An identifier usable inside expressions: lower snake case.
Ident = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


def _checked_colour(value: str) -> str:
    problem = colour_problem(value)
    if problem:
        raise ValueError(problem)
    return value


#: What the JSON Schema says of a colour: the loader's rule, so editors and ``validate`` agree.
_COLOUR_SCHEMA = {
    "anyOf": [
        {"enum": ["", *sorted(CSS_COLOURS)]},
        {"pattern": "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"},
    ],
    "type": "string",
}

#: A CSS colour name (lower case) or #rrggbb (empty: the default), checked with a did-you-mean.
Colour = Annotated[str, AfterValidator(_checked_colour), WithJsonSchema(_COLOUR_SCHEMA)]

#: Expression text, compiled at load by :mod:`engine.load.check.expressions.compiler`.
Expr = Annotated[str, StringConstraints(min_length=1, max_length=400)]

#: A whole number written in quotes (``"4"``): strict typing refuses it where a number or an
#: expression is allowed, so ``count: "4"`` is not silently read as the expression ``4``.
_NOT_A_QUOTED_NUMBER = r"^(?!\s*[+-]?[0-9]+\s*$)"

#: Expression text where a whole number is also accepted (see :data:`Amount`).
AmountExpr = Annotated[
    str, StringConstraints(min_length=1, max_length=400, pattern=_NOT_A_QUOTED_NUMBER)
]

#: A count or amount: a literal whole number or an expression (never a number in quotes).
Amount = int | AmountExpr


class RowError(ValueError):
    """A model's check that faults one of its rows: the loader reports it at ``sub`` below the
    model (``("bands", 2)``), not at the model itself, so the author lands on the faulty row."""

    def __init__(self, sub: tuple[str | int, ...], message: str):
        super().__init__(message)
        self.sub = sub


# Default factories for the models' lists and maps. Not ``list`` and ``dict`` themselves:
# pydantic reads each factory's signature when it builds a model, and a builtin's comes from
# parsing its text signature (0.15 ms each, ~17 ms of every ``wargame validate``'s start).
def new_list() -> list[Any]:
    """A new empty list (a field's default)."""
    return []


def new_dict() -> dict[str, Any]:
    """A new empty mapping (a field's default)."""
    return {}


@functools.cache
def field_names(model: type[BaseModel]) -> tuple[str, ...]:
    """The names of ``model``'s fields, in order: ``model_fields`` is a slow descriptor in
    pydantic 2.11+, and an effect's checks asked it thousands of times per deck."""
    return tuple(model.model_fields)


class Model(BaseModel):
    """Base of every scenario model: immutable and rejecting keys it does not know."""

    # strict: no coercion — `copies: "2"`, `ops: 2.0` and `once: "no"` are errors, as they are
    # for the JSON Schema; python-re, for the look-ahead of AmountExpr (the schema's dialect).
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        populate_by_name=True,
        strict=True,
        regex_engine="python-re",
    )


__all__ = [
    "ID_PATTERN",
    "Amount",
    "AmountExpr",
    "Colour",
    "Expr",
    "Field",
    "Ident",
    "Model",
    "RowError",
    "field_names",
    "new_dict",
    "new_list",
]
