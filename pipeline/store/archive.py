"""Writing the archive safely while others read it.

The live archive file (``<db>``) is only ever *replaced*, never written in place:

1. a writer takes the exclusive lock ``<db>.lock`` (``fcntl.flock``); a second writer
   fails at once with :class:`ArchiveBusy` (exit code 7) or, asked to, waits;
2. when there is something to write, it copies ``<db>`` to ``<db>.work`` (a stale
   ``.work`` left by a killed run is thrown away first), loads into the copy,
   checkpoints, closes and flushes it to disk;
3. ``os.replace(<db>.work, <db>)`` swaps it in atomically.

Readers open ``<db>`` read-only and keep the snapshot they opened (the old file stays
alive under their open handle); they never block the writer and the writer never
blocks them. A ``kill -9`` at any point leaves ``<db>`` as the last finished run left
it. A write that fails (disk full, read-only folder) leaves ``<db>`` as it was.

While it runs, the writer keeps ``<db>.progress.json`` current (:class:`ProgressFile`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import json
import logging
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from pipeline.errors import ArchiveBusy, DatabaseError
from pipeline.store import db as dbmod

log = logging.getLogger(__name__)


# Tests only: "kill:POINT" kills this process at POINT (crash safety), "hold:POINT"
# writes <db>.held and waits there until <db>.release exists (concurrency). Points:
# locked, copied, loaded-N (after the N-th file read), before-replace, replaced.
HOOK_ENV = "VANTHU_TEST_HOOK"


def hook(point: str, db_path: str | Path | None = None) -> None:
    spec = os.environ.get(HOOK_ENV)
    if not spec:
        return
    action, _, where = spec.partition(":")
    if where != point:
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "hold" and db_path is not None:
        db = Path(db_path)
        db.with_name(db.name + ".held").write_text(str(os.getpid()))
        release = db.with_name(db.name + ".release")
        while not release.exists():
            time.sleep(0.05)


def lock_path(db_path: str | Path) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + ".lock")


def work_path(db_path: str | Path) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + ".work")


def progress_path(db_path: str | Path) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + ".progress.json")


@contextlib.contextmanager
def locked(db_path: str | Path, *, wait: bool = False) -> Iterator[None]:
    """Hold the archive's writer lock for the block.

    The lock file is never deleted (deleting it would let two writers hold locks on
    two different files); the OS drops the lock when the process ends, however it ends.
    """
    lp = lock_path(db_path)
    try:
        lp.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lp, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DatabaseError(
            f"cannot create the lock file {lp} beside the archive ({exc.strerror or exc}); "
            "is the folder writable?"
        ) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(lp)
            if not wait:
                raise ArchiveBusy(
                    f"another ingest is running on {db_path}{holder}; "
                    "try again later or pass --wait"
                ) from None
            log.warning("another ingest is running on %s%s: waiting for it", db_path, holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # releases the lock


def _holder(lp: Path) -> str:
    try:
        pid = lp.read_text().strip()
    except OSError:
        return ""
    return f" (process {pid})" if pid.isdigit() else ""


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_failure(db_path: str | Path, exc: BaseException) -> DatabaseError:
    """A plain message for a write that failed; the live archive is untouched."""
    detail = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        why = "the disk is full"
    elif isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "the folder is read-only"
    elif "space" in detail.lower() or "file too large" in detail.lower():
        why = "the disk is full"
    elif "read-only" in detail.lower() or "permission" in detail.lower():
        why = "the folder is read-only"
    else:
        why = "writing failed"
    return DatabaseError(
        f"cannot write the archive {db_path}: {why} ({detail}). "
        "Nothing was changed: the archive is as the last finished run left it."
    )


@contextlib.contextmanager
def work_copy(db_path: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a fresh copy of the archive, swapped in on success.

    Must be used while holding :func:`locked`. On any exception the copy is thrown
    away and ``<db>`` is left as it was; OS and DuckDB write errors become a
    :class:`DatabaseError` that says so.
    """
    db_path = Path(db_path)
    work = work_path(db_path)
    wal = work.with_name(work.name + ".wal")
    con = None
    try:
        _remove(work)  # left by a run that was killed
        _remove(wal)
        if db_path.exists():
            shutil.copyfile(db_path, work)
            live_wal = db_path.with_name(db_path.name + ".wal")
            if live_wal.exists():  # an archive written in place by an older vanthu
                shutil.copyfile(live_wal, wal)
        con = dbmod.connect(work)
        hook("copied", db_path)
        yield con
        con.execute("CHECKPOINT")
        con.close()
        con = None
        _fsync_file(work)
        hook("before-replace", db_path)
        os.replace(work, db_path)
        _remove(db_path.with_name(db_path.name + ".wal"))
        _fsync_dir(db_path.parent)
        hook("replaced", db_path)
    except (OSError, duckdb.IOException) as exc:
        raise write_failure(db_path, exc) from exc
    except duckdb.Error as exc:
        if _looks_like_io(exc):
            raise write_failure(db_path, exc) from exc
        raise
    finally:
        if con is not None:
            with contextlib.suppress(Exception):
                con.close()
        if work.exists():
            _remove(work)
            _remove(wal)


def _looks_like_io(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("no space", "file too large", "read-only", "permission"))


class ProgressFile:
    """``<db>.progress.json``: how far a running ingest is, for the web app.

    ``{"pid", "started_at", "pages_done", "pages_total", "files_done", "files_total",
    "current", "eta_seconds", "updated_at"}``, replaced atomically at most twice a second;
    removed when the run ends.
    """

    MIN_INTERVAL = 0.5

    def __init__(self, db_path: str | Path):
        self.path = progress_path(db_path)
        self.started = time.monotonic()
        self.data = {
            "pid": os.getpid(),
            "started_at": dt.datetime.now().isoformat(timespec="seconds"),
            "pages_done": 0,
            "pages_total": 0,
            "files_done": 0,
            "files_total": 0,
            "current": None,
            "eta_seconds": None,
        }
        self._last = 0.0
        self._lock = threading.Lock()

    def update(self, *, force: bool = False, **values) -> None:
        with self._lock:
            for k, v in values.items():
                if k in ("pages_done", "files_done") and isinstance(v, int) and v < 0:
                    continue
                self.data[k] = v
            now = time.monotonic()
            if not force and now - self._last < self.MIN_INTERVAL:
                return
            self._last = now
            done, total = self.data["pages_done"], self.data["pages_total"]
            elapsed = now - self.started
            self.data["eta_seconds"] = (
                round(elapsed / done * (total - done), 1) if done and total >= done else None
            )
            self.data["updated_at"] = dt.datetime.now().isoformat(timespec="seconds")
            tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
            try:
                tmp.write_text(json.dumps(self.data, ensure_ascii=False), encoding="utf-8")
                os.replace(tmp, self.path)
            except OSError as exc:  # progress is a courtesy: never stop a run for it
                log.debug("could not write %s: %s", self.path, exc)

    def advance(self, **deltas: int) -> None:
        with self._lock:
            for k, d in deltas.items():
                self.data[k] = self.data.get(k, 0) + d
        self.update()

    def close(self) -> None:
        _remove(self.path)
