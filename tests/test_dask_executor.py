"""`vanthu ingest --executor dask`: files read on Dask workers, the archive of a local run."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.ingest import run_ingest

distributed = pytest.importorskip("distributed")

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
FILES = [
    *sorted(SAMPLES.glob("*.txt")),
    *sorted((SAMPLES / "campaign").glob("*.txt")),
    SAMPLES / "thong_bao_web.html",
    SAMPLES / "quyet_dinh_kem_danh_sach.docx",
]
# Every table of the archive, without what differs between two runs by nature
# (timestamps, the graph's surrogate document numbers).
TABLES = {
    "files": "SELECT file_id, path, size_bytes, media_type, pages, text_source, status, error"
    " FROM files ORDER BY file_id",
    "file_paths": "SELECT file_id, path, size_bytes, mtime FROM file_paths ORDER BY path",
    "pages": "SELECT * FROM pages ORDER BY file_id, page",
    "documents": "SELECT * FROM documents ORDER BY doc_id",
    "fields": "SELECT * FROM fields ORDER BY doc_id, name",
    "signers": "SELECT * FROM signers ORDER BY doc_id, seq",
    "arrivals": "SELECT * FROM arrivals ORDER BY doc_id",
    "citations": "SELECT * FROM citations ORDER BY doc_id, seq",
    "deadlines": "SELECT * FROM deadlines ORDER BY doc_id, seq",
    "nodes": "SELECT * FROM nodes ORDER BY target_key",
    "edges": "SELECT doc_id, target_key, relation, mentions FROM edges ORDER BY ALL",
    "campaign_documents": "SELECT * FROM campaign_documents ORDER BY ALL",
}


def _dump(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(sql).fetchall() for t, sql in TABLES.items()}
    finally:
        con.close()


def test_dask_run_gives_the_archive_of_a_local_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # paths are recorded relative to the working directory
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in FILES:
        shutil.copy(f, inbox / f.name)
    local = run_ingest(inbox, tmp_path / "local.duckdb", progress=False, jobs=1)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = run_ingest(
            inbox, tmp_path / "dask.duckdb", progress=False, executor="dask", scheduler=cluster
        )
    assert remote.files_new == local.files_new == len(FILES)
    assert remote.documents_new == local.documents_new > len(FILES)
    got, want = _dump(tmp_path / "dask.duckdb"), _dump(tmp_path / "local.duckdb")
    for t in TABLES:
        assert got[t] == want[t], t


def _two_texts(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in sorted(SAMPLES.glob("*.txt"))[:2]:
        shutil.copy(f, inbox / f.name)
    return inbox


def _codes(db: Path) -> set:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT error_code FROM files").fetchall()}
    finally:
        con.close()


def _ingest_past_the_file_budget(tmp_path: Path, *, daemon: bool):
    """Two texts ingested on a one-worker LocalCluster with a file budget no extraction
    can keep; ``daemon``: Dask's default, workers that may start no process."""
    import dask

    from pipeline.read.sandbox import Budgets

    inbox = _two_texts(tmp_path)
    with (
        dask.config.set({"distributed.worker.daemon": daemon}),
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
    ):
        return run_ingest(
            inbox,
            tmp_path / "dask.duckdb",
            progress=False,
            executor="dask",
            scheduler=cluster,
            budgets=Budgets(file_seconds=1e-6),
        )


def test_dask_workers_read_within_the_budgets_when_they_may_start_processes(tmp_path):
    s = _ingest_past_the_file_budget(tmp_path, daemon=False)
    # the extraction budget held on the cluster as it does at home: both files past it
    assert s.exit_code == 3 and len(s.quarantined_new) == 2
    assert _codes(tmp_path / "dask.duckdb") == {"file_timeout"}


def test_daemonic_dask_workers_read_without_budgets_and_the_run_says_so(tmp_path, caplog):
    s = _ingest_past_the_file_budget(tmp_path, daemon=True)
    assert s.files_new == 2 and not s.quarantined_new
    assert "DASK_DISTRIBUTED__WORKER__DAEMON=False" in caplog.text
