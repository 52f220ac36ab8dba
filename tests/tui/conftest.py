"""TUI test fixtures: a private data folder and bots that move at once."""

from __future__ import annotations

import asyncio
import inspect

import pytest

from tui.screens import end

#: Modules whose end screens estimate with the product's full number of playouts: the
#: snapshots picture the numbers, and the robustness tests race the estimate on purpose.
FULL_ESTIMATES = {"test_snapshots", "test_robustness"}


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Saves go to a temporary folder; bots do not wait between moves."""
    folder = tmp_path / "data"
    monkeypatch.setenv("WARGAME_DATA_DIR", str(folder))
    monkeypatch.setenv("WARGAME_BOT_DELAY", "0")
    return folder


@pytest.fixture(autouse=True)
def quick_estimates(request, monkeypatch):
    """The end screen estimates each decision's chances from 8 playouts, not 48: these tests
    check that the estimate runs off the loop, shows and feeds the report — not its accuracy,
    which tests/analysis checks (48 playouts cost seconds of CPU per game that ends)."""
    if request.module.__name__.rsplit(".", 1)[-1] not in FULL_ESTIMATES:
        monkeypatch.setattr(end, "ROLLOUTS", 8)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests with asyncio (no async plugin is needed for Pilot tests)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
        return True
    return None
