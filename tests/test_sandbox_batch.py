"""Several small files in one worker request (pipeline.read.sandbox.read_and_extract_many,
pipeline.executors.batches): each file keeps its own budgets and its own reason, a file
that kills its worker costs only itself, and the results are those of one file at a
time. No timing asserts: budgets are made tiny or the work endless."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipeline.executors import Job, LocalExecutor, batches, page_processes, pages_after, sandboxed
from pipeline.read import sandbox
from pipeline.read.detect import detect
from pipeline.read.sandbox import Budgets
from pipeline.read.text import TextOptions
from schemas.records import FileText, PageText
from tests.conftest import SEEDS

OPTS = TextOptions(jobs=1)


class CrashingText:
    """A stored text whose pages crash the process that looks at them (a C library
    dying on a hostile file): only the worker ever does."""

    @property
    def pages(self):  # noqa: ANN201
        os.abort()


def _seeds(n: int) -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))[:n]


def _item(p: Path) -> tuple:
    return (str(p), p.name, None)


def _alone(p: Path, budgets: Budgets = sandbox.DEFAULT_BUDGETS):  # noqa: ANN202
    """The text and documents of one file, one request each (the reference)."""
    ft = sandbox.read_file(p, OPTS, budgets)
    return ft, sandbox.extract_documents(ft, p.name, budgets)


def test_a_file_stuck_in_a_request_is_killed_alone_and_the_next_files_are_read(tmp_path):
    fifo = tmp_path / "stuck.pdf"  # opening it blocks for ever, like a looping parser
    os.mkfifo(fifo)
    a, b = _seeds(2)
    budgets = Budgets(page_seconds=1)
    got = list(
        sandbox.read_and_extract_many(
            [_item(a), (str(fifo), fifo.name, None), _item(b)], OPTS, budgets
        )
    )
    assert [g.code for g in got] == [None, "page_timeout", None]
    assert "budget 1 s" in got[1].reason and got[1].ft is None
    # the files on either side: the same text and documents as read one at a time
    assert (got[0].ft, got[0].docs) == _alone(a)
    assert (got[2].ft, got[2].docs) == _alone(b)


def test_a_worker_dying_on_one_file_costs_that_file_only():
    a, b = _seeds(2)
    crash = CrashingText()
    got = list(
        sandbox.read_and_extract_many(
            [_item(a), (None, "crash.txt", crash), _item(b)], OPTS, sandbox.DEFAULT_BUDGETS
        )
    )
    assert [g.code for g in got] == [None, "reader_crashed", None]
    assert got[1].ft is crash and got[1].docs is None  # its text kept, with the reason
    assert got[0].docs and got[2].docs


def test_each_file_of_a_request_has_its_own_extraction_budget():
    files = _seeds(3)
    got = list(
        sandbox.read_and_extract_many([_item(p) for p in files], OPTS, Budgets(file_seconds=1e-6))
    )
    assert [g.code for g in got] == ["file_timeout"] * 3
    assert all(g.ft is not None and g.ft.pages for g in got)  # read, then past the budget


def test_a_blank_text_is_not_extracted():
    blank = FileText("text/plain", (PageText(1, " \n ", "plain", None),), "plain")
    (a,) = _seeds(1)
    got = list(sandbox.read_and_extract_many([(None, "blank.txt", blank), _item(a)], OPTS))
    assert got[0].blank and got[0].docs is None and got[0].code is None
    assert got[0].ft == blank
    assert got[1].docs


def test_batched_results_are_those_of_one_file_at_a_time_in_order(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    paths = []
    for i in range(10):  # 10 files, 1 worker: groups of 2
        src = _seeds(5)[i % 5]
        dst = box / f"{i:02d}_{src.name}"
        shutil.copy2(src, dst)
        paths.append(dst)
    jobs = [
        Job(str(p), p.name, f"id{i}", "text/plain", detected=detect(p)) for i, p in enumerate(paths)
    ]
    assert max(len(g) for g in batches(jobs, 1)) > 1
    pages = []
    got = list(LocalExecutor(OPTS, jobs=1).run(jobs, pages.append))
    assert [d.job.file_id for d in got] == [j.file_id for j in jobs]
    assert sum(pages) == len(jobs)  # one page each, reported once
    for job, done in zip(jobs, got, strict=True):
        ref = sandboxed(job, OPTS)
        assert (done.ft, done.docs, done.reason, done.code) == (
            ref.ft,
            ref.docs,
            ref.reason,
            ref.code,
        )


def test_files_that_may_need_ocr_go_alone_and_the_order_is_kept():
    kinds = ["text/plain", "application/pdf", "text/html", "text/plain", "image/png"] * 8
    jobs = [Job(f"f{i}", f"f{i}", f"id{i}", m) for i, m in enumerate(kinds)]
    groups = list(batches(jobs, 2))
    assert [j for g in groups for j in g] == jobs
    for g in groups:
        if any(j.media_type in ("application/pdf", "image/png") for j in g):
            assert len(g) == 1
    assert max(len(g) for g in groups) > 1


def _tables(db: Path) -> dict[str, list]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: sorted(map(repr, con.execute(f"SELECT {cols} FROM {t}").fetchall()))
            for t, cols in {
                "files": "file_id, path, status, error, error_code, pages, text_source",
                "pages": "*",
                "documents": "*",
                "fields": "*",
                "citations": "*",
                "nodes": "*",
                "edges": "*",
            }.items()
        }
    finally:
        con.close()


def test_an_ingest_in_groups_gives_the_tables_of_one_file_per_request(tmp_path, monkeypatch):
    from pipeline import executors
    from pipeline.ingest import run_ingest

    box = tmp_path / "inbox"
    box.mkdir()
    for i in range(24):
        src = _seeds(5)[i % 5]
        text = src.read_text(encoding="utf-8") + "\n" * (1 + i // 5)  # distinct files
        (box / f"{i:02d}_{src.name}").write_text(text, encoding="utf-8")
    (box / "12_blank.txt").write_text(" \n\n", encoding="utf-8")  # quarantined, mid-run
    (box / "13_binary.txt").write_bytes(bytes(range(256)) * 8)
    grouped = run_ingest(box, tmp_path / "grouped.duckdb", progress=False, jobs=1)
    monkeypatch.setattr(executors, "MAX_BATCH", 1)
    alone = run_ingest(box, tmp_path / "alone.duckdb", progress=False, jobs=1)
    assert grouped.files_new == alone.files_new == 24
    assert sorted(grouped.quarantined_new) == sorted(alone.quarantined_new)
    assert len(grouped.quarantined_new) == 2
    assert _tables(tmp_path / "grouped.duckdb") == _tables(tmp_path / "alone.duckdb")


def test_a_scans_pages_are_read_in_its_worker_while_later_files_keep_the_other_cores_busy():
    # workers=2: a file's pages go one after another in its own worker while the files
    # after it hold at least as many pages; a long file and the last ones spread theirs.
    assert page_processes(pages=4, pages_after=4, workers=2) == 1
    assert page_processes(pages=5, pages_after=4, workers=2) == 2
    assert page_processes(pages=5, pages_after=10, workers=3) == 1
    assert page_processes(pages=6, pages_after=10, workers=3) == 3
    assert page_processes(pages=4, pages_after=0, workers=2) == 2
    # Fewer pages than it pays to start OCR processes for: one after another, even last.
    assert page_processes(pages=3, pages_after=0, workers=2) == 1
    assert page_processes(pages=50, pages_after=0, workers=1) == 1


def test_the_local_executor_tells_each_worker_how_to_read_a_scans_pages(monkeypatch):
    pages = [2, 1, 30, 1, 5]
    jobs = [
        Job(f"f{i}.pdf", f"f{i}.pdf", f"id{i}", "application/pdf", n) for i, n in enumerate(pages)
    ]
    jobs.insert(1, Job("t.txt", "t.txt", "idt", "text/plain"))
    assert pages_after(jobs) == {"id0": 38, "idt": 37, "id1": 36, "id2": 6, "id3": 5, "id4": 0}
    seen: dict[str, int] = {}

    def fake(items, options, budgets, on_page):  # noqa: ANN001, ANN202
        for _source, name, _ft in items:
            seen[name] = options.jobs
            yield sandbox.FileOutcome(None, None, "cannot_open", "test")

    monkeypatch.setattr(sandbox, "read_and_extract_many", fake)
    done = list(LocalExecutor(TextOptions(jobs=0), jobs=2).run(jobs))
    assert [d.job.file_id for d in done] == [j.file_id for j in jobs]
    assert seen == {"f0.pdf": 1, "t.txt": 0, "f1.pdf": 1, "f2.pdf": 2, "f3.pdf": 1, "f4.pdf": 2}
