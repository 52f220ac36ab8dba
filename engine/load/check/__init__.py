"""Stage 1c — checking and compiling: every reference resolved, expressions typed and compiled
(:mod:`engine.load.check.expressions`), trigger loops found; the result is a
:class:`~engine.load.scenario.Scenario`."""
