"""The names of the bot kinds, for checking a scenario's ``bot:`` without the bots.

:data:`engine.bots.BOT_KINDS` maps the same names to the bots; importing it to check one
field cost ``wargame validate`` ~25 ms of start-up (the bots import the rules of play).
``tests/engine/test_startup_imports.py`` keeps the two lists equal, in the same order.
"""

from __future__ import annotations

#: Bot kinds by command-line name, in :data:`engine.bots.BOT_KINDS`'s order.
BOT_KIND_NAMES: tuple[str, ...] = ("random", "random-fast", "doctrine", "greedy", "ismcts")

__all__ = ["BOT_KIND_NAMES"]
