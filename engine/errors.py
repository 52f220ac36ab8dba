"""Errors raised by the engine.

Every error subclasses :class:`ValueError` (as python-chess does), so callers can catch the
whole family or one precise kind: a broken scenario file, a malformed action string, or an
action that is well formed but against the rules right now.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a scenario file, located as ``path:line:column: key: message``.

    Line 0 marks a problem with something not in a file (``--set PATH=VALUE``): ``path`` then
    holds that text and the problem reads ``--set PATH=VALUE: message``.
    """

    path: str
    line: int
    column: int
    key: str
    message: str

    def __str__(self) -> str:
        if self.line == 0:  # not in a file: a command-line option such as --set
            return f"{self.path}: {self.message}"
        key = self.key or "<document>"
        return f"{self.path}:{self.line}:{self.column}: {key}: {self.message}"


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in reading order: by file, then line, column, key and message."""
    return sorted(problems, key=lambda p: (p.path, p.line, p.column, p.key, p.message))


class ScenarioError(ValueError):
    """A scenario (or one of its included files) is invalid; ``problems`` lists every fault."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted_problems(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InvalidActionError(ValueError):
    """An action string or object is malformed (bad syntax, unknown names)."""


class IllegalActionError(ValueError):
    """An action is well formed but not legal in the current state."""


class StudyError(ValueError):
    """A study could not finish: a scenario changed under it, or its workers went away."""


class SaveError(ValueError):
    """A saved game is corrupt, truncated, or belongs to a different scenario version."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest choice, or an empty string."""
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""
