"""A game being played in the UI: the engine game, who controls each side, undo and saves.

Headless (no Textual): the screens drive a :class:`Session` and render its views, so the
logic of undo, autosave contents and bot turns is testable without a terminal.
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from engine import Action, Event, Game, Scenario, View, observe
from engine.bots import BOT_KINDS, make_bot_from_spec, parse_spec
from engine.play.record.saves import SaveData, dumps, restore
from engine.play.record.undo import take_back, undo_point
from engine.play.rules.resolving.umpire import Intervention, intervene
from engine.play.views.moves_seen import hidden_move
from engine.play.views.seat import Seat, debrief

HUMAN = "human"


def random_seed() -> int:
    """A fresh seed for a new game (shown to the player so the game can be replayed)."""
    return random.SystemRandom().randrange(1, 1_000_000)


def default_players(scenario: Scenario) -> dict[str, str]:
    """Each playable actor's default controller: ``human``, or the bot kind the scenario
    declares for it (doctrine, the default opponent, when that kind is unknown here)."""
    out: dict[str, str] = {}
    for actor_id in scenario.playable_actors:
        actor = scenario.actor(actor_id)
        if actor.control == HUMAN:
            out[actor_id] = HUMAN
        else:
            # doctrine is the default opponent: it plays the side's stated priorities
            out[actor_id] = actor.bot if actor.bot in BOT_KINDS else "doctrine"
    return out


@dataclass
class Session:
    """One game in the UI: the engine ``game`` and ``players`` (actor → human or bot kind)."""

    game: Game
    players: dict[str, str]
    name: str = ""
    bots: dict[str, Any] = field(default_factory=dict)
    #: Why each bot move was chosen, by the index of the action (kept in saves, cut by undo).
    explanations: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._make_bots()

    # -- construction --------------------------------------------------------------------
    @classmethod
    def new(cls, scenario: Scenario, seed: int, players: dict[str, str]) -> Session:
        """Start a new game."""
        return cls(Game.new(scenario, seed), dict(players))

    @classmethod
    def from_save(cls, data: SaveData, loader: Any = None) -> Session:
        """Restore a saved game (raises SaveError); controllers come from the save's meta,
        and the bots continue from the state they were saved in."""
        game = restore(data, loader) if loader else restore(data)
        players = default_players(game.scenario)
        saved = data.meta.get("players", {})
        if isinstance(saved, dict):
            for actor, who in saved.items():
                if actor in players and (who == HUMAN or _is_bot_spec(who)):
                    players[actor] = who
        session = cls(game, players, name=data.name)
        saved_why = data.meta.get("explanations", {})
        if isinstance(saved_why, dict):
            for key, why in saved_why.items():
                if isinstance(why, str) and str(key).isdigit() and int(key) < len(game.actions):
                    session.explanations[int(key)] = why
        states = data.meta.get("bots", {})
        if isinstance(states, dict):
            for actor, state in states.items():
                bot = session.bots.get(actor)
                if bot is not None and _is_bot_state(state):
                    # A state of another kind of bot is ignored: this one starts afresh.
                    with contextlib.suppress(KeyError, ValueError):
                        bot.restore(state)
        return session

    def _make_bots(self) -> None:
        # Seeded as `wargame run` seeds them, so a game played here with bots is the game
        # `wargame run` plays with the same seed and kinds.
        self.bots = {
            actor: make_bot_from_spec(who, actor, self.game.seed)
            for actor, who in sorted(self.players.items())
            if who != HUMAN
        }

    # -- queries -------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        """The scenario being played."""
        return self.game.scenario

    @property
    def humans(self) -> list[str]:
        """Actors played by people, in turn order."""
        return [a for a in self.scenario.playable_actors if self.players.get(a) == HUMAN]

    def is_human(self, actor: str | None) -> bool:
        """Whether ``actor`` is played by a person."""
        return actor is not None and self.players.get(actor) == HUMAN

    def to_move(self) -> str | None:
        """Who decides now (None when the game is over)."""
        return self.game.to_move()

    def is_over(self) -> bool:
        """Whether the game has ended."""
        return self.game.is_over()

    def view(self, actor: str | None) -> View:
        """What ``actor`` may see."""
        return observe(self.game, actor)

    def hidden_move(self, action: Action, actor: str | None) -> str | None:
        """What ``actor`` learns of ``action`` (the latest move) when it is another side's
        private move (an unrevealed sealed order, an answer to a deal), else None."""
        return hidden_move(self.scenario, action, self.game.state.secrets, actor)

    def record(self) -> tuple[int, list[str]]:
        """The seed and the actions so far: enough to replay the game."""
        return self.game.seed, [str(a) for a in self.game.actions]

    def seat(self, actor: str | None) -> Seat:
        """``actor``'s seat at the table: the only way the screens ask about the game."""
        return Seat(self.game, actor)

    def debrief(self) -> View:
        """Everything, every event included, once the game is over (for the end screen)."""
        return debrief(self.game)

    def name_of(self, actor: str | None) -> str:
        """Display name of an actor."""
        return self.game.names.get(actor or "", actor or "nobody")

    # -- acting --------------------------------------------------------------------------
    def apply(self, action: Action, why: str = "") -> list[Event]:
        """Apply a legal action (raises IllegalActionError otherwise); ``why`` is a bot's
        explanation of it, kept with the game."""
        events = self.game.apply(action)
        if why:
            self.explanations[len(self.game.actions) - 1] = why
        return events

    def intervene(self, intervention: Intervention) -> list[Event]:
        """Apply an umpire's intervention (raises UmpireError when it does not fit)."""
        return intervene(self.game, intervention)

    def interventions(self) -> tuple[tuple[int, dict[str, Any]], ...]:
        """The umpire's interventions as a save keeps them: (actions before it, fields)."""
        return tuple((at, iv.to_dict()) for at, iv in self.game.interventions)

    def notes(self, viewer: str | None) -> dict[int, tuple[str, str]]:
        """Bot explanations by the sequence number of their move's first log event:
        ``seq → (actor, why)``, so the log prints each under its own move — except, for
        ``viewer``, the reasons for another side's private moves (an unrevealed sealed
        order, an answer to a deal): a reason may name the move."""
        marks, actions = self.game.action_marks, self.game.actions
        return {
            marks[i]: (actions[i].actor, why)
            for i, why in self.explanations.items()
            if i < len(marks) and self.hidden_move(actions[i], viewer) is None
        }

    def bot_for(self, actor: str) -> Any:
        """The bot playing ``actor``."""
        return self.bots[actor]

    # -- undo ----------------------------------------------------------------------------
    def undo_point(self, actor: str | None = None) -> tuple[int | None, str]:
        """The index of the action an undo would take back, or None with the reason.

        ``actor`` is the person at the keyboard (default: any human); the policy is the
        engine's (:func:`engine.play.record.undo.undo_point`).
        """
        mine = (lambda a: a == actor) if actor else self.is_human
        return undo_point(self.game, mine)

    def undo(self, actor: str | None = None) -> Action | None:
        """Take back ``actor``'s last action (and the moves after it); return it, or None."""
        index, _ = self.undo_point(actor)
        if index is None:
            return None
        undone = self.game.actions[index]
        self.game = take_back(self.game, index)
        self._make_bots()
        self.explanations = {i: why for i, why in self.explanations.items() if i < index}
        return undone

    # -- saving --------------------------------------------------------------------------
    def save_text(self, name: str = "") -> str:
        """The save file text of this session."""
        state = self.game.state
        meta = {
            "players": dict(self.players),
            "bots": {actor: bot.snapshot() for actor, bot in sorted(self.bots.items())},
            "explanations": {str(i): why for i, why in sorted(self.explanations.items())},
            "turn": f"{state.turn} ({self.scenario.calendar(state.turn)})",
            "over": self.game.is_over(),
        }
        stamp = datetime.now().isoformat(timespec="seconds")
        return dumps(self.game, name=name or self.name, saved_at=stamp, meta=meta)


def _is_bot_spec(who: object) -> bool:
    if not isinstance(who, str):
        return False
    try:
        parse_spec(who)
    except ValueError:
        return False
    return True


def _is_bot_state(state: object) -> bool:
    return (
        isinstance(state, dict)
        and bool(state)
        and all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
            for k, v in state.items()
        )
    )


__all__ = ["HUMAN", "Session", "default_players", "random_seed"]
