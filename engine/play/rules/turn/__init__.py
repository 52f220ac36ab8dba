"""The turn machine's steps: its plan per scenario, the instant ends it watches, hand limits
and sealed-order phases."""
