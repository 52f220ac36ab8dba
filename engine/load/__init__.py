"""Stage 1 — loading and checking a scenario: YAML with positions, pydantic models, includes,
variants, cross-reference checks and compiled expressions, ending in a :class:`Scenario`."""
