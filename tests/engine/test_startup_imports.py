"""``wargame --help``, ``list`` and ``validate`` start without what they do not use.

Each command runs in a fresh interpreter, which then lists the heavy modules it imported:
the structure that keeps start-up fast (the times themselves live in benchmarks/).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import subprocess
import sys

import pytest

from tests.helpers import ROOT
from wargame.cli import LAZY_COMMANDS, build_parser

PROBE = """
import contextlib, io, json, sys
from wargame.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
heavy = ("textual", "rich", "numpy", "scipy", "pydantic", "engine.analysis", "engine.agents",
         "engine.bots", "engine.load.models", "engine.play", "engine.play.game",
         "engine.play.rules", "wargame.batch_cmd", "tui")
found = {h for h in heavy for m in sys.modules if m == h or m.startswith(h + ".")}
print(json.dumps(sorted(found)))
"""


def imported(*argv: str) -> set[str]:
    """The heavy modules ``wargame ARGV`` imports, in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("argv", [("--help",), (), ("--version",), ("list",), ("list", "-v")])
def test_help_and_list_import_none_of_the_engine_heavy_parts(argv):
    assert imported(*argv) == set()


def test_validate_imports_the_models_but_not_play_analysis_agents_or_the_ui():
    found = imported("validate", "tutorial")
    assert "pydantic" in found and "engine.load.models" in found  # (it validates)
    assert not found & {"textual", "rich", "numpy", "scipy", "engine.analysis", "engine.agents"}
    assert not found & {"tui", "wargame.batch_cmd"}
    # The bots (and through them the rules of play) only for the names of their kinds: no.
    assert not found & {"engine.bots", "engine.play.game", "engine.play.rules"}


def test_the_bot_kinds_validate_checks_are_the_bots_there_are():
    """``validate`` checks ``bot:`` against a list of names kept apart from the bots, so as not
    to import them; it must name every kind, in the same order (for the did-you-mean)."""
    from engine.bots import BOT_KINDS
    from engine.load.bot_kinds import BOT_KIND_NAMES

    assert tuple(BOT_KINDS) == BOT_KIND_NAMES


def test_a_lazy_command_is_registered_whole_when_asked_for():
    assert "wargame.batch_cmd" not in imported("run", "--help") | imported()
    assert "wargame.batch_cmd" in imported("batch", "--help")


def _help_lines(parser: argparse.ArgumentParser) -> dict[str, str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: str(choice.help) for choice in sub._choices_actions}


@pytest.mark.parametrize("name", LAZY_COMMANDS)
def test_each_lazy_command_says_what_its_module_registers(name):
    """The line ``wargame --help`` shows for a command is the one its module gives it, and the
    commands come in the same order either way."""
    stubs, whole = _help_lines(build_parser()), _help_lines(build_parser(name))
    assert stubs == whole
    assert list(stubs) == list(whole)


def test_the_engine_package_still_offers_every_name():
    import engine

    for name in engine.__all__:
        assert getattr(engine, name) is not None
    with pytest.raises(AttributeError):
        engine.not_a_name  # noqa: B018
    with contextlib.redirect_stdout(io.StringIO()):
        assert set(engine.__all__) <= set(dir(engine))
