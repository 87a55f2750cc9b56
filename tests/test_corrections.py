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
