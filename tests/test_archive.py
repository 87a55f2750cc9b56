"""Concurrency, crash safety and failing writes (pipeline.store.archive).

The ingests run as `vanthu` processes. ``VANTHU_TEST_HOOK`` stops one at a named
point: ``hold:POINT`` makes it wait there (another process can then try its luck),
``kill:POINT`` kills it with SIGKILL there.
"""

from __future__ import annotations

import errno
import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.errors import DatabaseError, ExitCode
from pipeline.ingest import run_ingest
from pipeline.store import archive
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parents[1]
VANTHU = [sys.executable, "-m", "pipeline.cli.main"]


def _vanthu(*args, hook: str | None = None, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    env.pop(archive.HOOK_ENV, None)
    if hook:
        env[archive.HOOK_ENV] = hook
    return subprocess.Popen(
        [*VANTHU, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=kw.get("cwd"),
        preexec_fn=kw.get("preexec_fn"),
    )


def _wait_for(path: Path, proc: subprocess.Popen, limit: float = 180) -> None:
    """Wait until ``path`` exists (the held process reached its point)."""
    end = time.monotonic() + limit
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"process ended first: {proc.communicate()}")
        if time.monotonic() > end:
            proc.kill()
            raise AssertionError(f"{path} never appeared")
        time.sleep(0.05)


def _inbox(tmp_path: Path, n: int = 5) -> Path:
    box = tmp_path / "inbox"
    box.mkdir()
    for p in sorted(SEEDS.glob("*.txt"))[:n]:
        shutil.copy2(p, box / p.name)
    return box


def _content(db: Path) -> dict[str, list]:
    """Everything a run derives from the inbox (not run ids or timestamps)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "files": con.execute(
                "SELECT file_id, path, status, error_code FROM files ORDER BY 1"
            ).fetchall(),
            "paths": con.execute("SELECT path, file_id FROM file_paths ORDER BY 1").fetchall(),
            "pages": con.execute(
                "SELECT file_id, page, md5(text) FROM pages ORDER BY 1, 2"
            ).fetchall(),
            "documents": con.execute(
                "SELECT doc_id, doc_type, number, symbol, issued_date, issuer, md5(text) "
                "FROM documents ORDER BY 1"
            ).fetchall(),
            "citations": con.execute(
                "SELECT doc_id, seq, mention, target_key FROM citations ORDER BY 1, 2"
            ).fetchall(),
            "nodes": con.execute("SELECT target_key, cited_by FROM nodes ORDER BY 1").fetchall(),
        }
    finally:
        con.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_second_ingest_exits_7_at_once_and_wait_waits(tmp_path):
    box, db = _inbox(tmp_path, 2), tmp_path / "a.duckdb"
    first = _vanthu("ingest", str(box), "--db", str(db), "--no-progress", hook="hold:locked")
    held = db.with_name(db.name + ".held")
    _wait_for(held, first)
    second = _vanthu("ingest", str(box), "--db", str(db), "--no-progress")
    out, err = second.communicate(timeout=120)
    assert second.returncode == ExitCode.archive_busy == 7, err
    assert "another ingest is running" in err and "--wait" in err
    assert "Traceback" not in err
    waiting = _vanthu("ingest", str(box), "--db", str(db), "--no-progress", "--wait")
    time.sleep(1.0)  # not an assert on time: it gives the waiter a chance to go wrong
    assert waiting.poll() is None  # still waiting for the lock
    db.with_name(db.name + ".release").write_text("go")
    first.communicate(timeout=300)
    assert first.returncode == 0
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert "nothing new" in out  # it ran after the first, which had read everything


def test_an_open_reader_never_makes_ingest_fail_and_keeps_its_snapshot(tmp_path):
    box, db = _inbox(tmp_path, 2), tmp_path / "a.duckdb"
    assert run_ingest(box, db, progress=False).exit_code == 0
    reader = duckdb.connect(str(db), read_only=True)  # a notebook left open all night
    before = reader.execute("SELECT count(*) FROM documents").fetchone()[0]
    for p in sorted(SEEDS.glob("*.txt"))[2:4]:
        shutil.copy2(p, box / p.name)
    proc = _vanthu("ingest", str(box), "--db", str(db), "--no-progress")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == before
    reader.close()
    fresh = duckdb.connect(str(db), read_only=True)
    assert fresh.execute("SELECT count(*) FROM documents").fetchone()[0] > before
    fresh.close()


def test_progress_file_is_written_while_a_run_goes_and_removed_after(tmp_path):
    box, db = _inbox(tmp_path, 3), tmp_path / "a.duckdb"
    proc = _vanthu("ingest", str(box), "--db", str(db), "--no-progress", hook="hold:before-replace")
    _wait_for(db.with_name(db.name + ".held"), proc)
    import json

    prog = json.loads(archive.progress_path(db).read_text())
    assert prog["pages_total"] == 3 and prog["pages_done"] == 3
    assert prog["files_total"] == 3 and prog["pid"] == proc.pid
    db.with_name(db.name + ".release").write_text("go")
    proc.communicate(timeout=300)
    assert proc.returncode == 0
    assert not archive.progress_path(db).exists()


@pytest.mark.parametrize("point", ["locked", "copied", "loaded-1", "loaded-3", "before-replace"])
def test_kill_9_at_any_point_then_a_rerun_equals_a_clean_run(tmp_path, point):
    box = _inbox(tmp_path, 5)
    clean = tmp_path / "clean.duckdb"
    assert run_ingest(box, clean, progress=False).exit_code == 0
    db = tmp_path / "a.duckdb"
    proc = _vanthu("ingest", str(box), "--db", str(db), "--no-progress", hook=f"kill:{point}")
    proc.communicate(timeout=300)
    assert proc.returncode == -signal.SIGKILL
    assert not db.exists()  # a killed first run leaves no half-written archive
    rerun = _vanthu("ingest", str(box), "--db", str(db), "--no-progress")
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert not archive.work_path(db).exists()  # the killed run's copy is gone
    assert _content(db) == _content(clean)


def test_kill_9_after_an_earlier_night_leaves_that_night_intact(tmp_path):
    box, db = _inbox(tmp_path, 2), tmp_path / "a.duckdb"
    run_ingest(box, db, progress=False)
    night1 = _content(db)
    digest = _sha(db)
    for p in sorted(SEEDS.glob("*.txt"))[2:5]:
        shutil.copy2(p, box / p.name)
    proc = _vanthu("ingest", str(box), "--db", str(db), "--no-progress", hook="kill:loaded-2")
    proc.communicate(timeout=300)
    assert proc.returncode == -signal.SIGKILL
    assert _sha(db) == digest and _content(db) == night1
    clean = tmp_path / "clean.duckdb"
    run_ingest(box, clean, progress=False)
    rerun = _vanthu("ingest", str(box), "--db", str(db), "--no-progress")
    rerun.communicate(timeout=300)
    assert rerun.returncode == 0
    assert _content(db) == _content(clean)


def test_a_night_with_nothing_new_leaves_the_archive_file_untouched(tmp_path):
    box, db = _inbox(tmp_path, 2), tmp_path / "a.duckdb"
    run_ingest(box, db, progress=False)
    digest, mtime = _sha(db), db.stat().st_mtime_ns
    s = run_ingest(box, db, progress=False)
    assert not s.wrote and s.exit_code == 0 and s.files_skipped == 2
    assert _sha(db) == digest and db.stat().st_mtime_ns == mtime


def _limit_file_size(limit: int):
    def pre():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return pre


def test_a_full_disk_stops_with_a_clear_message_and_the_archive_as_it_was(tmp_path):
    box, db = _inbox(tmp_path, 1), tmp_path / "a.duckdb"
    run_ingest(box, db, progress=False)
    night1, digest = _content(db), _sha(db)
    for p in sorted(SEEDS.glob("*.txt"))[1:5]:
        shutil.copy2(p, box / p.name)
    # No file this process writes may grow past the archive's size + 64 KB: the copy
    # fits, loading into it does not (as when the disk fills up during a run).
    proc = _vanthu(
        "ingest",
        str(box),
        "--db",
        str(db),
        "--no-progress",
        preexec_fn=_limit_file_size(db.stat().st_size + 65536),
    )
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == ExitCode.database_error == 5, err
    assert "disk is full" in err and "as the last finished run left it" in err
    assert "Traceback" not in err
    assert _sha(db) == digest and _content(db) == night1
    assert not archive.work_path(db).exists()


def test_a_read_only_folder_stops_with_a_clear_message(tmp_path, monkeypatch):
    # As root (CI) a folder cannot be made read-only for us; the OS error is simulated
    # where the archive is first written.
    box, db = _inbox(tmp_path, 1), tmp_path / "a.duckdb"
    run_ingest(box, db, progress=False)
    digest = _sha(db)
    shutil.copy2(sorted(SEEDS.glob("*.txt"))[1], box / "new.txt")

    def read_only(src, dst, *a, **k):
        raise OSError(errno.EROFS, "Read-only file system", str(dst))

    monkeypatch.setattr(archive.shutil, "copyfile", read_only)
    with pytest.raises(DatabaseError) as exc:
        run_ingest(box, db, progress=False)
    assert "read-only" in str(exc.value) and "Nothing was changed" in str(exc.value)
    assert _sha(db) == digest
