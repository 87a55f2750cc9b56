"""Opening the archive database and creating its tables."""

from __future__ import annotations

import logging
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


def _fts_extension() -> Path | None:
    """The fts extension shipped in the duckdb-extension-fts wheel (INSTALL needs the net)."""
    try:
        import duckdb_extension_fts
    except ImportError:  # pragma: no cover - pinned dependency
        return None
    base = Path(duckdb_extension_fts.__file__).parent / "extensions"
    p = base / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    found = [p] if p.exists() else sorted(base.glob("*/fts.duckdb_extension"))
    return found[-1] if found else None


def open_guarded(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A connection for SQL typed by people (``vanthu query``, the web SQL box).

    Read-only; the fts extension loaded (so ``fts_main_documents.match_bm25`` works);
    then ``enable_external_access = false`` (no file, URL or extension can be read or
    written: ``read_csv('/etc/passwd')``, ``COPY ... TO``, ``ATTACH`` fail) and
    ``lock_configuration = true`` (the query cannot switch those back on).
    """
    con = connect(path, read_only=True)
    ext = _fts_extension()
    if ext is not None:
        try:
            con.execute(f"LOAD '{ext}'")
        except duckdb.Error as exc:  # search is a convenience here, not a requirement
            log.info("fts extension not loaded: %s", exc)
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con
