"""Saved games: the scenario reference, its content hash, the seed and the action list.

A save is JSON text. Restoring replays the actions from the start, so a save can never hold
a state the rules could not reach, and undo, replay and fork all use the same mechanism.
This module turns games into text and text — or a save file, read safely — into games;
writing files (atomic, in the user's data directory) is the caller's business. The format,
its one validated model and its limits are in :mod:`engine.play.record.save_format`.

    text = dumps(game, name="before the strike")
    data = loads(text)            # SaveData; raises SaveError when corrupt or incompatible
    game = restore(data)          # replays; raises SaveError when the scenario changed
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from engine.errors import IllegalActionError, InvalidActionError, SaveError, ScenarioError
from engine.load.scenario import Scenario
from engine.play.game import Game
from engine.play.record.save_format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_SAVE_BYTES,
    SaveData,
    parse_save,
)
from engine.play.rules.actions import Action


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
        interventions=tuple((at, iv.to_dict()) for at, iv in game.interventions),
    )


def dumps(
    game: Game, *, name: str = "", saved_at: str = "", meta: Mapping[str, Any] | None = None
) -> str:
    """Serialise ``game`` as save text (JSON, one trailing newline)."""
    data = snapshot(game, name=name, saved_at=saved_at, meta=meta)
    return json.dumps(data.to_dict(), indent=1, ensure_ascii=False) + "\n"


def loads(text: str, *, origin: str = "save") -> SaveData:
    """Parse and check save text; raise :class:`SaveError` naming what is wrong.

    ``origin`` (a file name, usually) prefixes every message. The text is read through one
    validated model within limits (:mod:`engine.play.record.save_format`).
    """
    return parse_save(text, origin)


def read_save(path: Path) -> SaveData:
    """Read and parse a save file; raise :class:`SaveError` naming the file (never change it).

    Only a regular file is read (a FIFO or a device is refused without blocking on it), and
    only up to :data:`MAX_SAVE_BYTES`.
    """
    name = path.name or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise SaveError(f"{name}: the file does not exist") from None
    except (OSError, ValueError) as exc:
        raise SaveError(f"{name}: cannot be read ({_reason(exc)})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SaveError(f"{name}: not a regular file")
        if info.st_size > MAX_SAVE_BYTES:
            raise SaveError(
                f"{name}: the file is {info.st_size:,} bytes; a save is at most {MAX_SAVE_BYTES:,}"
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_SAVE_BYTES + 1)
    except OSError as exc:
        raise SaveError(f"{name}: cannot be read ({_reason(exc)})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_SAVE_BYTES:
        raise SaveError(f"{name}: the file grew past {MAX_SAVE_BYTES:,} bytes while being read")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SaveError(f"{name}: not UTF-8 text (byte {exc.start + 1})") from None
    return loads(text, origin=name)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)[:200]


def default_loader(data: SaveData) -> Scenario:
    """Load the save's scenario — the shipped one with its id, else the recorded path — with
    the changes it was played with."""
    from engine.load.check.build import load_scenario
    from engine.load.read.catalog import UnknownScenarioError, resolve

    try:
        path: str | Path = resolve(data.base_id or data.scenario_id)
    except (UnknownScenarioError, OSError, ValueError):
        if _is_file(data.scenario_path):
            path = data.scenario_path
        else:
            shown = _printable(data.scenario_path[:200]) or "no path"
            raise SaveError(
                f"the save's scenario '{data.scenario_id}' is not installed "
                f"(and {shown} is not a file)"
            ) from None
    try:
        return load_scenario(path, data.variant)
    except (ScenarioError, OSError, ValueError) as exc:
        raise SaveError(f"the save's scenario '{data.scenario_id}' does not load: {exc}") from None


def _printable(text: str) -> str:
    """``text`` with control characters shown as '?' (a message must not drive the terminal)."""
    return "".join(c if c.isprintable() else "?" for c in text)


def _is_file(path: str) -> bool:
    try:
        return bool(path) and Path(path).is_file()
    except (OSError, ValueError):  # too long a name, a NUL byte
        return False


def restore(
    data: SaveData,
    loader: Callable[[SaveData], Scenario] = default_loader,
    *,
    origin: str | None = None,
) -> Game:
    """Rebuild the saved game by replaying its actions; raise :class:`SaveError` if it cannot.

    The scenario's content hash must match: a save made against another version of the
    scenario would replay into a different game, so it is refused rather than half-restored.
    Messages begin with ``origin`` (by default the file the save was read from).
    """
    origin = origin or data.origin
    try:
        scenario = loader(data)
    except SaveError as exc:
        message = str(exc)
        raise SaveError(message if message.startswith(origin) else f"{origin}: {message}") from None
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
    return replay(scenario, data.seed, data.actions, origin=origin, umpire=data.interventions)


def replay(
    scenario: Scenario,
    seed: int,
    actions: tuple[str, ...] | list[str],
    *,
    origin: str = "save",
    umpire: Sequence[tuple[int, Any]] = (),
) -> Game:
    """A new game of ``scenario`` with ``seed`` after applying ``actions`` (checked), and the
    umpire's interventions (``(actions before it, Intervention or its dict)``) each at its
    moment."""
    from engine.play.rules.resolving.umpire import Intervention, UmpireError, intervene

    game = Game.new(scenario, seed)
    pending = sorted(((at, i, iv) for i, (at, iv) in enumerate(umpire)), key=lambda item: item[:2])

    def interventions_up_to(taken: int) -> None:
        while pending and pending[0][0] <= taken:
            at, _, iv = pending.pop(0)
            try:
                if not isinstance(iv, Intervention):
                    iv = Intervention.from_dict(iv)
                intervene(game, iv)
            except (UmpireError, KeyError, TypeError, ValueError) as exc:
                raise SaveError(
                    f"{origin}: the umpire's intervention after action {at} no longer "
                    f"replays: {exc}"
                ) from None

    for index, text in enumerate(actions, start=1):
        interventions_up_to(index - 1)
        try:
            game.apply(Action.parse(text) if isinstance(text, str) else text)
        except (InvalidActionError, IllegalActionError) as exc:
            raise SaveError(
                f"{origin}: action {index} of {len(actions)} ('{text}') no longer replays: {exc}"
            ) from None
    interventions_up_to(len(actions))
    return game


def load_game(
    text: str, loader: Callable[[SaveData], Scenario] = default_loader, *, origin: str = "save"
) -> tuple[Game, SaveData]:
    """Parse and restore in one step."""
    data = loads(text, origin=origin)
    return restore(data, loader, origin=origin), data


__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_SAVE_BYTES",
    "SaveData",
    "default_loader",
    "dumps",
    "load_game",
    "loads",
    "read_save",
    "replay",
    "restore",
    "snapshot",
]
