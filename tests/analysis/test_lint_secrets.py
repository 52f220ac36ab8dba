"""wargame lint on the secret constructs (issue 11): a card whose only effect is to offer a
deal is not a no-op (W101) — the offer and its answer change the game."""

from __future__ import annotations

from pathlib import Path

from engine.analysis.check.lint import lint
from tests.helpers import load_text

DEAL = """\
id: trade
title: A trade offered in private
actors:
  - {id: usa, name: United States}
  - {id: ussr, name: Soviet Union}
tracks:
  - {id: tension, name: Tension, max: 10, start: 5}
flags:
  - {id: traded, name: Trade, visible_to: [usa, ussr]}
turns:
  count: 3
  order: [usa, ussr]
  phases:
    - {id: draw, kind: draw}
    - {id: talks, kind: actions}
decks:
  - {id: us_deck, name: US, owners: [usa], hand_size: 2}
  - {id: su_deck, name: USSR, owners: [ussr], hand_size: 2}
cards:
  - id: propose
    name: Propose the trade
    deck: us_deck
    copies: 4
    when: not traded
    effects:
      - offer: jupiters
  - id: press
    name: Press
    deck: su_deck
    copies: 4
    effects:
      - adjust: {track: tension, by: 1}
deals:
  - id: jupiters
    name: The Jupiter trade
    from: usa
    to: ussr
    accept: [{flag: {id: traded, to: true}}]
victory:
  end:
    - {actor: usa, score: 10 - tension + (2 if traded else 0), wins: score >= 7}
    - {actor: ussr, score: tension, wins: score >= 7}
"""


def test_a_card_that_only_offers_a_deal_is_not_a_noop(tmp_path: Path) -> None:
    found = [str(f) for f in lint(load_text(tmp_path, DEAL, "trade.yaml"), games=8)]
    assert not any("W101" in f and "'propose'" in f for f in found), found
