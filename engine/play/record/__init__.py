"""Keeping a game: saves, their format, and undo."""
