"""Stage 2 — the rules of play: state, actions, resolution, the turn machine, views and saves."""
