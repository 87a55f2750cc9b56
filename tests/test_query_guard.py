"""`vanthu query` can read the archive and nothing else (pipeline.store.db.open_guarded)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.store.db import open_guarded

ROOT = Path(__file__).resolve().parents[1]


def _query(sql: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli.main", "query", sql, "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def db(seeds_db) -> Path:
    return seeds_db


def test_reading_the_archive_and_searching_works(db):
    r = _query("SELECT count(*) AS n FROM documents", db)
    assert r.returncode == 0, r.stderr
    assert '"n":' in r.stdout
    con = open_guarded(db)
    # fts is loaded before the configuration is locked, so search still works
    hits = con.execute(
        "SELECT count(*) FROM documents WHERE fts_main_documents.match_bm25(doc_id, 'báo cáo') "
        "IS NOT NULL"
    ).fetchone()[0]
    con.close()
    assert hits > 0


@pytest.mark.parametrize(
    ("what", "sql_of"),
    [
        ("write", lambda t: "DELETE FROM documents"),
        ("create", lambda t: "CREATE TABLE x AS SELECT 1"),
        ("attach", lambda t: f"ATTACH '{t}/other.duckdb' AS other"),
        ("copy to", lambda t: f"COPY (SELECT 1) TO '{t}/x.csv'"),
        ("export", lambda t: f"EXPORT DATABASE '{t}/dump'"),
        ("install", lambda t: "INSTALL httpfs"),
        ("load", lambda t: f"LOAD '{t}/evil.duckdb_extension'"),
        ("read_text", lambda t: "SELECT * FROM read_text('/etc/hostname')"),
        ("read_csv", lambda t: "SELECT * FROM read_csv('/etc/passwd')"),
        ("glob", lambda t: "SELECT * FROM glob('/etc/*')"),
        ("unlock", lambda t: "SET enable_external_access = true"),
        ("unlock config", lambda t: "SET lock_configuration = false"),
    ],
)
def test_each_way_out_is_refused(db, tmp_path, what, sql_of):
    before = sorted(os.listdir(tmp_path))
    r = _query(sql_of(tmp_path), db)
    assert r.returncode != 0, f"{what} was allowed: {r.stdout}"
    assert "refused or failed" in r.stderr and "Traceback" not in r.stderr
    assert sorted(os.listdir(tmp_path)) == before  # nothing written


def test_the_guard_holds_for_a_connection_given_to_code(db):
    con = open_guarded(db)
    for sql in ("SET enable_external_access = true", "SELECT * FROM read_text('/etc/hostname')"):
        with pytest.raises(duckdb.Error):
            con.execute(sql)
    con.close()
