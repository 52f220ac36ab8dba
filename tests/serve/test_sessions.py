"""`wargame serve`: two browsers' sessions never see each other's saves; one browser that comes
back finds its own.

A real server (textual-serve with our session handling) on a test port, driven by two aiohttp
clients with separate cookie jars — two browsers. The app each session starts is a probe
(tests/serve/probe.py) that lists the saves it can see through tui/storage.py, then saves.
"""

from __future__ import annotations

import asyncio
import gc
import json
import shlex
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")
from aiohttp.test_utils import TestClient, TestServer

from wargame.serve_cmd import COOKIE, make_server, session_command, session_folder

PROBE = Path(__file__).with_name("probe.py")
#: Generous: a busy two-core machine starts Python slowly.
DEADLINE = 120


async def visit(server: TestServer, jar_client: TestClient | None, root: Path):
    """One browser visit: load the page (get the cookie), open the app's websocket, wait for
    the probe to finish; return the client (its cookies) and what the probe saw."""
    client = jar_client or TestClient(server)
    if jar_client is None:
        await client.start_server()
    page = await client.get("/")
    assert page.status == 200
    token = client.session.cookie_jar.filter_cookies(server.make_url("/"))[COOKIE].value
    seen = session_folder(root, token) / "seen.json"
    seen.unlink(missing_ok=True)
    ws = await client.ws_connect("/ws?width=80&height=24")
    end = time.monotonic() + DEADLINE
    while not seen.exists():
        assert time.monotonic() < end, "the session's app never ran"
        assert not ws.closed, "the session's app failed to start"
        await asyncio.sleep(0.05)
    await ws.close()
    return client, token, json.loads(seen.read_text())


def test_two_browsers_keep_their_saves_apart(tmp_path: Path):
    root = tmp_path / "sessions"
    probe = f"{shlex.quote(sys.executable)} {shlex.quote(str(PROBE))}"

    async def scenario() -> None:
        server = make_server(probe, root)
        app = await server._make_app()
        async with TestServer(app) as test_server:
            alice, alice_token, alice_saw = await visit(test_server, None, root)
            bob, bob_token, bob_saw = await visit(test_server, None, root)
            assert alice_token != bob_token
            assert alice_saw == [] and bob_saw == []  # bob does not see alice's save
            assert session_folder(root, alice_token) != session_folder(root, bob_token)
            # Alice comes back (same cookie): her save is there, and only hers.
            _, again_token, alice_again = await visit(test_server, alice, root)
            assert again_token == alice_token and alice_again != []
            for client in (alice, bob):
                await client.close()
            await test_server.close()  # its handlers end their apps
        gc.collect()  # the apps' pipes are let go while the loop still runs

    asyncio.run(scenario())
    folders = sorted(p.name for p in root.iterdir())
    assert len(folders) == 2
    for folder in folders:
        assert len(list((root / folder / "saves").glob("*.json"))) == 1


def test_the_session_command_sets_only_the_data_folder(tmp_path: Path):
    folder = session_folder(tmp_path, "a" * 32)
    assert folder.parent == tmp_path and len(folder.name) == 32
    command = session_command("python -m wargame play", tmp_path / "it's here")
    assert command == (
        "exec env WARGAME_DATA_DIR="
        + shlex.quote(str(tmp_path / "it's here"))
        + " python -m wargame play"
    )
