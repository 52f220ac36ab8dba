"""What may be played now: the legal actions, listed whole, by name or sampled, with the
legal targets kept per snapshot of what their conditions read."""
