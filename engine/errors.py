"""Errors raised by the engine.

Every error subclasses :class:`ValueError` (as python-chess does), so callers can catch the
whole family or one precise kind: a broken scenario file, a malformed action string, or an
action that is well formed but against the rules right now.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a scenario file, located as ``path:line:column: key: message``.

    Line 0 marks a problem with something not in a file (``--set PATH=VALUE``): ``path`` then
    holds that text and the problem reads ``--set PATH=VALUE: message``. A problem with
    ``omitted`` set stands for that many problems of the file ``path`` left unreported
    (see :func:`capped`).
    """

    path: str
    line: int
    column: int
    key: str
    message: str
    omitted: int = 0

    def __str__(self) -> str:
        if self.line == 0:  # not in a file: a command-line option such as --set
            return f"{self.path}: {self.message}"
        key = self.key or "<document>"
        return f"{self.path}:{self.line}:{self.column}: {key}: {self.message}"


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in reading order: by file, then line, column, key and message."""
    return sorted(problems, key=lambda p: (p.path, p.line, p.column, p.key, p.message))


def omitted(path: str, count: int) -> Problem:
    """The line that stands for ``count`` problems of ``path`` left unreported."""
    from engine.load.limits import MAX_PROBLEMS_PER_FILE

    message = (
        f"{count} more problem{'s' * (count != 1)} not shown "
        f"(at most {MAX_PROBLEMS_PER_FILE} are reported per file)"
    )
    return Problem(path, 0, 0, "", message, omitted=count)


def capped(problems: Iterable[Problem]) -> list[Problem]:
    """:func:`sorted_problems`, at most ``MAX_PROBLEMS_PER_FILE`` per file, each file's surplus
    counted in one closing line."""
    from engine.load.limits import MAX_PROBLEMS_PER_FILE

    out: list[Problem] = []
    for path, group in groupby(sorted_problems(problems), key=lambda p: p.path):
        found = list(group)
        shown = [p for p in found if not p.omitted]
        more = sum(p.omitted for p in found) + max(0, len(shown) - MAX_PROBLEMS_PER_FILE)
        out.extend(shown[:MAX_PROBLEMS_PER_FILE])
        if more:
            out.append(omitted(path, more))
    return out


class ScenarioError(ValueError):
    """A scenario (or one of its included files) is invalid; ``problems`` lists every fault
    (at most ``MAX_PROBLEMS_PER_FILE`` per file: see :func:`capped`)."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = capped(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:
        # Raised in a worker process, it must arrive whole (the default pickles the text).
        return (type(self), (self.problems,))


class RuleLoopError(ScenarioError):
    """Standing rules set each other off without end while playing (a trigger loop).

    ``where`` names the scenario (its file); the message names the loop.
    """

    def __init__(self, where: str, message: str):
        self.where = where
        self.loop_message = message
        super().__init__([Problem(where, 0, 0, "", message)])

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # type: ignore[override]
        return (type(self), (self.where, self.loop_message))


class InvalidActionError(ValueError):
    """An action string or object is malformed (bad syntax, unknown names)."""


class IllegalActionError(ValueError):
    """An action is well formed but not legal in the current state."""


class StudyError(ValueError):
    """A study could not finish: a scenario changed under it, or its workers went away."""


class SaveError(ValueError):
    """A saved game is corrupt, truncated, or belongs to a different scenario version."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest choice, or an empty string.

    Near-linear in the number of names asked about: see :class:`_Names`.
    """
    match = _names(choices).closest(word)
    return f"; did you mean '{match}'?" if match else ""


#: Choice lists compared against whole with difflib; longer ones go through an index.
_FEW = 24


class _Names:
    """A set of names to suggest from, indexed once for any number of questions.

    A few names are compared one by one (difflib's ratio, cutoff 0.6). Many names would make
    each question cost a comparison per name — 5,000 misspellings among 5,000 ids took over a
    minute — so only the candidates within one deletion of the word, either way (a letter
    added, dropped, changed or two swapped, case aside), are compared, found in a table of
    every name's one-letter deletions.
    """

    def __init__(self, names: Iterable[str]):
        from engine.load.limits import MAX_HINT_CHARS

        self.names = sorted({n for n in names if isinstance(n, str) and len(n) <= MAX_HINT_CHARS})
        self.index: dict[str, list[str]] | None = None
        if len(self.names) > _FEW:
            self.index = {}
            for name in self.names:
                for variant in _deletions(name.lower()):
                    self.index.setdefault(variant, []).append(name)
            # (Names past _LONG are indexed whole only: the table stays a few MB at most.)
        self.answers: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        from engine.load.limits import MAX_HINT_CHARS

        if not isinstance(word, str) or len(word) > MAX_HINT_CHARS:
            return None
        if word in self.answers:
            return self.answers[word]
        if self.index is None:
            pool = self.names
        else:
            found = {n for v in _deletions(word.lower()) for n in self.index.get(v, ())}
            pool = sorted(found)
        matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
        if not matches and self.index is not None:
            same = [n for n in pool if n.lower() == word.lower()]
            matches = same[:1]
        answer = matches[0] if matches else None
        if len(self.answers) < 10_000:
            self.answers[word] = answer
        return answer


_LONG = 32


def _deletions(word: str) -> set[str]:
    if len(word) > _LONG:
        return {word}
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


#: Recently indexed choice lists (callers ask about many names against one list).
_RECENT: dict[tuple[str, ...], _Names] = {}


def _names(choices: Iterable[str]) -> _Names:
    key = tuple(choices)
    found = _RECENT.get(key)
    if found is None:
        found = _Names(key)
        if len(_RECENT) >= 4:
            _RECENT.pop(next(iter(_RECENT)))
        _RECENT[key] = found
    return found
