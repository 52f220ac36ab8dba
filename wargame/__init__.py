"""The ``wargame`` command line: play, run, validate, list, schema, batch."""
