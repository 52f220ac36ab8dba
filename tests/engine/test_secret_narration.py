"""Narration that prints a private value (``{trade}``) or counts hidden pieces is logged only
for those who may see them: a public card's narration must not read a secret to everyone."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Game
from tests.helpers import load_text

SCENARIO = """\
id: narrated
title: Narrated secrets
actors:
  - {id: usa, name: United States}
  - {id: ussr, name: Soviet Union}
tracks:
  - {id: tension, name: Tension, max: 10, start: 5}
flags:
  - {id: trade, name: Trade, visible_to: [usa, ussr]}
counters:
  - {id: missiles, name: Missiles, start: 3, visible_to: [ussr]}
zones:
  - {id: cuba, name: Cuba, pos: [50, 50]}
piece_types:
  - {id: sub, name: Submarine, owner: ussr, symbol: s, total: 3, hidden: true}
pieces:
  - {piece: sub, zone: cuba}
turns:
  count: 2
  order: [usa, ussr]
  phases:
    - {id: draw, kind: draw}
    - {id: talks, kind: actions}
decks:
  - {id: us_deck, name: US, owners: [usa], hand_size: 2}
  - {id: su_deck, name: USSR, owners: [ussr], hand_size: 2}
cards:
  - id: letter
    name: A letter
    deck: us_deck
    copies: 4
    effects:
      - narrate: "The trade stands at {trade}."
      - narrate: "Moscow holds {missiles} missiles."
      - narrate: "{pieces('sub', 'cuba')} submarines lie off Cuba."
      - narrate: "Tension is {tension}."
  - id: wait
    name: Wait
    deck: su_deck
    copies: 4
    effects:
      - adjust: {track: tension, by: 1}
victory:
  end:
    - {actor: usa, score: 10 - tension, wins: score >= 7}
    - {actor: ussr, score: tension, wins: score >= 7}
"""


@pytest.fixture
def game(tmp_path: Path) -> Game:
    game = Game.new(load_text(tmp_path, SCENARIO, "narrated.yaml"), 1)
    game.apply("usa event letter")
    return game


def _readers(game: Game, start: str) -> dict[str | None, bool]:
    line = next(e for e in game.state.log if e.kind == "narrate" and e.text.startswith(start))
    return {reader: line.visible(reader) for reader in (None, "usa", "ussr")}


def test_narration_of_a_private_value_is_for_its_viewers_only(game: Game) -> None:
    assert _readers(game, "The trade stands at") == {None: False, "usa": True, "ussr": True}
    assert _readers(game, "Moscow holds") == {None: False, "usa": False, "ussr": True}


def test_narration_counting_hidden_pieces_is_for_their_owner(game: Game) -> None:
    assert _readers(game, "1 submarines") == {None: False, "usa": False, "ussr": True}


def test_narration_of_public_values_stays_public(game: Game) -> None:
    assert _readers(game, "Tension is 5") == {None: True, "usa": True, "ussr": True}
