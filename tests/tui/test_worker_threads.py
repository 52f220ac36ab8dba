"""A worker thread never looks up widgets: by the time it asks, its screen may be closing.

Textual's widget queries are meant for the app's loop; a worker that runs ``query_one`` on a
screen being removed raises NoMatches and takes the app down (seen under load on the end
screen). Workers hand results back through ``tui.screens.from_thread.deliver``, and the
callback looks its widgets up on the loop.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT


def _thread_workers(tree: ast.AST) -> list[ast.FunctionDef]:
    """Functions decorated ``@work(thread=True, ...)``."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            if (
                isinstance(decorator, ast.Call)
                and getattr(decorator.func, "id", None) == "work"
                and any(
                    k.arg == "thread" and getattr(k.value, "value", False) is True
                    for k in decorator.keywords
                )
            ):
                found.append(node)
    return found


def test_no_thread_worker_queries_widgets():
    offenders = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for worker in _thread_workers(tree):
            for node in ast.walk(worker):  # nested functions run in the worker too
                if isinstance(node, ast.Attribute) and node.attr in ("query_one", "query"):
                    where = Path(path).relative_to(ROOT).as_posix()
                    offenders.append(f"{where}:{node.lineno} in {worker.name}")
    assert offenders == []


def test_the_check_finds_thread_workers():
    """The check is not vacuous: the game's bot and the end screen's estimate are found."""
    names = set()
    for path in sorted((ROOT / "tui").rglob("*.py")):
        names |= {w.name for w in _thread_workers(ast.parse(path.read_text(encoding="utf-8")))}
    assert {"think", "estimate"} <= names
