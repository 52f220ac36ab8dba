"""How to load a scenario again elsewhere: in a worker process, or on another machine.

A compiled :class:`Scenario` holds closures and cannot be pickled, so workers rebuild it from
a :class:`ScenarioSource`: its file and the variant it was loaded with, plus — for machines
that do not have the files — the files themselves (a bundle). Rebuilding gives the same
content hash, so results cannot silently come from another version of the scenario.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import StudyError
from engine.load.check.build import load_scenario
from engine.load.scenario import Scenario
from engine.load.vary.variant import Variant

_LOADED: dict[tuple[str, str], Scenario] = {}


@dataclass(frozen=True)
class ScenarioSource:
    """A picklable recipe for a scenario: ``path`` plus ``variant``, optionally bundled.

    With a ``bundle`` (file names relative to a common folder, and their bytes), ``path`` is
    the scenario file's name inside it and the files are written to a temporary folder first.
    """

    path: str
    variant: Variant = field(default_factory=Variant)
    content_hash: str = ""
    bundle: tuple[tuple[str, bytes], ...] = ()

    @classmethod
    def of(cls, scenario: Scenario, *, bundled: bool = False) -> ScenarioSource:
        """The source of a loaded scenario; ``bundled`` carries its files along."""
        if not bundled:
            return cls(str(scenario.path), scenario.variant, scenario.content_hash)
        files = [Path(f) for f in scenario.files]
        home = Path(os.path.commonpath([str(f.parent) for f in files]))
        bundle = tuple((f.relative_to(home).as_posix(), f.read_bytes()) for f in files)
        root = Path(scenario.path).relative_to(home).as_posix()
        return cls(root, scenario.variant, scenario.content_hash, bundle)

    def load(self) -> Scenario:
        """The scenario (loaded once per process); raise :class:`StudyError` if its content
        changed since the study started."""
        key = (self.path if not self.bundle else self._bundle_digest(), self.variant.key())
        scenario = _LOADED.get(key)
        if scenario is None:
            if self.bundle:  # the bundle's folder holds every file the scenario includes
                folder = self._unpack()
                scenario = load_scenario(folder / self.path, self.variant, allow=[folder])
            else:
                scenario = load_scenario(Path(self.path), self.variant)
            _LOADED[key] = scenario
        if self.content_hash and scenario.content_hash != self.content_hash:
            raise StudyError(
                f"scenario {scenario.id} changed on disk since the study started "
                f"({self.content_hash} ≠ {scenario.content_hash})"
            )
        return scenario

    def _bundle_digest(self) -> str:
        digest = hashlib.sha256()
        for name, data in self.bundle:
            digest.update(name.encode() + b"\0" + data + b"\0")
        return digest.hexdigest()[:20]

    def _unpack(self) -> Path:
        folder = Path(tempfile.gettempdir()) / "wargame-bundles" / self._bundle_digest()
        for name, data in self.bundle:
            target = folder / name
            if not target.is_file() or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                # One temporary name per thread: a Dask worker unpacks in several at once.
                tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
                tmp.write_bytes(data)
                os.replace(tmp, target)
        return folder


__all__ = ["ScenarioSource"]
