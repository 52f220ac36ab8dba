"""Stage 4 — analysis: headless playouts, batches, paired studies, attribution and reports.

Imports the stages before it (load, play, bots), never the reverse.
"""
