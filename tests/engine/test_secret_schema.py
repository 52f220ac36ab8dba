"""The JSON Schema and the loader agree on the types of the secret constructs (issue 11), both
ways: what one refuses the other refuses, what one accepts the other accepts. (References and
rules across keys — a reveal of a public value, exactly one of value or piece — are the
loader's alone, as everywhere in the format.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.test_loader_errors import VALID
from tests.engine.test_schema_agreement import _loader_accepts, _schema_accepts

PRIVATE = "zones:\n"
UNIT = "total: 3}"
PHASE = "    - {id: act, kind: actions}\n"
EFFECT = "      - adjust: {track: tension, by: 1}\n"

#: (name, text to find in VALID, its replacement, whether the result is valid).
CASES = [
    ("private flag", PRIVATE, "flags:\n  - {id: f, name: F, visible_to: [red]}\n" + PRIVATE, True),
    (
        "visible_to not a list",
        PRIVATE,
        "flags:\n  - {id: f, name: F, visible_to: red}\n" + PRIVATE,
        False,
    ),
    (
        "visible_to bad id",
        PRIVATE,
        "flags:\n  - {id: f, name: F, visible_to: [Red]}\n" + PRIVATE,
        False,
    ),
    (
        "notice a number",
        PRIVATE,
        "flags:\n  - {id: f, name: F, visible_to: [red], notice: 3}\n" + PRIVATE,
        False,
    ),
    ("hidden piece", UNIT, "total: 3, hidden: true}", True),
    ("hidden yes", UNIT, "total: 3, hidden: yes}", False),
    ("piece states", UNIT, "total: 3, states: [active, damaged]}", True),
    ("piece states not ids", UNIT, "total: 3, states: [Active, damaged]}", False),
    (
        "orders phase",
        PHASE,
        PHASE + "    - {id: sealed, kind: orders, resolve: [blue, red]}\n",
        True,
    ),
    (
        "resolve not a list",
        PHASE,
        PHASE + "    - {id: sealed, kind: orders, resolve: red}\n",
        False,
    ),
    ("sealed kind misspelt", PHASE, PHASE + "    - {id: sealed, kind: order}\n", False),
    ("message", EFFECT, EFFECT + "      - message: {to: [red], text: hi, notice: psst}\n", True),
    ("message to nobody", EFFECT, EFFECT + "      - message: {to: [], text: hi}\n", False),
    ("reveal to numbers", EFFECT, EFFECT + "      - reveal: {value: tension, to: [1]}\n", False),
    (
        "reveal to a word",
        EFFECT,
        EFFECT + "      - reveal: {value: tension, to: everyone}\n",
        False,
    ),
    (
        "mark count quoted",
        EFFECT,
        EFFECT + "      - mark: {piece: unit, zone: north, state: x, count: '2'}\n",
        False,
    ),
    ("offer not an id", EFFECT, EFFECT + "      - offer: 3\n", False),
]


@pytest.mark.parametrize(("old", "new", "valid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_loader_and_schema_agree_on_secrets(tmp_path: Path, old: str, new: str, valid: bool):
    assert old in VALID
    path = tmp_path / "s.yaml"
    path.write_text(VALID.replace(old, new, 1))
    assert (_loader_accepts(path), _schema_accepts(path)) == (valid, valid)
