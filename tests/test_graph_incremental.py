"""The nightly graph update (pipeline.graph.incremental) gives the tables a full build gives.

The sample inbox is ingested in two runs, split at several places (and one file per run),
so the second run updates the graph of the first; a copy of the result is then rebuilt
whole, and every graph table must be the same (``doc_no`` aside: a surrogate numbering).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.graph.build import rebuild_graph
from pipeline.ingest import run_ingest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
# Text, web and Word samples: no OCR, so the test stays quick.
FILES = [
    *sorted(SAMPLES.glob("*.txt")),
    *sorted((SAMPLES / "campaign").glob("*.txt")),
    SAMPLES / "thong_bao_web.html",
    SAMPLES / "quyet_dinh_kem_danh_sach.docx",
]

GRAPH_QUERIES = {
    "nodes": "SELECT * FROM nodes ORDER BY target_key",
    "doc_nodes": "SELECT doc_id, target_key, node_id FROM doc_nodes ORDER BY doc_id",
    "edges": "SELECT doc_id, target_key, relation, mentions, node_id, strength FROM edges"
    " ORDER BY doc_id, target_key",
    "citation keys": "SELECT doc_id, seq, target_key FROM citations ORDER BY doc_id, seq",
    "campaigns": "SELECT * FROM campaigns ORDER BY campaign_id",
    "campaign documents": "SELECT * FROM campaign_documents ORDER BY ALL",
    "document state": "SELECT * FROM graph_doc_state ORDER BY doc_id",
    "citation state": "SELECT * FROM graph_cit_state ORDER BY doc_id, seq",
    "resolver": "SELECT * FROM graph_resolver ORDER BY ALL",
    # the desk's summaries, updated for what a night changed
    "facets": "SELECT * FROM doc_facets ORDER BY ALL",
    "answered": "SELECT * FROM answered ORDER BY ALL",
    "directing": "SELECT * FROM campaign_directing ORDER BY ALL",
}


def _tables(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in GRAPH_QUERIES.items()}
    finally:
        con.close()


def _full_copy(db: Path, tmp: Path) -> Path:
    full = tmp / "full.duckdb"
    shutil.copy(db, full)
    con = duckdb.connect(str(full))
    try:
        rebuild_graph(con, index_text=False)
    finally:
        con.close()
    return full


def _ingest_in_runs(tmp: Path, runs: list[list[Path]], caplog) -> tuple[Path, list[str]]:  # noqa: ANN001
    inbox, db = tmp / "inbox", tmp / "archive.duckdb"
    inbox.mkdir()
    full_builds = []
    for files in runs:
        for f in files:
            shutil.copy(f, inbox / f.name)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="pipeline.graph.incremental"):
            s = run_ingest(inbox, db, progress=False, jobs=1)
        assert not s.graph_error
        full_builds += [r.getMessage() for r in caplog.records if "full build" in r.getMessage()]
    return db, full_builds


@pytest.mark.parametrize("split", [1, 3, 5, 9])
def test_update_after_a_second_run_equals_a_full_build(tmp_path, caplog, split):
    db, full_builds = _ingest_in_runs(tmp_path, [FILES[:split], FILES[split:]], caplog)
    # the first run builds the graph whole; the second only updates it
    assert full_builds == ["citation graph: full build (no graph built yet)"]
    got, want = _tables(db), _tables(_full_copy(db, tmp_path))
    for name in GRAPH_QUERIES:
        assert got[name] == want[name], name
    assert got["campaign documents"], "the samples' campaign has members"


def test_one_file_a_night_equals_a_full_build(tmp_path, caplog):
    db, full_builds = _ingest_in_runs(tmp_path, [[f] for f in FILES], caplog)
    assert len(full_builds) == 1
    got, want = _tables(db), _tables(_full_copy(db, tmp_path))
    for name in GRAPH_QUERIES:
        assert got[name] == want[name], name


def test_a_night_with_nothing_new_leaves_the_graph_alone(tmp_path, caplog):
    db, _ = _ingest_in_runs(tmp_path, [FILES[:4]], caplog)
    before = _tables(db)
    s = run_ingest(tmp_path / "inbox", db, progress=False, jobs=1)
    assert s.files_new == 0 and not s.graph_error
    assert _tables(db) == before


def test_new_files_into_a_synthetic_archive_equal_a_full_build(tmp_path, caplog, monkeypatch):
    """Into an archive whose documents all name their province (the update then counts
    what they teach instead of reading them all), with a campaign of thousands."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from synth_archive import generate, write

    db = tmp_path / "archive.duckdb"
    con = duckdb.connect(str(db))
    write(con, generate(1500, 15000, seed=3))
    rebuild_graph(con, index_text=False)
    con.close()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in FILES:
        shutil.copy(f, inbox / f.name)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="pipeline.graph.incremental"):
        s = run_ingest(inbox, db, progress=False, jobs=1)
    assert not s.graph_error and s.files_new == len(FILES)
    assert not [r for r in caplog.records if "full build" in r.getMessage()]
    got, want = _tables(db), _tables(_full_copy(db, tmp_path))
    for name in GRAPH_QUERIES:
        assert got[name] == want[name], name
