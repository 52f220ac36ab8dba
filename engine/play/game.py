"""The game: start from a scenario and a seed, ask who acts, list and apply legal actions.

``Game`` owns one :class:`GameState` and the scenario it plays. ``apply`` checks legality
and raises :class:`IllegalActionError` with the reason; ``push`` skips the check (for
search, which only ever pushes actions it took from ``legal_actions``). After every action
the game runs forward through phases, standing rules and draws until someone must decide.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from engine.errors import IllegalActionError
from engine.load.scenario import SELF, TARGET, Play, Scenario
from engine.play import rng
from engine.play.events import Event
from engine.play.rules.actions import Action
from engine.play.rules.listing.legality import choice_binds
from engine.play.rules.listing.named_actions import NamedActions
from engine.play.rules.resolving import deals
from engine.play.rules.resolving.effects import resolve
from engine.play.rules.resolving.secrets import initial_secrets
from engine.play.rules.turn import hand_limit, orders
from engine.play.rules.turn.plan import PhasePlan, plan_of
from engine.play.rules.turn.watch import instant_watch, scenario_cache
from engine.play.state import GameState, Outcome, Window

_ENGINE = Play("engine", "engine", "", (), None, (), None, (), None)


class Game(NamedActions):
    """A game in progress (or finished) of one scenario."""

    #: Skip judging the instant conditions while nothing they read has changed since they
    #: all failed (engine.play.rules.turn.watch); False judges them at every step, as the
    #: differential tests do to prove the two alike.
    watch_instants = True
    #: Skip judging the instant conditions again when, since they last all failed, the turn
    #: machine moved only its own counters within the same turn and round (see _advance);
    #: False judges them at every step, as the differential tests do.
    skip_idle_checks = True

    def __init__(self, scenario: Scenario, state: GameState, seed: int):
        self.scenario = scenario
        self.state = state
        self.seed = seed
        self.actions: list[Action] = []
        #: The log's length when each action was taken: where its events begin.
        self.action_marks: list[int] = []
        #: A quiet game keeps no log (search and batches, which never read it, run faster);
        #: everything else — state, chance, outcome — is exactly as in a logged game.
        self.quiet = False
        #: Called with the game at the end of every turn, before the next turn's upkeep
        #: (``state.turn`` is the turn that ended). Playtests use it to keep those states.
        self.turn_end_hooks: list[Callable[[Game], None]] = []
        #: When a Counter: every change of a track or counter, summed by
        #: (track, cause, claims, actor, turn) — attribution for analyses. Off (None) by default.
        self.attribution: Counter | None = None
        #: When a list: the cause (card, operation or rule id) of every resolution, in order —
        #: what fired, for causal chains and reports. Off (None) by default.
        self.trace: list[str] | None = None
        #: The (trigger, rule) pairs resolving right now, and the firings since the first:
        #: a bound on chained triggers (see engine.play.rules.resolving.effects).
        self.firing: list[tuple[str, str]] = []
        self.fired = 0
        #: Umpire interventions, each with the number of actions taken before it: replayed
        #: at the same moment on load (see engine.play.rules.resolving.umpire).
        self.interventions: list[tuple[int, Any]] = []
        self.tables = scenario.tables
        self.order, self.bounds, self.names, self.zone_ids, self.phases = self.tables[:5]
        self.reactors = self.tables.reactors
        #: What the instant conditions read, as they all last failed (see _check_instant).
        self._instants_failed_at: Any = None
        self._instant_watch = instant_watch(scenario) if self.watch_instants else None
        self.hot = scenario_cache(scenario)
        self._slot_cache = self.hot.setdefault("hand_slots", {})
        self._kept_targets = self.hot.setdefault("targets", {})
        self._kept_actions = self.hot.setdefault("actions", {})
        self._snapshots = self.hot.setdefault("snapshots", {})
        #: What entering each phase does, and the starting position (engine.play.rules.turn.plan).
        self.plan = plan_of(scenario)

    # -- construction --------------------------------------------------------------------
    @classmethod
    def new(
        cls,
        scenario: Scenario,
        seed: int,
        *,
        quiet: bool = False,
        record: bool = False,
        attribution: Counter | None = None,
    ) -> Game:
        """Start a game of ``scenario`` with ``seed``; it runs up to the first decision.

        ``quiet`` games keep no log (see :attr:`quiet`); ``record`` turns on
        :attr:`attribution` and :attr:`trace` from the start. With ``record``, the changes
        are summed into ``attribution`` when given (a batch sums a chunk's games into one
        Counter) rather than into a new Counter.
        """
        plan = plan_of(scenario)  # the starting position, worked out once per scenario
        state_rng = rng.next_u64(seed & rng.MASK)[1]
        draw = {}
        for deck_id, cards in plan.decks:
            state_rng, draw[deck_id] = rng.shuffled(state_rng, cards)
        state = GameState(
            values=dict(scenario.start_values),
            board={zone: dict(cell) for zone, cell in plan.board.items()},
            supply=dict(plan.supply),
            draw=draw,
            discard={deck_id: [] for deck_id, _ in plan.decks},
            removed=[],
            hands={a: [] for a in scenario.turns.order},
            rng=state_rng,
            secrets=initial_secrets(scenario),  # hidden pieces start face-down
        )
        game = cls(scenario, state, seed)
        game.quiet = quiet
        if record:
            game.attribution = Counter() if attribution is None else attribution
            game.trace = []
        if not quiet:
            game.log(
                "start",
                f"{scenario.title} begins (seed {seed})",
                _ENGINE,
                None,
                data={"scenario": scenario.id, "seed": seed, "hash": scenario.content_hash},
            )
        state.history.append(game.track_snapshot())
        game._advance()
        return game

    def copy(self) -> Game:
        """An independent copy sharing the (immutable) scenario (hooks are not copied)."""
        other = type(self)(self.scenario, self.state.copy(), self.seed)
        other.actions = list(self.actions)
        other.action_marks = list(self.action_marks)
        other.interventions = list(self.interventions)
        other.quiet = self.quiet
        if self.attribution is not None:
            other.attribution = Counter(self.attribution)
        if self.trace is not None:
            other.trace = list(self.trace)
        return other

    # -- queries -------------------------------------------------------------------------
    @property
    def phase(self) -> Any:
        """The current phase model."""
        return self.phases[self.state.phase]

    def to_move(self) -> str | None:
        """The actor who must decide now, or None when the game is over."""
        state = self.state
        if state.outcome is not None:
            return None
        if state.secrets.offers:  # an offered deal is answered before anything else
            return state.secrets.offers[0][2]
        if state.pending:
            return state.pending[0].actor
        return (state.order or self.tables.phase_orders[state.phase])[state.seat]

    def is_over(self) -> bool:
        """Whether the game has ended."""
        return self.state.outcome is not None

    @property
    def outcome(self) -> Outcome | None:
        """The outcome once the game is over."""
        return self.state.outcome

    def card_name(self, card_id: str) -> str:
        """The name of a card's side currently in force."""
        return self.scenario.cards[card_id].side(self.state).name

    def track_snapshot(self) -> dict[str, int]:
        """Current values of every track and counter."""
        values = self.state.values
        return {key: values[key] for key in self.plan.snapshot}

    def track_history(self) -> list[dict[str, int]]:
        """Track and counter values at the start, at each turn's end, and at an early end."""
        history = list(self.state.history)
        if self.is_over() and (not history or history[-1] != self.track_snapshot()):
            history.append(self.track_snapshot())
        return history

    def apply(self, action: Action | str) -> list[Event]:
        """Check and apply ``action``; return the events it caused."""
        if isinstance(action, str):
            action = Action.parse(action)
        if action not in self.legal_actions():
            raise IllegalActionError(self._illegal_reason(action))
        return self.push(action)

    def push(self, action: Action) -> list[Event]:
        """Apply ``action`` without checking legality; return the events it caused."""
        state = self.state
        start = len(state.log)
        self.actions.append(action)
        self.action_marks.append(start)
        who = action.actor
        name = self.names[who]
        if action.kind in ("accept", "reject"):  # the answer to an offered deal
            deals.answer(self, action)
            self._advance()
            return state.log[start:]
        if self.phases[state.phase].kind == "orders" and not state.pending:
            # a sealed order: kept unseen until all are in
            orders.commit(self, action)
            self._advance()
            return state.log[start:]
        quiet = self.quiet  # a quiet game builds no log text at all
        if action.kind == "pass":
            if not quiet:
                self.log("pass", f"{name} passes", _ENGINE, who)
            state.seat += 1
        elif action.kind == "decline":
            self._log_decline(state.pending.pop(0))
        elif action.kind == "react":
            assert action.card is not None  # a legal reaction names its card
            window = state.pending.pop(0)
            side = self._take_card(who, action.card, as_event=True)
            if not quiet:
                self.log(
                    "react",
                    f"{name} reacts with {side.name}",
                    side,
                    who,
                    data={"card": action.card, "trigger": window.trigger},
                )
            resolve(self, side, {SELF: who, TARGET: window.zone}, who)
        elif action.kind == "event":
            assert action.card is not None  # a legal event names its card
            state.seat += 1
            side = self._take_card(who, action.card, as_event=True)
            if not quiet:
                self.log(
                    "play",
                    f"{name} plays {side.name}{self._where(action)}",
                    side,
                    who,
                    data={"card": action.card, "use": "event", **self._chosen(action)},
                )
            resolve(self, side, self._binds(side, action), who)
        elif action.kind == "ops":
            assert action.card is not None and action.operation is not None  # legal ops name both
            state.seat += 1
            card = self.scenario.cards[action.card]
            side = self._take_card(who, action.card, as_event=False)
            op = self.scenario.operations[action.operation]
            if not quiet:
                self.log(
                    "play",
                    f"{name} uses {side.name} for {card.ops} ops: "
                    f"{op.play.name}{self._where(action)}",
                    op.play,
                    who,
                    data={
                        "card": action.card,
                        "use": "ops",
                        "operation": op.id,
                        **self._chosen(action),
                    },
                )
            resolve(self, op.play, self._binds(op.play, action), who)
        elif action.kind == "discard":
            hand_limit.discard(self, action)
        self._advance()
        return state.log[start:]

    def _binds(self, play: Play, action: Action) -> dict[str, Any]:
        """What a played card side or operation's expressions and effects may name."""
        if action.choices:
            return {SELF: action.actor, **choice_binds(play, action)}
        return {SELF: action.actor, TARGET: action.target, "target_piece": action.piece}

    def _where(self, action: Action) -> str:
        """`` on Golan``, `` (from: North, to: East)`` or nothing, for the log."""
        if action.choices:
            names = self.names
            made = ", ".join(f"{c}: {names.get(v, v.replace('_', ' '))}" for c, v in action.choices)
            return f" ({made})"
        return f" on {self.names[action.target]}" if action.target else ""

    @staticmethod
    def _chosen(action: Action) -> dict[str, Any]:
        """The log data naming what the action chose (its target, or its choices)."""
        if action.choices:
            return {"target": None, "choices": dict(action.choices)}
        return {"target": action.target}

    def _log_decline(self, window: Window) -> None:
        trigger = self.scenario.triggers[window.trigger]
        self.log(
            "decline",
            f"{self.names[window.actor]} does not react to {trigger}",
            _ENGINE,
            window.actor,
        )

    def _take_card(self, actor: str, card_id: str, *, as_event: bool) -> Play:
        state = self.state
        card = self.scenario.cards[card_id]
        side = card.side(state)
        state.hands[actor].remove(card_id)
        if card.once and as_event:
            state.removed.append(card_id)
        else:
            state.discard[card.deck].append(card_id)
        return side

    def draw_cards(self, actor: str, count: int, play: Play, deck_id: str | None = None) -> None:
        """``actor`` draws ``count`` cards from one deck or its decks in order."""
        state = self.state
        decks = [deck_id] if deck_id else [d.id for d in self.scenario.decks_of(actor)]
        drawn: list[str] = []
        for deck in decks:
            while len(drawn) < count:
                pile = state.draw[deck]
                if not pile:
                    if not state.discard[deck]:
                        break
                    state.rng, pile = rng.shuffled(state.rng, state.discard[deck])
                    state.draw[deck] = pile
                    state.discard[deck] = []
                    if not self.quiet:
                        self.log(
                            "reshuffle",
                            f"{self.deck_name(deck)} reshuffled ({len(pile)} cards)",
                            _ENGINE,
                            None,
                            data={"deck": deck},
                        )
                drawn.append(pile.pop())
            if deck_id is None and len(drawn) >= count:
                break
        if not drawn:
            return
        state.hands[actor].extend(drawn)
        if self.quiet:
            return
        self.log(
            "draw",
            f"{self.names[actor]} draws {len(drawn)} card{'s' * (len(drawn) > 1)}",
            play,
            actor,
            data={"actor": actor, "count": len(drawn)},
        )
        self.log(
            "draw",
            f"{self.names[actor]} drew " + ", ".join(self.card_name(c) for c in drawn),
            play,
            actor,
            data={"cards": drawn},
            visible_to=actor,
        )

    def deck_name(self, deck_id: str) -> str:
        """Display name of a deck."""
        return next(d.name for d in self.scenario.decks if d.id == deck_id)

    def log(
        self,
        kind: str,
        text: str,
        play: Play,
        actor: str | None,
        *,
        data: dict[str, Any] | None = None,
        visible_to: str | tuple[str, ...] | None = None,
    ) -> None:
        """Append an event caused by ``play``."""
        if self.quiet:
            return
        state = self.state
        state.log.append(
            Event(
                len(state.log),
                state.turn,
                kind,
                text,
                play.source,
                play.claims,
                actor,
                data or {},
                visible_to,
                play.assumptions,
            )
        )

    # -- the turn machine ----------------------------------------------------------------
    def _advance(self) -> None:
        state = self.state
        phases = self.plan.phases
        phase_orders = self.tables.phase_orders
        # The turn and round when the instant ends last all failed, while since then only the
        # turn machine's own counters moved (phase, seat, round, turn): conditions read
        # nothing else of those, so with the same turn and round (or any, when none of them
        # may read those) they fail again (None: judge them). Anything else that may change
        # the state sets it back to None.
        failed_at: tuple[int, int] | None = None
        counted = self.plan.instants_count  # whether they may read the turn or the round
        while state.outcome is None:
            if state.secrets.offers:
                return  # its answerer decides now
            if state.pending:
                failed_at = None
                # Windows are answered before instant ends are judged: a reaction may still
                # head one off (an answer to a provocation can calm the crisis it caused).
                window = state.pending[0]
                if hand_limit.is_discard_window(window):
                    if hand_limit.owes(self, window.actor):
                        return
                    state.pending.pop(0)  # down to the limit already (a reaction discarded)
                    continue
                if self.reactions_for(window.actor, window.trigger, window.zone):
                    return
                # Nothing to answer with: decline for them, logged exactly as a chosen decline
                # so that the log does not reveal whether they held a reaction card.
                state.pending.pop(0)
                if not self.quiet:
                    self._log_decline(window)
                continue
            if failed_at is None or (counted and failed_at != (state.turn, state.round)):
                if self._check_instant():
                    return
                if self.skip_idle_checks:
                    failed_at = (state.turn, state.round)
            plan = phases[state.phase]
            if not state.entered:
                state.entered = True
                self._enter_phase(plan)
                failed_at = None
                continue
            phase = plan.phase
            kind = phase.kind
            if kind == "orders":
                if state.seat < len(state.order or phase_orders[state.phase]):
                    return
                failed_at = None  # a step reveals, resolves or clears the orders
                if orders.step(self):  # reveal all, then resolve one at a time
                    continue
            if kind == "actions":
                if state.seat < len(state.order or phase_orders[state.phase]):
                    return
                if state.round < phase.rounds:
                    state.round += 1
                    state.seat = 0
                    continue
            state.phase += 1
            state.entered = False
            if state.phase == len(phases):
                state.history.append(self.track_snapshot())
                for hook in self.turn_end_hooks:
                    hook(self)
                    failed_at = None  # a hook may do anything
                if state.turn >= self.scenario.turns.count:
                    state.phase = len(phases) - 1  # a finished game rests on its last phase
                    self._end_of_game()
                    return
                state.turn += 1
                state.phase = 0

    def _enter_phase(self, plan: PhasePlan) -> None:
        state = self.state
        phase = plan.phase
        quiet = self.quiet  # a quiet game builds no log text at all
        if not quiet:
            if state.phase == 0:
                label_of_turn = self.scenario.calendar(state.turn)
                suffix = f" — {label_of_turn}" if label_of_turn else ""
                self.log("turn", f"Turn {state.turn}{suffix}", _ENGINE, None)
            self.log("phase", f"{plan.label} phase", _ENGINE, None, data={"phase": phase.id})
        for rule in plan.rules:
            if state.outcome is not None:
                return
            play = rule.play
            if play.condition is None or play.condition(state, {}):
                if not quiet:
                    self.log("rule", f"Standing rule: {play.name}", play, None)
                resolve(self, play, {}, None)
        if plan.draws:
            deck_of = self.plan.deck_of
            hands = state.hands
            for actor, decks in plan.draws:
                # Drawing from one deck adds only its cards: each deck's count stays exact.
                for deck_id, hand_size in decks:
                    held = list(map(deck_of.__getitem__, hands[actor])).count(deck_id)
                    if held < hand_size:
                        self.draw_cards(actor, hand_size - held, _ENGINE, deck_id)
        if plan.limits and state.outcome is None:
            hand_limit.enforce(self, plan.limits)
        if phase.kind in ("actions", "orders"):
            state.round = 1
            state.seat = 0
            state.order = self._initiative(state.phase)

    def _initiative(self, index: int) -> tuple[str, ...]:
        """The acting order an actions phase's ``initiative`` sets as it begins: highest
        first, ties in the phase's order (empty when the phase has no initiative)."""
        initiative = self.scenario.initiative.get(index)
        if initiative is None:
            return ()
        order = self.tables.phase_orders[index]
        ranked = sorted(
            range(len(order)), key=lambda i: (-int(initiative(self.state, {SELF: order[i]})), i)
        )
        order = tuple(order[i] for i in ranked)
        names = ", ".join(self.names[a] for a in order)
        self.log("order", f"Initiative: {names}", _ENGINE, None, data={"order": list(order)})
        return order

    def _scores(self) -> dict[str, int]:
        return {s.actor: int(s.score(self.state, {})) for s in self.scenario.scores}

    def _check_instant(self) -> bool:
        state = self.state
        instant = self.scenario.instant
        watch = self._instant_watch
        if watch is None:  # judged every time (few conditions, or reads unknown)
            for cond in instant:
                if cond.condition(state, {}):
                    return self._end_instantly(cond)
            return False
        seen = watch.key(state)
        before = self._instants_failed_at
        if before is not None:
            if seen == before:
                return False  # nothing they read has changed since they all failed
            # Only the conditions reading what changed can have turned true; judged in
            # order, so the first that holds is the first of all that holds.
            instant = tuple(instant[i] for i in watch.affected(seen, before))
        for cond in instant:
            if cond.condition(state, {}):
                return self._end_instantly(cond)
        self._instants_failed_at = seen
        return False

    def _end_instantly(self, cond: Any) -> bool:
        """End the game on the instant condition ``cond``, which holds (returns True)."""
        state = self.state
        state.pending.clear()
        scores = self._scores()
        state.outcome = Outcome(
            self._instant_winners(cond, scores), scores, cond.reason, state.turn, cond.id
        )
        self.log(
            "end",
            f"Game over: {cond.reason}",
            Play(
                cond.id,
                cond.id,
                "",
                cond.claims,
                None,
                (),
                None,
                (),
                None,
                assumptions=cond.assumptions,
            ),
            None,
            data=state.outcome.to_dict(),
        )
        return True

    def _instant_winners(self, cond: Any, scores: dict[str, int]) -> tuple[str, ...]:
        """An instant end's winners: as listed, or judged by the end scores now."""
        if cond.by_score == "highest_score":
            best = max(scores.values(), default=0)
            return tuple(s.actor for s in self.scenario.scores if scores[s.actor] == best)
        if cond.by_score == "by_score":
            state = self.state
            return tuple(
                s.actor for s in self.scenario.scores if s.wins(state, {"score": scores[s.actor]})
            )
        return tuple(cond.winners)

    def _end_of_game(self) -> None:
        state = self.state
        scores = self._scores()
        winners = tuple(
            s.actor for s in self.scenario.scores if s.wins(state, {"score": scores[s.actor]})
        )
        names = ", ".join(self.names[w] for w in winners) or "nobody"
        reason = f"The turn limit is reached; winners: {names}"
        state.outcome = Outcome(winners, scores, reason, state.turn, None)
        self.log("end", f"Game over: {reason}", _ENGINE, None, data=state.outcome.to_dict())


__all__ = ["Game", "Window"]
