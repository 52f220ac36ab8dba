"""Adapters to other frameworks' game interfaces. Each imports its framework, so each is an
optional extra and is imported only when used — ``import engine`` never loads them:

- :mod:`engine.adapters.pettingzoo_env` — a PettingZoo AEC environment
  (``pip install 'seminar-wargame[pettingzoo]'``);
- :mod:`engine.adapters.openspiel_game` — an OpenSpiel Python game
  (``pip install 'seminar-wargame[openspiel]'``).

Both number actions with :class:`engine.play.views.action_space.ActionSpace` and encode views with
:class:`engine.play.views.encoding.ObservationEncoder`; what an agent observes is what
:func:`engine.observe` gives its actor. See ``docs/agents.md``.
"""
