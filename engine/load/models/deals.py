"""The model of a deal: a private offer one actor makes and another accepts or rejects."""

from __future__ import annotations

from pydantic import Field, model_validator

from engine.load.models.base import Ident, Model, new_list
from engine.load.models.cards import Effect


class Deal(Model):
    """A deal an ``offer`` effect proposes: ``to`` answers it privately, and the ``accept``
    or ``reject`` effects run (``self`` is the one who answers). What binds the parties is
    what those effects set — typically private flags that cards' conditions read."""

    id: Ident = Field(description="Deal id, named by offer effects.")
    name: str = Field(description="Display name, e.g. 'A quiet understanding'.")
    text: str = Field(default="", description="The terms, as the two parties read them.")
    from_: Ident = Field(alias="from", description="The actor who proposes it.")
    to: Ident = Field(description="The actor who accepts or rejects it.")
    notice: str = Field(
        default="",
        description="What the others see when it is offered or answered (default: that the "
        "two exchange private messages).",
    )
    claims: list[str] = Field(default_factory=new_list, description="Claim ids this models.")
    accept: list[Effect] = Field(default_factory=new_list, description="Effects when accepted.")
    reject: list[Effect] = Field(default_factory=new_list, description="Effects when rejected.")

    @model_validator(mode="after")
    def _two_parties(self) -> Deal:
        if self.from_ == self.to:
            raise ValueError("a deal needs two parties: 'from' and 'to' must differ")
        return self


__all__ = ["Deal"]
