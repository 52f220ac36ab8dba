"""Shared base for scenario models: frozen, strict about unknown keys, described."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from engine.load.check.colours import colour_problem

ID_PATTERN = r"^[a-z][a-z0-9_]*$"

#: An identifier usable inside expressions: lower snake case.
Ident = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


def _checked_colour(value: str) -> str:
    problem = colour_problem(value)
    if problem:
        raise ValueError(problem)
    return value


#: A CSS colour name or #rrggbb (empty: the default), checked with a did-you-mean.
Colour = Annotated[str, AfterValidator(_checked_colour)]

#: Expression text, compiled at load by :mod:`engine.load.check.expressions`.
Expr = Annotated[str, StringConstraints(min_length=1, max_length=400)]


class Model(BaseModel):
    """Base of every scenario model: immutable and rejecting keys it does not know."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


__all__ = ["ID_PATTERN", "Colour", "Expr", "Field", "Ident", "Model"]
