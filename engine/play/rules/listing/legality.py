"""Legality: which actions an actor may take now, and why a card cannot be played.

A mixin of :class:`engine.play.game.Game`. ``legal_actions`` is the hottest path of random and
search playouts, so it reuses interned :class:`Action` values and judges each operation once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.load.scenario import SELF, TARGET, CCard, CChoice, CTarget, Play, Scenario, Tables
from engine.play import rng
from engine.play.rules.actions import Action, interned
from engine.play.rules.listing.watched_targets import make_room, snapshot_of
from engine.play.rules.resolving.deals import answers
from engine.play.rules.turn import hand_limit
from engine.play.state import GameState

#: What one legal action chooses: a zone and a piece (a single target), or the values of a
#: multi-choice action's choices, by id.
Target = tuple[str | None, str | None, tuple[tuple[str, str], ...]]


#: Targets :meth:`Legality.sample_action` may find illegal before it lists the legal actions
#: instead (a miss costs one target check; listing costs one per candidate).
MAX_MISSES = 12


class Legality:
    """Legal actions and the reasons for illegal ones (mixed into Game)."""

    scenario: Scenario
    state: GameState
    names: Mapping[str, str]
    phases: tuple[Any, ...]
    zone_ids: tuple[str, ...]
    bounds: Mapping[str, tuple[int, int | None]]
    tables: Tables
    #: Caches that depend on the scenario alone (engine.play.rules.turn.watch.scenario_cache).
    hot: dict[Any, Any]
    #: :meth:`_hand_slots` by (actor, phase, *hand): one per scenario, in ``hot``.
    _slot_cache: dict[Any, Any]
    #: Legal targets by (target, actor, snapshot of what its ``where`` reads): one per
    #: scenario, in ``hot`` (engine.play.rules.listing.watched_targets).
    _kept_targets: dict[Any, list[Target]]
    #: Actions by (actor, kind, card, operation, id of a kept target list), with that list.
    _kept_actions: dict[Any, tuple[list[Target], list[Action]]]
    #: Each target's snapshot function (None: its reads are unknown), by id of the target.
    _snapshots: dict[int, Any]
    #: Keep legal targets per snapshot of their reads; False judges every zone every time, as
    #: the differential tests do to prove the two alike.
    watch_targets = True

    def to_move(self) -> str | None:
        """Who decides now (Game provides it)."""
        raise NotImplementedError

    def is_over(self) -> bool:
        """Whether the game has ended (Game provides it)."""
        raise NotImplementedError

    def legal_actions(self, actor: str | None = None) -> list[Action]:
        """Every legal action for the actor to move (empty for anyone else)."""
        who = self.to_move()
        if who is None or (actor is not None and actor != who):
            return []
        state = self.state
        if state.secrets.offers:  # an offered deal: accept or reject it
            return answers(self)  # type: ignore[arg-type]
        hand = sorted(set(state.hands[who]))
        cards = self.scenario.cards
        if state.pending:
            window = state.pending[0]
            if hand_limit.is_discard_window(window):
                return hand_limit.discard_actions(who, hand)
            answers_now = [
                interned(who, "react", c, None, window.zone, None, ())
                for c in self.reactions_for(who, window.trigger, window.zone, hand)
            ]
            answers_now.append(interned(who, "decline", None, None, None, None, ()))
            return answers_now
        out: list[Action] = []
        phase_id = self.phases[state.phase].id
        acts = self._actions_of
        kept_actions = self._kept_actions
        # Every card with enough ops can pay for the same operations: judge each once.
        open_ops: list[tuple[Any, list[Target], bool]] | None = None
        for card_id in hand:
            card = cards[card_id]
            if card.reaction_on is None and card.phase in (None, phase_id):
                side = card.side(state)
                if self._playable(side, who):
                    targets, kept = self._target_list(side, who, card_id)
                    found = kept_actions.get((who, "event", card_id, None, id(targets)))
                    if kept and found is not None and found[0] is targets:  # acts', inlined
                        out.extend(found[1])
                    else:
                        out.extend(acts(who, "event", card_id, None, targets, kept))
            if card.ops:
                if open_ops is None:
                    open_ops = [
                        (op, *self._target_list(op.play, who))
                        for op in self.tables.operations[who]
                        if self._playable(op.play, who)
                    ]
                for op, targets, kept in open_ops:
                    if op.ops <= card.ops:
                        if op.play.choices and any(c.kind == "card" for c in op.play.choices):
                            # this card pays
                            targets, kept = self._target_list(op.play, who, card_id)
                        found = kept_actions.get((who, "ops", card_id, op.id, id(targets)))
                        if kept and found is not None and found[0] is targets:  # inlined
                            out.extend(found[1])
                        else:
                            out.extend(acts(who, "ops", card_id, op.id, targets, kept))
        out.append(interned(who, "pass", None, None, None, None, ()))
        return out

    def _actions_of(
        self,
        who: str,
        kind: str,
        card_id: str,
        operation: str | None,
        targets: list[Target],
        kept: bool,
    ) -> list[Action]:
        """The (interned) actions of a card's event or operation on each of ``targets``;
        when the list is a kept one (the same object while its snapshot is unchanged), the
        actions are kept beside it and given again while it is the list found."""
        if not kept:
            return [
                interned(who, kind, card_id, operation, zone, piece, chosen)
                for zone, piece, chosen in targets
            ]
        key = (who, kind, card_id, operation, id(targets))
        found = self._kept_actions.get(key)
        # The entry holds the list itself: while it lives, no other list can take its id.
        if found is not None and found[0] is targets:
            return found[1]
        make_room(self._kept_actions)
        made = [
            interned(who, kind, card_id, operation, zone, piece, chosen)
            for zone, piece, chosen in targets
        ]
        self._kept_actions[key] = (targets, made)
        return made

    def sample_action(self, seed: int) -> tuple[int, Action]:
        """One legal action for the actor to move, uniformly at random: ``(seed', action)``.

        ``seed`` is an :mod:`engine.play.rng` state; the advanced state comes back with the
        action. Every action in :meth:`legal_actions` is equally likely — the distribution is
        exactly that of ``legal_actions()[i]`` with ``i`` uniform — but most calls list
        nothing: a candidate is drawn uniformly from a superset of the legal actions (each
        card or operation the actor could use now, with every target its kind allows) and kept
        if it is legal; a card or operation found unplayable leaves the superset, and after
        :data:`MAX_MISSES` illegal targets (or when a play makes multiple choices) the legal
        actions are listed and one is drawn among them. Each draw is uniform over a superset
        of the legal actions, so the one kept is uniform over them.

        The returned action is the same (interned) object :meth:`legal_actions` lists. It
        draws other numbers than a choice from the list would, so a game played with it
        differs, seed for seed, from one played with the list: a random bot uses it only when
        asked to (:class:`engine.bots.RandomBot`'s ``sample``). Raises ValueError when the game
        is over.
        """
        who = self.to_move()
        if who is None:
            raise ValueError("the game is over: there is no action to sample")
        state = self.state
        if state.pending or state.secrets.offers:  # a window, or a deal to answer: listed
            return self._sample_listed(seed)
        found = self._hand_slots(who)
        if found is None:  # a play makes multiple choices: drawn from the list
            return self._sample_listed(seed)
        slots, total = found
        playable: dict[int, bool] = {}
        misses = 0
        while total > 1 and misses < MAX_MISSES:
            seed, r = rng.below(seed, total)
            for slot in slots:
                if r < slot[0]:
                    break
                r -= slot[0]
            else:  # past every slot: the pass
                return seed, interned(who, "pass", None, None, None, None, ())
            _, kind, card_id, operation, play = slot
            ok = playable.get(id(play))
            if ok is None:
                ok = playable[id(play)] = self._playable(play, who)
            if not ok:  # none of its targets is legal (for any card): draw again without them
                slots = tuple(other for other in slots if other[4] is not play)
                total = sum(other[0] for other in slots) + 1
                continue
            zone, piece = self._target_at(play, who, r)
            if zone is not _MISS:
                return seed, interned(who, kind, card_id, operation, zone, piece, ())
            misses += 1
        if total == 1:
            return seed, interned(who, "pass", None, None, None, None, ())
        return self._sample_listed(seed)

    def _hand_slots(self, who: str) -> tuple[tuple[tuple[Any, ...], ...], int] | None:
        """:meth:`sample_action`'s slots for ``who``'s hand now, and their total weight plus
        one (the pass); None when one of them makes multiple choices.

        The slots depend on the set of cards held, the phase and which cards show their flip
        side: they are kept per (actor, phase, hand) as built with every card's front,
        and used as they are while no eligible card in the hand has flipped (a hand with a
        flipped card builds them again, from the sides now in force)."""
        state = self.state
        hand = state.hands[who]
        key = (who, state.phase, *hand)  # cheaper than a set; a hand's order changes rarely
        cached = self._slot_cache.get(key)
        if cached is None:
            held = frozenset(hand)
            make_room(self._slot_cache)  # a bound on memory, not a correctness matter
            flips = tuple(
                card
                for card in map(self.scenario.cards.__getitem__, held)
                if card.back is not None and self._eligible(card, state.phase)
            )
            cached = self._slot_cache[key] = (self._slots(who, held, front=True), flips)
        slots, flips = cached
        for card in flips:
            if card.side(state) is not card.front:
                return self._slots(who, frozenset(hand), front=False)
        return slots

    def _eligible(self, card: CCard, phase: int) -> bool:
        """Whether ``card`` may be played as an event in phase number ``phase``."""
        return card.reaction_on is None and card.phase in (None, self.phases[phase].id)

    def _slots(
        self, who: str, held: frozenset[str], *, front: bool
    ) -> tuple[tuple[tuple[Any, ...], ...], int] | None:
        """The slots of the cards ``held`` in card order (each card's front side when
        ``front``, else the side in force), with their total weight plus one; None when one
        makes multiple choices."""
        state = self.state
        slots: list[tuple[Any, ...]] = []
        cards = self.scenario.cards
        phase_id = self.phases[state.phase].id
        cache = self.hot
        total = 1  # passing, always legal
        for card_id in sorted(held):
            card = cards[card_id]
            if card.reaction_on is None and card.phase in (None, phase_id):
                side = card.front if front else card.side(state)
                event = cache.get(id(side))
                if event is None:
                    weight = -1 if side.choices else self._weight(side)
                    event = cache[id(side)] = (weight, "event", card_id, None, side)
                if event[0] < 0:
                    return None
                slots.append(event)
                total += event[0]
            if card.ops:
                ops = cache.get((who, card_id))
                if ops is None:
                    slots_of = self._ops_slots(who, card_id, card.ops)
                    ops = cache[(who, card_id)] = (slots_of, sum(o[0] for o in slots_of))
                if ops[0] and ops[0][0][0] < 0:
                    return None
                slots.extend(ops[0])
                total += ops[1]
        return tuple(slots), total

    def _ops_slots(self, actor: str, card_id: str, ops: int) -> tuple[tuple[Any, ...], ...]:
        """The operations a card worth ``ops`` could pay for, as :meth:`sample_action`'s slots
        (a first weight of -1 when one makes multiple choices: then the list is drawn from)."""
        out = []
        for op in self.tables.operations[actor]:
            if op.ops <= ops:
                if op.play.choices:
                    return ((-1, "ops", card_id, op.id, op.play),)
                out.append((self._weight(op.play), "ops", card_id, op.id, op.play))
        return tuple(out)

    def _weight(self, play: Play) -> int:
        """How many candidate targets ``play`` has for :meth:`sample_action`: one when it
        takes none, each zone it could ever accept, times each piece type of a piece target."""
        target = play.target
        if target is None:
            return 1
        zones = len(self._target_zones(target))
        return zones * len(target.pieces) if target.kind == "piece" else zones

    def _target_zones(self, target: CTarget) -> tuple[str, ...]:
        """The zones a target could ever accept, in the map's order: every zone, less those
        its ``where`` refuses whatever the state (``CTarget.zones``, found at load)."""
        if target.zones is None:
            return self.zone_ids
        key = ("zones", id(target))
        zones: tuple[str, ...] | None = self.hot.get(key)
        if zones is None:
            zones = self.hot[key] = tuple(z for z in self.zone_ids if z in target.zones)
        return zones

    def _sample_listed(self, seed: int) -> tuple[int, Action]:
        """The straightforward draw: list the legal actions, take one uniformly."""
        legal = self.legal_actions()
        seed, i = rng.below(seed, len(legal))
        return seed, legal[i]

    def _target_at(self, play: Play, actor: str, index: int) -> tuple[Any, str | None]:
        """Target ``index`` of ``play``'s candidates (as :meth:`_weight` counts them) if it is
        legal now, else ``(_MISS, None)``; judged exactly as :meth:`_targets` judges it."""
        target = play.target
        if target is None:
            return None, None
        zones = self._target_zones(target)
        zone = zones[index // len(target.pieces) if target.kind == "piece" else index]
        where = target.where
        if target.kind == "zone":
            if where is None or where(self.state, {SELF: actor, TARGET: zone}):
                return zone, None
            return _MISS, None
        piece = target.pieces[index % len(target.pieces)]
        if not self.state.board[zone].get(piece):
            return _MISS, None
        if where is None or where(self.state, {SELF: actor, TARGET: zone, "target_piece": piece}):
            return zone, piece
        return _MISS, None

    def reactions_for(
        self, actor: str, trigger: str, zone: str | None, hand: list[str] | None = None
    ) -> list[str]:
        """Reaction cards ``actor`` could play now in answer to ``trigger`` at ``zone``."""
        state = self.state
        cards = self.scenario.cards
        binds = {SELF: actor, TARGET: zone}
        out = []
        for card_id in hand if hand is not None else sorted(set(state.hands.get(actor, ()))):
            card: CCard = cards[card_id]
            if card.reaction_on != trigger:
                continue
            if card.reaction_when is not None and not card.reaction_when(state, binds):
                continue
            side = card.side(state)
            if self._affordable(side) and (side.condition is None or side.condition(state, binds)):
                out.append(card_id)
        return out

    def why_not(self, actor: str, card_id: str, use: str = "event") -> str | None:
        """Why ``actor`` cannot play ``card_id`` now (as event or ops), or None if it can."""
        if self.is_over():
            return "the game is over"
        if self.to_move() != actor:
            return f"it is {self.names.get(self.to_move() or '', '?')}'s decision"
        state = self.state
        if card_id not in state.hands.get(actor, ()):
            return "not in your hand"
        limited = hand_limit.why_not(self, actor, card_id, use)  # type: ignore[arg-type]
        if limited is not None or use == "discard":
            return limited
        card = self.scenario.cards[card_id]
        if state.pending:
            window = state.pending[0]
            if card.reaction_on != window.trigger:
                return f"only reactions to {self.scenario.triggers[window.trigger]} now"
            if card_id in self.reactions_for(actor, window.trigger, window.zone):
                return None
            return "its reaction condition does not hold"
        if use == "ops":
            if not card.ops:
                return "this card has no operations value"
            ok = [
                op
                for op in self.scenario.operations_of(actor)
                if op.ops <= card.ops
                and self._playable(op.play, actor)
                and self._targets(op.play, actor, card_id)  # (the card that pays is not picked)
            ]
            return None if ok else f"no operation of cost ≤ {card.ops} is possible now"
        if card.reaction_on is not None:
            return f"only as a reaction to {self.scenario.triggers[card.reaction_on]}"
        if card.phase not in (None, self.phases[state.phase].id):
            return f"only in the {card.phase} phase"
        side = card.side(state)
        if not self._affordable(side):
            costs = ", ".join(f"{n} {self.names[t]}" for t, n in side.costs)
            return f"cannot afford {costs}"
        if side.condition is not None and not side.condition(state, {SELF: actor, TARGET: None}):
            return f"requires {side.requires}"
        if not self._targets(side, actor, card_id):  # (a card choice picks another card)
            return "no valid target"
        return None

    def _affordable(self, play: Play) -> bool:
        if not play.costs:
            return True
        values = self.state.values
        bounds = self.bounds
        for track, amount in play.costs:
            if values[track] - amount < bounds[track][0]:
                return False
        return True

    def _playable(self, play: Play, actor: str) -> bool:
        costs = play.costs
        if costs:  # _affordable, inlined (judged for every card and operation listed)
            values = self.state.values
            bounds = self.bounds
            for track, amount in costs:
                if values[track] - amount < bounds[track][0]:
                    return False
        condition = play.condition
        return condition is None or bool(condition(self.state, {SELF: actor, TARGET: None}))

    def _targets(self, play: Play, actor: str, card_id: str | None = None) -> list[Target]:
        """Every legal target of ``play`` for ``actor`` now (a list callers must not change:
        it may be a kept one, see :meth:`_target_list`)."""
        return self._target_list(play, actor, card_id)[0]

    def _target_list(
        self, play: Play, actor: str, card_id: str | None = None
    ) -> tuple[list[Target], bool]:
        """:meth:`_targets`, and whether the list is a kept one: the same object for as long
        as the snapshot of what its ``where`` reads is unchanged (shared with other games of
        the scenario; engine.play.rules.listing.watched_targets)."""
        if play.choices:
            made = self._choose(play.choices, actor, card_id)
            return [(None, None, chosen) for chosen in made], False
        target = play.target
        if target is None:
            return _NO_TARGET, True
        if self.watch_targets:
            snapshot = self._snapshots.get(id(target), _UNSET)
            if snapshot is _UNSET:
                zones = self._target_zones(target)
                snapshot = snapshot_of(target, zones, self.scenario.world.adjacency)
                self._snapshots[id(target)] = snapshot
            if snapshot is not None:
                kept = self._kept_targets
                key = (id(target), actor, snapshot(self.state))
                found = kept.get(key)
                if found is None:
                    make_room(kept)
                    found = kept[key] = self._judge_targets(target, actor)
                return found, True
        return self._judge_targets(target, actor), False

    def _judge_targets(self, target: CTarget, actor: str) -> list[Target]:
        """The legal targets of ``target`` for ``actor``, judged zone by zone."""
        state = self.state
        where = target.where
        zones = self._target_zones(target)
        # One binds dict for every zone: conditions only read it (the hottest loop of listing).
        binds: dict[str, Any] = {SELF: actor, TARGET: None}
        if target.kind == "zone":
            if where is None:
                return [(zone, None, ()) for zone in zones]
            out: list[Target] = []
            for zone in zones:
                binds[TARGET] = zone
                if where(state, binds):
                    out.append((zone, None, ()))
            return out
        out = []
        board = state.board
        for zone in zones:
            cell = board[zone]
            for piece in target.pieces:
                if cell.get(piece):
                    binds[TARGET] = zone
                    binds["target_piece"] = piece
                    if where is None or where(state, binds):
                        out.append((zone, piece, ()))
        return out

    def _choose(
        self, choices: tuple[CChoice, ...], actor: str, card_id: str | None = None
    ) -> list[tuple[tuple[str, str], ...]]:
        """Every way to make ``choices`` in order, each judged with the ones before it bound
        (depth first, so the list comes in choice order: the first choice's zones first). A
        card choice picks among the actor's other cards (the one played, ``card_id``, aside)."""
        state = self.state
        hand = list(state.hands.get(actor, ()))
        if card_id in hand:
            hand.remove(card_id)
        held = tuple(sorted(set(hand)))
        out: list[tuple[tuple[str, str], ...]] = []
        self._choose_from(choices, 0, (), held, {SELF: actor, TARGET: None}, out)
        return out

    def _choose_from(
        self,
        choices: tuple[CChoice, ...],
        i: int,
        made: tuple[tuple[str, str], ...],
        held: tuple[str, ...],
        binds: dict[str, Any],
        out: list[tuple[tuple[str, str], ...]],
    ) -> None:
        """:meth:`_choose` from choice ``i`` on, ``made`` those before it (bound in ``binds``):
        each full way into ``out``. A method calling itself, not a closure: a closure that
        calls itself is a reference cycle, which kept the whole game alive until the cycle
        collector ran (batches pause it for a chunk)."""
        if i == len(choices):
            out.append(made)
            return
        choice = choices[i]
        candidates = {"zone": self.zone_ids, "card": held}.get(choice.kind, choice.options)
        state = self.state
        for value in candidates:
            binds[choice.id] = value
            if choice.kind == "zone":
                binds[TARGET] = value
            if choice.where is None or choice.where(state, binds):
                self._choose_from(choices, i + 1, (*made, (choice.id, value)), held, binds, out)
        binds.pop(choice.id, None)  # (never bound when there was nothing to choose from)
        binds[TARGET] = _last_zone(choices[:i], made)

    # -- acting --------------------------------------------------------------------------
    def _illegal_reason(self, action: Action) -> str:
        who = self.to_move()
        if who is None:
            return f"{action}: the game is over"
        if action.actor != who:
            return f"{action}: it is {who}'s decision, not {action.actor}'s"
        if action.card and action.kind in ("event", "ops", "react", "discard"):
            use = action.kind if action.kind in ("ops", "discard") else "event"
            reason = self.why_not(action.actor, action.card, use)
            if reason:
                return f"{action}: {reason}"
        if action.kind in ("react", "decline") and not self.state.pending:
            return f"{action}: there is nothing to react to"
        return f"{action}: not a legal choice now (bad operation or target)"


#: What :meth:`Legality._target_at` returns for an illegal target (``None`` is "no target").
_MISS = object()
#: Not looked up yet (a cached None means "cannot be kept").
_UNSET = object()
#: The one target of a play that takes none (shared: callers never change target lists).
_NO_TARGET: list[Target] = [(None, None, ())]


def _last_zone(choices: tuple[CChoice, ...], made: tuple[tuple[str, str], ...]) -> str | None:
    """The last zone among the choices made: what ``target`` names in a multi-choice play."""
    for choice, (_, value) in zip(reversed(choices), reversed(made), strict=False):
        if choice.kind == "zone":
            return value
    return None


def choice_binds(play: Play, action: Action) -> dict[str, Any]:
    """The names a multi-choice action binds for its play's effects: each choice by its id,
    and ``target`` as the last zone chosen."""
    binds: dict[str, Any] = dict(action.choices)
    binds[TARGET] = _last_zone(play.choices, action.choices)
    return binds
