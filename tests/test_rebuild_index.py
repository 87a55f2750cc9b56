"""`vanthu rebuild` and `vanthu index`, and search between two indexes."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from pipeline.cli.main import app
from pipeline.graph.search import index_is_current, search
from pipeline.ingest import run_ingest

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
runner = CliRunner()


def _ingest(inbox: Path, db: Path, *names: str) -> None:
    for n in names:
        shutil.copy(SAMPLES / n, inbox / n)
    s = run_ingest(inbox, db, progress=False, jobs=1)
    assert not s.graph_error


def test_a_document_added_after_the_index_is_found_then_indexed(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "a.duckdb"
    inbox.mkdir()
    _ingest(inbox, db, "003_70d23884daef02f4.txt")
    result = runner.invoke(app, ["index", "--db", str(db)])
    assert result.exit_code == 0, result.output
    _ingest(inbox, db, "004_5a3cf1efe37867a9.txt")  # a nightly run: no index rebuild
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert not index_is_current(con)
        hits = search(con, "2749/UBND-NC")  # the new document's own number
        assert hits and hits[0].doc_id.startswith(_file_id_prefix(con, "004_"))
    finally:
        con.close()
    result = runner.invoke(app, ["index", "--db", str(db)])
    assert result.exit_code == 0 and "rebuilt" in result.output
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert index_is_current(con)
    finally:
        con.close()


def _file_id_prefix(con: duckdb.DuckDBPyConnection, stem: str) -> str:
    return con.execute(
        "SELECT left(file_id, 16) FROM files WHERE path LIKE ?", [f"%{stem}%"]
    ).fetchone()[0]


def test_rebuild_recomputes_the_graph_the_nightly_run_updated(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "a.duckdb"
    inbox.mkdir()
    _ingest(inbox, db, "000_fbaf2365db55772f.txt")
    _ingest(inbox, db, "003_70d23884daef02f4.txt", "004_5a3cf1efe37867a9.txt")
    con = duckdb.connect(str(db), read_only=True)
    before = con.execute("SELECT * FROM edges ORDER BY doc_id, target_key").fetchall()
    con.close()
    result = runner.invoke(app, ["rebuild", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "graph rebuilt" in result.output
    con = duckdb.connect(str(db), read_only=True)
    try:
        after = con.execute("SELECT * FROM edges ORDER BY doc_id, target_key").fetchall()
        assert index_is_current(con)
    finally:
        con.close()
    strip = [r[:4] for r in before], [r[:4] for r in after]  # doc_no: a surrogate numbering
    assert strip[0] == strip[1] and after
