"""`vanthu watch`: a file dropped into the watched inbox reaches the archive once complete."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import duckdb

from pipeline.watch import _Pending, watch

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def _wait(cond, timeout: float = 90.0) -> bool:  # noqa: ANN001
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.1)
    return False


def test_a_file_dropped_into_the_inbox_is_ingested(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "archive.duckdb"
    inbox.mkdir()
    shutil.copy(SAMPLES / "003_70d23884daef02f4.txt", inbox)
    runs: list = []
    stop = threading.Event()
    t = threading.Thread(
        target=watch,
        args=(inbox, db),
        kwargs={
            "settle": 0.5,
            "poll": 0.1,
            "stop": stop,
            "on_run": runs.append,
            "progress": False,
            "jobs": 1,
        },
    )
    t.start()
    try:
        assert _wait(lambda: len(runs) >= 1), "the files already there are ingested first"
        assert runs[0].files_new == 1
        # a file written in two pieces, as a scanner or a copy writes it
        text = (SAMPLES / "004_5a3cf1efe37867a9.txt").read_text(encoding="utf-8")
        with open(inbox / "arrived.txt", "w", encoding="utf-8") as fh:
            fh.write(text[: len(text) // 2])
            fh.flush()
            time.sleep(0.2)
            fh.write(text[len(text) // 2 :])
        assert _wait(lambda: any(r.files_new for r in runs[1:])), "the new file is taken"
    finally:
        stop.set()
        t.join(60)
    assert not t.is_alive(), "the watcher stops when asked"
    new_runs = [r for r in runs[1:] if r.files_new]
    assert sum(r.files_new for r in new_runs) == 1  # read once, complete
    con = duckdb.connect(str(db), read_only=True)
    try:
        path, n_docs = con.execute(
            "SELECT f.path, count(d.doc_id) FROM files f JOIN documents d USING (file_id)"
            " WHERE f.path LIKE '%arrived.txt' GROUP BY f.path"
        ).fetchone()
        full = con.execute(
            "SELECT count(*) FROM documents WHERE text LIKE ?", ["%" + text.strip()[-40:] + "%"]
        ).fetchone()[0]
    finally:
        con.close()
    assert n_docs >= 1 and full >= 1, "the whole file was read, not its first half"


def test_a_file_still_growing_is_not_ready(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(b"x")
    pending = _Pending()
    pending.touch(str(p))
    assert pending.ready(0.3) == []  # first look: its size is noted
    p.write_bytes(b"xx")
    time.sleep(0.35)
    assert pending.ready(0.3) == []  # it changed since: the wait starts again
    time.sleep(0.35)
    assert pending.ready(0.3) == [str(p)]
    pending.touch(str(tmp_path / ".hidden.part"))
    assert len(pending) == 0  # hidden and partial downloads are not taken
