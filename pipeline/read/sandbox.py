"""Reading and extracting one file in a process that can be killed, with budgets.

A hostile file must not hold the night or eat the machine. Each file is read (and its
documents extracted) in a worker process that:

- runs with an address-space limit (``resource.setrlimit(RLIMIT_AS)``,
  :attr:`Budgets.memory_mb`): a decompression bomb fails with ``MemoryError`` in the
  worker, not in the run;
- reports each page as it finishes; when no page finishes within
  :attr:`Budgets.page_seconds` (PDF parsing, OCR of a page), or extraction of one
  file's text takes longer than :attr:`Budgets.file_seconds`, the worker and
  everything it started (its process group: OCR workers, tesseract) is killed and the
  file is quarantined with that reason (``page_timeout``, ``file_timeout``);
- when it dies (a crash in a C library), the file is quarantined as
  ``reader_crashed`` and a fresh worker takes the next file.

Workers are started once (from a fork server that has the readers imported) and
reused from file to file and run to run.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import multiprocessing.util
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.errors import MissingDependency, UnreadableFile

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Budgets:
    """Limits on the work one file may cost. Defaults are in README ("Budgets")."""

    # Longest wait for the next page of a file: text-layer parsing or OCR of one page.
    page_seconds: float = 300.0
    # Longest extraction of the documents of one file from its text.
    file_seconds: float = 300.0
    # Address space of a reader process (MB); DuckDB is not in it.
    memory_mb: int = 2048


DEFAULT_BUDGETS = Budgets()


class BudgetExceeded(Exception):
    def __init__(self, code: str, seconds: float):
        super().__init__(code)
        self.code = code
        self.seconds = seconds


# ---------------------------------------------------------------- in the worker


def _limit_memory(memory_mb: int) -> None:
    import resource

    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(conn, memory_mb: int) -> None:  # pragma: no cover - runs in the worker
    """The worker's loop: one request at a time, answered with ok/err, pages as beats."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)  # its own process group, so a kill takes OCR children too
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(memory_mb)
    try:
        _answer(conn)
    finally:
        # A worker process ends without running atexit handlers: its OCR processes are
        # told to stop here, or its exit would wait on them until it is killed.
        ocr = sys.modules.get("pipeline.read.ocr")
        if ocr is not None:
            ocr.shutdown_pool(wait=True)


def _answer(conn) -> None:  # pragma: no cover - runs in the worker
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        if req is None:
            return
        kind, args = req
        try:
            result = _HANDLERS[kind](conn, *args)
            conn.send(("ok", result))
        except UnreadableFile as exc:
            conn.send(("unreadable", exc.code, exc.reason))
        except MissingDependency as exc:
            conn.send(("missing", str(exc)))
        except MemoryError:
            conn.send(("unreadable", "too_much_memory", None))
        except Exception as exc:  # noqa: BLE001 - reported to the parent in plain words
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


def _do_read(conn, path, options) -> Any:  # pragma: no cover - runs in the worker
    from pipeline.read import text

    return text.read_file(path, options, on_page=lambda n: conn.send(("page", n)))


def _do_extract(conn, ft, source_name: str) -> Any:  # pragma: no cover - runs in the worker
    from extractors import extract_documents

    return extract_documents(ft, source_name)


def _do_call(conn, fn: Callable, args: tuple) -> Any:  # pragma: no cover - tests, tools
    return fn(*args)


def _do_files(conn, items: list, options) -> None:  # pragma: no cover - runs in the worker
    """Several files in one request: each read (unless its text is given) and extracted.

    Each file's outcome is sent as soon as it is known, so the parent keeps each file's
    own budgets and, when this worker is killed or dies, knows which file it was on:
    ``("read", ft)`` when its text is read (``ft`` None when it was given) - extraction
    starts -, then ``("docs", docs)``, ``("blank",)`` (no text: nothing to extract) or
    ``("extract_failed", code, detail)``; or ``("read_failed", code, detail)`` instead.
    """
    from extractors import extract_documents
    from pipeline.read import text

    def beat(n: int) -> None:
        conn.send(("page", n))

    for source, source_name, given in items:
        ft = given
        if ft is None:
            ok, ft = _attempt(conn, "read_failed", text.read_file, source, options, on_page=beat)
            if not ok:
                continue
        conn.send(("read", None if given is not None else ft))
        if not any(p.text.strip() for p in ft.pages):
            conn.send(("blank",))
            continue
        ok, docs = _attempt(conn, "extract_failed", extract_documents, ft, source_name)
        if ok:
            conn.send(("docs", docs))


def _attempt(
    conn, failed: str, fn: Callable, *args, **kwargs
) -> tuple[bool, Any]:  # pragma: no cover - runs in the worker
    """``(True, fn(...))``; or ``(False, None)`` once the failure is sent as ``(failed,
    code, detail, the reason is the file's own)``. A missing dependency stops the run."""
    try:
        return True, fn(*args, **kwargs)
    except UnreadableFile as exc:
        conn.send((failed, exc.code, exc.reason, True))
    except MemoryError:
        conn.send((failed, "too_much_memory", None, False))
    except MissingDependency:
        raise  # the run stops (exit code 4)
    except Exception as exc:  # noqa: BLE001 - reported in plain words
        conn.send((failed, "internal_error", f"{type(exc).__name__}: {exc}", False))
    return False, None


_HANDLERS: dict[str, Callable] = {
    "read": _do_read,
    "extract": _do_extract,
    "call": _do_call,
    "files": _do_files,
}


# ---------------------------------------------------------------- in the parent


class _Worker:
    def __init__(self, memory_mb: int):
        ctx = _context()
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, memory_mb), daemon=False)
        self.proc.start()
        child.close()
        self.memory_mb = memory_mb
        self.told = False

    def kill(self) -> None:
        """Kill the worker and everything it started (its process group)."""
        pid = self.proc.pid
        if pid:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        self.proc.join(5)
        with contextlib.suppress(OSError):
            self.conn.close()

    def tell_stop(self) -> None:
        """Ask the worker to end when it is done (:meth:`stop` waits for it)."""
        if not self.told:
            self.told = True
            with contextlib.suppress(OSError, BrokenPipeError):
                self.conn.send(None)

    def stop(self) -> None:
        self.tell_stop()
        self.proc.join(2)
        if self.proc.is_alive():
            self.kill()

    def call(
        self,
        kind: str,
        args: tuple,
        *,
        idle_seconds: float,
        total_seconds: float,
        timeout_code: str,
        on_page: Callable[[int], None] | None = None,
    ) -> Any:
        self.conn.send((kind, args))
        start = last = time.monotonic()
        while True:
            now = time.monotonic()
            wait = min(idle_seconds - (now - last), total_seconds - (now - start))
            if wait <= 0:
                self.kill()
                spent = idle_seconds if now - last >= idle_seconds else total_seconds
                raise BudgetExceeded(timeout_code, spent)
            try:
                ready = self.conn.poll(min(wait, 1.0))
            except (EOFError, OSError):
                ready = True
            if not ready:
                if not self.proc.is_alive():
                    raise _Died(self.proc.exitcode)
                continue
            try:
                msg = self.conn.recv()
            except (EOFError, OSError):
                self.proc.join(5)
                raise _Died(self.proc.exitcode) from None
            if msg[0] == "page":
                last = time.monotonic()
                if on_page is not None:
                    on_page(msg[1])
                continue
            return msg


class _Died(Exception):
    def __init__(self, exitcode: int | None):
        super().__init__(exitcode)
        self.exitcode = exitcode


_CTX = None


def _context():
    global _CTX
    if _CTX is None:
        _CTX = multiprocessing.get_context("forkserver")
        # Readers and extractors imported once in the fork server, not in every worker.
        _CTX.set_forkserver_preload(["pipeline.read.text", "pipeline.read.ocr", "extractors"])
    return _CTX


class _Pool:
    """Idle workers, reused; a worker that was killed or died is replaced."""

    def __init__(self) -> None:
        self.idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self.all: list[_Worker] = []
        self.lock = threading.Lock()
        self.starting = 0  # workers being started by :meth:`prestart`

    def take(self, memory_mb: int) -> _Worker:
        while True:
            try:
                w = self.idle.get_nowait()
            except queue.Empty:
                with self.lock:
                    starting = self.starting
                if starting:  # one is on its way: wait for it rather than start another
                    try:
                        w = self.idle.get(timeout=0.05)
                    except queue.Empty:
                        continue
                else:
                    w = _Worker(memory_mb)
                    with self.lock:
                        self.all.append(w)
                    return w
            if w.proc.is_alive() and w.memory_mb == memory_mb:
                return w
            self._forget(w)

    def prestart(self, count: int, memory_mb: int) -> None:
        """Start workers in the background until ``count`` are there."""
        with self.lock:
            alive = sum(1 for w in self.all if w.proc.is_alive() and w.memory_mb == memory_mb)
            need = max(0, count - alive - self.starting)
            self.starting += need
        if not need:
            return

        def start() -> None:
            for _ in range(need):
                try:
                    w = _Worker(memory_mb)
                    with self.lock:
                        self.all.append(w)
                    self.idle.put(w)
                except Exception:  # noqa: BLE001 - take() starts one itself and says why
                    log.debug("worker not started in advance", exc_info=True)
                finally:
                    with self.lock:
                        self.starting -= 1

        threading.Thread(target=start, name="vanthu-prestart", daemon=True).start()

    def give(self, w: _Worker) -> None:
        self.idle.put(w)

    def _forget(self, w: _Worker) -> None:
        w.kill()
        with self.lock:
            if w in self.all:
                self.all.remove(w)

    def discard(self, w: _Worker) -> None:
        self._forget(w)

    def shutdown(self) -> None:
        deadline = time.monotonic() + 30  # workers being started are stopped too
        while self.starting and time.monotonic() < deadline:
            time.sleep(0.05)
        with self.lock:
            workers, self.all = self.all, []
        for w in workers:  # all told first, so that they end together
            w.tell_stop()
        for w in workers:
            w.stop()


_POOL = _Pool()
# After multiprocessing's own exit handler is registered, so this one runs first
# (atexit is last in, first out): that handler joins non-daemon workers, which only
# end when told to. (Workers are not daemons: a daemon cannot start OCR processes.)
multiprocessing.util._exit_function  # noqa: B018 - imported above for this order
atexit.register(_POOL.shutdown)


def _run(
    kind: str,
    args: tuple,
    budgets: Budgets,
    *,
    idle_seconds: float,
    total_seconds: float,
    timeout_code: str,
    on_page: Callable[[int], None] | None = None,
) -> Any:
    w = _POOL.take(budgets.memory_mb)
    try:
        msg = w.call(
            kind,
            args,
            idle_seconds=idle_seconds,
            total_seconds=total_seconds,
            timeout_code=timeout_code,
            on_page=on_page,
        )
    except BudgetExceeded as exc:
        _POOL.discard(w)
        raise UnreadableFile.of(exc.code, f"budget {exc.seconds:g} s") from None
    except _Died as exc:
        _POOL.discard(w)
        detail = f"exit code {exc.exitcode}" if exc.exitcode is not None else None
        if exc.exitcode in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS):
            detail = f"stopped by signal {-exc.exitcode}"
        raise UnreadableFile.of("reader_crashed", detail) from None
    except BaseException:
        _POOL.discard(w)
        raise
    _POOL.give(w)
    if msg[0] == "ok":
        return msg[1]
    if msg[0] == "unreadable":
        code, reason = msg[1], msg[2]
        if reason is None:
            reason = UnreadableFile.of(code, f"limit {budgets.memory_mb} MB").reason
        raise UnreadableFile(reason, code)
    if msg[0] == "missing":
        raise MissingDependency(msg[1])
    raise UnreadableFile.of("internal_error", msg[1])


def prestart(count: int, budgets: Budgets = DEFAULT_BUDGETS) -> None:
    """Start ``count`` workers now, in the background (the fork server imports the readers
    and extractors, a second or so), while the run walks, hashes and prepares its files."""
    _POOL.prestart(count, budgets.memory_mb)


def read_file(
    path, options, budgets: Budgets = DEFAULT_BUDGETS, on_page: Callable[[int], None] | None = None
):
    """``pipeline.read.text.read_file`` in a worker, within the page budget."""
    return _run(
        "read",
        (path if hasattr(path, "media_type") else str(path), options),
        budgets,
        idle_seconds=budgets.page_seconds,
        total_seconds=float("inf"),
        timeout_code="page_timeout",
        on_page=on_page,
    )


def extract_documents(ft, source_name: str, budgets: Budgets = DEFAULT_BUDGETS):
    """``extractors.extract_documents`` in a worker, within the file budget."""
    return _run(
        "extract",
        (ft, source_name),
        budgets,
        idle_seconds=budgets.file_seconds,
        total_seconds=budgets.file_seconds,
        timeout_code="file_timeout",
    )


def call(fn: Callable, *args, budgets: Budgets = DEFAULT_BUDGETS, seconds: float = 60.0):
    """Any picklable module-level function in a worker, under the memory limit."""
    return _run(
        "call",
        (fn, args),
        budgets,
        idle_seconds=seconds,
        total_seconds=seconds,
        timeout_code="file_timeout",
    )


@dataclass(slots=True)
class FileOutcome:
    """What became of one file of :func:`read_and_extract_many`."""

    ft: Any  # schemas.records.FileText | None: its text, when it was read
    docs: list | None  # its documents, when they were extracted
    code: str | None = None  # why it was not read (``ft`` None) or not extracted
    reason: str | None = None
    blank: bool = False  # read, but no text: nothing was extracted


def _failed(code: str, detail: str | None, plain: bool, budgets: Budgets) -> UnreadableFile:
    """The error a worker reported: its plain reason as it was, or made from the code."""
    if plain and detail is not None:
        return UnreadableFile(detail, code)
    if code == "too_much_memory" and detail is None:
        return UnreadableFile.of(code, f"limit {budgets.memory_mb} MB")
    return UnreadableFile.of(code, detail)


def read_and_extract_many(
    items: list[tuple[Any, str, Any]],
    options,  # noqa: ANN001
    budgets: Budgets = DEFAULT_BUDGETS,
    on_page: Callable[[int, int], None] | None = None,
):  # noqa: ANN201 - Iterator[FileOutcome]
    """Read and extract several files in one worker request, one outcome per file, in order.

    ``items``: (path or Detected, source name, stored FileText or None). Each file keeps
    its own budgets: the page budget while it is read (``on_page(index, n)`` as its pages
    finish), the file budget while its documents are extracted. A file past a budget, or
    whose worker dies, gets its reason (``page_timeout``, ``file_timeout``,
    ``reader_crashed``) and the files after it go on in a fresh worker. Small files cost
    one round trip to a worker together instead of two each.
    """
    pos = 0
    while pos < len(items):
        w = _POOL.take(budgets.memory_mb)
        try:
            w.conn.send(("files", (items[pos:], options)))
        except (OSError, BrokenPipeError):
            _POOL.discard(w)
            w = _POOL.take(budgets.memory_mb)
            w.conn.send(("files", (items[pos:], options)))
        kept = False
        try:
            ft = None  # the text of the file at ``pos`` once it is read
            reading = True
            last = time.monotonic()
            while True:
                now = time.monotonic()
                budget = budgets.page_seconds if reading else budgets.file_seconds
                wait = budget - (now - last)
                if wait <= 0:
                    w.kill()
                    code = "page_timeout" if reading else "file_timeout"
                    bad = UnreadableFile.of(code, f"budget {budget:g} s")
                    yield FileOutcome(ft, None, code, bad.reason)
                    pos += 1
                    break
                try:
                    ready = w.conn.poll(min(wait, 1.0))
                    msg = w.conn.recv() if ready else None
                except (EOFError, OSError):
                    w.proc.join(5)
                    msg = ("died",)
                if msg is None:
                    if w.proc.is_alive():
                        continue
                    msg = ("died",)
                kind = msg[0]
                if kind == "page":
                    last = time.monotonic()
                    if on_page is not None:
                        on_page(pos, msg[1])
                    continue
                if kind == "died":
                    exitcode = w.proc.exitcode
                    detail = f"exit code {exitcode}" if exitcode is not None else None
                    if exitcode in (
                        -signal.SIGKILL,
                        -signal.SIGSEGV,
                        -signal.SIGABRT,
                        -signal.SIGBUS,
                    ):
                        detail = f"stopped by signal {-exitcode}"
                    bad = UnreadableFile.of("reader_crashed", detail)
                    yield FileOutcome(ft, None, bad.code, bad.reason)
                    pos += 1
                    break
                if kind == "read":
                    ft = msg[1] if msg[1] is not None else items[pos][2]
                    reading, last = False, time.monotonic()  # its file budget starts
                    continue
                if kind in ("ok", "missing", "error", "unreadable"):
                    # the request is over: every file answered, or the worker's loop
                    # stopped on a missing dependency
                    _POOL.give(w)
                    kept = True
                    if kind == "missing":
                        raise MissingDependency(msg[1])
                    if kind != "ok" and pos < len(items):
                        bad = (
                            UnreadableFile.of("internal_error", msg[1])
                            if kind == "error"
                            else _failed(msg[1], msg[2], msg[2] is not None, budgets)
                        )
                        yield FileOutcome(ft, None, bad.code, bad.reason)
                        pos += 1
                    break
                if kind == "read_failed":
                    bad = _failed(msg[1], msg[2], msg[3], budgets)
                    out = FileOutcome(None, None, bad.code, bad.reason)
                elif kind == "blank":
                    out = FileOutcome(ft, None, blank=True)
                elif kind == "docs":
                    out = FileOutcome(ft, msg[1])
                else:  # extract_failed
                    bad = _failed(msg[1], msg[2], msg[3], budgets)
                    out = FileOutcome(ft, None, bad.code, bad.reason)
                pos += 1
                ft, reading, last = None, True, time.monotonic()
                yield out
        finally:
            if not kept:
                _POOL.discard(w)
