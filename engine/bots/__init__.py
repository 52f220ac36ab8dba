"""Bots: automated players that see only their actor's view.

``make_bot(kind, actor, seed, **options)`` builds one by name; ``BOT_KINDS`` lists the names:
``random``, ``random-fast`` (the same distribution, drawn faster and differently: see
:mod:`engine.bots.random_bot`), ``doctrine`` (the scenario's priority list), ``greedy`` (one
ply on its score) and ``ismcts`` (determinised tree search). Every bot is deterministic for a
given seed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from engine.bots.base import Bot
from engine.bots.doctrine import DoctrineBot
from engine.bots.greedy import GreedyBot
from engine.bots.ismcts import ISMCTSBot
from engine.bots.random_bot import RandomBot, fast_random
from engine.load.limits import MAX_BOT_BUDGET

if TYPE_CHECKING:
    from engine.agents.external import AgentOptions

#: Bot kinds by command-line name.
BOT_KINDS: dict[str, Callable[..., Bot]] = {
    "random": RandomBot,
    "random-fast": fast_random,
    "doctrine": DoctrineBot,
    "greedy": GreedyBot,
    "ismcts": ISMCTSBot,
}


def make_bot(kind: str, actor: str, seed: int = 0, **options: object) -> Bot:
    """Build a bot of ``kind`` for ``actor``; raise ValueError for an unknown kind."""
    factory = BOT_KINDS.get(kind)
    if factory is None:
        raise ValueError(f"unknown bot kind '{kind}' (one of: {', '.join(sorted(BOT_KINDS))})")
    return factory(actor, seed, **options)


#: The option a ``KIND:N`` spec sets, per kind (e.g. ``ismcts:100`` = 100 iterations).
NUMBER_OPTION = {"ismcts": "iterations", "greedy": "samples"}


def parse_spec(spec: str, *, agents: bool = False) -> tuple[str, dict[str, object]]:
    """Split ``KIND`` or ``KIND:N`` into a kind and its options; raise ValueError when bad.

    ``cmd:COMMAND`` is an external agent (kind ``cmd``, see :mod:`engine.agents`), accepted
    only with ``agents=True``: a spec read from a file (a save's players, a playtest) must
    never start a program, so only a command line that asked for agents allows them.
    """
    if spec.startswith("cmd:"):
        if not agents:
            raise ValueError(
                "an external agent (cmd:COMMAND) can only be given on the command line of "
                "'wargame run' or 'wargame batch'"
            )
        command = spec[4:].strip()
        if not command:
            raise ValueError("'cmd:' needs a command after it, e.g. cmd:node agent.js")
        return "cmd", {"command": command}
    kind, sep, number = spec.partition(":")
    if kind not in BOT_KINDS:
        raise ValueError(f"unknown bot kind '{kind}' (one of: {', '.join(sorted(BOT_KINDS))})")
    if not sep:
        return kind, {}
    option = NUMBER_OPTION.get(kind)
    if option is None:
        raise ValueError(f"bot kind '{kind}' takes no ':N' budget")
    cap = MAX_BOT_BUDGET[kind]
    digits = number.lstrip("0")
    if not (number.isascii() and number.isdigit()) or not digits or int(digits[:12]) > cap:
        shown = spec if len(spec) <= 40 else spec[:37] + "…"
        message = f"the budget after ':' must be a positive whole number up to {cap:,}"
        raise ValueError(f"'{shown}': {message}")
    return kind, {option: int(number)}


def make_bot_from_spec(
    spec: str, actor: str, seed: int = 0, agents: AgentOptions | None = None
) -> Bot:
    """Build a bot from ``KIND``, ``KIND:N`` or ``cmd:COMMAND`` (see :func:`parse_spec`).

    ``agents`` sets an external agent's deadline and fallback; without it a ``cmd:`` spec is
    refused (ValueError), so a caller starts programs only when it asked for agents."""
    kind, options = parse_spec(spec, agents=agents is not None)
    if kind == "cmd":
        from engine.agents.external import ExternalBot  # processes only when asked for

        return ExternalBot(actor, seed, command=str(options["command"]), options=agents)
    return make_bot(kind, actor, seed, **options)


__all__ = [
    "BOT_KINDS",
    "Bot",
    "DoctrineBot",
    "GreedyBot",
    "ISMCTSBot",
    "RandomBot",
    "make_bot",
    "make_bot_from_spec",
    "parse_spec",
]
