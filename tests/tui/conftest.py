"""TUI test fixtures: a private data folder and bots that move at once."""

from __future__ import annotations

import asyncio
import inspect

import pytest


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Saves go to a temporary folder; bots do not wait between moves."""
    folder = tmp_path / "data"
    monkeypatch.setenv("WARGAME_DATA_DIR", str(folder))
    monkeypatch.setenv("WARGAME_BOT_DELAY", "0")
    return folder


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests with asyncio (no async plugin is needed for Pilot tests)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
        return True
    return None
