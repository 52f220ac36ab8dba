"""Fixtures for the Syria campaign tests: the three scenarios, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Scenario, load_scenario

SYRIA = Path(__file__).resolve().parents[2] / "scenarios" / "syria"
SCENARIO_IDS = ("iranian-entrenchment", "israeli-strike", "russian-reaction")
CLAIM_IDS = tuple(f"C{i}" for i in range(1, 22))


@pytest.fixture(scope="session")
def campaign() -> dict[str, Scenario]:
    """The three campaign scenarios by id."""
    return {sid: load_scenario(SYRIA / f"{sid}.yaml") for sid in SCENARIO_IDS}
