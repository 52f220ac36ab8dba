"""Where study tasks run: in this process, in local worker processes, or on a Dask cluster.

A backend runs a module-level function over a list of picklable tasks and hands each result
back with the task's index as it completes. Callers merge results by index, so the outcome
never depends on the backend, the number of workers or the order of completion.

Ctrl-C stops a run within a second: local workers ignore SIGINT and are terminated by the
parent, so nothing is left running and no worker prints a traceback. A parent killed outright
takes its workers with it (see :func:`_die_with_parent`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

#: Environment variable naming a Dask scheduler (``tcp://HOST:PORT``) to run studies on.
CLUSTER_ENV = "WARGAME_CLUSTER"

Task = Any
Result = Any


class Backend(Protocol):
    """Runs ``fn`` over ``tasks``; calls ``on_result(index, result)`` as each one finishes."""

    #: How the backend names itself in reports, e.g. "2 local processes".
    description: str

    def run(
        self,
        fn: Callable[[Task], Result],
        tasks: Sequence[Task],
        on_result: Callable[[int, Result], None],
    ) -> None:
        """Run every task; raise the first task error, or KeyboardInterrupt, after cleanup."""
        ...


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class LocalBackend:
    """Runs tasks here (``jobs=1``) or in ``jobs`` forked worker processes."""

    def __init__(self, jobs: int | None = None):
        self.jobs = max(1, jobs or default_jobs())
        self.description = "this process" if self.jobs == 1 else f"{self.jobs} local processes"

    def run(
        self,
        fn: Callable[[Task], Result],
        tasks: Sequence[Task],
        on_result: Callable[[int, Result], None],
    ) -> None:
        """Run ``fn`` over ``tasks``; in order when there is one job or one task."""
        if self.jobs == 1 or len(tasks) <= 1:
            for index, task in enumerate(tasks):
                on_result(index, fn(task))
            return
        # Forked workers would otherwise have their garbage collector walk (and so copy) the
        # parent's whole heap; freezing it keeps that memory shared and the start quick.
        gc.freeze()
        context = multiprocessing.get_context("fork")
        pool = None
        try:
            with sigint_held():
                pool = context.Pool(
                    min(self.jobs, len(tasks)), initializer=_start_worker, initargs=(os.getpid(),)
                )
            calls = [(fn, index, task) for index, task in enumerate(tasks)]
            for index, result in pool.imap_unordered(_call, calls):
                on_result(index, result)
            pool.close()
        except BaseException:
            if pool is not None:
                with sigint_held():
                    pool.terminate()
                    pool.join()
            raise
        else:
            pool.join()
        finally:
            gc.unfreeze()


@contextmanager
def sigint_held() -> Iterator[None]:
    """Hold Ctrl-C back (pending, not lost) while forking workers or stopping them, or while
    a finished chunk is counted and its records written (so the two always agree).

    A KeyboardInterrupt raised inside fork's handlers is swallowed, and can leave logging's
    lock taken so that the process hangs at exit; one raised in a child before it ignores
    SIGINT prints a worker traceback. Children inherit the blocked signal and unblock it
    once they ignore it; here the pending interrupt is raised when the block ends.
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _start_worker(parent: int) -> None:
    """Set up a pool worker: it ignores Ctrl-C and dies with its parent."""
    # Ctrl-C goes to the whole process group; the parent alone decides to stop and ends us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """End this worker when ``parent`` goes, however it goes (even ``kill -9``).

    A parent that dies without terminating its pool leaves the workers blocked on a pipe
    forever. On Linux the kernel sends the worker SIGKILL when the parent dies
    (``PR_SET_PDEATHSIG``); elsewhere a daemon thread watches for the parent to change.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # it died before the request took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass  # no usable libc: watch instead

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


#: From <linux/prctl.h>: deliver a signal to this process when its parent dies.
_PR_SET_PDEATHSIG = 1


def _call(call: tuple[Callable[[Task], Result], int, Task]) -> tuple[int, Result]:
    fn, index, task = call
    return index, fn(task)


def make_backend(jobs: int | None = None, cluster: str | None = None) -> Backend:
    """The backend for ``--jobs``/``--cluster`` (and ``WARGAME_CLUSTER``): local by default."""
    address = cluster or os.environ.get(CLUSTER_ENV, "")
    if address:
        from engine.analysis.run.cluster import DaskBackend

        return DaskBackend(address)
    return LocalBackend(jobs)


__all__ = ["CLUSTER_ENV", "Backend", "LocalBackend", "default_jobs", "make_backend"]
