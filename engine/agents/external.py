"""A bot that is another program: ``--bots ACTOR=cmd:COMMAND``.

:class:`ExternalBot` implements the :class:`engine.bots.Bot` interface over the agent protocol
(:mod:`engine.agents.protocol`). It starts the agent at its first decision, sends ``hello``
and then one ``decide`` per decision, and returns the action the agent chose — an ordinary
move, so logs, saves and replays stay exact.

When the agent fails (it cannot start, crashes, misses its deadline, sends garbage or an id
that is not legal now) the bot either raises :class:`AgentError` (``fallback=None``: the
caller stops the game, whose log and save are intact up to that decision) or ends the agent,
records the failure in :attr:`ExternalBot.failures` and lets a built-in bot play on (for
example ``fallback="doctrine"``), saying so in :meth:`explain`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.agents import protocol
from engine.agents.process import AgentProcess
from engine.agents.protocol import AgentError, quote
from engine.play.rules.actions import Action
from engine.play.state import Outcome
from engine.play.views.action_space import ActionSpace
from engine.play.views.view import View

if TYPE_CHECKING:
    from engine.bots.base import Bot

#: The spec prefix that names an external agent.
PREFIX = "cmd:"
#: Seconds an agent has per decision, unless told otherwise.
DEFAULT_DEADLINE = 10.0
#: Seconds an agent has to start and answer ``hello`` (interpreters take a while to load).
STARTUP_GRACE = 30.0


@dataclass(frozen=True)
class AgentOptions:
    """How external agents are run: the deadline per decision (seconds) and what happens
    when one fails (``None``: abort; else a built-in bot spec, e.g. ``"random"``)."""

    deadline: float = DEFAULT_DEADLINE
    fallback: str | None = None


class ExternalBot:
    """An external program playing one actor over the agent protocol."""

    needs_log = True

    def __init__(
        self,
        actor: str,
        seed: int = 0,
        *,
        command: str,
        options: AgentOptions | None = None,
    ):
        self.actor = actor
        self.seed = seed
        self.command = command
        self.options = options or AgentOptions()
        #: How the agent is named in messages.
        self.who = f"agent for {actor} ({quote(command)})"
        #: Each failure that handed the seat to the fallback bot (at most one).
        self.failures: list[str] = []
        self._agent: AgentProcess | None = None
        self._space: ActionSpace | None = None
        self._decision = 0
        self._log_from = 0
        self._reason = ""
        self._fallback: Bot | None = None

    # -- the Bot interface -----------------------------------------------------------------
    def choose(self, view: View) -> Action:
        """The agent's choice among ``view.legal`` (or the fallback bot's, once it failed)."""
        if self._fallback is not None:
            return self._fallback.choose(view)
        try:
            return self._ask(view)
        except AgentError as exc:
            self._stop()
            if self.options.fallback is None:
                raise
            from engine.bots import make_bot_from_spec

            self.failures.append(str(exc))
            self._fallback = make_bot_from_spec(self.options.fallback, self.actor, self.seed)
            return self._fallback.choose(view)

    def explain(self) -> str:
        """The agent's reason for its last move (or the fallback's, naming the failure)."""
        if self._fallback is not None:
            return (
                f"{self.options.fallback} bot in place of the failed agent "
                f"({self.failures[0]}): {self._fallback.explain()}"
            )
        return self._reason or "the agent gave no reason"

    def snapshot(self) -> dict[str, int]:
        """How many decisions were asked (an agent's own state is its own business)."""
        return {"decisions": self._decision}

    def restore(self, snapshot: dict[str, int]) -> None:
        """Continue counting decisions from a :meth:`snapshot`."""
        self._decision = int(snapshot.get("decisions", 0))

    def close(self, outcome: Outcome | None = None) -> None:
        """Tell the agent how the game ended and end its process."""
        self._stop(protocol.encode(protocol.end(outcome)))

    # -- the protocol ------------------------------------------------------------------------
    def _ask(self, view: View) -> Action:
        if self._agent is None:
            self._start(view)
        assert self._agent is not None and self._space is not None
        self._decision += 1
        deadline = self.options.deadline
        message = protocol.decide(view, self._space, self._decision, deadline, self._log_from)
        self._log_from = view.log[-1].seq + 1 if view.log else self._log_from
        self._agent.send(protocol.encode(message))
        line = self._agent.receive(deadline)
        answer = protocol.parse_act(line, self.who, self._decision)
        space = self._space
        chosen = space[answer.action] if 0 <= answer.action < len(space) else None
        if chosen is None or chosen not in view.legal:
            what = f"'{chosen}'" if chosen is not None else "no action of this scenario"
            raise AgentError(
                f"{self.who} chose action {answer.action} ({what}), which is not legal now "
                f"(decision {self._decision}; {len(view.legal)} legal actions were offered)"
            )
        self._reason = answer.reason
        return chosen

    def _start(self, view: View) -> None:
        self._space = ActionSpace(view.scenario)
        self._agent = AgentProcess(self.command, self.who)
        hello = protocol.hello(
            view.scenario, self._space, self.actor, self.seed, self.options.deadline
        )
        self._agent.send(protocol.encode(hello))
        protocol.parse_ready(
            self._agent.receive(max(STARTUP_GRACE, self.options.deadline)), self.who
        )

    def _stop(self, goodbye: bytes | None = None) -> None:
        if self._agent is not None:
            self._agent.close(goodbye)
            self._agent = None


def is_agent_spec(spec: str) -> bool:
    """Whether a bot spec names an external agent (``cmd:COMMAND``)."""
    return spec.startswith(PREFIX)


__all__ = ["DEFAULT_DEADLINE", "PREFIX", "AgentOptions", "ExternalBot", "is_agent_spec"]
