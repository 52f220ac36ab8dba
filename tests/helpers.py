"""Shared fixtures: paths to shipped scenarios and a builder for tiny test scenarios."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine import Game, Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"

#: The smallest scenario that exercises the turn machine; tests patch what they need.
MINI: dict[str, Any] = {
    "id": "mini",
    "title": "Mini",
    "sources": [{"id": "src", "title": "Source", "claims": [{"id": "C1", "text": "A claim."}]}],
    "actors": [
        {"id": "red", "name": "Red"},
        {"id": "blue", "name": "Blue"},
        {"id": "grey", "name": "Grey", "playable": False},
    ],
    "tracks": [
        {
            "id": "tension",
            "name": "Tension",
            "max": 5,
            "start": 2,
            "bands": [{"id": "calm", "min": 0, "max": 2}, {"id": "hot", "min": 3, "max": 5}],
        }
    ],
    "counters": [{"id": "debt", "name": "Debt", "start": 0}],
    "flags": [{"id": "warned", "name": "Warned"}],
    "zones": [
        {"id": "north", "name": "North", "pos": [10, 10], "adjacent": ["south"]},
        {"id": "south", "name": "South", "pos": [10, 50], "tags": ["border"]},
        {"id": "east", "name": "East", "pos": [50, 30], "adjacent": ["south"]},
    ],
    "piece_types": [
        {"id": "unit", "name": "Unit", "owner": "red", "symbol": "u", "total": 4},
        {"id": "base", "name": "Base", "owner": "grey", "symbol": "B", "total": 1},
    ],
    "pieces": [{"piece": "unit", "zone": "north", "count": 2}, {"piece": "base", "zone": "east"}],
    "turns": {
        "count": 2,
        "calendar": ["Jan", "Feb"],
        "order": ["red", "blue"],
        "phases": [
            {"id": "upkeep", "kind": "upkeep"},
            {"id": "draw", "kind": "draw"},
            {"id": "act", "kind": "actions", "rounds": 1},
        ],
    },
    "triggers": [{"id": "bang", "name": "Bang"}],
    "decks": [
        {"id": "red_deck", "name": "Red deck", "owners": ["red"], "hand_size": 2},
        {"id": "blue_deck", "name": "Blue deck", "owners": ["blue"], "hand_size": 2},
    ],
    "cards": [
        {
            "id": "r1",
            "name": "Red one",
            "deck": "red_deck",
            "copies": 3,
            "ops": 1,
            "effects": [{"adjust": {"track": "tension", "by": 1}}],
        },
        {
            "id": "b1",
            "name": "Blue one",
            "deck": "blue_deck",
            "copies": 3,
            "ops": 1,
            "effects": [{"adjust": {"track": "tension", "by": -1}}],
        },
    ],
    "operations": [
        {
            "id": "noop_red",
            "name": "Red op",
            "actor": "red",
            "ops": 1,
            "effects": [{"adjust": {"track": "debt", "by": 1}}],
        },
    ],
    "victory": {
        "end": [
            {"actor": "red", "score": "tension", "wins": "score >= 3"},
            {"actor": "blue", "score": "5 - tension", "wins": "score >= 3"},
        ]
    },
}


def write_yaml(path: Path, data: Any) -> Path:
    """Dump ``data`` as YAML at ``path``."""
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Scenario:
    """Write the scenario ``text`` to ``tmp_path / name`` and load it."""
    path = tmp_path / name
    path.write_text(text)
    return load_scenario(path)


@pytest.fixture
def mini(tmp_path: Path) -> Callable[..., Scenario]:
    """Build the MINI scenario with changes: ``mini(cards=[...], **sections)``."""

    def build(**changes: Any) -> Scenario:
        data = copy.deepcopy(MINI)
        data.update(changes)
        return load_scenario(write_yaml(tmp_path / "mini.yaml", data))

    return build


@pytest.fixture
def mini_data() -> dict[str, Any]:
    """A fresh deep copy of MINI, to edit before writing."""
    return copy.deepcopy(MINI)


def hand_to(game: Game, actor: str, cards: list[str]) -> None:
    """Test helper: replace ``actor``'s hand (returning the old cards to their deck)."""
    state = game.state
    for card in state.hands[actor]:
        state.draw[game.scenario.cards[card].deck].append(card)
    state.hands[actor] = []
    for card in cards:
        deck = game.scenario.cards[card].deck
        if card in state.draw[deck]:
            state.draw[deck].remove(card)
        elif card in state.discard[deck]:
            state.discard[deck].remove(card)
        state.hands[actor].append(card)
