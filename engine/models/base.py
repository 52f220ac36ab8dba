"""Shared base for scenario models: frozen, strict about unknown keys, described."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z][a-z0-9_]*$"

#: An identifier usable inside expressions: lower snake case.
Ident = Annotated[str, StringConstraints(pattern=ID_PATTERN)]

#: Expression text, compiled at load by :mod:`engine.expressions`.
Expr = Annotated[str, StringConstraints(min_length=1, max_length=400)]


class Model(BaseModel):
    """Base of every scenario model: immutable and rejecting keys it does not know."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


__all__ = ["ID_PATTERN", "Expr", "Field", "Ident", "Model"]
