from pathlib import Path

from engine.load.read.yamlpos import dotted, load_located


def test_positions_of_values_and_keys(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("cards:\n  - id: x\n    name: 'Quoted'\n")
    doc, problems = load_located(path, "a.yaml")
    assert problems == []
    assert doc.position(("cards", 0, "id")).line == 2
    assert doc.position(("cards", 0, "name")).column == 11
    assert doc.position(("cards", 0, "name")).quoted
    assert doc.position(("cards", 0, "name"), key=True).column == 5


def test_on_key_is_not_a_boolean(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("on: upkeep\n")
    doc, _ = load_located(path)
    assert doc.data == {"on": "upkeep"}


def test_duplicate_keys_are_reported(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("id: a\nid: b\n")
    _, problems = load_located(path, "a.yaml")
    assert [(p.line, p.column, p.message) for p in problems] == [
        (2, 1, "duplicate key 'id'; each key may appear once per mapping")
    ]


def test_malformed_yaml_is_located(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("cards:\n  - id: [unclosed\n")
    _, problems = load_located(path, "a.yaml")
    assert len(problems) == 1
    assert problems[0].line == 3
    assert problems[0].message.startswith("malformed YAML")


def test_dotted():
    assert dotted(("cards", 3, "effects", 0, "adjust")) == "cards[3].effects[0].adjust"
