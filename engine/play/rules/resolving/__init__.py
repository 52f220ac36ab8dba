"""What a play does: effects and dice, deals, secrets, the odds of a roll, and an umpire's
interventions."""
