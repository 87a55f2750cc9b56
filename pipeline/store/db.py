"""Opening the archive database, creating its tables and migrating older ones.

Three ways in:

- :func:`connect` — the program's own connection. Read-write (only ever on a work copy,
  see :mod:`pipeline.store.archive`) creates missing tables and migrates; read-only
  keeps the snapshot it opened.
- :func:`open_guarded` — SQL a *user* types (``vanthu query``, the web app's box):
  read-only, fts loaded, then external access off and the configuration locked, so the
  SQL cannot write, ATTACH, COPY … TO, INSTALL/LOAD or read files.

Schema versions: ``schema_version`` holds one row per migration. A migration is
generic: every table and column of ``schemas/*.sql`` missing in the database is added
(``ALTER TABLE … ADD COLUMN``), so a branch that adds a column only adds it to the
.sql file (nullable, at the end of its table). A database from a newer vanthu (a
higher schema version) is refused with a clear message, never changed.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from importlib import resources
from pathlib import Path

import duckdb

from pipeline.errors import DatabaseError, MissingDependency

log = logging.getLogger(__name__)

# graph.sql is applied by pipeline.graph.build.rebuild_graph, which owns those tables;
# migrations still add its missing columns to graph tables that exist.
SCHEMA_FILES = ("tables.sql",)
MIGRATED_FILES = ("tables.sql", "graph.sql")

# 1: vanthu 0.1.0 (no schema_version table). 2: schema_version, files.error_code,
# skipped_paths. 3: no PRIMARY KEY on the tables that grow with the archive (UNKEYED).
# Raise it when a change needs more than added tables and columns.
SCHEMA_VERSION = 3

# The tables that grow with the archive, and their keys. They declare no PRIMARY KEY:
# DuckDB keeps one as an ART index and writes it out whole at every checkpoint, so each
# table a nightly run touched cost 0.1-0.7 s to write back on a 100,000-document archive
# (2.8 s of a 10-file night, growing with the archive; with no keys 0.01-0.02 s each).
# The keys are kept by the writers instead: a file's rows are deleted before its new rows
# are loaded (pipeline/store/load.py), the graph's rows of the documents it updates before
# it writes them (pipeline/graph/). tests/test_keys.py checks them after every kind of run.
UNKEYED: dict[str, tuple[str, ...]] = {
    "files": ("file_id",),
    "file_paths": ("path",),
    "pages": ("file_id", "page"),
    "ocr_words": ("file_id", "page", "seq"),
    "documents": ("doc_id",),
    "fields": ("doc_id", "name"),
    "signers": ("doc_id", "seq"),
    "arrivals": ("doc_id",),
    "citations": ("doc_id", "seq"),
    "deadlines": ("doc_id", "seq"),
    "nodes": ("target_key",),
    "doc_nodes": ("doc_id",),
    "edges": ("doc_id", "target_key"),
    "campaign_documents": ("campaign_id", "doc_id"),
    "graph_doc_state": ("doc_id",),
    "graph_cit_state": ("doc_id", "seq"),
}

VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version      INTEGER NOT NULL,
    applied_at   TIMESTAMP NOT NULL,
    note         VARCHAR
)"""


def _schema_text(name: str) -> str:
    res = resources.files("schemas").joinpath(name)
    return res.read_text(encoding="utf-8") if res.is_file() else ""


def schema_sql() -> str:
    return "\n".join(_schema_text(n) for n in SCHEMA_FILES)


# ---------------------------------------------------------------- migrations

_CREATE = re.compile(
    r"CREATE\s+TABLE\s+IF\s+NOT\s+EXISTS\s+(\w+)\s*\((.*?)\n\)\s*;", re.IGNORECASE | re.DOTALL
)
_CONSTRAINT = re.compile(r"^(PRIMARY|UNIQUE|FOREIGN|CHECK|CONSTRAINT)\b", re.IGNORECASE)
# What ADD COLUMN cannot take: a column added to existing rows must be nullable.
_NOT_ADDABLE = re.compile(r"\s+(NOT\s+NULL|PRIMARY\s+KEY|UNIQUE)\b", re.IGNORECASE)


def _split_top(body: str) -> list[str]:
    """Split a CREATE TABLE body at commas outside parentheses."""
    parts, depth, cur = [], 0, []
    for ch in body:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def declared_columns(sql: str) -> dict[str, list[tuple[str, str]]]:
    """{table: [(column, definition)]} of every CREATE TABLE in ``sql``."""
    sql = re.sub(r"--[^\n]*", "", sql)
    out: dict[str, list[tuple[str, str]]] = {}
    for m in _CREATE.finditer(sql):
        cols = []
        for part in _split_top(m.group(2)):
            if _CONSTRAINT.match(part):
                continue
            name, _, rest = part.partition(" ")
            cols.append((name.strip('"'), rest.strip()))
        out[m.group(1)] = cols
    return out


def repeated_keys(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """{table: keys held by more than one row, or empty} for the UNKEYED tables: what a
    PRIMARY KEY would have refused. ``vanthu verify`` reports them."""
    have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    out = {}
    for table, key in UNKEYED.items():
        if table not in have:
            continue
        cols = ", ".join(key)
        nulls = " OR ".join(f"{c} IS NULL" for c in key)
        n = con.execute(
            f"SELECT (SELECT count(*) FROM (SELECT 1 FROM {table} GROUP BY {cols}"
            f" HAVING count(*) > 1)) + (SELECT count(*) FROM {table} WHERE {nulls})"
        ).fetchone()[0]
        if n:
            out[table] = n
    return out


def _declared_creates() -> dict[str, str]:
    """{table: its CREATE TABLE statement} of every schema file (graph tables included)."""
    out = {}
    for name in MIGRATED_FILES:
        for m in _CREATE.finditer(_schema_text(name)):
            out[m.group(1)] = m.group(0)
    return out


def _keyed(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT table_name FROM duckdb_constraints()"
            " WHERE schema_name = 'main' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')"
        ).fetchall()
    }


def _drop_keys(con: duckdb.DuckDBPyConnection, existing: set[str]) -> list[str]:
    """Rewrite each UNKEYED table that still has its PRIMARY KEY (an archive of schema 2
    or older) as declared now, rows kept: DuckDB cannot drop a key in place. Returns what
    changed: the tables rewritten and the columns they gained."""
    creates = _declared_creates()
    done = []
    for table in sorted(_keyed(con) & set(UNKEYED) & existing):
        types = dict(_columns_of(con, table))  # in their order
        cols = list(types)
        old = f"{table}__keyed"
        con.execute(f"ALTER TABLE {table} RENAME TO {old}")
        con.execute(creates[table])
        now = {c for c, _ in _columns_of(con, table)}
        for c in cols:  # a column the declaration no longer has: kept
            if c not in now:
                con.execute(f'ALTER TABLE {table} ADD COLUMN "{c}" {types[c]}')
        names = ", ".join(f'"{c}"' for c in cols)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {old}")
        con.execute(f"DROP TABLE {old}")
        done.append(f"{table} without its index")
        done += [f"{table}.{c}" for c in sorted(now - set(cols))]  # declared since
    return done


def _columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """[(column, type)] of a main table, in order."""
    return con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema ="
        " 'main' AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()


def _existing_columns(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
    ).fetchall()
    out: dict[str, set[str]] = {}
    for t, c in rows:
        out.setdefault(t, set()).add(c)
    return out


def stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The archive's schema version; 1 for a database older than versioning, None if empty."""
    tables = _existing_columns(con)
    if "schema_version" in tables:
        v = con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        return int(v) if v is not None else 1
    return 1 if "files" in tables else None


def needs_migration(con: duckdb.DuckDBPyConnection, extra_sql: str = "") -> bool:
    """Would a read-write open change this database's schema? (read-only safe)"""
    if stored_version(con) != SCHEMA_VERSION:
        return True
    return bool(_missing(con, extra_sql, create_missing_tables=True))


def _missing(
    con: duckdb.DuckDBPyConnection, extra_sql: str, *, create_missing_tables: bool
) -> list[str]:
    have = _existing_columns(con)
    todo = []
    own = set(declared_columns(schema_sql()))
    for name in MIGRATED_FILES:
        for table, cols in declared_columns(_schema_text(name) + "\n" + extra_sql).items():
            if table not in have:
                if create_missing_tables and table in own:
                    todo.append(f"table {table}")
                continue
            for col, definition in cols:
                if col not in have[table]:
                    todo.append(f"{table}.{col} {definition}")
        extra_sql = ""
    return todo


def migrate(con: duckdb.DuckDBPyConnection, extra_sql: str = "") -> list[str]:
    """Bring an archive to this version's schema; returns what was added.

    ``extra_sql`` (CREATE TABLE statements) lets a test migrate towards a schema that
    is not (yet) in schemas/*.sql.
    """
    found = stored_version(con)
    if found is not None and found > SCHEMA_VERSION:
        raise DatabaseError(
            f"this archive was written by a newer vanthu (schema version {found}; this "
            f"vanthu knows up to {SCHEMA_VERSION}). Upgrade vanthu; the archive was not changed."
        )
    con.execute(VERSION_TABLE)
    before = set(_existing_columns(con))
    con.execute(schema_sql())
    if extra_sql:
        con.execute(extra_sql)
    added = [f"table {t}" for t in sorted(set(_existing_columns(con)) - before)]
    added += _drop_keys(con, before)
    have = _existing_columns(con)
    for name in MIGRATED_FILES:
        text = _schema_text(name) + ("\n" + extra_sql if name == "tables.sql" else "")
        for table, cols in declared_columns(text).items():
            if table not in have:
                continue  # graph tables: created by the graph stage
            for col, definition in cols:
                if col in have[table]:
                    continue
                addable = _NOT_ADDABLE.sub("", " " + definition).strip()
                con.execute(f'ALTER TABLE {table} ADD COLUMN "{col}" {addable}')
                have[table].add(col)
                added.append(f"{table}.{col}")
    if found is None and not (before - {"schema_version"}):
        added = ["new archive"]
    if found != SCHEMA_VERSION or added:
        note = ", ".join(added) if added else None
        con.execute(
            "INSERT INTO schema_version VALUES (?, ?, ?)", [SCHEMA_VERSION, dt.datetime.now(), note]
        )
        if found is not None and added != ["new archive"]:
            log.warning(
                "archive migrated from schema %s to %s: %s", found, SCHEMA_VERSION, note or "-"
            )
    return added


# ---------------------------------------------------------------- connections


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
    except OSError as exc:
        raise DatabaseError(f"cannot open database {path}: {exc.strerror or exc}") from exc
    if not read_only:
        try:
            migrate(con)
        except BaseException:
            con.close()
            raise
    return con


def fts_extension_path() -> Path:
    """The fts extension shipped as a wheel (``INSTALL fts`` would need the network)."""
    try:
        import duckdb_extension_fts
    except ImportError as e:  # pragma: no cover - pinned dependency
        raise MissingDependency("the duckdb-extension-fts wheel is not installed") from e
    base = Path(duckdb_extension_fts.__file__).parent / "extensions"
    p = base / ("v" + duckdb.__version__) / "fts.duckdb_extension"
    if not p.exists():
        found = sorted(base.glob("*/fts.duckdb_extension"))
        if not found:
            raise MissingDependency(f"no fts extension for duckdb {duckdb.__version__} in {base}")
        p = found[-1]
    return p


def open_guarded(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A connection for SQL that a user types: it can read the archive and nothing else.

    Read-only (no write, no CREATE); the fts extension is loaded first (search works),
    then ``enable_external_access = false`` (no ATTACH, COPY … TO, read_csv/read_text
    of files, INSTALL/LOAD) and ``lock_configuration = true`` (the SQL cannot turn it
    back on).
    """
    con = connect(path, read_only=True)
    try:
        con.execute(f"LOAD '{fts_extension_path()}'")
        con.execute("SET enable_external_access = false")
        con.execute("SET allow_community_extensions = false")
        con.execute("SET autoinstall_known_extensions = false")
        con.execute("SET autoload_known_extensions = false")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def cache_dir_for(db_path: str | Path) -> Path:
    """Derived state that is not in the database (OCR cache) lives beside it."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".cache")
