"""No leaks of secrets (issue 11): over thousands of seeded games of the back channel, nothing
an actor is shown — its view, the log lines it may read, a bot's explanation, ``wargame run
--json --as ACTOR`` — holds another side's private value, face-down piece or sealed order
before it is revealed. And the checks can fail: a planted leak is caught.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator

import pytest

from engine import Game, Scenario, load_scenario, observe
from engine.bots.random_bot import RandomBot
from engine.load.scenario import CEffect
from engine.play.events import Event
from engine.play.rules.resolving.secrets import privacy, sees
from engine.play.views import view as view_module
from engine.play.views.view import View
from wargame.cli import main

GAMES = 2000


@pytest.fixture(scope="module")
def backchannel() -> Scenario:
    return load_scenario("backchannel")


def _effects(scenario: Scenario) -> Iterator[CEffect]:
    todo: list = []
    for card in scenario.cards.values():
        todo += card.front.effects
    while todo:
        effect = todo.pop()
        yield effect
        todo += [*effect.then, *effect.orelse]


def _messages(scenario: Scenario) -> dict[str, tuple[str, ...]]:
    """Each private message's text → who may read it (the card's player for 'self')."""
    return {e.args[1]: e.args[0] for e in _effects(scenario) if e.kind == "message"}


def event_leaks(
    game: Game,
    event: Event,
    reader: str | None,
    messages: dict[str, tuple[str, ...]] | None = None,
) -> list[str]:
    """What ``reader`` (who may see ``event``) learns from it that it may not know
    (``messages``: the scenario's :func:`_messages`, when the caller has them already)."""
    scenario = game.scenario
    rules = privacy(scenario)
    secrets = game.state.secrets
    out = []
    for key in ("track", "flag", "value"):
        value = event.data.get(key)
        if value in rules.owners and not sees(scenario, secrets, value, reader):
            out.append(f"{reader} reads '{event.text}' about private '{value}'")
    readers = (_messages(scenario) if messages is None else messages).get(event.text)
    if readers is not None and reader not in readers and event.actor != reader:
        out.append(f"{reader} reads the private message '{event.text}'")
    if event.kind == "message" and reader not in event.data.get("to", ()):
        out.append(f"{reader} reads a message addressed to others: '{event.text}'")
    if event.kind == "order" and "order" in event.data and reader != event.actor:
        out.append(f"{reader} reads another's sealed order: '{event.text}'")
    if event.kind in ("offer", "answer"):
        deal = scenario.deals[event.data["deal"]]
        if reader not in (deal.proposer, deal.answerer):
            out.append(f"{reader} reads a deal between others: '{event.text}'")
    piece = event.data.get("piece")
    if event.kind == "place" and piece in rules.hidden and reader != rules.hidden[piece]:
        out.append(f"{reader} sees a face-down placement: '{event.text}'")
    return out


def view_leaks(game: Game, reader: str | None, view: View) -> list[str]:
    """What ``reader``'s view (``view``) shows that it may not see. (Its log is not looked
    at: the log lines an actor may read are checked one by one with :func:`event_leaks`.)"""
    scenario = game.scenario
    rules = privacy(scenario)
    state = game.state
    out = []
    for value in rules.owners:
        if sees(scenario, state.secrets, value, reader):
            continue
        if value in view.values or any(value in snap for snap in view.history):
            out.append(f"{reader}'s view holds private '{value}'")
    for zone, cell in state.secrets.facedown.items():
        for piece, down in cell.items():
            if rules.hidden[piece] == reader:
                continue
            shown = view.board.get(zone, {}).get(piece, 0)
            if shown > state.board[zone].get(piece, 0) - down:
                out.append(f"{reader}'s view shows face-down {piece} in {zone}")
    if not state.secrets.open and any(who != reader for who, _ in view.secrets.orders):
        out.append(f"{reader}'s view holds another's sealed order")
    if any(reader not in (o[1], o[2]) for o in view.secrets.offers):
        out.append(f"{reader}'s view holds an offer to others")
    return out


def play_and_check(scenario: Scenario, seed: int) -> list[str]:
    """Play one random game, checking every view and every new log line for every reader.

    The views are built without their log (``with_log=False``: a view's log is the lines
    :meth:`Event.visible` lets its actor read, each checked here as it is written), and the
    bot to move is handed the view just checked: each view is built once per move.
    """
    game = Game.new(scenario, seed)
    bots = {a: RandomBot(a, seed) for a in scenario.playable_actors}
    readers = [*scenario.playable_actors, None]
    messages = _messages(scenario)
    leaks: list[str] = []
    seen = 0
    while not game.is_over() and not leaks:
        for event in game.state.log[seen:]:
            for reader in readers:
                if event.visible(reader):
                    leaks += event_leaks(game, event, reader, messages)
        seen = len(game.state.log)
        who = game.to_move()
        assert who is not None
        views = {reader: observe(game, reader, with_log=False) for reader in readers}
        for reader, view in views.items():
            leaks += view_leaks(game, reader, view)
        game.push(bots[who].choose(views[who]))
    return [f"seed {seed}: {leak}" for leak in leaks]


@pytest.mark.parametrize("chunk", range(4))
def test_thousands_of_games_leak_nothing(backchannel: Scenario, chunk: int):
    per = GAMES // 4
    leaks = []
    for seed in range(chunk * per, (chunk + 1) * per):
        leaks += play_and_check(backchannel, seed)
    assert leaks == []


def test_a_planted_view_leak_is_caught(backchannel: Scenario, monkeypatch):
    """With the view no longer concealing anything, the check finds leaks at once."""
    monkeypatch.setattr(view_module, "conceal", lambda view, game, actor: view)
    leaks = [leak for seed in range(5) for leak in play_and_check(backchannel, seed)]
    assert any("private 'ledger'" in leak for leak in leaks)


def test_a_planted_log_leak_is_caught(backchannel: Scenario, monkeypatch):
    """With private values logged publicly, the check finds it."""
    from engine.play.rules.resolving import secrets

    def public(game, value, kind, text, play, actor, data):
        game.log(kind, text, play, actor, data=data)

    monkeypatch.setattr(secrets, "log_value", public)
    leaks = [leak for seed in range(5) for leak in play_and_check(backchannel, seed)]
    assert any("reads" in leak for leak in leaks)


def test_a_planted_order_leak_is_caught(backchannel: Scenario, monkeypatch):
    """With sealed orders logged publicly, the check finds it."""
    real_log = Game.log

    def loud(self, kind, text, play, actor, *, data=None, visible_to=None):
        if kind == "order":
            visible_to = None
        real_log(self, kind, text, play, actor, data=data, visible_to=visible_to)

    monkeypatch.setattr(Game, "log", loud)
    leaks = [leak for seed in range(3) for leak in play_and_check(backchannel, seed)]
    assert any("sealed order" in leak for leak in leaks)


def run_json(*argv: str) -> dict:
    """``wargame run ... --json``'s answer, asked in this process (the command line's code
    as a subprocess would run it, without a Python start-up per game)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["run", *argv, "--json"]) == 0
    return json.loads(out.getvalue())


@pytest.mark.parametrize("actor", ["iran", "russia"])
def test_run_json_for_one_actor_leaks_nothing(backchannel: Scenario, actor: str):
    """``wargame run --json --as ACTOR`` holds only what ACTOR may read, bots' reasons
    included (only its own)."""
    for seed in (1, 2):
        options = ["backchannel", "--seed", str(seed), "--bots", "all=greedy"]
        payload = run_json(*options, "--as", actor)
        # The same game in full (for one actor, another's private answer does not replay).
        full = run_json(*options)
        game = Game.new(backchannel, seed)
        for action in full["actions"]:
            game.apply(action)
        for entry in payload["log"]:
            event = game.state.log[entry["seq"]]
            assert event.visible(actor)
            assert entry == event.to_dict()
            assert event_leaks(game, event, actor) == [] or event.kind == "reveal"
        for move in payload["moves"]:
            if not move["action"].startswith(actor + " "):
                assert move["why"] == ""
