"""A PettingZoo AEC environment for any scenario (the ``pettingzoo`` extra).

::

    from engine.adapters.pettingzoo_env import env
    e = env("israeli-strike")                 # a shipped id, a path or a Scenario
    e.reset(seed=7)                           # the same game as `wargame run ... --seed 7`
    for agent in e.agent_iter():
        obs, reward, terminated, truncated, info = e.last()
        action = None if terminated else e.action_space(agent).sample(obs["action_mask"])
        e.step(action)

Agents are the playable actors; the agent to act is whoever the rules ask next (reaction
windows included), so the order is not a fixed cycle. An observation is a dict:
``observation``, the float32 vector of :class:`~engine.play.views.encoding.ObservationEncoder` for
that agent's view, and ``action_mask``, an int8 mask over the scenario's
:class:`~engine.play.views.action_space.ActionSpace` (all zeros for an agent not to move).
``info["legal"]`` is absent by design: use the mask, and ``env.unwrapped.action_text(i)`` for
the text of action ``i``.

Rewards (``reward=``): ``"outcome"`` (default) gives, when the game ends, +1 to each winner and
-1 to every other actor (a game nobody wins is a loss for all); ``"score"`` gives after every
step each actor the change of its own end-of-game score formula since the previous step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv
from pettingzoo.utils import wrappers

from engine import load_scenario
from engine.errors import IllegalActionError
from engine.load.scenario import Scenario
from engine.play.game import Game
from engine.play.views.action_space import ActionSpace
from engine.play.views.encoding import ObservationEncoder
from engine.play.views.view import observe

REWARDS = ("outcome", "score")


def _scenario(scenario: Scenario | str | Path) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


class WargameEnv(AECEnv):
    """The AEC environment of one scenario (see the module docstring)."""

    metadata = {"name": "wargame_v1", "render_modes": ["ansi"], "is_parallelizable": False}

    def __init__(
        self,
        scenario: Scenario | str | Path = "tutorial",
        *,
        reward: str = "outcome",
        render_mode: str | None = None,
    ):
        super().__init__()
        if reward not in REWARDS:
            raise ValueError(f"reward must be one of {', '.join(REWARDS)}, not {reward!r}")
        if render_mode not in (None, "ansi"):
            raise ValueError(f"render_mode must be None or 'ansi', not {render_mode!r}")
        self.scenario = _scenario(scenario)
        self.reward_kind = reward
        self.render_mode = render_mode
        self.space = ActionSpace(self.scenario)
        self.encoder = ObservationEncoder(self.scenario)
        self.possible_agents = list(self.scenario.playable_actors)
        low, high = self.encoder.bounds()
        size = len(self.space)
        self.observation_spaces = {
            agent: spaces.Dict(
                {
                    "observation": spaces.Box(low, high, dtype=np.float32),
                    "action_mask": spaces.Box(0, 1, (size,), dtype=np.int8),
                }
            )
            for agent in self.possible_agents
        }
        self.action_spaces = {agent: spaces.Discrete(size) for agent in self.possible_agents}
        self._seeds: np.random.Generator | None = None
        self.game: Game | None = None
        #: (position, mask of the legal actions there): observe() makes it, step() reuses it.
        self._mask: tuple[int, np.ndarray] = (-1, np.zeros(0, dtype=np.int8))

    # -- spaces ------------------------------------------------------------------------------
    def observation_space(self, agent: str) -> spaces.Space:
        """The observation space of ``agent`` (the same object every time)."""
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space:
        """The action space of ``agent``: the scenario's numbered actions."""
        return self.action_spaces[agent]

    def action_text(self, index: int) -> str:
        """The text form of action ``index`` (``Action.parse`` reads it back)."""
        return str(self.space[index])

    # -- the AEC API -------------------------------------------------------------------------
    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        """Start a new game: of ``seed`` when given (as ``wargame run --seed``), else of a
        seed drawn from the generator of the last seed given."""
        if seed is not None:
            self._seeds = np.random.default_rng(seed)
            game_seed = int(seed)
        else:
            if self._seeds is None:
                self._seeds = np.random.default_rng()
            game_seed = int(self._seeds.integers(0, 2**63))
        self.game = Game.new(self.scenario, game_seed, quiet=True)
        self._mask = (-1, np.zeros(0, dtype=np.int8))
        self.agents = list(self.possible_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos: dict[str, dict[str, Any]] = {a: {} for a in self.agents}
        self._scores = self._score_now()
        self.agent_selection = self.game.to_move() or self.agents[0]

    def observe(self, agent: str) -> dict[str, np.ndarray]:
        """What ``agent`` may see, encoded, with the mask of its legal actions."""
        assert self.game is not None, "call reset() first"
        view = observe(self.game, agent, with_log=False)
        mask = self.space.mask(view.legal)
        if view.legal:
            self._mask = (len(self.game.actions), mask)
        return {"observation": self.encoder.encode(view), "action_mask": mask.copy()}

    def step(self, action: int | None) -> None:
        """Play action ``action`` (an id) for the agent to move."""
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        game = self.game
        assert game is not None, "call reset() first"
        if action is None or not 0 <= int(action) < len(self.space):
            raise IllegalActionError(f"{agent}: {action!r} is not an action id of this scenario")
        chosen = self.space[int(action)]
        # The legal actions of this position, as observe() found them (they are the hot path).
        at, mask = self._mask
        if at != len(game.actions):
            mask = self.space.mask(game.legal_actions())
        if not mask[int(action)]:
            raise IllegalActionError(f"{agent}: '{chosen}' (id {action}) is not legal now")
        self._cumulative_rewards[agent] = 0.0
        game.push(chosen)
        self.rewards = {a: 0.0 for a in self.agents}
        if self.reward_kind == "score":
            now = self._score_now()
            self.rewards = {a: float(now.get(a, 0) - self._scores.get(a, 0)) for a in self.agents}
            self._scores = now
        if game.is_over():
            outcome = game.outcome
            assert outcome is not None
            if self.reward_kind == "outcome":
                self.rewards = {a: 1.0 if a in outcome.winners else -1.0 for a in self.agents}
            self.terminations = {a: True for a in self.agents}
            self.agent_selection = self.agents[0]
        else:
            self.agent_selection = game.to_move() or self.agents[0]
        self._accumulate_rewards()

    def _score_now(self) -> dict[str, int]:
        assert self.game is not None
        state = self.game.state
        return {s.actor: int(s.score(state, {})) for s in self.scenario.scores}

    def render(self) -> str | None:
        """A few lines of text: the turn, who is to move and every track (``ansi`` mode)."""
        if self.render_mode is None or self.game is None:
            return None
        game = self.game
        view = observe(game, None, with_log=False)
        tracks = ", ".join(f"{t.id} {view.values[t.id]}" for t in self.scenario.tracks)
        who = game.to_move() or "nobody (game over)"
        return (
            f"{self.scenario.title}, turn {view.turn} ({view.phase_name}): {who} to move\n{tracks}"
        )

    def close(self) -> None:
        """Nothing to release (the game lives in memory)."""
        self.game = None


def raw_env(scenario: Scenario | str | Path = "tutorial", **options: Any) -> WargameEnv:
    """The environment without PettingZoo's checking wrappers."""
    return WargameEnv(scenario, **options)


def env(scenario: Scenario | str | Path = "tutorial", **options: Any) -> AECEnv:
    """The environment wrapped as PettingZoo recommends (order enforced, bad actions asserted)."""
    return wrappers.OrderEnforcingWrapper(
        wrappers.AssertOutOfBoundsWrapper(raw_env(scenario, **options))
    )


__all__ = ["REWARDS", "WargameEnv", "env", "raw_env"]
