"""Pytest options for scripted playtests (registered from ``tests/conftest.py``).

``--playtests PATH`` (repeatable) and the ini setting ``playtest_dirs`` name extra folders
or files of playtest YAML; the environment variable ``WARGAME_PLAYTESTS`` (paths separated
by ``os.pathsep``) does the same without any pytest configuration.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("playtests", "wargame scripted playtests")
    group.addoption(
        "--playtests",
        action="append",
        default=[],
        metavar="PATH",
        help="also run the playtest YAML files in PATH (a folder or a file); repeatable",
    )
    parser.addini("playtest_dirs", "extra folders of playtest YAML files", type="paths", default=[])


def playtest_files(config: pytest.Config | None) -> list[Path]:
    """Every playtest file: ``tests/playtests`` and the folders named by option, ini or env."""
    roots: list[Path] = [HERE]
    if config is not None:
        roots += [Path(p) for p in config.getoption("playtests", default=[]) or []]
        with contextlib.suppress(ValueError):  # not registered: the ini name is unknown
            roots += [Path(p) for p in config.getini("playtest_dirs")]
    roots += [Path(p) for p in os.environ.get("WARGAME_PLAYTESTS", "").split(os.pathsep) if p]
    files: set[Path] = set()
    for root in roots:
        root = root.resolve()
        if root.is_file():
            files.add(root)
        elif root.is_dir():
            files.update(p for ext in ("*.yaml", "*.yml") for p in root.rglob(ext))
        else:
            raise pytest.UsageError(f"--playtests: no such file or folder: {root}")
    return sorted(files)
