"""Where files are read and their documents extracted: bounded worker processes on this
machine (the default), or the workers of a Dask cluster.

The run (:mod:`pipeline.ingest`) hands an executor the files to read, in inbox order,
and gets back, in the same order, each file's text and documents (or why it could not
be read, with its reason code); it alone writes to the archive, in batches. Whatever
runs where, the archive is the same: the order of the results, and so of the rows, is
the inbox order.

Local executor (``LocalExecutor``): each file is read, and its documents extracted, in a
worker of :mod:`pipeline.read.sandbox` (a killable process with a memory limit, the
page budget while it reads and the file budget while it extracts), several files at
once (one per core). A hostile file costs its own worker, never the run: the writer's
process runs no reader and no extractor. The pages of a scanned file are read one after
another in its worker while other files keep the other cores busy, and spread over that
worker's OCR processes (its process group, killed with it) when the file is long or one
of the last (:func:`page_processes`).

Dask executor (``DaskExecutor``): every file is one task on a Dask worker (read, OCR of
its pages one after another on that worker's core, extraction); the files must be at
the same path on every worker (a shared folder). Results come back to the writer here.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.errors import MissingDependency, UnreadableFile
from pipeline.read import sandbox
from pipeline.read.sandbox import DEFAULT_BUDGETS, Budgets
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
    detected: object | None = None  # pipeline.read.detect.Detected: the reader trusts it


@dataclass(slots=True)
class Done:
    """What became of one job."""

    job: Job
    ft: FileText | None
    docs: list[DocumentRecord] | None
    reason: str | None = None  # why the file could not be read (it is quarantined)
    extract_error: str | None = None  # read, but extraction failed (quarantined too)
    code: str | None = None  # the pipeline.reasons code of reason / extract_error
    unbounded: bool = False  # read without the sandbox's budgets (a daemonic Dask worker)


def needs_ocr_reader(media_type: str) -> bool:
    """PDFs and images may need OCR."""
    return media_type.startswith(OCR_MEDIA_PREFIXES)


def _internal(exc: Exception) -> UnreadableFile:
    return UnreadableFile.of("internal_error", f"{type(exc).__name__}: {exc}")


def read_text(job: Job, options, on_page: Callable[[int], None] | None = None):  # noqa: ANN001
    """The text of one file in this process (a Dask task), or why it cannot be read:
    (FileText | None, reason | None, code | None)."""
    from pipeline.read import text

    try:
        return text.read_file(job.detected or job.path, options, on_page=on_page), None, None
    except UnreadableFile as exc:
        return None, exc.reason, exc.code
    except MissingDependency:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the night
        log.exception("unexpected error reading %s", job.shown)
        bad = _internal(exc)
        return None, bad.reason, bad.code


def extract_docs(ft: FileText, shown: str) -> tuple[list[DocumentRecord] | None, str | None]:
    """The documents of one file's text, or the error that stopped their extraction."""
    from extractors import extract_documents

    try:
        return extract_documents(ft, Path(shown).name), None
    except Exception as exc:  # noqa: BLE001 - the file is kept, with the reason
        log.exception("unexpected error extracting %s", shown)
        return None, f"{type(exc).__name__}: {exc}"


def read_and_extract(job: Job, options) -> Done:  # noqa: ANN001
    """One whole job in this process, as a Dask worker runs it: read (unless the text is
    known), extract."""
    if job.ft is not None:
        ft, reason, code = job.ft, None, None
    else:
        ft, reason, code = read_text(job, options)
    if ft is None:
        return Done(job, None, None, reason, code=code)
    if not any(p.text.strip() for p in ft.pages):
        return Done(_light(job), ft, None, None)  # the writer quarantines it (blank)
    docs, err = extract_docs(ft, job.shown)
    bad = UnreadableFile.of("extract_failed", err) if err else None
    return Done(
        _light(job), ft, docs, None, bad.reason if bad else None, code=bad.code if bad else None
    )


def _light(job: Job) -> Job:
    """The job without its text (the result carries it once)."""
    return replace(job, ft=None) if job.ft is not None else job


def sandboxed(
    job: Job,
    options,  # noqa: ANN001
    budgets: Budgets = DEFAULT_BUDGETS,
    on_page: Callable[[int], None] | None = None,
) -> Done:
    """One job in sandbox workers: read within the page budget and the memory limit,
    extract within the file budget (:mod:`pipeline.read.sandbox`)."""
    if job.ft is not None:
        ft = job.ft
    else:
        try:
            ft = sandbox.read_file(job.detected or job.path, options, budgets, on_page=on_page)
        except UnreadableFile as exc:
            return Done(job, None, None, exc.reason, code=exc.code)
        except MissingDependency:
            raise
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the night
            log.error("unexpected error reading %s: %s: %s", job.shown, type(exc).__name__, exc)
            bad = _internal(exc)
            return Done(job, None, None, bad.reason, code=bad.code)
    if not any(p.text.strip() for p in ft.pages):
        return Done(_light(job), ft, None, None)  # the writer quarantines it (blank)
    try:
        docs = sandbox.extract_documents(ft, Path(job.shown).name, budgets)
    except UnreadableFile as exc:  # past the file budget, out of memory, crashed
        return Done(_light(job), ft, None, None, exc.reason, code=exc.code)
    except MissingDependency:
        raise
    except Exception as exc:  # noqa: BLE001 - the file is kept, with the reason
        bad = _internal(exc)
        return Done(_light(job), ft, None, None, bad.reason, code=bad.code)
    return Done(_light(job), ft, docs, None)


def local_workers(jobs: int = 0) -> int:
    """Worker processes of the local executor: ``jobs``, or one per core."""
    return max(1, jobs if jobs > 0 else (os.cpu_count() or 1))


def prestart_workers(jobs: int = 0, budgets: Budgets = DEFAULT_BUDGETS) -> None:
    """Start the local executor's workers in the background, ahead of its first file."""
    sandbox.prestart(local_workers(jobs), budgets)


class LocalExecutor:
    """Sandbox workers on this machine, one file per core at once (module docstring)."""

    def __init__(self, options, jobs: int = 0, budgets: Budgets = DEFAULT_BUDGETS) -> None:  # noqa: ANN001
        self.options = options
        self.budgets = budgets
        self.workers = local_workers(jobs)

    def close(self) -> None:
        """Nothing to stop: sandbox workers are reused from run to run."""

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        self.close()

    def run(
        self, jobs: Iterable[Job], on_pages: Callable[[int], None] | None = None
    ) -> Iterator[Done]:
        """Each job's result, in the order of ``jobs``, with a bounded number in flight.

        Small files go to a worker several at a time (:func:`batches`), each with its own
        budgets (:func:`pipeline.read.sandbox.read_and_extract_many`)."""
        window = 2 * self.workers
        advance = on_pages or (lambda n: None)
        jobs = list(jobs)
        after = pages_after(jobs)

        def threaded(batch: list[Job]) -> list[Done]:
            reported = [0] * len(batch)
            options = self.options
            if len(batch) == 1 and batch[0].ft is None and needs_ocr_reader(batch[0].media_type):
                job = batch[0]
                options = replace(
                    options, jobs=page_processes(job.pages, after[job.file_id], self.workers)
                )

            def on_page(i: int, n: int) -> None:
                reported[i] += n
                advance(n)

            items = [
                (
                    None if job.ft is not None else _source(job),
                    Path(job.shown).name,
                    job.ft,
                )
                for job in batch
            ]
            out = []
            for i, got in enumerate(
                sandbox.read_and_extract_many(items, options, self.budgets, on_page)
            ):
                done = _done(batch[i], got)
                expected = len(done.ft.pages) if done.ft is not None else batch[i].pages
                if expected > reported[i]:  # pages not reported (stored text, a failed file)
                    advance(expected - reported[i])
                out.append(done)
            return out

        # Threads only wait on their sandbox worker: the work runs on every core while
        # the writer loads what came back.
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="vanthu-work") as pool:
            pending: deque[Future[list[Done]]] = deque()
            queue = batches(jobs, self.workers)
            try:
                for batch in queue:
                    pending.append(pool.submit(threaded, batch))
                    if len(pending) >= window:
                        break
                while pending:
                    done = pending.popleft().result()
                    nxt = next(queue, None)
                    if nxt is not None:
                        pending.append(pool.submit(threaded, nxt))
                    yield from done
            finally:
                for f in pending:
                    f.cancel()


def pages_after(jobs: list[Job]) -> dict[str, int]:
    """For each job (by file id), the expected pages of the jobs after it."""
    out: dict[str, int] = {}
    total = 0
    for job in reversed(jobs):
        out[job.file_id] = total
        total += job.pages
    return out


# Starting a worker's OCR processes costs about a page's time (a fork server importing
# the OCR stack, a check of Tesseract in each process): a file of fewer pages is read
# sooner one page after another (two real scans of 3 and 2 pages: 10.8 s against 12.4 s,
# and 15.1 s against 17.3 s, when their pages were spread).
SPREAD_MIN_PAGES = 4


def page_processes(pages: int, pages_after: int, workers: int) -> int:
    """How many OCR processes a worker uses for the pages of a file that may need OCR.

    Pages are the unit of OCR work. While the files after this one have enough pages to
    keep the other workers busy, its pages are read one after another in its own worker
    (1): no OCR processes to start, never more Tesseracts than cores. A long file, or
    one of the last of at least ``SPREAD_MIN_PAGES`` pages, spreads its pages over as
    many OCR processes as the machine has workers (``workers``), so that no core waits
    for it.

    >>> [page_processes(p, after, 2) for p, after in [(3, 24), (20, 1), (4, 0), (3, 0)]]
    [1, 2, 2, 1]
    """
    if workers <= 1 or pages < SPREAD_MIN_PAGES or pages_after >= (workers - 1) * pages:
        return 1
    return workers


# Files sent to a worker in one request, at most: enough to make a round trip per file
# negligible, few enough that every core gets work and results come back steadily.
MAX_BATCH = 8


def batches(jobs: list[Job], workers: int) -> Iterator[list[Job]]:
    """The jobs in consecutive groups for one worker request each, in order.

    A file that may need OCR (PDF, image) goes alone: its pages are long work, spread
    over the worker's OCR processes. Other files go in groups of up to ``MAX_BATCH``,
    smaller when there are few, so that every worker has several groups to take."""
    per = max(1, min(MAX_BATCH, len(jobs) // (4 * workers)))
    group: list[Job] = []
    for job in jobs:
        if job.ft is None and needs_ocr_reader(job.media_type):
            if group:
                yield group
                group = []
            yield [job]
            continue
        group.append(job)
        if len(group) >= per:
            yield group
            group = []
    if group:
        yield group


def _source(job: Job):  # noqa: ANN202
    """What the reader is given: the detected file (its media type trusted), or its path."""
    src = job.detected or job.path
    return src if hasattr(src, "media_type") else str(src)


def _done(job: Job, got: sandbox.FileOutcome) -> Done:
    """A job's result from its outcome in a worker (as :func:`sandboxed` gives it)."""
    if got.ft is None:  # not read: past the page budget, crashed, unreadable
        return Done(job, None, None, got.reason, code=got.code)
    if got.blank:
        return Done(_light(job), got.ft, None, None)  # the writer quarantines it (blank)
    if got.docs is None:  # past the file budget, out of memory, crashed, failed
        return Done(_light(job), got.ft, None, None, got.reason, code=got.code)
    return Done(_light(job), got.ft, got.docs, None)


def cluster_task(job: Job, options, budgets: Budgets = DEFAULT_BUDGETS) -> Done:  # noqa: ANN001
    """One file on a Dask worker, with the local run's budgets: read and extracted in a
    sandbox worker (memory limit, page and file budgets), as :class:`LocalExecutor` does.

    A sandbox worker is a child process, which a daemonic Dask worker may not start (Dask's
    default): start the workers with ``DASK_DISTRIBUTED__WORKER__DAEMON=False`` (README,
    "Running on several machines"). On a daemonic worker the file is read without budgets,
    and the result says so in the log of the run.
    """
    import multiprocessing

    if multiprocessing.current_process().daemon:
        done = read_and_extract(job, options)
        return replace(done, unbounded=True)
    return sandboxed(job, options, budgets)


class DaskExecutor:
    """Files as tasks on a Dask cluster (``pip install vanthu[cluster]``)."""

    def __init__(
        self,
        options,  # noqa: ANN001
        scheduler: str | object,
        budgets: Budgets = DEFAULT_BUDGETS,
    ) -> None:
        self.budgets = budgets
        self._warned = False
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
                (
                    job,
                    self.client.submit(cluster_task, job, self.options, self.budgets, pure=False),
                )
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
                    bad = UnreadableFile.of("reader_crashed", f"a cluster worker failed: {exc}")
                    done = Done(_light(job), None, None, bad.reason, code=bad.code)
                if done.unbounded and not self._warned:
                    self._warned = True
                    log.warning(
                        "the Dask workers are daemonic processes: files are read there "
                        "without the memory limit and the page and file budgets; start "
                        "them with DASK_DISTRIBUTED__WORKER__DAEMON=False"
                    )
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


def make_executor(
    options,  # noqa: ANN001
    *,
    jobs: int = 0,
    executor: str = "local",
    scheduler=None,  # noqa: ANN001
    budgets: Budgets = DEFAULT_BUDGETS,
):  # noqa: ANN201
    """The executor named on the command line (``--executor local|dask``)."""
    if executor == "dask":
        if not scheduler:
            from pipeline.errors import VanthuError

            raise VanthuError("--executor dask needs --scheduler tcp://HOST:8786")
        return DaskExecutor(options, scheduler, budgets)
    return LocalExecutor(options, jobs, budgets)
