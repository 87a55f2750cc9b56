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


_HANDLERS: dict[str, Callable] = {"read": _do_read, "extract": _do_extract, "call": _do_call}


# ---------------------------------------------------------------- in the parent


class _Worker:
    def __init__(self, memory_mb: int):
        ctx = _context()
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, memory_mb), daemon=False)
        self.proc.start()
        child.close()
        self.memory_mb = memory_mb

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

    def stop(self) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self.conn.send(None)
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

    def take(self, memory_mb: int) -> _Worker:
        while True:
            try:
                w = self.idle.get_nowait()
            except queue.Empty:
                w = _Worker(memory_mb)
                with self.lock:
                    self.all.append(w)
                return w
            if w.proc.is_alive() and w.memory_mb == memory_mb:
                return w
            self._forget(w)

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
        with self.lock:
            workers, self.all = self.all, []
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
