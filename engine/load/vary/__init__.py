"""Stage 1b — varying: a scenario with a few changes (``--set``, ``--disable``, variant
files), applied to the merged files before they are checked."""
