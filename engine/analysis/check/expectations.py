"""Expectations on a game state, as scripted playtests and Python tests write them.

``check_state(scenario, state, expect)`` compares and returns one readable line per mismatch
(``tracks.tolerance: expected 5..8, actual 4``); an unknown id gets a "did you mean". A value
is exact, or ``[low, high]`` for an inclusive range. See ``docs/playtests.md`` for the keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.errors import did_you_mean
from engine.load.scenario import Scenario
from engine.play.state import GameState

CHECK_KEYS = (
    "tracks",
    "flags",
    "bands",
    "pieces",
    "winners",
    "scores",
    "ending",
    "over",
    "turn",
    "log",
)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_range(value):
        return f"{value[0]}..{value[1]}"
    if isinstance(value, list | tuple | set | frozenset):
        return "[" + ", ".join(sorted(str(v) for v in value)) + "]"
    return str(value)


def _is_range(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    )


def _fits(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if _is_range(expected) and isinstance(actual, int):
        return expected[0] <= actual <= expected[1]
    return expected == actual


def check_state(scenario: Scenario, state: GameState, expect: Mapping[str, Any]) -> list[str]:
    """Every mismatch between ``expect`` and ``state``, as ``key: expected X, actual Y`` lines."""
    out: list[str] = []

    def compare(key: str, expected: Any, actual: Any) -> None:
        if not _fits(expected, actual):
            out.append(f"{key}: expected {_show(expected)}, actual {_show(actual)}")

    values = state.values
    numeric = [t.id for t in scenario.tracks] + [c.id for c in scenario.counters]
    flags = [f.id for f in scenario.flags]
    for track, expected in (expect.get("tracks") or {}).items():
        if track not in numeric:
            out.append(f"tracks.{track}: no such track or counter{did_you_mean(track, numeric)}")
        else:
            compare(f"tracks.{track}", expected, values[track])
    for flag, expected in (expect.get("flags") or {}).items():
        if flag not in flags:
            out.append(f"flags.{flag}: no such flag{did_you_mean(flag, flags)}")
        else:
            compare(f"flags.{flag}", expected, bool(values[flag]))
    for track, expected in (expect.get("bands") or {}).items():
        if scenario.track(track) is None:
            out.append(f"bands.{track}: no such track{did_you_mean(track, numeric)}")
        else:
            compare(f"bands.{track}", expected, scenario.band_of(track, values[track]))
    zones = [z.id for z in scenario.zones]
    kinds = [p.id for p in scenario.piece_types]
    for zone, pieces in (expect.get("pieces") or {}).items():
        if zone not in zones:
            out.append(f"pieces.{zone}: no such zone{did_you_mean(zone, zones)}")
            continue
        for piece, expected in (pieces or {}).items():
            if piece not in kinds:
                out.append(f"pieces.{zone}.{piece}: no such piece{did_you_mean(piece, kinds)}")
            else:
                compare(f"pieces.{zone}.{piece}", expected, state.board[zone].get(piece, 0))
    if "turn" in expect:
        compare("turn", expect["turn"], state.turn)
    if "over" in expect:
        compare("over", expect["over"], state.outcome is not None)
    actors = [a.id for a in scenario.actors]
    for actor in [*(expect.get("winners") or []), *(expect.get("scores") or {})]:
        if actor not in actors:
            out.append(f"{actor}: no such actor{did_you_mean(str(actor), actors)}")
    outcome = state.outcome
    wants_outcome = [k for k in ("winners", "scores", "ending") if k in expect]
    if wants_outcome and outcome is None:
        out.append(f"{', '.join(wants_outcome)}: the game is not over here")
    elif outcome is not None:
        if "winners" in expect:
            compare("winners", sorted(expect["winners"] or []), sorted(outcome.winners))
        for actor, expected in (expect.get("scores") or {}).items():
            compare(f"scores.{actor}", expected, outcome.scores.get(actor))
        if "ending" in expect:
            compare("ending", expect["ending"], outcome.condition or "turn limit")
    for text in expect.get("log") or []:
        if not any(text in e.text for e in state.log if e.visible_to is None):
            out.append(f"log: no public event mentions {text!r}")
    return out


__all__ = ["CHECK_KEYS", "check_state"]
