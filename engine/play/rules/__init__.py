"""What may be played and what it does: actions, legality, effects, odds and the umpire."""
