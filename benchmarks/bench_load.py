"""Loading benchmark: load + validate in CPU milliseconds, each way of composing YAML, and
start-up of the commands that should answer at once.

Run: ``python benchmarks/bench_load.py [--repeat N] [--no-startup]``.

Each figure is the best of ``--repeat`` cold loads (the per-process parse caches emptied
first, as in a fresh ``wargame validate``), in CPU time, for:

- the campaign's three scenarios one by one, and all three in a row (the files they share
  read once, as ``wargame validate scenarios/syria/*.yaml`` does);
- the tutorial grown 1, 4, 16 and 64 times: its cards, operations and rules copied with new
  ids into include files (real scenarios grow by includes). Past 4× it holds more values
  than a scenario may (``MAX_NODES``), so the limit is raised for this benchmark only;

under each backend of :mod:`engine.load.read.compose` (``libyaml``: libyaml composes in C;
``stream``: libyaml parses, PyYAML's composer composes, as before; ``python``: PyYAML alone).
Then ``wargame --help``, ``list``, ``validate tutorial`` and ``validate israeli-strike`` in
fresh interpreters, with compiled bytecode (see :func:`startup`).
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from engine import load_scenario
from engine.load.check.expressions import trees as expression_trees
from engine.load.read import compose, loader, yamlpos
from engine.load.read.catalog import resolve, scenarios_dir

BACKENDS = (compose.LIBYAML, compose.STREAM, compose.PYTHON)
CAMPAIGN = ("iranian-entrenchment", "israeli-strike", "russian-reaction")
SIZES = (1, 4, 16, 64)
#: Sections copied to grow the tutorial (each item gets a new id).
GROWN = ("cards", "operations", "rules")


def cold() -> None:
    """Forget every parsed file, merged scenario and parsed expression (a fresh process
    remembers none)."""
    yamlpos._PARSED.clear()
    loader._CACHE.clear()
    expression_trees.forget()


def best_ms(work: Callable[[], object], repeat: int) -> float:
    """The least CPU time of ``repeat`` cold runs of ``work``, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        cold()
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best * 1000


def grown_tutorial(folder: Path, times: int) -> Path:
    """The tutorial with its cards, operations and rules ``times`` over, in ``folder`` (a copy
    of the shipped scenarios, so its includes resolve)."""
    root = scenarios_dir() / "tutorial.yaml"
    data = yamlpos.load_located(root)[0].data  # (keys read as text: `on:` stays "on")
    parts = []
    per_file = max(1, times // 16)  # (a scenario reads at most 64 files)
    for start in range(1, times, per_file):
        part: dict[str, list[object]] = {section: [] for section in GROWN}
        for copy_no in range(start, min(start + per_file, times)):
            for section in GROWN:
                for item in data.get(section, []):
                    twin = copy.deepcopy(item)
                    twin["id"] = f"{item['id']}_{copy_no}"
                    part[section].append(twin)
        name = f"tutorial-x{times}/part-{start}.yaml"
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(yaml.safe_dump(part, sort_keys=False), encoding="utf-8")
        parts.append(name)
    text = root.read_text(encoding="utf-8")
    if parts:
        text = text.replace("include:\n", "include:\n" + "".join(f"  - {p}\n" for p in parts), 1)
    path = folder / f"tutorial-x{times}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _loading(*paths: Path) -> Callable[[], object]:
    return lambda: [load_scenario(path) for path in paths]


def raise_value_limit(nodes: int) -> None:
    """Let one scenario hold ``nodes`` values (this benchmark only)."""
    defaults = list(compose.Budget.__init__.__defaults__ or ())
    defaults[1] = nodes  # (bytes, nodes, files)
    compose.Budget.__init__.__defaults__ = tuple(defaults)


#: The commands whose start-up is timed.
STARTUP = (["--help"], ["list"], ["validate", "tutorial"], ["validate", "israeli-strike"])


def startup(repeat: int, folder: Path) -> list[tuple[str, float]]:
    """CPU seconds (user + system) of a fresh ``wargame ...`` process, best of ``repeat``.

    With compiled bytecode, as an installed copy has it: where ``PYTHONDONTWRITEBYTECODE`` is
    set (as in some sandboxes), every start would compile the sources again, which is most of
    a start. The bytecode goes to ``folder`` (not beside the sources), written by a first run.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder)
    out = []
    for argv in STARTUP:
        command = [sys.executable, "-m", "wargame", *argv]
        subprocess.run(command, capture_output=True, check=True, env=env)  # (the bytecode)
        best = float("inf")
        for _ in range(repeat):
            before = os.times()
            subprocess.run(command, capture_output=True, check=True, env=env)
            after = os.times()
            spent = (after.children_user - before.children_user) + (
                after.children_system - before.children_system
            )
            best = min(best, spent)
        out.append((" ".join(argv), best))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="cold loads per figure (best)")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up figures")
    args = parser.parse_args()
    raise_value_limit(200_000)
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        shutil.copytree(scenarios_dir(), folder, dirs_exist_ok=True)
        rows: list[tuple[str, Callable[[], object]]] = [
            (ref, _loading(resolve(ref))) for ref in CAMPAIGN
        ]
        rows.append(("campaign, all three", _loading(*(resolve(r) for r in CAMPAIGN))))
        for times in SIZES:
            rows.append((f"tutorial ×{times}", _loading(grown_tutorial(folder, times))))
        print(f"load + validate, CPU ms (best of {args.repeat} cold loads)")
        print(f"{'':<22}" + "".join(f"{b:>10}" for b in BACKENDS) + "   stream/libyaml")
        for label, work in rows:
            found = {}
            for backend in BACKENDS:
                os.environ[compose.BACKEND_ENV] = backend
                found[backend] = best_ms(work, args.repeat if backend != "python" else 2)
            ratio = found[compose.STREAM] / found[compose.LIBYAML]
            cells = "".join(f"{found[b]:>10.1f}" for b in BACKENDS)
            print(f"{label:<22}{cells}   {ratio:>6.2f}×")
        os.environ.pop(compose.BACKEND_ENV, None)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not args.no_startup:
        print("\nstart-up of a fresh process, CPU s (best of 5)")
        caches = Path(tempfile.mkdtemp(prefix="bench-load-pyc-"))
        try:
            for label, spent in startup(5, caches):
                print(f"  wargame {label:<26} {spent:.3f}")
        finally:
            shutil.rmtree(caches, ignore_errors=True)


if __name__ == "__main__":
    main()
