"""Runs every scripted playtest (YAML) as its own test; see docs/playtests.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.analysis.check.playtest import Playtest, PlaytestError, load_playtests, run_playtest
from tests.playtests.plugin import HERE, playtest_files


def _label(path: Path) -> str:
    try:
        return str(path.relative_to(HERE))
    except ValueError:
        return str(path)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "playtest" not in metafunc.fixturenames:
        return
    params = []
    for path in playtest_files(metafunc.config):
        try:
            tests: list[Playtest | str] = list(load_playtests(path))
        except PlaytestError as exc:
            tests = [str(exc)]  # reported as a failing test, not a collection crash
        for i, pt in enumerate(tests):
            name = pt.name if isinstance(pt, Playtest) else "malformed"
            params.append(pytest.param(pt, id=f"{_label(path)}::{name or i}"))
    metafunc.parametrize("playtest", params)


def test_playtest(playtest: Playtest | str) -> None:
    if isinstance(playtest, str):
        pytest.fail(playtest, pytrace=False)
    result = run_playtest(playtest)
    if not result.ok:
        pytest.fail(result.report(), pytrace=False)
