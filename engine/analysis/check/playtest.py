"""Scripted playtests: a scenario, a seed, moves or bots, and what the state must be.

A playtest file is YAML (see ``docs/playtests.md``)::

    name: The hotline keeps Moscow patient
    scenario: tutorial            # a shipped id, or a path relative to this file
    seed: 7
    bots: {iran: doctrine}        # who decides when no scripted move is due
    moves:                        # Action text: ACTOR KIND [CARD] [OP] [@ZONE[:PIECE]]
      - iran event militia_surge @damascus
    expect:
      - after: moves              # right after the last scripted move
        tracks: {entrenchment: 4}
      - after: 1                  # at the end of turn 1, before turn 2's upkeep
        pieces: {damascus: {militia: [2, 6]}}
      - after: end                # when play stops
        winners: [iran]

A file may instead hold ``playtests:``, a list of such entries; its other top-level keys are
defaults for every entry. :func:`playthrough` and :func:`check_state` are the same machinery
for Python tests. Pure: no pytest here (``tests/playtests`` adapts it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.analysis.check.expectations import CHECK_KEYS, check_state
from engine.analysis.run.playout import make_bots
from engine.errors import IllegalActionError, InvalidActionError, did_you_mean
from engine.load.check.build import load_scenario
from engine.load.read.catalog import resolve
from engine.load.read.yamlpos import load_located
from engine.load.scenario import Scenario
from engine.load.vary.variant import Variant
from engine.play.game import Game
from engine.play.rules.actions import Action
from engine.play.state import GameState
from engine.play.views.view import observe

SPEC_KEYS = ("name", "scenario", "seed", "turns", "bots", "moves", "expect")


class PlaytestError(ValueError):
    """A playtest file is malformed (reported as ``file:line: message``)."""


@dataclass(frozen=True)
class Checkpoint:
    """Expectations on the state at one moment: ``moves``, ``end`` or after turn ``N``."""

    after: str | int
    expect: Mapping[str, Any]
    where: str = ""

    @property
    def label(self) -> str:
        """How the moment reads in a report."""
        if self.after == "moves":
            return "after the scripted moves"
        if self.after == "end":
            return "at the end"
        return f"after turn {self.after}"


@dataclass(frozen=True)
class Playtest:
    """One scripted playthrough and its checkpoints."""

    name: str
    scenario: str
    seed: int
    moves: tuple[str, ...] = ()
    bots: Mapping[str, str] = field(default_factory=dict)
    turns: int | None = None
    checks: tuple[Checkpoint, ...] = ()
    where: str = ""
    base: Path | None = None

    def load(self) -> Scenario:
        """The scenario, resolved beside the playtest file first, then as a shipped id."""
        ref = self.scenario
        if self.base is not None and (self.base / ref).is_file():
            ref = str(self.base / ref)
        return load_scenario(resolve(ref), Variant.from_options(turns=self.turns))


# -- loading ------------------------------------------------------------------------------
def load_playtests(path: Path) -> list[Playtest]:
    """Every playtest in one YAML file; raise :class:`PlaytestError` when malformed."""
    doc, problems = load_located(path)
    if problems:
        raise PlaytestError("\n".join(str(p) for p in problems))
    data = doc.data

    def where(*loc: str | int) -> str:
        pos = doc.position(loc)
        return f"{path}:{pos.line}"

    if not isinstance(data, dict):
        raise PlaytestError(f"{where()}: a playtest file is a mapping")
    if "playtests" in data:
        entries = data["playtests"]
        if not isinstance(entries, list) or not entries:
            raise PlaytestError(f"{where('playtests')}: 'playtests' must be a non-empty list")
        defaults = {k: v for k, v in data.items() if k != "playtests"}
        return [
            _playtest(
                {**defaults, **e} if isinstance(e, dict) else e, path, where, ("playtests", i)
            )
            for i, e in enumerate(entries)
        ]
    return [_playtest(data, path, where, ())]


def _playtest(data: Any, path: Path, where: Any, loc: tuple) -> Playtest:
    here = where(*loc)
    if not isinstance(data, dict):
        raise PlaytestError(f"{here}: each playtest is a mapping")
    for key in data:
        if key not in SPEC_KEYS:
            raise PlaytestError(
                f"{where(*loc, key)}: unknown key '{key}'{did_you_mean(key, SPEC_KEYS)}"
            )
    for key in ("scenario", "seed"):
        if key not in data:
            raise PlaytestError(f"{here}: missing '{key}'")
    if not isinstance(data["seed"], int):
        raise PlaytestError(f"{where(*loc, 'seed')}: 'seed' must be a whole number")
    moves = data.get("moves") or []
    if not isinstance(moves, list) or not all(isinstance(m, str) for m in moves):
        raise PlaytestError(f"{where(*loc, 'moves')}: 'moves' is a list of action texts")
    for i, move in enumerate(moves):
        try:
            Action.parse(move)
        except InvalidActionError as exc:
            raise PlaytestError(f"{where(*loc, 'moves', i)}: {exc}") from None
    bots = data.get("bots") or {}
    if not isinstance(bots, dict):
        raise PlaytestError(f"{where(*loc, 'bots')}: 'bots' maps actors (or all) to bot kinds")
    expect = data.get("expect") or []
    if isinstance(expect, dict):
        expect = [{"after": "end", **expect}]
    checks = []
    for i, entry in enumerate(expect):
        at = where(*loc, "expect", i)
        if not isinstance(entry, dict):
            raise PlaytestError(f"{at}: each expectation is a mapping")
        after = _moment(entry.get("after", "end"), at)
        body = {k: v for k, v in entry.items() if k != "after"}
        for key in body:
            if key not in CHECK_KEYS:
                hint = did_you_mean(key, CHECK_KEYS)
                raise PlaytestError(f"{where(*loc, 'expect', i, key)}: unknown check '{key}'{hint}")
        checks.append(Checkpoint(after, body, at))
    name = str(data.get("name") or f"{path.stem}" + (f"[{loc[-1]}]" if loc else ""))
    return Playtest(
        name=name,
        scenario=str(data["scenario"]),
        seed=data["seed"],
        moves=tuple(moves),
        bots={str(k): str(v) for k, v in bots.items()},
        turns=data.get("turns"),
        checks=tuple(checks),
        where=here,
        base=path.parent,
    )


def _moment(value: Any, at: str) -> str | int:
    if value in ("moves", "end"):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.startswith("turn ") and value[5:].strip().isdigit():
        return int(value[5:])
    raise PlaytestError(f"{at}: 'after' is 'moves', 'end', a turn number or 'turn N'")


# -- playing ------------------------------------------------------------------------------
@dataclass
class Playthrough:
    """A played game plus the states kept for checkpoints and why play stopped."""

    game: Game
    after_moves: GameState
    stopped: str
    ends: dict[int, GameState]

    def state_at(self, after: str | int) -> GameState | None:
        """The state at a checkpoint moment, or None if play never reached it."""
        if after == "moves":
            return self.after_moves
        if after == "end":
            return self.game.state
        return self.ends.get(int(after))


def playthrough(
    scenario: Scenario,
    seed: int,
    moves: Sequence[str | Action] = (),
    bots: Mapping[str, str] | None = None,
) -> Playthrough:
    """Play ``moves`` in order, letting ``bots`` (``ACTOR: KIND``, ``all``) decide in between.

    A move is applied (checked) when its actor is to decide; anyone else to decide must have a
    bot. Play stops at the game's end, or when moves run out and no bot is due. Raises
    :class:`IllegalActionError` with the legal alternatives when a move cannot be played.
    """
    actions = [m if isinstance(m, Action) else Action.parse(m) for m in moves]
    kinds = dict(bots or {})
    players = make_bots(scenario, kinds, seed) if kinds else {}
    if kinds and "all" not in kinds:
        players = {a: b for a, b in players.items() if a in kinds}
    game = Game.new(scenario, seed)
    # The state at the end of every turn, before the next upkeep.
    ends: dict[int, GameState] = {}

    def keep_turn_end(g: Game) -> None:
        ends.setdefault(g.state.turn, g.state.copy())

    game.turn_end_hooks.append(keep_turn_end)
    after_moves = game.state.copy()
    done = 0
    stopped = "the game ended"
    while not game.is_over():
        actor = game.to_move()
        assert actor is not None
        if done < len(actions) and actions[done].actor == actor:
            try:
                game.apply(actions[done])
            except IllegalActionError as exc:
                raise IllegalActionError(
                    f"move {done + 1} ({actions[done]}): {exc}; legal now: "
                    + ", ".join(str(a) for a in game.legal_actions())
                ) from None
            done += 1
            if done == len(actions):
                after_moves = game.state.copy()
        elif actor in players:
            bot = players[actor]
            game.push(bot.choose(observe(game, actor, with_log=bot.needs_log)))
        elif done < len(actions):
            raise IllegalActionError(
                f"move {done + 1} ({actions[done]}) is for {actions[done].actor}, but "
                f"{actor} decides now (turn {game.state.turn}, {game.phase.id}) and has no bot; "
                "legal now: " + ", ".join(str(a) for a in game.legal_actions())
            )
        else:
            stopped = f"moves ran out and {actor} has no bot (turn {game.state.turn})"
            break
    if done < len(actions):
        raise IllegalActionError(
            f"the game ended ({game.outcome.reason if game.outcome else '?'}) before move "
            f"{done + 1} ({actions[done]})"
        )
    return Playthrough(game, after_moves, stopped, ends)


@dataclass
class PlaytestResult:
    """The outcome of one playtest: failures grouped by checkpoint, and the playthrough."""

    playtest: Playtest
    failures: list[tuple[str, list[str]]]
    played: Playthrough | None = None

    @property
    def ok(self) -> bool:
        """Whether every expectation held."""
        return not self.failures

    def report(self) -> str:
        """A readable expected/actual report."""
        pt = self.playtest
        lines = [f"playtest '{pt.name}' ({pt.where}): scenario {pt.scenario}, seed {pt.seed}"]
        for label, problems in self.failures:
            lines.append(f"  {label}:")
            lines += [f"    {p}" for p in problems]
        if self.played is not None:
            game = self.played.game
            lines.append(f"  play stopped at turn {game.state.turn}: {self.played.stopped}")
            if game.outcome is not None:
                lines.append(f"  outcome: {game.outcome.reason} — scores {game.outcome.scores}")
            shown = [str(a) for a in game.actions]
            more = f" … (+{len(shown) - 40})" if len(shown) > 40 else ""
            lines.append("  actions: " + "; ".join(shown[:40]) + more)
        return "\n".join(lines)


def run_playtest(pt: Playtest) -> PlaytestResult:
    """Play ``pt`` and check each of its checkpoints."""
    scenario = pt.load()
    try:
        played = playthrough(scenario, pt.seed, pt.moves, pt.bots)
    except (IllegalActionError, InvalidActionError, ValueError) as exc:
        return PlaytestResult(pt, [("playing", [str(exc)])])
    failures = []
    for check in pt.checks:
        state = played.state_at(check.after)
        label = f"{check.label} ({check.where})"
        if state is None:
            game = played.game
            why = (
                f"the game ended in turn {game.state.turn}: {game.outcome.reason}"
                if game.outcome
                else played.stopped
            )
            failures.append((label, [f"never reached: {why}"]))
            continue
        problems = check_state(scenario, state, check.expect)
        if problems:
            failures.append((label, problems))
    return PlaytestResult(pt, failures, played)


def assert_state(game: Game | Playthrough, after: str | int = "end", **expect: Any) -> None:
    """Raise AssertionError listing every mismatch (for Python tests)."""
    played = game if isinstance(game, Playthrough) else None
    real = played.game if played else game
    assert isinstance(real, Game)
    state = played.state_at(after) if played else real.state
    if state is None:
        raise AssertionError(f"the playthrough never reached {after!r}")
    problems = check_state(real.scenario, state, expect)
    if problems:
        raise AssertionError("state differs:\n  " + "\n  ".join(problems))


__all__ = [
    "Checkpoint",
    "Playtest",
    "PlaytestError",
    "PlaytestResult",
    "Playthrough",
    "assert_state",
    "check_state",
    "load_playtests",
    "playthrough",
    "run_playtest",
]
