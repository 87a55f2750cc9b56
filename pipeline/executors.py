"""Where files are read and their documents extracted: worker processes on this
machine (the default), or the workers of a Dask cluster.

The run (:mod:`pipeline.ingest`) hands an executor the files to read, in inbox order,
and gets back, in the same order, each file's text and documents (or why it could not
be read); it alone writes to the archive, in batches. Whatever runs where, the archive
is the same: the order of the results, and so of the rows, is the inbox order.

Local executor (``LocalExecutor``):

- plain text, web pages and Word files are read and extracted in worker processes, one
  per core: extraction is pure Python and would keep one core busy in the writer's
  process while the others idle;
- PDFs and images are read by threads of this process: their pages that need OCR go to
  the OCR page pool (:func:`pipeline.read.ocr.ocr_jobs`, one Tesseract per core), so
  pages, not files, are the unit of OCR work and the pages of several files are in
  flight at once; the text they give is then extracted in the worker processes.

Dask executor (``DaskExecutor``): every file is one task on a Dask worker (read, OCR of
its pages one after another on that worker's core, extraction); the files must be at
the same path on every worker (a shared folder). Results come back to the writer here.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.errors import MissingDependency, UnreadableFile
from schemas.records import DocumentRecord, FileText

log = logging.getLogger(__name__)

OCR_MEDIA_PREFIXES = ("application/pdf", "image/")


@dataclass(frozen=True, slots=True)
class Job:
    """One file to read (or, with ``ft`` set, whose stored text to extract again)."""

    path: str
    shown: str  # the path as recorded
    file_id: str
    media_type: str
    pages: int = 1  # expected pages, for the progress bar
    ft: FileText | None = None


@dataclass(slots=True)
class Done:
    """What became of one job."""

    job: Job
    ft: FileText | None
    docs: list[DocumentRecord] | None
    reason: str | None = None  # why the file could not be read (it is quarantined)
    extract_error: str | None = None  # read, but extraction failed (quarantined too)


def needs_ocr_reader(media_type: str) -> bool:
    """PDFs and images may need OCR: their pages go to the OCR page pool."""
    return media_type.startswith(OCR_MEDIA_PREFIXES)


def read_text(job: Job, options, on_page: Callable[[int], None] | None = None):  # noqa: ANN001
    """The text of one file, or why it cannot be read: (FileText | None, reason | None)."""
    from pipeline.read import text

    try:
        return text.read_file(job.path, options, on_page=on_page), None
    except UnreadableFile as exc:
        return None, exc.reason
    except MissingDependency:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the night
        log.exception("unexpected error reading %s", job.shown)
        return None, f"could not be read (internal error: {type(exc).__name__}: {exc})"


def extract_docs(ft: FileText, shown: str) -> tuple[list[DocumentRecord] | None, str | None]:
    """The documents of one file's text, or the error that stopped their extraction."""
    from extractors import extract_documents

    try:
        return extract_documents(ft, Path(shown).name), None
    except Exception as exc:  # noqa: BLE001 - the file is kept, with the reason
        log.exception("unexpected error extracting %s", shown)
        return None, f"{type(exc).__name__}: {exc}"


def read_and_extract(job: Job, options) -> Done:  # noqa: ANN001
    """One whole job, as a worker runs it: read (unless the text is known), extract."""
    if job.ft is not None:
        ft, reason = job.ft, None
    else:
        ft, reason = read_text(job, options)
    if ft is None:
        return Done(job, None, None, reason)
    if not any(p.text.strip() for p in ft.pages):
        return Done(job, ft, None, None)  # the writer quarantines it (blank)
    docs, err = extract_docs(ft, job.shown)
    return Done(_light(job), ft, docs, None, err)


def _extract_job(job: Job, ft: FileText) -> Done:
    docs, err = extract_docs(ft, job.shown)
    return Done(_light(job), ft, docs, None, err)


def _light(job: Job) -> Job:
    """The job without its text (the result carries it once)."""
    return replace(job, ft=None) if job.ft is not None else job


class LocalExecutor:
    """Worker processes on this machine (see the module docstring)."""

    def __init__(self, options, jobs: int = 0) -> None:  # noqa: ANN001
        self.options = options
        self.workers = max(1, jobs if jobs > 0 else (os.cpu_count() or 1))
        self._procs: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    # One pool for the whole run. Workers come from a fork server (started clean, with
    # the extractors preloaded), so they start fast and never inherit the writer's
    # threads or its open database as a plain fork would.
    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._procs is None:
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(["extractors", "pipeline.read.text"])
                self._procs = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
            return self._procs

    def _reset_pool(self) -> None:
        with self._lock:
            if self._procs is not None:
                self._procs.shutdown(wait=False, cancel_futures=True)
                self._procs = None

    def close(self) -> None:
        self._reset_pool()

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        self.close()

    def _in_process(self, fn, *args) -> Done:  # noqa: ANN001
        """Run ``fn`` in a worker process; a crashed worker costs one file, not the run."""
        job: Job = args[0]
        try:
            return self._pool().submit(fn, *args).result()
        except BrokenProcessPool:
            self._reset_pool()
            return Done(
                _light(job),
                None,
                None,
                "a worker process crashed on this file (lỗi khi đọc tệp); it will be tried again",
            )

    def run(
        self, jobs: Iterable[Job], on_pages: Callable[[int], None] | None = None
    ) -> Iterator[Done]:
        """Each job's result, in the order of ``jobs``, with a bounded number in flight."""
        window = 4 * self.workers
        advance = on_pages or (lambda n: None)

        def threaded(job: Job) -> Done:
            if job.ft is not None or not needs_ocr_reader(job.media_type):
                done = self._in_process(read_and_extract, job, self.options)
                advance(len(done.ft.pages) if done.ft is not None else job.pages)
                return done
            reported = 0

            def on_page(n: int) -> None:
                nonlocal reported
                reported += n
                advance(n)

            ft, reason = read_text(job, self.options, on_page)
            expected = len(ft.pages) if ft is not None else job.pages
            if expected > reported:
                advance(expected - reported)
            if ft is None:
                return Done(job, None, None, reason)
            if not any(p.text.strip() for p in ft.pages):
                return Done(job, ft, None, None)
            return self._in_process(_extract_job, job, ft)

        # Threads only wait (on a worker process or on OCR subprocesses): the work runs
        # on every core while the writer loads what came back.
        with ThreadPoolExecutor(max_workers=window, thread_name_prefix="vanthu-work") as pool:
            pending: deque[Future[Done]] = deque()
            queue = iter(jobs)
            try:
                for job in queue:
                    pending.append(pool.submit(threaded, job))
                    if len(pending) >= window:
                        break
                while pending:
                    done = pending.popleft().result()
                    nxt = next(queue, None)
                    if nxt is not None:
                        pending.append(pool.submit(threaded, nxt))
                    yield done
            finally:
                for f in pending:
                    f.cancel()


class DaskExecutor:
    """Files as tasks on a Dask cluster (``pip install vanthu[cluster]``)."""

    def __init__(self, options, scheduler: str | object) -> None:  # noqa: ANN001
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise MissingDependency(
                "the Dask executor needs the 'cluster' extra: pip install 'vanthu[cluster]'"
            ) from exc
        # One OCR process per task: the cluster's cores are the unit, not this machine's.
        self.options = replace(options, jobs=1)
        self._own = not hasattr(scheduler, "scheduler_address")
        address = scheduler if self._own else scheduler.scheduler_address  # a LocalCluster
        self.client = Client(address)
        self.workers = max(1, sum(self.client.nthreads().values()))

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        self.close()

    def run(
        self, jobs: Iterable[Job], on_pages: Callable[[int], None] | None = None
    ) -> Iterator[Done]:
        window = 4 * self.workers
        advance = on_pages or (lambda n: None)
        pending: deque = deque()
        queue = iter(jobs)

        def submit(job: Job) -> None:
            # pure=False: the same path submitted twice (a re-run) is read again
            pending.append(
                (job, self.client.submit(read_and_extract, job, self.options, pure=False))
            )

        for job in queue:
            submit(job)
            if len(pending) >= window:
                break
        try:
            while pending:
                job, fut = pending.popleft()
                try:
                    done = fut.result()
                except MissingDependency:
                    raise
                except Exception as exc:  # noqa: BLE001 - a lost worker costs one file
                    done = Done(_light(job), None, None, f"a cluster worker failed: {exc}")
                nxt = next(queue, None)
                if nxt is not None:
                    submit(nxt)
                advance(len(done.ft.pages) if done.ft is not None else job.pages)
                yield done
        finally:
            for _, f in pending:
                f.cancel()


class LazyExecutor:
    """An executor made on first use: a run with nothing to read starts no workers."""

    def __init__(self, make: Callable[[], LocalExecutor | DaskExecutor]) -> None:
        self._make = make
        self._ex: LocalExecutor | DaskExecutor | None = None

    def run(self, jobs: Iterable[Job], on_pages: Callable[[int], None] | None = None):  # noqa: ANN201
        jobs = list(jobs)
        if not jobs:
            return iter(())
        if self._ex is None:
            self._ex = self._make()
        return self._ex.run(jobs, on_pages)

    def close(self) -> None:
        if self._ex is not None:
            self._ex.close()

    def __enter__(self) -> LazyExecutor:
        return self

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        self.close()


def make_executor(options, *, jobs: int = 0, executor: str = "local", scheduler=None):  # noqa: ANN001
    """The executor named on the command line (``--executor local|dask``)."""
    if executor == "dask":
        if not scheduler:
            from pipeline.errors import VanthuError

            raise VanthuError("--executor dask needs --scheduler tcp://HOST:8786")
        return DaskExecutor(options, scheduler)
    return LocalExecutor(options, jobs)
