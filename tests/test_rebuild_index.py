"""`vanthu rebuild` and `vanthu index`, and search between two indexes."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli.main import app
from pipeline.graph.search import (
    index_is_current,
    ranked_sql,
    search,
    unindexed_count,
    unindexed_matches,
)
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


def test_an_ingest_never_builds_the_index_and_search_scans_until_one_is_built(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "a.duckdb"
    inbox.mkdir()
    _ingest(inbox, db, "003_70d23884daef02f4.txt", "004_5a3cf1efe37867a9.txt")
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert unindexed_count(con) is None  # a first run: no index at all
        hits = search(con, "Quảng Ngãi")  # found by a scan of the texts
        assert hits and any(h.doc_id.startswith(_file_id_prefix(con, "004_")) for h in hits)
    finally:
        con.close()


def test_index_if_behind_waits_for_enough_new_documents(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "a.duckdb"
    inbox.mkdir()
    _ingest(inbox, db, "003_70d23884daef02f4.txt")
    # no index yet: built whatever the threshold
    result = runner.invoke(app, ["index", "--db", str(db), "--if-behind", "100"])
    assert result.exit_code == 0 and "rebuilt" in result.output, result.output
    _ingest(inbox, db, "004_5a3cf1efe37867a9.txt")
    con = duckdb.connect(str(db), read_only=True)
    behind = unindexed_count(con)
    con.close()
    assert behind and behind < 100
    result = runner.invoke(app, ["index", "--db", str(db), "--if-behind", "100"])
    assert result.exit_code == 0 and "left as it is" in result.output, result.output
    result = runner.invoke(app, ["index", "--db", str(db), "--if-behind", str(behind)])
    assert result.exit_code == 0 and "rebuilt" in result.output, result.output
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert index_is_current(con)
    finally:
        con.close()


def test_a_document_missing_from_the_index_is_scored_as_the_index_scores_it(tmp_path):
    # Take a document out of the index's list of documents only (its terms and the
    # statistics stay): read by the path for new documents, it must get the score the
    # index's precomputed impacts give it.
    inbox, db = tmp_path / "inbox", tmp_path / "a.duckdb"
    inbox.mkdir()
    _ingest(inbox, db, "003_70d23884daef02f4.txt", "004_5a3cf1efe37867a9.txt")
    runner.invoke(app, ["index", "--db", str(db)])
    con = duckdb.connect(str(db))
    try:
        for q in ("Quảng Ngãi", "phòng chống tội phạm", "UBND tỉnh báo cáo"):
            sql, params = ranked_sql(con, q)
            indexed = dict(con.execute(sql, params).fetchall())
            assert indexed, q
            doc = max(indexed, key=indexed.get)
            con.execute("CREATE OR REPLACE TEMP TABLE kept AS FROM fts_main_documents.docs")
            con.execute("DELETE FROM fts_main_documents.docs WHERE name = ?", [doc])
            new = dict(unindexed_matches(con, q))
            assert new.keys() == {doc}, q
            assert new[doc] == pytest.approx(indexed[doc], rel=1e-9), q
            con.execute("DELETE FROM fts_main_documents.docs")
            con.execute("INSERT INTO fts_main_documents.docs FROM kept")
    finally:
        con.close()


def _desk_ids(db: Path, monkeypatch, **query) -> tuple[int, list[str]]:
    """Every page of the desk's documents list for ``query``: (total, doc ids in order)."""
    from pipeline.web import data

    monkeypatch.setattr(data, "PAGE_SIZE", 2)
    con = duckdb.connect(str(db), read_only=True)
    try:
        first = data.documents(con, data.DocQuery(**query))
        ids = [r["doc_id"] for r in first["rows"]]
        for page in range(2, first["pages"] + 1):
            ids += [
                r["doc_id"] for r in data.documents(con, data.DocQuery(page=page, **query))["rows"]
            ]
        return first["total"], ids
    finally:
        con.close()


@pytest.mark.parametrize("query", [{}, {"doc_type": "Báo cáo"}])
def test_the_desk_finds_documents_added_after_the_index_on_every_page(tmp_path, monkeypatch, query):
    inbox, db = tmp_path / "inbox", tmp_path / "a.duckdb"
    inbox.mkdir()
    for f in sorted((SAMPLES / "campaign").glob("*.txt"))[:3]:
        shutil.copy(f, inbox / f.name)
    _ingest(inbox, db)
    runner.invoke(app, ["index", "--db", str(db)])
    for f in sorted((SAMPLES / "campaign").glob("*.txt"))[3:]:
        shutil.copy(f, inbox / f.name)
    _ingest(inbox, db)  # a nightly run: these are not in the index
    con = duckdb.connect(str(db), read_only=True)
    try:
        new = {
            r[0]
            for r in con.execute(
                "SELECT doc_id FROM documents ANTI JOIN fts_main_documents.docs dc"
                " ON dc.name = documents.doc_id"
            ).fetchall()
        }
        where = "doc_type = 'Báo cáo'" if query else "TRUE"
        holding = {
            r[0]
            for r in con.execute(
                f"SELECT doc_id FROM documents WHERE {where} AND (lower(text) LIKE '%công an%'"
                " OR lower(subject) LIKE '%công an%')"
            ).fetchall()
        }
    finally:
        con.close()
    assert new & holding  # the case: new documents that hold the words
    total, ids = _desk_ids(db, monkeypatch, q="công an", **query)
    assert len(ids) == len(set(ids)) == total  # every page, no document twice
    assert holding <= set(ids)
    # after `vanthu index` the same documents are found
    runner.invoke(app, ["index", "--db", str(db)])
    assert set(_desk_ids(db, monkeypatch, q="công an", **query)[1]) == set(ids)


def test_the_desk_says_when_a_search_has_no_index_to_rank_by(tmp_path):
    from pipeline.web.app import create_app

    inbox, db = tmp_path / "inbox", tmp_path / "a.duckdb"
    inbox.mkdir()
    _ingest(inbox, db, "003_70d23884daef02f4.txt")
    client = create_app(db, corrections_path=tmp_path / "c.csv").test_client()
    body = client.get("/documents", query_string={"q": "Thanh Hóa"}).get_data(as_text=True)
    assert 'id="no-index"' in body and "vanthu index" in body
    assert 'id="no-index"' not in client.get("/documents").get_data(as_text=True)
    runner.invoke(app, ["index", "--db", str(db)])
    body = client.get("/documents", query_string={"q": "Thanh Hóa"}).get_data(as_text=True)
    assert 'id="no-index"' not in body and 'class="doc-link"' in body
