"""Studies on a Dask cluster: the numbers of a local run, one-line errors, clean interrupts.

One two-worker LocalCluster serves the module (its start dominates the run time); the games
are few and short.
"""

from __future__ import annotations

import json
import logging
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator

import pytest

import engine.analysis.run.cluster
import engine.load.scenario
import engine.play.game
from engine import load_scenario
from engine.analysis.measure.compare import compare
from engine.analysis.run.backends import CLUSTER_ENV, LocalBackend, make_backend
from engine.analysis.run.batch import Arm, run_batch
from engine.analysis.run.cluster import INSTALL, DaskBackend, scheduler_address
from engine.load.read.source import ScenarioSource
from engine.load.vary.variant import Variant
from tests.helpers import ROOT, SCENARIOS
from tests.processes import DEADLINE, ctrl_c, finish, wait_until
from wargame.cli import main

distributed = pytest.importorskip("distributed")

#: One xdist worker runs this whole module (make test uses --dist loadgroup), so the suite
#: starts one LocalCluster, not one per worker.
pytestmark = pytest.mark.xdist_group("cluster")

TUTORIAL = SCENARIOS / "tutorial.yaml"
NOBODY_LISTENS = "tcp://127.0.0.1:1"


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": f"{DEADLINE}s"}):
        local = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        )
    try:
        yield local
    finally:
        local.close(timeout=DEADLINE)


@pytest.fixture(scope="module")
def backend(cluster: distributed.LocalCluster) -> Iterator[DaskBackend]:
    with DaskBackend(cluster.scheduler_address, timeout=DEADLINE) as dask_backend:
        yield dask_backend


@pytest.fixture(scope="module")
def tutorial():
    return load_scenario(TUTORIAL)


def threaded_cluster(workers: int) -> distributed.LocalCluster:
    """A throwaway cluster inside this process (quick to start; only for error paths)."""
    return distributed.LocalCluster(
        n_workers=workers,
        processes=False,
        protocol="tcp",
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )


def wargame(*args: str, env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "wargame", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        **popen,
    )


# -- the same numbers -------------------------------------------------------------------
def test_backend_describes_the_cluster(backend: DaskBackend, cluster) -> None:
    assert backend.description == f"Dask cluster at {cluster.scheduler_address} (2 workers)"
    assert backend.jobs == 2


def test_a_batch_on_the_cluster_is_the_local_batch(backend: DaskBackend, tutorial) -> None:
    local = run_batch(tutorial, 300, seed=4, bots={"iran": "doctrine"}, jobs=1)
    done: list[int] = []
    remote = run_batch(
        tutorial,
        300,
        seed=4,
        bots={"iran": "doctrine"},
        backend=backend,
        chunk=25,
        on_progress=lambda n, total: done.append(n),
    )
    assert remote.to_dict() == local.to_dict()
    assert remote.records == local.records
    assert done[-1] == 300 and done == sorted(done)


def test_a_comparison_on_the_cluster_is_the_local_one(backend: DaskBackend, tutorial) -> None:
    changed = load_scenario(TUTORIAL, Variant.from_options(["tracks.tolerance.start=4"]))
    arms = Arm(tutorial, {}, "A"), Arm(changed, {"all": "doctrine"}, "B")
    local = compare(*arms, 150, seed=2, backend=LocalBackend(1))
    remote = compare(*arms, 150, seed=2, backend=backend)
    assert remote.to_dict() == local.to_dict()


def test_the_environment_variable_names_the_cluster(cluster, tutorial, tmp_path) -> None:
    address = cluster.scheduler_address
    out = tmp_path / "cluster.json"
    args = ["batch", "tutorial", "--runs", "60", "--seed", "9", "--json", str(out), "--quiet"]
    proc = wargame(*args, env={CLUSTER_ENV: address})
    _, stderr = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 0, stderr
    assert stderr == ""  # no Dask logging on a normal run
    local = run_batch(tutorial, 60, seed=9, jobs=1).to_dict()
    assert json.loads(out.read_text()) == json.loads(json.dumps(local))


def test_make_backend_reads_the_environment(cluster, monkeypatch) -> None:
    monkeypatch.setenv(CLUSTER_ENV, cluster.scheduler_address)
    with make_backend(jobs=3) as chosen:
        assert isinstance(chosen, DaskBackend)
    monkeypatch.delenv(CLUSTER_ENV)
    assert isinstance(make_backend(jobs=3), LocalBackend)


# -- errors and interrupts --------------------------------------------------------------
def test_a_task_error_is_raised_and_the_next_run_reconnects(backend: DaskBackend) -> None:
    got: dict[int, int] = {}
    with pytest.raises(ValueError, match="invalid literal"):
        backend.run(int, ["1", "x", "3"], got.__setitem__)
    got.clear()
    backend.run(int, ["1", "2", "3"], got.__setitem__)
    assert got == {0: 1, 1: 2, 2: 3}


def test_an_interrupt_cancels_the_rest_and_leaves_the_cluster_up(
    backend: DaskBackend, cluster
) -> None:
    def interrupt(index: int, result: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        backend.run(time.sleep, [0.0] + [0.5] * 40, interrupt)
    assert backend.client is None  # disconnected
    wait_until(lambda: not cluster.scheduler.tasks, "the scheduler to forget the tasks")
    assert len(cluster.scheduler.workers) == 2
    got: dict[int, int] = {}
    backend.run(abs, [-1, -2], got.__setitem__)
    assert got == {0: 1, 1: 2}


def test_losing_the_scheduler_stops_the_study_with_one_sentence() -> None:
    doomed = threaded_cluster(workers=1)
    with doomed, DaskBackend(doomed.scheduler_address, timeout=DEADLINE) as dask_backend:

        def lose_the_scheduler(index: int, result: object) -> None:
            doomed.close()

        with pytest.raises(OSError, match=r"dropped a task \(.*scheduler-connection-lost\.\)$"):
            dask_backend.run(time.sleep, [0.0] + [0.2] * 20, lose_the_scheduler)


def test_ctrl_c_stops_a_cluster_study_at_once(cluster) -> None:
    wait_until(lambda: not cluster.scheduler.tasks, "earlier tests' tasks to be forgotten")
    args = ["batch", "tutorial", "--runs", "1000000", "--cluster", cluster.scheduler_address]
    proc = wargame(*args, start_new_session=True)
    try:
        wait_until(lambda: bool(cluster.scheduler.tasks), "the study to reach the cluster")
        ctrl_c(proc)
        _, stderr = finish(proc)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "wargame batch: interrupted", stderr
    assert "Traceback" not in stderr
    wait_until(lambda: not cluster.scheduler.tasks, "the scheduler to forget the tasks")
    assert len(cluster.scheduler.workers) == 2  # we did not start it: it keeps running


def test_the_engine_digest_covers_the_whole_engine() -> None:
    """Workers must run the same rules, not only the same analysis code."""
    files = set(engine.analysis.run.cluster.engine_files())
    for module in (engine.analysis.run.cluster, engine.play.game, engine.load.scenario):
        assert pathlib.Path(str(module.__file__)).resolve() in files, module.__name__


def test_workers_running_other_engine_code_are_refused(cluster, monkeypatch) -> None:
    # Each process now has its own "engine": the workers' differs from ours.
    monkeypatch.setattr(engine.analysis.run.cluster, "engine_digest", lambda: f"pid {os.getpid()}")
    with pytest.raises(ImportError, match="runs another version of the wargame engine"):
        DaskBackend(cluster.scheduler_address, timeout=DEADLINE)


def test_a_scheduler_without_workers_is_refused() -> None:
    empty = threaded_cluster(workers=0)
    with empty, pytest.raises(OSError, match="has no workers: start some with `dask worker"):
        # Connecting may be slow on a busy machine; the wait for workers is what is short.
        DaskBackend(empty.scheduler_address, timeout=DEADLINE, worker_wait=0.5)


def test_an_unreachable_scheduler_is_one_line_and_exit_2() -> None:
    proc = wargame("batch", "tutorial", "--runs", "5", "--cluster", NOBODY_LISTENS)
    stdout, stderr = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 2
    assert stdout == ""
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1
    assert stderr.startswith(f"wargame batch: cannot reach the Dask scheduler at {NOBODY_LISTENS}")
    assert "dask scheduler" in stderr and CLUSTER_ENV in stderr


def test_an_unreachable_scheduler_from_the_environment_too(monkeypatch, capsys) -> None:
    monkeypatch.setenv(CLUSTER_ENV, NOBODY_LISTENS)
    assert main(["compare", "tutorial", "--bots-b", "all=doctrine", "--runs", "5"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("wargame compare: cannot reach the Dask scheduler")
    assert err.count("\n") == 1


@pytest.mark.parametrize("text", ["nowhere", "tcp://host", "tcp://host:port", "http://h:1"])
def test_a_malformed_address_is_a_usage_error(text: str, capsys) -> None:
    assert main(["batch", "tutorial", "--runs", "5", "--cluster", text]) == 2
    err = capsys.readouterr().err
    assert f"'{text}' is not a Dask scheduler address: expected tcp://HOST:PORT" in err
    assert err.count("\n") == 1


def test_addresses_without_a_scheme_are_tcp() -> None:
    assert scheduler_address(" 10.0.0.5:8786 ") == "tcp://10.0.0.5:8786"
    assert scheduler_address("tcp://[::1]:8786") == "tcp://[::1]:8786"


def unpack_at_once(source: ScenarioSource, threads: int = 8) -> list[OSError]:
    """Unpack ``source``'s files from ``threads`` threads released together; their errors."""
    start, errors = threading.Barrier(threads), []

    def unpack() -> None:
        start.wait()
        try:
            source._unpack()
        except OSError as exc:
            errors.append(exc)

    running = [threading.Thread(target=unpack) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    return errors


def test_threads_of_one_worker_unpack_a_bundle_at_once(tmp_path, monkeypatch, tutorial) -> None:
    # `dask worker` runs several threads per process by default; each unpacks the files.
    source = ScenarioSource.of(tutorial, bundled=True)
    for attempt in range(40):
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / str(attempt)))
        assert unpack_at_once(source) == []


def test_without_distributed_the_error_names_the_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match=INSTALL.replace("[", r"\[").replace("]", r"\]")):
        DaskBackend(NOBODY_LISTENS)
