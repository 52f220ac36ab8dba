"""Variants: a scenario with a few changes — values set by dotted path, parts switched off.

A variant is how an analyst asks "what if?" without copying and editing YAML. Changes come
from the command line (``--set tracks.tolerance.start=4``, ``--disable token_gesture``) or from
a variant file (a base scenario, a title, a why, and the same changes), and are applied to the
merged scenario before it is checked, so every change is checked like the file itself:

    variant = Variant.from_options(sets=["tracks.tolerance.start=4"], disable=["token_gesture"])
    scenario = load_scenario("scenarios/syria/russian-reaction.yaml", variant)

A path starts with a section; items of list sections are named by id (``cards.airstrike``,
``rules.unpaid_ledger``; doctrine by actor, victory end scores by actor, starting pieces by
index); below that come the item's keys, list items by id or index
(``turns.phases.action.rounds``, ``cards.airstrike.roll.modifiers.0.add``). ``params.NAME``
is short for ``params.NAME.default``. Applying the changes is
:mod:`engine.load.vary.apply`'s business.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine.errors import Problem
from engine.load.models import VariantDocument
from engine.load.read.yamlpos import LocatedDocument


@dataclass(frozen=True)
class Change:
    """One change: set ``path`` to ``value``, or (``disable``) switch off the item ``path``.

    ``origin`` is where it was written — ``(file, line, column)``, or the command-line text
    with line 0 — so that a problem with it is reported there.
    """

    path: str
    value: Any = None
    disable: bool = False
    origin: tuple[str, int, int] = ("", 0, 0)

    def __str__(self) -> str:
        if self.disable:
            return f"disable {self.path}"
        return f"{self.path} = {json.dumps(self.value, ensure_ascii=False)}"

    def problem(self, message: str) -> Problem:
        """A problem located where this change was written."""
        where, line, column = self.origin
        if line == 0:
            where = where or (f"--disable {self.path}" if self.disable else f"--set {self.path}")
            return Problem(where, 0, 0, "", message)
        key = f"disable[{self.path}]" if self.disable else f"set.{self.path}"
        return Problem(where, line, column, key, message)


@dataclass(frozen=True)
class Variant:
    """A set of changes to a scenario, with the title and why of a variant file if any."""

    changes: tuple[Change, ...] = ()
    id: str = ""
    title: str = ""
    why: str = ""
    #: The base scenario a variant file names (a shipped id or a path), "" otherwise.
    base: str = ""
    _key: str = field(default="", compare=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.changes or self.id)

    @classmethod
    def from_options(
        cls, sets: Iterable[str] = (), disable: Iterable[str] = (), turns: int | None = None
    ) -> Variant:
        """Changes given on the command line; raise :class:`VariantError` for malformed text."""
        changes = [parse_set(text) for text in sets]
        if turns is not None:
            changes.append(Change("turns.count", turns, origin=(f"--turns {turns}", 0, 0)))
        for item in disable:
            item = item.strip()
            if not item:
                raise VariantError("--disable needs an id (a card, operation or rule)")
            changes.append(Change(item, disable=True, origin=(f"--disable {item}", 0, 0)))
        return cls(tuple(changes))

    def then(self, other: Variant | None) -> Variant:
        """These changes followed by ``other``'s (a variant file's identity is kept)."""
        if not other:
            return self
        return Variant(
            (*self.changes, *other.changes),
            self.id or other.id,
            self.title or other.title,
            self.why or other.why,
            self.base or other.base,
        )

    def key(self) -> str:
        """Canonical text of what changes play (for content hashes and caches)."""
        return json.dumps(
            [self.id, [[c.disable, c.path, c.value] for c in self.changes]],
            sort_keys=True,
            ensure_ascii=False,
        )

    def describe(self) -> list[str]:
        """One line per change, for reports."""
        return [str(c) for c in self.changes]

    @property
    def disabled(self) -> tuple[str, ...]:
        """Ids switched off."""
        return tuple(c.path for c in self.changes if c.disable)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (saves and reports); changes keep their order."""
        out: dict[str, Any] = {
            "changes": [
                {"disable": c.path} if c.disable else {"set": c.path, "to": c.value}
                for c in self.changes
            ]
        }
        for name in ("id", "title", "why", "base"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        return out

    @classmethod
    def from_dict(cls, data: Any) -> Variant:
        """Read :meth:`to_dict` output; raise :class:`VariantError` when malformed."""
        if not isinstance(data, dict):
            raise VariantError("a variant must be an object")
        entries = data.get("changes", [])
        if not isinstance(entries, list):
            raise VariantError('"changes" must be a list')
        changes = []
        for entry in entries:
            if (
                isinstance(entry, dict)
                and set(entry) == {"disable"}
                and isinstance(entry["disable"], str)
            ):
                origin = (f"saved change: disable {entry['disable']}", 0, 0)
                changes.append(Change(entry["disable"], disable=True, origin=origin))
            elif (
                isinstance(entry, dict)
                and set(entry) == {"set", "to"}
                and isinstance(entry["set"], str)
            ):
                origin = (f"saved change: {entry['set']}", 0, 0)
                changes.append(Change(entry["set"], entry["to"], origin=origin))
            else:
                raise VariantError(
                    'each change must be {"set": PATH, "to": VALUE} or {"disable": ID}'
                )
        texts = {k: data.get(k, "") for k in ("id", "title", "why", "base")}
        if not all(isinstance(v, str) for v in texts.values()):
            raise VariantError("a variant's id, title, why and base must be text")
        return cls(tuple(changes), **texts)


class VariantError(ValueError):
    """A malformed ``--set``/``--disable`` text or saved variant (a one-line message)."""


def parse_set(text: str) -> Change:
    """``PATH=VALUE`` → a :class:`Change`; the value is read as YAML (``4``, ``true``, ``'x'``)."""
    path, sep, raw = text.partition("=")
    path = path.strip()
    if not sep or not path:
        raise VariantError(
            f"--set '{text}' should look like PATH=VALUE, e.g. tracks.tolerance.start=4"
        )
    if any(not part for part in path.split(".")):
        raise VariantError(f"--set {text}: the path '{path}' has an empty part")
    return Change(path, parse_value(raw), origin=(f"--set {text}", 0, 0))


def parse_value(raw: str) -> Any:
    """A command-line value read as YAML; values JSON cannot hold (dates) stay text."""
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        return raw
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return raw
    return value


# -- variant files --------------------------------------------------------------------------
def is_variant_document(doc: LocatedDocument) -> bool:
    """Whether a parsed file is a variant (a mapping with a top-level ``base``)."""
    return isinstance(doc.data, dict) and "base" in doc.data


def read_variant(doc: LocatedDocument) -> tuple[Variant | None, list[Problem]]:
    """The variant a parsed variant file describes, or the problems with it."""
    from engine.load.read.loader import _validate  # the same error mapping as scenario files

    problems: list[Problem] = []
    model = _validate(VariantDocument, doc, problems)
    if model is None:
        return None, problems
    changes = []
    for path, value in model.set.items():
        pos = doc.position(("set", path), key=True)
        changes.append(Change(path, value, origin=(doc.path, pos.line, pos.column)))
    for i, item in enumerate(model.disable):
        pos = doc.position(("disable", i))
        changes.append(Change(item, disable=True, origin=(doc.path, pos.line, pos.column)))
    variant = Variant(tuple(changes), model.id, model.title, model.why, model.base)
    return variant, problems


def base_path(
    doc: LocatedDocument, variant: Variant, file: Path, allow: Iterable[str | Path] = ()
) -> tuple[Path | None, list[Problem]]:
    """Where a variant file's base scenario is: a shipped id, or a path from the variant's
    folder to a scenario in that folder or the one above it (a campaign's ``variants/``
    folder names ``../scenario.yaml``) or in an allowed folder. The base's includes are then
    contained in the base's own folder, as for any scenario."""
    from engine.load.read.catalog import shipped_path, unknown_scenario
    from engine.load.read.loader import include_roots, resolved
    from engine.load.read.verdict import Kind, kind_of

    home = resolved(file).parent
    beside = resolved(home / variant.base)
    try:
        is_file = beside.is_file()
    except (OSError, ValueError):
        is_file = False
    if is_file:
        roots = (home.parent, *include_roots(resolved(file), allow))
        if not any(beside.is_relative_to(root) for root in roots):
            message = (
                f"the base '{variant.base}' is outside the variant's folder and the folder "
                "above it; name a shipped id, or allow its folder with --allow-includes DIR"
            )
            return None, [doc.problem(("base",), message)]
        path = beside
    else:
        found = shipped_path(variant.base)
        if found is None:
            return None, [doc.problem(("base",), unknown_scenario(variant.base))]
        path = found
    kind, _, problems = kind_of(path)
    if problems:
        return None, problems
    if kind is Kind.VARIANT:
        message = f"the base '{variant.base}' is itself a variant; name the scenario it varies"
        return None, [doc.problem(("base",), message)]
    if kind is not Kind.SCENARIO:
        return None, [doc.problem(("base",), f"the base '{variant.base}' is not a scenario")]
    return path, []


__all__ = [
    "Change",
    "Variant",
    "VariantError",
    "base_path",
    "is_variant_document",
    "parse_set",
    "parse_value",
    "read_variant",
]
