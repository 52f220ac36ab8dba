"""Fixtures for bot tests: the shipped scenarios, loaded once."""

from __future__ import annotations

import pytest

from engine import Scenario, load_scenario
from engine.load.read.catalog import resolve, shipped

#: Shipped scenarios with more than one playable actor (the tutorial and the campaign).
SCENARIO_IDS = [e.id for e in shipped()]


@pytest.fixture(scope="session")
def tutorial() -> Scenario:
    """The tutorial scenario."""
    return load_scenario(resolve("tutorial"))


@pytest.fixture(scope="session", params=SCENARIO_IDS)
def any_scenario(request: pytest.FixtureRequest) -> Scenario:
    """Each shipped scenario in turn."""
    return load_scenario(resolve(request.param))
