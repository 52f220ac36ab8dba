"""``wargame run --save FILE``: a headless game written as a save, in the TUI's format.

A game whose sides were external agents saves like any other (their answers are ordinary
moves), and so does one stopped by a failing agent: everything up to the failure replays. The
sides that agents played are saved as played by people, so opening the save never starts a
program; built-in bots are saved with their state, so they continue as they would have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from engine.agents import is_agent_spec
from engine.bots import Bot
from engine.play.game import Game
from engine.play.record.save_format import MAX_EXPLANATION_CHARS
from engine.play.record.saves import dumps

#: How a side played by a person is named in a save (as the TUI names it).
HUMAN = "human"


def save_text(
    game: Game, specs: Mapping[str, str], bots: Mapping[str, Bot], reasons: Sequence[str]
) -> str:
    """The save of ``game``: its moves, who played each side, each move's reason."""
    state = game.state
    players = {actor: HUMAN if is_agent_spec(spec) else spec for actor, spec in specs.items()}
    meta = {
        "players": players,
        "bots": {
            actor: bot.snapshot()
            for actor, bot in sorted(bots.items())
            if players.get(actor) != HUMAN
        },
        "explanations": {str(i): why[:MAX_EXPLANATION_CHARS] for i, why in enumerate(reasons)},
        "turn": f"{state.turn} ({game.scenario.calendar(state.turn)})",
        "over": game.is_over(),
    }
    stamp = datetime.now().isoformat(timespec="seconds")
    name = f"{game.scenario.id} seed {game.seed}"
    return dumps(game, name=name, saved_at=stamp, meta=meta)


__all__ = ["HUMAN", "save_text"]
