"""Fuzzing the loader: whatever the bytes, a verdict with located problems, never an exception.

Seeded byte and structural mutations of every shipped scenario, variant and shared file (a
few thousand per run), plus the reproducers of issues 12 and 17 planted in shipped files,
are each checked as ``wargame validate`` checks them: success, or problems that each name a
file, a line and a column — never a traceback, and never more than 2 s of CPU. Along the
way ``validate`` and ``run`` must agree on what each file is and whether it is valid.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.load.read.verdict import Kind, examine, kind_of
from tests.engine.hostile import ATTACKS
from tests.helpers import SCENARIOS
from wargame.cli import main

pytestmark = pytest.mark.xdist_group("fuzz-loader")

#: Change the seed to explore; any failure prints the case to replay.
SEED = 17_12
CASES = 2000
#: One case in this many also runs `validate` and `run` to compare their answers.
AGREEMENT_EVERY = 40
CPU_PER_CASE = 2.0

SHIPPED = sorted(p.relative_to(SCENARIOS).as_posix() for p in SCENARIOS.rglob("*.yaml"))

#: Snippets that once raised, or could: planted into shipped files as they are.
HOSTILE_VALUES = [
    "!!int x",
    "!!float 1.2.3",
    "!!bool maybe",
    "!!timestamp 2019-13-45",
    "!!binary not-base64!",
    "!!python/object:os.system x",
    "7" * 5000,
    "9" * 40,
    "1e999",
    "-.inf",
    ".nan",
    "*undefined",
    "&a [1, *a]",
    "&b {k: *b}",
    "[" * 300,
    "{" * 300,
    "'unclosed",
    '"\\0"',
    "~",
    "[]",
    "{}",
    "{<<: 5}",
    "{<<: [{a: 1}, 2]}",
    "? [a, b]",
    "\ufeff",
    "\x00",
    "\t",
    "|",
    ">",
    "- - -",
    ": :",
    "%YAML 1.1",
    "---",
]
HOSTILE_INCLUDES = [
    "/etc/passwd",
    "../../../../etc/hostname",
    '"a\\0b.yaml"',
    "a" * 300 + ".yaml",
    ".",
    "..",
    "/dev/zero",
    "/proc/self/mem",
]
PALETTE = [
    b"\0",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xfe\xff",
    b"[",
    b"{",
    b"]",
    b"&a ",
    b"*a",
    b"!!int ",
    b"!!bool ",
    b"<<: ",
    b"\t",
    b"\n",
    b"\r",
    b": ",
    b"- ",
    b"#",
    b"'",
    b'"',
    b"\\",
    b"%",
    b"9" * 50,
]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the shipped scenarios to mutate, file by file (in memory where the system
    has a memory file system: each case writes a file twice)."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        base = Path(tempfile.mkdtemp(prefix="wargame-fuzz-", dir=shm))
    else:
        base = tmp_path_factory.mktemp("fuzz")
    folder = base / "scenarios"
    shutil.copytree(SCENARIOS, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    yield folder
    shutil.rmtree(base, ignore_errors=True)


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One seeded mutation: bytes flipped, inserted, cut or copied, or a line-level change."""
    kind = rng.randrange(12)
    n = len(data)
    at = rng.randrange(n + 1)
    if kind == 0 and n:  # flip a byte
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
    if kind == 1:  # insert something YAML cares about
        return data[:at] + rng.choice(PALETTE) + data[at:]
    if kind == 2:  # cut a span
        return data[:at] + data[at + rng.randrange(1, 200) :]
    if kind == 3:  # copy a span elsewhere
        span = data[at : at + rng.randrange(1, 400)]
        to = rng.randrange(n + 1)
        return data[:to] + span + data[to:]
    if kind == 4:  # truncate
        return data[:at]
    lines = data.decode("utf-8", "replace").split("\n")
    i = rng.randrange(len(lines))
    line = lines[i]
    if kind == 5:  # delete a line
        del lines[i]
    elif kind == 6:  # duplicate a line (a duplicate key, a second list item)
        lines.insert(i, line)
    elif kind == 7:  # swap two lines
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 8:  # indent or dedent
        lines[i] = " " * rng.choice([1, 2, 4]) + line if rng.random() < 0.5 else line.lstrip()
    elif kind == 9 and ": " in line:  # a hostile value
        key = line.split(": ", 1)[0]
        lines[i] = f"{key}: {rng.choice(HOSTILE_VALUES)}"
    elif kind == 10:  # a hostile include
        lines.insert(0 if rng.random() < 0.5 else i, f"include: [{rng.choice(HOSTILE_INCLUDES)}]")
    else:  # a misspelt key
        stripped = line.lstrip(" -")
        if ":" in stripped and len(stripped.split(":")[0]) > 2:
            key = stripped.split(":")[0]
            lines[i] = line.replace(key, key[1] + key[0] + key[2:], 1)
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def check(path: Path, label: str) -> Kind:
    """`validate`'s verdict on ``path``: success or located problems, within the budget."""
    start = time.process_time()
    try:
        verdict = examine(path)
    except Exception as exc:  # the point of the test: say which case, then fail
        raise AssertionError(f"{label}: examine raised {exc!r}") from exc
    spent = time.process_time() - start
    assert spent < CPU_PER_CASE, f"{label}: {spent:.2f} s of CPU"
    for problem in verdict.problems:
        if problem.omitted:
            continue
        assert problem.path and problem.line >= 1 and problem.column >= 1, (label, problem)
        assert problem.message, (label, problem)
    return verdict.kind


def agree(path: Path, label: str) -> None:
    """`validate` and `run` agree: valid scenarios play, invalid ones are refused by both,
    and a valid shared part validates while `run` says it is not a scenario."""
    answers = {}
    for command in ("validate", "run"):
        out, err = io.StringIO(), io.StringIO()
        argv = [command, str(path)] + (["--turns", "1"] if command == "run" else [])
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except Exception as exc:
                raise AssertionError(f"{label}: {command} raised {exc!r}") from exc
        assert "Traceback" not in err.getvalue(), label
        answers[command] = (code, err.getvalue())
    (valid, _), (ran, said) = answers["validate"], answers["run"]
    kind = kind_of(path)[0]
    if valid != 0:
        assert valid == 3 and ran == 3, (label, said)
    elif kind is Kind.SHARED:
        assert ran == 3 and "a shared part" in said, (label, said)
    else:
        assert ran == 0 or "standing rules loop" in said, (label, said)


def test_every_shipped_file_validates_and_the_commands_agree(tree):
    for name in SHIPPED:
        assert check(tree / name, name) is not Kind.INVALID
        agree(tree / name, name)


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_the_broken_file_corpus_gets_one_verdict(tmp_path, attack):
    if not attack.files or attack.posix_only:
        pytest.skip("no file to check" if not attack.files else "checked by test_resources")
    attack.write(tmp_path)
    target = tmp_path / next(iter(attack.files))
    check(target, attack.name)
    if "counter" not in attack.name:  # (that one plays 100 turns: checked elsewhere)
        agree(target, attack.name)


#: Expressions whose syntax tree holds a constant JSON cannot write (an ellipsis, a complex
#: number, bytes): the content fingerprint once raised TypeError on them.
PLANTED = [*HOSTILE_VALUES, *[f'"{v}"' for v in ("...", "1j", "b'x'")]]


@pytest.mark.parametrize("value", PLANTED)
def test_reproducers_planted_in_shipped_files(tree, value):
    """A hostile value in place of a real one, in every shipped file: located problems."""
    rng = random.Random(f"{SEED}:{value}")
    for name in SHIPPED:
        path = tree / name
        original = path.read_bytes()
        lines = original.decode("utf-8").split("\n")
        places = [i for i, line in enumerate(lines) if ": " in line and not line.startswith("#")]
        if "entrenchment" in name:  # (an expression, there: the fingerprint reads it)
            places = [i for i in places if lines[i].strip().startswith("when:")] or places
        i = rng.choice(places)
        key = lines[i].split(": ", 1)[0]
        try:
            path.write_text("\n".join([*lines[:i], f"{key}: {value}", *lines[i + 1 :]]))
            check(path, f"{name}:{i + 1} = {value[:20]!r}")
        finally:
            path.write_bytes(original)


def test_seeded_mutations_never_raise(tree):
    rng = random.Random(SEED)
    kinds = {name: kind_of(SCENARIOS / name)[0] for name in SHIPPED}
    roots = [n for n in SHIPPED if kinds[n] is Kind.SCENARIO]
    parts = [n for n in SHIPPED if kinds[n] is Kind.SHARED]
    whole = [n for n in SHIPPED if kinds[n] is not Kind.SHARED]  # scenarios, variants
    originals = {name: (tree / name).read_bytes() for name in SHIPPED}
    start = time.monotonic()
    for case in range(CASES):
        # One case in ten on a whole scenario (it loads all its includes: slower).
        name = rng.choice(whole if rng.random() < 0.1 else parts)
        data = originals[name]
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            data = mutate(data, rng)
        path = tree / name
        label = f"case {case} (seed {SEED}): {name}"
        path.write_bytes(data)
        try:
            check(path, label)
            if name in parts and rng.random() < 0.05:  # a scenario that may include it
                check(tree / rng.choice(roots), f"{label}, through a scenario")
            if case % AGREEMENT_EVERY == 0:
                agree(path, label)
        finally:
            path.write_bytes(originals[name])
    rate = CASES / (time.monotonic() - start)
    print(f"{CASES} fuzz cases, {rate:.0f} per second")
