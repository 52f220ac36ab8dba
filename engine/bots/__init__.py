"""Bots: automated players that see only their actor's view.

``make_bot(kind, actor, seed)`` builds one by name; ``BOT_KINDS`` lists the names.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.bots.base import Bot
from engine.bots.random_bot import RandomBot

#: Bot kinds by command-line name.
BOT_KINDS: dict[str, Callable[..., Bot]] = {
    "random": RandomBot,
}


def make_bot(kind: str, actor: str, seed: int = 0, **options: object) -> Bot:
    """Build a bot of ``kind`` for ``actor``; raise ValueError for an unknown kind."""
    factory = BOT_KINDS.get(kind)
    if factory is None:
        raise ValueError(f"unknown bot kind '{kind}' (one of: {', '.join(sorted(BOT_KINDS))})")
    return factory(actor, seed, **options)


__all__ = ["BOT_KINDS", "Bot", "RandomBot", "make_bot"]
