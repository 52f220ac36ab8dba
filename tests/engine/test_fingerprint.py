"""A scenario's fingerprint follows what its rules do, not the bytes of its files.

Comments, formatting, key order, spacing inside expressions, a copy in another folder, and
reworded text for people keep every save loadable; any change to ids, numbers, expressions,
effects or their order gives another fingerprint, and the save is refused.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from engine import Game, SaveError, load_scenario
from engine.play.record.saves import dumps, loads, restore
from tests.helpers import SCENARIOS

FILES = ["tutorial.yaml", "tutorial/map.yaml", "tutorial/extra-cards.yaml", "syria/sources.yaml"]


@pytest.fixture(scope="module")
def original():
    return load_scenario(SCENARIOS / "tutorial.yaml")


def copy_of_tutorial(folder: Path, edit: Callable[[str, str], str] = lambda name, text: text):
    """The tutorial and its includes copied to ``folder``, each file's text passed through
    ``edit(name, text)``."""
    for name in FILES:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(edit(name, (SCENARIOS / name).read_text(encoding="utf-8")))
    return folder / "tutorial.yaml"


def hash_after(tmp_path: Path, edit: Callable[[str, str], str]) -> str:
    return load_scenario(copy_of_tutorial(tmp_path, edit)).content_hash


class _Loader(yaml.SafeLoader):
    """YAML as the engine reads it: only true/false are booleans (``on:`` is a key)."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def parsed(text: str):
    return yaml.load(text, Loader=_Loader)  # a SafeLoader: builds plain data only


def reformatted(name: str, text: str) -> str:
    """Comments gone, keys sorted, every mapping and list in flow style."""
    return yaml.safe_dump(parsed(text), sort_keys=True, default_flow_style=True, width=70)


def only_in(file: str, old: str, new: str) -> Callable[[str, str], str]:
    def edit(name: str, text: str) -> str:
        if name != file:
            return text
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def test_a_copy_elsewhere_has_the_same_fingerprint(original, tmp_path):
    assert hash_after(tmp_path / "far" / "away", lambda n, t: t) == original.content_hash


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda n, t: "# a comment\n" + t.replace("\n", "  # why\n", 3), id="comments"),
        pytest.param(reformatted, id="flow style, sorted keys, no comments"),
        pytest.param(lambda n, t: t.replace("\n", "\r\n"), id="line endings"),
        pytest.param(
            only_in("tutorial.yaml", 'title: "Tutorial: the border buffer"', "title: Another"),
            id="title",
        ),
        pytest.param(
            only_in("tutorial.yaml", "name: Israel", "name: The State of Israel"), id="name"
        ),
        pytest.param(
            only_in("tutorial.yaml", "You are Israel.", "You play Israel."), id="briefing"
        ),
        pytest.param(only_in("tutorial.yaml", "colour: dodgerblue", "colour: red"), id="colour"),
    ],
)
def test_what_does_not_change_the_rules_keeps_the_fingerprint(original, tmp_path, edit):
    assert hash_after(tmp_path, edit) == original.content_hash


def first_expression(text: str) -> tuple[str, str]:
    """A ``when: a >= b`` line of the tutorial, and the same with other spacing."""
    line = next(x for x in text.splitlines() if "when:" in x and " >= " in x)
    return line, line.replace(" >= ", ">=")


def test_spacing_inside_an_expression_keeps_the_fingerprint(original, tmp_path):
    old, new = first_expression((SCENARIOS / "tutorial.yaml").read_text())
    assert hash_after(tmp_path, only_in("tutorial.yaml", old, new)) == original.content_hash


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("tutorial.yaml", "exclude_cards: [quiet_month]", "exclude_cards: []"),
        ("tutorial.yaml", "  count: 4", "  count: 3"),
        ("tutorial/map.yaml", "total: 8", "total: 9"),
    ],
)
def test_a_change_to_the_rules_changes_the_fingerprint(original, tmp_path, file, old, new):
    text = (SCENARIOS / file).read_text()
    if old not in text:
        pytest.skip(f"{old!r} is not in {file} any more")
    assert hash_after(tmp_path, only_in(file, old, new)) != original.content_hash


def test_a_changed_expression_number_and_order_each_count(original, tmp_path):
    old, _ = first_expression((SCENARIOS / "tutorial.yaml").read_text())
    expression = hash_after(tmp_path / "a", only_in("tutorial.yaml", old, old.replace(">=", ">")))
    assert expression != original.content_hash

    def swap_first_two_cards(name: str, text: str) -> str:
        if name != "tutorial.yaml":
            return text
        doc = parsed(text)
        doc["cards"][0], doc["cards"][1] = doc["cards"][1], doc["cards"][0]
        return yaml.safe_dump(doc, sort_keys=False)

    order = hash_after(tmp_path / "b", swap_first_two_cards)
    assert order not in (original.content_hash, expression)


def test_a_save_survives_a_comment_and_a_move_but_not_a_rule_change(original, tmp_path):
    game = Game.new(original, 9)
    for _ in range(5):
        game.apply(game.legal_actions()[-1])
    data = loads(dumps(game), origin="mine.json")
    moved = copy_of_tutorial(tmp_path / "moved", lambda n, t: "# annotated\n" + t)
    back = restore(data, lambda d: load_scenario(moved))
    assert [str(a) for a in back.actions] == [str(a) for a in game.actions]
    changed = copy_of_tutorial(
        tmp_path / "changed", only_in("tutorial.yaml", "  count: 4", "  count: 3")
    )
    with pytest.raises(SaveError, match=r"mine\.json: scenario 'tutorial' has changed"):
        restore(data, lambda d: load_scenario(changed))


def test_the_tutorial_copies_whole(tmp_path):
    """The copy above carries every file the tutorial reads (else the tests prove nothing)."""
    path = copy_of_tutorial(tmp_path)
    assert len(load_scenario(path).files) == len(FILES)
    shutil.rmtree(tmp_path / "tutorial")
    with pytest.raises(ValueError):
        load_scenario(path)


@pytest.mark.parametrize("value", ["...", "1j", "b'x'", "1.5", "None"])
def test_constants_json_cannot_write_are_located_problems_not_crashes(tmp_path, value):
    from tests.engine.test_loader_errors import VALID, problems_for

    found = problems_for(tmp_path, VALID.replace("when: tension > 1", f'when: "{value}"'))
    assert any("cards[0].when" in p for p in found), found
