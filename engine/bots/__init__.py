"""Bots: automated players that see only their actor's view.

``make_bot(kind, actor, seed, **options)`` builds one by name; ``BOT_KINDS`` lists the names:
``random``, ``doctrine`` (the scenario's priority list), ``greedy`` (one ply on its score) and
``ismcts`` (determinised tree search). Every bot is deterministic for a given seed.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.bots.base import Bot
from engine.bots.doctrine import DoctrineBot
from engine.bots.greedy import GreedyBot
from engine.bots.ismcts import ISMCTSBot
from engine.bots.random_bot import RandomBot

#: Bot kinds by command-line name.
BOT_KINDS: dict[str, Callable[..., Bot]] = {
    "random": RandomBot,
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


__all__ = ["BOT_KINDS", "Bot", "DoctrineBot", "GreedyBot", "ISMCTSBot", "RandomBot", "make_bot"]
