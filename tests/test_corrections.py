"""Archivists' corrections win in every later run and survive re-runs and new databases."""

from __future__ import annotations

import shutil

import duckdb

from pipeline.ingest import run_ingest
from pipeline.store import corrections as corr
from tests.conftest import SEEDS


def _q(db, sql, *params):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _file_id(db, name):
    return _q(db, "SELECT file_id FROM files WHERE path LIKE ?", f"%{name}")[0][0]


def test_a_field_correction_overrides_and_is_never_lost(inbox, tmp_path):
    shutil.copy2(SEEDS / "004_5a3cf1efe37867a9.txt", inbox / "cv.txt")
    db, csv = tmp_path / "a.duckdb", tmp_path / "corrections.csv"
    run_ingest(inbox, db, progress=False, corrections_path=csv)
    fid = _file_id(db, "cv.txt")
    assert _q(db, "SELECT place FROM documents")[0][0] == "Quảng Ngãi"
    corr.append(csv, corr.Correction(fid, 1, "place", "TP. Quảng Ngãi", note="test"))
    corr.append(csv, corr.Correction(fid[:12], 1, "issued_date", "2021-06-16"))

    run_ingest(inbox, db, progress=False, corrections_path=csv)  # the file itself is unchanged
    place, date, year = _q(db, "SELECT place, issued_date, issued_year FROM documents")[0]
    assert place == "TP. Quảng Ngãi" and str(date) == "2021-06-16" and year == 2021
    row = _q(db, "SELECT value, corrected, confidence FROM fields WHERE name = 'place'")[0]
    assert row == ("TP. Quảng Ngãi", True, 1.0)

    # a re-run keeps it; so does a brand-new database (an upgrade that starts cold)
    run_ingest(inbox, db, progress=False, corrections_path=csv)
    assert _q(db, "SELECT place FROM documents")[0][0] == "TP. Quảng Ngãi"
    db2 = tmp_path / "fresh.duckdb"
    run_ingest(inbox, db2, progress=False, corrections_path=csv, reextract_all=True)
    assert _q(db2, "SELECT place FROM documents")[0][0] == "TP. Quảng Ngãi"
    assert _q(db2, "SELECT count(*) FROM corrections")[0][0] == 2


def test_removing_a_correction_restores_the_extracted_value(inbox, tmp_path):
    shutil.copy2(SEEDS / "004_5a3cf1efe37867a9.txt", inbox / "cv.txt")
    db, csv = tmp_path / "a.duckdb", tmp_path / "corrections.csv"
    run_ingest(inbox, db, progress=False, corrections_path=csv)
    corr.append(csv, corr.Correction(_file_id(db, "cv.txt"), 1, "place", "X"))
    run_ingest(inbox, db, progress=False, corrections_path=csv)
    assert _q(db, "SELECT place FROM documents")[0][0] == "X"
    csv.write_text(",".join(corr.COLUMNS) + "\n", encoding="utf-8")
    run_ingest(inbox, db, progress=False, corrections_path=csv)
    assert _q(db, "SELECT place FROM documents")[0][0] == "Quảng Ngãi"


def test_corrections_split_and_merge_documents(inbox, tmp_path):
    shutil.copy2(SEEDS / "002_5bc98d156abd9872.txt", inbox / "kh.txt")
    db, csv = tmp_path / "a.duckdb", tmp_path / "corrections.csv"
    run_ingest(inbox, db, progress=False, corrections_path=csv)
    assert [r[0] for r in _q(db, "SELECT doc_type FROM documents ORDER BY ordinal")] == [
        "Kế hoạch",
        "Đề cương",
    ]
    fid = _file_id(db, "kh.txt")
    corr.append(csv, corr.Correction(fid, 2, "merge_with_previous", "yes"))
    run_ingest(inbox, db, progress=False, corrections_path=csv)
    assert [r[0] for r in _q(db, "SELECT doc_type FROM documents")] == ["Kế hoạch"]

    csv.unlink()
    corr.append(csv, corr.Correction(fid, 1, "split_before", "V. TỔ CHỨC THỰC HIỆN"))
    run_ingest(inbox, db, progress=False, corrections_path=csv)
    texts = [r[0] for r in _q(db, "SELECT text FROM documents ORDER BY ordinal")]
    assert len(texts) == 3
    assert texts[1].lstrip().startswith("V. TỔ CHỨC THỰC HIỆN")


def test_bad_rows_are_ignored_with_a_log_line(tmp_path, caplog):
    csv = tmp_path / "c.csv"
    csv.write_text(
        "file_id,ordinal,field,value\nnot-a-hash,1,place,X\nabcdef012345,one,place,X\n"
        "abcdef0123456789,2,place,Y\n",
        encoding="utf-8",
    )
    c = corr.load(csv)
    assert [(r.file_id, r.ordinal) for r in c.rows] == [("abcdef0123456789", 2)]
    assert "not a file hash" in caplog.text and "not a number" in caplog.text


def test_the_corrections_file_belongs_to_the_archive_not_the_working_directory(
    inbox, tmp_path, monkeypatch
):
    """`vanthu correct` and the next ingest use `<db stem>.corrections.csv` beside the
    database, whatever folder they are started in; --corrections still overrides."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    shutil.copy2(SEEDS / "004_5a3cf1efe37867a9.txt", inbox / "cv.txt")
    db = tmp_path / "arch" / "office.duckdb"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    run_ingest(inbox, db, progress=False)
    doc_id = _q(db, "SELECT doc_id FROM documents")[0][0]
    env = {**__import__("os").environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run(
        [sys.executable, "-m", "pipeline.cli.main", "correct", doc_id, "place", "Huế"]
        + ["--db", str(db)],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    own = tmp_path / "arch" / "office.corrections.csv"
    assert corr.path_for(db) == own
    assert own.exists() and not (elsewhere / "data").exists()
    assert ",place,Huế," in own.read_text(encoding="utf-8")
    run_ingest(inbox, db, progress=False)  # no --corrections: the archive's own file
    assert _q(db, "SELECT place FROM documents")[0][0] == "Huế"
    other = tmp_path / "other.csv"
    corr.append(other, corr.Correction(_file_id(db, "cv.txt"), 1, "place", "Vinh"))
    run_ingest(inbox, db, progress=False, corrections_path=other)
    assert _q(db, "SELECT place FROM documents")[0][0] == "Vinh"


def test_a_legacy_corrections_file_is_still_read_until_it_is_moved(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    legacy = tmp_path / "data" / "corrections.csv"
    corr.append(legacy, corr.Correction("a" * 64, 1, "place", "Huế"))
    db = tmp_path / "data" / "curated" / "archive.duckdb"
    assert corr.resolve(db) == corr.LEGACY_PATH
    assert [c.value for c in corr.load_for(db).rows] == ["Huế"]
    corr.append(corr.path_for(db), corr.Correction("b" * 64, 1, "place", "Vinh"))
    assert corr.resolve(db) == corr.path_for(db)
