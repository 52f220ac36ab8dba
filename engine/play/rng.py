"""The game's one source of chance: a splitmix64 generator whose whole state is one integer.

An int is free to copy (search copies states constantly), identical on every platform and
Python version, and independent of ``PYTHONHASHSEED`` — unlike :mod:`random`'s large state.
"""

from __future__ import annotations

import hashlib

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def next_u64(state: int) -> tuple[int, int]:
    """Advance ``state``; return ``(new_state, 64 random bits)``."""
    state = (state + GOLDEN) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def below(state: int, n: int) -> tuple[int, int]:
    """Advance ``state``; return ``(new_state, a number in 0..n-1)``."""
    # next_u64, inlined: this is called for every die, shuffle step and random choice.
    state = (state + GOLDEN) & MASK
    z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, (z ^ (z >> 31)) % n


def shuffled(state: int, items: list[str] | tuple[str, ...]) -> tuple[int, list[str]]:
    """Fisher–Yates shuffle of a copy of ``items``."""
    out = list(items)
    golden, mask = GOLDEN, MASK  # locals: decks are shuffled at the start of every game
    for i in range(len(out) - 1, 0, -1):
        # below(state, i + 1), inlined
        state = (state + golden) & mask
        z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        j = (z ^ (z >> 31)) % (i + 1)
        out[i], out[j] = out[j], out[i]
    return state, out


def derive_seed(root: int, *parts: object) -> int:
    """A 63-bit seed derived from ``root`` and labels (e.g. a playthrough index or an actor)."""
    text = ":".join([str(root), *(str(p) for p in parts)]).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big") >> 1
