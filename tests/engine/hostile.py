"""Hostile scenario files (issue 17): each attack as a fixed case, with the answer expected.

An :class:`Attack` is a few files and a ``wargame`` command over them; the command must
answer with exit code ``exit`` and say ``says`` (on stderr, or stdout when it succeeds) —
never a traceback, never a stall. ``tests/engine/test_resources.py`` runs each one in a
child process under a memory cap and measures its CPU time; the tests beside it check the
details in-process.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.helpers import MINI

#: A file given as this marker is made sparse, of the size that follows (no disk is used).
SPARSE = "SPARSE:"
#: A file given as this marker is made a named pipe (reading it would block).
FIFO = "FIFO"
#: A file given as ``SYMLINK:target`` is made a symbolic link to ``target``.
SYMLINK = "SYMLINK:"
#: A file given as this marker is made a folder.
FOLDER = "FOLDER"


@dataclass(frozen=True)
class Attack:
    """Files (name → text, bytes or a marker) and a command; ``{dir}`` is their folder."""

    name: str
    files: dict[str, Any]
    argv: tuple[str, ...]
    exit: int
    says: str
    #: Not in CI on this platform (a FIFO, a symbolic link) when False.
    posix_only: bool = field(default=False)

    def write(self, folder: Path) -> list[str]:
        """Create the files in ``folder``; return the command with ``{dir}`` filled in."""
        for name, content in self.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            elif content == FIFO:
                os.mkfifo(path)
            elif content == FOLDER:
                path.mkdir()
            elif content.startswith(SPARSE):
                with path.open("wb") as handle:
                    handle.truncate(int(content.removeprefix(SPARSE)))
            elif content.startswith(SYMLINK):
                path.symlink_to(content.removeprefix(SYMLINK))
            else:
                path.write_text(content, encoding="utf-8")
        return [a.replace("{dir}", str(folder)) for a in self.argv]


def scenario(**changes: Any) -> str:
    """The tests' MINI scenario as YAML, with sections replaced or added."""
    data = copy.deepcopy(MINI)
    data.update(changes)
    return yaml.safe_dump(data, sort_keys=False)


def _laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        name, prev = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    return "\n".join(lines) + "\n"


def _including(*names: str) -> str:
    return scenario(include=list(names))


#: 1,000 zones and 5,000 misspelt references to them, all in one file.
MANY_ZONES = 1000
MANY_UNKNOWN = 5000


def many_unknown_names() -> str:
    """A scenario whose one zone names 5,000 zones that do not exist, each a near miss."""
    zones = copy.deepcopy(MINI["zones"])
    zones += [{"id": f"z{i:04d}", "name": "Z", "pos": [1, 1]} for i in range(MANY_ZONES)]
    letters = "abcdefghij"  # one letter too many: 'z0007c' for 'z0007'
    zones[0]["adjacent"] = [
        f"z{i % MANY_ZONES:04d}{letters[i // MANY_ZONES]}" for i in range(MANY_UNKNOWN)
    ]
    return scenario(zones=zones)


GROWING_COUNTER = scenario(
    rules=[
        {
            "id": "grow",
            "name": "Debt squared",
            "at": "upkeep",
            "effects": [{"set": {"track": "debt", "to": "debt * debt + 2"}}],
        }
    ],
    turns={**MINI["turns"], "count": 100, "calendar": []},
)

SELF_TRIGGERING = scenario(
    rules=[{"id": "echo", "name": "Echo", "on": "bang", "effects": [{"trigger": "bang"}]}]
)

LOOPING_WHILE = scenario(
    rules=[
        {"id": "start", "name": "Start", "at": "upkeep", "effects": [{"trigger": "bang"}]},
        {
            "id": "echo",
            "name": "Echo",
            "on": "bang",
            "when": "debt < 1000000",
            "effects": [{"adjust": {"track": "debt", "by": 1}}, {"trigger": "bang"}],
        },
    ]
)

SHARED_PART = yaml.safe_dump({k: MINI[k] for k in ("actors", "tracks", "turns", "victory")})

ATTACKS = [
    Attack(
        "billion laughs",
        {"laughs.yaml": _laughs()},
        ("validate", "{dir}/laughs.yaml"),
        3,
        "too many values",
    ),
    Attack(
        "recursive alias",
        {"a.yaml": "a: &a [1, *a]\n"},
        ("validate", "{dir}/a.yaml"),
        3,
        "recursive alias '*a'",
    ),
    Attack(
        "deep nesting",
        {"deep.yaml": "a: " + "[" * 200_000 + "\n"},
        ("validate", "{dir}/deep.yaml"),
        3,
        "nest",  # (libyaml stops it first, at its own limit of 1,000 levels)
    ),
    Attack(
        "deep block nesting",
        {"deep.yaml": "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 1000))},
        ("validate", "{dir}/deep.yaml"),
        3,
        "nested more than",
    ),
    Attack(
        "a 50 MB file",
        {"big.yaml": f"{SPARSE}50000000"},
        ("validate", "{dir}/big.yaml"),
        3,
        "larger than",
    ),
    Attack(
        "a list of 400,000 elements",
        {"list.yaml": "a: [" + "0," * 400_000 + "0]\n"},
        ("validate", "{dir}/list.yaml"),
        3,
        "too many values",
    ),
    Attack(
        "explicit tags with bad values",
        {"tags.yaml": "a: !!int x\nb: !!float y\nc: !!bool maybe\nd: !!timestamp 2019-13-45\n"},
        ("validate", "{dir}/tags.yaml"),
        3,
        "cannot read 'maybe' as true or false",
    ),
    Attack(
        "an integer past Python's digit limit",
        {"s.yaml": scenario().replace("max: 5", "max: " + "9" * 5000, 1)},
        ("validate", "{dir}/s.yaml"),
        3,
        "as a whole number",
    ),
    Attack(
        "a number past the magnitude limit",
        {"s.yaml": scenario().replace("max: 5", "max: " + "9" * 40, 1)},
        ("validate", "{dir}/s.yaml"),
        3,
        "is too large",
    ),
    Attack(
        "5,000 misspelt names",
        {"s.yaml": many_unknown_names()},
        ("validate", "{dir}/s.yaml"),
        3,
        "more problems not shown",
    ),
    Attack(
        "an include outside the folder",
        {"s.yaml": _including("/etc/passwd")},
        ("validate", "{dir}/s.yaml"),
        3,
        "is outside the scenario's folder",
    ),
    Attack(
        "an include up and out",
        {"s.yaml": _including("../../../../../../../../etc/hostname")},
        ("run", "{dir}/s.yaml"),
        3,
        "is outside the scenario's folder",
    ),
    Attack(
        "an include with a NUL byte",
        {"s.yaml": _including("a\0b.yaml")},
        ("validate", "{dir}/s.yaml"),
        3,
        "cannot be read",
    ),
    Attack(
        "an overlong include name",
        {"s.yaml": _including("a" * 300 + ".yaml")},
        ("validate", "{dir}/s.yaml"),
        3,
        "cannot be read",
    ),
    Attack(
        "an include in a loop of symbolic links",
        {"s.yaml": _including("loop1"), "loop1": f"{SYMLINK}loop2", "loop2": f"{SYMLINK}loop1"},
        ("validate", "{dir}/s.yaml"),
        3,
        "cannot be read",
        posix_only=True,
    ),
    Attack(
        "an include that is a named pipe",
        {"s.yaml": _including("pipe.yaml"), "pipe.yaml": FIFO},
        ("validate", "{dir}/s.yaml"),
        3,
        "is not a regular file",
        posix_only=True,
    ),
    Attack(
        "an include that is a folder",
        {"s.yaml": _including("parts"), "parts": FOLDER},
        ("validate", "{dir}/s.yaml"),
        3,
        "is a folder",
    ),
    Attack(
        "a counter squared every turn",
        {"s.yaml": GROWING_COUNTER},
        ("run", "{dir}/s.yaml", "--bots", "all=random"),
        0,
        "→ 1000000000 (Debt squared)",
    ),
    Attack(
        "a counter squared every turn, in a batch",
        {"s.yaml": GROWING_COUNTER},
        ("batch", "{dir}/s.yaml", "--runs", "3", "--jobs", "1", "--bots", "all=random"),
        0,
        "3 playthroughs",
    ),
    Attack(
        "a rule that fires its own trigger",
        {"s.yaml": SELF_TRIGGERING},
        ("validate", "{dir}/s.yaml"),
        3,
        "standing rules loop without end",
    ),
    Attack(
        "rules that loop while a condition holds",
        {"s.yaml": LOOPING_WHILE},
        ("run", "{dir}/s.yaml"),
        3,
        "standing rules loop",
    ),
    Attack(
        "--runs 2**70",
        {},
        ("batch", "tutorial", "--runs", str(2**70)),
        2,
        "--runs must be at most",
    ),
    Attack(
        "--jobs 100000",
        {},
        ("batch", "tutorial", "--runs", "10", "--jobs", "100000"),
        2,
        "--jobs must be at most",
    ),
    Attack(
        "an ISMCTS budget of 10**12",
        {},
        ("run", "tutorial", "--bots", f"all=ismcts:{10**12}"),
        2,
        "budget after ':'",
    ),
    Attack(
        "a scenario with a byte-order mark and a comment on its id line",
        {"s.yaml": "\ufeff" + scenario().replace("id: mini", "id: mini  # the id", 1)},
        ("run", "{dir}/s.yaml"),
        0,
        "Outcome:",
    ),
    Attack(
        "a shared part given to run",
        {"part.yaml": SHARED_PART},
        ("run", "{dir}/part.yaml"),
        3,
        "a shared part (no top-level 'id'), not a scenario",
    ),
]


__all__ = ["ATTACKS", "Attack", "scenario"]
