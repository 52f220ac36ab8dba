"""Batches stream their records: in run order, nothing kept, the aggregates exact.

A batch that hands its records to ``on_records`` with ``keep_records=False`` must hand over
exactly the records a batch that keeps them holds (same order, whatever the chunks' order of
completion), and its aggregates must equal the ones computed from those streamed records.
``wargame batch --jsonl/--csv`` streams them, byte for byte as before.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from engine import load_scenario
from engine.analysis.run.aggregate import Aggregate
from engine.analysis.run.backends import LocalBackend
from engine.analysis.run.batch import run_batch
from engine.analysis.run.records import RunRecord
from engine.load.read.catalog import resolve
from wargame.batch_cmd import csv_text, jsonl_text
from wargame.cli import main

SCENARIO = "israeli-strike"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(resolve(SCENARIO))


def streamed(scenario, runs: int, jobs: int, chunk: int) -> tuple[list[RunRecord], object]:
    got: list[RunRecord] = []
    result = run_batch(
        scenario,
        runs,
        seed=5,
        bots={"all": "random"},
        backend=LocalBackend(jobs),
        chunk=chunk,
        on_records=got.extend,
        keep_records=False,
    )
    return got, result


@pytest.mark.parametrize(("jobs", "chunk"), [(1, 7), (2, 3)])
def test_streamed_records_are_the_kept_ones_in_run_order(scenario, jobs, chunk):
    kept = run_batch(scenario, 60, seed=5, bots={"all": "random"}, jobs=1)
    got, result = streamed(scenario, 60, jobs, chunk)
    assert result.records == []  # nothing kept
    assert [r.index for r in got] == list(range(60))
    assert got == kept.records
    assert result.to_dict() == kept.to_dict()


def test_aggregates_equal_those_computed_from_the_streamed_records(scenario):
    got, result = streamed(scenario, 80, 2, 9)
    agg: Aggregate = result.aggregate
    assert agg.runs == result.runs == len(got) == 80
    assert agg.wins == Counter(w for r in got for w in r.winners)
    assert agg.no_winner == sum(not r.winners for r in got)
    assert agg.turns == Counter(r.turns for r in got)
    assert agg.actions == Counter(r.actions for r in got)
    assert agg.endings == Counter(r.condition or "turn limit" for r in got)
    assert agg.outcomes == Counter(w for r in got for w in (r.winners or ("nobody",)))
    for actor, counts in agg.scores.items():
        assert counts == Counter(r.scores[actor] for r in got)


def test_cli_streams_the_same_bytes_as_the_kept_records(scenario, tmp_path):
    jsonl, csv, summary = tmp_path / "runs.jsonl", tmp_path / "runs.csv", tmp_path / "s.json"
    code = main(
        [
            "batch",
            SCENARIO,
            "--runs",
            "40",
            "--seed",
            "9",
            "--jobs",
            "2",
            "--bots",
            "all=random",
            "--jsonl",
            str(jsonl),
            "--csv",
            str(csv),
            "--json",
            str(summary),
            "--quiet",
        ]
    )
    assert code == 0
    kept = run_batch(scenario, 40, seed=9, bots={"all": "random"}, jobs=1)
    assert jsonl.read_text(encoding="utf-8") == jsonl_text(kept)
    assert csv.read_text(encoding="utf-8") == csv_text(kept)
    assert json.loads(summary.read_text(encoding="utf-8"))["runs"] == 40
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runs.csv", "runs.jsonl", "s.json"]


def test_a_failed_batch_leaves_no_half_file(scenario, tmp_path, monkeypatch):
    import engine.analysis.run.batch as batch

    calls = 0
    real = batch.play_chunk

    def failing(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("planted failure")
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "play_chunk", failing)
    out = tmp_path / "runs.jsonl"
    with pytest.raises(RuntimeError, match="planted"):
        main(["batch", SCENARIO, "--runs", "40", "--jobs", "1", "--jsonl", str(out), "--quiet"])
    assert list(tmp_path.iterdir()) == []


def test_chunks_finishing_in_any_order_are_passed_on_in_run_order(scenario):
    from engine.analysis.run.batch import Arm, _Joiner, play_chunk

    chunks = [(start, min(30, start + 4)) for start in range(0, 30, 4)]
    results = {
        start: play_chunk(scenario, {"all": "random"}, 3, range(start, stop))
        for start, stop in chunks
    }
    got: list[RunRecord] = []
    for order in (chunks[::-1], chunks[1::2] + chunks[::2]):
        got.clear()
        joiner = _Joiner(1, lambda _arm, records: got.extend(records), keep=False)
        for start, stop in order:
            joiner.add(0, start, stop, results[start])
        assert [r.index for r in got] == list(range(30))
        (result,) = joiner.results([Arm(scenario, {"all": "random"})], 3, 30)
        assert result.aggregate.runs == 30 and result.records == []
        # A stopped study passes on the chunks waiting for a missing one, in run order.
        got.clear()
        joiner = _Joiner(1, lambda _arm, records: got.extend(records), keep=True)
        for start, stop in order:
            if start != 8:
                joiner.add(0, start, stop, results[start])
        joiner.flush()
        expected = [i for i in range(30) if not 8 <= i < 12]
        assert [r.index for r in got] == expected
        (partial,) = joiner.results([Arm(scenario, {"all": "random"})], 3)
        assert partial.runs == partial.aggregate.runs == len(partial.records) == 26
