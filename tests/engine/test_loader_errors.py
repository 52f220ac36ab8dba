"""Broken scenario files: every problem reported at once, located, with a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import ScenarioError, load_scenario

VALID = """\
id: broken
title: Broken on purpose
sources:
  - id: src
    title: Source
    claims:
      - {id: C1, text: A claim.}
actors:
  - {id: red, name: Red}
  - {id: blue, name: Blue}
tracks:
  - id: tension
    name: Tension
    max: 5
    start: 2
    bands:
      - {id: calm, min: 0, max: 2}
      - {id: hot, min: 3, max: 5}
zones:
  - {id: north, name: North, pos: [1, 1], adjacent: [south]}
  - {id: south, name: South, pos: [1, 9]}
piece_types:
  - {id: unit, name: Unit, owner: red, symbol: u, total: 3}
triggers:
  - {id: bang, name: Bang}
turns:
  count: 2
  order: [red, blue]
  phases:
    - {id: act, kind: actions}
decks:
  - {id: d, name: Deck, owners: [red, blue], hand_size: 1}
cards:
  - id: c1
    name: Card one
    deck: d
    claims: [C1]
    when: tension > 1
    effects:
      - adjust: {track: tension, by: 1}
victory:
  end:
    - {actor: red, score: tension, wins: score > 2}
"""


def problems_for(tmp_path: Path, text: str, name: str = "s.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_valid_base_loads(tmp_path: Path):
    (tmp_path / "s.yaml").write_text(VALID)
    assert load_scenario(tmp_path / "s.yaml").id == "broken"


def test_misspelt_key_has_did_you_mean(tmp_path: Path):
    text = VALID.replace("    when: tension > 1", "    whne: tension > 1")
    found = problems_for(tmp_path, text)
    line = line_of(text, "whne")
    assert any(
        p.startswith(f"s.yaml:{line}:5: cards[0].whne: unknown key 'whne'; did you mean 'when'?")
        for p in found
    ), found


def test_wrong_type_is_located(tmp_path: Path):
    text = VALID.replace("  count: 2", "  count: two")
    found = problems_for(tmp_path, text)
    assert any(
        p.startswith(f"s.yaml:{line_of(text, 'count: two')}:10: turns.count:") for p in found
    )
    assert any("'two'" in p for p in found)


def test_missing_required_key(tmp_path: Path):
    text = VALID.replace("    name: Card one\n", "")
    found = problems_for(tmp_path, text)
    assert any("cards[0].name: missing required key 'name'" in p for p in found), found


def test_unknown_names_in_expressions_have_column_and_hint(tmp_path: Path):
    text = VALID.replace("when: tension > 1", "when: 1 < tensoin")
    found = problems_for(tmp_path, text)
    line = line_of(text, "tensoin")
    # 'when: ' starts at column 5; the name sits 4 characters into the expression.
    assert (
        f"s.yaml:{line}:15: cards[0].when: unknown name 'tensoin'; did you mean 'tension'?" in found
    )


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("().__class__.__bases__[0].__subclasses__()", "only the registered functions"),
        ("__import__('os').system('id')", "only the registered functions"),
        ("(lambda: 1)()", "only the registered functions"),
        ("[x for x in range(3)]", "comprehensions are not allowed"),
        ("(x := 1)", "assignment expressions"),
        ("__builtins__", "names starting with '__' are not allowed"),
        ("tension.real", "attribute access"),
        ("tension / 2", "use // for whole-number division"),
    ],
)
def test_sandbox_escapes_are_rejected_at_load(tmp_path: Path, payload: str, message: str):
    text = VALID.replace("when: tension > 1", f'when: "{payload}"')
    found = problems_for(tmp_path, text)
    line = line_of(text, payload)
    assert any(p.startswith(f"s.yaml:{line}:") and message in p for p in found), found


def test_unknown_references_everywhere_at_once(tmp_path: Path):
    text = (
        VALID.replace("adjacent: [south]", "adjacent: [suoth]")
        .replace("claims: [C1]", "claims: [C9]")
        .replace("deck: d\n", "deck: dd\n")
        .replace("owner: red", "owner: redd")
    )
    found = problems_for(tmp_path, text)
    assert any(
        "zones[0].adjacent[0]: unknown zone 'suoth'; did you mean 'south'?" in p for p in found
    )
    assert any("cards[0].claims[0]: unknown claim 'C9'" in p for p in found)
    assert any("cards[0].deck: unknown deck 'dd'; did you mean 'd'?" in p for p in found)
    assert any(
        "piece_types[0].owner: unknown actor 'redd'; did you mean 'red'?" in p for p in found
    )
    assert len(found) >= 4


def test_duplicate_ids(tmp_path: Path):
    text = VALID.replace("  - {id: blue, name: Blue}", "  - {id: red, name: Blue}")
    found = problems_for(tmp_path, text)
    assert any("actors[1].id: duplicate actor id 'red'" in p for p in found), found


def test_bands_must_cover_the_track(tmp_path: Path):
    """A gap is reported at the band that leaves it, not at the track."""
    text = VALID.replace("{id: hot, min: 3, max: 5}", "{id: hot, min: 4, max: 5}")
    found = problems_for(tmp_path, text)
    line = line_of(text, "{id: hot")
    assert any(
        p.startswith(f"s.yaml:{line}:24: tracks[0].bands[1].min: a gap: band 'hot' should start")
        for p in found
    ), found


def test_band_overlap_and_short_end_at_the_row(tmp_path: Path):
    text = VALID.replace("{id: hot, min: 3, max: 5}", "{id: hot, min: 2, max: 5}")
    line = line_of(text, "{id: hot")
    assert any(
        p.startswith(f"s.yaml:{line}:") and "bands[1].min: an overlap" in p
        for p in problems_for(tmp_path, text)
    )
    text = VALID.replace("{id: hot, min: 3, max: 5}", "{id: hot, min: 3, max: 4}")
    assert any(
        p.startswith(f"s.yaml:{line}:") and "bands[1].max: bands end at 4" in p
        for p in problems_for(tmp_path, text)
    )


def test_outcome_gap_at_the_row(tmp_path: Path):
    roll = (
        "    roll:\n      dice: 1d6\n      outcomes:\n"
        "        - {min: 1, max: 3, label: low}\n        - {min: 5, max: 6, label: high}\n"
    )
    text = VALID.replace("    effects:\n      - adjust", roll + "    effects:\n      - adjust")
    line = line_of(text, "label: high")
    found = problems_for(tmp_path, text)
    assert any(
        p.startswith(f"s.yaml:{line}:17: cards[0].roll.outcomes[1].min: outcome 'high'")
        for p in found
    ), found


@pytest.mark.parametrize(
    ("when", "hint"),
    [
        ("tension = 1", "write '==' to compare"),
        ("tension > 1 && tension < 4", "write 'and' instead of '&&'"),
        ("tension > 1 || tension < 4", "write 'or' instead of '||'"),
        ("!in_band('tension', 'hot')", "write 'not' instead of '!'"),
    ],
)
def test_other_languages_operators_get_a_hint(tmp_path: Path, when: str, hint: str):
    found = problems_for(tmp_path, VALID.replace("when: tension > 1", f'when: "{when}"'))
    assert any("cards[0].when: invalid syntax; " in p and hint in p for p in found), found
    assert not any("invalid syntax: invalid syntax" in p for p in found)


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        ("    name: Card one\n", "    name: Card one\n    text: Strike: now\n", "quote the text"),
        ("    name: Card one\n", "    name: Card one\n\ttext: x\n", "never tabs"),
    ],
)
def test_yaml_slips_get_a_hint(tmp_path: Path, old: str, new: str, hint: str):
    found = problems_for(tmp_path, VALID.replace(old, new))
    assert len(found) == 1 and "malformed YAML" in found[0] and hint in found[0], found


def test_missing_include_suggestion_keeps_its_folder(tmp_path: Path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "extra.yaml").write_text("cards: []\n")
    found = problems_for(tmp_path, VALID + "include: [decks/extr.yaml]\n")
    assert any("did you mean 'decks/extra.yaml'?" in p for p in found), found


def test_malformed_yaml(tmp_path: Path):
    found = problems_for(tmp_path, VALID.replace("order: [red, blue]", "order: [red, blue"))
    assert len(found) == 1 and "malformed YAML" in found[0]


def test_missing_include(tmp_path: Path):
    text = VALID + "include: [decks/extra.yaml]\n"
    found = problems_for(tmp_path, text)
    line = line_of(text, "include:")
    assert found == [f"s.yaml:{line}:11: include[0]: included file 'decks/extra.yaml' not found"]


def test_cyclic_include(tmp_path: Path):
    (tmp_path / "a.yaml").write_text("include: [b.yaml]\n")
    (tmp_path / "b.yaml").write_text("include: [a.yaml]\n")
    found = problems_for(tmp_path, VALID + "include: [a.yaml]\n")
    assert any("b.yaml:1:11: include[0]: cyclic include:" in p for p in found), found


def test_errors_in_included_files_name_that_file(tmp_path: Path):
    (tmp_path / "extra.yaml").write_text(
        "cards:\n  - id: c2\n    name: Two\n    deck: d\n    effects:\n"
        "      - place: {piece: unti, zone: north}\n"
    )
    found = problems_for(tmp_path, VALID + "include: [extra.yaml]\n")
    assert any(
        p.startswith("extra.yaml:6:") and "unknown piece type 'unti'; did you mean 'unit'?" in p
        for p in found
    ), found


def test_section_given_twice(tmp_path: Path):
    (tmp_path / "extra.yaml").write_text(
        "turns:\n  count: 1\n  order: [red]\n  phases: [{id: a, kind: actions}]\n"
    )
    found = problems_for(tmp_path, VALID + "include: [extra.yaml]\n")
    assert any("'turns' is already given in" in p for p in found), found


def test_effect_needs_exactly_one_key(tmp_path: Path):
    text = VALID.replace(
        "      - adjust: {track: tension, by: 1}",
        "      - adjust: {track: tension, by: 1}\n        narrate: hello",
    )
    found = problems_for(tmp_path, text)
    assert any("cards[0].effects[0]: an effect needs exactly one of" in p for p in found), found


def test_target_without_chooser(tmp_path: Path):
    text = VALID.replace(
        "      - adjust: {track: tension, by: 1}", "      - place: {piece: unit, zone: target}"
    )
    found = problems_for(tmp_path, text)
    assert any("nothing here chooses a target" in p for p in found), found


def test_choice_fields_suggest_the_nearest_choice(tmp_path: Path):
    found = problems_for(tmp_path, VALID.replace("kind: actions", "kind: action"))
    expected = "'action' is not one of upkeep, draw, actions, orders; did you mean 'actions'?"
    assert any(f"turns.phases[0].kind: {expected}" in p for p in found), found


def test_number_or_expression_fields_report_once(tmp_path: Path):
    found = problems_for(tmp_path, VALID.replace("by: 1}", "by: [1]}"))
    by = [p for p in found if "adjust.by" in p]
    assert len(by) == 1 and "valid integer or a valid string" in by[0]


def test_short_position(tmp_path: Path):
    found = problems_for(tmp_path, VALID.replace("pos: [1, 1]", "pos: [1]"))
    assert any("zones[0].pos: too few items" in p for p in found), found


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("when: tension > 1", "when: target == 'north'", "'target' is not known here"),
        (
            "when: tension > 1",
            "when: \"tension >= 'x'\"",
            "text can only be compared with == or !=",
        ),
        ("when: tension > 1", "when: \"tension == 'x'\"", "text cannot be compared with a number"),
        ("when: tension > 1", "when: \"tension + 'x' > 1\"", "text cannot be used in arithmetic"),
        ("when: tension > 1", "when: self == 'bleu'", "unknown actor 'bleu'; did you mean 'blue'?"),
        ("when: tension > 1", "when: tension ** 2 > 1", "operator '**' is not allowed"),
        ("when: tension > 1", "when: tension in 3", "comparison 'in' is not allowed"),
        ("{id: north,", "{id: target,", "'target' is a reserved name"),
        ("{id: hot, min: 3, max: 5}", "{id: calm, min: 3, max: 5}", "band ids must differ"),
        ("{id: act, kind: actions}", "{id: act, kind: upkeep, rounds: 2}", "'rounds' applies"),
        ("{id: red, name: Red}", "{id: red, name: Red, bot: genius}", "unknown bot kind 'genius'"),
    ],
)
def test_semantic_mistakes_are_caught(tmp_path: Path, old: str, new: str, message: str):
    assert old in VALID
    found = problems_for(tmp_path, VALID.replace(old, new, 1))
    assert any(message in p for p in found), found


def test_counter_cannot_start_below_its_floor(tmp_path: Path):
    text = VALID.replace("zones:\n", "counters:\n  - {id: debt, name: Debt, start: -3}\nzones:\n")
    found = problems_for(tmp_path, text)
    assert any("start -3 is below min 0" in p for p in found), found


def test_exclude_cards_in_an_included_file_applies(tmp_path: Path):
    (tmp_path / "extra.yaml").write_text(
        "cards:\n  - {id: c2, name: Two, deck: d}\nexclude_cards: [c2]\n"
    )
    (tmp_path / "s.yaml").write_text(VALID + "include: [extra.yaml]\n")
    assert set(load_scenario(tmp_path / "s.yaml").cards) == {"c1"}


def test_names_holding_ids_are_not_numbers(tmp_path: Path):
    text = VALID.replace(
        "      - adjust: {track: tension, by: 1}",
        '      - adjust: {track: tension, by: "self + 1"}',
    )
    found = problems_for(tmp_path, text)
    assert any("'self' names an actor, not a number" in p for p in found), found


def test_unknown_colours_have_did_you_mean(tmp_path: Path):
    text = VALID.replace("{id: red, name: Red}", "{id: red, name: Red, colour: dodgerbleu}")
    found = problems_for(tmp_path, text)
    assert any(
        "actors[0].colour: unknown colour 'dodgerbleu'; did you mean 'dodgerblue'?" in p
        for p in found
    ), found


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    start: 2\n", "    start: yes\n", "tracks[0].start: 'yes' is not a number"),
        ("    start: 2\n", "    start: true\n", "tracks[0].start: true is not a number"),
        ("    deck: d\n", '    deck: d\n    copies: "2"\n', "'2' is a number in quotes: write 2"),
        ("    deck: d\n", "    deck: d\n    ops: 2.0\n", "ops: 2.0 is not a whole number"),
        ("    deck: d\n", "    deck: d\n    once: no\n", "once: 'no' is not true or false"),
        ("by: 1}", 'by: "4"}', "adjust.by: '4' is a number in quotes: write 4 without quotes"),
        ("{id: red, name: Red}", "{id: red, name: Red, colour: Red}", "in lower case: 'red'"),
    ],
)
def test_no_silent_coercion(tmp_path: Path, old: str, new: str, expected: str):
    """Types are strict: what YAML 1.1 or a lax reader would turn into a number or a truth
    value is refused with what to write instead, at the value's line."""
    text = VALID.replace(old, new, 1)
    found = problems_for(tmp_path, text)
    line = line_of(text, new.strip().split("\n")[-1].strip()[:12])
    assert any(expected in p and p.startswith(f"s.yaml:{line}:") for p in found), found


def test_yes_and_no_are_text(tmp_path: Path):
    """YAML 1.2, as editors read it: an unquoted yes in a text field is the word 'yes'."""
    path = tmp_path / "s.yaml"
    path.write_text(VALID.replace("name: Card one", "name: yes"))
    assert load_scenario(path).cards["c1"].front.name == "yes"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "{id: calm, min: 0, max: 2}",
            "{id: calm, name: Wide calm, min: 0, max: 2}",
            None,
        ),
    ],
)
def test_a_band_display_name_points_at_its_id(tmp_path: Path, old: str, new: str, expected):
    """A band's display name written where its id belongs says which id to write — in an
    expression, and in a card's band gate."""
    text = VALID.replace(old, new).replace(
        "when: tension > 1", "when: \"in_band('tension', 'Wide calm')\""
    )
    found = problems_for(tmp_path, text)
    assert any("'Wide calm' is the name of band 'calm': write its id" in p for p in found), found
    gate = VALID.replace(old, new).replace(
        "    when: tension > 1", "    band: {track: tension, in: [wide_calm]}"
    )
    found = problems_for(tmp_path, gate)
    assert any(
        "cards[0].band.in[0]: unknown band 'wide_calm'; 'wide_calm' is the name of band 'calm'" in p
        for p in found
    ), found
    upper = VALID.replace("    when: tension > 1", "    band: {track: tension, in: [Calm]}")
    found = problems_for(tmp_path, upper)
    assert any("'Calm' is not an id" in p and "write 'calm'" in p for p in found), found


# -- the secret edition's constructs (scenarios/examples/backchannel.yaml, broken) -----------

BACKCHANNEL = (
    Path(__file__).resolve().parents[2] / "scenarios" / "examples" / "backchannel.yaml"
).read_text(encoding="utf-8")
RESOLVE = "resolve: [russia, iran, israel]"
OFFER = "      - offer: quiet_understanding "


def backchannel_problems(tmp_path: Path, old: str, new: str) -> tuple[list[str], str]:
    """The problems of the back channel with ``old`` replaced by ``new`` (once), and its text."""
    assert old in BACKCHANNEL
    text = BACKCHANNEL.replace(old, new, 1)
    return problems_for(tmp_path, text), text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "resolve: [russia, iran]",
            ":16: turns.phases[2].resolve: 'resolve' leaves out 'israel': list each actor of "
            "the phase's order once (israel, russia, iran), in the order their orders resolve",
        ),
        (
            "resolve: [russia, iran, israel, iran]",
            ":39: turns.phases[2].resolve[3]: actor 'iran' is listed twice (first as "
            "resolve[1]): list each actor of the phase's order once (israel, russia, iran)",
        ),
    ],
)
def test_an_orders_phase_resolve_names_the_actor_missing_or_repeated(tmp_path, written, expected):
    found, text = backchannel_problems(tmp_path, RESOLVE, written)
    line = line_of(text, written)
    assert found == [f"s.yaml:{line}{expected}"]


def test_a_misspelt_actor_in_resolve_is_said_once(tmp_path: Path):
    """The did-you-mean says it: no second problem that the list leaves 'israel' out."""
    found, text = backchannel_problems(tmp_path, RESOLVE, "resolve: [russia, iran, isreal]")
    line = line_of(text, "isreal")
    assert found == [
        f"s.yaml:{line}:31: turns.phases[2].resolve[2]: unknown actor 'isreal'; "
        "did you mean 'israel'?"
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "to: yes}",  # YAML 1.2 reads yes as a word: no quotes to take away
            "flag.to: 'yes' is not true or false (scenarios are read as YAML 1.2, where yes, "
            "no, on and off are words): write true",
        ),
        ("to: off}", "write false"),
        ('to: "yes"}', "flag.to: 'yes' is not true or false: write true or false, without quotes"),
        ("to: maybe}", "flag.to: 'maybe' is not true or false: write true or false"),
    ],
)
def test_a_truth_value_written_as_a_word_says_what_to_write(tmp_path, written, expected):
    found, text = backchannel_problems(tmp_path, "to: true}", written)
    line = line_of(text, written)
    assert any(p.startswith(f"s.yaml:{line}:") and p.endswith(expected) for p in found), found
    if '"' not in written:
        assert not any("without quotes" in p for p in found), found


def test_a_number_yaml_reads_as_text_is_not_said_to_be_in_quotes(tmp_path: Path):
    found, text = backchannel_problems(tmp_path, "  count: 4\n", "  count: 08\n")
    line = line_of(text, "count: 08")
    assert found == [f"s.yaml:{line}:10: turns.count: '08' is read as text, not a number: write 8"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "{deal: quiet_understandin}",
            "offer takes a deal's id alone, not a mapping (write 'offer: ID'); unknown deal "
            "'quiet_understandin'; did you mean 'quiet_understanding'?",
        ),
        (
            "{deal: quiet_understanding}",
            "offer takes a deal's id alone, not a mapping: write 'offer: quiet_understanding'",
        ),
        (
            "{to: russia}",
            "offer takes a deal's id alone, not a mapping: write 'offer: ID'; the deals "
            "declared: quiet_understanding",
        ),
    ],
)
def test_an_offer_written_as_a_mapping_says_what_to_write(tmp_path, written, expected):
    found, text = backchannel_problems(tmp_path, OFFER, f"      - offer: {written} ")
    line = line_of(text, f"offer: {written}")
    assert found == [f"s.yaml:{line}:16: cards[0].effects[1].offer: {expected}"]


def test_an_offer_mapping_is_named_among_the_deals_of_every_file(tmp_path: Path):
    """The deals may sit in an include, read after the file with the offer is validated."""
    root, deals = BACKCHANNEL.split("\ndeals:\n")
    deals, victory = deals.split("\nvictory:\n")
    (tmp_path / "deals.yaml").write_text("deals:\n" + deals + "\n")
    text = root.replace("\nsources:\n", "\ninclude: [deals.yaml]\nsources:\n", 1)
    text = text.replace(OFFER, "      - offer: {deal: quiet_understandin} ") + "\nvictory:\n"
    found = problems_for(tmp_path, text + victory)
    assert any(
        p.endswith("unknown deal 'quiet_understandin'; did you mean 'quiet_understanding'?")
        for p in found
    ), found


def test_a_load_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path):
    """Loading pauses the collector (engine.load.collector) and restarts it — after a broken
    file too — but never starts one its caller had stopped."""
    import gc

    broken = VALID.replace("  count: 2", "  count: two")
    assert gc.isenabled()
    problems_for(tmp_path, broken)
    assert gc.isenabled()
    (tmp_path / "ok.yaml").write_text(VALID)
    load_scenario(tmp_path / "ok.yaml")
    assert gc.isenabled()
    gc.disable()
    try:
        load_scenario(tmp_path / "ok.yaml")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_long_number_yaml_reads_as_text_is_a_problem_not_a_crash(tmp_path: Path):
    """Thousands of digits after a 0 are text to YAML; the hint must not ask int() for them."""
    digits = "08" + "8" * 5000
    found, _ = backchannel_problems(tmp_path, "  count: 4\n", f"  count: {digits}\n")
    assert len(found) == 1 and found[0].endswith(f"write {digits[1:]}"), found[0][:200]
