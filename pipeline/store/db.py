"""Opening the archive database and creating its tables."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import duckdb

from pipeline.errors import DatabaseError

log = logging.getLogger(__name__)

# graph.sql is applied by pipeline.graph.build.rebuild_graph, which owns those tables.
SCHEMA_FILES = ("tables.sql",)


def schema_sql() -> str:
    parts = []
    for name in SCHEMA_FILES:
        res = resources.files("schemas").joinpath(name)
        if res.is_file():
            parts.append(res.read_text(encoding="utf-8"))
    return "\n".join(parts)


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and, unless read-only, create or migrate) the archive at ``path``."""
    path = Path(path)
    if read_only and not path.exists():
        raise DatabaseError(f"no database at {path} (run `vanthu ingest` first)")
    try:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise DatabaseError(f"cannot open database {path}: {exc}") from exc
    if not read_only:
        con.execute(schema_sql())
    return con


def cache_dir_for(db_path: str | Path) -> Path:
    """Derived state that is not in the database (OCR cache) lives beside it."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".cache")


@contextlib.contextmanager
def archive_lock(db_path: str | Path, *, wait: bool) -> Iterator[None]:
    """The archive's writer lock ``<db>.lock`` (fcntl.flock) for the block.

    Minimal form used by ``vanthu watch``; the run itself takes it once the archive
    concurrency design (copy, load, replace) lands. Raises DatabaseError when another
    writer holds it and ``wait`` is false.
    """
    import fcntl
    import os

    lp = Path(db_path).with_name(Path(db_path).name + ".lock")
    lp.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lp, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as exc:
            raise DatabaseError(f"another ingest is running on {db_path}") from exc
        yield
    finally:
        os.close(fd)
