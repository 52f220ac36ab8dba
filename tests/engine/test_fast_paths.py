"""The engine's fast paths agree with the straightforward ones.

``Game.sample_action`` draws one legal action uniformly without listing them: it must only
ever return a legal action (the very object ``legal_actions`` lists), and every legal action
must be exactly as likely — proved exactly (probabilities as fractions, by walking every
sequence of draws) on small positions and by a chi-square test on many campaign positions.
``legal_actions`` itself is checked against a brute-force oracle at every decision of
thousands of seeded games, and the ``random-fast`` bot's games against that oracle too.
"""

from __future__ import annotations

import os
from collections import Counter
from fractions import Fraction
from types import SimpleNamespace

import pytest
from scipy.stats import chi2

from engine import Game, load_scenario
from engine.analysis.run.playout import make_bots, play_game
from engine.bots import RandomBot
from engine.load.read.catalog import shipped
from engine.load.scenario import SELF, TARGET
from engine.play import rng
from engine.play.rules.actions import Action
from engine.play.rules.listing import legality
from engine.play.rules.turn import hand_limit
from engine.play.rules.turn.watch import instant_watch
from tests.engine.test_codegen import bare_state

ENTRIES = shipped()
SCENARIOS = {e.id: load_scenario(e.path) for e in ENTRIES}
#: Seeded games per scenario checked against the oracle (the suite's share; set
#: WARGAME_ORACLE_GAMES=1000 for a long differential run, as docs/performance.md reports).
ORACLE_GAMES = int(os.environ.get("WARGAME_ORACLE_GAMES", "60"))


def reference_legal(game: Game) -> list[Action]:
    """Every legal action, derived from the rules as written (slow and plain): an oracle."""
    who = game.to_move()
    if who is None:
        return []
    state, scenario = game.state, game.scenario
    hand = sorted(set(state.hands[who]))
    if state.secrets.offers:  # a deal offered in private: its answerer accepts or rejects
        deal = state.secrets.offers[0][0]
        return [Action(who, "accept", None, deal), Action(who, "reject", None, deal)]
    if state.pending:
        window = state.pending[0]
        if hand_limit.is_discard_window(window):
            return hand_limit.discard_actions(who, hand)
        out = [
            Action(who, "react", c, target=window.zone)
            for c in game.reactions_for(who, window.trigger, window.zone, hand)
        ]
        return [*out, Action(who, "decline")]

    def targets(play, card_id):
        if play.choices:
            return [(None, None, c) for c in game._choose(play.choices, who, card_id)]
        target = play.target
        if target is None:
            return [(None, None, ())]
        found = []
        for zone in game.zone_ids:
            pieces = [None] if target.kind == "zone" else list(target.pieces)
            for piece in pieces:
                if piece is not None and not state.board[zone].get(piece):
                    continue
                binds = {SELF: who, TARGET: zone}
                if piece is not None:
                    binds["target_piece"] = piece
                if target.where is None or target.where(state, binds):
                    found.append((zone, piece, ()))
        return found

    def playable(play):
        for track, amount in play.costs:
            if state.values[track] - amount < game.bounds[track][0]:
                return False
        return play.condition is None or bool(play.condition(state, {SELF: who, TARGET: None}))

    out = []
    phase = game.phases[state.phase].id
    for card_id in hand:
        card = scenario.cards[card_id]
        side = card.side(state)
        if card.reaction_on is None and card.phase in (None, phase) and playable(side):
            for zone, piece, chosen in targets(side, card_id):
                out.append(Action(who, "event", card_id, None, zone, piece, chosen))
        for op in scenario.operations_of(who) if card.ops else ():
            if op.ops <= card.ops and playable(op.play):
                for zone, piece, chosen in targets(op.play, card_id):
                    out.append(Action(who, "ops", card_id, op.id, zone, piece, chosen))
    return [*out, Action(who, "pass")]


def positions(scenario, games: int, seed: int = 0) -> list[Game]:
    """Copies of every decision point of ``games`` seeded random games."""
    out = []
    for i in range(games):
        game = Game.new(scenario, rng.derive_seed(seed, i), quiet=True)
        bots = {a: RandomBot(a, i) for a in scenario.playable_actors}
        while not game.is_over():
            out.append(game.copy())
            actor = game.to_move()
            assert actor is not None
            game.push(bots[actor].choose_among(game.legal_actions()))
    return out


# -- legal_actions against the oracle -------------------------------------------------------
@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_legal_actions_match_the_oracle_at_every_decision(scenario_id):
    scenario = SCENARIOS[scenario_id]
    decisions = 0
    for game in positions(scenario, ORACLE_GAMES, seed=11):
        assert game.legal_actions() == reference_legal(game)
        decisions += 1
    assert decisions > 8 * ORACLE_GAMES


# -- sample_action -------------------------------------------------------------------------
@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_sample_action_returns_the_listed_legal_object(scenario_id):
    for n, game in enumerate(positions(SCENARIOS[scenario_id], 30, seed=5)):
        legal = game.legal_actions()
        seed = rng.derive_seed(99, n)
        for _ in range(5):
            seed, action = game.sample_action(seed)
            assert action in legal
            if action.kind in ("event", "ops", "pass"):  # drawn without the list:
                # the same interned object (ActionSpace looks actions up by identity first)
                assert any(action is a for a in legal), action


def exact_distribution(game: Game, budget: int = 2_000) -> dict[Action, Fraction]:
    """The exact probability of each action ``sample_action`` returns, by running it on every
    sequence of draws (each draw of ``below(n)`` has n equally likely results)."""

    class OutOfDraws(Exception):
        def __init__(self, n: int):
            self.n = n

    script: list[int] = []
    used = [0]

    def scripted_below(state: int, n: int) -> tuple[int, int]:
        if used[0] == len(script):
            raise OutOfDraws(n)
        value = script[used[0]]
        used[0] += 1
        return state, value

    out: Counter = Counter()
    stack: list[tuple[list[int], Fraction]] = [([], Fraction(1))]
    runs = 0
    real = legality.rng
    legality.rng = SimpleNamespace(below=scripted_below)  # type: ignore[assignment]
    try:
        while stack:
            prefix, p = stack.pop()
            script[:] = prefix
            used[0] = 0
            runs += 1
            if runs > budget:
                raise OverflowError("too many draw sequences")
            try:
                _, action = game.sample_action(0)
            except OutOfDraws as more:
                stack.extend(([*prefix, v], p / more.n) for v in range(more.n))
                continue
            assert used[0] == len(prefix), "a finished draw sequence used every draw"
            out[action] += p
    finally:
        legality.rng = real
    return dict(out)


def test_sample_action_is_exactly_uniform_on_small_positions(monkeypatch):
    # Few allowed misses keep every sequence of draws enumerable; the argument for uniformity
    # does not depend on the number (it bounds the work before the list is drawn from).
    checked = 0
    for scenario_id in ("tutorial", "blockade", "israeli-strike"):
        for game in positions(SCENARIOS[scenario_id], 2, seed=2)[::4]:
            legal = game.legal_actions()
            for misses in (0, 1, 2):
                monkeypatch.setattr(legality, "MAX_MISSES", misses)
                try:
                    dist = exact_distribution(game)
                except OverflowError:
                    continue
                assert set(dist) == set(legal)
                assert all(p == Fraction(1, len(legal)) for p in dist.values()), dist
                checked += 1
    assert checked > 60


def test_sample_action_is_uniform_by_chi_square_over_campaign_positions():
    """Pooled over many positions: sum of per-position chi-square statistics against a
    uniform choice; fixed seeds, so the verdict is reproducible."""
    statistic, dof, draws_per_action = 0.0, 0, 30
    for scenario_id in ("iranian-entrenchment", "israeli-strike", "russian-reaction"):
        for n, game in enumerate(positions(SCENARIOS[scenario_id], 4, seed=3)[::4]):
            legal = game.legal_actions()
            if len(legal) < 2:
                continue
            seed = rng.derive_seed(7, scenario_id, n)
            counts: Counter = Counter()
            for _ in range(draws_per_action * len(legal)):
                seed, action = game.sample_action(seed)
                counts[action] += 1
            assert set(counts) <= set(legal)
            statistic += sum((counts[a] - draws_per_action) ** 2 for a in legal) / draws_per_action
            dof += len(legal) - 1
    assert dof > 300
    assert chi2.sf(statistic, dof) > 0.001, (statistic, dof)


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_random_fast_games_play_only_legal_actions(scenario_id):
    """Thousands of moves by ``random-fast`` bots, each checked against the oracle."""
    scenario = SCENARIOS[scenario_id]
    moves = 0

    def check(game, action, why):
        nonlocal moves
        assert action in reference_legal(game)
        moves += 1

    for seed in range(ORACLE_GAMES * 2 // 3):
        bots = make_bots(scenario, {"all": "random-fast"}, seed)
        play_game(scenario, seed, bots, quiet=True, on_move=check)
    assert moves > 400


def test_random_fast_is_reproducible_and_keeps_random_as_it_was():
    scenario = SCENARIOS["israeli-strike"]

    def actions(kind: str, seed: int) -> list[str]:
        game = play_game(scenario, seed, make_bots(scenario, {"all": kind}, seed), quiet=True)
        return [str(a) for a in game.actions]

    assert actions("random-fast", 4) == actions("random-fast", 4)
    # ``random`` still draws an index into the listed legal actions (saved games rely on it).
    game = Game.new(scenario, 4, quiet=True)
    bots = {a: RandomBot(a, 4) for a in scenario.playable_actors}
    while not game.is_over():
        legal = game.legal_actions()
        bot = bots[legal[0].actor]
        state, i = rng.below(bot._rng, len(legal))
        bot._rng = state
        game.push(legal[i])
    assert [str(a) for a in game.actions] == actions("random", 4)


# -- instant conditions are judged only when what they read changed -----------------------
def play_logged(scenario, seed: int) -> Game:
    game = Game.new(scenario, seed)
    bots = {a: RandomBot(a, seed) for a in scenario.playable_actors}
    while not game.is_over():
        actor = game.to_move()
        assert actor is not None
        game.push(bots[actor].choose_among(game.legal_actions()))
    return game


def bench_scenario(name: str):
    from pathlib import Path

    return load_scenario(Path(__file__).resolve().parents[2] / "benchmarks" / name)


#: The scenarios whose instant conditions are watched (the others have too few to gain).
WATCHED = sorted(i for i, s in SCENARIOS.items() if instant_watch(s) is not None)


def test_the_watch_is_on_where_it_pays():
    assert "tutorial" in WATCHED and "israeli-strike" not in WATCHED
    assert instant_watch(bench_scenario("tictactoe.yaml")) is not None


@pytest.mark.parametrize("scenario_id", [*WATCHED, "tictactoe"])
def test_watched_instants_give_the_same_logs(scenario_id, monkeypatch):
    """Differential: skipping unchanged instant checks against judging them every time,
    over a thousand seeded games per scenario (logs compared event by event)."""
    if scenario_id == "tictactoe":
        scenario = bench_scenario("tictactoe.yaml")
    else:
        scenario = SCENARIOS[scenario_id]
    games = 1000 if scenario_id == "tictactoe" else 400
    watched = [play_logged(scenario, seed) for seed in range(games)]
    monkeypatch.setattr(Game, "watch_instants", False)
    for seed, game in enumerate(watched):
        plain = play_logged(scenario, seed)
        assert game._instant_watch is not None and plain._instant_watch is None
        assert game.actions == plain.actions
        assert game.state.log == plain.state.log
        assert game.outcome == plain.outcome


#: The small world the reads tests compile their expressions in.
READS_ZONES = ("z1", "z2", "z3")
READS_ADJACENCY = {
    "z1": frozenset({"z2"}),
    "z2": frozenset({"z1", "z3"}),
    "z3": frozenset({"z2"}),
}


def _reads_world():
    from engine.load.check.expressions.kinds import World

    return World(
        values=frozenset({"a", "b", "f"}),
        params={"k": 2},
        zones=frozenset(READS_ZONES),
        adjacency=READS_ADJACENCY,
        zone_tags={"z1": frozenset({"t"}), "z2": frozenset(), "z3": frozenset({"t"})},
        piece_owner={"p": "x", "q": "y"},
        piece_total={"p": 9, "q": 9},
        bands={"a": (("low", 0, 2), ("high", 3, 9))},
        actors=frozenset({"x", "y"}),
        flags=frozenset({"f"}),
    )


def _random_state(chooser, *, pieces: int, hand: int, turn: int, round: int):
    """A random state of the reads tests' world (each count drawn up to its bound)."""
    return bare_state(
        values={
            "a": chooser.randint(0, 9),
            "b": chooser.randint(-3, 9),
            "f": chooser.random() < 0.5,
        },
        board={z: {p: chooser.randint(0, pieces) for p in "pq"} for z in READS_ZONES},
        supply={p: chooser.randint(0, 9) for p in "pq"},
        hands={a: ["c"] * chooser.randint(0, hand) for a in "xy"},
        turn=chooser.randint(1, turn),
        round=chooser.randint(1, round),
    )


def _keep(read, state, other, zone: str | None = None) -> None:
    """Copy what ``read`` reads (when judging ``zone``, for a target) from ``state`` into
    ``other``."""
    from engine.load.check.expressions.reads import TARGET_ZONE

    if read[0] == "value":
        other.values[read[1]] = state.values[read[1]]
    elif read[0] == "cell":
        where = zone if read[1] == TARGET_ZONE else read[1]
        other.board[where][read[2]] = state.board[where][read[2]]
    elif read[0] == "near":
        assert zone is not None
        for where in (zone, *READS_ADJACENCY[zone]):
            other.board[where][read[1]] = state.board[where][read[1]]
    elif read[0] == "supply":
        other.supply[read[1]] = state.supply[read[1]]
    elif read[0] == "hand":
        other.hands[read[1]] = list(state.hands[read[1]])
    else:
        setattr(other, read[0], getattr(state, read[0]))


def test_reads_of_lists_everything_a_condition_reads():
    """Changing anything outside the listed reads never changes the condition's value."""
    import random

    from engine.load.check.expressions.compiler import Compiler
    from engine.load.check.expressions.reads import reads_of

    world = _reads_world()
    texts = [
        "a > 1",
        "in_band('a', 'low')",
        "pieces('p', 'z1') > 0",
        "near('p', 'z2') > 1",
        "tagged('q', 't') > 0",
        "owned('x') > 2",
        "owned('y', 'z3') > 0",
        "pieces('p') > 1",
        "supply('q') > 3",
        "hand('x') > 2",
        "turn > 2 and round == 1",
        "max(a, b) > 3 if f else abs(b - k) > 1",
        "distance('z1', 'z3') + a > 2 or adjacent('z1', 'z2') and b == 0",
    ]
    chooser = random.Random(4)

    def random_state():
        return _random_state(chooser, pieces=3, hand=5, turn=5, round=3)

    for text in texts:
        reads = reads_of(text, world)
        assert reads is not None, text
        fn = Compiler(world).compile(text)
        for _ in range(300):
            state, other = random_state(), random_state()
            # keep what is read; everything else from another random state
            for read in reads:
                _keep(read, state, other)
            assert fn(state, {}) == fn(other, {}), (text, reads)
    # what cannot be known from the text: judged every time
    assert reads_of("pieces('p', 'z1' if a > 1 else 'z2') > 0", world) is None


@pytest.mark.parametrize(
    "reads",
    [
        {("value", "a")},
        {("cell", "z1", "p"), ("cell", "z2", "p")},
        {("value", "a"), ("cell", "z1", "p")},
        {("supply", "p"), ("hand", "x"), ("turn",), ("round",), ("value", "b")},
    ],
)
def test_the_watch_sees_every_read_change(reads):
    """Each shape of snapshot changes when anything read changes, and only then."""
    from types import SimpleNamespace

    from engine.play.rules.turn import watch as watching
    from engine.play.state import GameState

    conditions = [SimpleNamespace(reads=frozenset(reads))] * watching.MIN_CONDITIONS
    watch = watching._build(SimpleNamespace(instant=conditions))
    assert watch is not None

    def state() -> GameState:
        return bare_state(
            values={"a": 1, "b": 2, "c": 3},
            board={"z1": {"p": 1}, "z2": {}, "z3": {"p": 2}},
            supply={"p": 4, "q": 5},
            hands={"x": ["c"], "y": []},
        )

    def changed(read) -> GameState:
        s = state()
        if read[0] == "value":
            s.values[read[1]] += 1
        elif read[0] == "cell":
            s.board[read[1]][read[2]] = s.board[read[1]].get(read[2], 0) + 1
        elif read[0] == "supply":
            s.supply[read[1]] -= 1
        elif read[0] == "hand":
            s.hands[read[1]].append("d")
        else:
            setattr(s, read[0], getattr(s, read[0]) + 1)
        return s

    base = watch.key(state())
    for read in reads:
        now = watch.key(changed(read))
        assert now != base, read
        assert watch.affected(now, base) == list(range(watching.MIN_CONDITIONS))
    unread = [("value", "c"), ("cell", "z3", "p"), ("supply", "q"), ("hand", "y")]
    for read in unread:
        if read not in reads:
            assert watch.key(changed(read)) == base, read


# -- compiled conditions -----------------------------------------------------------------
def test_long_sums_saturate_as_the_nested_additions_do():
    """``a + b + c + d`` is one closure; it must give what ``((a + b) + c) + d`` gives with
    saturation after each addition, at the limits too."""
    import random

    from engine.load.check.expressions.compiler import Compiler
    from engine.load.check.expressions.kinds import NUMBER_LIMIT, World

    names = ("a", "b", "c", "d", "e")
    world = World(
        values=frozenset(names),
        zones=frozenset({"z"}),
        piece_owner={"p": "x"},
        piece_total={"p": 9},
    )
    limit = NUMBER_LIMIT
    extremes = [-limit, -limit + 1, -3, -1, 0, 1, 2, limit - 1, limit]
    chooser = random.Random(8)

    def saturated(value: int) -> int:
        return max(-limit, min(limit, value))

    texts = {
        "a + b + c": ("a", "b", "c"),
        "a + b + c + d + e": names,
        "a + b + pieces('p', 'z') + c": ("a", "b", "P", "c"),
    }
    for text, terms in texts.items():
        fn = Compiler(world).compile(text, "number")
        for _ in range(500):
            values = {n: chooser.choice(extremes) for n in names}
            pieces = chooser.randint(0, 4)
            state = bare_state(values=values, board={"z": {"p": pieces}}, supply={"p": 0})
            got = [pieces if t == "P" else values[t] for t in terms]
            expected = got[0]
            for value in got[1:]:
                expected = saturated(expected + value)
            assert fn(state, {}) == expected, (text, values)


def test_targets_are_prefiltered_by_their_fixed_part():
    """Campaign targets such as ``has_tag(target, 'syria') and ...`` list only the zones
    their fixed part allows; the oracle tests above prove nothing legal is lost."""
    from engine.load.check.expressions.reads import fixed_zones

    scenario = SCENARIOS["israeli-strike"]
    narrowed = [
        c.front.target.zones
        for c in scenario.cards.values()
        if c.front.target is not None and c.front.target.zones is not None
    ]
    assert narrowed and all(len(z) < len(scenario.zones) for z in narrowed)
    world = scenario.world
    zones = tuple(sorted(world.zones))
    assert fixed_zones("pieces('militia', target) > 0", world, zones) is None
    assert fixed_zones("target == 'golan' and pieces('militia', target) > 0", world, zones) == (
        "golan",
    )
    assert fixed_zones("turn > 1 and adjacent(target, 'golan')", world, zones) == tuple(
        sorted(world.adjacency["golan"])
    )


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_quiet_games_play_as_logged_ones(scenario_id):
    """A quiet game builds no log text; everything else is as in a logged game."""
    scenario = SCENARIOS[scenario_id]
    for seed in range(60):
        logged = play_game(scenario, seed, make_bots(scenario, {"all": "random"}, seed))
        quiet = play_game(scenario, seed, make_bots(scenario, {"all": "random"}, seed), quiet=True)
        assert quiet.state.log == [] and logged.state.log
        assert quiet.actions == logged.actions
        assert quiet.outcome == logged.outcome
        assert quiet.state.values == logged.state.values
        assert quiet.state.board == logged.state.board
        assert quiet.state.hands == logged.state.hands


def test_only_the_conditions_reading_a_change_are_judged_again():
    from types import SimpleNamespace

    from engine.play.rules.turn import watch as watching

    conditions = [
        SimpleNamespace(reads=frozenset({("value", "a")})),
        SimpleNamespace(reads=frozenset({("cell", "z1", "p"), ("value", "a")})),
        SimpleNamespace(reads=frozenset({("cell", "z2", "p")})),
    ]
    watch = watching._build(SimpleNamespace(instant=conditions))
    assert watch is not None
    state = bare_state({"a": 1}, {"z1": {}, "z2": {}}, {})
    before = watch.key(state)
    state.board["z1"]["p"] = 1
    assert watch.affected(watch.key(state), before) == [1]
    state.values["a"] = 2
    assert watch.affected(watch.key(state), before) == [0, 1]
    state.board["z2"]["p"] = 3
    assert watch.affected(watch.key(state), before) == [0, 1, 2]


# -- kept targets, kept slots, idle checks: the same games with each switched off ---------
def play_both_kinds(scenario, seed: int) -> list[Game]:
    """A logged game with ``random`` bots (listing) and one with ``random-fast`` (sampling)."""
    fast = play_game(scenario, seed, make_bots(scenario, {"all": "random-fast"}, seed))
    return [play_logged(scenario, seed), fast]


@pytest.mark.parametrize("switch", ["watch_targets", "skip_idle_checks"])
@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_fast_paths_give_the_same_logs_as_the_plain_ones(scenario_id, switch, monkeypatch):
    """Differential: legal targets kept per snapshot of their reads (``watch_targets``) and
    instant ends not judged again after idle steps (``skip_idle_checks``), against the plain
    way, over seeded logged games of every shipped scenario (logs compared event by event)."""
    scenario = SCENARIOS[scenario_id]
    fast = [play_both_kinds(scenario, seed) for seed in range(ORACLE_GAMES)]
    monkeypatch.setattr(Game, switch, False)
    for seed, games in enumerate(fast):
        for game, plain in zip(games, play_both_kinds(scenario, seed), strict=True):
            assert game.actions == plain.actions
            assert game.state.log == plain.state.log
            assert game.outcome == plain.outcome


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_kept_sampling_slots_are_the_slots_built_now(scenario_id):
    """``sample_action``'s slots kept per hand (built with every card's front) are the slots
    built from the sides in force, at every decision (flipped cards included)."""
    flipped = 0
    for game in positions(SCENARIOS[scenario_id], ORACLE_GAMES // 2, seed=13):
        state = game.state
        if state.pending or state.secrets.offers:
            continue
        who = game.to_move()
        assert who is not None
        held = frozenset(state.hands[who])
        assert game._hand_slots(who) == game._slots(who, held, front=False)
        flipped += any(game.scenario.cards[c].flipped(state) for c in held)
    if scenario_id in ("tutorial", "russian-reaction"):
        assert flipped > 0  # the flipped sides were met


def test_target_reads_list_everything_a_where_reads():
    """Changing anything a target's ``where`` does not read (besides the zone judged and the
    actor) never changes its verdict in any zone."""
    import random

    from engine.load.check.expressions.compiler import Compiler
    from engine.load.check.expressions.reads import target_reads

    world = _reads_world()
    texts = [
        "pieces('p', target) > 0",
        "has_tag(target, 't') and pieces('p', target) + pieces('q', target) > 1",
        "near('q', target) == 0 and a > 1",
        "target == 'z2' or pieces('q', 'z1') > 1 and not f",
        "adjacent(target, 'z1') and in_band('a', 'high') and pieces('p') > 2",
        "distance(target, 'z3') <= 1 and hand('x') > 1 or turn > 2",
        "pieces('p', target) > k and supply('q') > 3",
    ]
    chooser = random.Random(6)

    def random_state():
        return _random_state(chooser, pieces=2, hand=3, turn=4, round=2)

    for text in texts:
        reads = target_reads(text, world)
        assert reads is not None, text
        fn = Compiler(world, {"target": "zone", "self": "actor"}).compile(text)
        for _ in range(300):
            for zone in READS_ZONES:
                state, other = random_state(), random_state()
                for read in reads:
                    _keep(read, state, other, zone)
                binds = {"target": zone, "self": "x"}
                assert fn(state, binds) == fn(other, binds), (text, zone, reads)
    # what cannot be known from the text: judged zone by zone every time
    assert target_reads("owned('x', target) > 0", world) is None
    assert target_reads("pieces('p', 'z1' if a > 1 else target) > 0", world) is None


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_the_turn_plan_follows_the_scenario(scenario_id):
    """What the turn plan lists per phase is what the scenario's models say."""
    from engine.play.rules.turn.plan import plan_of

    scenario = SCENARIOS[scenario_id]
    plan = plan_of(scenario)
    order = scenario.turns.order
    for phase, step in zip(scenario.tables.phases, plan.phases, strict=True):
        assert step.phase is phase
        assert step.rules == tuple(scenario.rules_at.get(phase.id, ()))
        draws = [
            (a, tuple((d.id, d.hand_size) for d in scenario.decks_of(a)))
            for a in order
            if phase.kind == "draw" and scenario.decks_of(a)
        ]
        assert list(step.draws) == draws
        limits = [
            (a, scenario.actor(a).hand_limit.max)
            for a in order
            if scenario.actor(a).hand_limit is not None
            and scenario.actor(a).hand_limit.at == phase.id
        ]
        assert list(step.limits) == limits
    assert plan.snapshot == (
        *(t.id for t in scenario.tracks),
        *(c.id for c in scenario.counters),
    )
    board: dict[str, dict[str, int]] = {z.id: {} for z in scenario.zones}
    supply = {p.id: p.total for p in scenario.piece_types}
    for piece, zone, count in scenario.placements:
        board[zone][piece] = board[zone].get(piece, 0) + count
        supply[piece] -= count
    assert plan.board == board and plan.supply == supply
    assert [d for d, _ in plan.decks] == [d.id for d in scenario.decks]
    assert all(list(cards) == scenario.deck_cards(d) for d, cards in plan.decks)


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_the_same_snapshot_gives_the_same_legal_targets(scenario_id):
    """For every target of the scenario: states whose snapshots of its reads are equal have
    the same legal targets (judged zone by zone), whatever else differs — states made by
    changing random cells, values and counters of real positions."""
    import random

    from engine.play.rules.listing.watched_targets import snapshot_of

    scenario = SCENARIOS[scenario_id]
    plays = [c.front for c in scenario.cards.values()]
    plays += [c.back for c in scenario.cards.values() if c.back is not None]
    plays += [op.play for op in scenario.operations.values()]
    targets = [p.target for p in plays if p.target is not None and not p.choices]
    chooser = random.Random(scenario_id)
    zones = [z.id for z in scenario.zones]
    pieces = [p.id for p in scenario.piece_types]
    numbers = [t.id for t in (*scenario.tracks, *scenario.counters)]
    same = watched = 0
    for game in positions(scenario, 3, seed=17)[::3]:
        for target in targets:
            snapshot = snapshot_of(target, game._target_zones(target), scenario.world.adjacency)
            if snapshot is None:
                continue
            watched += 1
            for _ in range(6):
                other = game.copy()
                for _ in range(chooser.randint(1, 3)):  # change a few things at random
                    cell = other.state.board[chooser.choice(zones)]
                    cell[chooser.choice(pieces)] = chooser.randint(0, 3)
                if numbers and chooser.random() < 0.5:
                    other.state.values[chooser.choice(numbers)] += chooser.choice((-2, -1, 1, 2))
                other.state.turn += chooser.choice((0, 0, 1))
                if snapshot(other.state) != snapshot(game.state):
                    continue
                same += 1
                for actor in scenario.playable_actors:
                    assert other._judge_targets(target, actor) == game._judge_targets(
                        target, actor
                    ), (target, actor)
    assert same > 20 or not watched  # (blockade's targets are all multi-choice)
