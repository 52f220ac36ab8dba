"""What may be played and what it does, in the order a decision meets them:
:mod:`~engine.play.rules.actions` (the action value type), :mod:`~engine.play.rules.turn` (the
turn machine's plan, the instant ends it watches, hand limits, sealed orders),
:mod:`~engine.play.rules.listing` (the legal actions: listed, by name, sampled) and
:mod:`~engine.play.rules.resolving` (effects and dice, deals, secrets, odds, the umpire)."""
