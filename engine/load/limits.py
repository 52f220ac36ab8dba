"""The limits on what a scenario may ask of the program, in one place.

A scenario file may come from anywhere, so loading and playing one must finish in bounded
time and memory whatever it holds. Each limit is far above what a real scenario needs (the
Syria campaign, three scenarios over fifteen files, is about 130 KB and 7,000 values; its
deepest nesting is 15) and low enough that the worst file within them loads in well under
two seconds of CPU and 200 MB. Past a limit, loading stops with a located problem (or, during
play, a clear one-line error); it never crashes or stalls. ``docs/scenario-format.md``
("Limits") lists them for authors.
"""

from __future__ import annotations

#: Bytes of YAML one file may hold, and all the files of one scenario (its includes and the
#: base of a variant file) together.
MAX_FILE_BYTES = 1_048_576

#: Files one scenario may read: itself, its includes (and theirs) and a variant's base.
MAX_FILES = 64

#: Values (every mapping key, value and list item) in one scenario, all files together,
#: counting an alias as many values as it stands for: a small file of nested aliases (a
#: "billion laughs") is refused here instead of being expanded.
MAX_NODES = 20_000

#: How deeply mappings and lists may nest in a file.
MAX_DEPTH = 50

#: Characters in one expression (a condition or a formula).
MAX_EXPRESSION_CHARS = 400

#: Every number in a scenario file, and every track and counter value during play, lies in
#: ``-MAX_MAGNITUDE..MAX_MAGNITUDE``: a counter stops there (as a track stops at its max).
MAX_MAGNITUDE = 10**9

#: Trigger firings one trigger may set off through standing rules (its own firing included):
#: a rule that fires its own trigger stops here with an error naming the loop.
MAX_CHAINED_TRIGGERS = 50

#: Problems reported per file; past it, one line says how many more were found.
MAX_PROBLEMS_PER_FILE = 100

#: Text longer than this is never compared for a did-you-mean hint.
MAX_HINT_CHARS = 100

# -- what a command may ask for -----------------------------------------------------------
#: Playthroughs per side of a study (``--runs``): each keeps a record of about 1 KB, so a
#: study at the limit holds about 1 GB.
MAX_RUNS = 1_000_000

#: Local worker processes (``--jobs``).
MAX_JOBS = 64

#: At most this many choices in one multi-choice action, and at most this many combinations
#: of them (zones or options multiplied), so listing legal actions stays cheap.
MAX_CHOICES = 3
MAX_CHOICE_COMBINATIONS = 20_000

#: ``for_each`` loops nest at most this deep, and the zones (or actors) of nested loops
#: multiplied stay within MAX_LOOP_STEPS, so one effect runs a bounded number of times.
MAX_LOOP_NESTING = 2
MAX_LOOP_STEPS = 10_000

#: ``distance()`` is computed for every pair of zones at load: maps up to this many zones.
MAX_DISTANCE_ZONES = 300

#: The ``N`` of a bot's ``KIND:N`` budget, per kind: ISMCTS iterations per move, greedy
#: samples per candidate move.
MAX_BOT_BUDGET = {"ismcts": 100_000, "greedy": 10_000}

__all__ = [
    "MAX_BOT_BUDGET",
    "MAX_CHAINED_TRIGGERS",
    "MAX_CHOICES",
    "MAX_CHOICE_COMBINATIONS",
    "MAX_DEPTH",
    "MAX_DISTANCE_ZONES",
    "MAX_EXPRESSION_CHARS",
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "MAX_HINT_CHARS",
    "MAX_JOBS",
    "MAX_LOOP_NESTING",
    "MAX_LOOP_STEPS",
    "MAX_MAGNITUDE",
    "MAX_NODES",
    "MAX_PROBLEMS_PER_FILE",
    "MAX_RUNS",
]
