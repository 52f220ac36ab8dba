"""The ways of composing YAML give one answer (engine.load.read.compose).

libyaml composing in C must give what the streaming composer gives — the same data, positions,
problems (message and place), values spent and limits — on every shipped file and on the
broken-file corpus: the hostile files, the malformed snippets, hostile values planted in
shipped files and seeded mutations of them. PyYAML's own parser (where libyaml is missing)
agrees on every shipped file and every limit; its wording of some syntax errors is its own.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from engine import load_scenario
from engine.load.limits import MAX_DEPTH, MAX_NODES
from engine.load.read import compose, yamlpos
from engine.load.read.compose import BACKEND_ENV, LIBYAML, LIBYAML_MAX_CHARS, PYTHON, STREAM
from engine.load.read.construct import LocatingBuilder, Unusual
from engine.load.read.verdict import examine
from engine.load.read.yamlpos import Budget
from tests.engine.hostile import ATTACKS
from tests.engine.test_fuzz_loader import HOSTILE_VALUES, SHIPPED, mutate
from tests.engine.test_hostile_files import MALFORMED
from tests.helpers import SCENARIOS

#: The reference reading: streamed, and located while building (see answer).
EAGER = "eager"
#: Seeded mutations of shipped files compared (each a few milliseconds per backend).
CASES = 200
SEED = 15_2


PARTS = (
    "data",
    "positions of values",
    "positions of keys",
    "large numbers",
    "problems",
    "stopped by a limit",
    "values left",
)


def answer(text: str, backend: str, nodes: int = MAX_NODES) -> tuple[Any, ...]:
    """Everything a reading of ``text`` gives, positions included (see :data:`PARTS`).
    :data:`EAGER` reads it the plainest way: streamed, every value located as it is built."""
    budget = Budget(nodes=nodes)
    if backend == EAGER:
        with mock.patch.object(yamlpos, "plain", side_effect=Unusual):
            doc, problems, bounded = yamlpos._parse(text, "f.yaml", budget, STREAM)
    else:
        doc, problems, bounded = yamlpos._parse(text, "f.yaml", budget, backend)
    doc.position(())  # (positions are worked out when first asked)
    return (
        shown(doc.data),
        dict(doc.values),
        dict(doc.keys),
        repr(doc.large),
        [str(p) for p in problems],
        bounded,
        budget.nodes,
    )


def shown(data: Any, most: int = 4 * MAX_NODES) -> str:
    """``repr(data)``, unless it holds more than ``most`` values counting each use of a shared
    one (an expanded billion laughs would never finish printing)."""
    count = 0
    stack = [data]
    while stack:
        item = stack.pop()
        count += 1
        if count > most:
            return f"<more than {most:,} values>"
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return repr(data)


def differences(one: tuple[Any, ...], other: tuple[Any, ...]) -> list[str]:
    """Which parts of two answers differ, shortly (a diff of whole answers takes ages)."""
    out = []
    for part, a, b in zip(PARTS, one, other, strict=True):
        if a != b:
            out.append(f"{part}: {str(a)[:300]} ≠ {str(b)[:300]}")
    return out


def same_answer(text: str, *backends: str, nodes: int = MAX_NODES) -> None:
    first, *others = (answer(text, b, nodes) for b in backends)
    for backend, other in zip(backends[1:], others, strict=True):
        found = differences(first, other)
        assert not found, (backends[0], backend, text[:200], found)


#: Files that read, with what the plain builder leaves to the locating one, or reads its way.
UNUSUAL = {
    "YAML 1.1 truth words": "a: yes\nb: [on, off, No, true, False]\nc: {y: n}\n",
    "merge keys": "b: &b {x: 1, y: 2}\nc: {<<: *b, y: 3}\nd: {<<: [*b, {z: 1}], x: 0}\n",
    "shared values": "x: &x [1, 2]\ny: *x\nz: &z 7\nw: [*z, *x]\n",
    "a duplicate key": "a: 1\nb: {c: 2, c: 3}\n",
    "quoted and tagged": "a: 'x'\nb: \"y\"\nc: !!str 3\nd: !!float 1\ne: 2019-01-02\nf: ~\n",
}


def broken_corpus() -> dict[str, str]:
    """The texts of the broken-file tests, by name: malformed snippets, hostile files, hostile
    values planted in shipped files."""
    texts = {f"malformed {i}": text for i, (text, _, _) in enumerate(MALFORMED)}
    texts.update(UNUSUAL)
    for attack in ATTACKS:
        for name, content in attack.files.items():
            if isinstance(content, bytes):
                texts[f"{attack.name}: {name}"] = content.decode("utf-8", "replace")
            elif isinstance(content, str) and ":" in content:
                texts[f"{attack.name}: {name}"] = content
    rng = random.Random(SEED)
    for n, value in enumerate(HOSTILE_VALUES):
        name = rng.choice(SHIPPED)
        lines = (SCENARIOS / name).read_text(encoding="utf-8").split("\n")
        places = [i for i, line in enumerate(lines) if ": " in line and not line.startswith("#")]
        i = rng.choice(places)
        key = lines[i].split(": ", 1)[0]
        texts[f"planted {n} in {name}"] = "\n".join(
            [*lines[:i], f"{key}: {value}", *lines[i + 1 :]]
        )
    return texts


CORPUS = broken_corpus()


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_file_reads_the_same_every_way(name):
    text = (SCENARIOS / name).read_text(encoding="utf-8")
    same_answer(text, LIBYAML, STREAM, PYTHON, EAGER)


@pytest.mark.parametrize("text", CORPUS.values(), ids=CORPUS.keys())
def test_the_broken_file_corpus_reads_the_same_with_libyaml_composing(text):
    same_answer(text, LIBYAML, STREAM, EAGER)
    same_answer(text, LIBYAML, STREAM, nodes=300)  # a scenario's budget nearly spent


def test_seeded_mutations_read_the_same_with_libyaml_composing():
    rng = random.Random(SEED)
    originals = {name: (SCENARIOS / name).read_bytes() for name in SHIPPED}
    for _ in range(CASES):
        data = originals[rng.choice(SHIPPED)]
        for _ in range(rng.choice([1, 1, 2, 3])):
            data = mutate(data, rng)
        try:
            text = yamlpos._decode(data)
        except UnicodeDecodeError:
            continue
        same_answer(text, LIBYAML, EAGER, nodes=rng.choice([MAX_NODES, 1000, 100]))


LIMITS = {
    "a value one too deep": (
        "a: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n",
        f"1:{MAX_DEPTH + 3}: <document>: nested more than {MAX_DEPTH} levels deep",
    ),
    "nested one too deep": (
        "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n",
        f"1:{MAX_DEPTH + 3}: <document>: nested more than {MAX_DEPTH} levels deep",
    ),
    "nested 500 deep": ("a: " + "[" * 500 + "\n", f"1:{MAX_DEPTH + 3}: <document>: nested more"),
    "nested 999 deep": ("a: " + "[" * 999 + "]" * 999 + "\n", f"1:{MAX_DEPTH + 3}: <document>"),
    "past libyaml's own depth": ("a: " + "[" * 200_000 + "\n", "nest"),
    "deep blocks": ("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 999)), "nested more"),
    "recursive alias": ("a: &a [1, *a]\n", "1:11: <document>: recursive alias '*a'"),
    "recursive alias below": ("a: &a {b: [*a]}\n", "1:12: <document>: recursive alias '*a'"),
    "too many values": ("a: [" + "0," * (MAX_NODES + 10) + "0]\n", "too many values"),
    "as many as libyaml composes": (
        "a: [" + "0," * (LIBYAML_MAX_CHARS // 2 - 10) + "0]\n",
        "too many values",
    ),
    "aliases past the budget": (
        "a: &a [1, 2, 3]\n" + "".join(f"k{i}: *a\n" for i in range(5000)),
        "too many values",
    ),
}


@pytest.mark.parametrize("inside", ["", "x", "*a"])
def test_nesting_up_to_the_limit_reads(inside):
    """(An alias adds no level: it is a value already composed.)"""
    brackets = MAX_DEPTH - (1 if inside != "x" else 2)
    text = "b: &a 1\na: " + "[" * brackets + inside + "]" * brackets + "\n"
    assert answer(text, LIBYAML)[4] == []
    assert not differences(answer(text, LIBYAML), answer(text, EAGER))


@pytest.mark.parametrize(("text", "says"), LIMITS.values(), ids=LIMITS.keys())
def test_limits_hold_when_libyaml_composes(text, says):
    found = answer(text, LIBYAML)
    problems = found[4]
    assert len(problems) == 1 and says in problems[0], problems
    assert not differences(found, answer(text, STREAM))


def test_aliases_count_as_what_they_stand_for_when_libyaml_composes():
    text = "a: &a [1, 2, 3]\nb: *a\nc: [*a, *a]\n"
    spent = {b: MAX_NODES - answer(text, b)[-1] for b in (LIBYAML, STREAM, PYTHON)}
    # root 1, three keys, a's list (4), b's alias (4), c's list (1 + 4 + 4)
    assert spent == dict.fromkeys((LIBYAML, STREAM, PYTHON), 1 + 3 + 4 + 4 + 9)


def test_positions_worked_out_later_are_those_recorded_at_once():
    for name in SHIPPED:
        text = (SCENARIOS / name).read_text(encoding="utf-8")
        doc, problems, _ = yamlpos._parse(text, name, Budget(), LIBYAML)
        assert problems == [] and doc.unlocated is not None, name
        eager = LocatingBuilder(name)
        node = compose.compose(text, Budget(), STREAM)
        assert eager.build(node, ()) == doc.data
        doc.position(())
        assert (doc.values, doc.keys) == (eager.values, eager.keys), name


def test_the_backend_is_chosen_by_argument_then_environment(monkeypatch):
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    assert compose.chosen() == LIBYAML
    monkeypatch.setenv(BACKEND_ENV, STREAM)
    assert compose.chosen() == STREAM
    assert compose.chosen(PYTHON) == PYTHON
    monkeypatch.setenv(BACKEND_ENV, "nonsense")
    assert compose.chosen() == LIBYAML
    monkeypatch.setattr(compose, "_CParser", None)  # PyYAML built without libyaml
    assert compose.chosen() == compose.chosen(LIBYAML) == PYTHON


def test_libyaml_composes_unless_the_file_is_long(monkeypatch):
    calls: list[int] = []
    real = compose._compose_in_c

    def counted(text: str, allowed: int) -> Any:
        calls.append(len(text))
        return real(text, allowed)

    monkeypatch.setattr(compose, "_compose_in_c", counted)
    compose.compose("a: 1\n", Budget(), LIBYAML)
    compose.compose("a: '" + "x" * LIBYAML_MAX_CHARS + "'\n", Budget(), LIBYAML)
    compose.compose("a: 1\n", Budget(), STREAM)
    assert calls == [5]


def test_shipped_scenarios_load_the_same_every_way(monkeypatch):
    from engine.load.read import loader

    def loaded(backend: str, names: tuple[str, ...]) -> list[Any]:
        monkeypatch.setenv(BACKEND_ENV, backend)
        monkeypatch.setattr(yamlpos, "_PARSED", {})
        monkeypatch.setattr(loader, "_CACHE", {})
        variants = sorted((SCENARIOS / "syria" / "variants").glob("*.yaml"))
        return [load_scenario(name).content_hash for name in names] + [
            examine(v).ok for v in variants
        ]

    campaign = ("tutorial", "iranian-entrenchment", "israeli-strike", "russian-reaction")
    assert loaded(LIBYAML, campaign) == loaded(STREAM, campaign)
    assert loaded(LIBYAML, ("tutorial",)) == loaded(PYTHON, ("tutorial",))


def test_a_file_read_on_its_own_is_the_same_through_load_located(tmp_path: Path, monkeypatch):
    path = tmp_path / "a.yaml"
    path.write_text("x: &x {k: 1}\ny: *x\nz: !!int nope\n")
    found = {}
    for backend in (LIBYAML, STREAM, PYTHON):
        monkeypatch.setenv(BACKEND_ENV, backend)
        doc, problems = yamlpos.load_located(path, "a.yaml")
        found[backend] = (doc.data, [str(p) for p in problems])
    assert found[LIBYAML] == found[STREAM] == found[PYTHON]
    assert found[LIBYAML][1] == ["a.yaml:3:4: z: cannot read 'nope' as a whole number"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("to: true}", "to: yes}"),  # a word where true or false belongs: no quotes to remove
        ("to: true}", 'to: "yes"}'),  # the same word in quotes: remove them
        ("  count: 4\n", "  count: 08\n"),  # a number YAML reads as text
        ("  count: 4\n", '  count: "4"\n'),  # a number in quotes
    ],
)
def test_hints_that_depend_on_quotes_are_the_same_every_way(tmp_path, monkeypatch, old, new):
    """The loader words a hint by whether the value was quoted (its position says): every way
    of composing must tell it alike."""
    from engine import ScenarioError
    from engine.load.read import loader

    text = (SCENARIOS / "examples" / "backchannel.yaml").read_text(encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = {}
    for backend in (LIBYAML, STREAM, PYTHON):
        monkeypatch.setenv(BACKEND_ENV, backend)
        monkeypatch.setattr(yamlpos, "_PARSED", {})
        monkeypatch.setattr(loader, "_CACHE", {})
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
        found[backend] = [str(p) for p in info.value.problems]
    assert found[LIBYAML] == found[STREAM] == found[PYTHON]
    assert any(("without quotes" in p) == ('"' in new) for p in found[LIBYAML])
