"""The nightly run: inbox -> text -> documents -> DuckDB -> citation graph.

The order of the stages lives here and only here:

1. ``scan_inbox``   every file under the inbox (``pipeline.read.inbox``: the inbox is a
                     boundary); unchanged paths (same size and mtime) are not re-hashed.
2. ``read_file``     text per page (text layer, OCR, plain, markup) — pipeline.read.text
3. ``extract``       documents, header fields, citations, deadlines — extractors
4. ``corrections``   archivists' corrections override extracted values
5. ``load``          idempotent upserts keyed by content hash
6. ``rebuild_graph`` one node per cited document, campaigns — pipeline.graph.resolve

Input files are only ever opened for reading. A file that cannot be read is recorded
as ``quarantined`` with a plain-language reason and the run goes on; a path that is not
read at all (hidden, a link out of the inbox, a named pipe ...) is recorded in
``skipped_paths``. Files are read and extracted by an executor (``pipeline.executors``:
worker processes with time and memory budgets, ``pipeline.read.sandbox``, or a Dask
cluster); this process alone writes, loading many files per transaction.

The archive is written as ``pipeline.store.archive`` says: one writer at a time (the
lock file), into a copy that replaces the live file when the run has finished, so
readers are never blocked and a killed run leaves the archive as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.errors import ExitCode, UnreadableFile
from pipeline.executors import (
    Done,
    Job,
    LazyExecutor,
    LocalExecutor,
    make_executor,
    prestart_workers,
)
from pipeline.read import inbox as inboxmod
from pipeline.read import sandbox
from pipeline.read.detect import Detected, detect
from pipeline.read.sandbox import DEFAULT_BUDGETS, Budgets
from pipeline.store import archive, load
from pipeline.store import corrections as corr
from pipeline.store import db as dbmod
from schemas.records import FileText, PageText

log = logging.getLogger(__name__)

VERSION = "0.1.0"
HASH_CHUNK = 1 << 20
# Files loaded per transaction: one INSERT per table for all of them.
BATCH_FILES = 200


# A regular file found in the inbox: path, shown (as recorded), size, mtime.
FoundFile = inboxmod.Found


@dataclass
class RunSummary:
    run_id: int = 0
    files_seen: int = 0
    files_new: int = 0
    files_skipped: int = 0
    quarantined_new: list[tuple[str, str]] = field(default_factory=list)
    quarantined_before: list[tuple[str, str]] = field(default_factory=list)
    documents_new: int = 0
    citations_new: int = 0
    pages_read: int = 0
    seconds: float = 0.0
    new_doc_ids: list[str] = field(default_factory=list)
    graph_error: str | None = None
    files_reextracted: int = 0
    # paths not read: (path, reason code, plain reason)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    wrote: bool = True  # False: nothing to write, the archive was left untouched

    @property
    def exit_code(self) -> int:
        if self.graph_error:
            return int(ExitCode.other_error)
        return int(ExitCode.quarantined if self.quarantined_new else ExitCode.ok)


# Never an inbox: the whole disk, or the kernel's own files (/proc/kmsg blocks when
# read, /dev holds devices).
SYSTEM_FOLDERS = frozenset({os.sep, "/proc", "/sys", "/dev", "/run"})


def scan_inbox(inbox: Path) -> Iterator[FoundFile]:
    """Every regular file under ``inbox`` that is read, in a stable order.

    What is not read, and why, comes from :func:`pipeline.read.inbox.walk`.
    """
    for item in inboxmod.walk(inbox):
        if isinstance(item, inboxmod.Found):
            yield item


def sha256_file(path: Path) -> str:
    """The file's SHA-256. Opened without blocking: a name swapped for a named pipe
    after the walk would otherwise hold the run for ever (``OSError`` instead)."""
    h = hashlib.sha256()
    with inboxmod.open_regular(path) as fh:
        while chunk := fh.read(HASH_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def extract(ft: FileText, source_name: str, budgets: Budgets = DEFAULT_BUDGETS):
    """Documents of one file's text, in a worker within the per-file budget."""
    return sandbox.extract_documents(ft, source_name, budgets)


class _LazyText:
    """pipeline.read.text, imported on first use (a run with nothing new to read does not
    pay for OpenCV and the readers: the no-op re-run is mostly start-up)."""

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(_text_api(), name)


def _text_api():
    from pipeline.read import text

    return text


def stored_text(con: duckdb.DuckDBPyConnection, file_id: str) -> FileText | None:
    rows = con.execute(
        "SELECT page, source, confidence, text, quality, decision, decision_reason FROM pages "
        "WHERE file_id = ? ORDER BY page",
        [file_id],
    ).fetchall()
    meta = con.execute(
        "SELECT media_type, text_source FROM files WHERE file_id = ?", [file_id]
    ).fetchone()
    if not rows or meta is None:
        return None
    words = load.stored_words(con, file_id)
    pages = tuple(
        PageText(
            page=r[0],
            text=r[3] or "",
            source=r[1],
            confidence=r[2],
            quality=r[4],
            decision=r[5],
            decision_reason=r[6],
            words=words.get(r[0], ()),
        )
        for r in rows
    )
    return FileText(media_type=meta[0], pages=pages, text_source=meta[1])


def reextract(
    con: duckdb.DuckDBPyConnection,
    file_ids: list[str],
    run_id: int,
    corrections: corr.Corrections,
    budgets: Budgets = DEFAULT_BUDGETS,
    executor: LocalExecutor | LazyExecutor | None = None,
) -> tuple[int, int]:
    """Re-run extraction from the stored page text (no OCR): after an upgrade or a correction.

    Extraction runs in the executor's workers, within the file budget; the files are
    loaded in batches."""
    own = executor is None
    executor = executor or LocalExecutor(None, budgets=budgets)
    jobs = []
    size_of: dict[str, int] = {}
    for file_id in file_ids:
        ft = stored_text(con, file_id)
        if ft is None:
            continue
        path, size, media = con.execute(
            "SELECT path, size_bytes, media_type FROM files WHERE file_id = ?", [file_id]
        ).fetchone()
        size_of[file_id] = size
        jobs.append(Job(path, path, file_id, media, len(ft.pages), ft))
    summary = RunSummary(run_id=run_id)
    batch = load.Batch()
    try:
        for done in executor.run(jobs):
            if done.docs is None and done.ft is not None and done.code:
                # past its budget now: keep the file and its text, say why
                log.warning("re-extraction of %s failed: %s", done.job.shown, done.extract_error)
                con.execute(
                    "UPDATE files SET status = 'quarantined', error = ?, error_code = ?, "
                    "run_id = ? WHERE file_id = ?",
                    [done.extract_error, done.code, run_id, done.job.file_id],
                )
                continue
            ff = FoundFile(Path(done.job.path), done.job.shown, size_of[done.job.file_id], 0.0)
            _load_one(summary, batch, ff, done, corrections)
            if len(batch) >= BATCH_FILES:
                _flush(con, batch)
        _flush(con, batch)
    finally:
        if own:
            executor.close()
    return summary.documents_new, summary.citations_new


def _next_run_id(con: duckdb.DuckDBPyConnection) -> int:
    return (con.execute("SELECT coalesce(max(run_id), 0) FROM runs").fetchone()[0] or 0) + 1


def run_ingest(
    inbox: str | Path,
    db_path: str | Path,
    *,
    jobs: int = 0,
    corrections_path: str | Path | None = None,
    reextract_all: bool = False,
    retry_quarantined: bool = False,
    progress: bool = True,
    on_status: Callable[[str], None] | None = None,
    wait: bool = False,
    budgets: Budgets = DEFAULT_BUDGETS,
    executor: str = "local",
    scheduler: str | object | None = None,
) -> RunSummary:
    """Read every new file under ``inbox`` into the archive at ``db_path``.

    Raises ArchiveBusy (exit code 7) when another ingest holds the archive and ``wait``
    is false; DatabaseError (exit code 5) when the archive cannot be written, leaving
    it as it was. ``executor``: ``local`` (sandbox workers on this machine) or ``dask``
    (the cluster at ``scheduler``).
    """
    t0 = time.monotonic()
    inbox = Path(inbox)
    if not inbox.is_dir():
        from pipeline.errors import VanthuError

        err = VanthuError(f"inbox {inbox} is not a folder")
        err.exit_code = ExitCode.bad_args
        raise err
    if os.path.realpath(inbox) in SYSTEM_FOLDERS or any(
        os.path.realpath(inbox).startswith(f + os.sep) for f in SYSTEM_FOLDERS if f != os.sep
    ):
        from pipeline.errors import VanthuError

        err = VanthuError(
            f"inbox {inbox} is a system folder: give the folder that holds the documents"
        )
        err.exit_code = ExitCode.bad_args
        raise err
    text = _LazyText()  # OpenCV and the readers are imported only when a file is read
    corrections = corr.load_for(db_path, corrections_path)
    cache = str(dbmod.cache_dir_for(db_path) / "ocr")

    def opts():  # noqa: ANN202 - made on first use, as the readers are imported
        return text.TextOptions(
            jobs=jobs,
            cache_dir=cache,
            # an OCR subprocess never outlives the page budget
            timeout=min(text.TextOptions().timeout, budgets.page_seconds),
        )

    with archive.locked(db_path, wait=wait):
        archive.hook("locked", db_path)
        own = inboxmod.archive_paths(db_path, corr.resolve(db_path, corrections_path))
        walked = list(inboxmod.walk(inbox, own))
        summary = RunSummary()
        if not _needs_write(
            db_path, walked, corrections, reextract_all=reextract_all, retry=retry_quarantined
        ):
            _nothing_to_write(db_path, walked, summary)
            summary.seconds = time.monotonic() - t0
            return summary
        if executor == "local":  # workers start while the archive is copied and files hashed
            prestart_workers(jobs, budgets)
        pf = archive.ProgressFile(db_path)
        try:
            with archive.work_copy(db_path) as con:
                summary.run_id = _next_run_id(con)
                started = dt.datetime.now()
                con.execute(
                    "INSERT INTO runs (run_id, started_at, inbox, version) VALUES (?,?,?,?)",
                    [summary.run_id, started, inboxmod.shown_name(inbox), VERSION],
                )
                with LazyExecutor(
                    lambda: make_executor(
                        opts(), jobs=jobs, executor=executor, scheduler=scheduler, budgets=budgets
                    )
                ) as ex:
                    _run(
                        con,
                        summary,
                        walked,
                        opts,
                        text,
                        corrections,
                        executor=ex,
                        reextract_all=reextract_all,
                        retry_quarantined=retry_quarantined,
                        progress=progress,
                        budgets=budgets,
                        pf=pf,
                    )
                summary.seconds = time.monotonic() - t0
                con.execute(
                    "UPDATE runs SET finished_at = ?, files_seen = ?, files_new = ?, "
                    "files_skipped = ?, quarantined_new = ?, documents_new = ?, "
                    "citations_new = ?, pages_read = ?, seconds = ?, exit_code = ? "
                    "WHERE run_id = ?",
                    [
                        dt.datetime.now(),
                        summary.files_seen,
                        summary.files_new,
                        summary.files_skipped,
                        len(summary.quarantined_new),
                        summary.documents_new,
                        summary.citations_new,
                        summary.pages_read,
                        summary.seconds,
                        summary.exit_code,
                        summary.run_id,
                    ],
                )
        finally:
            pf.close()
    return summary


def _needs_write(
    db_path: str | Path,
    walked: list,
    corrections: corr.Corrections,
    *,
    reextract_all: bool,
    retry: bool,
) -> bool:
    """Is there anything for this run to write? Decided on a read-only look.

    A night with nothing new copies nothing and leaves the archive file untouched.
    """
    if reextract_all or not Path(db_path).exists():
        return True
    con = dbmod.connect(db_path, read_only=True)
    try:
        if dbmod.needs_migration(con) or not _graph_built(con):
            return True
        found = [w for w in walked if isinstance(w, inboxmod.Found)]
        known = {  # the walked paths only: not every path of a large archive
            r[0]: (r[1], r[2])
            for r in con.execute(
                "SELECT path, size_bytes, mtime FROM file_paths WHERE path IN (SELECT unnest(?))",
                [[f.shown for f in found]],
            ).fetchall()
        }
        if any(known.get(f.shown) != (f.size, f.mtime) for f in found):
            return True
        if (
            retry
            and con.execute(
                "SELECT count(*) FROM files f JOIN file_paths p USING (file_id) "
                "WHERE f.status = 'quarantined' AND p.path IN (SELECT unnest(?))",
                [[f.shown for f in found]],
            ).fetchone()[0]
        ):
            return True
        skipped = {(w.shown, w.code) for w in walked if isinstance(w, inboxmod.Skipped)}
        stored = set(con.execute("SELECT path, code FROM skipped_paths").fetchall())
        if skipped != stored:
            return True
        if corrections.files_to_reapply(con):
            return True
        return _meta_get(con, "extraction_fingerprint") != extraction_fingerprint()
    except duckdb.Error:
        return True  # an archive this check cannot read: the write path will say why
    finally:
        con.close()


def _nothing_to_write(db_path: str | Path, walked: list, summary: RunSummary) -> None:
    """The summary of a run that found nothing new (the archive is not touched)."""
    summary.wrote = False
    found = [w for w in walked if isinstance(w, inboxmod.Found)]
    summary.files_seen = len(found)
    summary.files_skipped = len(found)
    summary.skipped = [
        (w.shown, w.code, w.reason) for w in walked if isinstance(w, inboxmod.Skipped)
    ]
    con = dbmod.connect(db_path, read_only=True)
    try:
        summary.run_id = con.execute("SELECT coalesce(max(run_id), 0) FROM runs").fetchone()[0]
        summary.quarantined_before = [
            (r[0], r[1])
            for r in con.execute(
                "SELECT path, error FROM files WHERE status = 'quarantined' ORDER BY path"
            ).fetchall()
        ]
    finally:
        con.close()


def _run(
    con,
    summary: RunSummary,
    walked: list,
    opts,
    text,
    corrections,
    *,
    executor,  # noqa: ANN001
    reextract_all: bool,
    retry_quarantined: bool,
    progress: bool,
    budgets: Budgets = DEFAULT_BUDGETS,
    pf: archive.ProgressFile | None = None,
) -> None:
    """The stages of one run, in order (see the module docstring)."""
    # What the archive knows of the walked paths, and then of their contents: read for
    # these only (a join on the walked list), never whole tables, so that a night's
    # cost follows the inbox, not the archive (100,000 files: 0.15 s less).
    found = [w for w in walked if isinstance(w, inboxmod.Found)]
    known_paths = {
        r[0]: (r[1], r[2], r[3])
        for r in con.execute(
            "SELECT path, file_id, size_bytes, mtime FROM file_paths"
            " WHERE path IN (SELECT unnest(?))",
            [[ff.shown for ff in found]],
        ).fetchall()
    }

    unchanged: list[str] = []
    new_paths: list[list] = []  # file_paths rows of new or changed paths
    now = dt.datetime.now()
    skipped = [w for w in walked if isinstance(w, inboxmod.Skipped)]
    hashed: list[tuple[FoundFile, str]] = []
    for ff in found:
        summary.files_seen += 1
        prev = known_paths.get(ff.shown)
        if prev and prev[1] == ff.size and prev[2] == ff.mtime:
            file_id = prev[0]  # unchanged: no re-hashing
            unchanged.append(ff.shown)
        else:
            try:
                file_id = sha256_file(ff.path)
            except OSError as exc:
                skipped.append(inboxmod.Skipped(ff.shown, *inboxmod.os_reason(exc)))
                continue
            moved = inboxmod.still_same(ff)
            if moved is not None:  # changed while it was hashed: next run
                skipped.append(moved)
                continue
            new_paths.append([file_id, ff.shown, ff.size, ff.mtime, now, now])
        hashed.append((ff, file_id))
    known_files = dict(
        con.execute(
            "SELECT file_id, status FROM files WHERE file_id IN (SELECT unnest(?))",
            [sorted({fid for _, fid in hashed})],
        ).fetchall()
    )
    todo: list[tuple[FoundFile, str]] = []
    queued: set[str] = set()
    for ff, file_id in hashed:
        status = known_files.get(file_id)
        if status == "ok" or (status == "quarantined" and not retry_quarantined):
            summary.files_skipped += 1
            continue
        if file_id in queued:
            summary.files_skipped += 1  # same content twice in this run
            continue
        queued.add(file_id)
        todo.append((ff, file_id))
    if new_paths:  # the paths hashed: two statements for all of them, not two per file
        con.execute(
            "DELETE FROM file_paths WHERE path IN (SELECT unnest(?))", [[r[1] for r in new_paths]]
        )
        load.insert_rows(con, "file_paths", load.FILE_PATH_COLUMNS, new_paths)
    if unchanged:  # one statement, not one per file: a night over a big inbox stays fast
        con.execute(
            "UPDATE file_paths SET last_seen = ? WHERE path IN (SELECT unnest(?))",
            [now, unchanged],
        )

    _record_skipped(con, summary, skipped, now)

    found: dict[str, Detected] = {}  # the media type, detected once and passed to the reader
    media: dict[str, str] = {}
    pages_of: dict[str, int] = {}
    for ff, file_id in todo:
        try:
            found[file_id] = detect(ff.path)
        except OSError:  # gone or unreadable: the reader says why
            found[file_id] = Detected(ff.path, "application/octet-stream")
        media[file_id] = found[file_id].media_type
        if not _needs_ocr(media[file_id]):
            pages_of[file_id] = 1  # text, web page, Word: one page
            continue
        try:  # in a worker: a hostile PDF never runs its parser in this process
            n = sandbox.call(text.count_pages, str(ff.path), media[file_id], budgets=budgets)
            pages_of[file_id] = max(1, n)
        except Exception:  # noqa: BLE001 - a bad file is dealt with when it is read
            pages_of[file_id] = 1
    total_pages = sum(pages_of.values())
    if pf is not None:
        pf.update(pages_total=total_pages, files_total=len(todo), force=True)

    if any(_needs_ocr(media[fid]) for _, fid in todo):
        text.check_tesseract(opts().ocr_lang)  # fail before reading anything, exit code 4

    jobs_todo = [
        Job(str(ff.path), ff.shown, fid, media[fid], pages_of[fid], detected=found[fid])
        for ff, fid in todo
    ]
    found_ff = {fid: ff for ff, fid in todo}
    # The graph's reference data and modules, loaded while this process mostly waits on
    # the workers (a second of YAML parsing otherwise paid after the last file).
    warm = _Background(_warm_graph) if todo else None
    with _progress(progress and total_pages > 0) as prog:
        task = prog.add_task("reading", total=total_pages) if prog else None

        def advance(n: int) -> None:  # pages done, from the executor's threads
            if prog is not None:
                prog.advance(task, n)
            if pf is not None:
                pf.advance(pages_done=n)

        # Files are read and extracted by the executor's workers; this process alone
        # writes, in batches, in inbox order (so a run is deterministic).
        batch = load.Batch()
        loaded = 0
        # Loaded while the workers read the next files; the batch left after the last file
        # waits for nothing else, so it is kept small (an eighth of the run, at least 25).
        flush_every = max(25, min(BATCH_FILES, len(jobs_todo) // 8))
        for done in executor.run(jobs_todo, advance):
            ff = found_ff[done.job.file_id]
            if prog is not None:
                prog.update(task, description=_short(ff.shown))
            if pf is not None:
                pf.advance(files_done=1)
                pf.update(current=ff.shown)
            changed = inboxmod.still_same(ff)
            if changed is not None:  # changed or gone while it was read: next run
                log.warning("%s: %s", changed.shown, changed.reason)
                _record_skipped(con, summary, [changed], now, replace=False)
                con.execute("DELETE FROM file_paths WHERE path = ?", [ff.shown])
                continue
            _load_one(summary, batch, ff, done, corrections)
            loaded += 1
            archive.hook(f"loaded-{loaded}")
            if len(batch) >= flush_every:
                _flush(con, batch)
        _flush(con, batch)
    if pf is not None:  # every file read: say so now, not at the next throttled write
        pf.update(current=None, force=True)

    # Corrections added or changed since they were last applied: re-extract those files
    # from their stored text (no OCR), so a correction takes effect on the next run.
    stale = corrections.files_to_reapply(con)
    # After an upgrade of the extraction rules, every stored file is re-extracted from its
    # stored text (no OCR): the same nightly command keeps the archive current.
    rules = extraction_fingerprint()
    upgraded = _meta_get(con, "extraction_fingerprint") not in (None, rules)
    if upgraded:
        log.warning("extraction rules changed since the last run: re-extracting stored files")
    if reextract_all or upgraded:
        stale = [
            r[0]
            for r in con.execute(
                "SELECT file_id FROM files WHERE status = 'ok' ORDER BY path"
            ).fetchall()
        ]
    if stale:
        log.info("re-extracting %d file(s) from stored text", len(stale))
        reextract(con, stale, summary.run_id, corrections, budgets, executor)
        summary.files_reextracted = len(stale)
    corrections.mark_applied(con)
    _meta_set(con, "extraction_fingerprint", rules)

    if stale:
        _mark_changed(con, stale)
    if warm is not None:
        warm.join()
    try:  # only what the new documents touch; a full build when the graph is missing
        _update_graph(con)
    except Exception as exc:  # noqa: BLE001 - documents are loaded; say so and go on
        log.exception("citation graph not updated")
        summary.graph_error = f"{type(exc).__name__}: {exc}"

    summary.quarantined_before = [
        (r[0], r[1])
        for r in con.execute(
            "SELECT path, error FROM files WHERE status = 'quarantined' AND run_id < ? "
            "ORDER BY path",
            [summary.run_id],
        ).fetchall()
    ]


def extraction_fingerprint() -> str:
    """A hash of the extraction rules (code and reference data of ``extractors``)."""
    import extractors

    root = Path(extractors.__file__).parent
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".yaml", ".csv") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def _meta_get(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    if not con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchone()[0]:
        return None
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _meta_set(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("DELETE FROM meta WHERE key = ?", [key])
    con.execute("INSERT INTO meta VALUES (?, ?)", [key, value])


@dataclass(frozen=True, slots=True)
class _Read:
    ff: FoundFile
    file_id: str
    ft: FileText | None
    reason: str | None  # why it could not be read
    code: str | None = None  # its pipeline.reasons code


def _record_skipped(
    con: duckdb.DuckDBPyConnection,
    summary: RunSummary,
    skipped: list[inboxmod.Skipped],
    now: dt.datetime,
    *,
    replace: bool = True,
) -> None:
    """The paths this run did not read, with their reasons (``skipped_paths``)."""
    if replace:
        con.execute("DELETE FROM skipped_paths")
    rows = {s.shown: s for s in skipped}
    if not replace and rows:
        con.execute("DELETE FROM skipped_paths WHERE path IN (SELECT unnest(?))", [list(rows)])
    if rows:
        con.executemany(
            "INSERT INTO skipped_paths (path, code, reason, run_id, seen_at) VALUES (?,?,?,?,?)",
            [[s.shown, s.code, s.reason, summary.run_id, now] for s in rows.values()],
        )
    summary.skipped.extend((s.shown, s.code, s.reason) for s in rows.values())


def _needs_ocr(media_type: str) -> bool:
    return media_type == "application/pdf" or media_type.startswith("image/")


def _load_one(
    summary: RunSummary,
    batch: load.Batch,
    ff: FoundFile,
    done: Done,
    corrections: corr.Corrections,
) -> None:
    """Quarantine or queue for loading one file that has been read and extracted."""
    file_id, ft, media_type = done.job.file_id, done.ft, done.job.media_type
    if ft is None:
        code = done.code or "internal_error"
        reason = done.reason or UnreadableFile.of(code).reason
        _quarantine(batch, summary, file_id, ff, media_type, reason, code)
        return
    summary.pages_read += len(ft.pages)
    if not any(p.text.strip() for p in ft.pages):
        bad = UnreadableFile.of("no_text")
        _quarantine(batch, summary, file_id, ff, media_type, bad.reason, bad.code)
        return
    if done.docs is None:  # past the file budget, or the extractors failed
        bad = (
            UnreadableFile(done.extract_error, done.code)
            if done.code and done.extract_error
            else UnreadableFile.of("extract_failed", done.extract_error)
        )
        _quarantine(batch, summary, file_id, ff, ft.media_type, bad.reason, bad.code)
        return
    try:
        docs = corrections.apply_segmentation(file_id, done.docs)
        rows = load.document_rows(
            file_id=file_id,
            source_path=ff.shown,
            docs=docs,
            corrected=corrections.values_for(file_id),
        )
    except Exception as exc:  # noqa: BLE001 - the file is kept, with the reason
        log.error("%s: documents not loaded: %s: %s", ff.shown, type(exc).__name__, exc)
        log.debug("details", exc_info=True)
        bad = UnreadableFile.of("extract_failed", f"{type(exc).__name__}: {exc}")
        _quarantine(batch, summary, file_id, ff, ft.media_type, bad.reason, bad.code)
        return
    batch.add_file(
        file_id=file_id,
        path=ff.shown,
        size=ff.size,
        media_type=ft.media_type,
        ft=ft,
        status="ok",
        error=None,
        run_id=summary.run_id,
        doc_rows=rows,
    )
    summary.files_new += 1
    summary.documents_new += len(docs)
    summary.citations_new += len(rows["citations"])
    summary.new_doc_ids.extend(load.doc_id_for(file_id, d.ordinal) for d in docs)


def _flush(con: duckdb.DuckDBPyConnection, batch: load.Batch) -> None:
    """Write a batch in one transaction; its files are then pending for the graph update."""
    ids = list(batch.file_ids)
    batch.flush(con)
    _mark_changed(con, ids)


def _mark_changed(con: duckdb.DuckDBPyConnection, file_ids: list[str]) -> None:
    from pipeline.graph.incremental import mark_files_changed

    mark_files_changed(con, file_ids)


def _update_graph(con: duckdb.DuckDBPyConnection) -> None:
    from pipeline.graph.incremental import update_graph

    # The text index is not built here, not even on an archive's first run: it is
    # rebuilt whole, in its own step (`vanthu index`, which `make nightly` runs after
    # this, or `vanthu rebuild`). Until then searches find the documents it lacks by
    # reading them (pipeline.graph.search.unindexed_matches) or, with no index at all, by
    # a scan. On a first run it was the run's last 1.5-1.9 s, on one core (600 seed
    # files).
    update_graph(con)


def _warm_graph() -> None:
    """Import the graph update and load its reference data (both kept for its call)."""
    try:
        from pipeline.graph import incremental  # noqa: F401 - imported for later
        from pipeline.graph.reference import load as load_reference

        load_reference(None)
    except Exception:  # noqa: BLE001 - the graph update itself reports what is wrong
        log.debug("reference data not loaded ahead", exc_info=True)


class _Background:
    """A function run in a thread; :meth:`join` waits and raises what it raised."""

    def __init__(self, fn: Callable, *args) -> None:  # noqa: ANN002
        import threading

        self._error: BaseException | None = None
        self._args = args
        self._fn = fn
        name = f"vanthu-{getattr(fn, '__name__', 'background')}"
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._fn(*self._args)
        except BaseException as exc:  # noqa: BLE001 - raised again by join
            self._error = exc

    def join(self) -> None:
        self._thread.join()
        for a in self._args:
            close = getattr(a, "close", None)
            if close is not None:
                close()
        if self._error is not None:
            raise self._error


def _graph_built(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'nodes'"
        ).fetchone()[0]
    )


def _quarantine(
    batch: load.Batch,
    summary: RunSummary,
    file_id: str,
    ff: FoundFile,
    media_type: str | None,
    reason: str,
    code: str = "internal_error",
) -> None:
    log.warning("quarantined %s: %s", ff.shown, reason)
    batch.add_file(
        file_id=file_id,
        path=ff.shown,
        size=ff.size,
        media_type=media_type,
        ft=None,
        status="quarantined",
        error=reason,
        run_id=summary.run_id,
        error_code=code,
    )
    summary.quarantined_new.append((ff.shown, reason))


def _short(path: str, width: int = 40) -> str:
    return path if len(path) <= width else "…" + path[-(width - 1) :]


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _progress(enabled: bool):
    if not enabled:
        return _NoProgress()
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("pages"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
