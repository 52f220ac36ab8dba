"""JSON Schema for scenario and fragment files, for editor completion and checking."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from engine.load.models import Fragment, ScenarioDocument, VariantDocument

SCHEMAS: dict[str, type[BaseModel]] = {
    "scenario.schema.json": ScenarioDocument,
    "fragment.schema.json": Fragment,
    "variant.schema.json": VariantDocument,
}
TITLES: dict[type[BaseModel], str] = {
    ScenarioDocument: "scenario",
    Fragment: "shared file",
    VariantDocument: "variant",
}


def schema_text(name: str) -> str:
    """The JSON Schema text for one of :data:`SCHEMAS`, stable across runs."""
    model = SCHEMAS[name]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "wargame " + TITLES[model]
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into ``directory``; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = directory / name
        path.write_text(schema_text(name), encoding="utf-8")
        written.append(path)
    return written
