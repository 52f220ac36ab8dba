"""Saved games: the scenario reference, its content hash, the seed and the action list.

A save is JSON text. Restoring replays the actions from the start, so a save can never hold
a state the rules could not reach, and undo, replay and fork all use the same mechanism.
This module is pure: it turns games into text and text into games; writing files (atomic,
in the user's data directory) is the caller's business.

    text = dumps(game, name="before the strike")
    data = loads(text)            # SaveData; raises SaveError when corrupt or incompatible
    game = restore(data)          # replays; raises SaveError when the scenario changed
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import IllegalActionError, InvalidActionError, SaveError, ScenarioError
from engine.load.scenario import Scenario
from engine.load.variants import Variant, VariantError
from engine.play.actions import Action
from engine.play.game import Game

#: Version of the save format; a save with another version is refused with a clear message.
FORMAT_VERSION = 1
#: Marks a JSON document as a wargame save (so a stray JSON file is not mistaken for one).
FORMAT_NAME = "wargame-save"


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
        }


def snapshot(
    game: Game, *, name: str = "", saved_at: str = "", meta: Mapping[str, Any] | None = None
) -> SaveData:
    """The save of ``game``: what is needed to replay it to its present state.

    ``meta`` holds caller data that the engine does not interpret (e.g. who plays each side);
    it must be JSON-serialisable.
    """
    scenario = game.scenario
    return SaveData(
        scenario_id=scenario.id,
        scenario_path=str(scenario.path),
        content_hash=scenario.content_hash,
        seed=game.seed,
        actions=tuple(str(a) for a in game.actions),
        name=name,
        saved_at=saved_at,
        meta=dict(meta or {}),
        variant=scenario.variant,
        base_id=scenario.base_id if scenario.variant else "",
    )


def dumps(
    game: Game, *, name: str = "", saved_at: str = "", meta: Mapping[str, Any] | None = None
) -> str:
    """Serialise ``game`` as save text (JSON, one trailing newline)."""
    data = snapshot(game, name=name, saved_at=saved_at, meta=meta)
    return json.dumps(data.to_dict(), indent=1, ensure_ascii=False) + "\n"


def loads(text: str, *, origin: str = "save") -> SaveData:
    """Parse and check save text; raise :class:`SaveError` naming what is wrong.

    ``origin`` (a file name, usually) prefixes every message.
    """
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        body = text.strip()
        truncated = body.startswith("{") and not body.endswith("}")
        hint = " (the file looks truncated)" if truncated else ""
        raise SaveError(
            f"{origin}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}"
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_NAME:
        raise SaveError(f'{origin}: not a wargame save (no "format": "{FORMAT_NAME}")')
    version = raw.get("version")
    if version != FORMAT_VERSION:
        raise SaveError(
            f"{origin}: save format version {version!r} is not supported "
            f"(this wargame reads version {FORMAT_VERSION})"
        )
    scenario = _field(raw, "scenario", dict, origin)
    actions = _field(raw, "actions", list, origin)
    if not all(isinstance(a, str) for a in actions):
        raise SaveError(f'{origin}: "actions" must be a list of action strings')
    seed = _field(raw, "seed", int, origin)
    meta = raw.get("meta", {})
    if not isinstance(meta, dict):
        raise SaveError(f'{origin}: "meta" must be an object')
    variant = Variant()
    if "variant" in scenario:
        try:
            variant = Variant.from_dict(scenario["variant"])
        except VariantError as exc:
            raise SaveError(f'{origin}: "scenario.variant": {exc}') from None
    base_id = scenario.get("base", "")
    if not isinstance(base_id, str):
        raise SaveError(f'{origin}: "scenario.base" should be a str')
    return SaveData(
        scenario_id=_field(scenario, "id", str, origin, "scenario.id"),
        scenario_path=str(scenario.get("path", "")),
        content_hash=_field(scenario, "content_hash", str, origin, "scenario.content_hash"),
        seed=seed,
        actions=tuple(actions),
        name=str(raw.get("name", "")),
        saved_at=str(raw.get("saved_at", "")),
        meta=meta,
        variant=variant,
        base_id=base_id,
    )


def _field(raw: dict[str, Any], key: str, kind: type, origin: str, label: str = "") -> Any:
    label = label or key
    if key not in raw:
        raise SaveError(f'{origin}: missing "{label}"')
    value = raw[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SaveError(f'{origin}: "{label}" should be a {kind.__name__}')
    return value


def default_loader(data: SaveData) -> Scenario:
    """Load the save's scenario — the shipped one with its id, else the recorded path — with
    the changes it was played with."""
    from engine.load.build import load_scenario
    from engine.load.catalog import UnknownScenarioError, resolve

    try:
        path: str | Path = resolve(data.base_id or data.scenario_id)
    except UnknownScenarioError:
        if data.scenario_path and Path(data.scenario_path).is_file():
            path = data.scenario_path
        else:
            raise SaveError(
                f"the save's scenario '{data.scenario_id}' is not installed "
                f"(and {data.scenario_path or 'no path'} is not a file)"
            ) from None
    try:
        return load_scenario(path, data.variant)
    except ScenarioError as exc:
        raise SaveError(f"the save's scenario '{data.scenario_id}' does not load: {exc}") from None


def restore(
    data: SaveData,
    loader: Callable[[SaveData], Scenario] = default_loader,
    *,
    origin: str = "save",
) -> Game:
    """Rebuild the saved game by replaying its actions; raise :class:`SaveError` if it cannot.

    The scenario's content hash must match: a save made against another version of the
    scenario would replay into a different game, so it is refused rather than half-restored.
    """
    scenario = loader(data)
    if scenario.id != data.scenario_id:
        raise SaveError(
            f"{origin}: made for scenario '{data.scenario_id}', but '{scenario.id}' was loaded"
        )
    if scenario.content_hash != data.content_hash:
        raise SaveError(
            f"{origin}: scenario '{data.scenario_id}' has changed since this game was saved "
            f"(content hash {data.content_hash[:12]}… ≠ {scenario.content_hash[:12]}…); "
            "the game cannot be replayed faithfully"
        )
    return replay(scenario, data.seed, data.actions, origin=origin)


def replay(
    scenario: Scenario, seed: int, actions: tuple[str, ...] | list[str], *, origin: str = "save"
) -> Game:
    """A new game of ``scenario`` with ``seed`` after applying ``actions`` (checked)."""
    game = Game.new(scenario, seed)
    for index, text in enumerate(actions, start=1):
        try:
            game.apply(Action.parse(text) if isinstance(text, str) else text)
        except (InvalidActionError, IllegalActionError) as exc:
            raise SaveError(
                f"{origin}: action {index} of {len(actions)} ('{text}') no longer replays: {exc}"
            ) from None
    return game


def load_game(
    text: str, loader: Callable[[SaveData], Scenario] = default_loader, *, origin: str = "save"
) -> tuple[Game, SaveData]:
    """Parse and restore in one step."""
    data = loads(text, origin=origin)
    return restore(data, loader, origin=origin), data


__all__ = [
    "FORMAT_VERSION",
    "SaveData",
    "default_loader",
    "dumps",
    "load_game",
    "loads",
    "replay",
    "restore",
    "snapshot",
]
