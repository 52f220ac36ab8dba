"""The `wargame` command line, run as a user would (in-process through main())."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, SCENARIOS
from wargame.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_shipped_ids_and_titles(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "tutorial" in out and "Tutorial: the border buffer" in out


def test_run_prints_log_and_outcome(capsys):
    code, out, _ = run(capsys, "run", "tutorial", "--seed", "4")
    assert code == 0
    assert "== Turn 1 — Spring 2019 ==" in out and "Outcome:" in out


def test_run_json(capsys):
    code, out, _ = run(capsys, "run", "tutorial", "--seed", "4", "--json", "--bots", "all=random")
    data = json.loads(out)
    assert code == 0
    assert {"scenario", "seed", "turns", "outcome", "log"} <= set(data)
    assert data["scenario"] == "tutorial" and data["seed"] == 4
    assert set(data["outcome"]["scores"]) >= {"israel", "iran"}
    assert isinstance(data["outcome"]["winners"], list)
    # same seed, same answer
    again = run(capsys, "run", "tutorial", "--seed", "4", "--json", "--bots", "all=random")[1]
    assert json.loads(again) == data


def test_run_turn_override(capsys):
    data = json.loads(run(capsys, "run", "tutorial", "--turns", "2", "--json")[1])
    assert data["turns"] <= 2


def test_run_by_path(capsys):
    code, _, _ = run(capsys, "run", str(SCENARIOS / "tutorial.yaml"))
    assert code == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "tutorrial"], "did you mean 'tutorial'?"),
        (["run", "tutorial", "--bots", "israel"], "should look like ACTOR=KIND"),
        (["run", "tutorial", "--bots", "israel=genius"], "unknown bot kind 'genius'"),
        (["run", "tutorial", "--bots", "russia=random"], "'russia' is not a playable actor"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_validate_ok_and_broken(capsys, tmp_path: Path):
    code, out, _ = run(capsys, "validate", "tutorial")
    assert code == 0 and "ok" in out
    shutil.copytree(SCENARIOS, tmp_path / "s")
    broken = tmp_path / "s" / "broken.yaml"
    broken.write_text((SCENARIOS / "tutorial.yaml").read_text().replace("max: 10", "max: ten", 1))
    code, _, err = run(capsys, "validate", str(broken))
    assert code == 3
    assert "broken.yaml:" in err and "tracks[0].max" in err and "1 problem" in err


def test_validate_as_a_subprocess_prints_no_traceback(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: [\n")
    result = subprocess.run(
        [sys.executable, "-m", "wargame", "validate", str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 3
    assert "malformed YAML" in result.stderr and "Traceback" not in result.stderr


def test_schema_command_writes_both_schemas(capsys, tmp_path: Path):
    code, _, _ = run(capsys, "schema", str(tmp_path))
    assert code == 0
    scenario = json.loads((tmp_path / "scenario.schema.json").read_text())
    assert "cards" in scenario["properties"] and "id" in scenario["required"]
    assert (tmp_path / "fragment.schema.json").is_file()


def test_validate_a_shared_file_on_its_own(capsys, tmp_path: Path):
    code, out, _ = run(capsys, "validate", str(SCENARIOS / "tutorial" / "map.yaml"))
    assert code == 0 and "shared file" in out
    part = tmp_path / "deck.yaml"
    part.write_text("cards:\n  - id: x\n    name: X\n    deck: d\n    cost: 3\n")
    code, _, err = run(capsys, "validate", str(part))
    assert code == 3 and "deck.yaml:5:11: cards[0].cost:" in err


def test_run_explains_each_bot_move(capsys):
    code, out, _ = run(
        capsys, "run", "tutorial", "--seed", "3", "--bots", "all=doctrine", "--explain"
    )
    assert code == 0 and "↳ why: doctrine #" in out
    data = json.loads(
        run(capsys, "run", "tutorial", "--seed", "3", "--bots", "all=doctrine", "--json")[1]
    )
    assert len(data["moves"]) == len(data["actions"])
    assert all(m["why"] for m in data["moves"])
    assert [m["action"] for m in data["moves"]] == data["actions"]


def test_version_and_bare_wargame(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("wargame ")
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: wargame") and "exit codes:" in out


def test_python_dash_m_wargame_prints_help():
    result = subprocess.run(
        [sys.executable, "-m", "wargame"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0 and "usage: wargame" in result.stdout


def test_batch_writes_csv_to_stdout_with_a_dash(capsys):
    assert main(["batch", "tutorial", "--runs", "3", "--jobs", "1", "--csv", "-"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("scenario,root_seed,bots,run,seed,winners") and len(out) == 4


# -- exit codes and standard input -----------------------------------------------------------
def wargame(*argv: str, stdin: str | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """``wargame ARGV`` in a fresh interpreter, with ``stdin`` piped in."""
    return subprocess.run(
        [sys.executable, "-m", "wargame", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_usage_errors_and_invalid_scenarios_have_distinct_exit_codes(capsys, tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ntitle: X\nfoo: 1\n")
    assert run(capsys, "validate", str(broken))[0] == 3  # the file is wrong
    assert run(capsys, "run", str(broken))[0] == 3
    assert run(capsys, "validate", str(tmp_path / "missing.yaml"))[0] == 2  # the call is wrong
    assert run(capsys, "run", "tutorial", "--set", "tracks.nope.start=1")[0] == 2
    assert run(capsys, "run", "tutorial", "--turns", "0")[0] == 2
    # One call naming a good file, a missing one and a broken one: the worst answer wins.
    assert run(capsys, "validate", "tutorial", "nope", str(broken))[0] == 3


def test_help_documents_every_exit_code(capsys):
    from wargame import options

    code, out, _ = run(capsys)
    assert code == 0
    table = out[out.index("exit codes:") :]
    for name in ("EXIT_OK", "EXIT_STUDY_STOPPED", "EXIT_USAGE", "EXIT_INVALID_SCENARIO"):
        assert f"\n  {getattr(options, name)} " in table, name
    assert f"\n  {options.EXIT_INTERRUPTED}  interrupted" in table
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for value in (0, 1, 2, 3, 130):
        assert f"\n| {value} | " in readme, value


def test_a_scenario_on_standard_input(capsys, tmp_path: Path):
    text = (SCENARIOS / "tutorial.yaml").read_text(encoding="utf-8")
    checked = wargame("validate", "-", stdin=text, cwd=SCENARIOS)  # includes from the cwd
    assert checked.returncode == 0 and checked.stdout.startswith("<stdin>: ok — tutorial")
    played = wargame("run", "-", "--seed", "4", stdin=text, cwd=SCENARIOS)
    # (the same game by path, here: a game's log is the same in any process)
    code, by_path, _ = run(capsys, "run", str(SCENARIOS / "tutorial.yaml"), "--seed", "4")
    assert played.returncode == 0 and code == 0 and played.stdout == by_path
    broken = wargame("validate", "-", stdin="id: x\ntitle: X\nfoo: 1\n", cwd=tmp_path)
    assert broken.returncode == 3
    assert broken.stderr.splitlines()[0] == "<stdin>:3:1: foo: unknown key 'foo'"


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (("run", "-"), "", "but it was empty"),
        (("batch", "-", "--runs", "2"), "id: x\n", "works with validate and run"),
    ],
)
def test_standard_input_refused_where_it_cannot_work(capsys, monkeypatch, argv, stdin, message):
    """Refused before anything is read as a scenario (so asked in this process: a scenario
    read from standard input stays in the process that read it, the reason the tests above
    pipe theirs into a fresh one)."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err
