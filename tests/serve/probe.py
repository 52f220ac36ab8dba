"""Stands in for `wargame play` in the serve tests: it records what its session can see.

It writes a save through tui/storage.py (into the folder the server chose for this
session) and then ``seen.json`` beside it: the saves that were there before it wrote its own.
"""

import json

from tui import storage

before = sorted(p.name for p in storage.saves_dir().glob("*.json"))
storage.write_atomic(storage.save_path("mine"), "{}")
(storage.data_dir() / "seen.json").write_text(json.dumps(before))
