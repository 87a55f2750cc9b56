"""The nightly run: inbox -> text -> documents -> DuckDB -> citation graph.

The order of the stages lives here and only here:

1. ``scan_inbox``   every file under the inbox; unchanged paths (same size and mtime)
                     are not even re-hashed.
2. ``read_file``     text per page (text layer, OCR, plain, markup) — pipeline.read.text
3. ``extract``       documents, header fields, citations, deadlines — extractors
4. ``corrections``   archivists' corrections override extracted values
5. ``load``          idempotent upserts keyed by content hash
6. ``rebuild_graph`` one node per cited document, campaigns — pipeline.graph.resolve

Input files are only ever opened for reading. A file that cannot be read is recorded
as ``quarantined`` with a plain-language reason and the run goes on.
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

from pipeline.errors import ExitCode, MissingDependency
from pipeline.executors import Done, Job, LazyExecutor, LocalExecutor, make_executor
from pipeline.read.detect import detect_media_type
from pipeline.store import corrections as corr
from pipeline.store import db as dbmod
from pipeline.store import load
from schemas.records import FileText, PageText

log = logging.getLogger(__name__)

VERSION = "0.1.0"
HASH_CHUNK = 1 << 20
# Files loaded per transaction: one INSERT per table for all of them.
BATCH_FILES = 200


@dataclass(frozen=True, slots=True)
class FoundFile:
    path: Path
    shown: str  # the path as recorded (relative to the working directory when inside it)
    size: int
    mtime: float


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

    @property
    def exit_code(self) -> int:
        if self.graph_error:
            return int(ExitCode.other_error)
        return int(ExitCode.quarantined if self.quarantined_new else ExitCode.ok)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def scan_inbox(inbox: Path) -> Iterator[FoundFile]:
    """Every regular file under ``inbox``, recursively, in a stable order.

    Hidden files (``.gitkeep``, ``.DS_Store``) and symlinks to directories are skipped.
    """
    for root, dirs, files in os.walk(inbox):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            p = Path(root) / name
            try:
                st = p.stat()
            except OSError as exc:
                log.warning("cannot stat %s: %s", p, exc)
                continue
            if not p.is_file():
                continue
            yield FoundFile(p, _shown(p), st.st_size, st.st_mtime)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(HASH_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def extract(ft: FileText, source_name: str):
    from extractors import extract_documents

    return extract_documents(ft, source_name)


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
        "SELECT page, source, confidence, text FROM pages WHERE file_id = ? ORDER BY page",
        [file_id],
    ).fetchall()
    meta = con.execute(
        "SELECT media_type, text_source FROM files WHERE file_id = ?", [file_id]
    ).fetchone()
    if not rows or meta is None:
        return None
    pages = tuple(PageText(page=r[0], text=r[3] or "", source=r[1], confidence=r[2]) for r in rows)
    return FileText(media_type=meta[0], pages=pages, text_source=meta[1])


def reextract(
    con: duckdb.DuckDBPyConnection,
    file_ids: list[str],
    run_id: int,
    corrections: corr.Corrections,
    executor: LocalExecutor | None = None,
) -> tuple[int, int]:
    """Re-run extraction from the stored page text (no OCR): after an upgrade or a correction."""
    own = executor is None
    executor = executor or LocalExecutor(None)
    jobs = []
    for file_id in file_ids:
        ft = stored_text(con, file_id)
        if ft is None:
            continue
        path, size, media = con.execute(
            "SELECT path, size_bytes, media_type FROM files WHERE file_id = ?", [file_id]
        ).fetchone()
        jobs.append(Job(path, path, file_id, media, len(ft.pages), ft))
    size_of = dict(
        con.execute(
            "SELECT file_id, size_bytes FROM files WHERE file_id IN (SELECT unnest(?))",
            [[j.file_id for j in jobs]],
        ).fetchall()
    )
    summary = RunSummary(run_id=run_id)
    batch = load.Batch()
    try:
        for done in executor.run(jobs):
            ff = FoundFile(Path(done.job.path), done.job.shown, size_of[done.job.file_id], 0.0)
            if done.docs is None:  # stored text that no longer extracts: say so, keep going
                raise RuntimeError(
                    f"{done.job.shown}: documents could not be extracted: {done.extract_error}"
                )
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
    executor: str = "local",
    scheduler: str | object | None = None,
) -> RunSummary:
    """Read every new file under ``inbox`` into the archive at ``db_path``."""
    t0 = time.monotonic()
    inbox = Path(inbox)
    if not inbox.is_dir():
        from pipeline.errors import VanthuError

        err = VanthuError(f"inbox {inbox} is not a folder")
        err.exit_code = ExitCode.bad_args
        raise err
    text = _LazyText()  # OpenCV and the readers are imported only when a file is read
    con = dbmod.connect(db_path)
    summary = RunSummary(run_id=_next_run_id(con))
    started = dt.datetime.now()
    con.execute(
        "INSERT INTO runs (run_id, started_at, inbox, version) VALUES (?,?,?,?)",
        [summary.run_id, started, str(inbox), VERSION],
    )
    corrections = corr.load(corrections_path)
    cache = str(dbmod.cache_dir_for(db_path) / "ocr")

    def opts():  # noqa: ANN202
        return text.TextOptions(jobs=jobs, cache_dir=cache)

    try:
        with LazyExecutor(
            lambda: make_executor(opts(), jobs=jobs, executor=executor, scheduler=scheduler)
        ) as ex:
            _run(
                con,
                summary,
                inbox,
                opts,
                text,
                corrections,
                executor=ex,
                reextract_all=reextract_all,
                retry_quarantined=retry_quarantined,
                progress=progress,
            )
    except MissingDependency:
        con.execute(
            "UPDATE runs SET finished_at = ?, exit_code = ? WHERE run_id = ?",
            [dt.datetime.now(), int(ExitCode.missing_dependency), summary.run_id],
        )
        con.close()
        raise
    summary.seconds = time.monotonic() - t0
    con.execute(
        "UPDATE runs SET finished_at = ?, files_seen = ?, files_new = ?, files_skipped = ?, "
        "quarantined_new = ?, documents_new = ?, citations_new = ?, pages_read = ?, seconds = ?, "
        "exit_code = ? WHERE run_id = ?",
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
    con.close()
    return summary


def _run(
    con,
    summary: RunSummary,
    inbox: Path,
    opts,
    text,
    corrections,
    *,
    executor,
    reextract_all: bool,
    retry_quarantined: bool,
    progress: bool,
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
    for ff in scan_inbox(inbox):
        summary.files_seen += 1
        prev = known_paths.get(ff.shown)
        if prev and prev[1] == ff.size and prev[2] == ff.mtime:
            file_id = prev[0]  # unchanged: no re-hashing
            unchanged.append(ff.shown)
        else:
            try:
                file_id = sha256_file(ff.path)
            except OSError as exc:
                log.error("cannot read %s: %s", ff.shown, exc)
                summary.quarantined_new.append((ff.shown, f"cannot be opened for reading: {exc}"))
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

    media: dict[str, str] = {}
    pages_of: dict[str, int] = {}
    for ff, file_id in todo:
        media[file_id] = detect_media_type(ff.path)
        try:
            pages_of[file_id] = max(1, text.count_pages(ff.path, media[file_id]))
        except Exception:  # noqa: BLE001 - a bad file is dealt with when it is read
            pages_of[file_id] = 1
    total_pages = sum(pages_of.values())

    if any(_needs_ocr(media[fid]) for _, fid in todo):
        text.check_tesseract(opts().ocr_lang)  # fail before reading anything, exit code 4

    jobs_todo = [Job(str(ff.path), ff.shown, fid, media[fid], pages_of[fid]) for ff, fid in todo]
    found = {fid: ff for ff, fid in todo}
    with _progress(progress and total_pages > 0) as prog:
        task = prog.add_task("reading", total=total_pages) if prog else None
        advance = (lambda n: prog.advance(task, n)) if prog is not None else None
        # Files are read and extracted by the executor's workers; this process alone
        # writes, in batches, in inbox order (so a run is deterministic).
        batch = load.Batch()
        for done in executor.run(jobs_todo, advance):
            ff = found[done.job.file_id]
            if prog is not None:
                prog.update(task, description=_short(ff.shown))
            _load_one(summary, batch, ff, done, corrections)
            if len(batch) >= BATCH_FILES:
                _flush(con, batch)
        _flush(con, batch)

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
        reextract(con, stale, summary.run_id, corrections, executor)
        summary.files_reextracted = len(stale)
    corrections.mark_applied(con)
    _meta_set(con, "extraction_fingerprint", rules)

    if stale:
        _mark_changed(con, stale)
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
    con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _meta_set(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("DELETE FROM meta WHERE key = ?", [key])
    con.execute("INSERT INTO meta VALUES (?, ?)", [key, value])


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
        _quarantine(batch, summary, file_id, ff, media_type, done.reason or "could not be read")
        return
    summary.pages_read += len(ft.pages)
    if not any(p.text.strip() for p in ft.pages):
        _quarantine(
            batch,
            summary,
            file_id,
            ff,
            media_type,
            "no text found on any page (trang trắng): blank or unreadable scan",
        )
        return
    docs = done.docs
    try:
        if docs is None:
            raise RuntimeError(done.extract_error)
        docs = corrections.apply_segmentation(file_id, docs)
        rows = load.document_rows(
            file_id=file_id,
            source_path=ff.shown,
            docs=docs,
            corrected=corrections.values_for(file_id),
        )
    except Exception as exc:  # noqa: BLE001 - the file is kept, with the reason
        log.error("unexpected error extracting %s: %s", ff.shown, exc)
        _quarantine(
            batch,
            summary,
            file_id,
            ff,
            ft.media_type,
            f"text was read but documents could not be extracted (internal error: {exc})",
        )
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
    """Write a batch; its files are then pending for the graph update."""
    ids = list(batch.file_ids)
    batch.flush(con)
    _mark_changed(con, ids)


def _mark_changed(con: duckdb.DuckDBPyConnection, file_ids: list[str]) -> None:
    from pipeline.graph.incremental import mark_files_changed

    mark_files_changed(con, file_ids)


def _update_graph(con: duckdb.DuckDBPyConnection) -> None:
    from pipeline.graph.incremental import update_graph

    update_graph(con)


def _quarantine(
    batch: load.Batch,
    summary: RunSummary,
    file_id: str,
    ff: FoundFile,
    media_type: str | None,
    reason: str,
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
