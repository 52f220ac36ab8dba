"""The saves folder: atomic writes that survive kill -9, stale temporary files cleaned at the
next start, only regular files read, a size cap, unreadable saves listed with their error."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tui import storage
from tui.storage import (
    autosave_path,
    autosaves,
    clean_stale_temporaries,
    latest_autosave,
    list_saves,
    read_save,
    save_path,
    saves_dir,
    write_atomic,
)

ROOT = Path(__file__).resolve().parents[2]


def save_text(name: str, seed: int, *, scenario: str = "tutorial", padding: int = 0) -> str:
    return json.dumps(
        {
            "format": "wargame-save",
            "version": 1,
            "name": name,
            "saved_at": f"2026-11-28T10:{seed % 60:02d}:00",
            "scenario": {"id": scenario, "path": "", "content_hash": "abc"},
            "seed": seed,
            "actions": ["israel pass"] * padding,
            "meta": {"turn": "1", "over": False},
        }
    )


@pytest.fixture(autouse=True)
def fresh_cleaning():
    """Each test is a 'start' of its own: folders are cleaned again."""
    storage._CLEANED.clear()
    yield
    storage._CLEANED.clear()


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_leaves_no_temporary_and_names_its_writer(monkeypatch):
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append(Path(src).name)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    path = save_path("x")
    write_atomic(path, "one")
    write_atomic(path, "two")
    assert path.read_text() == "two"
    assert temporaries(path.parent) == []
    assert all(name.startswith(f".x.json.{os.getpid()}-") for name in seen), seen


def test_the_folder_is_synced_after_each_replace(monkeypatch):
    if os.name != "posix":
        pytest.skip("folders are synced on POSIX only")
    synced = []
    real_fsync = os.fsync

    def spy(fd):
        synced.append(os.path.isdir(f"/proc/self/fd/{fd}") if Path("/proc").exists() else True)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    write_atomic(save_path("y"), "text")
    assert synced == [False, True]  # the file, then its folder


def test_stale_temporaries_of_dead_writers_are_removed_at_start():
    folder = saves_dir()
    folder.mkdir(parents=True)
    # a writer that dies mid-save, as kill -9 leaves it
    code = (
        "import os, tempfile, sys; "
        "fd, p = tempfile.mkstemp(prefix='.a.json.%d-' % os.getpid(), suffix='.tmp', "
        "dir=sys.argv[1]); os.write(fd, b'{half'); print(p)"
    )
    dead = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, check=True
    ).stdout.strip()
    old = folder / ".b.json.abcd1234.tmp"  # the naming before writers were named
    old.write_text("{half")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    recent_old = folder / ".c.json.efgh5678.tmp"
    recent_old.write_text("{half")
    alive = folder / f".d.json.{os.getpid()}-ijkl9012.tmp"  # this process: still writing
    alive.write_text("{half")
    unrelated = folder / "notes.tmp"
    unrelated.write_text("mine")
    assert {p.name for p in clean_stale_temporaries()} == {Path(dead).name, old.name}
    assert sorted(temporaries(folder)) == sorted([recent_old.name, alive.name, unrelated.name])
    assert clean_stale_temporaries() == []  # once per start


def test_listing_skips_nothing_and_never_blocks_on_special_files():
    folder = saves_dir()
    folder.mkdir(parents=True)
    write_atomic(save_path("good"), save_text("good", 1))
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.json")  # reading it would block forever
    (folder / "dir.json").mkdir()
    (folder / "empty.json").write_bytes(b"")
    big = folder / "big.json"
    with big.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024)  # sparse: cheap to make
    entries = {e.path.name: e for e in list_saves()}
    assert entries["good.json"].error == ""
    if hasattr(os, "mkfifo"):
        assert "not a regular file" in entries["pipe.json"].error
    assert "not a regular file" in entries["dir.json"].error
    assert "a save is at most" in entries["big.json"].error
    assert "empty" in entries["empty.json"].error


def test_continue_candidates_skip_nothing_silently():
    write_atomic(autosave_path("tutorial"), save_text("auto", 5))
    broken = autosave_path("israeli-strike")
    write_atomic(broken, save_text("auto", 59)[:40])
    names = [e.path.name for e in autosaves()]
    assert set(names) == {broken.name, autosave_path("tutorial").name}
    assert latest_autosave().path == autosave_path("tutorial")


# -- kill -9 while saving --------------------------------------------------------------------
#: Started once, it forks each round's writer: a process of its own, killed with SIGKILL, that
#: has not paid a Python start-up (importing the storage costs ~0.4 s of CPU a process).
#: Each line read on its standard input starts a writer saving three slots in a loop from that
#: sequence number; the writer prints its process id, then each save it has made; once the
#: writer has been killed and reaped, the forker prints "reaped".
FORKER = """
import os, sys
sys.path.insert(0, sys.argv[1])
from tui.storage import save_path, write_atomic
from tests.tui.test_storage import save_text

for command in sys.stdin:
    pid = os.fork()
    if pid == 0:
        try:
            sequence = int(command)
            print("pid", os.getpid(), flush=True)
            while True:
                for slot in range(3):
                    text = save_text(f"slot{slot}", sequence, padding=300)
                    write_atomic(save_path(f"slot{slot}"), text)
                    print(slot, sequence, flush=True)
                    sequence += 1
        finally:
            os._exit(1)
    os.waitpid(pid, 0)
    print("reaped", flush=True)
"""


def test_kill_9_while_saving_loses_no_save_and_leaves_no_temporary(data_dir):
    """Rounds of: start a writer saving three slots in a loop, kill -9 it at a random moment;
    every save it reported is still there and loads, and the temporary files it left are gone
    once the next writer has started."""
    if not hasattr(signal, "SIGKILL") or not hasattr(os, "fork"):
        pytest.skip("no kill -9 or fork here")
    rng = random.Random(16)
    env = {**os.environ, "WARGAME_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    folder = saves_dir()
    reported: dict[int, int] = {}
    sequence, left_behind = 0, []
    forker = subprocess.Popen(
        [sys.executable, "-c", FORKER, str(ROOT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert forker.stdin is not None and forker.stdout is not None
    # Only if a writer never writes (a broken start): end it all, so the test fails, not hangs.
    writer = 0
    watchdog = threading.Timer(120, lambda: (forker.kill(), writer and os.kill(writer, 9)))
    watchdog.start()
    try:
        for _ in range(8):
            forker.stdin.write(f"{sequence}\n")
            forker.stdin.flush()
            first = forker.stdout.readline().split()
            assert first[:1] == ["pid"], first
            writer = int(first[1])
            wanted = rng.randint(1, 30)
            for seen, line in enumerate(forker.stdout, 1):
                slot, number = map(int, line.split())
                reported[slot], sequence = number, number + 1
                if seen == 1:  # the writer has started: what its predecessors left is gone
                    assert not set(left_behind) & set(temporaries(folder)), left_behind
                if seen >= wanted:
                    break
            time.sleep(rng.random() * 0.005)  # a random moment within the next write
            os.kill(writer, signal.SIGKILL)
            for line in forker.stdout:  # reported before it died, until the forker reaps it
                if line.endswith("reaped\n"):
                    break  # (anything before it on the line: a report the kill cut short)
                slot, number = map(int, line.split())
                reported[slot], sequence = number, number + 1
            else:
                raise AssertionError("the forker ended")
            writer = 0
            for slot, number in reported.items():
                data = read_save(save_path(f"slot{slot}"))
                assert data.seed >= number, (slot, number, data.seed)
            left_behind = temporaries(folder)
    finally:
        watchdog.cancel()
        if writer:
            os.kill(writer, signal.SIGKILL)
        forker.stdin.close()
        forker.wait()
        forker.stdout.close()
    # the next start (a listing, as the title screen's Load and Continue do) cleans up
    subprocess.run(
        [sys.executable, "-c", "import tui.storage as s; s.list_saves()"], env=env, check=True
    )
    assert temporaries(folder) == []
    assert {e.path.name for e in list_saves() if not e.error} == {f"slot{k}.json" for k in reported}


async def test_the_app_cleans_up_at_start():
    from tests.tui.helpers import wait_for
    from tui.app import WargameApp
    from tui.screens.title import TitleScreen

    folder = saves_dir()
    folder.mkdir(parents=True)
    code = (
        "import os, tempfile, sys; "
        "fd, p = tempfile.mkstemp(prefix='.a.json.%d-' % os.getpid(), suffix='.tmp', "
        "dir=sys.argv[1]); print(p)"
    )
    subprocess.run([sys.executable, "-c", code, str(folder)], check=True, capture_output=True)
    assert len(temporaries(folder)) == 1
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TitleScreen))
        assert temporaries(folder) == []
