"""The Textual terminal UI: renders engine views and turns keys and clicks into actions.

Rules live in :mod:`engine`; this package only shows state and sends actions.
"""
