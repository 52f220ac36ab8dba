"""Sweeps: a grid over one or two parameters, every point played on the same seeds.

An axis is ``NAME=LO..HI[:STEP]`` or ``NAME=V1,V2,...``, where ``NAME`` is a named parameter
of the scenario (``params:``) or any dotted path a variant may set
(``tracks.tolerance.start``). Each grid point is the scenario with those values set; all
points share the seeds, so neighbouring points differ only by the values.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from engine.analysis.measure.stats import wilson
from engine.analysis.run.backends import Backend
from engine.analysis.run.batch import Arm, run_arms
from engine.analysis.run.batch_result import BatchResult
from engine.errors import ScenarioError
from engine.load.check.build import load_scenario
from engine.load.scenario import Scenario
from engine.load.vary.variant import Change, Variant

#: The most points a sweep may have (a guard against a mistyped range).
MAX_POINTS = 400


class AxisError(ValueError):
    """A malformed axis (a one-line message)."""


@dataclass(frozen=True)
class Axis:
    """One swept parameter: how it was named, the path it sets, and its values."""

    name: str
    path: str
    values: tuple[int, ...]


def parse_axis(text: str, scenario: Scenario) -> Axis:
    """``NAME=LO..HI[:STEP]`` or ``NAME=V1,V2,...`` → an :class:`Axis`."""
    name, sep, spec = text.partition("=")
    name, spec = name.strip(), spec.strip()
    if not sep or not name or not spec:
        raise AxisError(f"--param '{text}' should look like NAME=LO..HI[:STEP] or NAME=A,B,C")
    path = f"params.{name}" if "." not in name else name
    if "." not in name and name not in scenario.params:
        known = ", ".join(scenario.params) or "none"
        raise AxisError(
            f"--param {text}: '{name}' is not a named parameter of {scenario.id} (its params: "
            f"{known}); give a dotted path such as tracks.tolerance.start"
        )
    if ".." in spec:
        bounds, _, step_text = spec.partition(":")
        low_text, _, high_text = bounds.partition("..")
        low, high = _whole(low_text, text), _whole(high_text, text)
        step = _whole(step_text, text) if step_text else 1
        if step < 1:
            raise AxisError(f"--param {text}: the step must be at least 1")
        if high < low:
            raise AxisError(f"--param {text}: the range runs from {low} down to {high}")
        values = tuple(range(low, high + 1, step))
    else:
        values = tuple(_whole(v, text) for v in spec.split(","))
    if len(set(values)) != len(values):
        raise AxisError(f"--param {text}: a value is repeated")
    if name in scenario.params:
        param = scenario.params[name]
        outside = [v for v in values if not param.min <= v <= param.max]
        if outside:
            raise AxisError(
                f"--param {text}: {outside[0]} is outside {name}'s allowed range "
                f"{param.min}..{param.max}"
            )
    return Axis(name, path, values)


def _whole(value: str, text: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise AxisError(f"--param {text}: values must be whole numbers") from None


@dataclass
class Sweep:
    """Every grid point's values and batch result, in grid order."""

    axes: tuple[Axis, ...]
    points: list[tuple[tuple[int, ...], BatchResult]]

    @property
    def actors(self) -> tuple[str, ...]:
        """The scored actors."""
        return self.points[0][1].actors if self.points else ()

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per point: the values, then each actor's win rate and interval."""
        out = []
        for values, result in self.points:
            row: dict[str, Any] = {
                axis.name: value for axis, value in zip(self.axes, values, strict=True)
            }
            for actor in result.actors:
                wins = result.aggregate.wins[actor]
                low, high = wilson(wins, result.runs)
                row[f"win_{actor}"] = round(result.win_rate(actor), 4)
                row[f"low_{actor}"] = round(low, 4)
                row[f"high_{actor}"] = round(high, 4)
            row["no_winner"] = round(result.aggregate.no_winner / result.runs, 4)
            row["mean_turns"] = round(result.mean_turns(), 3)
            out.append(row)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON report."""
        first = self.points[0][1]
        return {
            "scenario": first.scenario.base_id,
            "runs": first.runs,
            "seed": first.seed,
            "bots": dict(first.bots),
            "axes": [{"name": a.name, "path": a.path, "values": list(a.values)} for a in self.axes],
            "points": self.rows(),
        }


def sweep(
    scenario: Scenario,
    axes: Sequence[Axis],
    runs: int,
    seed: int = 1,
    *,
    bots: dict[str, str] | None = None,
    backend: Backend | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Sweep:
    """Play every point of the grid on the same seeds; raise :class:`ScenarioError` (located
    at the first bad point) when a value does not fit the scenario."""
    if not 1 <= len(axes) <= 2:
        raise AxisError("a sweep takes one or two --param axes")
    grid = list(itertools.product(*(axis.values for axis in axes)))
    if len(grid) > MAX_POINTS:
        raise AxisError(f"the grid has {len(grid)} points; the limit is {MAX_POINTS}")
    arms = []
    for values in grid:
        changes = tuple(
            Change(axis.path, value, origin=(f"--param {axis.name}={value}", 0, 0))
            for axis, value in zip(axes, values, strict=True)
        )
        point = load_scenario(scenario.path, scenario.variant.then(Variant(changes)))
        arms.append(Arm(point, dict(bots or {}), ",".join(map(str, values))))
    results = run_arms(arms, runs, seed, backend=backend, on_progress=on_progress)
    return Sweep(tuple(axes), list(zip(grid, results, strict=True)))


__all__ = ["MAX_POINTS", "Axis", "AxisError", "ScenarioError", "Sweep", "parse_axis", "sweep"]
