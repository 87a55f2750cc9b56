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
``skipped_paths``. Files are read and extracted in worker processes with time and
memory budgets (``pipeline.read.sandbox``).

The archive is written as ``pipeline.store.archive`` says: one writer at a time (the
lock file), into a copy that replaces the live file when the run has finished, so
readers are never blocked and a killed run leaves the archive as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.errors import ExitCode, MissingDependency, UnreadableFile
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


def _text_api():
    from pipeline.read import text

    return text


def process_text(
    con: duckdb.DuckDBPyConnection,
    *,
    file_id: str,
    shown: str,
    size: int,
    media_type: str,
    ft: FileText,
    run_id: int,
    corrections: corr.Corrections,
    budgets: Budgets = DEFAULT_BUDGETS,
    docs: list | None = None,
) -> tuple[list[str], int]:
    """Extract and load one file whose text is known; returns (doc_ids, citations)."""
    if docs is None:
        docs = extract(ft, Path(shown).name, budgets)
    docs = corrections.apply_segmentation(file_id, docs)
    load.delete_file_rows(con, file_id)
    load.upsert_file(
        con,
        file_id=file_id,
        path=shown,
        size=size,
        media_type=media_type,
        pages=len(ft.pages),
        text_source=ft.text_source,
        ocr_confidence=load.mean_confidence(ft),
        status="ok",
        error=None,
        run_id=run_id,
    )
    load.insert_pages(con, file_id, ft.pages)
    n_docs, n_cit = load.insert_documents(
        con,
        file_id=file_id,
        source_path=shown,
        docs=docs,
        corrected=corrections.values_for(file_id),
    )
    return [load.doc_id_for(file_id, d.ordinal) for d in docs], n_cit


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
) -> tuple[int, int]:
    """Re-run extraction from the stored page text (no OCR): after an upgrade or a correction."""
    n_docs = n_cit = 0
    for file_id in file_ids:
        ft = stored_text(con, file_id)
        if ft is None:
            continue
        path, size, media = con.execute(
            "SELECT path, size_bytes, media_type FROM files WHERE file_id = ?", [file_id]
        ).fetchone()
        try:
            docs = extract(ft, Path(path).name, budgets)
        except UnreadableFile as exc:  # past its budget now: keep the file, say why
            log.warning("re-extraction of %s failed: %s", path, exc.reason)
            con.execute(
                "UPDATE files SET status = 'quarantined', error = ?, error_code = ?, run_id = ? "
                "WHERE file_id = ?",
                [exc.reason, exc.code, run_id, file_id],
            )
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            ids, c = process_text(
                con,
                file_id=file_id,
                shown=path,
                size=size,
                media_type=media,
                ft=ft,
                run_id=run_id,
                corrections=corrections,
                docs=docs,
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        n_docs += len(ids)
        n_cit += c
    return n_docs, n_cit


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
) -> RunSummary:
    """Read every new file under ``inbox`` into the archive at ``db_path``.

    Raises ArchiveBusy (exit code 7) when another ingest holds the archive and ``wait``
    is false; DatabaseError (exit code 5) when the archive cannot be written, leaving
    it as it was.
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
    text = _text_api()
    corrections = corr.load_for(db_path, corrections_path)
    opts = text.TextOptions(
        jobs=jobs,
        cache_dir=str(dbmod.cache_dir_for(db_path) / "ocr"),
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
        pf = archive.ProgressFile(db_path)
        try:
            with archive.work_copy(db_path) as con:
                summary.run_id = _next_run_id(con)
                started = dt.datetime.now()
                con.execute(
                    "INSERT INTO runs (run_id, started_at, inbox, version) VALUES (?,?,?,?)",
                    [summary.run_id, started, inboxmod.shown_name(inbox), VERSION],
                )
                _run(
                    con,
                    summary,
                    walked,
                    opts,
                    text,
                    corrections,
                    jobs=jobs,
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
        known = {
            r[0]: (r[1], r[2])
            for r in con.execute("SELECT path, size_bytes, mtime FROM file_paths").fetchall()
        }
        found = [w for w in walked if isinstance(w, inboxmod.Found)]
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
    jobs: int,
    reextract_all: bool,
    retry_quarantined: bool,
    progress: bool,
    budgets: Budgets = DEFAULT_BUDGETS,
    pf: archive.ProgressFile | None = None,
) -> None:
    """The stages of one run, in order (see the module docstring)."""
    known_paths = {
        r[0]: (r[1], r[2], r[3])
        for r in con.execute("SELECT path, file_id, size_bytes, mtime FROM file_paths").fetchall()
    }
    known_files = {r[0]: r[1] for r in con.execute("SELECT file_id, status FROM files").fetchall()}

    todo: list[tuple[FoundFile, str]] = []
    queued: set[str] = set()
    unchanged: list[str] = []
    now = dt.datetime.now()
    skipped = [w for w in walked if isinstance(w, inboxmod.Skipped)]
    for ff in (w for w in walked if isinstance(w, inboxmod.Found)):
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
            con.execute("DELETE FROM file_paths WHERE path = ?", [ff.shown])
            con.execute(
                "INSERT INTO file_paths (file_id, path, size_bytes, mtime, first_seen, last_seen) "
                "VALUES (?,?,?,?,?,?)",
                [file_id, ff.shown, ff.size, ff.mtime, now, now],
            )
        status = known_files.get(file_id)
        if status == "ok" or (status == "quarantined" and not retry_quarantined):
            summary.files_skipped += 1
            continue
        if file_id in queued:
            summary.files_skipped += 1  # same content twice in this run
            continue
        queued.add(file_id)
        todo.append((ff, file_id))
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
        text.check_tesseract(opts.ocr_lang)  # fail before reading anything, exit code 4

    with _progress(progress and total_pages > 0) as prog:
        task = prog.add_task("reading", total=total_pages) if prog else None

        def read_one(ff: FoundFile, file_id: str) -> _Read:
            """Runs in a reader thread: text of one file, or why it cannot be read."""
            done = 0

            def on_page(n: int) -> None:
                nonlocal done
                done += n
                if prog is not None:
                    prog.advance(task, n)
                if pf is not None:
                    pf.advance(pages_done=n)

            code = None
            try:
                ft = sandbox.read_file(found[file_id], opts, budgets, on_page=on_page)
                reason = None
            except UnreadableFile as exc:
                ft, reason, code = None, exc.reason, exc.code
            except MissingDependency:
                raise
            except Exception as exc:  # noqa: BLE001 - one bad file never stops the night
                log.error("unexpected error reading %s: %s: %s", ff.shown, type(exc).__name__, exc)
                log.debug("details", exc_info=True)
                ft, code = None, "internal_error"
                reason = UnreadableFile.of(code, f"{type(exc).__name__}: {exc}").reason
            expected = len(ft.pages) if ft is not None else pages_of.get(file_id, 1)
            if prog is not None and expected > done:  # pages not reported (a failed file)
                prog.advance(task, expected - done)
            if pf is not None:
                pf.advance(pages_done=max(0, expected - done), files_done=1)
            return _Read(ff, file_id, ft, reason, code)

        # Files are read by a few threads at once (OCR runs in subprocesses, so a scan
        # of one page keeps a core busy while the next file is read) and loaded here,
        # one at a time and in inbox order, so a run is deterministic.
        window = max(2, 2 * (jobs if jobs > 0 else (os.cpu_count() or 1)))
        with ThreadPoolExecutor(
            max_workers=max(1, window // 2), thread_name_prefix="vanthu-read"
        ) as pool:
            pending: deque[Future[_Read]] = deque()
            loaded = 0
            queue = iter(todo)
            try:
                for ff, file_id in itertools.islice(queue, window):
                    pending.append(pool.submit(read_one, ff, file_id))
                while pending:
                    r = pending.popleft().result()
                    nxt = next(queue, None)
                    if nxt is not None:
                        pending.append(pool.submit(read_one, *nxt))
                    if prog is not None:
                        prog.update(task, description=_short(r.ff.shown))
                    if pf is not None:
                        pf.update(current=r.ff.shown)
                    changed = inboxmod.still_same(r.ff)
                    if changed is not None:  # changed or gone while it was read: next run
                        log.warning("%s: %s", changed.shown, changed.reason)
                        _record_skipped(con, summary, [changed], now, replace=False)
                        con.execute("DELETE FROM file_paths WHERE path = ?", [r.ff.shown])
                        continue
                    _load_one(con, summary, r, media, corrections, budgets)
                    loaded += 1
                    archive.hook(f"loaded-{loaded}")
            except BaseException:
                for f in pending:
                    f.cancel()
                raise

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
        reextract(con, stale, summary.run_id, corrections, budgets)
        summary.files_reextracted = len(stale)
    corrections.mark_applied(con)
    _meta_set(con, "extraction_fingerprint", rules)

    changed = bool(summary.new_doc_ids or stale)
    if changed or not _graph_built(con):
        try:
            _rebuild_graph(con)
        except Exception as exc:  # noqa: BLE001 - documents are loaded; say so and go on
            log.exception("citation graph not rebuilt")
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
    con: duckdb.DuckDBPyConnection,
    summary: RunSummary,
    r: _Read,
    media: dict[str, str],
    corrections: corr.Corrections,
    budgets: Budgets = DEFAULT_BUDGETS,
) -> None:
    """Quarantine or load one file that has been read; one transaction per file."""
    ff, file_id, ft = r.ff, r.file_id, r.ft
    if ft is None:
        code = r.code or "internal_error"
        reason = r.reason or UnreadableFile.of(code).reason
        _quarantine(con, summary, file_id, ff, media[file_id], reason, code)
        return
    summary.pages_read += len(ft.pages)
    if not any(p.text.strip() for p in ft.pages):
        bad = UnreadableFile.of("no_text")
        _quarantine(con, summary, file_id, ff, media[file_id], bad.reason, bad.code)
        return
    try:
        docs = extract(ft, Path(ff.shown).name, budgets)
    except UnreadableFile as exc:
        _quarantine(con, summary, file_id, ff, ft.media_type, exc.reason, exc.code)
        return
    con.execute("BEGIN TRANSACTION")
    try:
        ids, n_cit = process_text(
            con,
            file_id=file_id,
            shown=ff.shown,
            size=ff.size,
            media_type=ft.media_type,
            ft=ft,
            run_id=summary.run_id,
            corrections=corrections,
            docs=docs,
        )
        con.execute("COMMIT")
    except duckdb.IOException:
        con.execute("ROLLBACK")
        raise  # disk full, read-only folder: the whole run stops, the archive unchanged
    except Exception as exc:  # noqa: BLE001 - the file is kept, with the reason
        con.execute("ROLLBACK")
        log.error("%s: documents not loaded: %s: %s", ff.shown, type(exc).__name__, exc)
        log.debug("details", exc_info=True)
        bad = UnreadableFile.of("extract_failed", f"{type(exc).__name__}: {exc}")
        _quarantine(con, summary, file_id, ff, ft.media_type, bad.reason, bad.code)
        return
    summary.files_new += 1
    summary.documents_new += len(ids)
    summary.citations_new += n_cit
    summary.new_doc_ids.extend(ids)


def _graph_built(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'nodes'"
        ).fetchone()[0]
    )


def _rebuild_graph(con: duckdb.DuckDBPyConnection) -> None:
    try:
        from pipeline.graph.build import rebuild_graph
    except ImportError:  # the graph stage is optional until it lands
        log.warning("citation graph stage not available; citations keep no target_key")
        return
    rebuild_graph(con)


def _quarantine(
    con,
    summary: RunSummary,
    file_id: str,
    ff: FoundFile,
    media_type: str | None,
    reason: str,
    code: str = "internal_error",
) -> None:
    log.warning("quarantined %s: %s", ff.shown, reason)
    load.delete_file_rows(con, file_id)
    load.upsert_file(
        con,
        file_id=file_id,
        path=ff.shown,
        size=ff.size,
        media_type=media_type,
        pages=None,
        text_source=None,
        ocr_confidence=None,
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
