"""Fixtures for the Syria campaign tests: the three scenarios, loaded once, and their games,
played once per session and shared by every test that reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Scenario, load_scenario
from engine.analysis.run.aggregate import Aggregate
from engine.analysis.run.batch import play_chunk
from engine.analysis.run.batch_result import BatchResult
from engine.analysis.run.playout import resolved_bots
from engine.analysis.run.records import RunRecord
from engine.load.vary.variant import Variant

SYRIA = Path(__file__).resolve().parents[2] / "scenarios" / "syria"
SCENARIO_IDS = ("iranian-entrenchment", "israeli-strike", "russian-reaction")
CLAIM_IDS = tuple(f"C{i}" for i in range(1, 22))
SIDES = ("israel", "russia", "iran")
#: The kinds of bot the balance tests play every seat with.
KINDS = ("doctrine", "random")
#: Root seed of every campaign batch (docs/campaign.md's figures use the same).
SEED = 1
#: Games are played in blocks of this many; every count the tests ask for is a multiple.
BLOCK = 50


def load(scenario_id: str, *sets: str, disable: tuple[str, ...] = ()) -> Scenario:
    """A campaign scenario, with changes given as ``PATH=VALUE`` texts."""
    return load_scenario(SYRIA / f"{scenario_id}.yaml", Variant.from_options(sets, disable))


@pytest.fixture(scope="session")
def campaign() -> dict[str, Scenario]:
    """The three campaign scenarios by id."""
    return {sid: load(sid) for sid in SCENARIO_IDS}


class Games:
    """Every campaign game a test session plays, each played once.

    Game ``i`` of a scenario (with its variant) and a kind of bot is the same game whichever
    test asks for it — seed ``derive_seed(SEED, i)``, as in ``run_batch`` — so the balance
    tests, the claim ablations and the policy comparisons share their base games: a test
    asking for the first ``n`` gets them from what was played already and plays only the rest.
    """

    def __init__(self) -> None:
        self._blocks: dict[tuple[str, str, str, str], list[tuple[Aggregate, list[RunRecord]]]] = {}

    def batch(self, scenario: Scenario, runs: int, kind: str = "doctrine") -> BatchResult:
        """Games ``0 … runs-1`` of ``scenario`` with ``kind`` bots in every seat: the same
        result as ``run_batch(scenario, runs, SEED, {"all": kind})``."""
        if runs < BLOCK or runs % BLOCK:
            raise ValueError(f"ask for a multiple of {BLOCK} games, not {runs}")
        key = (str(scenario.path), scenario.variant.key(), scenario.content_hash, kind)
        blocks = self._blocks.setdefault(key, [])
        while len(blocks) * BLOCK < runs:
            start = len(blocks) * BLOCK
            blocks.append(play_chunk(scenario, {"all": kind}, SEED, range(start, start + BLOCK)))
        aggregate, records = Aggregate(), []
        for part, recs in blocks[: runs // BLOCK]:
            aggregate.merge(part)
            records.extend(recs)
        bots = resolved_bots(scenario, {"all": kind})
        return BatchResult(scenario, runs, SEED, bots, aggregate, records)


@pytest.fixture(scope="session")
def games() -> Games:
    """The session's campaign games (tests that share them share an xdist group too, so
    ``--dist loadgroup`` plays them on one worker, once)."""
    return Games()
