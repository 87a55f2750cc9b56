"""Upgrades keep the archive: an archive made by vanthu 0.1.0 is migrated in place,
nothing of it is dropped; an archive of a newer vanthu is refused, unchanged."""

from __future__ import annotations

import hashlib
import lzma
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.errors import DatabaseError
from pipeline.ingest import run_ingest
from pipeline.store import db as dbmod

FIXTURE = Path(__file__).parent / "data" / "archive_v0"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

# Schema changes other branches of this round bring (issue 2's OCR word boxes and page
# decisions), as they would appear in schemas/tables.sql: the migration needs no code
# of theirs to add them.
FUTURE_SQL = """
CREATE TABLE IF NOT EXISTS future_notes (
    file_id     VARCHAR,
    note        VARCHAR
);
CREATE TABLE IF NOT EXISTS pages (
    file_id     VARCHAR NOT NULL,
    page        INTEGER NOT NULL,
    future_flag BOOLEAN
);
"""


def _old_archive(tmp_path: Path) -> Path:
    db = tmp_path / "archive.duckdb"
    db.write_bytes(lzma.decompress((FIXTURE / "archive.duckdb.xz").read_bytes()))
    return db


def _rows(db: Path, sql: str) -> list:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


KEPT = {
    "documents": "SELECT doc_id, doc_type, number, symbol, subject, text FROM documents ORDER BY 1",
    "files": "SELECT file_id, path, status, error FROM files ORDER BY 1",
    "citations": "SELECT doc_id, seq, mention, target_key FROM citations ORDER BY 1, 2",
    "fields": "SELECT doc_id, name, value, corrected FROM fields ORDER BY 1, 2",
    "corrections": "SELECT * FROM corrections ORDER BY 1, 2, 3",
    "runs": "SELECT run_id, files_seen FROM runs ORDER BY 1",
}


def test_an_archive_of_the_previous_release_is_migrated_and_keeps_everything(tmp_path):
    db = _old_archive(tmp_path)
    before = {k: _rows(db, q) for k, q in KEPT.items()}
    assert before["corrections"] and before["documents"]
    con = dbmod.connect(db, read_only=True)
    assert dbmod.stored_version(con) == 1 and dbmod.needs_migration(con)
    con.close()
    con = dbmod.connect(db)  # read-write: migrates
    added = dbmod.migrate(con)  # a second time: nothing more to do
    version = dbmod.stored_version(con)
    con.close()
    assert added == [] and version == dbmod.SCHEMA_VERSION
    assert {k: _rows(db, q) for k, q in KEPT.items()} == before
    cols = {
        r[0]
        for r in _rows(db, "SELECT column_name FROM duckdb_columns() WHERE table_name = 'files'")
    }
    assert "error_code" in cols
    assert _rows(db, "SELECT count(*) FROM skipped_paths") == [(0,)]
    note = _rows(db, "SELECT note FROM schema_version")[0][0]
    assert "files.error_code" in note and "table skipped_paths" in note
    # schema 3: the tables that grow with the archive lost their key's index, not a row
    keyed = {
        r[0]
        for r in _rows(
            db, "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        )
    }
    assert "documents" in _rows(db, "SELECT list(table_name) FROM duckdb_tables()")[0][0]
    assert not keyed & set(dbmod.UNKEYED) and "runs" in keyed
    assert "documents without its index" in note and "citations without its index" in note


def test_every_table_and_column_of_the_schema_files_is_added(tmp_path):
    db = _old_archive(tmp_path)
    con = dbmod.connect(db)
    want = dbmod.declared_columns(dbmod.schema_sql())
    have = {}
    for t, c in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main'"
    ).fetchall():
        have.setdefault(t, set()).add(c)
    con.close()
    for table, cols in want.items():
        assert {c for c, _ in cols} <= have[table], table


def test_columns_and_tables_added_since_the_fixture_are_migrated_without_code_of_their_own(
    tmp_path,
):
    """The fixture predates the per-page quality columns and the OCR word boxes (added in
    schemas/tables.sql only): opening it adds them, and keeps every page as it was."""
    db = _old_archive(tmp_path)
    pages_before = _rows(db, "SELECT file_id, page, text FROM pages ORDER BY 1, 2")
    cols = {
        r[0]
        for r in _rows(
            db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'pages'"
        )
    }
    assert not {"quality", "decision", "decision_reason"} & cols
    assert _rows(
        db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ocr_words'"
    ) == [(0,)]
    con = dbmod.connect(db)
    con.close()
    cols = {
        r[0]
        for r in _rows(
            db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'pages'"
        )
    }
    assert {"quality", "decision", "decision_reason"} <= cols
    assert _rows(db, "SELECT count(*) FROM ocr_words") == [(0,)]
    assert _rows(db, "SELECT file_id, page, text FROM pages ORDER BY 1, 2") == pages_before
    assert _rows(db, "SELECT count(*) FROM pages WHERE quality IS NULL") == [(len(pages_before),)]


def test_a_schema_not_yet_in_the_files_migrates_through_extra_sql(tmp_path):
    db = _old_archive(tmp_path)
    con = dbmod.connect(db)
    added = dbmod.migrate(con, extra_sql=FUTURE_SQL)
    con.close()
    assert "table future_notes" in added and "pages.future_flag" in added
    assert _rows(db, "SELECT count(*) FROM pages WHERE future_flag IS NULL") == _rows(
        db, "SELECT count(*) FROM pages"
    )


def test_a_nightly_run_on_the_old_archive_migrates_it_and_reads_only_new_files(tmp_path):
    db = _old_archive(tmp_path)
    box = tmp_path / "inbox"  # the fixture's inbox was `inbox` beside the database
    box.mkdir()
    for name in ("003_70d23884daef02f4.txt", "004_5a3cf1efe37867a9.txt"):
        shutil.copy2(SAMPLES / name, box / name)
    corrections = tmp_path / "corrections.csv"
    shutil.copy2(FIXTURE / "corrections.csv", corrections)
    before = _rows(db, KEPT["documents"])
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)  # paths are recorded relative to the working directory
    try:
        s = run_ingest("inbox", db, progress=False, corrections_path=corrections)
    finally:
        os.chdir(cwd)
    assert s.files_new == 0  # same content: not read again
    assert _rows(db, KEPT["documents"]) == before  # corrections still applied
    assert _rows(db, "SELECT max(version) FROM schema_version") == [(dbmod.SCHEMA_VERSION,)]


def test_an_archive_from_a_newer_vanthu_is_refused_and_left_unchanged(tmp_path):
    db = tmp_path / "a.duckdb"
    dbmod.connect(db).close()
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_version VALUES (?, now(), 'from the future')", [99])
    con.close()
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(DatabaseError) as exc:
        dbmod.connect(db)
    assert "newer vanthu" in str(exc.value) and "Upgrade vanthu" in str(exc.value)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
