"""Checking a scenario: scripted playtests, their expectations, and the author's lint."""
