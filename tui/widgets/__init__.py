"""Widgets of the game and end screens, one per module."""
