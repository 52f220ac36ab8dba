"""Fixtures for the Syria campaign tests: the three scenarios, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Scenario, load_scenario
from engine.load.vary.variant import Variant

SYRIA = Path(__file__).resolve().parents[2] / "scenarios" / "syria"
SCENARIO_IDS = ("iranian-entrenchment", "israeli-strike", "russian-reaction")
CLAIM_IDS = tuple(f"C{i}" for i in range(1, 22))
SIDES = ("israel", "russia", "iran")


def load(scenario_id: str, *sets: str, disable: tuple[str, ...] = ()) -> Scenario:
    """A campaign scenario, with changes given as ``PATH=VALUE`` texts."""
    return load_scenario(SYRIA / f"{scenario_id}.yaml", Variant.from_options(sets, disable))


@pytest.fixture(scope="session")
def campaign() -> dict[str, Scenario]:
    """The three campaign scenarios by id."""
    return {sid: load(sid) for sid in SCENARIO_IDS}
