"""Applying a :class:`~engine.load.vary.variant.Variant` to a merged scenario, before its checks.

Each ``--set`` lands at its dotted path inside one item (re-validated with that item's model,
so a bad value is reported at the option that gave it), each ``--disable`` removes an item
and the doctrine entries that prefer it; :class:`Applied` remembers where every change went,
so that a problem found later by the scenario's checks is reported at the change too.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from engine.errors import Problem, did_you_mean
from engine.load.models import SINGLE_SECTIONS, Doctrine
from engine.load.read.loader import Merged, Origin, _unwrap
from engine.load.read.yamlpos import dotted
from engine.load.vary.variant import Change, Variant

#: List sections whose items are named by a key (``id`` unless given here).
KEYED_SECTIONS = {
    "sources": "source",
    "actors": "actor",
    "tracks": "track",
    "flags": "flag",
    "counters": "counter",
    "params": "param",
    "zones": "zone",
    "piece_types": "piece type",
    "triggers": "trigger",
    "decks": "deck",
    "cards": "card",
    "operations": "operation",
    "rules": "rule",
    "chains": "chain",
    "deals": "deal",
    "doctrine": "doctrine",
}
#: List sections addressed by position.
INDEXED_SECTIONS = ("pieces", "exclude_cards")
#: What ``--disable`` can switch off, by section.
DISABLEABLE = ("cards", "operations", "rules")


@dataclass
class Applied:
    """Where each change landed, to report later problems at the change instead of the file."""

    places: list[tuple[str, str, Change]] = field(default_factory=list)

    def remap(self, problems: Sequence[Problem]) -> list[Problem]:
        """Problems inside changed values, moved to where the change was written."""
        out = []
        for problem in problems:
            for path, key, change in self.places:
                if problem.path == path and (
                    problem.key == key or problem.key.startswith((key + ".", key + "["))
                ):
                    inner = problem.key[len(key) :].lstrip(".")
                    message = f"{inner}: {problem.message}" if inner else problem.message
                    problem = change.problem(message)
                    break
            out.append(problem)
        return out


def apply_variant(merged: Merged, variant: Variant) -> tuple[Applied, list[Problem]]:
    """Apply ``variant``'s changes to ``merged`` in order; return where they went and problems."""
    applied = Applied()
    problems: list[Problem] = []
    for change in variant.changes:
        problem = _disable(merged, change) if change.disable else _set(merged, change, applied)
        if problem is not None:
            problems.append(problem)
    return applied, problems


def _ids(merged: Merged, section: str) -> list[str]:
    keyname = "actor" if section == "doctrine" else "id"
    return [getattr(item, keyname) for item, _ in merged.items.get(section, [])]


def _disable(merged: Merged, change: Change) -> Problem | None:
    target = change.path
    for section in DISABLEABLE:
        bucket = merged.items.get(section, [])
        if target in _ids(merged, section):
            merged.items[section] = [(m, o) for m, o in bucket if m.id != target]
            merged.disabled.add(target)
            _drop_doctrine(merged, target)
            return None
    if "victory" in merged.singles:
        victory, origin = merged.singles["victory"]
        if any(c.id == target for c in victory.instant):
            kept = [c for c in victory.instant if c.id != target]
            merged.singles["victory"] = (victory.model_copy(update={"instant": kept}), origin)
            merged.disabled.add(target)
            return None
    known = [i for s in DISABLEABLE for i in _ids(merged, s)]
    if "victory" in merged.singles:
        known += [c.id for c in merged.singles["victory"][0].instant]
    hint = did_you_mean(target, known)
    return change.problem(f"unknown card, operation, rule or instant end '{target}'{hint}")


def _drop_doctrine(merged: Merged, target: str) -> None:
    """Doctrine entries that prefer a switched-off item go with it (the next entry applies)."""
    kept = []
    for doctrine, origin in merged.items.get("doctrine", []):
        entries = [e for e in doctrine.entries if e.prefer != target]
        if entries:
            kept.append((Doctrine(actor=doctrine.actor, entries=entries), origin))
    merged.items["doctrine"] = kept


def _set(merged: Merged, change: Change, applied: Applied) -> Problem | None:
    parts = change.path.split(".")
    section = parts[0]
    if section == "params" and len(parts) == 2:
        parts.append("default")
    parts = _starting_value(merged, parts)
    section = parts[0]
    if section in SINGLE_SECTIONS:
        if section not in merged.singles:
            return change.problem(f"the scenario has no '{section}' section to change")
        model, origin = merged.singles[section]
        rest = parts[1:]

        def put(new: BaseModel) -> None:
            merged.singles[section] = (new, origin)

    elif section in KEYED_SECTIONS or section in INDEXED_SECTIONS:
        if len(parts) < 2:
            return change.problem(f"name an item of '{section}' after it, e.g. {section}.ID.KEY")
        bucket = merged.items.get(section, [])
        index = _find_item(section, bucket, parts[1], merged)
        if isinstance(index, str):
            return change.problem(index)
        model, origin = bucket[index]
        rest = parts[2:]
        if section == "exclude_cards":
            return change.problem("exclude_cards entries cannot be changed; use --disable ID")

        def put(new: BaseModel) -> None:
            bucket[index] = (new, origin)

    else:
        sections = [*KEYED_SECTIONS, *INDEXED_SECTIONS, *SINGLE_SECTIONS]
        hint = did_you_mean(section, sections)
        return change.problem(f"unknown section '{section}'{hint} (one of: {', '.join(sections)})")
    if not rest:
        fields = ", ".join(_field_names(type(model)))
        named = ".".join(parts)
        return change.problem(f"name the key to change after '{named}' (one of: {fields})")
    data = model.model_dump(by_alias=True, exclude_unset=True)
    located = _place(type(model), data, rest, change)
    if isinstance(located, Problem):
        return located
    try:
        new = type(model).model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = dotted(tuple(error["loc"]))
        message = error["msg"].removeprefix("Value error, ")
        detail = f"{where}: {message}" if where and where != ".".join(rest) else message
        return change.problem(f"{detail} (got {json.dumps(change.value, ensure_ascii=False)})")
    put(new)
    applied.places.append((origin.doc.path, dotted((*origin.loc, *located)), change))
    return None


def _starting_value(merged: Merged, parts: list[str]) -> list[str]:
    """``tracks.X.start`` means the start in this scenario: where the scenario's ``setup``
    overrides it, the change goes there (otherwise it would silently change nothing)."""
    if len(parts) != 3 or parts[0] not in ("tracks", "counters", "flags") or parts[2] != "start":
        return parts
    if "setup" not in merged.singles:
        return parts
    setup = merged.singles["setup"][0]
    table = "flags" if parts[0] == "flags" else "tracks"
    if parts[1] in getattr(setup, table):
        return ["setup", table, parts[1]]
    return parts


def _find_item(
    section: str, bucket: list[tuple[Any, Origin]], name: str, merged: Merged | None = None
) -> int | str:
    """The index of the item ``name`` in a list section, or a message saying why not."""
    if section in INDEXED_SECTIONS:
        if name.isdigit() and int(name) < len(bucket):
            return int(name)
        return f"'{section}' items are numbered 0..{len(bucket) - 1}; got '{name}'"
    keyname = "actor" if section == "doctrine" else "id"
    ids = [getattr(item, keyname) for item, _ in bucket]
    if name in ids:
        return ids.index(name)
    kind = KEYED_SECTIONS[section]
    elsewhere = [
        other
        for other in KEYED_SECTIONS
        if other != section and merged is not None and name in _ids(merged, other)
    ]
    if elsewhere:
        other = elsewhere[0]
        word = KEYED_SECTIONS[other]
        article = "an" if word[0] in "aeiou" else "a"
        return f"unknown {kind} '{name}'; it is {article} {word}: {other}.{name}"
    return f"unknown {kind} '{name}'{did_you_mean(name, ids)}"


def _field_names(model: Any) -> list[str]:
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [f.alias or n for n, f in model.model_fields.items()]
    return []


def _place(
    model: Any, data: Any, parts: list[str], change: Change
) -> tuple[str | int, ...] | Problem:
    """Set ``change.value`` at ``parts`` inside ``data``; return the path it landed on."""
    node, current = data, model
    landed: list[str | int] = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        here = ".".join(parts[: i + 1])
        if isinstance(node, list):
            index = _list_index(node, part)
            if index is None:
                names = [
                    str(x.get("id", x.get("actor", j)))
                    for j, x in enumerate(node)
                    if isinstance(x, dict)
                ]
                hint = did_you_mean(part, names)
                shown = ", ".join(names) or f"0..{len(node) - 1}"
                return change.problem(f"no item '{part}' at {here}{hint} (items: {shown})")
            landed.append(index)
            if last:
                node[index] = change.value
                return tuple(landed)
            node = node[index]
            continue
        if not isinstance(node, dict):
            above = ".".join(parts[:i])
            return change.problem(f"'{above}' holds a single value; it has no '{part}'")
        fields = _field_names(current)
        if fields and part not in fields:
            hint = did_you_mean(part, fields)
            return change.problem(f"unknown key '{part}'{hint} (keys here: {', '.join(fields)})")
        landed.append(part)
        if last:
            node[part] = change.value
            return tuple(landed)
        annotation = _annotation(current, part)
        if part not in node or node[part] is None:
            node[part] = [] if typing.get_origin(annotation) is list else {}
        node = node[part]
        current = _unwrap(annotation) if annotation is not None else None
    return tuple(landed)


def _list_index(node: list[Any], part: str) -> int | None:
    for j, item in enumerate(node):
        if isinstance(item, dict) and part in (item.get("id"), item.get("actor")):
            return j
    if part.isdigit() and int(part) < len(node):
        return int(part)
    return None


def _annotation(model: Any, part: str) -> Any:
    if not _is_model(model):
        return None
    for name, info in model.model_fields.items():
        if (info.alias or name) == part:
            return info.annotation
    return None


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


__all__ = ["DISABLEABLE", "INDEXED_SECTIONS", "KEYED_SECTIONS", "Applied", "apply_variant"]
