"""docs/scenario-format.md names every key of the format, so a new construct cannot ship
undocumented (a key is documented when it appears in backticks, as the tables write it)."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from engine.load.models import ScenarioDocument, VariantDocument
from tests.helpers import ROOT


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
    if model in seen:
        return
    seen.add(model)
    for field in model.model_fields.values():
        stack = [field.annotation]
        while stack:
            kind = stack.pop()
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                _models(kind, seen)
            stack.extend(typing.get_args(kind))


def test_every_key_of_every_model_is_documented():
    docs = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    models: set[type[BaseModel]] = set()
    _models(ScenarioDocument, models)
    _models(VariantDocument, models)
    keys = {(f.alias or name) for m in models for name, f in m.model_fields.items()}
    missing = sorted(k for k in keys if f"`{k}`" not in docs and f"`{k}:`" not in docs)
    assert len(keys) > 100
    assert missing == []
