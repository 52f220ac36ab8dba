"""Models of the secret constructs: revealing private state, private messages, piece states.

Private values are tracks, counters and flags with ``visible_to``; hidden pieces are piece
types with ``hidden: true`` (see :mod:`engine.load.models.world`). The effects here act on them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from engine.load.models.base import Amount, Ident, Model


class Reveal(Model):
    """Show a private value to more actors, or turn face-down pieces face-up."""

    value: Ident | None = Field(default=None, description="A private track, counter or flag.")
    piece: Ident | None = Field(default=None, description="A hidden piece type.")
    zone: Ident | None = Field(
        default=None, description="With piece: the zone (or 'target'); absent: every zone."
    )
    to: list[Ident] | Literal["all"] = Field(
        default="all",
        description="With value: who learns it from now on ('all', or actor ids, 'self').",
    )

    @model_validator(mode="after")
    def _one_thing(self) -> Reveal:
        if (self.value is None) == (self.piece is None):
            raise ValueError("reveal needs exactly one of 'value' or 'piece'")
        if self.value is not None and self.zone is not None:
            raise ValueError("'zone' applies to revealing pieces only")
        if self.piece is not None and self.to != "all":
            raise ValueError("pieces are revealed to all (turned face-up); leave out 'to'")
        return self


class Message(Model):
    """A private line in the log for some actors, with what everyone else notices."""

    to: list[Ident] = Field(min_length=1, description="Who reads it: actor ids or 'self'.")
    text: str = Field(min_length=1, description="The private line.")
    notice: str = Field(
        default="", description="The public line others see, e.g. 'Moscow sends a message'."
    )


class Mark(Model):
    """Put pieces of a type with ``states`` into another state (e.g. damaged)."""

    piece: Ident = Field(description="Piece type id (it must declare 'states').")
    zone: Ident = Field(description="Zone id, or 'target'.")
    state: Ident = Field(description="The state they go into, one of the type's 'states'.")
    from_: Ident | None = Field(
        default=None, alias="from", description="Only pieces in this state (default: any other)."
    )
    count: Amount = Field(default=1, description="How many; int or expression.")


__all__ = ["Mark", "Message", "Reveal"]
