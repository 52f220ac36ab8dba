"""Shared fixtures (see tests/helpers.py for the builders they use)."""

from tests.helpers import mini, mini_data

__all__ = ["mini", "mini_data"]

#: Options for scripted playtests (--playtests PATH); see docs/playtests.md.
pytest_plugins = ["tests.playtests.plugin"]
