"""The keys of the tables that declare none (pipeline.store.db.UNKEYED) hold after every
kind of run: the writers keep them, as no index does."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from pipeline.cli.main import app
from pipeline.ingest import run_ingest
from pipeline.store import corrections as corr
from pipeline.store import db as dbmod

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def _duplicates(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dbmod.repeated_keys(con)
    finally:
        con.close()


def _ingest(inbox: Path, db: Path, **kw) -> None:
    s = run_ingest(inbox, db, progress=False, jobs=1, corrections_path=inbox.parent / "c.csv", **kw)
    assert not s.graph_error


def test_every_kind_of_run_keeps_the_keys(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "a.duckdb"
    inbox.mkdir()
    for f in sorted((SAMPLES / "campaign").glob("*.txt"))[:4]:
        shutil.copy(f, inbox / f.name)
    shutil.copy(SAMPLES / "003_70d23884daef02f4.txt", inbox / "003.txt")
    _ingest(inbox, db)  # first run: a full graph build
    assert _duplicates(db) == {}
    _ingest(inbox, db)  # nothing new
    assert _duplicates(db) == {}
    for f in sorted((SAMPLES / "campaign").glob("*.txt"))[4:]:  # a night's new files
        shutil.copy(f, inbox / f.name)
    shutil.copy(SAMPLES / "003_70d23884daef02f4.txt", inbox / "003-again.txt")  # same content
    _ingest(inbox, db)
    assert _duplicates(db) == {}
    os.rename(inbox / "003.txt", inbox / "003-moved.txt")  # a file moved
    p = inbox / "01_cv120_ubnd_chi_dao.txt"  # a file changed in place
    p.write_text(p.read_text(encoding="utf-8") + "\n\nNơi nhận:\n- Lưu: VT.\n", encoding="utf-8")
    _ingest(inbox, db)
    assert _duplicates(db) == {}
    con = duckdb.connect(str(db), read_only=True)
    file_id = con.execute("SELECT file_id FROM files WHERE path LIKE '%003%'").fetchone()[0]
    con.close()
    corr.append(tmp_path / "c.csv", corr.Correction(file_id, 1, "subject", "Về việc (sửa)"))
    _ingest(inbox, db)  # a correction: that file's rows written again
    _ingest(inbox, db, reextract_all=True)  # every file extracted again
    assert _duplicates(db) == {}
    result = CliRunner().invoke(app, ["rebuild", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert _duplicates(db) == {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] >= 8
    finally:
        con.close()


def test_the_check_finds_a_repeated_key(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "a.duckdb"
    inbox.mkdir()
    shutil.copy(SAMPLES / "003_70d23884daef02f4.txt", inbox / "003.txt")
    _ingest(inbox, db)
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO citations SELECT * FROM citations LIMIT 1")
    con.close()
    assert _duplicates(db) == {"citations": 1}
    result = CliRunner().invoke(app, ["verify", str(inbox), "--db", str(db)])
    assert result.exit_code == 8, result.output
    assert "citations: 1 key(s) held by more than one row" in result.output


def test_a_new_archive_keeps_no_index_on_the_tables_that_grow(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "a.duckdb"
    inbox.mkdir()
    shutil.copy(SAMPLES / "003_70d23884daef02f4.txt", inbox / "003.txt")
    _ingest(inbox, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        keyed = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
            ).fetchall()
        }
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()
    assert set(dbmod.UNKEYED) <= tables  # the graph's tables too
    assert not keyed & set(dbmod.UNKEYED)
