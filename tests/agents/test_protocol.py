"""External agents over the agent protocol: full games, and every way an agent can fail.

The agents are small programs (tests/agents/agent.py, run with this interpreter; the Node.js
example where ``node`` is installed). Deadlines are generous — the suite runs on a busy
two-core machine — except in the test of the deadline itself, whose agent never answers.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from engine.agents.protocol import PROTOCOL_VERSION
from tests.helpers import ROOT
from wargame.cli import main
from wargame.options import UsageError, parse_bots

AGENT = Path(__file__).with_name("agent.py")
NODE_AGENT = ROOT / "examples" / "agents" / "random-agent.js"
#: Generous: a failure is still reported at once, and a slow machine does not fail the test.
DEADLINE = "60"


def agent(mode: str) -> str:
    """The --bots spec of the test agent in ``mode``."""
    return f"cmd:{shlex.quote(sys.executable)} {shlex.quote(str(AGENT))} {mode}"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["run", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_trivial_agent_plays_a_whole_game_and_gives_its_reasons(capsys):
    argv = ("tutorial", "--seed", "3", "--bots", f"iran={agent('first')}")
    code, out, err = run(capsys, *argv, "--agent-deadline", DEADLINE, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["outcome"] is not None and data["stopped"] is None
    assert data["bots"]["iran"].startswith("cmd:")
    iran = [m for m in data["moves"] if m["action"].startswith("iran ")]
    assert iran and all(m["why"] == "first" for m in iran)
    # The agent's answers are ordinary moves: the same game again gives the same log.
    code, again, _ = run(capsys, *argv, "--agent-deadline", DEADLINE, "--json")
    assert code == 0 and json.loads(again)["log"] == data["log"]


def test_explain_shows_the_agents_reason(capsys):
    code, out, _ = run(
        capsys,
        "tutorial",
        "--bots",
        f"iran={agent('first')}",
        "--agent-deadline",
        DEADLINE,
        "--explain",
    )
    assert code == 0 and "↳ why: first" in out


def test_an_agent_past_its_deadline_stops_the_game_with_one_message(capsys):
    code, out, err = run(
        capsys, "tutorial", "--bots", f"iran={agent('hang')}", "--agent-deadline", "0.5"
    )
    assert code == 1
    assert "did not answer within its deadline of 0.5 s" in err and "agent for iran" in err
    assert "Tutorial" in out or "begins" in out  # the log so far is printed
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("crash", "exited with status 3 without answering; its last words: 'agent: out of ideas'"),
        ("garbage", "sent 'I think I will pass', which is not JSON"),
        ("illegal", "which is not legal now"),
    ],
)
def test_a_failing_agent_is_named_with_what_it_did(capsys, mode: str, message: str):
    code, _, err = run(
        capsys, "tutorial", "--bots", f"iran={agent(mode)}", "--agent-deadline", DEADLINE
    )
    assert code == 1 and message in err and "agent for iran" in err
    assert "Traceback" not in err


def test_the_json_of_a_stopped_game_keeps_its_moves(capsys):
    code, out, _ = run(
        capsys,
        "tutorial",
        "--bots",
        f"iran={agent('crash')}",
        "--json",
        "--agent-deadline",
        DEADLINE,
    )
    data = json.loads(out)
    assert code == 1 and data["outcome"] is None and "exited with status 3" in data["stopped"]
    assert data["log"] and data["log"][0]["kind"] == "start"


def test_a_fallback_bot_plays_on_after_a_failure(capsys):
    code, out, err = run(
        capsys,
        "tutorial",
        "--bots",
        f"iran={agent('garbage')}",
        "--agent-fallback",
        "random",
        "--agent-deadline",
        DEADLINE,
        "--explain",
    )
    assert code == 0 and "Outcome:" in out
    assert "which is not JSON" in err and "random played on" in err
    assert "random bot in place of the failed agent" in out


def test_a_missing_program_is_one_line(capsys):
    code, _, err = run(capsys, "tutorial", "--bots", "iran=cmd:no-such-agent-program --x")
    assert code == 1 and "cannot start 'no-such-agent-program'" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--bots", "iran=cmd:"), "'cmd:' needs a command"),
        (("--bots", "iran=cmd:x", "--agent-fallback", "cmd:y"), "must be a built-in bot"),
        (("--bots", "iran=cmd:x", "--agent-fallback", "smart"), "unknown bot kind 'smart'"),
        (("--bots", "iran=cmd:x", "--agent-deadline", "0"), "--agent-deadline must be"),
    ],
)
def test_bad_agent_options_are_usage_errors(capsys, argv: tuple[str, ...], message: str):
    code, _, err = run(capsys, "tutorial", *argv)
    assert code == 2 and message in err


def test_commas_inside_an_agent_command_stay_in_it():
    bots = parse_bots("iran=cmd:agent --weights a,b,c,israel=doctrine", agents=True)
    assert bots == {"iran": "cmd:agent --weights a,b,c", "israel": "doctrine"}
    with pytest.raises(UsageError):
        parse_bots("iran=random,oops")


def test_the_hello_names_the_protocol_version():
    from engine import load_scenario
    from engine.agents import protocol
    from engine.play.views.action_space import ActionSpace

    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    space = ActionSpace(scenario)
    hello = protocol.hello(scenario, space, "iran", 2**63 + 5, 1.5)
    assert hello["protocol"] == PROTOCOL_VERSION == 1
    assert hello["seed"] == str(2**63 + 5) and hello["deadline_ms"] == 1500
    assert hello["actions"] == space.texts()


@pytest.mark.skipif(shutil.which("node") is None, reason="node (Node.js) is not installed")
def test_the_node_example_plays_a_campaign_game(capsys):
    spec = f"israel=cmd:node {shlex.quote(str(NODE_AGENT))}"
    argv = ("israeli-strike", "--seed", "11", "--bots", spec, "--agent-deadline", DEADLINE)
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["outcome"]["turn"] >= 1 and data["stopped"] is None
    israel = [m for m in data["moves"] if m["action"].startswith("israel ")]
    assert israel and all(m["why"] != "the agent gave no reason" for m in israel)
    # Seeded from the seed the engine sent (a string, read as a 64-bit BigInt): reproducible.
    code, again, _ = run(capsys, *argv, "--json")
    assert code == 0 and json.loads(again)["actions"] == data["actions"]


def test_a_batch_can_seat_an_agent(tmp_path, capsys):
    lines = tmp_path / "games.jsonl"
    argv = ["batch", "tutorial", "--runs", "3", "--jobs", "1", "--quiet", "--jsonl", str(lines)]
    argv += ["--bots", f"iran={agent('first')}", "--agent-deadline", DEADLINE]
    assert main(argv) == 0, capsys.readouterr().err
    games = [json.loads(line) for line in lines.read_text().splitlines()]
    assert len(games) == 3 and games[0]["bots"]["iran"].startswith("cmd:")


def test_a_batch_whose_agent_fails_stops_with_one_message(capsys):
    # Two workers: the failure travels from a worker process to the parent.
    argv = ["batch", "tutorial", "--runs", "2", "--jobs", "2", "--quiet"]
    argv += ["--bots", f"iran={agent('garbage')}", "--agent-deadline", DEADLINE]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "which is not JSON" in err and "Traceback" not in err


def test_serve_refuses_a_bad_port(capsys):
    assert main(["serve", "--port", "0"]) == 2
    assert "--port must be between 1 and 65535" in capsys.readouterr().err


def test_only_a_command_line_that_asks_for_agents_starts_programs(tmp_path, capsys):
    from engine import load_scenario
    from engine.bots import make_bot_from_spec, parse_spec

    marker = tmp_path / "ran"
    spec = f"cmd:touch {shlex.quote(str(marker))}"
    with pytest.raises(ValueError, match="only be given on the command line"):
        parse_spec(spec)
    with pytest.raises(ValueError, match="only be given on the command line"):
        make_bot_from_spec(spec, "iran", 1)
    # Other commands refuse it as a usage error, not a traceback.
    assert main(["aar", "tutorial", "--bots", f"iran={spec}"]) == 2
    assert "only be given on the command line" in capsys.readouterr().err
    # A save naming an agent as a side's player does not start it: that side falls back.
    pytest.importorskip("textual")
    from engine import Game
    from engine.play.record.saves import dumps, loads
    from tui.session import Session

    game = Game.new(load_scenario("tutorial"), 1)
    data = loads(dumps(game, meta={"players": {"iran": spec, "israel": "random"}}))
    session = Session.from_save(data)
    assert not session.players["iran"].startswith("cmd:") and not marker.exists()


def test_a_game_with_an_agent_saves_and_replays_without_it(tmp_path, capsys):
    from engine.play.record.saves import load_game

    save = tmp_path / "game.json"
    argv = ("tutorial", "--seed", "5", "--bots", f"iran={agent('first')}")
    code, out, err = run(capsys, *argv, "--agent-deadline", DEADLINE, "--json", "--save", str(save))
    assert code == 0, err
    data = json.loads(out)
    game, saved = load_game(save.read_text())  # no agent is started: the moves replay
    assert [str(a) for a in game.actions] == data["actions"]
    assert [e.to_dict() for e in game.state.log if e.visible_to is None] == data["log"]
    assert saved.meta["players"]["iran"] == "human"  # opening it never starts a program
    assert saved.meta["explanations"]["0"] == data["moves"][0]["why"]


def test_a_stopped_game_still_saves(tmp_path, capsys):
    save = tmp_path / "game.json"
    argv = ("tutorial", "--bots", f"israel={agent('crash')}", "--save", str(save))
    code, _, _ = run(capsys, *argv, "--agent-deadline", DEADLINE)
    saved = json.loads(save.read_text())
    assert code == 1 and saved["actions"] and saved["meta"]["over"] is False
