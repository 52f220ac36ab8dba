"""Stage 1 — loading and checking a scenario, ending in a :class:`Scenario`.

The sub-packages follow the data flow:

- :mod:`engine.load.read` — YAML with positions and bounded cost, includes kept under the
  scenario's folder, merged per-file models, one verdict on what a file is;
- :mod:`engine.load.models` — the pydantic models of the format (what a file may say);
- :mod:`engine.load.vary` — variants: ``--set``/``--disable`` and variant files applied to the
  merged files;
- :mod:`engine.load.check` — references resolved, expressions typed and compiled
  (:mod:`engine.load.check.expressions`), trigger loops found, building the immutable
  :class:`~engine.load.scenario.Scenario`.

:mod:`engine.load.limits` holds every limit in one place, :mod:`engine.load.fingerprint` what
saves compare, :mod:`engine.load.schema` the JSON Schema for editors.
"""
