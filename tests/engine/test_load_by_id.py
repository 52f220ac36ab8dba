"""``load_scenario`` takes a shipped scenario's id as well as a path."""

from __future__ import annotations

import pytest

from engine import ScenarioError, load_scenario
from engine.load.read.catalog import shipped


def test_every_shipped_id_loads_as_its_file():
    for entry in shipped():
        assert load_scenario(entry.id).content_hash == load_scenario(entry.path).content_hash


def test_an_unknown_name_is_still_a_missing_file():
    with pytest.raises(ScenarioError, match="cannot read file"):
        load_scenario("no-such-scenario")


def test_a_file_of_that_name_wins(tmp_path, monkeypatch):
    # A path that exists is read as a path, even when a shipped id has the same name.
    (tmp_path / "tutorial").write_text("not: a scenario\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScenarioError):
        load_scenario("tutorial")
