"""A browser's app outlives neither its session nor the server, even one killed with kill -9."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.processes import DEADLINE, alive, children, wait_until
from tests.processes import needs_proc as pytestmark

aiohttp = pytest.importorskip("aiohttp")
pytest.importorskip("textual_serve")

__all__ = ["pytestmark"]  # the same skip as the batch workers' test: it reads /proc


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            out.append(child)
            todo.append(child)
    return out


def test_apps_end_when_the_server_is_killed(tmp_path: Path):
    port = free_port()
    env = {**os.environ, "WARGAME_BOT_DELAY": "0"}
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "wargame", "serve", "tutorial", "--host", "127.0.0.1"),
            *("--port", str(port), "--data", str(tmp_path / "sessions")),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    apps: list[int] = []

    async def browse() -> None:
        url = f"http://127.0.0.1:{port}"
        end = time.monotonic() + DEADLINE
        async with aiohttp.ClientSession() as browser:
            while True:
                try:
                    await browser.get(url + "/")
                    break
                except aiohttp.ClientConnectionError:
                    assert time.monotonic() < end, "the server never answered"
                    await asyncio.sleep(0.1)
            ws = await browser.ws_connect(url + "/ws?width=80&height=24")
            while not descendants(server.pid):
                assert time.monotonic() < end, "no app started"
                await asyncio.sleep(0.05)
            apps.extend(descendants(server.pid))
            os.kill(server.pid, signal.SIGKILL)  # nobody stops the apps: the kernel must
            await ws.close()

    try:
        asyncio.run(browse())
        server.wait(timeout=DEADLINE)
        wait_until(lambda: not any(alive(a) for a in apps), "the apps to end")
    finally:
        for pid in [server.pid, *apps]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if server.poll() is None:
            server.wait()
