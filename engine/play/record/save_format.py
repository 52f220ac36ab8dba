"""The save file format: one validated model, read within limits, every fault a SaveError.

A save is JSON text. Reading one never trusts it: the text is bounded in size, its numbers in
digits and its nesting in depth before or while it is parsed, and the parsed document is
validated by one strict model (:class:`SaveDocument`) before a :class:`SaveData` is made from
it. Whatever the file holds — truncated, corrupt, hostile, of another version — the result
is a :class:`SaveData` or a :class:`SaveError` that names the file and what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from engine.errors import SaveError
from engine.load.vary.variant import Variant, VariantError

#: Version of the save format; a save with another version is refused with a clear message.
FORMAT_VERSION = 1
#: Marks a JSON document as a wargame save (so a stray JSON file is not mistaken for one).
FORMAT_NAME = "wargame-save"

# -- limits (far above any real save: a 100-turn game of many actors is under 1 MB) --------
#: Bytes (and characters) of save text.
MAX_SAVE_BYTES = 4 * 1024 * 1024
#: How deeply objects and lists may nest (a save uses four levels; meta a few more).
MAX_SAVE_DEPTH = 16
#: Digits of any number (a seed is at most 20).
MAX_NUMBER_DIGITS = 24
#: Actions in one save, and characters in one action.
MAX_ACTIONS = 200_000
MAX_ACTION_CHARS = 300
#: Characters of a save's name, its time stamp, a scenario path, an id.
MAX_NAME_CHARS = 500
MAX_PATH_CHARS = 4096
MAX_ID_CHARS = 200
#: Characters of an umpire's reason or inject.
MAX_REASON_CHARS = 500
#: Characters of one bot's explanation of its move.
MAX_EXPLANATION_CHARS = 2000
#: Seeds are 64-bit (the game uses ``seed & (2**64 - 1)``); a save's lies within ±2**64.
MAX_SEED = 2**64

_Key = Annotated[str, StringConstraints(max_length=MAX_ID_CHARS)]
_Action = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ACTION_CHARS)]
_ScenarioId = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=MAX_ID_CHARS)
]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")


class SavedScenario(_Strict):
    """Which scenario a save is of, and in which version."""

    id: _ScenarioId = Field(description="The scenario's id (a variant's own id for a variant).")
    path: str = Field(default="", max_length=MAX_PATH_CHARS, description="Where it was loaded.")
    content_hash: str = Field(
        min_length=1, max_length=128, description="Fingerprint of its rules when saved."
    )
    base: _ScenarioId | Literal[""] = Field(
        default="", description="The scenario file a variant changes."
    )
    variant: dict[str, Any] | None = Field(default=None, description="The changes played with.")


class SavedMeta(BaseModel):
    """Caller data: who played each side, the turn reached, whether the game is over; any
    other keys are kept as they are (within the limits of the whole document)."""

    model_config = ConfigDict(strict=True, frozen=True, extra="allow")

    players: dict[_Key, Annotated[str, StringConstraints(max_length=MAX_ID_CHARS)]] = Field(
        default_factory=dict, max_length=1000, description="Actor id → 'human' or a bot kind."
    )
    turn: Annotated[str, StringConstraints(max_length=MAX_NAME_CHARS)] | int = Field(
        default="", description="The turn reached, as shown in lists."
    )
    over: bool = Field(default=False, description="Whether the game had ended.")
    bots: dict[_Key, dict[_Key, Annotated[int, Field(ge=0, lt=MAX_SEED)]]] = Field(
        default_factory=dict,
        max_length=1000,
        description="Actor id → its bot's state (a generator, a call count): 64-bit integers.",
    )
    explanations: dict[
        Annotated[str, StringConstraints(pattern=r"^[0-9]{1,9}$")],
        Annotated[str, StringConstraints(max_length=MAX_EXPLANATION_CHARS)],
    ] = Field(
        default_factory=dict,
        max_length=MAX_ACTIONS,
        description="Index of an action → why the bot that took it chose it (shown in the log).",
    )


class SavedIntervention(_Strict):
    """An umpire's intervention (see :mod:`engine.play.rules.resolving.umpire`) and when it came."""

    at: int = Field(ge=0, le=MAX_ACTIONS, description="How many actions were taken before it.")
    kind: Literal["set", "flag", "place", "remove", "inject"]
    target: str = Field(max_length=MAX_REASON_CHARS, description="Track, flag, piece or text.")
    value: int = Field(default=0, ge=-MAX_SEED, le=MAX_SEED)
    zone: str | None = Field(default=None, max_length=MAX_ID_CHARS)
    reason: str = Field(min_length=1, max_length=MAX_REASON_CHARS)


class SaveDocument(_Strict):
    """A whole save file, as JSON."""

    format: Literal["wargame-save"]
    version: Literal[1]
    name: str = Field(default="", max_length=MAX_NAME_CHARS)
    saved_at: str = Field(default="", max_length=MAX_NAME_CHARS)
    scenario: SavedScenario
    seed: int = Field(ge=-MAX_SEED, le=MAX_SEED)
    actions: list[_Action] = Field(max_length=MAX_ACTIONS)
    meta: SavedMeta = Field(default_factory=SavedMeta)
    #: Absent from saves without interventions, so those read as before.
    umpire: list[SavedIntervention] = Field(default_factory=list, max_length=MAX_ACTIONS)


@dataclass(frozen=True)
class SaveData:
    """A parsed, validated save (not yet replayed)."""

    scenario_id: str
    scenario_path: str
    content_hash: str
    seed: int
    actions: tuple[str, ...]
    name: str = ""
    saved_at: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)
    #: The changes the scenario was played with (``--set``, ``--disable``, a variant file).
    variant: Variant = field(default_factory=Variant)
    #: The id of the scenario file the variant changes ("" when it is ``scenario_id``).
    base_id: str = ""
    #: Where it was read from (a file name), named by every message about it; not saved.
    origin: str = "save"
    #: Umpire interventions as (actions before it, its fields), in the order they came.
    interventions: tuple[tuple[int, dict[str, Any]], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form, with a stable key order."""
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "name": self.name,
            "saved_at": self.saved_at,
            "scenario": {
                "id": self.scenario_id,
                "path": self.scenario_path,
                "content_hash": self.content_hash,
                **(
                    {"base": self.base_id, "variant": self.variant.to_dict()}
                    if self.variant
                    else {}
                ),
            },
            "seed": self.seed,
            "actions": list(self.actions),
            "meta": dict(self.meta),
            **(
                {"umpire": [{"at": at, **fields} for at, fields in self.interventions]}
                if self.interventions
                else {}
            ),
        }


class _Refused(Exception):
    """Raised from inside the JSON parser's hooks: the text breaks a limit."""


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _Refused(f"a number has {len(text.lstrip('-'))} digits (at most {MAX_NUMBER_DIGITS})")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS + 8:
        raise _Refused(f"a number has {len(text)} characters (at most {MAX_NUMBER_DIGITS + 8})")
    return float(text)


def _constant(text: str) -> float:
    raise _Refused(f"{text} is not a number JSON allows")


def _check_tree(raw: Any) -> None:
    """Depth within limits and only text that can be written back (no lone surrogates);
    iterative, so a deep document cannot exhaust the stack."""
    stack: list[tuple[Any, int]] = [(raw, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > MAX_SAVE_DEPTH:
                raise _Refused(f"objects and lists nest more than {MAX_SAVE_DEPTH} levels deep")
            items = [*node.keys(), *node.values()] if isinstance(node, dict) else node
            stack.extend((item, depth + 1) for item in items)
        elif isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                raise _Refused("a text holds an invalid character (a lone surrogate)") from None


def _parse_json(text: str, origin: str) -> Any:
    if len(text) > MAX_SAVE_BYTES:
        raise SaveError(
            f"{origin}: the save is {len(text):,} characters; the limit is {MAX_SAVE_BYTES:,}"
        )
    if not text.strip():
        raise SaveError(f"{origin}: the file is empty (truncated save)")
    try:
        raw = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
        _check_tree(raw)
    except _Refused as exc:
        raise SaveError(f"{origin}: {exc}") from None
    except RecursionError:
        raise SaveError(
            f"{origin}: objects and lists nest more than {MAX_SAVE_DEPTH} levels deep"
        ) from None
    except json.JSONDecodeError as exc:
        body = text.strip()
        truncated = body.startswith("{") and not body.endswith("}")
        hint = " (the file looks truncated)" if truncated else ""
        raise SaveError(
            f"{origin}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}"
        ) from None
    return raw


_MESSAGES = {
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "string_type": "should be text",
    "bool_type": "should be true or false",
    "dict_type": "should be an object",
    "model_type": "should be an object",
    "model_attributes_type": "should be an object",
    "list_type": "should be a list",
    "string_too_long": "is too long",
    "string_too_short": "should not be empty",
    "too_long": "has too many items",
    "string_pattern_mismatch": "is not a scenario id (lower-case letters, digits and '-')",
    "greater_than_equal": "is out of range",
    "greater_than": "is out of range",
    "less_than_equal": "is out of range",
    "less_than": "is out of range",
    "extra_forbidden": "is not a key of a save",
    "literal_error": "has a value a save cannot have",
}


def _where(raw: Any, loc: tuple[Any, ...], missing: bool) -> str:
    """The dotted place of an error: the parts of pydantic's ``loc`` that index the document
    (not the names of union members), and for a missing key, that key."""
    parts, node = [], raw
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_dict or in_list):
            continue
        node = node[part]
        parts.append(str(part))
    if missing:
        parts.append(str(loc[-1]))
    return ".".join(parts)


def _summary(raw: Any, exc: ValidationError) -> str:
    """The first few faults, one clause each; the members of a union (``turn``: text or a
    whole number) are joined into one clause."""
    places: dict[tuple[str, bool], list[str]] = {}
    for error in exc.errors(include_url=False):
        kind = error["type"]
        missing = kind == "missing"
        messages = places.setdefault((_where(raw, error["loc"], missing), missing), [])
        if missing:
            continue
        message = _MESSAGES.get(kind, str(error["msg"])[:100])
        if kind in ("string_too_long", "too_long"):
            limit = error.get("ctx", {}).get("max_length")
            message += f" (at most {limit:,})" if isinstance(limit, int) else ""
        messages.append(message if not messages else message.removeprefix("should be "))
    clauses = [
        f'missing "{where}"' if missing else f'"{where}" {" or ".join(messages)}'
        for (where, missing), messages in places.items()
    ]
    more = f" (and {len(clauses) - 3} more)" if len(clauses) > 3 else ""
    return "; ".join(clauses[:3]) + more


def parse_save(text: str, origin: str = "save") -> SaveData:
    """Parse and check save text; raise :class:`SaveError` naming ``origin`` and the fault."""
    raw = _parse_json(text, origin)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_NAME:
        raise SaveError(f'{origin}: not a wargame save (no "format": "{FORMAT_NAME}")')
    version = raw.get("version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        shown = repr(version)
        shown = shown if len(shown) <= 30 else shown[:30] + "…"
        raise SaveError(
            f"{origin}: save format version {shown} is not supported "
            f"(this wargame reads version {FORMAT_VERSION})"
        )
    try:
        doc = SaveDocument.model_validate(raw)
    except ValidationError as exc:
        raise SaveError(f"{origin}: {_summary(raw, exc)}") from None
    variant = Variant()
    if doc.scenario.variant is not None:
        try:
            variant = Variant.from_dict(doc.scenario.variant)
        except VariantError as exc:
            raise SaveError(f'{origin}: "scenario.variant": {exc}') from None
    meta = dict(raw.get("meta", {}))
    return SaveData(
        scenario_id=doc.scenario.id,
        scenario_path=doc.scenario.path,
        content_hash=doc.scenario.content_hash,
        seed=doc.seed,
        actions=tuple(doc.actions),
        name=doc.name,
        saved_at=doc.saved_at,
        meta=meta,
        variant=variant,
        base_id=doc.scenario.base,
        origin=origin,
        interventions=tuple(
            (iv.at, iv.model_dump(exclude={"at"}, exclude_none=True)) for iv in doc.umpire
        ),
    )


__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_SAVE_BYTES",
    "MAX_SAVE_DEPTH",
    "SaveData",
    "SaveDocument",
    "parse_save",
]
