"""Work per file is bounded: readers run in killable workers with time and memory limits
(pipeline.read.sandbox). No timing asserts: budgets are made tiny or the work endless."""

from __future__ import annotations

import os
import resource
import shutil
import time

import duckdb
import pytest

from pipeline.errors import UnreadableFile
from pipeline.ingest import run_ingest
from pipeline.read import sandbox
from pipeline.read.sandbox import Budgets
from pipeline.read.text import TextOptions
from tests.conftest import SEEDS
from tests.hostile import make_corpus

MB = 1024 * 1024


def test_reader_processes_run_under_the_memory_limit():
    soft, hard = sandbox.call(resource.getrlimit, resource.RLIMIT_AS)
    assert soft == hard == Budgets().memory_mb * MB == 2048 * MB


def test_a_reader_past_its_memory_limit_fails_with_that_reason_and_the_run_goes_on():
    with pytest.raises(UnreadableFile) as exc:
        sandbox.call(bytearray, 1500 * MB, budgets=Budgets(memory_mb=1024))
    assert exc.value.code == "too_much_memory"
    assert sandbox.call(len, "still here", budgets=Budgets(memory_mb=1024)) == 10


def test_work_past_its_time_budget_is_killed_with_that_reason():
    with pytest.raises(UnreadableFile) as exc:
        sandbox.call(time.sleep, 600, seconds=0.5)  # a reader that never finishes
    assert exc.value.code == "file_timeout"
    assert "budget 0.5 s" in exc.value.reason


def test_a_reader_that_crashes_is_quarantined_as_crashed():
    with pytest.raises(UnreadableFile) as exc:
        sandbox.call(os.abort)  # a C library dying on a hostile file
    assert exc.value.code == "reader_crashed"


def test_a_file_past_its_extraction_budget_is_quarantined_and_the_night_goes_on(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    for p in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy2(p, box / p.name)
    db = tmp_path / "a.duckdb"
    s = run_ingest(box, db, progress=False, budgets=Budgets(file_seconds=1e-6))
    assert s.exit_code == 3 and len(s.quarantined_new) == 2
    con = duckdb.connect(str(db), read_only=True)
    codes = {r[0] for r in con.execute("SELECT error_code FROM files").fetchall()}
    con.close()
    assert codes == {"file_timeout"}


def test_hostile_readers_stay_under_2_gb(tmp_path):
    """Every hostile file read in a worker limited to 2 GB of address space: each ends
    with its text or its plain reason, none by running out of memory or crashing."""
    cases = make_corpus(tmp_path, big=True, line_chars=300_000)
    for c in cases:
        if c.group != "content":
            continue
        path = tmp_path / "inbox" / c.rel
        try:
            ft = sandbox.read_file(path, TextOptions(jobs=1), Budgets(memory_mb=2048))
            got = "read" if ft.pages else "empty"
        except UnreadableFile as exc:
            got = exc.code
        assert got not in ("too_much_memory", "reader_crashed", "internal_error"), c.name
        if c.expect == "read":
            assert got == "read", c.name
        else:
            assert got in c.codes, (c.name, got)
    peak_kb = sandbox.call(resource.getrusage, resource.RUSAGE_SELF).ru_maxrss
    assert peak_kb * 1024 < 2048 * MB


def test_a_reader_stuck_on_a_page_is_killed_past_the_page_budget(tmp_path):
    # A named pipe handed straight to the reader (the inbox walk never would): opening
    # it blocks forever, like a parser looping on a hostile page.
    fifo = tmp_path / "stuck.pdf"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFile) as exc:
        sandbox.read_file(fifo, TextOptions(jobs=1), Budgets(page_seconds=1))
    assert exc.value.code == "page_timeout"
    # the next file gets a fresh worker
    seed = sorted(SEEDS.glob("*.txt"))[0]
    assert sandbox.read_file(seed, TextOptions(jobs=1), Budgets(page_seconds=1)).pages


def _start_ocr_processes() -> int:
    """In a worker: start its OCR processes, as reading a scanned file does."""
    from pipeline.read import ocr

    return ocr._pool(2).submit(int, "7").result()


def test_a_worker_that_ran_ocr_processes_ends_by_itself_when_the_run_ends():
    # A worker process runs no atexit handlers: unless it stops its OCR processes itself,
    # its exit waits on them until it is killed, seconds at the end of every run.
    assert sandbox.call(_start_ocr_processes) == 7
    workers = list(sandbox._POOL.all)
    sandbox._POOL.shutdown()
    assert workers
    assert [w.proc.exitcode for w in workers] == [0] * len(workers)
