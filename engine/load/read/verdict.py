"""One verdict on a file: a scenario, a variant file, a shared part, or none of them.

``wargame validate``, ``run``, ``batch`` and ``play`` (through :func:`load_scenario`) all ask
here, so they agree on every file. The file is read by the loader's own parser — so a
byte-order mark, a comment on the ``id:`` line or an odd layout cannot fool it — and its
top-level keys decide:

- ``base:`` makes a **variant file** (a base scenario plus changes);
- ``id:`` makes a **scenario**;
- neither makes a **shared part** (a map, a deck, a source registry): valid on its own when
  its syntax, keys and types are, and played only by a scenario that includes it;
- a file that cannot be read, is not YAML or is not a mapping is **invalid**.

:func:`examine` then checks the file as what it is and returns the verdict with its problems.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import Problem, ScenarioError, capped
from engine.load.read.loader import display_path, read_scenario_files
from engine.load.read.yamlpos import LocatedDocument, load_located

if TYPE_CHECKING:
    from engine.load.scenario import Scenario
    from engine.load.vary.variant import Variant


class Kind(enum.Enum):
    """What a file is."""

    #: A whole game: a top-level ``id``.
    SCENARIO = "scenario"
    #: A base scenario plus changes: a top-level ``base``.
    VARIANT = "variant file"
    #: A part that scenarios include: neither ``id`` nor ``base``.
    SHARED = "shared part"
    #: Unreadable, not YAML, or not a mapping of sections.
    INVALID = "invalid"

    @property
    def playable(self) -> bool:
        """Whether ``run``, ``batch`` and ``play`` can play a file of this kind."""
        return self in (Kind.SCENARIO, Kind.VARIANT)


@dataclass(frozen=True)
class Verdict:
    """What a file is, the problems found checking it as that, and the scenario it loads to
    (for a valid scenario or variant file)."""

    path: Path
    kind: Kind
    problems: tuple[Problem, ...] = ()
    scenario: Scenario | None = None

    @property
    def ok(self) -> bool:
        """Whether the file is valid as what it is."""
        return self.kind is not Kind.INVALID and not self.problems


def kind_of(path: str | Path) -> tuple[Kind, LocatedDocument, list[Problem]]:
    """Read ``path`` and say what it is (not yet whether it is valid as that).

    The problems are those of reading it (for :attr:`Kind.INVALID`, why it is invalid).
    """
    path = Path(path)
    doc, problems = load_located(path, display_path(path))
    if doc.data is None:
        return Kind.INVALID, doc, problems
    if not isinstance(doc.data, dict):
        problem = doc.problem((), "the file must be a mapping of sections (key: value)")
        return Kind.INVALID, doc, [*problems, problem]
    if "base" in doc.data:
        return Kind.VARIANT, doc, problems
    if "id" in doc.data:
        return Kind.SCENARIO, doc, problems
    return Kind.SHARED, doc, problems


def not_playable(doc: LocatedDocument) -> Problem:
    """The problem of asking to play a shared part."""
    return doc.problem(
        (),
        "a shared part (no top-level 'id'), not a scenario: play a scenario that includes "
        "it, or give it an 'id' and a 'title' to make it one",
    )


def examine(
    path: str | Path, variant: Variant | None = None, *, allow: Iterable[str | Path] = ()
) -> Verdict:
    """Check ``path`` as what it is: a scenario or variant file is loaded (with ``variant``'s
    changes), a shared part checked on its own (syntax, keys, types; references to ids are
    checked by the scenarios that include it). Never raises for a bad file."""
    from engine.load.check.build import load_scenario  # (build asks kind_of: import it late)

    path = Path(path)
    kind, _, problems = kind_of(path)
    if kind is Kind.INVALID:
        return Verdict(path, kind, tuple(capped(problems)))
    if kind is Kind.SHARED:
        found = read_scenario_files(path, as_fragment=True, allow=allow)[1]
        return Verdict(path, kind, tuple(capped(found)))
    try:
        scenario = load_scenario(path, variant, allow=allow)
    except ScenarioError as exc:
        return Verdict(path, kind, tuple(exc.problems))
    return Verdict(path, kind, (), scenario)


__all__ = ["Kind", "Verdict", "examine", "kind_of", "not_playable"]
