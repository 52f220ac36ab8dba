"""Where saves live and how they are written: atomically, in the user's data directory.

``WARGAME_DATA_DIR`` overrides the directory (tests point it at a temporary folder).
Writing goes to a temporary file in the same folder (named after the writing process),
flushed and synced, then ``os.replace``-d over the target, and the folder itself is synced,
so a crash or a kill never leaves a half-written save behind. A temporary file whose writer
is gone (killed mid-save) is removed the first time a process uses the folder.

Only regular files are read, and only up to the size of a save (a FIFO, a device or a huge
file in the folder is listed as unreadable, never waited on or loaded).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from engine.errors import SaveError
from engine.play.record.saves import SaveData
from engine.play.record.saves import read_save as _read_save

ENV_DIR = "WARGAME_DATA_DIR"
AUTOSAVE_PREFIX = "autosave-"
#: Save files listed at most (the newest by modification time): a folder of thousands of
#: files still lists quickly.
MAX_LISTED = 500
#: A temporary file of the old naming (no writer's process id) is stale after this long.
STALE_AFTER_SECONDS = 600

#: ``.NAME.json.PID-RANDOM.tmp``: a save being written by process PID.
_TEMP = re.compile(r"^\..+\.json\.(?P<pid>\d{1,10})-[a-z0-9_]{8}\.tmp$")
#: ``.NAME.json.RANDOM.tmp``: the naming before the writer's id was added.
_OLD_TEMP = re.compile(r"^\..+\.json\.[a-z0-9_]{8}\.tmp$")
#: Folders cleaned in this process (each once).
_CLEANED: set[Path] = set()


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


# -- writing -------------------------------------------------------------------------------
def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file, ``os.replace`` and a synced folder."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    if folder.absolute() == saves_dir().absolute():
        clean_stale_temporaries(folder)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable: sync the folder's entry table (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot sync a folder; the rename itself is still atomic
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError, ValueError):
        return True  # exists (another user's), or cannot tell: keep its file
    return True


def clean_stale_temporaries(folder: Path | None = None) -> list[Path]:
    """Remove temporary files left by interrupted saves in ``folder`` (the saves folder by
    default), once per folder per process — at start, the first time the folder is listed or
    written; return the files removed.

    A temporary file names its writer's process id: it is stale once that process is gone.
    (A file of the older naming, without the id, is stale after ten minutes.) Only names that
    :func:`write_atomic` makes for a ``.json`` save are considered.
    """
    folder = folder or saves_dir()
    key = folder.absolute()
    if key in _CLEANED:
        return []
    _CLEANED.add(key)
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    now = time.time()
    for entry in entries:
        if not entry.name.endswith(".tmp"):
            continue
        match = _TEMP.match(entry.name)
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if match is not None:
                stale = not _alive(int(match["pid"]))
            else:
                stale = bool(_OLD_TEMP.match(entry.name)) and (
                    now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_SECONDS
                )
            if stale:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


# -- reading -------------------------------------------------------------------------------
def read_save(path: Path) -> SaveData:
    """Read and parse a save file; raise SaveError with a clear message (never change it)."""
    return _read_save(path)


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


def _save_files(folder: Path) -> list[tuple[float, Path, bool]]:
    """``(modification time, path, regular file)`` of each ``*.json`` entry, newest first,
    at most :data:`MAX_LISTED`. Nothing is opened: a FIFO cannot block the listing."""
    out = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.endswith(".json") or entry.name.startswith("."):
            continue
        try:
            info = entry.stat()  # follows a link: what would be read
        except OSError:
            out.append((0.0, Path(entry.path), False))
            continue
        out.append((info.st_mtime, Path(entry.path), stat.S_ISREG(info.st_mode)))
    out.sort(key=lambda item: (item[0], item[1].name), reverse=True)
    return out[:MAX_LISTED]


def list_saves() -> list[SaveEntry]:
    """Every save file, newest first; unreadable ones are listed with their error."""
    folder = saves_dir()
    if not folder.is_dir():
        return []
    clean_stale_temporaries(folder)
    out = []
    for mtime, path, regular in _save_files(folder):
        auto = path.name.startswith(AUTOSAVE_PREFIX)
        stamp = _stamp(mtime)
        try:
            if not regular:
                raise SaveError(f"{path.name}: not a regular file")
            data = read_save(path)
        except SaveError as exc:
            out.append(SaveEntry(path, path.stem, "?", "?", stamp, auto, error=str(exc)))
            continue
        meta = data.meta
        out.append(
            SaveEntry(
                path,
                data.name or path.stem,
                data.scenario_id,
                str(meta.get("turn", "?")),
                data.saved_at or stamp,
                auto,
                meta.get("over") is True,
            )
        )
    return sorted(out, key=lambda e: (e.saved_at, e.path.name), reverse=True)


def autosaves() -> list[SaveEntry]:
    """Autosaves of unfinished games, newest first, unreadable ones included (with their
    error): what Continue tries, in order."""
    return [e for e in list_saves() if e.autosave and not e.over]


def latest_autosave() -> SaveEntry | None:
    """The newest readable autosave of an unfinished game, if any."""
    return next((e for e in autosaves() if not e.error), None)


def _stamp(mtime: float) -> str:
    from datetime import datetime

    if not mtime:
        return ""
    try:
        return datetime.fromtimestamp(mtime).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return ""


__all__ = [
    "ENV_DIR",
    "SaveEntry",
    "autosave_path",
    "autosaves",
    "clean_stale_temporaries",
    "data_dir",
    "latest_autosave",
    "list_saves",
    "read_save",
    "save_path",
    "saves_dir",
    "slug",
    "write_atomic",
]
