"""Where saves live and how they are written: atomically, in the user's data directory.

``WARGAME_DATA_DIR`` overrides the directory (tests point it at a temporary folder).
Writing goes to a temporary file in the same folder, flushed and synced, then
``os.replace``-d over the target, so a crash never leaves a half-written save behind.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from engine.errors import SaveError
from engine.play.saves import SaveData, loads

ENV_DIR = "WARGAME_DATA_DIR"
AUTOSAVE_PREFIX = "autosave-"


def data_dir() -> Path:
    """The folder for saves (created on first use)."""
    override = os.environ.get(ENV_DIR)
    if override:
        base = Path(override)
    else:
        import platformdirs

        base = Path(platformdirs.user_data_dir("wargame", appauthor=False))
    return base


def saves_dir() -> Path:
    """The folder holding save files."""
    return data_dir() / "saves"


def slug(name: str) -> str:
    """A safe file stem for a save name."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name.strip()).strip("-.")
    return stem[:60] or "save"


def save_path(name: str) -> Path:
    """The file a named save is written to."""
    return saves_dir() / f"{slug(name)}.json"


def autosave_path(scenario_id: str) -> Path:
    """The autosave file of a scenario (one per scenario)."""
    return saves_dir() / f"{AUTOSAVE_PREFIX}{slug(scenario_id)}.json"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_save(path: Path) -> SaveData:
    """Read and parse a save file; raise SaveError with a clear message (never delete it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SaveError(f"{path.name}: the file does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SaveError(f"{path.name}: cannot be read ({exc})") from None
    if not text.strip():
        raise SaveError(f"{path.name}: the file is empty (truncated save)")
    return loads(text, origin=path.name)


@dataclass(frozen=True)
class SaveEntry:
    """A save file as listed in the load dialog; ``error`` is set when it cannot be read."""

    path: Path
    name: str
    scenario: str
    turn: str
    saved_at: str
    autosave: bool
    over: bool = False
    error: str = ""


def list_saves() -> list[SaveEntry]:
    """Every save file, newest first; unreadable ones are listed with their error."""
    folder = saves_dir()
    if not folder.is_dir():
        return []
    out = []
    for path in folder.glob("*.json"):
        auto = path.name.startswith(AUTOSAVE_PREFIX)
        try:
            data = read_save(path)
        except SaveError as exc:
            out.append(SaveEntry(path, path.stem, "?", "?", _mtime(path), auto, error=str(exc)))
            continue
        meta = data.meta
        out.append(
            SaveEntry(
                path,
                data.name or path.stem,
                data.scenario_id,
                str(meta.get("turn", "?")),
                data.saved_at or _mtime(path),
                auto,
                bool(meta.get("over", False)),
            )
        )
    return sorted(out, key=lambda e: (e.saved_at, e.path.name), reverse=True)


def latest_autosave() -> SaveEntry | None:
    """The newest readable autosave of an unfinished game, if any."""
    for entry in list_saves():
        if entry.autosave and not entry.error and not entry.over:
            return entry
    return None


def _mtime(path: Path) -> str:
    from datetime import datetime

    try:
        return datetime.fromtimestamp(path.stat().st_mtime).isoformat(timespec="seconds")
    except OSError:
        return ""


__all__ = [
    "ENV_DIR",
    "SaveEntry",
    "autosave_path",
    "data_dir",
    "latest_autosave",
    "list_saves",
    "read_save",
    "save_path",
    "saves_dir",
    "slug",
    "write_atomic",
]
