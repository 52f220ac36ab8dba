"""Stage 1c — checking and compiling: every reference resolved, expressions typed and compiled
to closures, trigger loops found; the result is a :class:`~engine.load.scenario.Scenario`."""
