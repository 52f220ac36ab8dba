"""An OpenSpiel game for any scenario (the ``openspiel`` extra).

::

    import pyspiel
    import engine.adapters.openspiel_game  # registers "python_wargame"
    game = pyspiel.load_game("python_wargame(scenario=israeli-strike)")
    state = game.new_initial_state()        # a chance node: which game seed

Players are the scenario's playable actors in turn order (player ``i`` is
``game.actors[i]``). Actions are the ids of :class:`~engine.play.views.action_space.ActionSpace`.

**Chance is explicit**: the first node is a chance node that draws one of ``seeds`` equally
likely game seeds (``derive_seed(seed_base, i)``, as a batch of that root seed numbers its
playthroughs). A game's every shuffle and die roll comes from the seeded generator in its
state, so once the seed is drawn the rest is determined by the players' actions: there are
no further chance nodes, and none is hidden. Players never observe the drawn seed.

Observations (``observation_tensor``/``observation_string``) are what
:func:`engine.observe` gives the player's actor, encoded by
:class:`~engine.play.views.encoding.ObservationEncoder`. Information-state tensors are not provided.
Returns are +1 for each winner and -1 for every other actor (``rewards=outcome``), or each
actor's end-of-game score minus its score at the start (``rewards=score``).

Parameters: ``scenario`` (a shipped id or a path; default ``tutorial``), ``seeds`` (default
1000), ``seed_base`` (default 1), ``rewards`` (``outcome`` or ``score``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pyspiel

from engine import load_scenario
from engine.load.limits import MAX_CHAINED_TRIGGERS
from engine.load.scenario import Scenario
from engine.play.game import Game
from engine.play.rng import derive_seed
from engine.play.views.action_space import ActionSpace
from engine.play.views.encoding import ObservationEncoder
from engine.play.views.view import observe

SHORT_NAME = "python_wargame"
DEFAULTS: dict[str, Any] = {
    "scenario": "tutorial",
    "seeds": 1000,
    "seed_base": 1,
    "rewards": "outcome",
}
#: Score returns have no declared bounds; these are generous.
SCORE_BOUND = 1e6


def _game_type() -> pyspiel.GameType:
    return pyspiel.GameType(
        short_name=SHORT_NAME,
        long_name="wargame scenario",
        dynamics=pyspiel.GameType.Dynamics.SEQUENTIAL,
        chance_mode=pyspiel.GameType.ChanceMode.EXPLICIT_STOCHASTIC,
        information=pyspiel.GameType.Information.IMPERFECT_INFORMATION,
        utility=pyspiel.GameType.Utility.GENERAL_SUM,
        reward_model=pyspiel.GameType.RewardModel.TERMINAL,
        max_num_players=10,
        min_num_players=1,
        provides_information_state_string=False,
        provides_information_state_tensor=False,
        provides_observation_string=True,
        provides_observation_tensor=True,
        parameter_specification=DEFAULTS,
    )


@dataclass(frozen=True)
class Setting:
    """What a game of given parameters needs, built once per parameters.

    OpenSpiel may hand a state a Python game object it rebuilt without running its
    ``__init__`` (its attributes empty), so states look this up from the game's parameters.
    """

    scenario: Scenario
    rewards: str
    seeds: int
    seed_base: int
    actors: tuple[str, ...]
    space: ActionSpace
    encoder: ObservationEncoder

    def __deepcopy__(self, memo: dict[int, Any]) -> Setting:
        return self  # immutable, and shared by every state of the game


class _GameBox:
    """Holds a state's :class:`Game`: OpenSpiel clones a Python state by deep-copying its
    attributes, and a game's copy must share the (immutable, compiled) scenario."""

    def __init__(self, game: Game | None = None):
        self.game = game

    def __deepcopy__(self, memo: dict[int, Any]) -> _GameBox:
        return _GameBox(self.game.copy() if self.game is not None else None)


def setting(params: dict[str, Any]) -> Setting:
    """The :class:`Setting` of a game's parameters (missing ones take their defaults)."""
    full = {**DEFAULTS, **params}
    return _setting(
        str(full["scenario"]), str(full["rewards"]), int(full["seeds"]), int(full["seed_base"])
    )


@cache
def _setting(ref: str, rewards: str, seeds: int, seed_base: int) -> Setting:
    if rewards not in ("outcome", "score"):
        raise ValueError(f"rewards must be 'outcome' or 'score', not {rewards!r}")
    if seeds < 1:
        raise ValueError("seeds must be at least 1")
    scenario = load_scenario(ref)
    return Setting(
        scenario,
        rewards,
        seeds,
        seed_base,
        tuple(scenario.playable_actors),
        ActionSpace(scenario),
        ObservationEncoder(scenario),
    )


def max_game_length(scenario: Scenario) -> int:
    """An upper bound on decisions in a game (plus the chance node): every action round of
    every turn, and for each resolution the reaction windows its chained triggers may open
    (a reaction spends a card, so there are at most as many as cards)."""
    rounds = sum(p.rounds for p in scenario.turns.phases if p.kind in ("actions", "orders"))
    main = scenario.turns.count * rounds * len(scenario.turns.order)
    cards = sum(c.copies for c in scenario.cards.values())
    windows = MAX_CHAINED_TRIGGERS * len(scenario.turns.order)
    return 1 + main + (main + cards) * windows


class WargameGame(pyspiel.Game):
    """A scenario as an OpenSpiel game."""

    def __init__(self, params: dict[str, Any] | None = None):
        params = {**DEFAULTS, **(params or {})}
        found = setting(params)
        bound = 1.0 if found.rewards == "outcome" else SCORE_BOUND
        info = pyspiel.GameInfo(
            num_distinct_actions=len(found.space),
            max_chance_outcomes=found.seeds,
            num_players=len(found.actors),
            min_utility=-bound,
            max_utility=bound,
            utility_sum=None,
            max_game_length=max_game_length(found.scenario),
        )
        super().__init__(_game_type(), info, params)

    @property
    def setting(self) -> Setting:
        """The scenario, action space and encoder of this game's parameters."""
        return setting(self.get_parameters())

    @property
    def actors(self) -> tuple[str, ...]:
        """The actor each player plays, by player number."""
        return self.setting.actors

    def new_initial_state(self) -> WargameState:
        """A chance node: the draw of the game's seed."""
        return WargameState(self)

    def make_py_observer(
        self, iig_obs_type: Any = None, params: dict[str, Any] | None = None
    ) -> WargameObserver:
        """The observer of what one player's actor may see."""
        if params:
            raise ValueError(f"observation parameters are not supported: {params}")
        return WargameObserver(self.setting)


class WargameState(pyspiel.State):
    """A game in progress: before the seed is drawn, ``game`` is None."""

    def __init__(self, game: WargameGame):
        super().__init__(game)
        self.spiel = setting(game.get_parameters())
        self._box = _GameBox()
        self._start_scores: dict[str, int] = {}

    @property
    def game(self) -> Game | None:
        """The engine's game, once its seed is drawn."""
        return self._box.game

    def current_player(self) -> int:
        """The player to act, CHANCE before the seed is drawn, TERMINAL at the end."""
        if self.game is None:
            return int(pyspiel.PlayerId.CHANCE)
        actor = self.game.to_move()
        if actor is None:
            return int(pyspiel.PlayerId.TERMINAL)
        return self.spiel.actors.index(actor)

    def chance_outcomes(self) -> list[tuple[int, float]]:
        """Each of the ``seeds`` game seeds, equally likely."""
        assert self.game is None
        p = 1.0 / self.spiel.seeds
        return [(i, p) for i in range(self.spiel.seeds)]

    def _legal_actions(self, player: int) -> list[int]:
        assert self.game is not None
        if self.game.to_move() != self.spiel.actors[player]:
            return []
        return sorted(self.spiel.space.ids(self.game.legal_actions()))

    def _apply_action(self, action: int) -> None:
        if self.game is None:
            seed = derive_seed(self.spiel.seed_base, int(action))
            self._box.game = Game.new(self.spiel.scenario, seed, quiet=True)
            self._start_scores = self._scores()
            return
        self.game.push(self.spiel.space[int(action)])

    def _action_to_string(self, player: int, action: int) -> str:
        if player == pyspiel.PlayerId.CHANCE:
            return f"seed #{action}"
        return str(self.spiel.space[int(action)])

    def is_terminal(self) -> bool:
        """Whether the game has ended."""
        return self.game is not None and self.game.is_over()

    def returns(self) -> list[float]:
        """Per player: ±1 by the outcome, or the change of its score (see the module)."""
        if not self.is_terminal():
            return [0.0] * len(self.spiel.actors)
        assert self.game is not None and self.game.outcome is not None
        if self.spiel.rewards == "score":
            end = self._scores()
            return [float(end.get(a, 0) - self._start_scores.get(a, 0)) for a in self.spiel.actors]
        winners = self.game.outcome.winners
        return [1.0 if a in winners else -1.0 for a in self.spiel.actors]

    def _scores(self) -> dict[str, int]:
        assert self.game is not None
        state = self.game.state
        return {s.actor: int(s.score(state, {})) for s in self.spiel.scenario.scores}

    def __str__(self) -> str:
        if self.game is None:
            return "(the game's seed is not drawn yet)"
        return "\n".join(str(a) for a in self.game.actions) or "(no move yet)"


class WargameObserver:
    """OpenSpiel's PyObserver over :class:`ObservationEncoder`: ``tensor`` and ``dict`` (one
    named view per block of the encoder)."""

    def __init__(self, game: Setting):
        self.spiel = game
        self.tensor = np.zeros(game.encoder.size, np.float32)
        self.dict = {
            f.name: self.tensor[f.offset : f.offset + f.length] for f in game.encoder.fields
        }

    def set_from(self, state: WargameState, player: int) -> None:
        """Fill :attr:`tensor` with what ``player``'s actor may see in ``state``."""
        if state.game is None:
            self.tensor.fill(0)
            return
        view = observe(state.game, self.spiel.actors[player], with_log=False)
        self.tensor[:] = self.spiel.encoder.encode(view)

    def string_from(self, state: WargameState, player: int) -> str:
        """The same, as text: the turn, the actor's hand and the public tracks."""
        actor = self.spiel.actors[player]
        if state.game is None:
            return f"{actor}: before the start"
        view = observe(state.game, actor, with_log=False)
        values = " ".join(f"{k}={v}" for k, v in view.values.items())
        hand = ",".join(sorted(view.hand))
        pending = f" window={view.pending[0].trigger}" if view.pending else ""
        return (
            f"{actor} turn={view.turn} phase={view.phase} round={view.round} "
            f"to_move={view.to_move}{pending} hand=[{hand}] {values}"
        )


pyspiel.register_game(_game_type(), WargameGame)

__all__ = [
    "DEFAULTS",
    "SHORT_NAME",
    "Setting",
    "WargameGame",
    "WargameObserver",
    "WargameState",
    "max_game_length",
    "setting",
]
