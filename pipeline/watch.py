"""``vanthu watch``: ingest files as they arrive in the inbox.

A folder watcher (watchdog) notes every file created, written or moved into the inbox.
A file is taken once it is complete: its size and modification time have not changed
for ``settle`` seconds (a scanner or a copy over the network writes a file in pieces).
Then the same run as the nightly one ingests the inbox — the same incremental path
(unchanged files are skipped without being read again, the graph is updated, not
rebuilt) and the same archive lock, so a nightly run and a watcher never write at once.
Ctrl-C stops the watcher between two runs, or after the run in progress.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


class _Pending:
    """Paths seen changing, with the (size, mtime) last seen and since when."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[tuple[int, float] | None, float]] = {}

    def touch(self, path: str) -> None:
        name = os.path.basename(path)
        if name.startswith("."):  # hidden files and partial downloads (.part, .crdownload)
            return
        with self._lock:
            self._seen[path] = (None, time.monotonic())

    def ready(self, settle: float) -> list[str]:
        """Paths whose size and mtime stayed the same for ``settle`` seconds (removed
        from the pending set); vanished paths are dropped."""
        now = time.monotonic()
        done = []
        with self._lock:
            for path, (last, since) in list(self._seen.items()):
                try:
                    st = os.stat(path)
                except OSError:
                    del self._seen[path]
                    continue
                cur = (st.st_size, st.st_mtime)
                if cur != last:
                    self._seen[path] = (cur, now)
                elif now - since >= settle:
                    done.append(path)
                    del self._seen[path]
        return done

    def __len__(self) -> int:
        with self._lock:
            return len(self._seen)


def _ingest_locked(inbox: Path, db: Path, **kwargs):  # noqa: ANN003, ANN202
    """One run under the archive's writer lock, waiting for a running one to finish."""
    from pipeline.ingest import run_ingest

    return run_ingest(inbox, db, wait=True, **kwargs)  # the run takes the lock itself


def watch(
    inbox: str | Path,
    db: str | Path,
    *,
    settle: float = 2.0,
    poll: float = 0.5,
    stop: threading.Event | None = None,
    on_run: Callable[[object], None] | None = None,
    **ingest_kwargs,  # noqa: ANN003
) -> int:
    """Watch ``inbox`` and ingest complete new files into ``db`` until ``stop`` is set
    (or Ctrl-C). Files already in the inbox are ingested first. Returns the runs made."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    inbox, db = Path(inbox), Path(db)
    pending = _Pending()

    class Handler(FileSystemEventHandler):
        def on_created(self, event) -> None:  # noqa: ANN001
            if not event.is_directory:
                pending.touch(event.src_path)

        def on_modified(self, event) -> None:  # noqa: ANN001
            if not event.is_directory:
                pending.touch(event.src_path)

        def on_closed(self, event) -> None:  # noqa: ANN001
            if not event.is_directory:
                pending.touch(event.src_path)

        def on_moved(self, event) -> None:  # noqa: ANN001
            if not event.is_directory:
                pending.touch(event.dest_path)

    stop = stop or threading.Event()
    observer = Observer()
    observer.schedule(Handler(), str(inbox), recursive=True)
    observer.start()
    runs = 0
    try:
        # what is already there, as the nightly run would
        summary = _ingest_locked(inbox, db, **ingest_kwargs)
        runs += 1
        if on_run:
            on_run(summary)
        log.info("watching %s (a file is taken %.0f s after its last change)", inbox, settle)
        while not stop.is_set():
            stop.wait(poll)
            ready = pending.ready(settle)
            if not ready:
                continue
            log.info("%d new file(s): ingesting", len(ready))
            summary = _ingest_locked(inbox, db, **ingest_kwargs)
            runs += 1
            if on_run:
                on_run(summary)
    except KeyboardInterrupt:
        log.info("stopped")
    finally:
        observer.stop()
        observer.join(timeout=5)
    return runs
