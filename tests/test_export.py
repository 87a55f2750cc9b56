"""`vanthu export` (Parquet, CSV, GraphML) and the guarded connection for people's SQL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET

import duckdb
import pytest

from pipeline.store import export as exp
from pipeline.store.db import open_guarded
from tests.conftest import ROOT

VANTHU = [sys.executable, "-m", "pipeline.cli.main"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}


def _run(*args, **kw):
    return subprocess.run(
        [*VANTHU, *args], capture_output=True, text=True, env=ENV, timeout=300, **kw
    )


def test_export_parquet_holds_every_table_with_its_rows_and_types(seeds_db, tmp_path):
    r = _run("export", "--format", "parquet", str(tmp_path / "out"), "--db", str(seeds_db))
    assert r.returncode == 0, r.stderr
    written = r.stdout.split()
    con = duckdb.connect(str(seeds_db), read_only=True)
    tables = exp.present_tables(con)
    assert {"documents", "citations", "nodes", "edges"} <= set(tables)
    assert sorted(written) == sorted(str(tmp_path / "out" / f"{t}.parquet") for t in tables)
    for t in ("documents", "citations", "edges"):
        n = con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        assert duckdb.sql(f"SELECT count(*) FROM '{tmp_path}/out/{t}.parquet'").fetchone()[0] == n
    kinds = {
        r[0]: r[1]
        for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{tmp_path}/out/documents.parquet'").fetchall()
    }
    assert kinds["issued_date"] == "DATE" and kinds["recipients"] == "VARCHAR[]"
    con.close()


def test_export_csv_has_a_header_and_every_row(seeds_db, tmp_path):
    r = _run("export", "--format", "csv", str(tmp_path), "--db", str(seeds_db))
    assert r.returncode == 0, r.stderr
    lines = (tmp_path / "citations.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("doc_id,seq,mention")
    n = duckdb.connect(str(seeds_db), read_only=True).sql("SELECT count(*) FROM citations")
    assert (
        len(duckdb.sql(f"SELECT * FROM '{tmp_path}/citations.csv'").fetchall()) == (n.fetchone()[0])
    )


def test_export_graphml_is_the_citation_graph(seeds_db, tmp_path):
    r = _run("export", "--format", "graphml", str(tmp_path), "--db", str(seeds_db))
    assert r.returncode == 0, r.stderr
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(tmp_path / exp.GRAPHML_NAME).getroot()
    graph = root.find("g:graph", ns)
    assert graph.get("edgedefault") == "directed"
    nodes = {n.get("id") for n in graph.findall("g:node", ns)}
    edges = [(e.get("source"), e.get("target")) for e in graph.findall("g:edge", ns)]
    con = duckdb.connect(str(seeds_db), read_only=True)
    assert nodes == {r[0] for r in con.execute("SELECT target_key FROM nodes").fetchall()}
    want = con.execute(
        "SELECT dn.target_key, e.target_key FROM edges e JOIN doc_nodes dn USING (doc_id)"
    ).fetchall()
    assert sorted(edges) == sorted(want) and all(s in nodes and t in nodes for s, t in edges)
    rel = graph.find("g:edge/g:data[@key='e_relation']", ns).text
    assert rel in {"answers", "based_on", "attached_to", "repeals", "amends", "cites"}
    con.close()


def test_export_refuses_an_unknown_format_without_a_traceback(seeds_db, tmp_path):
    r = _run("export", "--format", "xls", str(tmp_path), "--db", str(seeds_db))
    assert r.returncode == 2 and "unknown format" in r.stderr and "Traceback" not in r.stderr


def test_guarded_connection_reads_but_cannot_write_or_reach_files(seeds_db):
    con = open_guarded(seeds_db)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] > 0
    for sql in (
        "INSERT INTO runs (run_id, started_at) VALUES (999, now())",
        "SELECT * FROM read_text('/etc/hostname')",
        "COPY documents TO '/tmp/vanthu_guard_leak.csv'",
        "SET enable_external_access = true",
        "ATTACH ':memory:' AS other",
    ):
        with pytest.raises(duckdb.Error):
            con.execute(sql)
    # the full-text index is usable from the box (the fts extension is loaded first)
    con.execute(
        "SELECT count(*) FROM (SELECT fts_main_documents.match_bm25(doc_id, 'công an') AS s"
        " FROM documents) WHERE s IS NOT NULL"
    ).fetchone()
    con.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_vanthu_serve_answers_on_localhost_and_a_missing_archive_is_exit_5(seeds_db, tmp_path):
    r = _run("serve", "--db", str(tmp_path / "none.duckdb"))
    assert r.returncode == 5 and "no database" in r.stderr and "Traceback" not in r.stderr
    port = _free_port()
    p = subprocess.Popen(
        [*VANTHU, "serve", "--db", str(seeds_db), "--port", str(port)],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        body = None
        for _ in range(120):  # bounded: at most about a minute on a busy machine
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/documents", timeout=5) as u:
                    body = u.read().decode("utf-8")
                break
            except OSError:
                if p.poll() is not None:
                    break
                time.sleep(0.5)
        assert body is not None, p.stderr.read() if p.poll() is not None else "no answer"
        assert "Văn bản" in body and "Chỉ đọc" in body  # read-only unless told otherwise
    finally:
        p.terminate()
        p.wait(timeout=30)
