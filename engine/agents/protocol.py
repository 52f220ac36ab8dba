"""The agent protocol's messages (version 1): built here, checked here, nothing else.

An external agent talks JSON, one object per line, over its standard input and output (see
``docs/agents.md`` and the JSON Schema ``engine/schemas/agent-protocol.schema.json``):

- the engine sends ``hello`` once (the scenario, the agent's actor, its seed as a string, the
  whole numbered action space); the agent answers ``ready``;
- at each of its decisions the engine sends ``decide`` (the actor's view, the legal actions
  with their ids and text, the deadline); the agent answers ``act`` with one of those ids and,
  if it likes, a ``reason``;
- when the game ends the engine sends ``end`` with the outcome and closes the agent's input.

Pure: no processes here (see :mod:`engine.agents.process`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from engine.errors import StudyError
from engine.load.scenario import Scenario
from engine.play.state import Outcome
from engine.play.views.action_space import ActionSpace
from engine.play.views.encoding import view_to_dict
from engine.play.views.view import View

#: The protocol's version: a change that an existing agent could misread raises it.
PROTOCOL_VERSION = 1
#: The longest line an agent may send (a longer one is garbage, not something to buffer).
MAX_LINE_BYTES = 1 << 20
#: How much of a bad answer a message quotes.
QUOTE_CHARS = 120


class AgentError(StudyError):
    """An external agent crashed, hung past its deadline, sent garbage or chose an illegal
    action. The message names the agent and what it sent; ``game`` is the game so far when
    :func:`engine.analysis.run.playout.play_game` raised it."""

    game: Any = None

    def __reduce__(self) -> tuple[type[AgentError], tuple[str]]:
        # Sent from a batch worker to its parent: the message travels, the game does not.
        return (type(self), (str(self),))


def quote(text: str | bytes) -> str:
    """A short, printable rendering of what an agent sent."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = text.strip()
    shown = text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
    return repr(shown)


def encode(message: dict[str, Any]) -> bytes:
    """One message as a line of compact JSON."""
    return (json.dumps(message, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


def hello(
    scenario: Scenario, space: ActionSpace, actor: str, seed: int, deadline: float
) -> dict[str, Any]:
    """The first message: who the agent plays, in what, and every action's id and text."""
    return {
        "type": "hello",
        "protocol": PROTOCOL_VERSION,
        "scenario": {
            "id": scenario.id,
            "title": scenario.title,
            "content_hash": scenario.content_hash,
        },
        "actor": actor,
        "actors": list(scenario.playable_actors),
        "seed": str(seed),
        "deadline_ms": round(deadline * 1000),
        "actions": space.texts(),
    }


def decide(
    view: View, space: ActionSpace, decision: int, deadline: float, log_from: int
) -> dict[str, Any]:
    """A request for one decision: the view (its log from ``log_from``), the legal actions."""
    return {
        "type": "decide",
        "decision": decision,
        "deadline_ms": round(deadline * 1000),
        "view": view_to_dict(view, log_from=log_from),
        "legal": [
            {"id": i, "text": str(a)}
            for i, a in zip(space.ids(view.legal), view.legal, strict=True)
        ],
    }


def end(outcome: Outcome | None) -> dict[str, Any]:
    """The last message: how the game ended (``None``: it was stopped)."""
    return {"type": "end", "outcome": outcome.to_dict() if outcome else None}


@dataclass(frozen=True)
class Answer:
    """An agent's ``act``: the id it chose and its reason."""

    action: int
    reason: str


def parse_ready(line: bytes, who: str) -> str:
    """The agent's name from its ``ready`` line; raise :class:`AgentError` for anything else."""
    data = _object(line, who, "'ready'")
    if data.get("type") != "ready":
        raise AgentError(f"{who} answered hello with {quote(line)}, not a 'ready' message")
    name = data.get("name", "")
    return name if isinstance(name, str) else ""


def parse_act(line: bytes, who: str, decision: int) -> Answer:
    """The agent's ``act`` for ``decision``; raise :class:`AgentError` when it is not one."""
    data = _object(line, who, "'act'")
    if data.get("type") != "act":
        raise AgentError(f"{who} sent {quote(line)} where an 'act' message was due")
    if "decision" in data and data["decision"] != decision:
        raise AgentError(
            f"{who} answered decision {quote(str(data['decision']))} while {decision} was asked"
        )
    action = data.get("action")
    if not isinstance(action, int) or isinstance(action, bool):
        raise AgentError(f"{who} sent {quote(line)}: 'action' must be a legal action's id")
    reason = data.get("reason", "")
    return Answer(action, reason[:500] if isinstance(reason, str) else "")


def _object(line: bytes, who: str, expected: str) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        raise AgentError(
            f"{who} sent {quote(line)}, which is not JSON ({expected} was due)"
        ) from None
    if not isinstance(data, dict):
        raise AgentError(f"{who} sent {quote(line)}, not a JSON object ({expected} was due)")
    return data


__all__ = [
    "MAX_LINE_BYTES",
    "PROTOCOL_VERSION",
    "AgentError",
    "Answer",
    "decide",
    "encode",
    "end",
    "hello",
    "parse_act",
    "parse_ready",
    "quote",
]
