"""Shared fixtures (see tests/helpers.py for the builders they use), and the garbage collector
tuned for a test session."""

import gc
import signal

from tests.helpers import mini, mini_data

__all__ = ["mini", "mini_data"]

#: Options for scripted playtests (--playtests PATH); see docs/playtests.md.
pytest_plugins = ["tests.playtests.plugin"]

#: The cyclic collector's thresholds for the session (Python's defaults: 700, 10, 10).
GC_THRESHOLDS = (5000, 20, 10)


def pytest_configure(config):
    """Catch Ctrl-C, and collect cycles less often than Python does by default.

    A suite started in the background from a script (``make test &``) inherits SIGINT
    ignored, and every program the Ctrl-C tests start would inherit it too and never stop:
    a caught signal is reset to its default by exec, an ignored one is not.

    A session builds a large heap that lives long — the imported modules, loaded scenarios,
    the campaign's thousands of games, each Pilot test's Textual app until it is collected —
    and every full pass of the collector walks all of it again: with the defaults those passes
    were a third of the suite's CPU (tests/tui: 12.3 of 36 s; tests/engine: 6.6 of 28 s).
    With these thresholds the young generation is still collected every 5,000 allocations,
    but full passes are rare (3 instead of 45 in those TUI tests), for about 30 MB more per
    process. Nothing a test checks depends on when the collector runs.
    """
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    gc.set_threshold(*GC_THRESHOLDS)


def pytest_collection_finish(session):
    """Freeze what collection imported (modules, catalogs, parametrized scenarios): it lives
    for the whole session, and no full pass need walk it again."""
    gc.collect()
    gc.freeze()
