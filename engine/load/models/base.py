"""Shared base for scenario models: frozen, strict about unknown keys, described."""

from __future__ import annotations

from typing import Annotated

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

#: Expression text, compiled at load by :mod:`engine.load.check.expressions`.
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
]
