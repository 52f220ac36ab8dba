"""Studies on a Dask cluster: the same tasks as local processes, run by workers on other machines.

:class:`DaskBackend` connects to a running scheduler (``dask scheduler``) as a client and hands
it the tasks a study cuts its work into. Tasks carry the scenario files' bytes (see
:class:`engine.load.read.source.ScenarioSource`), so workers need the wargame package but no copy
of the scenarios. Results are merged by task, so a study gives the same numbers as a local run.

Connecting fails fast and in one sentence: a malformed address is a ValueError; a scheduler
that cannot be reached or has no workers is an OSError; a missing ``distributed`` package, or
workers that cannot run this version of the engine, an ImportError. The command line turns
each into a one-line usage error. On Ctrl-C or any error, outstanding tasks are cancelled and
the client disconnects; the cluster, which we did not start, keeps running.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import logging
import uuid
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from engine.analysis.run.backends import CLUSTER_ENV, Result, Task

#: What to install where the distributed package is missing (here or on the workers).
INSTALL = "pip install 'seminar-wargame[cluster]'"

_HINT = f"start one with `dask scheduler` or check --cluster / {CLUSTER_ENV}"


def scheduler_address(text: str) -> str:
    """``tcp://HOST:PORT`` from ``tcp://HOST:PORT`` or ``HOST:PORT``; ValueError otherwise."""
    raw = text.strip()
    candidate = raw if "://" in raw else f"tcp://{raw}"
    parts = urlsplit(candidate)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme != "tcp" or not parts.hostname or port is None or parts.path:
        raise ValueError(
            f"'{text}' is not a Dask scheduler address: expected tcp://HOST:PORT, "
            f"e.g. tcp://10.0.0.5:8786 (check --cluster / {CLUSTER_ENV})"
        )
    return f"tcp://{parts.netloc}"


#: The ``engine`` package's folder, whatever this module's depth in it.
ENGINE_ROOT = Path(__file__).resolve().parents[len(__name__.split(".")) - 2]


def engine_files() -> list[Path]:
    """Every source file of the ``engine`` package, in a fixed order."""
    return sorted(ENGINE_ROOT.rglob("*.py"))


def engine_digest() -> str:
    """A digest of the engine's source files: equal digests play equal games."""
    digest = hashlib.sha256()
    for path in engine_files():
        digest.update(path.relative_to(ENGINE_ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


class DaskBackend:
    """Runs tasks on the workers of the Dask scheduler at ``address`` (``tcp://HOST:PORT``).

    Connects at once (within ``timeout`` seconds) and checks that the cluster has workers
    (waiting ``worker_wait`` seconds for a first one, ``timeout`` by default) and that they
    run this version of the engine. The client stays open for further studies
    until :meth:`close` (or the end of the process); an interrupted or failed run closes it,
    and the next run connects again.
    """

    def __init__(self, address: str, *, timeout: float = 10, worker_wait: float | None = None):
        _require_distributed()
        self.address = scheduler_address(address)
        self.timeout = timeout
        self.worker_wait = timeout if worker_wait is None else worker_wait
        self.client: Any = None
        self._finalizer: weakref.finalize | None = None
        #: Worker threads, which :func:`engine.analysis.run.batch.run_arms` sizes its chunks by.
        self.jobs = 1
        self.description = f"Dask cluster at {self.address}"
        self._connect()

    # -- connecting -------------------------------------------------------------------------
    def _connect(self) -> None:
        from distributed import Client

        _quiet_logging()
        _handshake(self.address, self.timeout)
        try:
            self.client = Client(self.address, timeout=self.timeout, set_as_default=False)
        except (TimeoutError, OSError) as exc:
            raise OSError(_unreachable(self.address, exc, self.timeout)) from None
        # Disconnect when this backend is dropped or the process ends, before Dask's own
        # exit handlers run, so that leaving never prints anything.
        self._finalizer = weakref.finalize(self, _disconnect, self.client)
        try:
            workers = self._workers()
            self._check_workers()
        except BaseException:
            self.close()
            raise
        self.jobs = max(1, sum(workers.values()))
        count = f"{len(workers)} worker{'s' * (len(workers) != 1)}"
        self.description = f"Dask cluster at {self.address} ({count})"

    def _workers(self) -> dict[str, int]:
        """Worker address -> threads, waiting up to the timeout for a first worker."""
        if not self.client.nthreads():
            try:
                self.client.wait_for_workers(1, timeout=self.worker_wait)
            except (TimeoutError, OSError):
                raise OSError(
                    f"the Dask scheduler at {self.address} has no workers: start some with "
                    f"`dask worker {self.address} --nworkers 2 --nthreads 1`"
                ) from None
        return dict(self.client.nthreads())

    def _check_workers(self) -> None:
        """Every worker must import this engine, byte for byte, or results could differ."""
        mine = engine_digest()
        answers = self.client.run(engine_digest, on_error="return")
        for worker, answer in sorted(answers.items()):
            if isinstance(answer, BaseException):
                raise ImportError(
                    f"the Dask worker {worker} cannot run the wargame engine ({answer}): "
                    f"{INSTALL} there"
                )
            if answer != mine:
                raise ImportError(
                    f"the Dask worker {worker} runs another version of the wargame engine "
                    f"(source digest {answer}, here {mine}): install this version there with "
                    f"{INSTALL}"
                )

    def close(self) -> None:
        """Disconnect (the cluster keeps running); a later run connects again."""
        self.client = None
        if self._finalizer is not None:
            self._finalizer()

    def __enter__(self) -> DaskBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- running ----------------------------------------------------------------------------
    def run(
        self,
        fn: Callable[[Task], Result],
        tasks: Sequence[Task],
        on_result: Callable[[int, Result], None],
    ) -> None:
        """Run ``fn`` over ``tasks`` on the cluster; results come back as tasks finish.

        At most a few tasks per worker thread are in flight, so a study of millions of games
        neither floods the scheduler nor leaves much to cancel on Ctrl-C.
        """
        from distributed import as_completed

        if self.client is None or self.client.status != "running":
            self.close()
            self._connect()
        client = self.client
        token = uuid.uuid4().hex[:8]
        waiting = iter(enumerate(tasks))
        outstanding: dict[Any, int] = {}
        stream = as_completed(loop=client.loop, with_results=True)

        def submit(count: int) -> None:
            for index, task in itertools.islice(waiting, count):
                name = f"{getattr(fn, '__name__', 'task')}-{token}-{index}"
                future = client.submit(fn, task, key=name, pure=False)
                outstanding[future] = index
                stream.add(future)

        try:
            submit(2 * self.jobs + 2)
            for future, result in stream:
                index = outstanding.pop(future)
                if future.status != "finished":  # cancelled: the scheduler was lost
                    reason = str(result).splitlines()[0] if str(result) else future.status
                    raise OSError(
                        f"the Dask cluster at {self.address} dropped a task ({reason})"
                    ) from None
                on_result(index, result)
                submit(1)
        except BaseException:
            # Cancel what the scheduler still holds (if it still answers), then disconnect;
            # tasks already running finish on their worker and their results are dropped.
            if client.status == "running":
                with contextlib.suppress(Exception):
                    client.cancel(list(outstanding))
            outstanding.clear()
            self.close()
            raise


def _disconnect(client: Any) -> None:
    with contextlib.suppress(TimeoutError, OSError):  # already gone: nothing to close
        client.close(timeout=2)


def _require_distributed() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            f"running on a Dask cluster needs the distributed package ({exc}): {INSTALL}"
        ) from None


def _quiet_logging() -> None:
    """Dask logs connections, closes and retries at INFO and WARNING; a study needs none.

    The client also logs a lost scheduler as an ERROR with a traceback, then cancels the
    tasks, which :meth:`DaskBackend.run` reports in one sentence.
    """
    logging.getLogger("distributed").setLevel(logging.ERROR)
    logging.getLogger("distributed.client").setLevel(logging.CRITICAL)


def _handshake(address: str, timeout: float) -> None:
    """Open one connection and exchange Dask's handshake; OSError if that fails.

    The client would retry a refused connection for the whole timeout; this fails at once.
    A completed handshake also keeps the scheduler from logging a half-open connection.
    """
    from distributed.comm.addressing import parse_address
    from distributed.comm.registry import get_backend

    async def shake() -> None:
        scheme, location = parse_address(address)
        connector = get_backend(scheme).get_connector()
        comm = await connector.connect(location, deserialize=False)
        try:
            await comm.write(comm.handshake_info())
            answer = await comm.read()
        finally:
            await comm.close()
        if not isinstance(answer, dict) or "pickle-protocol" not in answer:
            raise ValueError("it does not answer as a Dask scheduler")

    try:
        asyncio.run(asyncio.wait_for(shake(), timeout))
    except Exception as exc:  # refused, unresolvable, silent, or not speaking Dask at all
        raise OSError(_unreachable(address, exc, timeout)) from None


def _unreachable(address: str, exc: BaseException, timeout: float) -> str:
    return f"cannot reach the Dask scheduler at {address} ({_reason(exc, timeout)}): {_HINT}"


def _reason(exc: BaseException, timeout: float) -> str:
    """The root cause in a few words: 'Connection refused', 'no answer within 10 s', …"""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, TimeoutError):
            return f"no answer within {timeout:g} s"
        if isinstance(seen, OSError) and seen.strerror:
            return seen.strerror
        if isinstance(seen, ValueError) and "Dask" in str(seen):
            return str(seen)
        seen = seen.__cause__ or seen.__context__
    if isinstance(exc, OSError | ValueError) and str(exc):
        return str(exc).split("\n")[0][:120]
    return "it does not answer as a Dask scheduler"


__all__ = ["INSTALL", "DaskBackend", "engine_digest", "scheduler_address"]
